package dev.cairn.topology;

import static dev.cairn.topology.NetworkFixtures.REGION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.Node;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgWriterTest {

    private static final Address NAT_A = Address.of("network", "nat", "public-a");
    private static final Address EIP_A = Address.of("network", "eip", "public-a");

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static Diagram diagram(String stack) {
        List<ResourceSpec> specs = NetworkFixtures.network(2, 0);
        StackState state = NetworkFixtures.created(stack, specs.subList(0, 10));
        Map<Address, ItemStatus> live = new HashMap<>();
        live.put(NAT_A, ItemStatus.FAILED);
        live.put(EIP_A, ItemStatus.CREATING);
        return TopologyLayout.layout(new TopologyInput(stack, REGION, specs, state, live));
    }

    private static List<Element> groups(Document doc) {
        NodeList gs = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < gs.getLength(); i++) {
            out.add((Element) gs.item(i));
        }
        return out;
    }

    private static Element group(Document doc, String id) {
        return groups(doc).stream().filter(g -> id.equals(g.getAttribute("data-id"))).findFirst().orElseThrow();
    }

    private static List<String> texts(Element e) {
        NodeList ts = e.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ts.getLength(); i++) {
            out.add(ts.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void write_whenNetworkDiagram_hasAnElementWithLabelsForEveryBox() throws Exception {
        Diagram d = diagram("demo");

        Document doc = parse(SvgWriter.toSvg(d));

        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(Double.parseDouble(doc.getDocumentElement().getAttribute("height")))
                .isCloseTo(DiagramStyle.canvasHeight(d), org.assertj.core.data.Offset.offset(0.05));
        for (Node n : d.nodes()) {
            Element g = group(doc, n.id());
            assertThat(texts(g)).as(n.id()).contains(n.label());
            if (!n.sublabel().isEmpty()) {
                assertThat(texts(g)).contains(n.sublabel());
            }
            assertThat(g.getAttribute("data-status")).isEqualTo(n.status().name().toLowerCase());
        }
        for (Container c : d.containers()) {
            assertThat(texts(group(doc, c.id()))).as(c.id()).contains(c.label());
        }
        assertThat(groups(doc).stream().filter(g -> g.getAttribute("class").startsWith("edge")).count())
                .isEqualTo(d.edges().size());
    }

    @Test
    void write_whenStatusesDiffer_stylesEachWay() throws Exception {
        Diagram d = diagram("demo");

        Document doc = parse(SvgWriter.toSvg(d));

        Element failedRect = (Element) group(doc, NAT_A.value()).getElementsByTagNameNS("*", "rect").item(0);
        Element creatingRect = (Element) group(doc, EIP_A.value()).getElementsByTagNameNS("*", "rect").item(0);
        Element plannedRect = (Element) group(doc, "network.rtb[private-b]").getElementsByTagNameNS("*", "rect").item(0);
        Element readyVpc = (Element) group(doc, "network.vpc").getElementsByTagNameNS("*", "rect").item(0);
        assertThat(failedRect.getAttribute("stroke")).isEqualTo(DiagramStyle.nodeStroke(NodeStatus.FAILED));
        assertThat(creatingRect.getAttribute("fill")).isEqualTo(DiagramStyle.nodeFill(NodeStatus.CREATING));
        assertThat(plannedRect.getAttribute("stroke-dasharray")).isNotEmpty();
        assertThat(readyVpc.getAttribute("stroke-dasharray")).isEmpty();
        assertThat(readyVpc.getAttribute("fill")).isNotEqualTo("none");
    }

    @Test
    void write_whenSubnetsArePublicOrPrivate_tintsThemDifferently() throws Exception {
        List<ResourceSpec> specs = NetworkFixtures.network(1, 0);
        Diagram d = TopologyLayout.layout(
                new TopologyInput("demo", REGION, specs, NetworkFixtures.created("demo", specs), Map.of()));

        Document doc = parse(SvgWriter.toSvg(d));

        Element pub = (Element) group(doc, "network.subnet[public-a]").getElementsByTagNameNS("*", "rect").item(0);
        Element app = (Element) group(doc, "network.subnet[app-a]").getElementsByTagNameNS("*", "rect").item(0);
        assertThat(pub.getAttribute("fill")).isNotEqualTo(app.getAttribute("fill"));
        assertThat(pub.getAttribute("stroke")).isNotEqualTo(app.getAttribute("stroke"));
    }

    @Test
    void write_whenLabelsHoldMarkupAndHangul_escapesThemAndStaysValid() throws Exception {
        String stack = "팀 <dev> & \"q\" 'x'";
        Diagram d = diagram(stack);

        String svg = SvgWriter.toSvg(d);
        Document doc = parse(svg);

        assertThat(svg).doesNotContain("<dev>");
        assertThat(texts(group(doc, "region:" + REGION))).contains(stack);
        assertThat(doc.getElementsByTagNameNS("*", "title").item(0).getTextContent()).startsWith(stack);
    }

    @Test
    void write_always_drawsALegendOfEveryStatusAndSubnetTint() throws Exception {
        Document doc = parse(SvgWriter.toSvg(diagram("demo")));

        Element legend = groups(doc).stream().filter(g -> "legend".equals(g.getAttribute("class"))).findFirst()
                .orElseThrow();
        assertThat(texts(legend)).contains("planned", "creating", "ready", "failed", "deleting", "deleted",
                "public subnet", "private subnet");
    }

    @Test
    void escape_whenControlCharacters_dropsThem() {
        assertThat(SvgWriter.escape("a\u0001b<")).isEqualTo("ab&lt;");
    }

    @Test
    void num_whenFractionsAndNegatives_printsOneDecimalWithADot() {
        assertThat(SvgWriter.num(12.0)).isEqualTo("12");
        assertThat(SvgWriter.num(12.34)).isEqualTo("12.3");
        assertThat(SvgWriter.num(-0.26)).isEqualTo("-0.3");
        assertThat(SvgWriter.num(-3.5)).isEqualTo("-3.5");
    }
}
