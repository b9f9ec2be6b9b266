package dev.cairn.topology;

import static dev.cairn.topology.NetworkFixtures.IGW;
import static dev.cairn.topology.NetworkFixtures.REGION;
import static dev.cairn.topology.NetworkFixtures.VPC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.model.kinds.ResourceKinds;
import dev.cairn.topology.Diagram.Box;
import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.ContainerKind;
import dev.cairn.topology.Diagram.Edge;
import dev.cairn.topology.Diagram.EdgeKind;
import dev.cairn.topology.Diagram.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopologyLayoutTest {

    private static final Address SUBNET_PUBLIC_A = Address.of("network", "subnet", "public-a");
    private static final Address SUBNET_APP_A = Address.of("network", "subnet", "app-a");
    private static final Address SUBNET_DB_A = Address.of("network", "subnet", "db-a");
    private static final Address NAT_A = Address.of("network", "nat", "public-a");
    private static final Address EIP_A = Address.of("network", "eip", "public-a");
    private static final Address RT_PUBLIC = Address.of("network", "rtb", "public");
    private static final Address RT_PRIVATE_A = Address.of("network", "rtb", "private-a");

    private static Diagram planned(List<ResourceSpec> specs) {
        return TopologyLayout.layout(TopologyInput.planned("demo", REGION, specs));
    }

    @Test
    void layout_whenNetworkPlanned_nestsRegionVpcZoneSubnet() {
        Diagram d = planned(NetworkFixtures.network(2, 0));

        Container region = d.container("region:" + REGION).orElseThrow();
        Container vpc = d.container(VPC.value()).orElseThrow();
        Container zoneA = d.container("zone:" + VPC.value() + ":" + REGION + "a").orElseThrow();
        Container publicA = d.container(SUBNET_PUBLIC_A.value()).orElseThrow();
        assertThat(region.kind()).isEqualTo(ContainerKind.REGION);
        assertThat(vpc.parentId()).isEqualTo(region.id());
        assertThat(zoneA.parentId()).isEqualTo(vpc.id());
        assertThat(publicA.parentId()).isEqualTo(zoneA.id());
        assertThat(region.contains(vpc)).isTrue();
        assertThat(vpc.contains(zoneA)).isTrue();
        assertThat(zoneA.contains(publicA)).isTrue();
        assertThat(publicA.publicSubnet()).isTrue();
        assertThat(publicA.sublabel()).isEqualTo("10.0.0.0/24");
        assertThat(d.containers()).filteredOn(c -> c.kind() == ContainerKind.ZONE).hasSize(2);
        assertThat(d.containers()).filteredOn(c -> c.kind() == ContainerKind.SUBNET).hasSize(6);
        assertThat(d.containers()).filteredOn(c -> c.kind() == ContainerKind.SERVICES).isEmpty();
    }

    @Test
    void layout_whenNetworkPlanned_ordersTiersPublicAppDbAndAlignsZones() {
        Diagram d = planned(NetworkFixtures.network(2, 0));

        Container pub = d.container(SUBNET_PUBLIC_A.value()).orElseThrow();
        Container app = d.container(SUBNET_APP_A.value()).orElseThrow();
        Container db = d.container(SUBNET_DB_A.value()).orElseThrow();
        Container appB = d.container(Address.of("network", "subnet", "app-b").value()).orElseThrow();
        assertThat(pub.y()).isLessThan(app.y());
        assertThat(app.y()).isLessThan(db.y());
        assertThat(appB.y()).isEqualTo(app.y());
        assertThat(appB.x()).isGreaterThan(app.x());
    }

    @Test
    void layout_whenNetworkPlanned_putsNatWithItsEipInThePublicSubnetAndGatewayOnVpcEdge() {
        Diagram d = planned(NetworkFixtures.network(2, 0));

        Node nat = d.node(NAT_A).orElseThrow();
        Node eip = d.node(EIP_A).orElseThrow();
        Node igw = d.node(IGW).orElseThrow();
        Container vpc = d.container(VPC.value()).orElseThrow();
        assertThat(nat.parentId()).isEqualTo(SUBNET_PUBLIC_A.value());
        assertThat(eip.parentId()).isEqualTo(SUBNET_PUBLIC_A.value());
        assertThat(eip.y()).isEqualTo(nat.y());
        assertThat(eip.x()).isGreaterThan(nat.x());
        assertThat(igw.y()).isLessThan(vpc.y());
        assertThat(igw.y() + igw.h()).isGreaterThan(vpc.y());
        assertThat(d.node(RT_PUBLIC).orElseThrow().parentId()).isEqualTo(VPC.value());
        assertThat(d.node(RT_PRIVATE_A).orElseThrow().h()).isLessThan(nat.h());
    }

    @Test
    void layout_whenNetworkPlanned_drawsUntaggableKindsAsEdgesNotNodes() {
        Diagram d = planned(NetworkFixtures.network(2, 0));

        assertThat(d.nodes()).extracting(Node::kind).doesNotContain(Ec2Kinds.ROUTE, Ec2Kinds.IGW_ATTACHMENT,
                Ec2Kinds.ROUTE_TABLE_ASSOCIATION);
        assertThat(d.edges()).anySatisfy(e -> {
            assertThat(e.from()).isEqualTo(RT_PUBLIC.value());
            assertThat(e.to()).isEqualTo(IGW.value());
            assertThat(e.kind()).isEqualTo(EdgeKind.ROUTE);
            assertThat(e.label()).isEqualTo("0.0.0.0/0");
        });
        assertThat(d.edges()).anySatisfy(e -> {
            assertThat(e.from()).isEqualTo(RT_PRIVATE_A.value());
            assertThat(e.to()).isEqualTo(NAT_A.value());
            assertThat(e.kind()).isEqualTo(EdgeKind.ROUTE);
        });
        assertThat(d.edges()).anySatisfy(e -> {
            assertThat(e.from()).isEqualTo(SUBNET_APP_A.value());
            assertThat(e.to()).isEqualTo(RT_PRIVATE_A.value());
            assertThat(e.kind()).isEqualTo(EdgeKind.ATTACHMENT);
        });
        assertThat(d.edges()).anySatisfy(e -> {
            assertThat(e.from()).isEqualTo(IGW.value());
            assertThat(e.to()).isEqualTo(VPC.value());
        });
        // 6 associations, 3 routes, 1 gateway attachment, 2 NAT-to-EIP pairings
        assertThat(d.edges()).hasSize(12);
        assertThat(d.edges()).allSatisfy(e -> assertThat(e.points()).hasSizeGreaterThanOrEqualTo(2));
    }

    @Test
    void layout_whenStatusesDiffer_usesLiveThenStateThenPlanned() {
        List<ResourceSpec> specs = NetworkFixtures.network(1, 0);
        List<ResourceSpec> existing = specs.stream()
                .filter(s -> s.kind() == Ec2Kinds.VPC || s.kind() == Ec2Kinds.SUBNET).toList();
        StackState state = NetworkFixtures.created("demo", existing);
        Map<Address, ResourceRecord> records = new HashMap<>(state.resources());
        records.put(SUBNET_DB_A, records.get(SUBNET_DB_A).withStatus(ItemStatus.FAILED, Instant.EPOCH));
        state = new StackState("demo", records, Map.of());
        Map<Address, ItemStatus> live = Map.of(NAT_A, ItemStatus.CREATING, EIP_A, ItemStatus.WAITING,
                SUBNET_APP_A, ItemStatus.DELETING);

        Diagram d = TopologyLayout.layout(new TopologyInput("demo", REGION, specs, state, live));

        assertThat(d.container(VPC.value()).orElseThrow().status()).isEqualTo(NodeStatus.READY);
        assertThat(d.container(VPC.value()).orElseThrow().sublabel()).startsWith("10.0.0.0/16  vpc-");
        assertThat(d.container(SUBNET_APP_A.value()).orElseThrow().status()).isEqualTo(NodeStatus.DELETING);
        assertThat(d.container(SUBNET_DB_A.value()).orElseThrow().status()).isEqualTo(NodeStatus.FAILED);
        assertThat(d.node(NAT_A).orElseThrow().status()).isEqualTo(NodeStatus.CREATING);
        assertThat(d.node(EIP_A).orElseThrow().status()).isEqualTo(NodeStatus.PLANNED);
        assertThat(d.node(IGW).orElseThrow().status()).isEqualTo(NodeStatus.PLANNED);
        assertThat(d.node(IGW).orElseThrow().sublabel()).isEmpty();
    }

    @Test
    void nodeStatus_of_mapsEveryItemStatus() {
        assertThat(NodeStatus.of(ItemStatus.NEW)).isEqualTo(NodeStatus.PLANNED);
        assertThat(NodeStatus.of(ItemStatus.WAITING)).isEqualTo(NodeStatus.PLANNED);
        assertThat(NodeStatus.of(ItemStatus.SKIPPED)).isEqualTo(NodeStatus.PLANNED);
        assertThat(NodeStatus.of(ItemStatus.CREATING)).isEqualTo(NodeStatus.CREATING);
        assertThat(NodeStatus.of(ItemStatus.READY)).isEqualTo(NodeStatus.READY);
        assertThat(NodeStatus.of(ItemStatus.FAILED)).isEqualTo(NodeStatus.FAILED);
        assertThat(NodeStatus.of(ItemStatus.DELETING)).isEqualTo(NodeStatus.DELETING);
        assertThat(NodeStatus.of(ItemStatus.DELETED)).isEqualTo(NodeStatus.DELETED);
    }

    @Test
    void layout_whenResourcesBecomeReal_nothingMoves() {
        List<ResourceSpec> specs = NetworkFixtures.network(2, 0);
        Diagram before = planned(specs);
        Map<Address, ItemStatus> live = new HashMap<>();
        specs.forEach(s -> live.put(s.address(), ItemStatus.CREATING));
        Diagram during = TopologyLayout.layout(new TopologyInput("demo", REGION, specs, StackState.empty("demo"), live));
        Diagram after = TopologyLayout.layout(
                new TopologyInput("demo", REGION, specs, NetworkFixtures.created("demo", specs), Map.of()));

        assertThat(geometry(during)).isEqualTo(geometry(before));
        assertThat(geometry(after)).isEqualTo(geometry(before));
        assertThat(after.node(EIP_A).orElseThrow().sublabel()).startsWith("3.34.0.");
        assertThat(after.node(NAT_A).orElseThrow().sublabel()).startsWith("nat-");
    }

    @Test
    void layout_whenInputOrderShuffled_givesEqualDiagram() {
        List<ResourceSpec> specs = NetworkFixtures.network(3, 1);
        List<ResourceSpec> shuffled = new ArrayList<>(specs);
        Collections.shuffle(shuffled, new Random(42));

        assertThat(planned(shuffled)).isEqualTo(planned(specs));
        assertThat(planned(specs)).isEqualTo(planned(specs));
    }

    @Test
    void layout_whenResourceOnlyInState_keepsItVisibleWhileDeleting() {
        List<ResourceSpec> specs = NetworkFixtures.network(1, 0);
        StackState state = NetworkFixtures.created("demo", specs);
        List<ResourceSpec> desired = specs.stream().filter(s -> !s.address().equals(NAT_A)).toList();

        Diagram d = TopologyLayout.layout(
                new TopologyInput("demo", REGION, desired, state, Map.of(NAT_A, ItemStatus.DELETING)));

        assertThat(d.node(NAT_A).orElseThrow().status()).isEqualTo(NodeStatus.DELETING);
        assertThat(d.node(NAT_A).orElseThrow().parentId()).isEqualTo(SUBNET_PUBLIC_A.value());
    }

    @Test
    void layout_whenKindsHaveNoDedicatedPlace_usesSubnetRowOrServicesLane() {
        List<ResourceSpec> specs = new ArrayList<>(NetworkFixtures.network(2, 0));
        // Refs to resources that are not in the stack must not break anything either.
        Address ghost = Address.of("network", "subnet", "ghost");
        specs.add(NetworkFixtures.spec(Address.of("network", "nat", "orphan"), Ec2Kinds.NAT_GATEWAY, Map.of(),
                Map.of("subnet", ghost)));
        specs.add(NetworkFixtures.spec(Address.of("network", "route", "orphan"), Ec2Kinds.ROUTE, Map.of(),
                Map.of("routeTable", Address.of("network", "rtb", "ghost"), "gateway", IGW)));
        Set<ResourceKind> known = allKindsBut(Ec2Kinds.NAT_GATEWAY, Ec2Kinds.ELASTIC_IP);

        Diagram d = TopologyLayout.layout(TopologyInput.planned("demo", REGION, specs), known);

        Container services = d.container("services:" + REGION).orElseThrow();
        Container vpc = d.container(VPC.value()).orElseThrow();
        assertThat(d.node(NAT_A).orElseThrow().parentId()).isEqualTo(SUBNET_PUBLIC_A.value());
        assertThat(d.node(EIP_A).orElseThrow().parentId()).isEqualTo(services.id());
        assertThat(d.node(Address.of("network", "nat", "orphan")).orElseThrow().parentId()).isEqualTo(services.id());
        assertThat(services.intersects(vpc)).isFalse();
        assertThat(d.container("region:" + REGION).orElseThrow().contains(services)).isTrue();
        assertThat(d.edges()).noneSatisfy(e -> assertThat(e.from()).contains("ghost"));
        assertNoSiblingOverlap(d);
    }

    @Test
    void layout_whenStackEmpty_drawsOnlyTheRegion() {
        Diagram d = planned(List.of());

        assertThat(d.containers()).singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo(ContainerKind.REGION));
        assertThat(d.nodes()).isEmpty();
        assertThat(d.width()).isPositive();
        assertThat(d.height()).isPositive();
    }

    @Test
    void layout_whenFiveHundredResources_siblingsDoNotOverlapAndSizeIsBounded() {
        List<ResourceSpec> specs = NetworkFixtures.large(500);
        assertThat(specs).hasSize(500);
        // All kinds known, then some kinds treated as unknown (as kinds of later steps are).
        List<Set<ResourceKind>> variants = List.of(
                allKindsBut(),
                allKindsBut(Ec2Kinds.NAT_GATEWAY, Ec2Kinds.ELASTIC_IP),
                allKindsBut(Ec2Kinds.SUBNET, Ec2Kinds.ROUTE_TABLE));

        for (Set<ResourceKind> known : variants) {
            Diagram d = TopologyLayout.layout(TopologyInput.planned("big", REGION, specs), known);
            long drawn = specs.stream().filter(s -> s.kind().taggable()).count();
            assertThat(d.nodes().size() + d.containers().stream().filter(c -> c.address() != null).count())
                    .isEqualTo(drawn);
            assertNoSiblingOverlap(d);
            assertChildrenInsideParents(d);
            // Bounded: 4 zone columns wide, and never taller than one node per row would be.
            assertThat(d.width()).isLessThan(4 * TopologyLayout.ZONE_W + 400);
            assertThat(d.height()).isLessThan(d.nodes().size() * (TopologyLayout.NODE_H + TopologyLayout.GAP));
            assertThat(d.edges()).allSatisfy(e -> assertThat(e.points()).hasSizeGreaterThanOrEqualTo(2));
        }
        Diagram full = planned(specs);
        assertThat(full.nodes()).filteredOn(n -> n.kind() == Ec2Kinds.ROUTE_TABLE).hasSizeGreaterThan(20);
        assertThat(full.containers()).filteredOn(c -> c.kind() == ContainerKind.SUBNET).hasSizeGreaterThan(40);
    }

    static void assertNoSiblingOverlap(Diagram d) {
        Map<String, List<Box>> byParent = new LinkedHashMap<>();
        Map<Box, String> names = new HashMap<>();
        for (Container c : d.containers()) {
            byParent.computeIfAbsent(String.valueOf(c.parentId()), k -> new ArrayList<>()).add(c);
            names.put(c, c.id());
        }
        for (Node n : d.nodes()) {
            byParent.computeIfAbsent(n.parentId(), k -> new ArrayList<>()).add(n);
            names.put(n, n.id());
        }
        byParent.forEach((parent, boxes) -> {
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    if (spansZones(boxes.get(i), boxes.get(j)) || spansZones(boxes.get(j), boxes.get(i))) {
                        continue;
                    }
                    assertThat(boxes.get(i).intersects(boxes.get(j)))
                            .as("%s overlaps %s in %s", names.get(boxes.get(i)), names.get(boxes.get(j)), parent)
                            .isFalse();
                }
            }
        });
    }

    /**
     * A load balancer's box or a group's, which lie across zone columns on purpose (in the room
     * kept at the bottom of the subnets they cover), against a zone column.
     */
    static boolean spansZones(Box span, Box other) {
        boolean spanning = span instanceof Node n && n.kind().shape() == dev.cairn.model.ResourceKind.Shape.ACROSS_SUBNETS
                || span instanceof Container c && c.kind() == ContainerKind.GROUP;
        return spanning && other instanceof Container z && z.kind() == ContainerKind.ZONE;
    }

    static void assertChildrenInsideParents(Diagram d) {
        for (Container c : d.containers()) {
            if (c.parentId() != null) {
                Container parent = d.container(c.parentId()).orElseThrow();
                assertThat(parent.contains(c)).as(c.id()).isTrue();
                // Parents come first, so drawing in list order paints children on top.
                assertThat(d.containers().indexOf(parent)).as(c.id()).isLessThan(d.containers().indexOf(c));
            }
        }
        for (Node n : d.nodes()) {
            if (n.kind() != Ec2Kinds.INTERNET_GATEWAY) {
                assertThat(d.container(n.parentId()).orElseThrow().contains(n)).as(n.id()).isTrue();
            }
        }
    }

    private static List<String> geometry(Diagram d) {
        List<String> out = new ArrayList<>();
        d.containers().forEach(c -> out.add(c.id() + " " + c.x() + " " + c.y() + " " + c.w() + " " + c.h()));
        d.nodes().forEach(n -> out.add(n.id() + " " + n.x() + " " + n.y() + " " + n.w() + " " + n.h()));
        for (Edge e : d.edges()) {
            out.add(e.from() + ">" + e.to() + " " + e.points());
        }
        out.add(d.width() + "x" + d.height());
        return out;
    }

    /** Every registered kind but {@code unknown}: the layout treats those as kinds of later steps. */
    static Set<ResourceKind> allKindsBut(ResourceKind... unknown) {
        Set<ResourceKind> known = new java.util.HashSet<>(ResourceKinds.all());
        known.removeAll(List.of(unknown));
        return known;
    }
}
