package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.pipeline.PipelineFiles;
import dev.cairn.step.pipeline.PipelineSection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Pipeline step's commands: {@code pipeline files} writes the contract's files with the
 * target's account (the {@code ACCOUNT} placeholder and a warning without credentials), keeps an
 * app's own Dockerfile, and refuses a blueprint without a pipeline; {@code pipeline release}
 * exits non-zero when the release cannot run; {@code sandbox connect}/{@code commit} check their
 * input before any call.
 */
class PipelineCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CairnCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path blueprint(String yaml) throws Exception {
        Path bp = dir.resolve("bp.yaml");
        Files.writeString(bp, yaml);
        return bp;
    }

    private List<String> sandbox() {
        return new ArrayList<>(List.of("--sandbox", "--sandbox-data", dir.resolve("sandbox").toString(), "--state-dir",
                dir.resolve("state").toString()));
    }

    @Test
    void files_whenNoCredentials_writesTheFilesWithTheAccountPlaceholderAndWarns() throws Exception {
        Path bp = blueprint(BlueprintExample.demoYaml());
        Path out = dir.resolve("repo");
        Run r = cairn("pipeline", "files", "--blueprint", bp.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("warning: taskdef.json names the account as ACCOUNT");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("buildspec.yml", "appspec.yaml",
                    "taskdef.json", "Dockerfile", "index.html");
        }
        JsonNode td = JSON.readTree(out.resolve("taskdef.json").toFile());
        assertThat(td.get("executionRoleArn").asText()).isEqualTo("arn:aws:iam::ACCOUNT:role/cairn/demo/demo-task-execution");
        assertThat(r.out()).contains("wrote   " + out.resolve("buildspec.yml"), "Commit them to the root of demo/frontend on main");
        assertThat(Files.readString(out.resolve("appspec.yaml")))
                .isEqualTo(PipelineFiles.appspec(BlueprintExample.pipeline()));
    }

    @Test
    void files_onTheSandbox_namesItsAccountAndKeepsTheAppsOwnDockerfile() throws Exception {
        Path bp = blueprint(BlueprintExample.demoYaml());
        Path out = dir.resolve("repo");
        Files.createDirectories(out);
        Files.writeString(out.resolve("Dockerfile"), "FROM scratch\n");
        List<String> args = new ArrayList<>(List.of("pipeline", "files", "--blueprint", bp.toString(), "--out", out.toString()));
        args.addAll(sandbox());
        Run r = cairn(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).doesNotContain("warning");
        assertThat(Files.readString(out.resolve("Dockerfile"))).isEqualTo("FROM scratch\n");
        assertThat(r.out()).contains("kept    " + out.resolve("Dockerfile"));
        String account = JSON.readTree(out.resolve("taskdef.json").toFile()).get("executionRoleArn").asText()
                .replaceAll("arn:aws:iam::(\\d+):.*", "$1");
        assertThat(account).matches("\\d{12}");
    }

    @Test
    void files_whenBlueprintHasNoPipeline_isAUsageError() throws Exception {
        Path bp = blueprint(BlueprintYaml.writeCommented(BlueprintExample.networkOnly()));
        Run r = cairn("pipeline", "files", "--blueprint", bp.toString(), "--out", dir.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).contains("has no enabled pipeline section");
        assertThat(Files.exists(dir.resolve("x"))).isFalse();
    }

    @Test
    void files_whenBlueprintInvalid_namesTheFieldAndWritesNothing() throws Exception {
        Path bp = blueprint(BlueprintExample.demoYaml().replace("repository: demo/frontend", "repository: not-a-repo"));
        Run r = cairn("pipeline", "files", "--blueprint", bp.toString(), "--out", dir.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).contains("pipeline.source.repository \"not-a-repo\"", "[pipeline.repository]");
        assertThat(Files.exists(dir.resolve("x"))).isFalse();
    }

    @Test
    void release_whenThePipelineDoesNotExist_exitsOneWithAwsError() throws Exception {
        Path bp = blueprint(BlueprintExample.demoYaml());
        List<String> args = new ArrayList<>(List.of("pipeline", "release", "--blueprint", bp.toString()));
        args.addAll(sandbox());
        Run r = cairn(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(CairnCommand.EXIT_FAILED);
        assertThat(r.err()).startsWith("error: ");
        assertThat(r.out()).doesNotContain("started");
    }

    @Test
    void release_whenNoPipelineSection_isAUsageError() throws Exception {
        Path bp = blueprint(BlueprintYaml.writeCommented(BlueprintExample.guide().without(PipelineSection.KEY)));
        Run r = cairn("pipeline", "release", "--blueprint", bp.toString(), "--sandbox");
        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
    }

    @Test
    void sandboxCommit_whenRepositoryMalformed_isAUsageError() {
        Run r = cairn("sandbox", "commit", "--stack", "demo", "--repository", "nope", "--data", dir.toString());
        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).contains("--repository nope is not a GitHub owner/name");
    }

    @Test
    void sandboxConnect_whenStackNameInvalid_isAUsageError() {
        Run r = cairn("sandbox", "connect", "--stack", "Bad_Name", "--data", dir.toString());
        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).contains("--stack");
    }

    @Test
    void sandboxConnect_reportsEachConnectionItMadeAvailable() {
        Path data = dir.resolve("sandbox");
        String arn;
        try (dev.cairn.sandbox.SandboxServer server = dev.cairn.sandbox.SandboxServer.start(
                dev.cairn.sandbox.SandboxConfig.instant().withDataDir(data));
                dev.cairn.aws.AwsClients clients = dev.cairn.aws.AwsClients.sandbox(server.endpoint())) {
            arn = clients.codeConnections("ap-northeast-2").createConnection(r -> r.connectionName("demo-github")
                    .providerType("GitHub").tags(t -> t.key("cairn:stack").value("demo"))).connectionArn();
        }
        Run r = cairn("sandbox", "connect", "--stack", "demo", "--data", data.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(CairnCommand.EXIT_OK);
        assertThat(r.out()).contains("Connection demo-github (ap-northeast-2): AVAILABLE " + arn);
    }
}
