package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Target;
import dev.cairn.sandbox.SandboxConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app's launch order ({@link CairnApp#show}): the window is shown, and answers clicks, before
 * the Sandbox has started; a slow Sandbox cannot delay it.
 */
class StartOrderTest {

    static final long TIMEOUT_SECONDS = FxHarness.RUN_TIMEOUT_SECONDS;

    @TempDir
    Path home;

    final FxRobot robot = new FxRobot();
    TargetHolder sandbox;
    /**
     * A window of its own: the app's sets a minimum size and a place the next class must not
     * inherit. Other classes' windows may still be open in this JVM, so lookups start from it.
     */
    Stage stage;
    UiTaskExecutor executor;

    /** The embedded Sandbox, whose start waits until the test releases it. */
    static final class HeldSandbox implements Targets {
        final TargetHolder real;
        final CountDownLatch starting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HeldSandbox(TargetHolder real) {
            this.real = real;
        }

        @Override
        public Target open(TargetChoice choice) {
            if (choice.isSandbox()) {
                starting.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while held", e);
                }
            }
            return real.open(choice);
        }

        @Override
        public void reconfigureSandbox(SandboxConfig config) {
            real.reconfigureSandbox(config);
        }
    }

    @AfterEach
    void close() throws Exception {
        FxHarness.closeDialogs();
        if (stage != null) {
            Stage shown = stage;
            FxToolkit.setupFixture(shown::close);
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void opening_leavesOutThePageTheDiagramAndTheActivityList_untilTheyAreCompleted_once() throws Exception {
        FxToolkit.registerPrimaryStage();
        sandbox = GuiFixtures.sandbox(home);
        executor = new UiTaskExecutor(Platform::runLater);
        MainView view = FxToolkit.setupFixture(() -> {
            AppModel m = new AppModel(home, Settings.defaults(), executor, sandbox, Clock.systemUTC());
            m.workspace().openInitial(null);
            MainView v = MainView.opening(new Messages(Locale.ENGLISH), m.workspace(), m.diagramPane(), l -> { });
            // The split panes' items join the scene graph with the panes' skins, made by CSS.
            new javafx.scene.Scene(v);
            v.applyCss();
            return v;
        });
        assertThat(view.lookup("#step-network")).as("the steps are there").isNotNull();
        assertThat(view.lookup("#targetChoice")).as("the Account page").isNull();
        assertThat(view.lookup("#diagram")).isNull();
        assertThat(view.lookup("#activityTable")).isNull();

        FxToolkit.setupFixture(() -> {
            view.completePage();
            view.applyCss();
        });
        assertThat(view.lookupAll("#targetChoice")).as("the page, completed first, alone").hasSize(1);
        assertThat(view.lookup("#diagram")).isNull();

        FxToolkit.setupFixture(() -> {
            view.completeParts();
            view.completeParts();
            view.applyCss();
        });

        assertThat(view.lookupAll("#targetChoice")).as("one page, however often it is completed").hasSize(1);
        assertThat(view.lookup("#diagram")).isNotNull();
        assertThat(view.lookupAll("#activityTable")).as("one activity list, however often it is completed").hasSize(1);
    }

    @Test
    void opening_whenAStepIsChosenBeforeThePageIsCompleted_keepsTheChosenPage() throws Exception {
        FxToolkit.registerPrimaryStage();
        sandbox = GuiFixtures.sandbox(home);
        executor = new UiTaskExecutor(Platform::runLater);
        // The profiles known at once and none found: the Sandbox is the choice, and once checked
        // the steps after Account can be chosen.
        AppModel model = FxToolkit.setupFixture(() -> {
            AppModel m = new AppModel(home, Settings.defaults(), executor, sandbox, List.of(), () -> false,
                    Clock.systemUTC());
            m.workspace().openInitial(null);
            return m;
        });
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS,
                () -> model.workspace().account().validBinding().get());
        MainView view = FxToolkit.setupFixture(() -> {
            MainView v = MainView.opening(new Messages(Locale.ENGLISH), model.workspace(), model.diagramPane(), l -> { });
            new javafx.scene.Scene(v);
            assertThat(model.workspace().flow().go(WizardStep.NETWORK)).as("the click on a step").isTrue();
            v.completePage();
            v.completeParts();
            v.applyCss();
            return v;
        });

        assertThat(view.lookup("#vpcCidr")).as("the page chosen").isNotNull();
        assertThat(view.lookup("#targetChoice")).as("not the page the window opened on").isNull();
    }

    @Test
    void window_isShownAndAnswersClicks_whileTheSandboxIsStillStarting() throws Exception {
        FxToolkit.registerPrimaryStage();
        stage = FxToolkit.setupFixture(() -> new Stage());
        sandbox = GuiFixtures.sandbox(home);
        HeldSandbox held = new HeldSandbox(sandbox);
        executor = new UiTaskExecutor(Platform::runLater);
        Settings settings = Settings.defaults().withSize(FxHarness.WIDTH, FxHarness.HEIGHT);
        AppModel model = FxToolkit.setupFixture(() -> {
            AppModel m = new AppModel(home, settings, executor, held, Clock.systemUTC());
            m.workspace().openInitial(null);
            return m;
        });
        AccountViewModel account = model.workspace().account();
        // No AWS profiles: the Sandbox is the choice, and its check starts it.
        FxToolkit.setupFixture(() -> CairnApp.show(stage, model, new Messages(Locale.ENGLISH),
                () -> new AwsProfiles.Found(List.of(), false), l -> { }));

        assertThat(held.starting.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the Sandbox's start began").isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.isShowing()).isTrue();
        Label badge = robot.from(stage.getScene().getRoot()).lookup("#targetBadge").queryAs(Label.class);
        assertThat(badge.getText()).isEqualTo("Sandbox \u00b7 ap-northeast-2 \u00b7 starting\u2026");
        assertThat(account.startingProperty().get()).isTrue();

        // The window opened without the page, the diagram and the activity list; they follow the first frame.
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS,
                () -> stage.getScene().getRoot().lookup("#activityTable") != null);
        assertThat(stage.getScene().getRoot().lookup("#targetChoice")).as("the Account page, completed").isNotNull();
        assertThat(stage.getScene().getRoot().lookup("#diagram")).as("the diagram, completed").isNotNull();

        robot.clickOn(robot.from(stage.getScene().getRoot()).lookup("#step-network").queryAs(javafx.scene.Node.class));
        assertThat(model.workspace().flow().currentProperty().get()).as("the click was answered")
                .isEqualTo(WizardStep.NETWORK);
        assertThat(held.release.getCount()).as("still held").isEqualTo(1);
        // Decoded off the FX thread after the first frame, then set: every size, whatever the Sandbox does.
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS,
                () -> stage.getIcons().size() == Resources.ICON_SIZES.size());
        assertThat(stage.getIcons()).allSatisfy(i -> assertThat(i.isError()).as("decoded").isFalse());

        held.release.countDown();
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> !account.startingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(badge.getText()).isEqualTo("Sandbox \u00b7 ap-northeast-2");
        assertThat(account.checkedProperty().get()).as("the Sandbox answered its check").isNotNull();
    }
}
