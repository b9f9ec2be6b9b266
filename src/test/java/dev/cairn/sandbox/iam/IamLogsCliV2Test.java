package dev.cairn.sandbox.iam;

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

/** The AWS CLI v2 against the Sandbox's IAM and CloudWatch Logs: a role and a log group as a person types them. */
class IamLogsCliV2Test {
    @TempDir
    Path home;
    private SandboxServer server;

    @BeforeEach
    void start() {
        AwsCli.assumeV2();
        server = SandboxServer.start(SandboxConfig.instant());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void awsCli_createRoleAndLogGroup_readsThemBack_andPrintsIamErrors() {
        JsonNode role = AwsCli.run(server, home, "ap-northeast-2", "iam", "create-role", "--role-name", "demo-codebuild",
                "--path", "/cairn/demo/", "--assume-role-policy-document", IamServiceTest.CODEBUILD_TRUST).json();
        assertThat(role.at("/Role/Arn").asText()).isEqualTo("arn:aws:iam::000000000000:role/cairn/demo/demo-codebuild");
        JsonNode listed = AwsCli.run(server, home, "ap-northeast-2", "iam", "list-roles", "--path-prefix", "/cairn/demo/")
                .json();
        assertThat(listed.at("/Roles/0/RoleName").asText()).isEqualTo("demo-codebuild");
        AwsCli.Result twin = AwsCli.run(server, home, "ap-northeast-2", "iam", "create-role", "--role-name",
                "demo-codebuild", "--assume-role-policy-document", IamServiceTest.CODEBUILD_TRUST);
        assertThat(twin.exitCode()).isNotZero();
        assertThat(twin.err()).contains("EntityAlreadyExists");

        AwsCli.run(server, home, "ap-northeast-2", "logs", "create-log-group", "--log-group-name", "/cairn/demo/build")
                .json();
        JsonNode groups = AwsCli.run(server, home, "ap-northeast-2", "logs", "describe-log-groups").json();
        assertThat(groups.at("/logGroups/0/logGroupName").asText()).isEqualTo("/cairn/demo/build");
    }
}
