package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.ReleaseViewModel.Action;
import dev.cairn.gui.ReleaseViewModel.Banner;
import dev.cairn.gui.ReleaseViewModel.Connection;
import dev.cairn.gui.ReleaseViewModel.Execution;
import dev.cairn.gui.ReleaseViewModel.Snapshot;
import dev.cairn.model.StackState;
import dev.cairn.step.pipeline.PipelineFiles;
import dev.cairn.step.pipeline.PipelineSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The Pipeline page as a person uses it (headless Monocle, a robot): include the step, type a
 * repository GitHub would refuse and see the rule at it with Apply held back, fix it, see the
 * files for the repository and copy one; then the live half with a scripted pipeline — the
 * handshake banner while the connection is PENDING, "Complete the handshake" in the Sandbox, the
 * strip mid-release — and PNGs of the page in English and Korean under {@code target/screenshots/}
 * for a reviewer.
 */
class PipelineStepFlowTest extends FxWindowTest {

    static final Instant T0 = Instant.parse("2026-12-06T05:30:00Z");

    private void replaceText(String query, String text) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        reveal(field);
        robot.clickOn(field);
        robot.interact(field::selectAll);
        robot.write(text);
    }

    private void click(String query) {
        Node node = robot.lookup(query).query();
        reveal(node);
        robot.clickOn(node);
    }

    /** Scrolls the page so {@code node} shows, as a person scrolls to a field below the fold. */
    private void reveal(Node node) {
        robot.interact(() -> {
            for (Node p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof ScrollPane scroll) {
                    double contentHeight = scroll.getContent().getBoundsInLocal().getHeight();
                    double viewport = scroll.getViewportBounds().getHeight();
                    double y = scroll.getContent().sceneToLocal(node.localToScene(0, 0)).getY();
                    scroll.setVvalue(contentHeight <= viewport ? 0 : Math.min(1, Math.max(0, (y - 40) / (contentHeight - viewport))));
                    return;
                }
            }
        });
        robot.sleep(100);
    }

    private PipelineSection section(WorkspaceViewModel vm) {
        return vm.blueprintProperty().get().section(PipelineSection.KEY);
    }

    @Test
    void pipelinePage_includeBreakFix_showsTheRuleAndTheFiles() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        robot.clickOn("#step-pipeline");
        CheckBox include = robot.lookup("#pipelineInclude").queryAs(CheckBox.class);
        assertThat(include.isSelected()).isFalse();
        Label executionLine = robot.lookup("#executionLine").queryAs(Label.class);
        assertThat(executionLine.getText()).as("nothing built yet").contains("Once the step is applied");
        assertThat(robot.lookup("#handshakeBanner").query().isVisible()).isFalse();

        robot.clickOn(include);
        assertThat(section(vm)).isNotNull();
        assertThat(robot.lookup("#pipelineApply").queryButton().isDisabled()).isFalse();

        replaceText("#repository", "frontend");
        Label error = robot.lookup("#repositoryError").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).contains("frontend");
        assertThat(robot.lookup("#pipelineApply").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#next").queryButton().isDisabled()).isTrue();

        replaceText("#repository", "octo/frontend");
        assertThat(error.isVisible()).isFalse();
        assertThat(section(vm).source().repository()).isEqualTo("octo/frontend");
        assertThat(robot.lookup("#pipelineApply").queryButton().isDisabled()).isFalse();

        TabPane files = robot.lookup("#generatedFiles").queryAs(TabPane.class);
        assertThat(files.getTabs()).extracting(t -> t.getText()).containsExactly(PipelineFiles.BUILDSPEC,
                PipelineFiles.APPSPEC, PipelineFiles.TASKDEF, PipelineFiles.DOCKERFILE, PipelineFiles.INDEX);
        robot.interact(() -> files.getSelectionModel().select(2));
        click("#copyFile");
        AtomicReference<String> copied = new AtomicReference<>();
        robot.interact(() -> copied.set(Clipboard.getSystemClipboard().getString()));
        assertThat(copied.get()).contains("\"family\"").contains("<IMAGE1_NAME>");
    }

    /** A pipeline mid-release behind a PENDING connection, then AVAILABLE once the handshake is completed. */
    static final class ScriptedRuns implements ReleaseViewModel.Source {
        volatile String status = "PENDING";

        @Override
        public boolean watches(StackState state) {
            return true;
        }

        @Override
        public Snapshot read(TargetChoice target, StackState state) {
            return new Snapshot(new Connection(state.stack() + "-github", status,
                    "https://ap-northeast-2.console.aws.amazon.com/codesuite/settings/connections"),
                    new Execution("3f2a9c1e-7d41-4b6a-9a0e-51c2d8e4b7aa", "InProgress", T0, List.of(
                            new Action("Source", "Succeeded", null, T0.plusSeconds(4), null, "Version 2: the sample page says so"),
                            new Action("Build", "InProgress", null, T0.plusSeconds(9),
                                    "https://console.aws.amazon.com/cloudwatch/home#logsV2:log-groups", null))));
        }

        @Override
        public String release(TargetChoice target, StackState state) {
            return "exec";
        }

        @Override
        public void completeHandshake(TargetChoice target, StackState state) {
            status = "AVAILABLE";
        }

        @Override
        public String commitChange(TargetChoice target, StackState state) {
            return "abc1234";
        }
    }

    @Test
    void pipelinePage_live_bannerUntilTheHandshakeAndTheStripMidRelease_inEnglishAndKorean() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        robot.clickOn("#step-pipeline");
        robot.clickOn("#pipelineInclude");
        ScriptedRuns runs = new ScriptedRuns();
        ReleaseViewModel release = new ReleaseViewModel(app.executor, runs, (interval, tick) -> () -> {});
        StackState state = StackState.empty(vm.stackProperty().get());
        robot.interact(() -> release.follow(TargetChoice.SANDBOX, state, true));
        app.waitUntil(() -> release.bannerProperty().get() == Banner.PENDING);

        for (Locale locale : new Locale[] {Locale.ENGLISH, Locale.KOREAN}) {
            Messages m = new Messages(locale);
            robot.interact(() -> app.scene.setRoot(new PipelineStepView(m, vm.pipeline(), release, vm)));
            WaitForRender.settle(robot);
            assertThat(robot.lookup("#handshakeBanner").query().isVisible()).isTrue();
            assertThat(robot.lookup("#handshakeText").queryAs(Label.class).getText()).contains(state.stack() + "-github");
            assertThat(robot.lookup("#completeHandshake").queryButton().isVisible()).as("Sandbox").isTrue();
            assertThat(robot.lookup("#stage-build").query().getStyleClass()).contains("stage-in-progress");
            assertThat(robot.lookup("#stage-source").query().getStyleClass()).contains("stage-succeeded");
            assertThat(robot.lookup("#stage-deploy").query().getStyleClass()).contains("stage-not-run");
            assertThat(robot.lookup("#commitChange").queryButton().isVisible()).isTrue();
            shoot("pipeline-" + locale.getLanguage());
        }
        Button complete = robot.lookup("#completeHandshake").queryButton();
        assertThat(complete.getText()).isEqualTo("핸드셰이크 완료");
        robot.clickOn(complete);
        app.waitUntil(() -> release.bannerProperty().get() == Banner.CONNECTED);
        assertThat(robot.lookup("#completeHandshake").query().getParent().isVisible()).as("no button once connected").isFalse();
        assertThat(robot.lookup("#handshakeBanner").query().getStyleClass()).contains("banner-ok");
        assertThat(runs.status).isEqualTo("AVAILABLE");
        shoot("pipeline-ko-connected");
        robot.interact(() -> app.switchLanguage(Locale.ENGLISH));
    }

    /** The whole page and its form and explanation whole (scrolled-away parts too). */
    private void shoot(String stem) throws Exception {
        Path out = MainWindowScreenshotTest.OUT;
        Files.createDirectories(out);
        java.util.List<ScrollPane> scrolls = robot.lookup(".pipeline-page .page-scroll").queryAllAs(ScrollPane.class)
                .stream().toList();
        for (int i = 0; i < scrolls.size(); i++) {
            Node content = scrolls.get(i).getContent();
            write(content, stem + (i == 0 ? "-form.png" : "-explain.png"));
        }
        write(app.scene.getRoot(), stem + ".png");
    }

    private void write(Node node, String name) throws Exception {
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = node.snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", MainWindowScreenshotTest.OUT.resolve(name).toFile());
    }

    /** Lets layout and CSS settle after a root change. */
    static final class WaitForRender {
        static void settle(org.testfx.api.FxRobot robot) {
            robot.interact(() -> {});
            robot.sleep(Duration.ofMillis(300).toMillis());
        }
    }
}
