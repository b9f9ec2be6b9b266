package dev.cairn.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Sandbox's practice load ({@code POST /_sandbox/load {"stack": NAME, "cpu": PERCENT}}): the
 * CPU a stack's Auto Scaling groups' instances report, so target tracking scales them out and back
 * in as the guide's stress experiment does in AWS. Only a Sandbox answers it; AWS has no such
 * call (there the guide runs {@code stress} on an instance through the bastion).
 */
public final class SandboxLoad {

    /** The control path, under the Sandbox's endpoint. */
    public static final String PATH = "/_sandbox/load";
    /** A local control call answers at once; longer means the Sandbox is not there. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SandboxLoad() {}

    /**
     * Sets the CPU of every group tagged with the stack; returns the groups' names as the
     * Sandbox answers them. Fails with the Sandbox's own words when it refuses (no group of that
     * stack: 404).
     */
    public static List<String> set(URI endpoint, String stack, int cpu) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stack", stack);
        body.put("cpu", cpu);
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(PATH)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IOException(answer.path("error").asText("the Sandbox answered HTTP " + response.statusCode()));
        }
        List<String> groups = new ArrayList<>();
        answer.path("groups").forEach(g -> groups.add(g.path("name").asText()));
        return groups;
    }
}
