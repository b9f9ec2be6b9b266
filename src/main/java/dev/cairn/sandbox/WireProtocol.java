package dev.cairn.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One AWS wire protocol: how to recognise its requests, how to answer them, and its error
 * envelope. The server tries its protocols in order; adding awsJson or restXml services
 * means adding a protocol (or a service to one), not touching the chain.
 */
interface WireProtocol {

    /** The raw HTTP request as the chain sees it. Header names are lower-case. */
    record HttpRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The answer: status, content type, body. */
    record HttpResponse(int status, String contentType, String body) {
        static HttpResponse xml(int status, String body) {
            return new HttpResponse(status, "text/xml;charset=UTF-8", body);
        }
    }

    /** The parts of a request every protocol shares, resolved once by the protocol. */
    record Target(String service, String action, AwsRequest request) {
    }

    /** Whether this protocol recognises the request (e.g. by header or body shape). */
    boolean accepts(HttpRequest http);

    /** Resolves service, region, account and parameters; never throws for unknown services. */
    Target resolve(HttpRequest http, String requestId);

    /** Answers the request (the server maps thrown {@link AwsException}s through {@link #error}). */
    HttpResponse dispatch(Target target);

    /** Whether the call may change state, so the server persists after it. */
    boolean mutates(Target target);

    /** The protocol's (and service's) error envelope. */
    HttpResponse error(Target target, AwsException error, String requestId);

    /** The protocol's throttling answer (the SDK retries it). */
    AwsException throttling(Target target);
}
