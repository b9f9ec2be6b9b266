package dev.cairn.sandbox.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/** Groups, their tags, policies and practice load survive a restart, in their own versioned file. */
class AutoScalingPersistenceTest {
    @TempDir
    Path data;

    @Test
    void groups_afterRestart_areReadFromAutoscalingJson() throws Exception {
        try (AsgFixture f = new AsgFixture(SandboxConfig.instant().withDataDir(data))) {
            f.createGroup("web", 0, 0, 2, "demo");
            f.asg.putScalingPolicy(r -> r.autoScalingGroupName("web").policyName("cpu70")
                    .policyType("TargetTrackingScaling").targetTrackingConfiguration(t -> t.targetValue(70.0)
                            .predefinedMetricSpecification(m -> m.predefinedMetricType("ASGAverageCPUUtilization"))));
            assertThat(f.control("POST", "load", "{\"stack\":\"demo\",\"cpu\":55}").status()).isEqualTo(200);
        }

        JsonNode file = new ObjectMapper().readTree(Files.readString(data.resolve("autoscaling.json")));
        assertThat(file.get("schemaVersion").asInt()).isEqualTo(AutoScalingStore.SCHEMA_VERSION);
        try (SandboxServer again = SandboxServer.start(SandboxConfig.instant().withDataDir(data));
             AutoScalingClient asg = AsgFixture.autoScaling(again)) {
            assertThat(asg.describeAutoScalingGroups().autoScalingGroups()).singleElement()
                    .satisfies(g -> assertThat(g.tags()).singleElement()
                            .satisfies(t -> assertThat(t.value()).isEqualTo("demo")));
            assertThat(asg.describePolicies().scalingPolicies()).hasSize(1);
            assertThat(again.resources()).anySatisfy(r -> assertThat(r.get("type")).isEqualTo("autoScalingGroup"));
        }
    }
}
