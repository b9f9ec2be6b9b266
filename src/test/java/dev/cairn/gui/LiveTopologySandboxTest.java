package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.LiveGroups;
import dev.cairn.app.SandboxLoad;
import dev.cairn.aws.AwsClients;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.AutoScalingKinds;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.GroupLive;
import dev.cairn.topology.TopologyLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.MetricType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The diagram's live members against the Sandbox, through the same SDK clients a run uses: a
 * group behind a target group, read by {@link LiveGroups} through the {@link GroupWatch} into the
 * {@link TopologyViewModel}; members appear in the subnets of their zones with their targets'
 * health, and the Stress call ({@link SandboxLoad}) scales the group out and back in, which the
 * diagram follows without moving anything else.
 */
class LiveTopologySandboxTest {

    /** AWS's durations × 0.005: AlarmHigh's three minutes take 0.9 s, AlarmLow's fifteen 4.5 s. */
    static final double SCALE = 0.005;
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String REGION = "ap-northeast-2";
    static final String STACK = "demo";
    static final Address VPC = Address.of("network", "vpc");
    static final Address APP_A = Address.of("network", "subnet", "app-a");
    static final Address APP_C = Address.of("network", "subnet", "app-c");
    static final Address GROUP = Address.of("web", "auto-scaling-group");

    SandboxServer server;
    AwsClients clients;

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static ResourceSpec spec(Address a, dev.cairn.model.ResourceKind kind, Map<String, String> props,
            Map<String, Address> refs) {
        return new ResourceSpec(a, kind, REGION, props, refs, Set.of());
    }

    static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Test
    void members_whenTheGroupScalesUnderStress_appearAndGoInTheirZonesWithTheirHealth() throws Exception {
        server = SandboxServer.start(SandboxConfig.realistic(SCALE));
        clients = AwsClients.sandbox(server.endpoint());
        Ec2Client ec2 = clients.ec2(REGION);
        ElasticLoadBalancingV2Client elb = clients.elbv2(REGION);
        AutoScalingClient asg = clients.autoScaling(REGION);
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.11.0/24").availabilityZone(REGION + "a"))
                .subnet().subnetId();
        String c = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.12.0/24").availabilityZone(REGION + "c"))
                .subnet().subnetId();
        String sg = ec2.createSecurityGroup(r -> r.groupName("web").description("web").vpcId(vpc)).groupId();
        String image = ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                .values("al2023-ami-*-x86_64").build())).images().get(0).imageId();
        String template = ec2.createLaunchTemplate(r -> r.launchTemplateName("demo-web").launchTemplateData(d -> d
                .imageId(image).instanceType(InstanceType.T3_MICRO).securityGroupIds(sg))).launchTemplate()
                .launchTemplateId();
        String targetGroup = elb.createTargetGroup(r -> r.name("demo-web").protocol("HTTP").port(80).vpcId(vpc)
                .targetType("instance")).targetGroups().get(0).targetGroupArn();
        asg.createAutoScalingGroup(r -> r.autoScalingGroupName("demo-web")
                .launchTemplate(t -> t.launchTemplateId(template).version("$Latest"))
                .minSize(1).desiredCapacity(2).maxSize(4).vpcZoneIdentifier(a + "," + c)
                .targetGroupARNs(targetGroup).healthCheckType("ELB").healthCheckGracePeriod(10)
                .tags(software.amazon.awssdk.services.autoscaling.model.Tag.builder().key("cairn:stack").value(STACK)
                        .propagateAtLaunch(true).build()));
        asg.putScalingPolicy(r -> r.autoScalingGroupName("demo-web").policyName("cpu70")
                .policyType("TargetTrackingScaling").estimatedInstanceWarmup(10)
                .targetTrackingConfiguration(t -> t.targetValue(70.0).predefinedMetricSpecification(m ->
                        m.predefinedMetricType(MetricType.ASG_AVERAGE_CPU_UTILIZATION))));

        // The stack as Cairn recorded it: the network's specs, the group's record named by AWS's name.
        List<ResourceSpec> specs = new ArrayList<>();
        specs.add(spec(VPC, Ec2Kinds.VPC, Map.of("cidr", "10.0.0.0/16"), Map.of()));
        specs.add(spec(APP_A, Ec2Kinds.SUBNET, Map.of("cidr", "10.0.11.0/24", "zone", REGION + "a", "tier", "app"),
                Map.of("vpc", VPC)));
        specs.add(spec(APP_C, Ec2Kinds.SUBNET, Map.of("cidr", "10.0.12.0/24", "zone", REGION + "c", "tier", "app"),
                Map.of("vpc", VPC)));
        specs.add(spec(GROUP, AutoScalingKinds.AUTO_SCALING_GROUP, Map.of("name", "demo-web", "min", "1",
                "desired", "2", "max", "4"), Map.of("subnet.a", APP_A, "subnet.c", APP_C)));
        Map<Address, ResourceRecord> records = new LinkedHashMap<>();
        specs.forEach(s -> records.put(s.address(), new ResourceRecord(s, s.address().equals(GROUP) ? "demo-web"
                : s.address().shortName(), Map.of(), ItemStatus.READY, Instant.EPOCH)));
        StackState state = new StackState(STACK, records, Map.of());

        TopologyViewModel topology = new TopologyViewModel();
        topology.show(STACK, REGION, specs, state, Map.of());
        List<Runnable> ticks = new ArrayList<>();
        GroupWatch watch = new GroupWatch(new CurrentThreadTaskExecutor(), (target, s) -> LiveGroups.read(clients, s),
                (interval, tick) -> {
                    ticks.add(tick);
                    return () -> { };
                }, topology::showGroups);
        watch.follow(TargetChoice.SANDBOX, state);
        Runnable tick = () -> ticks.get(0).run();

        assertThat(eventually(() -> {
            tick.run();
            GroupLive g = topology.groups().get(GROUP);
            // No listener forwards to the target group: AWS calls its targets unused (Target.NotInUse).
            return g != null && g.inService() == 2 && g.members().stream().allMatch(m -> m.health() != null);
        })).as("two members in service, registered as targets: %s", topology.groups()).isTrue();
        Diagram two = topology.diagramProperty().get();
        List<Diagram.Node> members = two.nodes().stream().filter(Diagram.Node::member).toList();
        assertThat(members).hasSize(2);
        Diagram.Container subnetA = two.container(APP_A.value()).orElseThrow();
        Diagram.Container subnetC = two.container(APP_C.value()).orElseThrow();
        assertThat(members).anySatisfy(n -> assertThat(subnetA.contains(n)).isTrue())
                .anySatisfy(n -> assertThat(subnetC.contains(n)).isTrue());
        assertThat(watch.errorProperty().get()).isNull();

        assertThat(SandboxLoad.set(server.endpoint(), STACK, StressViewModel.STRESS_CPU)).containsExactly("demo-web");

        assertThat(eventually(() -> {
            tick.run();
            GroupLive g = topology.groups().get(GROUP);
            return g != null && g.desired() == 4 && g.members().size() == 4;
        })).as("scaled out to max: %s", topology.groups()).isTrue();
        Diagram four = topology.diagramProperty().get();
        for (Diagram.Node before : members) {
            Diagram.Node after = four.node(before.address()).orElseThrow();
            assertThat(List.of(after.x(), after.y())).as(before.id()).isEqualTo(List.of(before.x(), before.y()));
        }
        assertThat(four.container(GROUP.value()).orElseThrow().h()).isEqualTo(two.container(GROUP.value())
                .orElseThrow().h());

        SandboxLoad.set(server.endpoint(), STACK, 0);

        assertThat(eventually(() -> {
            tick.run();
            GroupLive g = topology.groups().get(GROUP);
            return g != null && g.members().size() == 1;
        })).as("scaled back in: %s", topology.groups()).isTrue();
        Diagram one = topology.diagramProperty().get();
        Diagram.Node left = one.nodes().stream().filter(Diagram.Node::member).findFirst().orElseThrow();
        Diagram.Node sameInFour = four.node(left.address()).orElseThrow();
        assertThat(List.of(left.x(), left.y())).as("the one left stays in its cell")
                .isEqualTo(List.of(sameInFour.x(), sameInFour.y()));
        assertThat(TopologyLayout.memberAddress(GROUP, "i-x").type()).isEqualTo("auto-scaling-group-member");
    }
}
