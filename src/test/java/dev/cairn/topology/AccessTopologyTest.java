package dev.cairn.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.plan.Planner;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.access.AccessResources;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.topology.Diagram.Box;
import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.ContainerKind;
import dev.cairn.topology.Diagram.Edge;
import dev.cairn.topology.Diagram.EdgeKind;
import dev.cairn.topology.Diagram.Node;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The Access step in the picture: instances, Elastic IPs, trust edges, the peer region. */
class AccessTopologyTest {

    static final String REGION = "ap-northeast-2";
    static final String MY_IP = "203.0.113.10/32";

    static List<ResourceSpec> demoSpecs() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.demo());
        bp = bp.with(AccessSection.KEY, bp.section(AccessSection.KEY).withMyIp(MY_IP));
        return Planner.specs(bp);
    }

    static Diagram planned(List<ResourceSpec> specs) {
        return TopologyLayout.layout(TopologyInput.planned("demo", REGION, specs));
    }

    static Diagram ready(List<ResourceSpec> specs) {
        return TopologyLayout.layout(new TopologyInput("demo", REGION, specs, NetworkFixtures.created("demo", specs), Map.of()));
    }

    static Node node(Diagram d, Address a) {
        return d.node(a).orElseThrow(() -> new AssertionError("no node " + a));
    }

    static Container container(Diagram d, Address a) {
        return d.container(a.value()).orElseThrow(() -> new AssertionError("no container " + a));
    }

    static List<Edge> edges(Diagram d, EdgeKind kind, String from, String to) {
        return d.edges().stream().filter(e -> e.kind() == kind && e.from().equals(from) && e.to().equals(to)).toList();
    }

    @Test
    void layout_whenGuideStackWithAccessAndPeering_drawsEveryTaggableResourceButThePeeringAsABox() {
        List<ResourceSpec> specs = demoSpecs();

        Diagram d = planned(specs);

        for (ResourceSpec s : specs) {
            boolean boxed = d.node(s.address()).isPresent() || d.container(s.address().value()).isPresent();
            assertThat(boxed).as(s.address().value()).isEqualTo(s.kind().taggable() && s.kind() != Ec2Kinds.VPC_PEERING);
        }
        // Security groups and the key pair are clickable in the services lanes.
        assertThat(node(d, AccessResources.securityGroup("bastion")).parentId()).isEqualTo("services:" + REGION);
        assertThat(node(d, AccessResources.KEY_PAIR).parentId()).isEqualTo("services:" + REGION);
        assertThat(node(d, Address.of("peer", "sg", "private")).parentId()).isEqualTo("services:ap-northeast-1");
    }

    @Test
    void layout_whenAccessPlanned_putsInstancesInTheirSubnetsWithRoleIconsAndTheirEipsBeside() {
        Diagram d = planned(demoSpecs());

        for (String role : List.of("bastion", "vpn")) {
            Node inst = node(d, AccessResources.instance(role));
            assertThat(inst.parentId()).isEqualTo(NetworkResources.subnet("public-a").value());
            assertThat(inst.iconKey()).isEqualTo(role);
            Node eip = node(d, AccessResources.eip(role));
            assertThat(eip.parentId()).isEqualTo(inst.parentId());
            assertThat(eip.y()).isEqualTo(inst.y());
            assertThat(eip.x()).isGreaterThan(inst.x());
            // The association is the edge between them, not a box.
            assertThat(edges(d, EdgeKind.ATTACHMENT, inst.id(), eip.id())).hasSize(1);
        }
        Node app = node(d, AccessResources.instance("private"));
        assertThat(container(d, Address.parse(app.parentId())).label()).contains("app");
        assertThat(app.iconKey()).isEqualTo("app");
        Node peer = node(d, AccessResources.peerInstance());
        assertThat(peer.iconKey()).isEqualTo("peer");
        assertThat(d.node(AccessResources.eipAssociation("bastion"))).isEmpty();
    }

    @Test
    void layout_whenAccessReady_sublabelsInstancesWithPrivateAndElasticIp() {
        List<ResourceSpec> specs = demoSpecs();
        Diagram d = ready(specs);

        Node bastion = node(d, AccessResources.instance("bastion"));
        String eipIp = node(d, AccessResources.eip("bastion")).sublabel();
        assertThat(bastion.sublabel()).matches("10\\.0\\.0\\.\\d+ · " + eipIp.replace(".", "\\."));
        assertThat(node(d, AccessResources.instance("private")).sublabel()).matches("10\\.0\\.0\\.\\d+");
        assertThat(bastion.status()).isEqualTo(NodeStatus.READY);
    }

    @Test
    void layout_whenGroupRulesReferenceGroups_drawsTrustFromBastionAndVpnToTheApp() {
        Diagram d = planned(demoSpecs());
        String app = AccessResources.instance("private").value();

        for (String role : List.of("bastion", "vpn")) {
            List<Edge> trust = edges(d, EdgeKind.TRUST, AccessResources.instance(role).value(), app);
            assertThat(trust).hasSize(1);
            assertThat(trust.get(0).label()).isEqualTo("SSH 22");
            assertThat(trust.get(0).status()).isEqualTo(NodeStatus.PLANNED);
            // Ends on the app instance's top side.
            Node target = node(d, AccessResources.instance("private"));
            assertThat(trust.get(0).points().get(trust.get(0).points().size() - 1).y()).isEqualTo(target.y());
        }
        assertThat(d.edges()).noneMatch(e -> e.kind() == EdgeKind.TRUST && e.to().equals(AccessResources.instance("bastion").value())
                && !e.from().equals(TopologyLayout.EXTERNAL_ID));
    }

    @Test
    void layout_whenRulesComeFromMyIp_drawsEdgesFromTheInternetBoxLeftOfTheRegions() {
        Diagram d = planned(demoSpecs());

        Container ext = d.container(TopologyLayout.EXTERNAL_ID).orElseThrow();
        assertThat(ext.kind()).isEqualTo(ContainerKind.EXTERNAL);
        assertThat(ext.sublabel()).isEqualTo(MY_IP);
        Container region = d.container("region:" + REGION).orElseThrow();
        assertThat(ext.x() + ext.w()).isLessThan(region.x());

        Edge ssh = edges(d, EdgeKind.TRUST, ext.id(), AccessResources.instance("bastion").value()).get(0);
        assertThat(ssh.label()).isEqualTo("SSH 22");
        Edge vpn = edges(d, EdgeKind.TRUST, ext.id(), AccessResources.instance("vpn").value()).get(0);
        assertThat(vpn.label()).isEqualTo("tcp 22, 443, 943 · udp 1194");
        // Straight across, from the box's right side to the instance's left side.
        Node bastion = node(d, AccessResources.instance("bastion"));
        assertThat(ssh.points()).hasSize(2);
        assertThat(ssh.points().get(0).x()).isEqualTo(ext.x() + ext.w());
        assertThat(ssh.points().get(1).x()).isEqualTo(bastion.x());
        assertThat(ssh.points().get(1).y()).isEqualTo(bastion.y() + bastion.h() / 2);
        // The private instance is not reachable from outside.
        assertThat(edges(d, EdgeKind.TRUST, ext.id(), AccessResources.instance("private").value())).isEmpty();
    }

    @Test
    void layout_whenPeerRuleAllowsTheMainVpcCidr_drawsIcmpFromTheMainVpcToThePeerInstance() {
        Diagram d = planned(demoSpecs());

        List<Edge> icmp = edges(d, EdgeKind.TRUST, NetworkResources.VPC.value(), AccessResources.peerInstance().value());

        assertThat(icmp).hasSize(1);
        assertThat(icmp.get(0).label()).isEqualTo("ICMP");
    }

    @Test
    void layout_whenPeeringPlanned_drawsThePeerRegionBesideJoinedByThePeeringEdge() {
        Diagram d = planned(demoSpecs());

        Container main = d.container("region:" + REGION).orElseThrow();
        Container peer = d.container("region:ap-northeast-1").orElseThrow();
        assertThat(peer.x()).isGreaterThan(main.x() + main.w());
        Container peerVpc = container(d, AccessResources.PEER_VPC);
        assertThat(peerVpc.parentId()).isEqualTo(peer.id());
        assertThat(peerVpc.sublabel()).isEqualTo("192.168.10.0/24");
        assertThat(d.containers()).filteredOn(c -> c.kind() == ContainerKind.SUBNET && peer.contains(c)).isNotEmpty();
        Node peerInstance = node(d, AccessResources.peerInstance());
        assertThat(container(d, Address.parse(peerInstance.parentId())).label()).contains("app");

        List<Edge> peering = edges(d, EdgeKind.PEERING, NetworkResources.VPC.value(), AccessResources.PEER_VPC.value());
        assertThat(peering).hasSize(1);
        Edge e = peering.get(0);
        assertThat(e.label()).startsWith("VPC peering · planned · ").endsWith(" routes");
        Container mainVpc = container(d, NetworkResources.VPC);
        assertThat(e.points().get(0).x()).isEqualTo(mainVpc.x() + mainVpc.w());
        assertThat(e.points().get(e.points().size() - 1).y()).isEqualTo(peerVpc.y() + peerVpc.h());
    }

    @Test
    void layout_whenPeeringRequestedButNotAccepted_edgeShowsTheAcceptanceStatus() {
        List<ResourceSpec> specs = demoSpecs();
        StackState state = NetworkFixtures.created("demo", specs.stream()
                .filter(s -> s.kind() != Ec2Kinds.VPC_PEERING_ACCEPTANCE).toList());

        Diagram d = TopologyLayout.layout(new TopologyInput("demo", REGION, specs, state,
                Map.of(AccessResources.PEERING_ACCEPTANCE, ItemStatus.CREATING)));

        Edge e = edges(d, EdgeKind.PEERING, NetworkResources.VPC.value(), AccessResources.PEER_VPC.value()).get(0);
        assertThat(e.status()).isEqualTo(NodeStatus.CREATING);
        assertThat(e.label()).contains("creating");
    }

    @Test
    void layout_whenAccessResourcesBecomeReal_nothingMoves() {
        List<ResourceSpec> specs = demoSpecs();

        Diagram planned = planned(specs);
        Diagram ready = ready(specs);

        assertThat(ready.nodes()).hasSameSizeAs(planned.nodes());
        for (Node n : planned.nodes()) {
            Node r = node(ready, n.address());
            assertThat(List.of(r.x(), r.y(), r.w(), r.h())).as(n.id()).isEqualTo(List.of(n.x(), n.y(), n.w(), n.h()));
        }
        assertThat(ready.edges().stream().map(Edge::points).toList())
                .isEqualTo(planned.edges().stream().map(Edge::points).toList());
    }

    @Test
    void layout_whenManyInstancesAndRulesInTwoRegions_siblingsDoNotOverlap() {
        List<ResourceSpec> specs = new ArrayList<>(demoSpecs());
        // 120 more instances across the demo's subnets, each group trusted by the bastion's,
        // plus rules from outside: a stack of about 500 resources.
        List<String> subnets = specs.stream().filter(s -> s.kind() == Ec2Kinds.SUBNET)
                .map(s -> s.address().value()).sorted().toList();
        for (int i = 0; specs.size() < 500; i++) {
            String subnetId = subnets.get(i % subnets.size());
            ResourceSpec subnet = specs.stream().filter(s -> s.address().value().equals(subnetId))
                    .findFirst().orElseThrow();
            Address sg = Address.of("access", "sg", "extra-" + i);
            Address vpc = subnet.refs().get("vpc");
            specs.add(new ResourceSpec(sg, Ec2Kinds.SECURITY_GROUP, subnet.region(),
                    Map.of("groupName", "x" + i, "description", "extra"), Map.of("vpc", vpc), Set.of()));
            Map<String, Address> refs = new LinkedHashMap<>();
            refs.put("subnet", subnet.address());
            refs.put("securityGroup", sg);
            specs.add(new ResourceSpec(Address.of("access", "instance", "extra-" + i), Ec2Kinds.INSTANCE,
                    subnet.region(), Map.of("role", "private", "instanceType", "t3.micro"), refs, Set.of()));
            specs.add(new ResourceSpec(Address.of("access", "sg-rule", "extra-" + i), Ec2Kinds.SECURITY_GROUP_RULE,
                    subnet.region(), Map.of("protocol", "tcp", "fromPort", "22", "toPort", "22"),
                    Map.of("group", sg, "sourceGroup", AccessResources.securityGroup("bastion")), Set.of()));
            specs.add(new ResourceSpec(Address.of("access", "sg-rule", "extra-web-" + i), Ec2Kinds.SECURITY_GROUP_RULE,
                    subnet.region(), Map.of("protocol", "tcp", "fromPort", "443", "toPort", "443", "cidr", "198.51.100.0/24"),
                    Map.of("group", sg), Set.of()));
        }
        specs = specs.subList(0, 500);

        Diagram d = planned(specs);

        TopologyLayoutTest.assertNoSiblingOverlap(d);
        TopologyLayoutTest.assertChildrenInsideParents(d);
        assertThat(d.nodes()).filteredOn(n -> n.kind() == Ec2Kinds.INSTANCE).hasSizeGreaterThan(100);
        assertThat(d.edges()).filteredOn(e -> e.kind() == EdgeKind.TRUST).hasSizeGreaterThan(200);
        assertThat(d.edges()).allSatisfy(e -> assertThat(e.points()).hasSizeGreaterThanOrEqualTo(2));
        // Every instance lies inside its own subnet.
        for (Node n : d.nodes()) {
            if (n.kind() == Ec2Kinds.INSTANCE) {
                Box parent = d.container(n.parentId()).orElseThrow();
                assertThat(d.container(n.parentId()).orElseThrow().kind()).isEqualTo(ContainerKind.SUBNET);
                assertThat(parent.contains(n)).isTrue();
            }
        }
        assertThat(d.container(TopologyLayout.EXTERNAL_ID).orElseThrow().sublabel())
                .isEqualTo("198.51.100.0/24, " + MY_IP);
        // Deterministic.
        assertThat(planned(specs)).isEqualTo(d);
    }

    @Test
    void svg_whenAccessDrawn_hasTrustAndPeeringEdgesAndTheInternetBoxAndParses() throws Exception {
        Diagram d = ready(demoSpecs());
        StringWriter out = new StringWriter();

        SvgWriter.write(d, out);

        String svg = out.toString();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("class=\"edge trust\"", "class=\"edge peering\"", "Internet · you", "SG trust",
                "VPC peering", "tcp 22, 443, 943 · udp 1194");
        // Peering edges are heavier and carry no arrowhead; trust edges do.
        assertThat(svg).contains("stroke=\"" + DiagramStyle.edgeStroke(EdgeKind.PEERING) + "\" stroke-width=\"2.6\"");
        assertThat(svg).contains("url(#arrow-trust)").doesNotContain("url(#arrow-peering)");
    }

    @Test
    void png_whenFullDemoReady_rendersTheScreenshot() throws Exception {
        Diagram d = ready(demoSpecs());
        Path file = Path.of("target/screenshots/topology-access.png");
        Files.createDirectories(file.getParent());

        PngWriter.write(d, file, 1.5);

        var img = ImageIO.read(file.toFile());
        assertThat(img.getWidth()).isEqualTo((int) Math.ceil(d.width() * 1.5));
        // The trust colour appears: the edges were drawn, not only the boxes.
        int trust = Integer.parseInt(DiagramStyle.edgeStroke(EdgeKind.TRUST).substring(1), 16);
        boolean found = false;
        for (int y = 0; y < img.getHeight() && !found; y++) {
            for (int x = 0; x < img.getWidth() && !found; x++) {
                found = (img.getRGB(x, y) & 0xffffff) == trust;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void layout_whenAccessKindsHaveNoDedicatedPlace_fallsBackWithoutTrustEdgesOrInternetBox() {
        List<ResourceSpec> specs = demoSpecs();

        Diagram d = TopologyLayout.layout(TopologyInput.planned("demo", REGION, specs),
                TopologyLayoutTest.allKindsBut(Ec2Kinds.INSTANCE, Ec2Kinds.SECURITY_GROUP_RULE, Ec2Kinds.VPC_PEERING));

        // Instances go to their subnet's generic row, the peering to the services lane.
        assertThat(node(d, AccessResources.instance("bastion")).parentId())
                .isEqualTo(NetworkResources.subnet("public-a").value());
        assertThat(node(d, AccessResources.PEERING).parentId()).isEqualTo("services:" + REGION);
        assertThat(d.edges()).noneMatch(e -> e.kind() == EdgeKind.TRUST || e.kind() == EdgeKind.PEERING);
        assertThat(d.container(TopologyLayout.EXTERNAL_ID)).isEmpty();
        TopologyLayoutTest.assertNoSiblingOverlap(d);
        TopologyLayoutTest.assertChildrenInsideParents(d);
    }

    @Test
    void diagramStyle_whenTrustOrPeering_dashesTrustAndPlacesLabelsOnTheLongestHorizontal() {
        List<Diagram.Point> pts = List.of(new Diagram.Point(0, 0), new Diagram.Point(10, 0), new Diagram.Point(10, 50),
                new Diagram.Point(200, 50), new Diagram.Point(200, 60));
        Edge trust = new Edge("a", "b", EdgeKind.TRUST, "SSH 22", pts, NodeStatus.READY);
        Edge peering = new Edge("a", "b", EdgeKind.PEERING, "VPC peering", pts, NodeStatus.READY);
        Edge route = new Edge("a", "b", EdgeKind.ROUTE, "0.0.0.0/0", pts, NodeStatus.READY);

        assertThat(DiagramStyle.labelAnchor(trust)).isEqualTo(new Diagram.Point(10 + DiagramStyle.TRUST_LABEL_INSET, 47));
        assertThat(DiagramStyle.labelAnchor(peering).x() + DiagramStyle.textWidth("VPC peering", DiagramStyle.SUBLABEL_SIZE - 1))
                .isEqualTo(192);
        assertThat(DiagramStyle.labelAnchor(route)).isEqualTo(new Diagram.Point(204, 59));
        assertThat(DiagramStyle.edgeDash(trust)).isEqualTo(DiagramStyle.DASH_TRUST);
        assertThat(DiagramStyle.edgeDash(new Edge("a", "b", EdgeKind.TRUST, "", pts, NodeStatus.PLANNED)))
                .isEqualTo(DiagramStyle.DASH_PLANNED);
        assertThat(DiagramStyle.edgeDash(peering)).isNull();
        assertThat(DiagramStyle.arrowHead(EdgeKind.PEERING)).isFalse();
        assertThat(DiagramStyle.arrowHead(EdgeKind.TRUST)).isTrue();
    }

    @Test
    void layout_whenRulesAndInstancesHaveLiveStatuses_edgesAndNodesShowThem() {
        List<ResourceSpec> specs = demoSpecs();
        StackState state = NetworkFixtures.created("demo", specs);

        Diagram d = TopologyLayout.layout(new TopologyInput("demo", REGION, specs, state, Map.of(
                AccessResources.rule("private-ssh-vpn"), ItemStatus.CREATING,
                AccessResources.rule("vpn-tcp-22"), ItemStatus.CREATING,
                AccessResources.rule("vpn-udp-1194"), ItemStatus.FAILED,
                AccessResources.instance("private"), ItemStatus.DELETING)));

        String app = AccessResources.instance("private").value();
        assertThat(edges(d, EdgeKind.TRUST, AccessResources.instance("vpn").value(), app).get(0).status())
                .isEqualTo(NodeStatus.CREATING);
        assertThat(edges(d, EdgeKind.TRUST, AccessResources.instance("bastion").value(), app).get(0).status())
                .isEqualTo(NodeStatus.READY);
        // One failed rule among the VPN's four marks their shared edge, even beside one in progress.
        assertThat(edges(d, EdgeKind.TRUST, TopologyLayout.EXTERNAL_ID, AccessResources.instance("vpn").value()).get(0)
                .status()).isEqualTo(NodeStatus.FAILED);
        assertThat(node(d, AccessResources.instance("private")).status()).isEqualTo(NodeStatus.DELETING);
    }
}
