package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CairnCommand;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.step.pipeline.PipelineFiles;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sandbox's local GitHub through its control API: "Commit a change" reads the sample page of
 * the branch's newest commit and pushes the next version ({@code cairn sandbox commit} too); a
 * repository that does not exist is refused with how to make it.
 */
class PipelineSandboxTest {

    @TempDir
    Path dir;

    @Test
    void commitNextVersion_readsThePageAndPushesVersionNPlusOne() {
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withPort(0).withDataDir(dir))) {
            SandboxControl control = new SandboxControl(server.endpoint());
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("repository", "demo/frontend").put("stack", "demo")
                    .put("branch", "main");
            body.putObject("files").put(PipelineFiles.INDEX, PipelineFiles.indexHtml("demo", 1))
                    .put(PipelineFiles.DOCKERFILE, PipelineFiles.dockerfile());
            JsonNode made = control.post(SandboxControl.REPOSITORIES, body);
            String cloneUrl = made.path("cloneUrl").asText();
            assertThat(cloneUrl).startsWith("file:");

            JsonNode second = PipelineSandbox.commitNextVersion(control, "demo/frontend", "main", "demo", null);
            assertThat(second.path("head").path("message").asText()).isEqualTo("Version 2");
            assertThat(PipelineSandbox.readFile(Path.of(URI.create(cloneUrl)), "main", PipelineFiles.INDEX))
                    .hasValueSatisfying(html -> assertThat(PipelineFiles.version(html)).isEqualTo(2));

            int exit = CairnCommand.run("sandbox", "commit", "--stack", "demo", "--endpoint", server.endpoint().toString(),
                    "--message", "Third");
            assertThat(exit).isZero();
            assertThat(PipelineSandbox.readFile(Path.of(URI.create(cloneUrl)), "main", PipelineFiles.INDEX))
                    .hasValueSatisfying(html -> assertThat(html).contains("<h1>Version 3</h1>"));
            // The Dockerfile is untouched: a commit changes only the page.
            assertThat(PipelineSandbox.readFile(Path.of(URI.create(cloneUrl)), "main", PipelineFiles.DOCKERFILE))
                    .contains(PipelineFiles.dockerfile());
        }
    }

    @Test
    void prepare_onTheSandbox_makesTheRepositoryWithTheSampleAppAndFilesOnce() {
        dev.cairn.model.Blueprint bp = dev.cairn.step.BlueprintYaml.withDefaults(dev.cairn.step.BlueprintExample.guide());
        try (Target target = Target.embeddedSandbox(dir, SandboxConfig.instant())) {
            PipelineSandbox.Repository first = PipelineSandbox.prepare(target, bp).orElseThrow();
            assertThat(first.name()).isEqualTo("demo/frontend");
            assertThat(first.created()).isTrue();
            assertThat(first.head()).isNotEmpty();
            Path git = Path.of(URI.create(first.cloneUrl()));
            String account = target.identity(bp.region()).account();
            for (var f : PipelineFiles.files(bp, account, true).entrySet()) {
                assertThat(PipelineSandbox.readFile(git, "main", f.getKey())).as(f.getKey()).contains(f.getValue());
            }
            // Applied again: the repository and its history are left as they are.
            PipelineSandbox.Repository again = PipelineSandbox.prepare(target, bp).orElseThrow();
            assertThat(again.created()).isFalse();
            assertThat(again.head()).isEqualTo(first.head());
            // Nothing to do without a pipeline.
            assertThat(PipelineSandbox.prepare(target, bp.without(dev.cairn.step.pipeline.PipelineSection.KEY))).isEmpty();
        }
    }

    @Test
    void commitNextVersion_whenNoRepository_saysToApplyFirst() {
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withPort(0).withDataDir(dir))) {
            SandboxControl control = new SandboxControl(server.endpoint());
            assertThatThrownBy(() -> PipelineSandbox.commitNextVersion(control, "demo/none", "main", "demo", null))
                    .isInstanceOf(SandboxControl.ControlException.class).hasMessageContaining("apply the stack first");
        }
    }
}
