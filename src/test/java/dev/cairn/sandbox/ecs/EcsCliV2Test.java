package dev.cairn.sandbox.ecs;

import static dev.cairn.sandbox.ecs.EcsFixture.CLUSTER;
import static dev.cairn.sandbox.ecs.EcsFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI v2 reads the Sandbox's ECS: describe-services and its missing-service failures. */
class EcsCliV2Test {
    private static final String REGION = "ap-northeast-2";
    @TempDir
    Path home;
    private EcsFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void awsCliV2_describeServices_showsCountsDeploymentsAndMissingFailures() throws Exception {
        AwsCli.assumeV2();
        f = new EcsFixture(SandboxConfig.instant());
        f.fargateService("web", f.fargateTaskDefinition(EcsFixture.NGINX), 1);
        await("a task runs", () -> f.describe("web").runningCount() == 1);

        JsonNode out = AwsCli.run(f.server, home, REGION, "ecs", "describe-services", "--cluster", CLUSTER,
                "--services", "web", "nope").json();

        JsonNode service = out.path("services").get(0);
        assertThat(service.path("serviceName").asText()).isEqualTo("web");
        assertThat(service.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(service.path("runningCount").asInt()).isEqualTo(1);
        assertThat(service.path("deployments").get(0).path("status").asText()).isEqualTo("PRIMARY");
        assertThat(service.path("networkConfiguration").path("awsvpcConfiguration").path("subnets")).hasSize(2);
        assertThat(out.path("failures").get(0).path("reason").asText()).isEqualTo("MISSING");
        assertThat(out.path("failures").get(0).path("arn").asText()).endsWith(":service/demo/nope");
    }
}
