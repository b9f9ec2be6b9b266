package dev.cairn.sandbox.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI v2 builds a load balancer, a target group and a listener, and reads target health. */
class ElbCliV2Test {
    private static final String REGION = "ap-northeast-2";
    @TempDir
    Path home;
    private ElbFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private JsonNode aws(String... args) {
        return AwsCli.run(f.server, home, REGION, args).json();
    }

    @Test
    void awsCliV2_createLoadBalancerTargetGroupListener_thenDescribeTargetHealth() {
        AwsCli.assumeV2();
        f = new ElbFixture(SandboxConfig.instant());
        f.admitLoadBalancer(80);
        String instance = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);

        JsonNode lb = aws("elbv2", "create-load-balancer", "--name", "cli-alb", "--subnets", f.subnetA, f.subnetB,
                "--security-groups", f.lbGroup, "--tags", "Key=cairn:stack,Value=cli").get("LoadBalancers").get(0);
        String lbArn = lb.get("LoadBalancerArn").asText();
        assertThat(lb.get("CanonicalHostedZoneId").asText()).isEqualTo("ZWKZPGTI48KDX");
        JsonNode tg = aws("elbv2", "create-target-group", "--name", "cli-tg", "--protocol", "HTTP", "--port", "80",
                "--vpc-id", f.vpcId, "--health-check-path", "/").get("TargetGroups").get(0);
        String tgArn = tg.get("TargetGroupArn").asText();
        JsonNode listener = aws("elbv2", "create-listener", "--load-balancer-arn", lbArn, "--protocol", "HTTP",
                "--port", "80", "--default-actions", "Type=forward,TargetGroupArn=" + tgArn).get("Listeners").get(0);
        assertThat(listener.get("DefaultActions").get(0).get("TargetGroupArn").asText()).isEqualTo(tgArn);
        aws("elbv2", "register-targets", "--target-group-arn", tgArn, "--targets", "Id=" + instance);

        JsonNode health = aws("elbv2", "describe-target-health", "--target-group-arn", tgArn)
                .get("TargetHealthDescriptions");

        assertThat(health).hasSize(1);
        assertThat(health.get(0).get("Target").get("Id").asText()).isEqualTo(instance);
        assertThat(health.get(0).get("TargetHealth").get("State").asText()).isEqualTo("healthy");
        AwsCli.Result dup = AwsCli.run(f.server, home, REGION, "elbv2", "create-target-group", "--name", "cli-tg",
                "--protocol", "HTTP", "--port", "8080", "--vpc-id", f.vpcId);
        assertThat(dup.exitCode()).isNotZero();
        assertThat(dup.err()).contains("DuplicateTargetGroupName");
    }
}
