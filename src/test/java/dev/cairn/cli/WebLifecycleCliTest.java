package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.access.AccessSection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Web tier end to end on the embedded Sandbox, through the command line as a person runs it:
 * apply the guide's Network + Web tier with two instances (min 2: with no load, target tracking would
 * scale an idle group in to its min, as in AWS), {@code status --output json} gives the
 * loopback URL, the group's sizes and healthy targets, two requests are answered by two instances
 * (each page names its own), {@code sandbox load} reaches the stack's group, and destroy leaves
 * nothing.
 */
class WebLifecycleCliTest {

    private static final ObjectMapper STRICT_JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    Path dir;

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

    private Run stack(String verb, Path bp, String... more) {
        List<String> args = new ArrayList<>(List.of(verb, "--blueprint", bp.toString(), "--state-dir",
                dir.resolve("state").toString(), "--sandbox", "--sandbox-data", dir.resolve("sandbox").toString()));
        args.addAll(List.of(more));
        return cairn(args.toArray(String[]::new));
    }

    @Test
    void applyStatusCurlLoadDestroy_onTheEmbeddedSandbox() throws Exception {
        dev.cairn.step.web.WebSection w = BlueprintExample.web();
        String yaml = BlueprintYaml.writeCommented(BlueprintExample.fourSteps().without(AccessSection.KEY)
                .with(dev.cairn.step.web.WebSection.KEY, new dev.cairn.step.web.WebSection(true, w.image(), w.instanceType(), null,
                        w.loadBalancer(), null, new dev.cairn.step.web.WebSection.AutoScaling(2, 2, 3, 10, 70, 10))));
        assertThat(yaml).contains("desired: 2");
        Path bp = dir.resolve("web.yaml");
        Files.writeString(bp, yaml);

        Run apply = stack("apply", bp, "--yes");
        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();

        Run status = stack("status", bp, "--output", "json");
        assertThat(status.exit()).as(status.err()).isZero();
        JsonNode web = STRICT_JSON.readTree(status.out()).path("web");
        assertThat(web.path("autoScaling").path("min").asInt()).isEqualTo(2);
        assertThat(web.path("autoScaling").path("desired").asInt()).isEqualTo(2);
        assertThat(web.path("autoScaling").path("max").asInt()).isEqualTo(3);
        assertThat(web.path("autoScaling").path("inService").asInt()).isEqualTo(2);
        assertThat(web.path("targets").path("healthy").asInt()).isEqualTo(2);
        assertThat(web.path("targets").path("unhealthy").asInt()).isZero();
        String url = web.path("url").asText();
        assertThat(url).startsWith("http://127.0.0.1:");

        // The loopback listener lives while a Sandbox serves this data: start one as `status` did.
        try (var server = dev.cairn.sandbox.SandboxServer.start(dev.cairn.sandbox.SandboxConfig.instant()
                .withDataDir(dir.resolve("sandbox")))) {
            var control = new dev.cairn.app.SandboxControl(server.endpoint());
            String loopback = null;
            for (JsonNode lb : control.get(dev.cairn.app.SandboxControl.LOAD_BALANCERS)) {
                for (JsonNode l : lb.path("listeners")) {
                    if (l.path("port").asInt() == 80) {
                        loopback = l.path("url").asText();
                    }
                }
            }
            assertThat(loopback).isNotNull();
            HttpClient http = HttpClient.newHttpClient();
            List<String> pages = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(loopback)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                pages.add(r.body());
            }
            assertThat(pages.get(0)).containsPattern("Hello from i-[0-9a-f]+").contains("Zone: ap-northeast-2");
            assertThat(pages.get(0)).as("two requests, two instances").isNotEqualTo(pages.get(1));
        }

        Run load = cairn("sandbox", "load", "--stack", "demo", "--cpu", "99", "--data", dir.resolve("sandbox").toString());
        assertThat(load.exit()).as(load.err()).isZero();
        assertThat(load.out()).contains("demo-auto-scaling-group");

        Run text = stack("status", bp);
        assertThat(text.out()).contains("How to use:").contains("for i in 1 2; do curl -s http://127.0.0.1:")
                .contains("cairn sandbox load --stack demo --cpu 99")
                // The embedded Sandbox's loopback port closes with the command: say how to keep it open.
                .contains("keep one serving the same data with `cairn sandbox serve`");

        Run destroy = stack("destroy", bp, "--yes");
        assertThat(destroy.exit()).as(destroy.out() + destroy.err()).isZero();
    }

    /**
     * HTTPS offline: the apply asks the Sandbox for the practice zone of a made-up domain, the
     * certificate is issued through its validation record, and port 80 answers with a redirect.
     */
    @Test
    void applyWithHttps_makesThePracticeZoneAndRedirectsPort80() throws Exception {
        dev.cairn.step.web.WebSection w = BlueprintExample.web();
        String yaml = BlueprintYaml.writeCommented(BlueprintExample.fourSteps().without(AccessSection.KEY)
                .with(dev.cairn.step.web.WebSection.KEY, new dev.cairn.step.web.WebSection(true, w.image(), w.instanceType(), null,
                        w.loadBalancer(), new dev.cairn.step.web.WebSection.Https("cairn-practice.test", null), w.autoScaling())));
        Path bp = dir.resolve("https.yaml");
        Files.writeString(bp, yaml);

        Run apply = stack("apply", bp, "--yes");
        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();

        Run status = stack("status", bp, "--output", "json");
        JsonNode web = STRICT_JSON.readTree(status.out()).path("web");
        assertThat(web.path("url").asText()).startsWith("http://127.0.0.1:");
        assertThat(web.path("targets").path("healthy").asInt()).isEqualTo(1);
        Run text = stack("status", bp);
        assertThat(text.out()).contains("for i in 1 2; do curl -s -L http://127.0.0.1:");

        Run destroy = stack("destroy", bp, "--yes");
        assertThat(destroy.exit()).as(destroy.out() + destroy.err()).isZero();
    }
}
