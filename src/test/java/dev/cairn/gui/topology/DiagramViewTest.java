package dev.cairn.gui.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.AwsService;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.DiagramStyle;
import dev.cairn.topology.TopologyInput;
import dev.cairn.topology.TopologyLayout;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class DiagramViewTest {

    static final ResourceBundle BUNDLE = ResourceBundle.getBundle("dev.cairn.gui.messages", Locale.ROOT);
    /** Inside Monocle's headless 1280×800 screen, so every point of the view can be clicked. */
    static final int WIDTH = 1200;
    static final int HEIGHT = 760;
    static final Address APP_A = NetworkResources.subnet("app-a");

    private DiagramView view;
    private final List<String> opened = new ArrayList<>();

    @Start
    void start(Stage stage) {
        view = new DiagramView(BUNDLE);
        view.setOpenUrl(opened::add);
        stage.setScene(new Scene(view, WIDTH, HEIGHT));
        // The primary stage is shared by every UI test: a size another test gave it must not stay,
        // nor a minimum (the app's own window sets one, which would stop a test narrowing it).
        stage.setMinWidth(0);
        stage.setMinHeight(0);
        stage.sizeToScene();
        stage.centerOnScreen();
        stage.show();
    }

    @Test
    void show_whenPlannedDemo_drawsOneGroupPerNodeWithPlannedStyle(FxRobot robot) {
        Diagram d = Topologies.demoPlanned();
        robot.interact(() -> view.show(d));
        caughtUp();

        assertThat(robot.lookup(".diagram-node").queryAll()).hasSize(d.nodes().size());
        for (Diagram.Node n : d.nodes()) {
            Group g = view.groupOf(n.address());
            assertThat(g).as(n.id()).isNotNull();
            assertThat(Topologies.states(g)).contains("status-planned").doesNotContain("status-ready");
        }
        assertThat(view.groupOf(APP_A).getStyleClass()).contains("diagram-container", "private-subnet");
        assertThat(Topologies.states(view.groupOf(APP_A))).containsExactly("status-planned");
        assertThat(view.groupOf(NetworkResources.subnet("public-a")).getStyleClass()).contains("public-subnet");
        assertThat(robot.lookup(".diagram-empty").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void show_whenNoResources_showsEmptyMessageAndDisablesExport(FxRobot robot) {
        Diagram empty = TopologyLayout.layout(TopologyInput.planned("empty", "ap-northeast-2", List.of()));
        robot.interact(() -> view.show(empty));
        caughtUp();

        Label message = robot.lookup(".diagram-empty").queryAs(Label.class);
        assertThat(message.isVisible()).isTrue();
        assertThat(message.getText()).isEqualTo(BUNDLE.getString("diagram.empty"));
        assertThat(robot.lookup(".export-png").queryAs(Button.class).isDisabled()).isTrue();
    }

    @Test
    void clickOnSubnet_whenShown_selectsItAndShowsItsCidr(FxRobot robot) {
        robot.interact(() -> {
            view.setDetailsProvider(ResourceDetails.provider(Topologies.DEMO.name(), Topologies.DEMO_SPECS,
                    StackState.empty("demo"), Map.of("team", "infra")));
            view.show(Topologies.demoPlanned());
        });
        caughtUp();
        // The header strip of the subnet box: inside the subnet, above any node it holds.
        Rectangle body = (Rectangle) view.groupOf(APP_A).getChildren().get(1);
        Point2D target = body.localToScreen(body.getX() + body.getWidth() - 20, body.getY() + 10);
        robot.clickOn(target);

        assertThat(view.selectedProperty().get()).isEqualTo(APP_A);
        assertThat(view.detailsCard().isVisible()).isTrue();
        assertThat(robot.from(view.detailsCard()).lookup(".details-cidr").queryAs(Label.class).getText())
                .isEqualTo("10.1.1.128/27");
        assertThat(robot.from(view.detailsCard()).lookup(".details-kind").queryAs(Label.class).getText())
                .isEqualTo("Subnet");
        assertThat(robot.from(view.detailsCard()).lookup(".details-tags").queryAs(Label.class).getText())
                .contains("team = infra", "cairn:address = " + APP_A.value());
        // Planned: no ID yet, so no console link.
        assertThat(robot.from(view.detailsCard()).lookup(".details-console-link").tryQuery()).isEmpty();

        robot.type(KeyCode.ESCAPE);
        assertThat(view.selectedProperty().get()).isNull();
        assertThat(view.detailsCard().isVisible()).isFalse();
    }

    @Test
    void select_whenCreatedVpc_linksToTheConsoleUnlessDisabled(FxRobot robot) {
        StackState state = Topologies.created("demo", Topologies.DEMO_SPECS);
        robot.interact(() -> {
            view.setDetailsProvider(ResourceDetails.provider("demo", Topologies.DEMO_SPECS, state, Map.of()));
            view.show(Topologies.demoCreated(Map.of()));
            view.select(NetworkResources.VPC);
        });
        caughtUp();
        Hyperlink link = robot.from(view.detailsCard()).lookup(".details-console-link").queryAs(Hyperlink.class);
        robot.clickOn(link);
        String id = state.get(NetworkResources.VPC).orElseThrow().physicalId();
        assertThat(opened).containsExactly("https://ap-northeast-2.console.aws.amazon.com/vpcconsole/home"
                + "?region=ap-northeast-2#VpcDetails:VpcId=" + id);
        assertThat(robot.from(view.detailsCard()).lookup(".details-id").queryAs(Label.class).getText()).isEqualTo(id);

        robot.interact(() -> view.setConsoleLinks(false));
        assertThat(robot.from(view.detailsCard()).lookup(".details-console-link").tryQuery()).isEmpty();
    }

    @Test
    void select_whenKindIsNewToTheBundle_namesItByItsLabelAndLinksItsConsolePage(FxRobot robot) {
        ResourceKind queue = ResourceKind.define("TEST_QUEUE").service(AwsService.ECS).label("Queue").cloudFormation("")
                .taggedOnCreate("queue").timeouts(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1))
                .cost(ResourceKind.Cost.FREE).shape(ResourceKind.Shape.SERVICE).icon("Q", "#0f766e")
                .console("https://{region}.console.example.com/queues/{id}").build();
        Address address = Address.of("web", "queue");
        ResourceSpec spec = new ResourceSpec(address, queue, "ap-northeast-2", Map.of(), Map.of(), Set.of());
        StackState state = new StackState("demo",
                Map.of(address, new ResourceRecord(spec, "queue-0a1", Map.of(), ItemStatus.READY, Instant.EPOCH)), Map.of());
        robot.interact(() -> {
            view.setDetailsProvider(ResourceDetails.provider("demo", List.of(spec), state, Map.of()));
            view.show(TopologyLayout.layout(new TopologyInput("demo", "ap-northeast-2", List.of(spec), state, Map.of())));
            view.select(address);
        });
        caughtUp();

        assertThat(view.groupOf(address).getStyleClass()).contains("kind-test-queue");
        assertThat(robot.from(view.detailsCard()).lookup(".details-kind").queryAs(Label.class).getText())
                .isEqualTo("Queue");
        robot.clickOn(robot.from(view.detailsCard()).lookup(".details-console-link").queryAs(Hyperlink.class));
        assertThat(opened).containsExactly("https://ap-northeast-2.console.example.com/queues/queue-0a1");
    }

    @Test
    void show_whenSameStructureWithNewStatuses_reusesGroupsAndSwapsStyleClass(FxRobot robot) {
        Diagram planned = Topologies.demoPlanned();
        robot.interact(() -> view.show(planned));
        caughtUp();
        Map<Address, Group> before = new HashMap<>();
        for (Diagram.Node n : planned.nodes()) {
            before.put(n.address(), view.groupOf(n.address()));
        }
        Group subnetBefore = view.groupOf(APP_A);

        Address nat = NetworkResources.nat("a");
        robot.interact(() -> view.show(Topologies.demoCreated(Map.of(nat, ItemStatus.CREATING))));
        caughtUp();

        for (Diagram.Node n : planned.nodes()) {
            Group g = view.groupOf(n.address());
            assertThat(g).as(n.id()).isSameAs(before.get(n.address()));
            assertThat(Topologies.states(g)).doesNotContain("status-planned")
                    .contains(n.address().equals(nat) ? "status-creating" : "status-ready");
        }
        assertThat(view.groupOf(APP_A)).isSameAs(subnetBefore);
        assertThat(view.animating()).as("a creating NAT gateway pulses").isTrue();

        robot.interact(() -> view.show(Topologies.demoCreated(Map.of(nat, ItemStatus.DELETING))));
        caughtUp();
        assertThat(Topologies.states(view.groupOf(nat))).containsExactly("status-deleting");
        assertThat(view.animating()).as("a deleting NAT gateway fades").isTrue();

        robot.interact(() -> view.show(Topologies.demoCreated(Map.of(nat, ItemStatus.DELETED))));
        caughtUp();
        assertThat(view.groupOf(nat).isVisible()).as("deleted resources are gone").isFalse();
        assertThat(view.animating()).as("nothing moves any more").isFalse();
    }

    @Test
    void show_whenWindowHidden_stopsTheAnimation(FxRobot robot) {
        robot.interact(() -> view.show(Topologies.demoCreated(Map.of(NetworkResources.nat("a"), ItemStatus.CREATING))));
        caughtUp();
        assertThat(view.animating()).isTrue();
        robot.interact(() -> view.getScene().getWindow().hide());
        assertThat(view.animating()).isFalse();
    }

    @Test
    void zoomControls_whenUsed_changeTheScale(FxRobot robot) {
        robot.interact(() -> view.show(Topologies.demoPlanned()));
        caughtUp();
        double fitted = view.zoomProperty().get();
        // The demo fits the window, so it was scaled to fit and centred when first shown.
        assertThat(fitted).isBetween(DiagramView.MIN_ZOOM, 1.25);

        robot.clickOn(".zoom-in");
        assertThat(view.zoomProperty().get()).isCloseTo(fitted * DiagramView.ZOOM_STEP, org.assertj.core.data.Offset.offset(1e-9));
        robot.clickOn(".zoom-out");
        robot.clickOn(".zoom-out");
        assertThat(view.zoomProperty().get()).isCloseTo(fitted / DiagramView.ZOOM_STEP, org.assertj.core.data.Offset.offset(1e-9));

        robot.clickOn(view.groupOf(APP_A)); // gives the view focus
        robot.type(KeyCode.DIGIT0);
        assertThat(view.zoomProperty().get()).isCloseTo(fitted, org.assertj.core.data.Offset.offset(1e-9));
        robot.type(KeyCode.ADD);
        assertThat(view.zoomProperty().get()).isGreaterThan(fitted);
        robot.type(KeyCode.DIGIT1);
        assertThat(view.zoomProperty().get()).isEqualTo(1.0);

        javafx.scene.text.Text label = (javafx.scene.text.Text) view.groupOf(APP_A).getChildren().get(2);
        assertThat(label.isVisible()).isTrue();
        for (int i = 0; i < 20; i++) {
            robot.type(KeyCode.SUBTRACT);
        }
        assertThat(view.zoomProperty().get()).isEqualTo(DiagramView.MIN_ZOOM);
        assertThat(label.isVisible()).as("labels too small to read are not drawn").isFalse();
    }

    @Test
    void show_whenDiagramGrows_refitsUntilTheUserZooms(FxRobot robot) {
        robot.interact(() -> view.show(Topologies.demoPlanned()));
        caughtUp();
        double demo = view.zoomProperty().get();
        var specs = Topologies.large("ap-northeast-2", 500);
        Diagram large = TopologyLayout.layout(TopologyInput.planned("large", "ap-northeast-2", specs));
        robot.interact(() -> view.show(large));
        caughtUp();
        double fitted = view.zoomProperty().get();
        assertThat(fitted).isLessThan(demo);

        robot.interact(view::zoomIn);
        robot.interact(() -> view.show(Topologies.demoPlanned()));
        caughtUp();
        assertThat(view.zoomProperty().get()).as("the user's zoom is kept")
                .isCloseTo(fitted * DiagramView.ZOOM_STEP, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void setFocusSteps_whenTheStepFits_zoomsToItsBoxesCentred(FxRobot robot) {
        robot.interact(() -> view.show(Topologies.demoPlanned()));
        caughtUp();
        robot.interact(view::zoomIn); // a manual zoom does not stop a new page from being followed
        robot.interact(() -> view.setFocusSteps(java.util.Set.of("network")));

        assertThat(view.zoomProperty().get()).isGreaterThanOrEqualTo(DiagramView.READABLE_ZOOM);
        Diagram.Container vpc = Topologies.demoPlanned().container(NetworkResources.VPC.value()).orElseThrow();
        double[] seen = view.visibleArea();
        assertThat(seen[0]).isLessThanOrEqualTo(vpc.x());
        assertThat(seen[2]).isGreaterThanOrEqualTo(vpc.x() + vpc.w());
        assertThat(seen[1]).isLessThanOrEqualTo(vpc.y());
        assertThat(seen[3]).isGreaterThanOrEqualTo(vpc.y() + vpc.h());
    }

    @Test
    void fit_whenTheStepIsWiderThanTheView_staysReadableFromItsLeftEdge(FxRobot robot) {
        robot.interact(() -> {
            view.getScene().getWindow().setWidth(500);
            view.show(Topologies.demoPlanned());
            view.setFocusSteps(java.util.Set.of("network"));
        });
        caughtUp();
        assertThat(view.zoomProperty().get()).isEqualTo(DiagramView.READABLE_ZOOM);
        Diagram.Container vpc = Topologies.demoPlanned().container(NetworkResources.VPC.value()).orElseThrow();
        assertThat(view.visibleArea()[0]).as("the step's left edge in view").isBetween(vpc.x() - 20, vpc.x());

        robot.interact(view::fitAll);
        assertThat(view.zoomProperty().get()).as("the whole diagram may be smaller than readable")
                .isLessThan(DiagramView.READABLE_ZOOM);
        robot.interact(() -> view.setFocusSteps(java.util.Set.of("access")));
        assertThat(view.zoomProperty().get()).as("a step with nothing drawn yet: every resource, readable")
                .isEqualTo(DiagramView.READABLE_ZOOM);
    }

    @Test
    void dragOnBackground_whenShown_pansWithoutSelecting(FxRobot robot) {
        robot.interact(() -> view.show(Topologies.demoPlanned()));
        caughtUp();
        Group vpc = view.groupOf(NetworkResources.VPC);
        Point2D before = vpc.localToScreen(0, 0);
        Point2D start = view.localToScreen(20, view.getHeight() - 20);
        robot.drag(start).dropTo(start.add(-60, -40));

        Point2D after = vpc.localToScreen(0, 0);
        assertThat(after.getX() - before.getX()).isCloseTo(-60, org.assertj.core.data.Offset.offset(2.0));
        assertThat(after.getY() - before.getY()).isCloseTo(-40, org.assertj.core.data.Offset.offset(2.0));
        assertThat(view.selectedProperty().get()).isNull();
    }

    @Test
    void export_whenShown_writesDecodablePngAndParsableSvg(FxRobot robot, @TempDir Path tmp) throws Exception {
        Diagram d = Topologies.demoPlanned();
        robot.interact(() -> view.show(d));
        caughtUp();
        Path png = tmp.resolve("out/diagram.png");
        Path svg = tmp.resolve("out/diagram.svg");
        view.exportPng(png);
        view.exportSvg(svg);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo((int) Math.ceil(d.width() * DiagramView.EXPORT_PNG_SCALE));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(Files.readString(svg)).contains("data-id=\"" + APP_A.value() + "\"");
    }

    @Test
    void snapshot_whenMixedStatuses_writesScreenshot(FxRobot robot) throws Exception {
        Map<Address, ItemStatus> live = Map.of(
                NetworkResources.nat("a"), ItemStatus.CREATING,
                NetworkResources.natEip("a"), ItemStatus.READY,
                NetworkResources.subnet("db-c"), ItemStatus.FAILED,
                NetworkResources.PUBLIC_TABLE, ItemStatus.DELETING);
        StackState state = Topologies.created("demo", Topologies.DEMO_SPECS);
        robot.interact(() -> {
            view.setDetailsProvider(ResourceDetails.provider("demo", Topologies.DEMO_SPECS, state, Map.of("team", "infra")));
            view.show(Topologies.demoCreated(live));
            view.fit();
            view.select(NetworkResources.subnet("public-a"));
        });
        caughtUp();
        AtomicReference<BufferedImage> shot = new AtomicReference<>();
        robot.interact(() -> shot.set(SwingFXUtils.fromFXImage(view.getScene().snapshot(null), null)));
        Path file = Path.of("target/screenshots/diagram-view.png");
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(shot.get(), "png", file.toFile())).isTrue();
        assertThat(shot.get().getWidth()).isEqualTo(WIDTH);
        // The failed subnet's outline is drawn in DiagramStyle's failed red somewhere in the picture.
        int red = Integer.parseInt(DiagramStyle.nodeStroke(dev.cairn.topology.NodeStatus.FAILED).substring(1), 16);
        boolean found = false;
        for (int y = 0; y < shot.get().getHeight() && !found; y++) {
            for (int x = 0; x < shot.get().getWidth() && !found; x++) {
                found = (shot.get().getRGB(x, y) & 0xffffff) == red;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void snapshot_whenLargeTopologyAtActualSize_writesScreenshot(FxRobot robot) throws Exception {
        var specs = Topologies.large("ap-northeast-2", 500);
        Diagram d = TopologyLayout.layout(new TopologyInput("large", "ap-northeast-2", specs,
                Topologies.created("large", specs), Map.of()));
        robot.interact(() -> {
            view.show(d);
            view.actualSize();
        });
        caughtUp();
        AtomicReference<BufferedImage> shot = new AtomicReference<>();
        robot.interact(() -> shot.set(SwingFXUtils.fromFXImage(view.getScene().snapshot(null), null)));
        Path file = Path.of("target/screenshots/diagram-view-500.png");
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(shot.get(), "png", file.toFile())).isTrue();
        assertThat(robot.lookup(".diagram-node").queryAll()).hasSize(d.nodes().size());
    }

    @Test
    void snapshot_whenKoreanBundle_writesScreenshotWithKoreanTexts(FxRobot robot) throws Exception {
        ResourceBundle ko = ResourceBundle.getBundle("dev.cairn.gui.messages", Locale.KOREAN);
        AtomicReference<DiagramView> korean = new AtomicReference<>();
        StackState state = Topologies.created("demo", Topologies.DEMO_SPECS);
        robot.interact(() -> {
            DiagramView v = new DiagramView(ko);
            korean.set(v);
            view.getScene().setRoot(v);
            v.setDetailsProvider(ResourceDetails.provider("demo", Topologies.DEMO_SPECS, state, Map.of()));
            v.show(Topologies.demoCreated(Map.of(NetworkResources.nat("a"), ItemStatus.CREATING)));
            v.select(NetworkResources.nat("a"));
        });
        assertThat(robot.from(korean.get().detailsCard()).lookup(".details-state").queryAs(Label.class).getText())
                .isEqualTo("생성 중");
        String nat = ko.getString(dev.cairn.model.kinds.Ec2Kinds.NAT_GATEWAY.displayKey());
        assertThat(robot.from(korean.get().detailsCard()).lookup(".details-kind").queryAs(Label.class).getText())
                .isEqualTo(nat);
        // The box's label names the kind in Korean too (the SVG keeps the English label).
        javafx.scene.text.Text label = (javafx.scene.text.Text) korean.get().groupOf(NetworkResources.nat("a"))
                .getChildren().get(4);
        assertThat(label.getText()).isEqualTo(nat + " " + NetworkResources.nat("a").name());
        AtomicReference<BufferedImage> shot = new AtomicReference<>();
        robot.interact(() -> shot.set(SwingFXUtils.fromFXImage(korean.get().getScene().snapshot(null), null)));
        Path file = Path.of("target/screenshots/diagram-view-ko.png");
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(shot.get(), "png", file.toFile())).isTrue();
    }

    @Test
    void show_whenOneStatusChanged_updatesThatBoxOnlyAndKeepsEveryOtherNodeUntouched(FxRobot robot) {
        TopologyInput before = new TopologyInput(Topologies.DEMO.name(), Topologies.DEMO.region(), Topologies.DEMO_SPECS,
                Topologies.created(Topologies.DEMO.name(), Topologies.DEMO_SPECS), Map.of());
        Diagram d = TopologyLayout.layout(before);
        robot.interact(() -> view.show(d));
        caughtUp();
        Address changed = Topologies.DEMO_SPECS.stream().map(ResourceSpec::address)
                .filter(a -> d.node(a).isPresent() && TopologyLayout.restatus(d, before, failed(before, a)).isPresent())
                .findFirst().orElseThrow();
        Map<Address, List<javafx.scene.Node>> children = new HashMap<>();
        Map<Address, List<String>> classes = new HashMap<>();
        for (Diagram.Node n : d.nodes()) {
            children.put(n.address(), List.copyOf(view.groupOf(n.address()).getChildren()));
            classes.put(n.address(), List.copyOf(view.groupOf(n.address()).getStyleClass()));
        }
        Map<Address, Group> groups = new HashMap<>();
        d.nodes().forEach(n -> groups.put(n.address(), view.groupOf(n.address())));
        long updates = view.updates();

        Diagram next = TopologyLayout.restatus(d, before, failed(before, changed)).orElseThrow();
        robot.interact(() -> view.show(next));
        caughtUp();

        assertThat(view.updates() - updates).as("boxes and edges updated").isEqualTo(1);
        assertThat(Topologies.states(view.groupOf(changed))).containsExactly("status-failed");
        for (Diagram.Node n : d.nodes()) {
            assertThat(view.groupOf(n.address())).isSameAs(groups.get(n.address()));
            assertThat(view.groupOf(n.address()).getChildren()).containsExactlyElementsOf(children.get(n.address()));
            // The changed box's too: its status is a pseudo-class, so no box's selectors are matched again.
            assertThat(view.groupOf(n.address()).getStyleClass()).containsExactlyElementsOf(classes.get(n.address()));
        }
    }

    @Test
    void show_whenAStatusTurnsCreatingInPlace_animatesItUntilItIsReady(FxRobot robot) {
        TopologyInput before = new TopologyInput(Topologies.DEMO.name(), Topologies.DEMO.region(), Topologies.DEMO_SPECS,
                Topologies.created(Topologies.DEMO.name(), Topologies.DEMO_SPECS), Map.of());
        Diagram d = TopologyLayout.layout(before);
        robot.interact(() -> view.show(d));
        caughtUp();
        Address a = Topologies.DEMO_SPECS.stream().map(ResourceSpec::address)
                .filter(x -> d.node(x).isPresent() && TopologyLayout.restatus(d, before, failed(before, x)).isPresent())
                .findFirst().orElseThrow();
        TopologyInput creating = new TopologyInput(before.stack(), before.region(), before.desired(), before.state(),
                Map.of(a, ItemStatus.CREATING));
        Diagram pulsing = TopologyLayout.restatus(d, before, creating).orElseThrow();
        long updates = view.updates();

        robot.interact(() -> view.show(pulsing));
        caughtUp();
        assertThat(view.animating()).isTrue();
        assertThat(Topologies.states(view.groupOf(a))).containsExactly("status-creating");
        robot.interact(() -> view.show(TopologyLayout.restatus(pulsing, creating, before).orElseThrow()));
        caughtUp();

        assertThat(view.animating()).isFalse();
        assertThat(view.updates() - updates).as("the one box, twice").isEqualTo(2);
    }

    private static TopologyInput failed(TopologyInput in, Address a) {
        return new TopologyInput(in.stack(), in.region(), in.desired(), in.state(), Map.of(a, ItemStatus.FAILED));
    }

    @Test
    void syncChildren_whenOneGroupComesAndOneGoes_leavesEveryOtherGroupInItsParent() {
        Group layer = new Group();
        List<javafx.scene.Node> boxes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            boxes.add(new Group());
        }
        layer.getChildren().setAll(boxes);
        List<javafx.scene.Node> reparented = new ArrayList<>();
        boxes.forEach(b -> b.parentProperty().addListener((o, was, is) -> reparented.add(b)));
        Group added = new Group();
        List<javafx.scene.Node> next = List.of(boxes.get(0), boxes.get(1), added, boxes.get(3), boxes.get(4), boxes.get(5));

        DiagramView.syncChildren(layer, next);

        assertThat(layer.getChildren()).containsExactlyElementsOf(next);
        // Only the box that went left its parent: the others keep their CSS.
        assertThat(reparented).containsExactly(boxes.get(2));
    }

    @Test
    void syncChildren_whenReordered_endsInTheNewOrderMovingFewestGroups() {
        Group layer = new Group();
        List<javafx.scene.Node> boxes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            boxes.add(new Group());
        }
        layer.getChildren().setAll(boxes);
        Map<javafx.scene.Node, Integer> moves = new HashMap<>();
        boxes.forEach(b -> b.parentProperty().addListener((o, was, is) -> moves.merge(b, 1, Integer::sum)));
        // The last box moves to the front: it alone leaves and comes back.
        List<javafx.scene.Node> next = List.of(boxes.get(4), boxes.get(0), boxes.get(1), boxes.get(2), boxes.get(3));

        DiagramView.syncChildren(layer, next);

        assertThat(layer.getChildren()).containsExactlyElementsOf(next);
        assertThat(moves).containsOnlyKeys(boxes.get(4));
    }

    @Test
    void show_whenMoreBoxesChangeThanAPulseTakes_spreadsThemOverPulses_andEndsWithEveryBoxInItsNewState(FxRobot robot) {
        TopologyInput planned = showLarge(robot);
        List<ResourceSpec> specs = planned.desired();
        Diagram d = TopologyLayout.layout(planned);
        Map<Address, ItemStatus> deleting = new HashMap<>();
        specs.forEach(s -> deleting.put(s.address(), ItemStatus.DELETING));
        Diagram next = TopologyLayout.layout(withLive(planned, deleting));
        int changed = changedRecords(d, next);
        assertThat(changed).as("the demo changes more than one pulse's worth").isGreaterThan(DiagramView.MAX_UPDATES_PER_PULSE);
        long before = view.updates();
        AtomicReference<Long> inFirstFrame = new AtomicReference<>();
        AtomicReference<Boolean> caughtUpAtOnce = new AtomicReference<>();

        robot.interact(() -> {
            view.show(next);
            inFirstFrame.set(view.updates() - before);
            caughtUpAtOnce.set(view.caughtUp());
        });
        caughtUp();

        assertThat(inFirstFrame.get()).isEqualTo(DiagramView.MAX_UPDATES_PER_PULSE);
        assertThat(caughtUpAtOnce.get()).isFalse();
        assertThat(view.updates() - before).isEqualTo(changed);
        for (Diagram.Node n : next.nodes()) {
            assertThat(Topologies.states(view.groupOf(n.address()))).as(n.id()).containsExactly("status-deleting");
        }
    }

    @Test
    void show_whenANewerDiagramComesWhileBoxesWait_theWaitingBoxesShowTheNewerOne(FxRobot robot) {
        TopologyInput planned = showLarge(robot);
        List<ResourceSpec> specs = planned.desired();
        Diagram d = TopologyLayout.layout(planned);
        Map<Address, ItemStatus> deleting = new HashMap<>();
        Map<Address, ItemStatus> failed = new HashMap<>();
        specs.forEach(s -> {
            deleting.put(s.address(), ItemStatus.DELETING);
            failed.put(s.address(), ItemStatus.FAILED);
        });
        TopologyInput first = withLive(planned, deleting);
        Diagram older = TopologyLayout.layout(first);
        Diagram newer = TopologyLayout.layout(withLive(planned, failed));
        long before = view.updates();

        robot.interact(() -> {
            view.show(older);
            // Shown while the older one's boxes still wait: theirs is the newer record now.
            view.show(newer);
        });
        caughtUp();

        for (Diagram.Node n : newer.nodes()) {
            assertThat(Topologies.states(view.groupOf(n.address()))).as(n.id()).containsExactly("status-failed");
        }
        // The boxes that waited were drawn once, in the newer state: never in the older one.
        assertThat(changedRecords(d, older)).isGreaterThan(DiagramView.MAX_UPDATES_PER_PULSE);
        assertThat(view.updates() - before).isEqualTo(DiagramView.MAX_UPDATES_PER_PULSE + changedRecords(d, newer));
        assertThat(view.animating()).as("nothing is deleting any more").isFalse();
    }

    /** Shows a 100-resource stack, every resource created, and waits until it is drawn; its input. */
    private TopologyInput showLarge(FxRobot robot) {
        List<ResourceSpec> specs = Topologies.large(Topologies.DEMO.region(), 100);
        TopologyInput planned = new TopologyInput("large", Topologies.DEMO.region(), specs,
                Topologies.created("large", specs), Map.of());
        Diagram d = TopologyLayout.layout(planned);
        robot.interact(() -> view.show(d));
        caughtUp();
        return planned;
    }

    private static TopologyInput withLive(TopologyInput in, Map<Address, ItemStatus> live) {
        return new TopologyInput(in.stack(), in.region(), in.desired(), in.state(), live);
    }

    /** Boxes and edges whose record differs between two diagrams of the same structure. */
    private static int changedRecords(Diagram a, Diagram b) {
        int n = 0;
        for (int i = 0; i < a.containers().size(); i++) {
            n += a.containers().get(i).equals(b.containers().get(i)) ? 0 : 1;
        }
        for (int i = 0; i < a.nodes().size(); i++) {
            n += a.nodes().get(i).equals(b.nodes().get(i)) ? 0 : 1;
        }
        for (int i = 0; i < a.edges().size(); i++) {
            n += a.edges().get(i).equals(b.edges().get(i)) ? 0 : 1;
        }
        return n;
    }

    /** Waits until the view shows every box of the last diagram: a large change is spread over pulses. */
    private void caughtUp() {
        try {
            WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, () -> view.caughtUp());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the diagram did not catch up", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
