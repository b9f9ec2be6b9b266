package dev.cairn.aws.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.aws.elbv2.WebFixture;
import dev.cairn.engine.TagScanner;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.AutoScalingKinds;
import dev.cairn.model.kinds.Ec2Kinds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The load balancing and Auto Scaling handlers against a real account: the default credential
 * chain and region. Builds a load balancer, target group, listener, a group of one t3.micro
 * behind them (billed by the hour: ~10 minutes here) and its target-tracking policy; raises max
 * in place; tears everything down, the load balancer waiting for its interfaces, and proves with
 * the scanners that nothing of the stack remains. Run with {@code mvn -Dgroups=aws
 * -DexcludedGroups=bench -Dtest=WebHandlersIT test}.
 */
@Tag("aws")
class WebHandlersIT {

    @Test
    void webTier_inDefaultRegion_isBuiltScaledAndTornDownWithNothingTagged() {
        String region = AwsClients.defaultRegion(Optional.empty())
                .orElseThrow(() -> new IllegalStateException("no default region: set AWS_REGION or a profile region"));
        try (AwsClients clients = AwsClients.fromEnvironment(Optional.empty(), Optional.empty());
                WebFixture f = new WebFixture(clients, region, WebFixture.AWS_TIMEOUT)) {
            f.zones = clients.ec2(region).describeAvailabilityZones(r -> r.filters(
                            Filter.builder().name("state").values("available").build(),
                            Filter.builder().name("zone-type").values("availability-zone").build()))
                    .availabilityZones().stream().map(AvailabilityZone::zoneName).sorted().limit(2).toList();
            List<ResourceRecord> created = new ArrayList<>();
            String template = null;
            try {
                f.network();
                f.admitLoadBalancer();
                template = f.launchTemplate();
                ResourceRecord lb = add(created, f.apply(f.loadBalancerSpec(f.stack + "-alb")));
                ResourceRecord tg = add(created, f.apply(f.targetGroupSpec(f.stack + "-tg", Map.of())));
                add(created, f.apply(f.listenerSpec(lb, tg, "forward")));
                var groupRefs = Map.of("launchTemplate", f.existing(Ec2Kinds.LAUNCH_TEMPLATE, "web.launch-template", template),
                        "targetGroup", tg, "subnet.a", f.subnet("app-a"), "subnet.b", f.subnet("app-b"));
                Map<String, String> props = Map.of("name", f.stack + "-web", "min", "1", "desired", "1", "max", "2",
                        "healthCheckType", "ELB", "healthCheckGraceSeconds", "300", "instanceType", "t3.micro");
                ResourceRecord group = add(created, f.apply(f.spec(AutoScalingKinds.AUTO_SCALING_GROUP,
                        "web.auto-scaling-group", props, groupRefs)));
                assertThat(group.attributes()).containsEntry("inService", "1");
                add(created, f.apply(f.spec(AutoScalingKinds.SCALING_POLICY, "web.scaling-policy[cpu]",
                        Map.of("name", f.stack + "-cpu", "policyType", "TargetTrackingScaling", "targetCpu", "70",
                                "warmupSeconds", "60"), Map.of("group", group))));

                Map<String, String> raised = new java.util.LinkedHashMap<>(props);
                raised.put("max", "3");
                ResourceRecord updated = f.update(f.spec(AutoScalingKinds.AUTO_SCALING_GROUP, "web.auto-scaling-group",
                        raised, groupRefs), group, Set.of("max"));
                assertThat(updated.physicalId()).isEqualTo(group.physicalId());
                assertThat(updated.attributes()).containsEntry("max", "3").containsEntry("instances", group.attributes().get("instances"));

                TagScanner scanner = AwsHandlers.scanner(clients);
                assertThat(scanner.scan(f.stack, Set.of(region))).extracting(TaggedResource::resourceType)
                        .contains("elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup",
                                "autoscaling:autoScalingGroup")
                        .doesNotContain("instance");
            } finally {
                // created holds whatever became ready, so a failure half-way through still cleans up.
                Collections.reverse(created);
                created.forEach(f::destroy);
                f.removeNetwork(template);
            }
            assertThat(AwsHandlers.scanner(clients).scan(f.stack, Set.of(region))).isEmpty();
        }
    }

    private static ResourceRecord add(List<ResourceRecord> created, ResourceRecord r) {
        created.add(r);
        return r;
    }
}
