package dev.cairn.sandbox.codebuild;

import dev.cairn.sandbox.DemoRoles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI v2 against the Sandbox's CodeBuild: a project, a build, its phases, and an error as the CLI prints it. */
class CodeBuildCliV2Test {
    private static final String REGION = "ap-northeast-2";

    @TempDir
    Path home;
    private SandboxServer server;

    @BeforeEach
    void start() {
        AwsCli.assumeV2();
        server = SandboxServer.start(SandboxConfig.instant());
        DemoRoles.create(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private AwsCli.Result aws(String... args) {
        return AwsCli.run(server, home, REGION, args);
    }

    @Test
    void awsCli_createProjectStartBuildAndBatchGetBuilds() {
        JsonNode created = aws("codebuild", "create-project", "--name", "cli-build",
                "--source", "{\"type\":\"NO_SOURCE\",\"buildspec\":\"version: 0.2\\nphases:\\n  build:\\n    commands:\\n"
                        + "      - echo from the cli\\n\"}",
                "--artifacts", "type=NO_ARTIFACTS",
                "--environment", "type=LINUX_CONTAINER,image=aws/codebuild/standard:7.0,computeType=BUILD_GENERAL1_SMALL",
                "--service-role", "arn:aws:iam::000000000000:role/cairn/demo/demo-codebuild",
                "--tags", "key=cairn:stack,value=cli").json();
        assertThat(created.path("project").path("arn").asText())
                .isEqualTo("arn:aws:codebuild:ap-northeast-2:000000000000:project/cli-build");

        assertThat(aws("codebuild", "list-projects").json().path("projects").get(0).asText()).isEqualTo("cli-build");

        String id = aws("codebuild", "start-build", "--project-name", "cli-build").json()
                .path("build").path("id").asText();
        JsonNode builds = aws("codebuild", "batch-get-builds", "--ids", id).json();
        JsonNode build = builds.path("builds").get(0);
        assertThat(build.path("buildStatus").asText()).isEqualTo("SUCCEEDED");
        assertThat(build.path("currentPhase").asText()).isEqualTo("COMPLETED");
        assertThat(build.path("phases")).hasSize(11);
        assertThat(aws("codebuild", "list-builds-for-project", "--project-name", "cli-build").json()
                .path("ids").get(0).asText()).isEqualTo(id);

        AwsCli.Result again = aws("codebuild", "create-project", "--name", "cli-build",
                "--source", "type=NO_SOURCE,buildspec=x", "--artifacts", "type=NO_ARTIFACTS",
                "--environment", "type=LINUX_CONTAINER,image=aws/codebuild/standard:7.0,computeType=BUILD_GENERAL1_SMALL",
                "--service-role", "arn:aws:iam::000000000000:role/cairn/demo/demo-codebuild");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("ResourceAlreadyExistsException").contains("Project already exists: cli-build");
    }
}
