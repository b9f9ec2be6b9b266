package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.topology.DiagramView;
import dev.cairn.topology.DiagramStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import javafx.scene.text.Text;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The whole guide (Network, Access, Web tier) in the window at 1280×800: the Web tier page's
 * diagram follows the Web tier's resources with names at least 9 px on screen, the Stress button
 * shows in the Sandbox, and PNGs of the window in English and Korean are written under
 * {@code target/screenshots/} for a reviewer to look at.
 */
class MainWindowWebTest extends FxWindowTest {

    private DiagramView diagram() {
        return robot.lookup("#diagram").queryAs(DiagramView.class);
    }

    /** The names (12 px labels) of the diagram's boxes that lie inside its visible area. */
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

    @Test
    void webPage_withTheWholeGuide_followsTheWebTierReadablyInBothLanguages() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        robot.interact(() -> {
            vm.access().includedProperty().set(true);
            vm.access().myIpProperty().set("203.0.113.10");
            vm.access().peeringOnProperty().set(true);
            vm.web().includedProperty().set(true);
        });
        robot.clickOn("#step-web");
        DiagramView view = diagram();
        List<Text> names = namesInView();
        double smallest = names.stream().mapToDouble(t -> t.getFont().getSize() * t.getLocalToSceneTransform().getMyy())
                .min().orElse(0);
        System.out.printf(Locale.ROOT, "Web page (whole guide) at %.0fx%.0f: zoom %.0f %%, smallest name %.1f px%n",
                FxHarness.WIDTH, FxHarness.HEIGHT, view.zoomProperty().get() * 100, smallest);

        assertThat(view.focusSteps()).containsExactly("web");
        assertThat(smallest).isGreaterThanOrEqualTo(DiagramView.MIN_TEXT_PX);
        assertThat(names).extracting(Text::getText).anySatisfy(t -> assertThat(t).startsWith("Load balancer"))
                .anySatisfy(t -> assertThat(t).startsWith("Auto Scaling group"));
        assertThat(robot.lookup("#webStress").queryButton().isVisible()).as("the Sandbox is the target").isTrue();
        assertThat(robot.lookup("#webStressAws").queryLabeled().isVisible()).isFalse();
        Path en = capture("web-en.png");

        GuiFixtures.chooseLanguage(robot, Locale.KOREAN);
        robot.clickOn("#step-web");
        assertThat(robot.lookup("#webStress").queryButton().getText()).isEqualTo("인스턴스에 부하 주기");
        Path ko = capture("web-ko.png");

        // The group as AWS would report it mid-scale-out (a scripted answer, as the watch hands it over).
        dev.cairn.model.Address group = dev.cairn.step.web.WebResources.GROUP;
        java.util.function.Function<String, dev.cairn.topology.TargetHealth> health =
                s -> dev.cairn.topology.TargetHealth.of(s, s.equals("unhealthy") ? "Target.Timeout" : "", "");
        dev.cairn.topology.GroupLive live = new dev.cairn.topology.GroupLive(3, List.of(
                new dev.cairn.topology.GroupMember("i-0a1f2e3d", "ap-northeast-2a", "InService", health.apply("healthy"), -1),
                new dev.cairn.topology.GroupMember("i-0c4b5a69", "ap-northeast-2c", "InService", health.apply("unhealthy"), -1),
                new dev.cairn.topology.GroupMember("i-0a7d8c9b", "ap-northeast-2a", "Pending", health.apply("initial"), -1)));
        robot.interact(() -> vm.topology().showGroups(java.util.Map.of(group, live)));
        app.waitForTopology();
        assertThat(robot.lookup(".health-healthy").queryAll()).hasSize(1);
        assertThat(robot.lookup(".health-unhealthy").queryAll()).hasSize(1);
        Path liveKo = capture("web-live-ko.png");
        // The views were rebuilt in Korean: the language menu is a new one.
        GuiFixtures.chooseLanguage(robot, Locale.ENGLISH);
        robot.clickOn("#step-web");
        robot.interact(() -> vm.topology().showGroups(java.util.Map.of(group, live)));
        app.waitForTopology();
        Path liveEn = capture("web-live-en.png");
        for (Path p : List.of(en, ko, liveEn, liveKo)) {
            assertThat(ImageIO.read(p.toFile()).getWidth()).isEqualTo((int) FxHarness.WIDTH);
        }
    }

    private Path capture(String name) throws Exception {
        Path out = Path.of("target/screenshots");
        Files.createDirectories(out);
        Path file = out.resolve(name);
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = app.scene.getRoot().snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", file.toFile());
        return file;
    }
}
