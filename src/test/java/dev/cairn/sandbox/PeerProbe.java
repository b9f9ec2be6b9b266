package dev.cairn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.core.ServiceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A test-only service that asks other services' exported interfaces what a test wants to know,
 * as a real peer does ({@code call.peer(…)}, bound to the caller's account, region and clock), and
 * answers what they said. A test registers its operations and sends them with {@link #ask}.
 */
public final class PeerProbe {
    public static final String SIGNING_NAME = "cairn-test-probe";
    static final String TARGET_PREFIX = "CairnTestProbe";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PeerProbe() {
    }

    /** The probe with these operations; a {@code WRITES} effect saves what the peers changed. */
    public static ServiceDefinition service(Map<String, ServiceDefinition.JsonHandler> reads,
                                            Map<String, ServiceDefinition.JsonHandler> writes) {
        ServiceDefinition.Builder b = ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix(TARGET_PREFIX);
        reads.forEach((name, h) -> b.json(name, ServiceDefinition.Effect.READS, h));
        writes.forEach((name, h) -> b.json(name, ServiceDefinition.Effect.WRITES, h));
        return b.build();
    }

    /** Calls a probe operation as the default account in {@code region}; the answer's JSON, or the error's. */
    public static JsonNode ask(SandboxServer server, String region, String operation, Object body) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            var r = SignedHttp.send(server.endpoint(), SIGNING_NAME, region, "POST", "/",
                    Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", TARGET_PREFIX + "." + operation),
                    bytes);
            JsonNode out = JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
