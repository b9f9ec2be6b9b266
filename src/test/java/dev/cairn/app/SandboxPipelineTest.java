package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.step.pipeline.PipelineFiles;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Sandbox's GitHub stand-ins as the desktop app calls them, against a loopback server that
 * answers the control API's shapes ({@code /_sandbox/repositories}, {@code …/commit},
 * {@code /_sandbox/connections/complete}): "Commit a change" writes the sample page's next version
 * after the one the branch's head names, and the handshake names the stack.
 */
class SandboxPipelineTest {

    static final ObjectMapper JSON = new ObjectMapper();

    HttpServer server;
    URI endpoint;
    final List<String> posted = new ArrayList<>();
    String headMessage = "Initial commit: the sample app and its pipeline files";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/_sandbox/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer;
            int status = 200;
            if (path.equals("/_sandbox/repositories") && exchange.getRequestMethod().equals("GET")) {
                answer = JSON.writeValueAsString(JSON.createObjectNode().set("repositories", JSON.createArrayNode()
                        .add(JSON.createObjectNode().put("repository", "octo/frontend").put("stack", "demo")
                                .set("branches", JSON.createObjectNode().set("main",
                                        JSON.createObjectNode().put("id", "c0ffee").put("message", headMessage))))));
            } else if (path.equals("/_sandbox/repositories/commit")) {
                posted.add(body);
                answer = "{\"repository\":\"octo/frontend\",\"branch\":\"main\",\"head\":{\"id\":\"abc1234\"}}";
            } else if (path.equals("/_sandbox/connections/complete")) {
                posted.add(body);
                answer = "{\"connections\":[]}";
            } else {
                status = 404;
                answer = "{\"error\":\"no such control\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void commitChange_afterTheInitialCommit_writesVersionTwo() throws Exception {
        String id = SandboxPipeline.commitChange(endpoint, "demo", "octo/frontend", "main");

        assertThat(id).isEqualTo("abc1234");
        JsonNode sent = JSON.readTree(posted.get(0));
        assertThat(sent.path("repository").asText()).isEqualTo("octo/frontend");
        assertThat(sent.path("branch").asText()).isEqualTo("main");
        assertThat(sent.path("message").asText()).startsWith("Version 2");
        String page = sent.path("files").path(PipelineFiles.INDEX).asText();
        assertThat(PipelineFiles.version(page)).isEqualTo(2);
        assertThat(page).contains("demo");
    }

    @Test
    void commitChange_afterVersionFive_writesVersionSix() throws Exception {
        headMessage = "Version 5: the sample page says so";
        SandboxPipeline.commitChange(endpoint, "demo", "octo/frontend", "main");
        assertThat(PipelineFiles.version(JSON.readTree(posted.get(0)).path("files").path(PipelineFiles.INDEX).asText()))
                .isEqualTo(6);
    }

    @Test
    void commitChange_whenTheRepositoryIsMissing_failsSayingSo() {
        assertThatThrownBy(() -> SandboxPipeline.commitChange(endpoint, "demo", "octo/other", "main"))
                .isInstanceOf(SandboxControl.ControlException.class).hasMessageContaining("octo/other");
        assertThat(posted).isEmpty();
    }

    @Test
    void completeHandshake_namesTheStack() throws Exception {
        SandboxPipeline.completeHandshake(endpoint, "demo");
        assertThat(JSON.readTree(posted.get(0)).path("stack").asText()).isEqualTo("demo");
    }
}
