package dev.cairn.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceKind.Shape;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.topology.Diagram.Box;
import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.ContainerKind;
import dev.cairn.topology.Diagram.Edge;
import dev.cairn.topology.Diagram.EdgeKind;
import dev.cairn.topology.Diagram.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Web tier in the picture: the load balancer across the public subnets with its listeners
 * folded in, its target group, certificate and DNS name beside it; the Auto Scaling group as a
 * box over the app subnets whose instances come and go without moving anything else; target
 * health as a colour.
 */
class WebTopologyTest {

    static final String REGION = AccessTopologyTest.REGION;
    static final String ZONE_A = REGION + "a";
    static final String ZONE_C = REGION + "c";

    static Diagram layout(List<ResourceSpec> specs, StackState state, Map<Address, GroupLive> groups) {
        return TopologyLayout.layout(new TopologyInput("demo", REGION, specs, state, Map.of(), groups));
    }

    static Diagram created(List<ResourceSpec> specs, GroupLive live) {
        return layout(specs, NetworkFixtures.created("demo", specs),
                live == null ? Map.of() : Map.of(WebFixtures.GROUP, live));
    }

    static GroupMember member(String id, String zone, String lifecycle, String health, int slot) {
        return new GroupMember(id, zone, lifecycle, health == null ? null : TargetHealth.of(health, "", ""), slot);
    }

    static Node node(Diagram d, Address a) {
        return d.node(a).orElseThrow(() -> new AssertionError("no node " + a));
    }

    static Container box(Diagram d, Address a) {
        return d.container(a.value()).orElseThrow(() -> new AssertionError("no container " + a));
    }

    static Node memberNode(Diagram d, String instanceId) {
        return node(d, TopologyLayout.memberAddress(WebFixtures.GROUP, instanceId));
    }

    static double right(Box b) {
        return b.x() + b.w();
    }

    @Test
    void layout_whenLoadBalancerRefsThePublicSubnets_spansThemWithItsListenersAsPorts() {
        List<ResourceSpec> specs = WebFixtures.guide();

        Diagram d = layout(specs, null, Map.of());

        Node alb = node(d, WebFixtures.ALB);
        Container publicA = box(d, NetworkResources.subnet("public-a"));
        Container publicC = box(d, NetworkResources.subnet("public-c"));
        assertThat(alb.parentId()).isEqualTo(NetworkResources.VPC.value());
        for (Container s : List.of(publicA, publicC)) {
            assertThat(s.contains(new Container("probe", null, ContainerKind.ZONE, "", "", alb.x(), alb.y(), 1, alb.h(),
                    false, NodeStatus.READY, null, null)) || alb.intersects(s)).as(s.id()).isTrue();
            assertThat(alb.y()).as("inside %s vertically", s.id()).isGreaterThan(s.y());
            assertThat(alb.y() + alb.h()).as("inside %s vertically", s.id()).isLessThan(s.y() + s.h());
        }
        assertThat(alb.x()).isBetween(publicA.x(), publicA.x() + TopologyLayout.PAD);
        assertThat(right(alb)).isBetween(right(publicC) - TopologyLayout.PAD, right(publicC));
        // Listeners are folded into it: no boxes, their ports in its sublabel.
        assertThat(d.node(WebFixtures.HTTP)).isEmpty();
        assertThat(d.node(WebFixtures.HTTPS)).isEmpty();
        assertThat(alb.sublabel()).isEqualTo(":80 → :443 · :443 HTTPS");
        // Nothing drawn in a public subnet lies under it.
        for (Node n : d.nodes()) {
            if (!n.equals(alb) && (n.parentId().equals(publicA.id()) || n.parentId().equals(publicC.id()))) {
                assertThat(n.intersects(alb)).as(n.id()).isFalse();
            }
        }
    }

    @Test
    void layout_whenWebTierPlanned_targetGroupCertificateAndNamesStandUnderTheLoadBalancer() {
        Diagram d = layout(WebFixtures.guide(), null, Map.of());

        Node alb = node(d, WebFixtures.ALB);
        Node tg = node(d, WebFixtures.TARGET_GROUP);
        Node site = node(d, WebFixtures.SITE);
        Node cert = node(d, WebFixtures.CERTIFICATE);
        Container group = box(d, WebFixtures.GROUP);
        for (Node n : List.of(tg, site, cert)) {
            assertThat(n.parentId()).as(n.id()).startsWith("zone:");
            assertThat(n.y()).as(n.id()).isGreaterThan(alb.y() + alb.h()).isLessThan(group.y());
        }
        // The target group under the load balancer's right end, traffic flowing down through it.
        assertThat(right(tg)).isEqualTo(right(alb));
        assertThat(tg.y()).isEqualTo(site.y());
        assertThat(site.sublabel()).isEqualTo("autoscaling.example.com");
        assertThat(cert.sublabel()).isEqualTo("autoscaling.example.com");
        assertThat(edge(d, EdgeKind.TRAFFIC, WebFixtures.ALB, WebFixtures.TARGET_GROUP)).isPresent();
        assertThat(edge(d, EdgeKind.TRAFFIC, WebFixtures.TARGET_GROUP, WebFixtures.GROUP)).isPresent();
        assertThat(edge(d, EdgeKind.TRAFFIC, WebFixtures.SITE, WebFixtures.ALB)).isPresent();
        // The image and the template beside the group, under it; none of these in the services lane.
        for (Address a : List.of(WebFixtures.IMAGE, WebFixtures.LAUNCH_TEMPLATE, WebFixtures.INSTANCE_SG)) {
            assertThat(node(d, a).y()).as(a.value()).isGreaterThan(group.y() + group.h());
            assertThat(node(d, a).parentId()).as(a.value()).startsWith("zone:");
        }
        assertThat(d.nodes()).noneMatch(n -> n.address().step().equals("web") && n.parentId().startsWith("services:"));
        // A DNS record is global: no region box of its own.
        assertThat(d.containers()).noneMatch(c -> c.id().equals("region:us-east-1"));
        TopologyLayoutTest.assertNoSiblingOverlap(d);
        SyntheticKindsTest.assertInsideParents(d);
    }

    static java.util.Optional<Edge> edge(Diagram d, EdgeKind kind, Address from, Address to) {
        return d.edges().stream().filter(e -> e.kind() == kind && e.from().equals(from.value())
                && e.to().equals(to.value())).findFirst();
    }

    @Test
    void layout_whenGroupRefsTheAppSubnets_isABoxSpanningThemSizedByMax() {
        Diagram small = layout(WebFixtures.guide(), null, Map.of());
        Diagram big = layout(WebFixtures.guide(8), null, Map.of());

        Container group = box(small, WebFixtures.GROUP);
        Container appA = box(small, NetworkResources.subnet("app-a"));
        Container appC = box(small, NetworkResources.subnet("app-c"));
        assertThat(group.kind()).isEqualTo(ContainerKind.GROUP);
        assertThat(group.parentId()).isEqualTo(NetworkResources.VPC.value());
        assertThat(group.x()).isBetween(appA.x(), appA.x() + TopologyLayout.PAD);
        assertThat(right(group)).isBetween(right(appC) - TopologyLayout.PAD, right(appC));
        assertThat(group.y()).isGreaterThan(appA.y()).isGreaterThan(appC.y());
        assertThat(right(group)).isLessThanOrEqualTo(right(appC));
        assertThat(group.y() + group.h()).isLessThan(appA.y() + appA.h()).isLessThan(appC.y() + appC.h());
        assertThat(group.label()).isEqualTo("Auto Scaling group");
        assertThat(group.sublabel()).isEqualTo("min 1 · max 3 · desired 1");
        // max 3 over two zones: two per zone, one row; max 8: four per zone, two rows.
        assertThat(box(big, WebFixtures.GROUP).h() - group.h()).isEqualTo(TopologyLayout.NODE_H + TopologyLayout.GAP);
        // The Access step's app host keeps its place in app-a, above the group.
        Node appHost = node(small, Address.of("access", "instance", "private"));
        assertThat(appHost.parentId()).isEqualTo(appA.id());
        assertThat(appHost.y() + appHost.h()).isLessThan(group.y());
    }

    @Test
    void layout_whenMembersLive_placesEachInTheSubnetOfItsZone() {
        List<ResourceSpec> specs = WebFixtures.guide();
        GroupLive live = new GroupLive(3, List.of(member("i-0a1", ZONE_A, "InService", "healthy", -1),
                member("i-0c1", ZONE_C, "InService", "healthy", -1), member("i-0a2", ZONE_A, "Pending", "initial", -1)));

        Diagram d = created(specs, live);

        Container appA = box(d, NetworkResources.subnet("app-a"));
        Container appC = box(d, NetworkResources.subnet("app-c"));
        Container group = box(d, WebFixtures.GROUP);
        Node a1 = memberNode(d, "i-0a1");
        Node a2 = memberNode(d, "i-0a2");
        Node c1 = memberNode(d, "i-0c1");
        for (Node n : List.of(a1, a2, c1)) {
            assertThat(n.parentId()).isEqualTo(group.id());
            assertThat(group.contains(n)).as(n.id()).isTrue();
            assertThat(n.member()).isTrue();
        }
        assertThat(appA.contains(a1)).isTrue();
        assertThat(appA.contains(a2)).isTrue();
        assertThat(appC.contains(c1)).isTrue();
        assertThat(a2.x()).isGreaterThan(a1.x());
        assertThat(a2.status()).isEqualTo(NodeStatus.CREATING);
        assertThat(group.sublabel()).isEqualTo("min 1 · max 3 · desired 3 · 2 in service");
        assertThat(a1.badge().text()).isEqualTo("WEB");
        TopologyLayoutTest.assertNoSiblingOverlap(d);
        SyntheticKindsTest.assertInsideParents(d);
    }

    @Test
    void layout_whenMembersComeAndGo_movesNoOtherBox() {
        List<ResourceSpec> specs = WebFixtures.guide();
        MemberSlots slots = new MemberSlots();
        GroupLive one = new GroupLive(1, slots.assign(WebFixtures.GROUP,
                List.of(member("i-01", ZONE_A, "InService", "healthy", -1))));
        GroupLive three = new GroupLive(3, slots.assign(WebFixtures.GROUP, List.of(
                member("i-01", ZONE_A, "InService", "healthy", -1), member("i-02", ZONE_C, "Pending", "initial", -1),
                member("i-03", ZONE_A, "Pending", "initial", -1))));
        // Scale-in terminates the oldest: i-03 stays where it was, not sliding into i-01's cell.
        GroupLive back = new GroupLive(2, slots.assign(WebFixtures.GROUP, List.of(
                member("i-02", ZONE_C, "InService", "healthy", -1), member("i-03", ZONE_A, "InService", "healthy", -1))));

        Diagram d1 = created(specs, one);
        Diagram d3 = created(specs, three);
        Diagram d2 = created(specs, back);

        assertSameBoxes(d1, d3);
        assertSameBoxes(d3, d2);
        assertThat(geometry(memberNode(d3, "i-03"))).isEqualTo(geometry(memberNode(d2, "i-03")));
        assertThat(geometry(memberNode(d3, "i-02"))).isEqualTo(geometry(memberNode(d2, "i-02")));
        assertThat(geometry(memberNode(d1, "i-01"))).isEqualTo(geometry(memberNode(d3, "i-01")));
        assertThat(d2.node(TopologyLayout.memberAddress(WebFixtures.GROUP, "i-01"))).isEmpty();
    }

    /** Every box but the group's members stands where it stood, the same size; the diagram too. */
    static void assertSameBoxes(Diagram a, Diagram b) {
        assertThat(List.of(a.width(), a.height())).isEqualTo(List.of(b.width(), b.height()));
        Map<String, List<Double>> boxesA = boxes(a);
        Map<String, List<Double>> boxesB = boxes(b);
        assertThat(boxesB).isEqualTo(boxesA);
    }

    static Map<String, List<Double>> boxes(Diagram d) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        d.containers().forEach(c -> out.put(c.id(), geometry(c)));
        d.nodes().stream().filter(n -> !n.member()).forEach(n -> out.put(n.id(), geometry(n)));
        return out;
    }

    static List<Double> geometry(Box b) {
        return List.of(b.x(), b.y(), b.w(), b.h());
    }

    @Test
    void layout_whenMoreMembersInAZoneThanItsCells_countsTheRestInTheGroupsLabel() {
        GroupLive live = new GroupLive(3, List.of(member("i-1", ZONE_A, "InService", null, -1),
                member("i-2", ZONE_A, "InService", null, -1), member("i-3", ZONE_A, "Pending", null, -1)));

        Diagram d = created(WebFixtures.guide(), live);

        assertThat(d.nodes().stream().filter(Node::member)).hasSize(2);
        assertThat(box(d, WebFixtures.GROUP).sublabel()).endsWith("+1 not shown");
    }

    @Test
    void layout_whenNoLiveDataButRecordedInstances_drawsThemBalancedOverTheZones() {
        List<ResourceSpec> specs = WebFixtures.guide();
        StackState state = NetworkFixtures.created("demo", specs);
        Map<Address, ResourceRecord> records = new LinkedHashMap<>(state.resources());
        ResourceRecord g = records.get(WebFixtures.GROUP);
        records.put(WebFixtures.GROUP, new ResourceRecord(g.spec(), g.physicalId(), Map.of("instances", "i-1,i-2"),
                g.status(), g.updated()));

        Diagram d = layout(specs, new StackState("demo", records, Map.of()), Map.of());

        Container appA = box(d, NetworkResources.subnet("app-a"));
        Container appC = box(d, NetworkResources.subnet("app-c"));
        assertThat(appA.contains(memberNode(d, "i-1"))).isTrue();
        assertThat(appC.contains(memberNode(d, "i-2"))).isTrue();
        assertThat(memberNode(d, "i-1").health()).isNull();
    }

    @Test
    void style_whenTargetHealthKnown_coloursTheMemberByItAndTheLegendExplainsIt() {
        GroupLive live = new GroupLive(3, List.of(member("i-h", ZONE_A, "InService", "healthy", -1),
                member("i-i", ZONE_A, "InService", "initial", -1),
                new GroupMember("i-u", ZONE_C, "InService", TargetHealth.of("unhealthy", "Target.Timeout",
                        "Request timed out"), -1),
                member("i-d", ZONE_C, "InService", "draining", -1)));

        Diagram d = created(WebFixtures.guide(), live);

        assertThat(DiagramStyle.nodeFill(memberNode(d, "i-h"))).isEqualTo("#bbf7d0");
        assertThat(DiagramStyle.nodeFill(memberNode(d, "i-i"))).isEqualTo("#e5e7eb");
        assertThat(DiagramStyle.nodeFill(memberNode(d, "i-u"))).isEqualTo("#fecaca");
        assertThat(DiagramStyle.nodeFill(memberNode(d, "i-d"))).isEqualTo("#fde68a");
        assertThat(DiagramStyle.nodeStroke(memberNode(d, "i-h"))).isEqualTo("#15803d");
        // A box with no health keeps its status's colour.
        assertThat(DiagramStyle.nodeFill(node(d, WebFixtures.ALB))).isEqualTo(DiagramStyle.nodeFill(NodeStatus.READY));
        assertThat(DiagramStyle.canvasHeight(d)).isEqualTo(d.height() + DiagramStyle.LEGEND_HEIGHT
                + DiagramStyle.LEGEND_HEALTH_HEIGHT);
        assertThat(DiagramStyle.legend(d)).extracting(DiagramStyle.LegendItem::text)
                .contains("target healthy", "target initial", "target unhealthy", "target draining");
        String svg = SvgWriter.toSvg(d);
        assertThat(svg).contains("data-health=\"unhealthy\"")
                .contains("<title>target unhealthy · Target.Timeout: Request timed out</title>");
    }

    @Test
    void targetHealth_ofAwsWords_readsEveryState() {
        assertThat(TargetHealth.State.of("healthy")).isEqualTo(TargetHealth.State.HEALTHY);
        assertThat(TargetHealth.State.of("unhealthy.draining")).isEqualTo(TargetHealth.State.DRAINING);
        assertThat(TargetHealth.State.of("draining")).isEqualTo(TargetHealth.State.DRAINING);
        assertThat(TargetHealth.State.of("unavailable")).isEqualTo(TargetHealth.State.UNAVAILABLE);
        assertThat(TargetHealth.State.of("something-new")).isEqualTo(TargetHealth.State.UNKNOWN);
        assertThat(new GroupMember("i-1", "", "Terminating:Wait", null, -1).status()).isEqualTo(NodeStatus.DELETING);
        assertThat(new GroupMember("i-1", "", "Pending:Wait", null, -1).status()).isEqualTo(NodeStatus.CREATING);
    }

    @Test
    void png_whenWholeGuideWithMembers_isWrittenForAReviewer() throws Exception {
        GroupLive live = new GroupLive(3, List.of(member("i-0a1f", ZONE_A, "InService", "healthy", -1),
                member("i-0c2e", ZONE_C, "InService", "unhealthy", -1), member("i-0a3d", ZONE_A, "Pending", "initial", -1)));
        Diagram d = created(WebFixtures.guide(), live);
        Path out = Path.of("target/screenshots/web-topology.png");
        Files.createDirectories(out.getParent());

        PngWriter.write(d, out, 1.0);

        assertThat(Files.size(out)).isPositive();
        assertThat(d.nodes().stream().map(Node::kind).filter(k -> k.shape() == Shape.ACROSS_SUBNETS)).hasSize(1);
    }
}
