package dev.cairn.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.topology.ConsoleLinks;
import dev.cairn.model.Address;
import dev.cairn.model.AwsService;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Shape;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.ResourceKinds;
import dev.cairn.plan.CostEstimate;
import dev.cairn.plan.PriceTable;
import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.ContainerKind;
import dev.cairn.topology.Diagram.Edge;
import dev.cairn.topology.Diagram.EdgeKind;
import dev.cairn.topology.Diagram.Node;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Kinds no registry lists, one of each shape and billing basis, defined here as a later service's
 * definition file would define them: the layout places them, the SVG draws them, the cost
 * estimate prices them and the console links point at them, with no change to any of those
 * classes. None of them is an EC2 kind, not even the network and its subnets.
 */
class SyntheticKindsTest {

    static final String REGION = "eu-west-1";
    static final String FAR_REGION = "eu-central-1";
    static final String CONSOLE = "https://{region}.console.example.com/{id}";

    static ResourceKind.Builder kind(String wireName, String label, Shape shape) {
        ResourceKind.Builder b = ResourceKind.define(wireName).service(AwsService.ELBV2).label(label).cloudFormation("")
                .timeouts(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1)).cost(Cost.FREE);
        return shape == Shape.FOLDED ? b : b.shape(shape);
    }

    // Boxes.
    static final ResourceKind NET = kind("T_NET", "Net", Shape.VPC).taggedOnCreate("net").replaceOn("cidr")
            .icon("NET", "#101010").console(CONSOLE).build();
    static final ResourceKind CELL = kind("T_CELL", "Cell", Shape.SUBNET).taggedOnCreate("cell")
            .replaceOn("cidr", "zone", "tier").ref("net", NET).icon("CEL", "#202020").console(CONSOLE).build();
    static final ResourceKind DOOR = kind("T_DOOR", "Door", Shape.VPC_EDGE).taggedOnCreate("door")
            .icon("DOOR", "#303030").build();
    static final ResourceKind TABLE = kind("T_TABLE", "Table", Shape.VPC_BAND).taggedOnCreate("table")
            .ref("net", NET).icon("TBL", "#404040").build();
    static final ResourceKind ADDRESS = kind("T_ADDRESS", "Address", Shape.BESIDE_HOLDER).taggedOnCreate("address")
            .cost(Cost.publicIpv4()).icon("ADR", "#505050").build();
    static final ResourceKind RELAY = kind("T_RELAY", "Relay", Shape.IN_SUBNET).taggedOnCreate("relay")
            .ref("cell", CELL).ref("address", ADDRESS).cost(Cost.hourly().withUsage("requests", "million requests"))
            .icon("RLY", "#606060").console(CONSOLE).build();
    static final ResourceKind GUARD = kind("T_GUARD", "Guard", Shape.SERVICE).taggedOnCreate("guard")
            .icon("GRD", "#707070").build();
    static final ResourceKind WORKER = kind("T_WORKER", "Worker", Shape.IN_SUBNET).taggedOnCreate("worker")
            .updateOn("size").ref("cell", CELL).ref("guard", GUARD).cost(Cost.byInstanceType("size"))
            .icon("WRK", "#808080").console(CONSOLE).build();
    /** Taggable, so it is a box when the edge it should be cannot be drawn. */
    static final ResourceKind BRIDGE = kind("T_BRIDGE", "Bridge", Shape.PEERING).taggedOnCreate("bridge")
            .ref("near", NET).ref("far", NET).console(CONSOLE).build();

    // Relations.
    static final ResourceKind DOOR_LINK = kind("T_DOOR_LINK", "Door link", Shape.ATTACHMENT).foundThroughParent()
            .ref("door", DOOR).ref("net", NET).build();
    static final ResourceKind ADDRESS_LINK = kind("T_ADDRESS_LINK", "Address link", Shape.ADDRESS_ASSOCIATION)
            .foundThroughParent().ref("address", ADDRESS).ref("worker", WORKER).build();
    static final ResourceKind PATH = kind("T_PATH", "Path", Shape.ROUTE).foundThroughParent().replaceOn("destination")
            .ref("table", TABLE).ref("relay", RELAY).ref("bridge", BRIDGE).build();
    static final ResourceKind TABLE_LINK = kind("T_TABLE_LINK", "Table link", Shape.ASSOCIATION).foundThroughParent()
            .ref("table", TABLE).ref("cell", CELL).build();
    static final ResourceKind PERMIT = kind("T_PERMIT", "Permit", Shape.TRUST).foundThroughParent()
            .replaceOn("protocol", "fromPort", "toPort", "cidr").ref("group", GUARD).ref("sourceGroup", GUARD).build();
    static final ResourceKind BRIDGE_OK = kind("T_BRIDGE_OK", "Bridge acceptance", Shape.FOLDED).foundThroughParent()
            .ref("bridge", BRIDGE).foldedInto("bridge").build();

    static final Address NEAR = Address.of("t", "net", "near");
    static final Address FAR = Address.of("t", "net", "far");
    static final Address CELL_A = Address.of("t", "cell", "front-a");
    static final Address CELL_B = Address.of("t", "cell", "back-a");
    static final Address DOOR_A = Address.of("t", "door");
    static final Address TABLE_A = Address.of("t", "table", "front");
    static final Address RELAY_A = Address.of("t", "relay", "a");
    static final Address RELAY_ADDRESS = Address.of("t", "address", "relay");
    static final Address FRONT_GUARD = Address.of("t", "guard", "front");
    static final Address BACK_GUARD = Address.of("t", "guard", "back");
    static final Address FRONT = Address.of("t", "worker", "front");
    static final Address BACK = Address.of("t", "worker", "back");
    static final Address FRONT_ADDRESS = Address.of("t", "address", "front");
    static final Address BRIDGE_A = Address.of("t", "bridge");
    static final Address BRIDGE_ACCEPTANCE = Address.of("t", "bridge-ok");

    static ResourceSpec spec(Address a, ResourceKind kind, String region, Map<String, String> props,
            Map<String, Address> refs) {
        return new ResourceSpec(a, kind, region, props, refs, Set.of());
    }

    static ResourceSpec spec(Address a, ResourceKind kind, Map<String, String> props, Map<String, Address> refs) {
        return spec(a, kind, REGION, props, refs);
    }

    static List<ResourceSpec> stack() {
        List<ResourceSpec> s = new ArrayList<>();
        s.add(spec(NEAR, NET, Map.of("cidr", "10.9.0.0/16"), Map.of()));
        s.add(spec(FAR, NET, FAR_REGION, Map.of("cidr", "10.8.0.0/16"), Map.of()));
        s.add(spec(CELL_A, CELL, Map.of("cidr", "10.9.1.0/24", "zone", REGION + "a", "tier", "public"),
                Map.of("net", NEAR)));
        s.add(spec(CELL_B, CELL, Map.of("cidr", "10.9.2.0/24", "zone", REGION + "a", "tier", "app"),
                Map.of("net", NEAR)));
        s.add(spec(DOOR_A, DOOR, Map.of(), Map.of()));
        s.add(spec(Address.of("t", "door-link"), DOOR_LINK, Map.of(), Map.of("door", DOOR_A, "net", NEAR)));
        s.add(spec(TABLE_A, TABLE, Map.of("tier", "public"), Map.of("net", NEAR)));
        s.add(spec(Address.of("t", "table-link", "front-a"), TABLE_LINK, Map.of(), Map.of("table", TABLE_A, "cell", CELL_A)));
        s.add(spec(RELAY_ADDRESS, ADDRESS, Map.of(), Map.of()));
        s.add(spec(RELAY_A, RELAY, Map.of(), Map.of("cell", CELL_A, "address", RELAY_ADDRESS)));
        s.add(spec(Address.of("t", "path", "out"), PATH, Map.of("destination", "0.0.0.0/0"),
                Map.of("table", TABLE_A, "relay", RELAY_A)));
        s.add(spec(Address.of("t", "path", "far"), PATH, Map.of("destination", "10.8.0.0/16"),
                Map.of("table", TABLE_A, "bridge", BRIDGE_A)));
        s.add(spec(FRONT_GUARD, GUARD, Map.of(), Map.of()));
        s.add(spec(BACK_GUARD, GUARD, Map.of(), Map.of()));
        s.add(spec(FRONT, WORKER, Map.of("size", "t3.micro"), Map.of("cell", CELL_A, "guard", FRONT_GUARD)));
        s.add(spec(BACK, WORKER, Map.of("size", "t3.small"), Map.of("cell", CELL_B, "guard", BACK_GUARD)));
        s.add(spec(FRONT_ADDRESS, ADDRESS, Map.of(), Map.of()));
        s.add(spec(Address.of("t", "address-link", "front"), ADDRESS_LINK, Map.of(),
                Map.of("address", FRONT_ADDRESS, "worker", FRONT)));
        s.add(spec(Address.of("t", "permit", "back-from-front"), PERMIT,
                Map.of("protocol", "tcp", "fromPort", "8080", "toPort", "8080"),
                Map.of("group", BACK_GUARD, "sourceGroup", FRONT_GUARD)));
        s.add(spec(Address.of("t", "permit", "front-from-you"), PERMIT,
                Map.of("protocol", "tcp", "fromPort", "443", "toPort", "443", "cidr", "203.0.113.10/32"),
                Map.of("group", FRONT_GUARD)));
        s.add(spec(BRIDGE_A, BRIDGE, Map.of(), Map.of("near", NEAR, "far", FAR)));
        s.add(spec(BRIDGE_ACCEPTANCE, BRIDGE_OK, FAR_REGION, Map.of(), Map.of("bridge", BRIDGE_A)));
        return s;
    }

    /** Everything exists; the workers have private addresses, the addresses public ones. */
    static StackState created(List<ResourceSpec> specs) {
        Map<Address, ResourceRecord> records = new LinkedHashMap<>();
        int n = 0;
        for (ResourceSpec s : specs) {
            Map<String, String> attrs = new LinkedHashMap<>();
            if (s.kind() == ADDRESS) {
                attrs.put("publicIp", "198.51.100." + n);
            }
            if (s.kind() == WORKER) {
                attrs.put("privateIp", "10.9.0." + n);
            }
            records.put(s.address(), new ResourceRecord(s, s.kind().wireName().toLowerCase().substring(2) + "-0a" + n++,
                    attrs, ItemStatus.READY, Instant.EPOCH));
        }
        return new StackState("t", records, Map.of());
    }

    static Diagram planned() {
        return TopologyLayout.layout(TopologyInput.planned("t", REGION, stack()));
    }

    static Node node(Diagram d, Address a) {
        return d.node(a).orElseThrow(() -> new AssertionError("no node " + a));
    }

    static Container container(Diagram d, Address a) {
        return d.container(a.value()).orElseThrow(() -> new AssertionError("no container " + a));
    }

    static List<Edge> edges(Diagram d, EdgeKind kind, Address from, Address to) {
        return d.edges().stream().filter(e -> e.kind() == kind && e.from().equals(from.value()) && e.to().equals(to.value()))
                .toList();
    }

    @Test
    void kinds_areNotRegistered_soNothingCanHaveBeenTaughtAboutThem() {
        for (ResourceKind k : List.of(NET, CELL, DOOR, TABLE, ADDRESS, RELAY, GUARD, WORKER, BRIDGE, DOOR_LINK,
                ADDRESS_LINK, PATH, TABLE_LINK, PERMIT, BRIDGE_OK)) {
            assertThat(ResourceKinds.byWireName(k.wireName())).as(k.wireName()).isEmpty();
        }
    }

    @Test
    void layout_whenEveryShapeIsANewKind_placesEachAsItsShapeSays() {
        Diagram d = planned();

        Container near = container(d, NEAR);
        Container cellA = container(d, CELL_A);
        assertThat(near.kind()).isEqualTo(ContainerKind.VPC);
        assertThat(near.resourceKind()).isSameAs(NET);
        assertThat(near.label()).isEqualTo("Net near");
        assertThat(near.parentId()).isEqualTo("region:" + REGION);
        assertThat(container(d, FAR).parentId()).isEqualTo("region:" + FAR_REGION);
        assertThat(cellA.kind()).isEqualTo(ContainerKind.SUBNET);
        assertThat(cellA.label()).isEqualTo("Cell front-a · public");
        assertThat(cellA.publicSubnet()).isTrue();
        assertThat(container(d, CELL_A).y()).isLessThan(container(d, CELL_B).y());
        // VPC_EDGE: straddles the top edge of the net its attachment names; the attachment is an edge.
        Node door = node(d, DOOR_A);
        assertThat(door.parentId()).isEqualTo(NEAR.value());
        assertThat(door.y()).isLessThan(near.y());
        assertThat(door.y() + door.h()).isGreaterThan(near.y());
        assertThat(edges(d, EdgeKind.ATTACHMENT, DOOR_A, NEAR)).hasSize(1);
        // VPC_BAND: in the band under the header, above the zones; the association is an edge.
        Node table = node(d, TABLE_A);
        assertThat(table.parentId()).isEqualTo(NEAR.value());
        assertThat(table.y() + table.h()).isLessThan(cellA.y());
        assertThat(edges(d, EdgeKind.ATTACHMENT, CELL_A, TABLE_A)).hasSize(1);
        // IN_SUBNET with a BESIDE_HOLDER ref of its own: the address beside it, joined by an edge.
        Node relay = node(d, RELAY_A);
        Node relayAddress = node(d, RELAY_ADDRESS);
        assertThat(relay.parentId()).isEqualTo(CELL_A.value());
        assertThat(relayAddress.parentId()).isEqualTo(CELL_A.value());
        assertThat(relayAddress.y()).isEqualTo(relay.y());
        assertThat(relayAddress.x()).isGreaterThan(relay.x());
        assertThat(edges(d, EdgeKind.ATTACHMENT, RELAY_A, RELAY_ADDRESS)).hasSize(1);
        // ROUTE: from its table to its target's box, labelled with its destination.
        assertThat(edges(d, EdgeKind.ROUTE, TABLE_A, RELAY_A)).singleElement()
                .satisfies(e -> assertThat(e.label()).isEqualTo("0.0.0.0/0"));
        // IN_SUBNET with an ADDRESS_ASSOCIATION: its own row after the relay, the address beside it.
        Node front = node(d, FRONT);
        Node frontAddress = node(d, FRONT_ADDRESS);
        assertThat(front.parentId()).isEqualTo(CELL_A.value());
        assertThat(front.y()).isGreaterThan(relay.y());
        assertThat(front.x()).isEqualTo(relay.x());
        assertThat(frontAddress.y()).isEqualTo(front.y());
        assertThat(edges(d, EdgeKind.ATTACHMENT, FRONT, FRONT_ADDRESS)).hasSize(1);
        assertThat(node(d, BACK).parentId()).isEqualTo(CELL_B.value());
        // SERVICE: the services lane of its region.
        assertThat(node(d, FRONT_GUARD).parentId()).isEqualTo("services:" + REGION);
        // TRUST: from the source group's members to the group's members, and from outside.
        assertThat(edges(d, EdgeKind.TRUST, FRONT, BACK)).singleElement()
                .satisfies(e -> assertThat(e.label()).isEqualTo("tcp 8080"));
        assertThat(container(d, Address.parse(node(d, FRONT).parentId())).kind()).isEqualTo(ContainerKind.SUBNET);
        assertThat(d.container(TopologyLayout.EXTERNAL_ID)).isPresent();
        assertThat(d.edges()).anySatisfy(e -> {
            assertThat(e.from()).isEqualTo(TopologyLayout.EXTERNAL_ID);
            assertThat(e.to()).isEqualTo(FRONT.value());
            assertThat(e.label()).isEqualTo("tcp 443");
        });
        // PEERING: an edge between the two nets, counting the path through it; FOLDED: not drawn.
        assertThat(d.edges().stream().filter(e -> e.kind() == EdgeKind.PEERING)).singleElement().satisfies(e -> {
            assertThat(e.from()).isEqualTo(NEAR.value());
            assertThat(e.to()).isEqualTo(FAR.value());
            assertThat(e.label()).endsWith(" · 1 route");
        });
        assertThat(d.node(BRIDGE_A)).isEmpty();
        assertThat(d.node(BRIDGE_ACCEPTANCE)).isEmpty();
        // Relations are never boxes.
        assertThat(d.nodes()).extracting(Node::kind).doesNotContain(DOOR_LINK, ADDRESS_LINK, PATH, TABLE_LINK, PERMIT);

        TopologyLayoutTest.assertNoSiblingOverlap(d);
        assertInsideParents(d);
    }

    @Test
    void layout_whenNewKindsBecomeReal_nothingMovesAndSublabelsAndFoldedStatesShow() {
        List<ResourceSpec> specs = stack();
        StackState state = created(specs);

        Diagram ready = TopologyLayout.layout(new TopologyInput("t", REGION, specs, state,
                Map.of(BRIDGE_ACCEPTANCE, ItemStatus.CREATING)));
        Diagram planned = planned();

        for (Node n : planned.nodes()) {
            Node r = node(ready, n.address());
            assertThat(List.of(r.x(), r.y(), r.w(), r.h())).as(n.id()).isEqualTo(List.of(n.x(), n.y(), n.w(), n.h()));
        }
        String frontIp = state.resources().get(FRONT).attributes().get("privateIp");
        String frontPublic = state.resources().get(FRONT_ADDRESS).attributes().get("publicIp");
        assertThat(node(ready, FRONT).sublabel()).isEqualTo(frontIp + " · " + frontPublic);
        assertThat(node(ready, RELAY_A).sublabel()).isEqualTo(state.resources().get(RELAY_A).physicalId());
        assertThat(node(ready, RELAY_ADDRESS).sublabel()).startsWith("198.51.100.");
        // The acceptance folded into the bridge shows on the bridge's edge while it is not ready.
        assertThat(ready.edges().stream().filter(e -> e.kind() == EdgeKind.PEERING)).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(NodeStatus.CREATING));
    }

    @Test
    void layout_whenANewTaggableRelationHasNoEnds_isABoxInItsLane() {
        List<ResourceSpec> specs = new ArrayList<>(stack());
        specs.removeIf(s -> s.address().equals(FAR));

        Diagram d = TopologyLayout.layout(TopologyInput.planned("t", REGION, specs));

        assertThat(node(d, BRIDGE_A).parentId()).isEqualTo("services:" + REGION);
        assertThat(d.edges()).noneMatch(e -> e.kind() == EdgeKind.PEERING);
        TopologyLayoutTest.assertNoSiblingOverlap(d);
    }

    @Test
    void layout_whenNewKindsShapesAreNotHonoured_fallsBackToSubnetRowsLaneAndGenericEdges() {
        Set<ResourceKind> honoured = Set.of(NET, CELL);

        Diagram d = TopologyLayout.layout(TopologyInput.planned("t", REGION, stack()), honoured);

        assertThat(node(d, RELAY_A).parentId()).isEqualTo(CELL_A.value());
        assertThat(node(d, FRONT).parentId()).isEqualTo(CELL_A.value());
        assertThat(node(d, DOOR_A).parentId()).isEqualTo("services:" + REGION);
        assertThat(node(d, BRIDGE_A).parentId()).isEqualTo("services:" + REGION);
        // An untaggable kind that joins two boxes is a generic edge, labelled by its kind.
        assertThat(d.edges()).anySatisfy(e -> assertThat(e.label()).isEqualTo("Address link"));
        assertThat(d.edges()).noneMatch(e -> e.kind() == EdgeKind.TRUST || e.kind() == EdgeKind.PEERING);
        TopologyLayoutTest.assertNoSiblingOverlap(d);
        assertInsideParents(d);
    }

    @Test
    void svg_whenNewKindsDrawn_badgesThemFromTheirIcons() {
        String svg = SvgWriter.toSvg(planned());

        for (ResourceKind k : List.of(DOOR, TABLE, ADDRESS, RELAY, GUARD, WORKER)) {
            String key = k.wireName().toLowerCase();
            assertThat(svg).as(key).contains("data-kind=\"" + key + "\"");
            assertThat(svg).as(key).contains("fill=\"" + k.icon().orElseThrow().colour() + "\"");
            assertThat(svg).as(key).contains(">" + k.icon().orElseThrow().text() + "</text>");
        }
        assertThat(svg).contains("data-id=\"" + NEAR.value() + "\"").contains("Net near");
    }

    @Test
    void cost_whenNewKindsOfEveryBillingBasis_pricesEachFromItsCostFact() {
        List<ResourceSpec> here = stack().stream().filter(s -> s.region().equals(REGION)).toList();
        PriceTable prices = PriceTable.of(Map.of(
                "hourly.T_RELAY." + REGION, "0.025",
                "usage.T_RELAY." + REGION, "0.40",
                "instance." + REGION + ".t3.micro", "0.0114",
                "instance." + REGION + ".t3.small", "0.0228"));

        CostEstimate cost = CostEstimate.of(here, prices);

        assertThat(cost.lines()).extracting(CostEstimate.Line::item).containsExactly(
                "Relay",
                "Worker t3.micro (on-demand Linux)",
                "Worker t3.small (on-demand Linux)",
                "Public IPv4 address",
                "Relay requests (not estimated)");
        assertThat(cost.lines()).extracting(CostEstimate.Line::quantity).containsExactly(1, 1, 1, 2, 1);
        assertThat(cost.lines().get(4).unit()).isEqualTo("million requests");
        assertThat(cost.lines().get(4).unitPrice()).hasValue(new BigDecimal("0.40"));
        // 0.025 + 0.0114 + 0.0228 + 2 × 0.005; the free kinds (net, cell, door, ...) add nothing.
        assertThat(cost.hourly()).isEqualByComparingTo("0.0692");
        assertThat(cost.pricesKnown()).isTrue();
    }

    @Test
    void consoleLinks_whenNewKindsHaveATemplate_linkEachAndOnlyThose() {
        for (ResourceKind k : List.of(NET, CELL, RELAY, WORKER, BRIDGE)) {
            assertThat(ConsoleLinks.url(k, REGION, "thing-0a1")).as(k.wireName())
                    .hasValue("https://eu-west-1.console.example.com/thing-0a1");
        }
        assertThat(ConsoleLinks.url(GUARD, REGION, "thing-0a1")).isEmpty();
    }

    /** Children inside parents, but a {@link Shape#VPC_EDGE} box, which straddles its VPC's edge. */
    static void assertInsideParents(Diagram d) {
        for (Container c : d.containers()) {
            if (c.parentId() != null) {
                assertThat(d.container(c.parentId()).orElseThrow().contains(c)).as(c.id()).isTrue();
            }
        }
        for (Node n : d.nodes()) {
            if (n.kind().shape() != Shape.VPC_EDGE) {
                assertThat(d.container(n.parentId()).orElseThrow().contains(n)).as(n.id()).isTrue();
            }
        }
    }
}
