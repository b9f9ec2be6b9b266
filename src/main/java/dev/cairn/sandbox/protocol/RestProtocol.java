package dev.cairn.sandbox.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpRequest;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.Xml;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * restJson1 and restXml: the operation is found by method, path and the query keys and headers
 * present ({@link ServiceDefinition.Route}); path labels are handed to the handler, which returns
 * the whole answer (status, headers, bytes). For S3 ({@link ServiceDefinition#bucketHosts()}) a
 * virtual-hosted request ({@code bucket.localhost/key}) is read as path-style first.
 *
 * <p>Errors: restJson1 sends the code in {@code X-Amzn-ErrorType} and a JSON body; restXml sends
 * S3's bare {@code <Error>} for S3 and {@code <ErrorResponse><Error>} (Route 53's) for others.
 */
final class RestProtocol implements Protocol {
    static final RestProtocol JSON = new RestProtocol(false);
    static final RestProtocol XML = new RestProtocol(true);
    /** S3 hosts of AWS: {@code bucket.s3.amazonaws.com}, {@code bucket.s3.ap-northeast-2.amazonaws.com}, … */
    private static final Pattern AWS_BUCKET_HOST = Pattern.compile("^(.+)\\.s3([.-][a-z0-9-]+)*\\.amazonaws\\.com$");
    private static final String LOCAL_SUFFIX = ".localhost";

    private final boolean xml;

    private RestProtocol(boolean xml) {
        this.xml = xml;
    }

    @Override
    public Call.Input parse(HttpRequest http, ServiceDefinition service) {
        HttpRequest request = service.bucketHosts() ? pathStyle(http) : http;
        ServiceDefinition.Operation best = null;
        Map<String, String> labels = null;
        int bestScore = -1;
        Map<String, String> query = request.queryParameters();
        for (ServiceDefinition.Operation op : service.operations().values()) {
            ServiceDefinition.Route route = op.route();
            if (!route.method().equals(request.method()) || !query.keySet().containsAll(route.queryKeys())
                    || !route.headers().stream().allMatch(h -> request.header(h) != null)) {
                continue;
            }
            Map<String, String> matched = match(route.pathTemplate(), request.path());
            int score = (route.queryKeys().size() + route.headers().size()) * 1000 + literalLength(route.pathTemplate());
            if (matched != null && score > bestScore) {
                best = op;
                labels = matched;
                bestScore = score;
            }
        }
        if (best == null) {
            throw service.unknownOperation(request.method() + " " + request.path());
        }
        JsonNode body = !xml && request.body().length() > 0 ? JsonProtocol.body(request) : null;
        return Call.Input.rest(best.name(), labels, body);
    }

    /**
     * A virtual-hosted S3 request as path-style: {@code Host: b.localhost}, {@code /k} → {@code /b/k}.
     * IP hosts and {@code localhost} itself are path-style already.
     */
    static HttpRequest pathStyle(HttpRequest http) {
        String host = http.hostName();
        String bucket = null;
        Matcher aws = AWS_BUCKET_HOST.matcher(host);
        if (aws.matches()) {
            bucket = aws.group(1);
        } else if (host.endsWith(LOCAL_SUFFIX) && host.length() > LOCAL_SUFFIX.length()) {
            bucket = host.substring(0, host.length() - LOCAL_SUFFIX.length());
        }
        return bucket == null ? http : http.withPath("/" + bucket + (http.path().isEmpty() ? "/" : http.path()));
    }

    /** The labels of a path matched against a template ({@code /{Bucket}/{Key+}}); null when it does not match. */
    static Map<String, String> match(String template, String rawPath) {
        StringBuilder regex = new StringBuilder("^");
        Map<Integer, String> names = new LinkedHashMap<>();
        Matcher label = Pattern.compile("\\{([A-Za-z0-9]+)(\\+?)}").matcher(template);
        int last = 0;
        while (label.find()) {
            regex.append(Pattern.quote(template.substring(last, label.start())));
            regex.append(label.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            names.put(names.size() + 1, label.group(1));
            last = label.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        // "/bucket" and "/bucket/" name the same resource; a greedy label keeps its trailing slash.
        if (!template.endsWith("+}") && !template.endsWith("/")) {
            regex.append("/?");
        }
        Matcher m = Pattern.compile(regex.append('$').toString()).matcher(rawPath);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        names.forEach((group, name) -> out.put(name, percentDecode(m.group(group))));
        return out;
    }

    private static int literalLength(String template) {
        return template.replaceAll("\\{[^}]*}", "").length();
    }

    /** RFC 3986 percent-decoding of a path segment ({@code +} stays a plus, unlike form decoding). */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hex = c == '%' && i + 2 < s.length() ? HexFormat.fromHexDigits(s, i + 1, i + 3) : -1;
            if (hex >= 0) {
                out.write(hex);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public HttpResponse invoke(Call call, ServiceDefinition.Operation operation) {
        HttpResponse answer = ((ServiceDefinition.RestHandler) operation.handler()).handle(call);
        return answer.withHeader(requestIdHeader(call.service()), call.requestId());
    }

    private static String requestIdHeader(ServiceDefinition service) {
        return service != null && service.bucketHosts() ? "x-amz-request-id" : "x-amzn-RequestId";
    }

    @Override
    public HttpResponse error(ServiceDefinition service, AwsException error, String requestId) {
        if (!xml) {
            ObjectNode body = JsonProtocol.JSON.createObjectNode();
            body.put("__type", error.code());
            body.put("message", error.getMessage());
            return HttpResponse.text(error.status(), "application/json", body.toString())
                    .withHeader("X-Amzn-ErrorType", error.code()).withHeader(requestIdHeader(service), requestId);
        }
        Xml x = new Xml();
        if (service == null || service.bucketHosts()) {
            x.root("Error", null).el("Code", error.code()).el("Message", error.getMessage()).el("RequestId", requestId);
        } else {
            x.root("ErrorResponse", service.xmlNamespace()).start("Error")
                    .el("Type", error.status() >= 500 ? "Receiver" : "Sender")
                    .el("Code", error.code()).el("Message", error.getMessage()).end().el("RequestId", requestId);
        }
        HttpResponse answer = HttpResponse.xml(error.status(), x.end().toString())
                .withHeader(requestIdHeader(service), requestId);
        for (Map.Entry<String, String> h : error.headers().entrySet()) {
            answer = answer.withHeader(h.getKey(), h.getValue());
        }
        return answer;
    }

    @Override
    public AwsException throttling(ServiceDefinition service) {
        return xml ? new AwsException("SlowDown", "Please reduce your request rate.", 503)
                : new AwsException("ThrottlingException", "Rate exceeded", 429);
    }
}
