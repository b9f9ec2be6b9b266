package dev.cairn.aws.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.ec2.Ec2TagScanner;
import dev.cairn.aws.elbv2.WebFixture;
import dev.cairn.engine.Found;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.AutoScalingKinds;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * The Auto Scaling group and scaling policy handlers, and the Auto Scaling scan, through the
 * real SDK against each backend: a load balancer, its target group and listener, a launch
 * template, and the group behind them.
 *
 * <p>moto is lenient: its targets are healthy as soon as registered, whatever the security
 * groups say, so the unhealthy-target test runs only where the backend follows AWS's rules.
 */
class AutoScalingHandlersTest {

    private static final String REGION = "us-east-1";
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";

    private interface Body {
        void run(WebFixture f, Web web) throws Exception;
    }

    /** What the group stands on: the load balancer, target group and listener, and the launch template. */
    private record Web(ResourceRecord lb, ResourceRecord tg, ResourceRecord listener, ResourceRecord template) {}

    private static void with(AwsBackend backend, boolean admitLoadBalancer, Body body) throws Exception {
        assumeTrue(backend.serves("elasticloadbalancing"), backend + " does not serve Elastic Load Balancing (v2)");
        assumeTrue(backend.serves("autoscaling"), backend + " does not serve Auto Scaling");
        try (WebFixture f = WebFixture.on(backend, REGION)) {
            f.network();
            if (admitLoadBalancer) {
                f.admitLoadBalancer();
            }
            ResourceRecord lb = f.apply(f.loadBalancerSpec(f.stack + "-alb"));
            ResourceRecord tg = f.apply(f.targetGroupSpec(f.stack + "-tg", Map.of()));
            ResourceRecord listener = f.apply(f.listenerSpec(lb, tg, "forward"));
            ResourceRecord template = f.existing(Ec2Kinds.LAUNCH_TEMPLATE, "web.launch-template", f.launchTemplate());
            body.run(f, new Web(lb, tg, listener, template));
        }
    }

    private static ResolvedSpec groupSpec(WebFixture f, Web web, String min, String desired, String max) {
        return f.spec(AutoScalingKinds.AUTO_SCALING_GROUP, "web.auto-scaling-group",
                Map.of("name", f.stack + "-web", "min", min, "desired", desired, "max", max, "healthCheckType", "ELB",
                        "healthCheckGraceSeconds", "10", "instanceType", "t3.micro"),
                Map.of("launchTemplate", web.template(), "targetGroup", web.tg(),
                        "subnet.a", f.subnet("app-a"), "subnet.b", f.subnet("app-b")));
    }

    private static AutoScalingGroup describe(WebFixture f, String name) {
        return AutoScalingGroupHandler.describe(f.clients.autoScaling(REGION), name).orElseThrow();
    }

    private static List<String> instances(ResourceRecord group) {
        return Arrays.stream(group.attributes().get("instances").split(",")).filter(s -> !s.isEmpty()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void group_create_isReadyWhenDesiredInstancesAreInServiceAndTheirTargetsHealthy(AwsBackend backend) throws Exception {
        with(backend, true, (f, web) -> {
            ResolvedSpec spec = groupSpec(f, web, "1", "2", "3");
            ResourceHandler h = f.handler(AutoScalingKinds.AUTO_SCALING_GROUP);

            ResourceRecord group = f.apply(spec);

            assertThat(group.physicalId()).isEqualTo(f.stack + "-web");
            assertThat(group.attributes()).containsEntry("inService", "2").containsKey("arn");
            List<String> ids = instances(group);
            assertThat(ids).hasSize(2);
            AutoScalingGroup g = describe(f, group.physicalId());
            assertThat(g.launchTemplate().launchTemplateId()).isEqualTo(web.template().physicalId());
            assertThat(g.launchTemplate().version()).isEqualTo("$Default");
            assertThat(g.vpcZoneIdentifier().split(",")).containsExactlyInAnyOrder(f.subnets.get("app-a"), f.subnets.get("app-b"));
            assertThat(g.targetGroupARNs()).containsExactly(web.tg().physicalId());
            assertThat(g.healthCheckType()).isEqualTo("ELB");
            assertThat(g.healthCheckGracePeriod()).isEqualTo(10);
            assertThat(f.clients.elbv2(REGION).describeTargetHealth(r -> r.targetGroupArn(web.tg().physicalId()))
                    .targetHealthDescriptions())
                    .filteredOn(d -> ids.contains(d.target().id()))
                    .hasSize(2)
                    .allSatisfy(d -> assertThat(d.targetHealth().state()).isEqualTo(TargetHealthStateEnum.HEALTHY));
            // The stack's tags reach the instances (PropagateAtLaunch), beside Auto Scaling's own.
            List<Instance> launched = f.ec2().describeInstances(r -> r.instanceIds(ids)).reservations().stream()
                    .flatMap(res -> res.instances().stream()).toList();
            assertThat(launched).allSatisfy(i -> assertThat(i.tags()).anyMatch(t -> t.key().equals("cairn:stack") && t.value().equals(f.stack))
                    .anyMatch(t -> t.key().equals("aws:autoscaling:groupName") && t.value().equals(f.stack + "-web")));
            assertThat(Specs.ours(h.find(f.ctx, spec))).map(LiveResource::physicalId).contains(group.physicalId());
            assertThat(h.read(f.ctx, group)).map(LiveResource::physicalId).contains(group.physicalId());
        });
    }

    /**
     * The instances' security group does not admit the load balancer's: AWS (and the Sandbox)
     * time the health checks out, and the wait says so in words rather than "Target.Timeout".
     * Health check type EC2 here, so that the group keeps the unhealthy instance (with ELB it
     * replaces it after the grace period, which the instant Sandbox plays as zero, and the
     * replacement's target is new again at every poll).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void group_whenInstancesSecurityGroupLacksTheRule_waitSaysWhyInWords(AwsBackend backend) throws Exception {
        assumeTrue(backend.followsAwsDependencyRules(), backend + " reports every registered target healthy");
        with(backend, false, (f, web) -> {
            Map<String, String> props = new LinkedHashMap<>(groupSpec(f, web, "1", "1", "2").spec().properties());
            props.put("healthCheckType", "EC2");
            ResolvedSpec spec = f.spec(AutoScalingKinds.AUTO_SCALING_GROUP, "web.auto-scaling-group", props,
                    groupSpec(f, web, "1", "1", "2").refs());
            ResourceHandler h = f.handler(AutoScalingKinds.AUTO_SCALING_GROUP);
            LiveResource created = h.create(f.ctx, spec, "token");

            Poll poll = f.pollReadyUntil(spec, created, m -> m.contains("security group"));

            assertThat(poll.outcome()).isEqualTo(Poll.Outcome.PENDING);
            assertThat(poll.message().english()).contains(f.stack + "-web").contains("0 of 1 targets healthy")
                    .contains("unhealthy").contains("does not admit the load balancer");
        });
    }

    /**
     * The same with health check type ELB, as Cairn builds it: the group replaces each instance
     * its load balancer finds unhealthy, and the wait says so, with AWS's cause.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void group_whenItKeepsReplacingUnhealthyInstances_waitSaysWhy(AwsBackend backend) throws Exception {
        assumeTrue(backend.followsAwsDependencyRules(), backend + " reports every registered target healthy");
        with(backend, false, (f, web) -> {
            ResolvedSpec spec = groupSpec(f, web, "1", "1", "2");
            LiveResource created = f.handler(AutoScalingKinds.AUTO_SCALING_GROUP).create(f.ctx, spec, "token");

            Poll poll = f.pollReadyUntil(spec, created, m -> m.contains("keeps replacing"));

            assertThat(poll.outcome()).isEqualTo(Poll.Outcome.PENDING);
            assertThat(poll.message().english()).contains(f.stack + "-web").contains("security group")
                    .contains("ELB system health check failure");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void group_raiseMax_isAnUpdateInPlaceThatKeepsTheGroupAndItsInstances(AwsBackend backend) throws Exception {
        with(backend, true, (f, web) -> {
            ResourceRecord group = f.apply(groupSpec(f, web, "1", "1", "2"));
            String arn = group.attributes().get("arn");
            List<String> before = instances(group);

            ResourceRecord updated = f.update(groupSpec(f, web, "1", "1", "3"), group, Set.of("max"));

            assertThat(updated.physicalId()).isEqualTo(group.physicalId());
            assertThat(updated.attributes()).containsEntry("arn", arn).containsEntry("max", "3");
            assertThat(describe(f, group.physicalId()).maxSize()).isEqualTo(3);
            assertThat(instances(updated)).isEqualTo(before);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void group_raiseDesired_waitsUntilTheNewInstanceIsHealthy(AwsBackend backend) throws Exception {
        with(backend, true, (f, web) -> {
            ResourceRecord group = f.apply(groupSpec(f, web, "1", "1", "3"));

            ResourceRecord updated = f.update(groupSpec(f, web, "1", "2", "3"), group, Set.of("desired"));

            assertThat(updated.attributes()).containsEntry("inService", "2").containsEntry("desired", "2");
            assertThat(instances(updated)).hasSize(2).containsAll(instances(group));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void group_delete_scalesToZeroWaitsForItsInstancesThenDeletes(AwsBackend backend) throws Exception {
        with(backend, true, (f, web) -> {
            ResolvedSpec spec = groupSpec(f, web, "1", "2", "3");
            ResourceRecord group = f.apply(spec);
            List<String> ids = instances(group);

            f.destroy(group);

            assertThat(f.said).anyMatch(m -> m.contains("scaling " + group.physicalId() + " to zero"));
            assertThat(AutoScalingGroupHandler.describe(f.clients.autoScaling(REGION), group.physicalId())).isEmpty();
            assertThat(f.ec2().describeInstances(r -> r.instanceIds(ids)).reservations().stream()
                    .flatMap(res -> res.instances().stream()))
                    .allSatisfy(i -> assertThat(i.state().nameAsString()).isEqualTo("terminated"));
            assertThat(Specs.ours(f.handler(AutoScalingKinds.AUTO_SCALING_GROUP).find(f.ctx, spec))).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void group_whenNameHeldByAnotherStack_isTaken(AwsBackend backend) throws Exception {
        with(backend, true, (f, web) -> {
            ResolvedSpec spec = groupSpec(f, web, "0", "0", "1");
            f.clients.autoScaling(REGION).createAutoScalingGroup(r -> r.autoScalingGroupName(f.stack + "-web")
                    .launchTemplate(lt -> lt.launchTemplateId(web.template().physicalId())).minSize(0).maxSize(1)
                    .vpcZoneIdentifier(f.subnets.get("app-a"))
                    .tags(t -> t.key("cairn:stack").value("someone-else").propagateAtLaunch(true)
                            .resourceId(f.stack + "-web").resourceType("auto-scaling-group")));

            Found found = f.handler(AutoScalingKinds.AUTO_SCALING_GROUP).find(f.ctx, spec);

            assertThat(found).isInstanceOf(Found.Taken.class);
            assertThat(((Found.Taken) found).what()).contains(f.stack + "-web").contains("someone-else");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void scalingPolicy_targetTracking_foundThroughItsGroup_changedInPlace_thenGone(AwsBackend backend) throws Exception {
        with(backend, true, (f, web) -> {
            ResourceRecord group = f.apply(groupSpec(f, web, "1", "1", "3"));
            ResourceHandler h = f.handler(AutoScalingKinds.SCALING_POLICY);
            ResolvedSpec spec = policySpec(f, group, "70", "10");

            ResourceRecord policy = f.apply(spec);

            ScalingPolicy described = policies(f, group.physicalId()).get(0);
            assertThat(described.policyARN()).isEqualTo(policy.physicalId());
            assertThat(described.policyType()).isEqualTo("TargetTrackingScaling");
            assertThat(described.targetTrackingConfiguration().predefinedMetricSpecification().predefinedMetricTypeAsString())
                    .isEqualTo("ASGAverageCPUUtilization");
            assertThat(described.targetTrackingConfiguration().targetValue()).isEqualTo(70.0);
            assertThat(described.estimatedInstanceWarmup()).isEqualTo(10);
            assertThat(Specs.ours(h.find(f.ctx, spec))).map(LiveResource::physicalId).contains(policy.physicalId());

            ResourceRecord updated = f.update(policySpec(f, group, "50", "30"), policy, Set.of("targetCpu", "warmupSeconds"));

            assertThat(updated.physicalId()).isEqualTo(policy.physicalId());
            described = policies(f, group.physicalId()).get(0);
            assertThat(described.targetTrackingConfiguration().targetValue()).isEqualTo(50.0);
            assertThat(described.estimatedInstanceWarmup()).isEqualTo(30);

            f.destroy(updated);
            assertThat(policies(f, group.physicalId())).isEmpty();
            assertThat(h.read(f.ctx, updated)).isEmpty();
            assertThat(Specs.ours(h.find(f.ctx, spec))).isEmpty();
        });
    }

    /** The scans: the group is found by Auto Scaling's tag filter; its instances are left to it while it exists. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void scanners_findTheGroupButNotItsInstances_andNothingOnceItIsGone(AwsBackend backend) throws Exception {
        with(backend, true, (f, web) -> {
            ResourceRecord group = f.apply(groupSpec(f, web, "1", "1", "2"));
            AutoScalingScanner groups = new AutoScalingScanner(f.clients);
            Ec2TagScanner ec2 = new Ec2TagScanner(f.clients);

            assertThat(groups.scan(f.stack, Set.of(REGION))).containsExactly(new TaggedResource(REGION,
                    "autoscaling:autoScalingGroup", AutoScalingKinds.AUTO_SCALING_GROUP, group.physicalId(),
                    "web.auto-scaling-group", ""));
            assertThat(groups.scan("another-stack", Set.of(REGION))).isEmpty();
            assertThat(ec2.scan(f.stack, Set.of(REGION))).extracting(TaggedResource::physicalId)
                    .doesNotContainAnyElementsOf(instances(group));

            f.destroy(group);

            assertThat(groups.scan(f.stack, Set.of(REGION))).isEmpty();
            assertThat(ec2.scan(f.stack, Set.of(REGION))).extracting(TaggedResource::resourceType).doesNotContain("instance");
        });
    }

    private static ResolvedSpec policySpec(WebFixture f, ResourceRecord group, String targetCpu, String warmup) {
        return f.spec(AutoScalingKinds.SCALING_POLICY, "web.scaling-policy[cpu]",
                new LinkedHashMap<>(Map.of("name", f.stack + "-cpu", "policyType", "TargetTrackingScaling",
                        "targetCpu", targetCpu, "warmupSeconds", warmup)),
                Map.of("group", group));
    }

    private static List<ScalingPolicy> policies(WebFixture f, String group) {
        return f.clients.autoScaling(REGION).describePolicies(r -> r.autoScalingGroupName(group)).scalingPolicies();
    }
}
