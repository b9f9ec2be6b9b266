package dev.cairn.sandbox.elbv2;

import static dev.cairn.sandbox.elbv2.ElbFixture.assertElbError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** Target groups: names, settings, idempotency, attributes, in-use rules, registration and health. */
class TargetGroupTest {
    private ElbFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private List<TargetHealthDescription> health(String tgArn) {
        return f.elb.describeTargetHealth(r -> r.targetGroupArn(tgArn)).targetHealthDescriptions();
    }

    private TargetHealthDescription healthOf(String tgArn, String instanceId) {
        return health(tgArn).stream().filter(h -> h.target().id().equals(instanceId)).findFirst().orElseThrow();
    }

    @Test
    void createTargetGroup_always_answersAwsDefaults() {
        f = new ElbFixture(SandboxConfig.instant());
        TargetGroup tg = f.createTargetGroup("web-tg");

        assertThat(tg.targetGroupArn()).matches(
                "arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:targetgroup/web-tg/[0-9a-f]{16}");
        assertThat(tg.healthCheckPath()).isEqualTo("/");
        assertThat(tg.healthCheckPort()).isEqualTo("traffic-port");
        assertThat(tg.healthCheckIntervalSeconds()).isEqualTo(30);
        assertThat(tg.healthCheckTimeoutSeconds()).isEqualTo(5);
        assertThat(tg.healthyThresholdCount()).isEqualTo(5);
        assertThat(tg.unhealthyThresholdCount()).isEqualTo(2);
        assertThat(tg.matcher().httpCode()).isEqualTo("200");
        assertThat(tg.targetTypeAsString()).isEqualTo("instance");
        assertThat(f.elb.describeTargetGroupAttributes(r -> r.targetGroupArn(tg.targetGroupArn())).attributes())
                .anySatisfy(a -> assertThat(a.key() + "=" + a.value()).isEqualTo("deregistration_delay.timeout_seconds=300"));
    }

    @Test
    void createTargetGroup_whenSameNameAndSettings_returnsTheSameGroup_andOtherSettingsAreDuplicate() {
        f = new ElbFixture(SandboxConfig.instant());
        String arn = f.createTargetGroup("web-tg").targetGroupArn();

        assertThat(f.createTargetGroup("web-tg").targetGroupArn()).isEqualTo(arn);
        assertElbError(() -> f.elb.createTargetGroup(r -> r.name("web-tg").protocol(ProtocolEnum.HTTP).port(8080)
                .vpcId(f.vpcId)), "DuplicateTargetGroupName");
        assertThat(f.elb.describeTargetGroups().targetGroups()).hasSize(1);
    }

    @Test
    void createTargetGroup_whenSettingsBreakTheRules_failsWithValidationError() {
        f = new ElbFixture(SandboxConfig.instant());
        assertElbError(() -> f.createTargetGroup("t".repeat(33)), "ValidationError");
        assertElbError(() -> f.createTargetGroup("-tg"), "ValidationError");
        assertElbError(() -> f.elb.createTargetGroup(r -> r.name("tg").protocol(ProtocolEnum.HTTP).port(80)
                .vpcId(f.vpcId).healthCheckPath("health")), "ValidationError");
        assertElbError(() -> f.elb.createTargetGroup(r -> r.name("tg").protocol(ProtocolEnum.HTTP).port(80)
                .vpcId(f.vpcId).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(5)), "ValidationError");
        assertElbError(() -> f.elb.createTargetGroup(r -> r.name("tg").protocol(ProtocolEnum.HTTP).port(80)
                .vpcId(f.vpcId).healthyThresholdCount(11)), "ValidationError");
        assertElbError(() -> f.elb.createTargetGroup(r -> r.name("tg").protocol(ProtocolEnum.HTTP).vpcId(f.vpcId)),
                "ValidationError");
    }

    @Test
    void modifyTargetGroup_andAttributes_changeInPlace() {
        f = new ElbFixture(SandboxConfig.instant());
        String arn = f.createTargetGroup("web-tg").targetGroupArn();

        TargetGroup changed = f.elb.modifyTargetGroup(r -> r.targetGroupArn(arn).healthCheckPath("/health")
                .healthCheckIntervalSeconds(10).healthyThresholdCount(2)).targetGroups().get(0);
        f.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(
                a -> a.key("deregistration_delay.timeout_seconds").value("30")));

        assertThat(changed.targetGroupArn()).isEqualTo(arn);
        assertThat(changed.healthCheckPath()).isEqualTo("/health");
        assertThat(changed.healthCheckIntervalSeconds()).isEqualTo(10);
        assertThat(f.elb.describeTargetGroups(r -> r.names("web-tg")).targetGroups().get(0).healthyThresholdCount())
                .isEqualTo(2);
        assertThat(f.elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes())
                .anySatisfy(a -> assertThat(a.key() + "=" + a.value()).isEqualTo("deregistration_delay.timeout_seconds=30"));
        assertElbError(() -> f.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(
                a -> a.key("deregistration_delay.timeout_seconds").value("3601"))), "InvalidConfigurationRequest");
    }

    @Test
    void deleteTargetGroup_whenAListenerForwardsToIt_failsWithResourceInUseUntilTheListenerGoes() {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        String listener = f.forward(lb, 80, tg).listenerArn();

        assertThat(f.elb.describeTargetGroups(r -> r.loadBalancerArn(lb)).targetGroups())
                .extracting(TargetGroup::targetGroupArn).containsExactly(tg);
        assertThat(f.elb.describeTargetGroups(r -> r.targetGroupArns(tg)).targetGroups().get(0).loadBalancerArns())
                .containsExactly(lb);
        assertElbError(() -> f.elb.deleteTargetGroup(r -> r.targetGroupArn(tg)), "ResourceInUse");

        f.elb.deleteListener(r -> r.listenerArn(listener));
        f.elb.deleteTargetGroup(r -> r.targetGroupArn(tg));
        assertElbError(() -> f.elb.describeTargetGroups(r -> r.targetGroupArns(tg)), "TargetGroupNotFound");
    }

    @Test
    void describeTargetHealth_whenNoListenerUsesTheGroup_isUnusedNotInUse() {
        f = new ElbFixture(SandboxConfig.instant());
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        String instance = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);
        f.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(instance)));

        TargetHealthDescription h = healthOf(tg, instance);
        assertThat(h.targetHealth().stateAsString()).isEqualTo("unused");
        assertThat(h.targetHealth().reasonAsString()).isEqualTo("Target.NotInUse");
        assertThat(h.target().port()).isEqualTo(80);
    }

    @Test
    void describeTargetHealth_withoutTheSecurityGroupRule_isUnhealthyTimeout_andHealthyWithIt() {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        f.forward(lb, 80, tg);
        String instance = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);
        f.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(instance)));

        TargetHealthDescription h = healthOf(tg, instance);
        assertThat(h.targetHealth().stateAsString()).isEqualTo("unhealthy");
        assertThat(h.targetHealth().reasonAsString()).isEqualTo("Target.Timeout");

        f.admitLoadBalancer(80);
        assertThat(healthOf(tg, instance).targetHealth().stateAsString()).isEqualTo("healthy");
        assertThat(healthOf(tg, instance).targetHealth().reason()).isNull();
    }

    @Test
    void describeTargetHealth_whenThePathIsNotServed_isUnhealthyResponseCodeMismatch404() {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.elb.createTargetGroup(r -> r.name("web-tg").protocol(ProtocolEnum.HTTP).port(80).vpcId(f.vpcId)
                .healthCheckPath("/health")).targetGroups().get(0).targetGroupArn();
        f.forward(lb, 80, tg);
        f.admitLoadBalancer(80);
        String instance = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);
        f.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(instance)));

        TargetHealthDescription h = healthOf(tg, instance);
        assertThat(h.targetHealth().stateAsString()).isEqualTo("unhealthy");
        assertThat(h.targetHealth().reasonAsString()).isEqualTo("Target.ResponseCodeMismatch");
        assertThat(h.targetHealth().description()).isEqualTo("Health checks failed with these codes: [404]");

        f.elb.modifyTargetGroup(r -> r.targetGroupArn(tg).healthCheckPath("/index.html"));
        assertThat(healthOf(tg, instance).targetHealth().stateAsString()).isEqualTo("healthy");
    }

    @Test
    void describeTargetHealth_whenRealistic_isInitialForIntervalTimesThreshold() throws Exception {
        // AWS's defaults, interval 30 s × threshold 5 = 150 s × 0.02 = 3 s of checks once the load balancer is
        // active (150 s × 0.02 = 3 s after its create): windows wide enough for a loaded machine to see.
        f = new ElbFixture(SandboxConfig.realistic(0.02));
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        f.forward(lb, 80, tg);
        f.admitLoadBalancer(80);
        String instance = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);
        f.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(instance)));

        List<String> seen = new java.util.ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        String state = "";
        while (!state.equals("healthy") && System.currentTimeMillis() < deadline) {
            TargetHealthDescription h = healthOf(tg, instance);
            state = h.targetHealth().stateAsString();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
            }
            if (state.equals("initial")) {
                assertThat(h.targetHealth().reasonAsString()).isEqualTo("Elb.RegistrationInProgress");
            }
            Thread.sleep(30);
        }
        // The load balancer is provisioning at first (unused), then the checks run (initial), then healthy.
        assertThat(seen).endsWith("initial", "healthy");
    }

    @Test
    void deregisterTargets_whenRealistic_drainsForTheDelayThenGoes() throws Exception {
        f = new ElbFixture(SandboxConfig.realistic(0.05));
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        // 30 s × 0.05 = 1.5 s of draining.
        f.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(
                a -> a.key("deregistration_delay.timeout_seconds").value("30")));
        String instance = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);
        f.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(instance)));
        f.elb.deregisterTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(instance)));

        TargetHealthDescription h = healthOf(tg, instance);
        assertThat(h.targetHealth().stateAsString()).isEqualTo("draining");
        assertThat(h.targetHealth().reasonAsString()).isEqualTo("Target.DeregistrationInProgress");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!health(tg).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(30);
        }
        assertThat(health(tg)).isEmpty();
    }

    @Test
    void registerTargets_whenInstanceIsUnknownOrOfAnotherVpc_failsWithInvalidTarget() {
        f = new ElbFixture(SandboxConfig.instant());
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        assertElbError(() -> f.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("i-0123456789abcdef0"))),
                "InvalidTarget");
        String otherVpc = f.ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        String otherTg = f.elb.createTargetGroup(r -> r.name("other").protocol(ProtocolEnum.HTTP).port(80)
                .vpcId(otherVpc)).targetGroups().get(0).targetGroupArn();
        String instance = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);
        assertElbError(() -> f.elb.registerTargets(r -> r.targetGroupArn(otherTg).targets(t -> t.id(instance))),
                "InvalidTarget");
    }

    @Test
    void describeTargetHealth_whenInstanceShutsDown_isUnusedInvalidState_andTerminatedIsDeregistered() throws Exception {
        // Shutting down takes 30 s × 0.1 = 3 s; a delay of 0 lets the terminated target go at once.
        f = new ElbFixture(SandboxConfig.realistic(0.1));
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        f.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(
                a -> a.key("deregistration_delay.timeout_seconds").value("0")));
        String instance = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);
        f.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(instance)));
        f.ec2.terminateInstances(r -> r.instanceIds(instance));

        TargetHealthDescription h = healthOf(tg, instance);
        assertThat(h.targetHealth().stateAsString()).isEqualTo("unused");
        assertThat(h.targetHealth().reasonAsString()).isEqualTo("Target.InvalidState");
        assertThat(h.targetHealth().description()).isEqualTo("Target is in the shutting-down state");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!health(tg).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(health(tg)).isEmpty();
    }
}
