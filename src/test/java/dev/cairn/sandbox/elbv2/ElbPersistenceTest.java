package dev.cairn.sandbox.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** ELB's state is saved in {@code elbv2.json} and read back by a restarted Sandbox. */
class ElbPersistenceTest {
    @TempDir
    Path data;

    @Test
    void restart_withDataDir_keepsLoadBalancersTargetGroupsListenersAndTargets() throws Exception {
        String lb;
        String tg;
        String listener;
        String instance;
        try (ElbFixture f = new ElbFixture(SandboxConfig.instant().withDataDir(data))) {
            lb = f.createLoadBalancer("web-alb").loadBalancerArn();
            tg = f.createTargetGroup("web-tg").targetGroupArn();
            listener = f.forward(lb, 80, tg).listenerArn();
            f.admitLoadBalancer(80);
            instance = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);
            f.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(instance)));
            f.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(
                    a -> a.key("deregistration_delay.timeout_seconds").value("30")));
        }
        assertThat(Files.readString(data.resolve("elbv2.json"))).contains("\"schemaVersion\"").contains("web-alb");

        try (ElbFixture again = ElbFixture.reopen(SandboxConfig.instant().withDataDir(data))) {
            assertThat(again.elb.describeLoadBalancers(r -> r.loadBalancerArns(lb)).loadBalancers().get(0)
                    .loadBalancerName()).isEqualTo("web-alb");
            assertThat(again.elb.describeListeners(r -> r.listenerArns(listener)).listeners().get(0).defaultActions()
                    .get(0).targetGroupArn()).isEqualTo(tg);
            TargetHealthDescription h = again.elb.describeTargetHealth(r -> r.targetGroupArn(tg))
                    .targetHealthDescriptions().get(0);
            assertThat(h.target().id()).isEqualTo(instance);
            assertThat(h.targetHealth().stateAsString()).isEqualTo("healthy");
            assertThat(again.elb.describeTargetGroupAttributes(r -> r.targetGroupArn(tg)).attributes())
                    .anySatisfy(a -> assertThat(a.key() + "=" + a.value())
                            .isEqualTo("deregistration_delay.timeout_seconds=30"));
        }
    }
}
