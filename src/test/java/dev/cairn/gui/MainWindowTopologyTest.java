package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.topology.DiagramView;
import dev.cairn.topology.DiagramStyle;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/**
 * The live topology in the main window at 1280×800 with the default layout: it follows the page,
 * its resource names are readable, and it can fill the window, open in its own and keep a width.
 */
class MainWindowTopologyTest extends FxWindowTest {

    private DiagramView diagram() {
        return robot.lookup("#diagram").queryAs(DiagramView.class);
    }

    /** The names drawn in the diagram's boxes (12 px labels) that lie inside its visible area. */
    private List<Text> namesInView() {
        DiagramView view = diagram();
        Node viewport = view.lookup(".diagram-viewport");
        Bounds seen = viewport.localToScene(viewport.getLayoutBounds());
        return java.util.stream.Stream.concat(view.lookupAll(".diagram-node").stream(),
                        view.lookupAll(".diagram-container").stream())
                .flatMap(g -> ((javafx.scene.Group) g).getChildren().stream())
                .filter(n -> n instanceof Text t && t.isVisible() && !t.getText().isEmpty()
                        && t.getFont().getSize() == DiagramStyle.LABEL_SIZE)
                .map(Text.class::cast)
                .filter(t -> seen.contains(t.localToScene(t.getLayoutBounds())))
                .toList();
    }

    /** A text's font size as drawn on screen: its size times the scale from its box to the window. */
    private static double onScreenPx(Text t) {
        return t.getFont().getSize() * t.getLocalToSceneTransform().getMyy();
    }

    @Test
    void networkPage_atDefaultLayout_zoomsToTheNetworkWithNamesAtLeast9PxOnScreen() throws Exception {
        robot.clickOn("#step-network");
        app.waitForTopology();
        DiagramView view = diagram();
        List<Text> names = namesInView();
        double smallest = names.stream().mapToDouble(MainWindowTopologyTest::onScreenPx).min().orElse(0);
        System.out.printf(Locale.ROOT, "Network page at %.0fx%.0f: diagram %.0f px wide, zoom %.0f %%, "
                + "%d names in view, smallest %.1f px on screen%n", FxHarness.WIDTH, FxHarness.HEIGHT,
                view.getWidth(), view.zoomProperty().get() * 100, names.size(), smallest);

        assertThat(view.focusSteps()).containsExactly("network");
        assertThat(smallest).isGreaterThanOrEqualTo(DiagramView.MIN_TEXT_PX);
        // Every name of the network's boxes is in view: the VPC, its six subnets, gateways and tables.
        assertThat(names).extracting(Text::getText).contains("VPC", "Internet gateway", "NAT gateway a")
                .anySatisfy(t -> assertThat(t).startsWith("Subnet db-c"));
    }

    @Test
    void accessPage_whenIncluded_followsTheAccessHostsReadably() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        robot.interact(() -> {
            vm.access().includedProperty().set(true);
            vm.access().myIpProperty().set("203.0.113.10");
            vm.access().peeringOnProperty().set(true);
        });
        robot.clickOn("#step-access");
        app.waitForTopology();
        DiagramView view = diagram();
        List<Text> names = namesInView();
        double smallest = names.stream().mapToDouble(MainWindowTopologyTest::onScreenPx).min().orElse(0);
        System.out.printf(Locale.ROOT, "Access page (peered) at %.0fx%.0f: zoom %.0f %%, smallest name %.1f px%n",
                FxHarness.WIDTH, FxHarness.HEIGHT, view.zoomProperty().get() * 100, smallest);

        assertThat(view.focusSteps()).containsExactlyInAnyOrder("access", "peer");
        assertThat(smallest).isGreaterThanOrEqualTo(DiagramView.MIN_TEXT_PX);
        assertThat(names).extracting(Text::getText).anySatisfy(t -> assertThat(t).containsIgnoringCase("bastion"));

        robot.clickOn("#step-account");
        assertThat(diagram().focusSteps()).as("a page without resources of its own shows them all").isEmpty();
        assertThat(diagram().zoomProperty().get()).isGreaterThanOrEqualTo(DiagramView.READABLE_ZOOM);
    }

    @Test
    void fillWindowThenOwnWindow_moveTheDiagramAndBringItBack() throws Exception {
        double docked = diagram().getWidth();
        robot.clickOn("#fillWindow");
        assertThat(diagram().getWidth()).as("fills the window below the header").isGreaterThan(FxHarness.WIDTH - 20);
        assertThat(robot.lookup(".steps").query().isVisible()).as("the steps give their room too").isFalse();
        robot.push(KeyCode.ESCAPE);
        assertThat(app.model.diagramPane().placementProperty().get()).isEqualTo(DiagramPlacement.DOCKED);
        assertThat(diagram().getWidth()).isEqualTo(docked);

        robot.clickOn("#ownWindow");
        MainView main = (MainView) app.scene.getRoot();
        Stage own = main.diagramStage();
        assertThat(own).isNotNull();
        assertThat(own.isShowing()).isTrue();
        assertThat(own.getScene().getRoot().lookup("#diagram")).isSameAs(diagram());
        assertThat(app.scene.getRoot().lookup("#topologyElsewhere").isVisible()).isTrue();

        robot.interact(own::close);
        assertThat(app.model.diagramPane().placementProperty().get()).isEqualTo(DiagramPlacement.DOCKED);
        assertThat(app.scene.getRoot().lookup("#diagram")).as("back beside the page").isNotNull();
        assertThat(main.diagramStage()).isNull();
    }

    @Test
    void dividerDragged_widensTheDiagramAndTheWidthIsRemembered() throws Exception {
        SplitPane split = robot.lookup("#horizontal").queryAs(SplitPane.class);
        Node divider = split.lookup(".split-pane-divider");
        double before = diagram().getWidth();
        robot.drag(divider).dropBy(-120, 0);

        double chosen = app.model.diagramPane().widthProperty().get();
        assertThat(chosen).isCloseTo(before + 120, org.assertj.core.data.Offset.offset(8.0));
        assertThat(diagram().getWidth()).isCloseTo(before + 120, org.assertj.core.data.Offset.offset(8.0));

        robot.interact(() -> app.model.rememberLayout(FxHarness.WIDTH, FxHarness.HEIGHT));
        assertThat(Settings.load(home).diagramWidth()).isEqualTo(chosen);
        assertThat(new DiagramPaneViewModel(Settings.load(home).diagramWidth()).widthProperty().get()).isEqualTo(chosen);
    }
}
