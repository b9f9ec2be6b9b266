package dev.cairn.sandbox.git;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.SandboxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The Sandbox's control API over HTTP, as the GUI and the CLI call it. */
public final class Control {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status and JSON body. */
    public record Answer(int status, JsonNode body) {}

    private Control() {
    }

    public static Answer post(SandboxServer server, String path, Object body) {
        try {
            return send(server, path, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)), "POST");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Answer get(SandboxServer server, String path) {
        return send(server, path, HttpRequest.BodyPublishers.noBody(), "GET");
    }

    private static Answer send(SandboxServer server, String path, HttpRequest.BodyPublisher body, String method) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/_sandbox/" + path))
                .method(method, body).header("Content-Type", "application/json").build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
