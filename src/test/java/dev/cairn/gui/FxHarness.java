package dev.cairn.gui;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One app window for a TestFX test: a temp Cairn home, the embedded instant Sandbox, the real
 * UI executor. The FX toolkit is started once per JVM by {@link FxToolkit#registerPrimaryStage()}
 * and shared by every UI test.
 */
final class FxHarness implements AutoCloseable {

    /** Monocle's default headless screen; a larger window overflows its frame buffer. */
    static final double WIDTH = 1280;
    static final double HEIGHT = 800;
    /** Generous: an instant-Sandbox apply takes a few seconds even on a loaded CI machine. */
    static final long RUN_TIMEOUT_SECONDS = 120;

    final TargetHolder targets;
    final UiTaskExecutor executor;
    final AppModel model;
    final Stage stage;
    Scene scene;

    FxHarness(Path home, Locale locale) throws Exception {
        this(home, locale, dev.cairn.sandbox.SandboxConfig.instant());
    }

    FxHarness(Path home, Locale locale, dev.cairn.sandbox.SandboxConfig sandbox) throws Exception {
        this(home, locale, sandbox, null);
    }

    /** A window whose calls go to {@code calls} (another backend than the embedded Sandbox). */
    FxHarness(Path home, Locale locale, Targets calls) throws Exception {
        this(home, locale, dev.cairn.sandbox.SandboxConfig.instant(), calls);
    }

    private FxHarness(Path home, Locale locale, dev.cairn.sandbox.SandboxConfig sandbox, Targets calls) throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        targets = new TargetHolder(home.resolve("sandbox"), sandbox);
        executor = new UiTaskExecutor(Platform::runLater);
        Targets modelTargets = calls != null ? calls : targets;
        model = FxToolkit.setupFixture(() -> {
            AppModel m = GuiFixtures.model(home, executor, modelTargets);
            m.workspace().openInitial(null);
            return m;
        });
        FxToolkit.setupStage(s -> {
            scene = new Scene(new MainView(new Messages(locale), model.workspace(), model.diagramPane(),
                    this::switchLanguage), WIDTH, HEIGHT);
            scene.getStylesheets().setAll(Resources.stylesheets());
            s.setScene(scene);
            s.setWidth(WIDTH);
            s.setHeight(HEIGHT);
            s.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        waitForTopology();
    }

    /**
     * Waits until the diagram shows the workspace's last input: the topology is laid out off the FX
     * thread (issue #14), so a test that reads it after a change waits for that layout.
     */
    void waitForTopology() throws Exception {
        waitUntil(() -> model.workspace().topology().settled());
    }

    /** What the app does on a language switch: a new view on the same view models. */
    void switchLanguage(Locale locale) {
        scene.setRoot(new MainView(new Messages(locale), model.workspace(), model.diagramPane(), this::switchLanguage));
    }

    private java.util.concurrent.CompletableFuture<Warmup.Result> warmup;

    /** Starts the warm-up as {@code CairnApp} does once the window shows; says whether it is on. */
    String startWarmup() {
        warmup = Warmup.start();
        return Warmup.enabled() ? "on" : "off (-D" + Warmup.ENABLED_PROPERTY + "=false)";
    }

    /** Waits for the warm-up started by {@link #startWarmup()}; its result, for a report. */
    String awaitWarmup() throws Exception {
        Warmup.Result r = warmup == null ? null : warmup.get(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return r == null ? "" : " (" + r + ")";
    }

    void waitUntil(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Waits for the run's report to open (a few pulses after the run's end: {@link RunReport}),
     * then closes it and every other window but the primary stage, so a click that follows lands
     * on the main window, not on a report opening over it.
     */
    static void closeReport() throws Exception {
        waitForReport();
        closeDialogs();
    }

    /** Waits until the run's report is open ({@link RunReport} opens it a few pulses after the run's end). */
    static void waitForReport() throws Exception {
        // Open, and its header there: a dialog makes a new header for each header text.
        WaitForAsyncUtils.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> Window.getWindows().stream()
                .anyMatch(w -> w.isShowing() && w.getScene() != null && w.getScene().lookup("#runReport") != null
                        && w.getScene().lookup(".dialog-pane .header-panel .label") != null));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Closes every window but the primary stage (report dialogs left open by a flow). */
    static void closeDialogs() throws Exception {
        FxToolkit.setupFixture(() -> {
            for (Window w : java.util.List.copyOf(Window.getWindows())) {
                if (w instanceof Stage s && s != FxToolkit.toolkitContext().getRegisteredStage()) {
                    s.close();
                }
            }
        });
    }

    @Override
    public void close() throws Exception {
        closeDialogs();
        targets.close();
        executor.close();
    }
}
