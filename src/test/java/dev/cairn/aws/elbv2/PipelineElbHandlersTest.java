package dev.cairn.aws.elbv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Elbv2Kinds;
import dev.cairn.testing.AwsBackend;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** The Pipeline step's additions to the ELB handlers: {@code ip} target groups, listeners whose traffic CodeDeploy moves. */
class PipelineElbHandlersTest {

    private static final String REGION = "us-east-1";
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void targetGroup_withTargetTypeIp_isCreatedForAddresses(AwsBackend backend) throws Exception {
        assumeTrue(backend.serves("elasticloadbalancing"), backend + " does not serve ELB");
        try (WebFixture f = WebFixture.on(backend, REGION)) {
            f.network();
            ResourceRecord tg = f.apply(f.targetGroupSpec(f.stack + "-blue", Map.of("targetType", "ip")));

            assertThat(f.clients.elbv2(REGION).describeTargetGroups(r -> r.targetGroupArns(tg.physicalId())).targetGroups().get(0)
                    .targetTypeAsString()).isEqualTo("ip");
            f.destroy(tg);
        }
    }

    /**
     * A blue/green deployment moves the production listener to green (here by hand, as CodeDeploy
     * does with ModifyListener): read reports where it forwards now, and an update of the listener
     * leaves the forward where CodeDeploy put it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void listener_managedByCodeDeploy_reportsTheActualForward_andAnUpdateNeverMovesItBack(AwsBackend backend) throws Exception {
        assumeTrue(backend.serves("elasticloadbalancing"), backend + " does not serve ELB");
        try (WebFixture f = WebFixture.on(backend, REGION)) {
            f.network();
            ElasticLoadBalancingV2Client elb = f.clients.elbv2(REGION);
            ResourceRecord lb = f.apply(f.loadBalancerSpec(f.stack + "-pipe"));
            ResourceRecord blue = f.apply(f.targetGroupSpec(f.stack + "-blue", Map.of("targetType", "ip")));
            ResourceRecord green = f.apply(f.spec(Elbv2Kinds.TARGET_GROUP, "web.target-group[green]",
                    Map.of("name", f.stack + "-green", "protocol", "HTTP", "port", "80", "targetType", "ip"), Map.of("vpc", f.vpc())));
            ResolvedSpec spec = f.spec(Elbv2Kinds.LISTENER, "pipeline.listener[production]",
                    Map.of("port", "80", "protocol", "HTTP", "action", "forward", "trafficManagedBy", "codedeploy"),
                    Map.of("loadBalancer", lb, "targetGroup", blue));
            ResourceRecord listener = f.apply(spec);
            assertThat(listener.attributes()).containsEntry("targetGroupArn", blue.physicalId());

            elb.modifyListener(r -> r.listenerArn(listener.physicalId())
                    .defaultActions(a -> a.type("forward").targetGroupArn(green.physicalId())));

            assertThat(f.handler(Elbv2Kinds.LISTENER).read(f.ctx, listener))
                    .hasValueSatisfying(l -> assertThat(l.attributes()).containsEntry("targetGroupArn", green.physicalId()));
            ResourceRecord updated = f.update(spec, listener, Set.of("trafficManagedBy", "action"));
            assertThat(updated.attributes()).containsEntry("targetGroupArn", green.physicalId());
            assertThat(elb.describeListeners(r -> r.listenerArns(listener.physicalId())).listeners().get(0).defaultActions().get(0)
                    .targetGroupArn()).isEqualTo(green.physicalId());

            f.destroy(listener);
            f.destroy(green);
            f.destroy(blue);
            f.destroy(lb);
        }
    }
}
