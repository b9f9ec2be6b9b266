package dev.cairn.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A client of the Sandbox's own control API ({@code /_sandbox/<name>}: not AWS, unsigned, JSON):
 * the practice load, the load balancers' loopback URLs, the practice hosted zone. Talks to a
 * served Sandbox at its endpoint, or to the embedded one a {@link Target} started.
 */
public final class SandboxControl {

    /** The control API answers from memory under the world lock: a slow answer means no Sandbox. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** {@code POST {"stack","cpu"}}: the CPU the stack's instances report. */
    public static final String LOAD = "load";
    /** {@code GET}: every load balancer with its listeners' loopback URLs. */
    public static final String LOAD_BALANCERS = "load-balancers";
    /** {@code POST {"domain"}}: a public hosted zone for a made-up domain, for HTTPS practice. */
    public static final String PRACTICE_ZONE = "practice-zone";
    /**
     * {@code POST {"repository","stack","branch","files"}}: the stack's local GitHub repository,
     * made with a first commit of {@code files} when its branch has none; {@code GET} lists them.
     */
    public static final String REPOSITORIES = "repositories";
    /** {@code POST {"repository","branch","message","files"}}: a commit over the branch, as a push. */
    public static final String REPOSITORY_COMMIT = "repositories/commit";
    /** {@code POST {"stack","name","region"}}: the GitHub connection's handshake, completed as a person would in the console. */
    public static final String CONNECTION_COMPLETE = "connections/complete";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final HttpClient http;

    /** @param endpoint the Sandbox's endpoint, {@code http://127.0.0.1:4566} */
    public SandboxControl(URI endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** {@code GET /_sandbox/<name>}. */
    public JsonNode get(String name) {
        return send(HttpRequest.newBuilder(uri(name)).timeout(TIMEOUT).GET().build(), name);
    }

    /** {@code POST /_sandbox/<name>} with {@code body} as JSON. */
    public JsonNode post(String name, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the request as JSON", e);
        }
        return send(HttpRequest.newBuilder(uri(name)).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), name);
    }

    private URI uri(String name) {
        String base = endpoint.toString().endsWith("/") ? endpoint.toString() : endpoint + "/";
        return URI.create(base + "_sandbox/" + name);
    }

    private JsonNode send(HttpRequest request, String name) {
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ControlException("cannot reach the Sandbox at " + endpoint + " (" + MyIpResolver.reason(e)
                    + "); is `cairn sandbox serve` running there?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted while calling the Sandbox at " + endpoint, e);
        }
        JsonNode body;
        try {
            body = r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new ControlException(endpoint + " answered /_sandbox/" + name + " with something that is not JSON"
                    + " (HTTP " + r.statusCode() + "); is it a Cairn Sandbox?", e);
        }
        if (r.statusCode() == 404 && !body.hasNonNull("error")) {
            throw new ControlException(endpoint + " has no /_sandbox/" + name + "; is it a Cairn Sandbox of this version?");
        }
        if (r.statusCode() / 100 != 2) {
            throw new ControlException(body.path("error").asText("HTTP " + r.statusCode()), r.statusCode());
        }
        return body;
    }

    /** A control call failed: the message says why in words (the Sandbox's own, when it gave one). */
    public static final class ControlException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public ControlException(String message, Throwable cause) {
            super(message, cause);
            this.status = 0;
        }

        public ControlException(String message) {
            this(message, 0);
        }

        public ControlException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status the Sandbox answered, or 0 when it did not answer. */
        public int status() {
            return status;
        }
    }
}
