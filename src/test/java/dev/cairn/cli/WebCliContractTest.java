package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.step.BlueprintExample;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Web tier's command-line contract: {@code cairn sandbox load} (what it sends, its exit codes),
 * the plan's cost at desired and at max, the practice zone asked of an endpoint before planning,
 * and {@code status --output json} staying one object with its {@code web} fields. The served
 * Sandbox is stood in for by a loopback server that records what it is sent.
 */
class WebCliContractTest {

    private static final ObjectMapper STRICT_JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    Path dir;

    private HttpServer server;
    /** What the stand-in received: method, path and body of each request. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    private record Run(int exit, String out, String err) {}

    private static Run cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CairnCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A loopback server answering every {@code /_sandbox/<name>} with {@code status} and {@code body}. */
    private String standIn(int status, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/_sandbox/", exchange -> {
            String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + sent);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private Path blueprint(String yaml) throws Exception {
        Path file = dir.resolve("blueprint.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The guide's example with HTTPS uncommented. */
    private static String withHttps() {
        return BlueprintExample.demoYaml().replace("  # https:\n", "  https:\n")
                .replace("  #   domain: example.com", "    domain: example.com")
                .replace("  #   subdomain: autoscaling", "    subdomain: autoscaling");
    }

    @Test
    void sandboxLoad_withEndpoint_postsStackAndCpuAndSaysWhatChanged() throws Exception {
        String url = standIn(200, "{\"groups\":[{\"account\":\"000000000000\",\"region\":\"ap-northeast-2\","
                + "\"name\":\"demo-auto-scaling-group\",\"cpu\":99.0}]}");

        Run r = cairn("sandbox", "load", "--stack", "demo", "--cpu", "99", "--endpoint", url);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).startsWith("POST /_sandbox/load ");
        JsonNode sent = STRICT_JSON.readTree(received.get(0).substring("POST /_sandbox/load ".length()));
        assertThat(sent.path("stack").asText()).isEqualTo("demo");
        assertThat(sent.path("cpu").asDouble()).isEqualTo(99.0);
        assertThat(r.out()).contains("demo-auto-scaling-group").contains("99.0 % CPU").contains("--cpu 0");
    }

    @Test
    void sandboxLoad_whenNoGroupOfTheStack_exitsOneWithTheSandboxsWords() throws Exception {
        String url = standIn(404, "{\"error\":\"no Auto Scaling group is tagged cairn:stack=ghost\"}");

        Run r = cairn("sandbox", "load", "--stack", "ghost", "--cpu", "50", "--endpoint", url);

        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_FAILED);
        assertThat(r.err()).contains("error: no Auto Scaling group is tagged cairn:stack=ghost");
    }

    @Test
    void sandboxLoad_whenNothingListens_exitsOneSayingWhere() {
        Run r = cairn("sandbox", "load", "--stack", "demo", "--cpu", "50", "--endpoint", "http://127.0.0.1:1");

        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_FAILED);
        assertThat(r.err()).contains("cannot reach the Sandbox at http://127.0.0.1:1");
    }

    @Test
    void sandboxLoad_whenInputIsBad_exitsTwoBeforeAnyCall() throws Exception {
        String url = standIn(200, "{\"groups\":[]}");
        Run cpu = cairn("sandbox", "load", "--stack", "demo", "--cpu", "150", "--endpoint", url);
        Run name = cairn("sandbox", "load", "--stack", "Demo_Stack", "--cpu", "50", "--endpoint", url);
        Run notUrl = cairn("sandbox", "load", "--stack", "demo", "--cpu", "50", "--endpoint", "localhost");
        Run missing = cairn("sandbox", "load", "--stack", "demo");

        assertThat(cpu.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(cpu.err()).contains("--cpu 150.0 is not a percentage from 0 to 100");
        assertThat(name.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(name.err()).contains("--stack: name \"Demo_Stack\"");
        assertThat(notUrl.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(missing.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(received).isEmpty();
    }

    @Test
    void plan_whenWebTier_saysTheCostAtDesiredAndAtMax() throws Exception {
        Path bp = blueprint(BlueprintExample.demoYaml());

        Run text = cairn("plan", "--blueprint", bp.toString(), "--state-dir", dir.resolve("state").toString(), "--sandbox");
        Run json = cairn("plan", "--blueprint", bp.toString(), "--state-dir", dir.resolve("state").toString(), "--sandbox",
                "--output", "json");

        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("Whole stack: about \\$[0-9.]+ per hour with the Web tier at desired \\(1 instance\\), "
                + "\\$[0-9.]+ per hour at max \\(3 instances\\)\\.")
                .contains("+ web.load-balancer").contains("+ web.auto-scaling-group");
        JsonNode o = STRICT_JSON.readTree(json.out());
        JsonNode range = o.path("webHourlyUsd");
        assertThat(range.path("desired").asInt()).isEqualTo(1);
        assertThat(range.path("max").asInt()).isEqualTo(3);
        assertThat(range.path("atMax").decimalValue()).isGreaterThan(range.path("atDesired").decimalValue());
        assertThat(o.path("hourlyUsd").decimalValue()).isEqualByComparingTo(range.path("atDesired").decimalValue());
    }

    @Test
    void plan_whenHttpsAtAnEndpoint_asksItForThePracticeZoneFirst() throws Exception {
        String url = standIn(200, "{\"id\":\"Z123\",\"name\":\"example.com.\"}");
        Path bp = blueprint(withHttps());

        Run r = cairn("plan", "--blueprint", bp.toString(), "--state-dir", dir.resolve("state").toString(), "--endpoint", url);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(received).singleElement().satisfies(req -> {
            assertThat(req).startsWith("POST /_sandbox/practice-zone ");
            assertThat(req).contains("\"domain\":\"example.com\"");
        });
        assertThat(r.out()).contains("+ web.certificate").contains("+ web.dns-record[site]").contains("+ web.listener[https]");
    }

    @Test
    void plan_whenHttpsAndTheEndpointCannotMakeTheZone_failsSayingWhy() throws Exception {
        String url = standIn(400, "{\"error\":\"\\\"domain\\\" must be a domain name\"}");
        Path bp = blueprint(withHttps());

        Run r = cairn("plan", "--blueprint", bp.toString(), "--state-dir", dir.resolve("state").toString(), "--endpoint", url);

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("\"domain\" must be a domain name");
    }

    @Test
    void statusJson_whenWebTierNotBuilt_isOneObjectWithEmptyWebFields() throws Exception {
        Path bp = blueprint(BlueprintExample.demoYaml());

        Run r = cairn("status", "--blueprint", bp.toString(), "--state-dir", dir.resolve("state").toString(), "--sandbox",
                "--sandbox-data", dir.resolve("sandbox").toString(), "--output", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode o = STRICT_JSON.readTree(r.out());
        assertThat(o.path("stack").asText()).isEqualTo("demo");
        JsonNode web = o.path("web");
        assertThat(web.isObject()).isTrue();
        assertThat(web.has("url")).isTrue();
        assertThat(web.get("url").isNull()).isTrue();
        assertThat(web.get("autoScaling").isNull()).isTrue();
        assertThat(web.get("targets").isNull()).isTrue();
        // Nothing built, so nothing was asked: the embedded Sandbox was not even started.
        assertThat(dir.resolve("sandbox")).doesNotExist();
    }

    @Test
    void statusJson_whenNoWebSection_hasNoWebKey() throws Exception {
        Path bp = blueprint(dev.cairn.step.BlueprintYaml.writeCommented(BlueprintExample.demo()));

        Run r = cairn("status", "--blueprint", bp.toString(), "--state-dir", dir.resolve("state").toString(), "--output", "json");

        assertThat(r.exit()).isZero();
        assertThat(STRICT_JSON.readTree(r.out()).has("web")).isFalse();
    }
}
