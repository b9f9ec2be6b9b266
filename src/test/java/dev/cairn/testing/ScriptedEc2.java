package dev.cairn.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback EC2 endpoint that answers each {@code Action} with a scripted response, for the AWS
 * behaviours no local backend reproduces yet (a NAT gateway that fails, a subnet AWS refuses to
 * delete). Unscripted actions get EC2's {@code InvalidAction} error.
 */
public final class ScriptedEc2 implements AutoCloseable {

    private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private record Answer(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private final List<String> forms = new CopyOnWriteArrayList<>();

    public ScriptedEc2() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String action = "";
            for (String pair : form.split("&")) {
                if (pair.startsWith("Action=")) {
                    action = URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
                }
            }
            actions.add(action);
            forms.add(URLDecoder.decode(form, StandardCharsets.UTF_8));
            Answer answer = answers.getOrDefault(action, error(400, "InvalidAction", "not scripted: " + action));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code action} with {@code <ActionResponse>inner</ActionResponse>}. */
    public ScriptedEc2 ok(String action, String inner) {
        answers.put(action, new Answer(200, "<" + action + "Response xmlns=\"" + NS + "\"><requestId>req-1</requestId>"
                + inner + "</" + action + "Response>"));
        return this;
    }

    /**
     * Answers {@code action} of another query-protocol service (Auto Scaling, ELB) the way those
     * answer: {@code <ActionResponse><ActionResult>inner</ActionResult><ResponseMetadata>…}; the
     * SDK reads the result as the response's first child, so it cannot follow EC2's requestId.
     */
    public ScriptedEc2 okQuery(String action, String inner) {
        answers.put(action, new Answer(200, "<" + action + "Response><" + action + "Result>" + inner + "</" + action
                + "Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></" + action + "Response>"));
        return this;
    }

    /** Answers {@code action} with an EC2 error envelope. */
    public ScriptedEc2 fail(String action, int status, String code, String message) {
        answers.put(action, error(status, code, message));
        return this;
    }

    /** The actions received so far, in order. */
    public List<String> actions() {
        return List.copyOf(actions);
    }

    /** The decoded form bodies received so far ({@code Action=…&ClientToken=…}), in order. */
    public List<String> requests() {
        return List.copyOf(forms);
    }

    private static Answer error(int status, String code, String message) {
        return new Answer(status, "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error></Errors><RequestID>req-1</RequestID></Response>");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
