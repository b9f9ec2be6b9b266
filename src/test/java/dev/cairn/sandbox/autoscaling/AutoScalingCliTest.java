package dev.cairn.sandbox.autoscaling;

import static dev.cairn.sandbox.autoscaling.AsgFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI v2 against the Sandbox's Auto Scaling: create a group, read it, find its instances in EC2. */
class AutoScalingCliTest {
    private static final String REGION = "ap-northeast-2";

    @TempDir
    Path home;
    private AsgFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void cliV2_createsAGroupAndFindsItsInstancesInEc2() {
        AwsCli.assumeV2();
        f = new AsgFixture(SandboxConfig.instant());

        AwsCli.Result created = AwsCli.run(f.server, home, REGION, "autoscaling", "create-auto-scaling-group",
                "--auto-scaling-group-name", "web", "--launch-template",
                "LaunchTemplateId=" + f.launchTemplateId + ",Version=$Latest", "--min-size", "1", "--max-size", "3",
                "--desired-capacity", "2", "--vpc-zone-identifier", f.subnetA + "," + f.subnetC,
                "--tags", "Key=cairn:stack,Value=demo,PropagateAtLaunch=true");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(eventually(Duration.ofSeconds(10), () -> f.liveInstances("web").size() == 2)).isTrue();

        JsonNode groups = AwsCli.run(f.server, home, REGION, "autoscaling", "describe-auto-scaling-groups",
                "--auto-scaling-group-names", "web").json().get("AutoScalingGroups");
        JsonNode found = AwsCli.run(f.server, home, REGION, "ec2", "describe-instances", "--filters",
                "Name=tag:aws:autoscaling:groupName,Values=web").json().get("Reservations");

        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("DesiredCapacity").asInt()).isEqualTo(2);
        assertThat(groups.get(0).get("Instances")).hasSize(2);
        assertThat(groups.get(0).get("Tags").get(0).get("Key").asText()).isEqualTo("cairn:stack");
        int instances = 0;
        for (JsonNode r : found) {
            instances += r.get("Instances").size();
        }
        assertThat(instances).isEqualTo(2);
        AwsCli.Result missing = AwsCli.run(f.server, home, REGION, "autoscaling", "delete-auto-scaling-group",
                "--auto-scaling-group-name", "web");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("ResourceInUse");
    }
}
