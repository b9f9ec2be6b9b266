package dev.cairn.gui;

import dev.cairn.sandbox.SandboxConfig;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app. Launch order: while the JavaFX toolkit starts, the settings, the model and
 * its last stack are made on a thread of their own ({@link AppStart}, begun by {@code Main});
 * once the toolkit runs, the window's font opens on another and the FX thread, idle until the
 * model is ready, loads JavaFX's own stylesheet; then the FX thread sets the default exception
 * handler, builds the window without its page, diagram and activity list ({@link MainView#opening}),
 * one base stylesheet plus one theme, and shows it. After the first frame: the AWS profile and
 * credential lookup and (when it is the choice) the Sandbox's start and check, on low-priority
 * background threads, with the badge saying "starting" until they end ({@link AppModel#start});
 * the first use of FXML, for the pages ({@link UiWarmup#startFxml}); the stage icons, decoded on a
 * thread of their own ({@link StageIcons}); a frame later the page, and a frame after it the
 * diagram and the activity list.
 * Nothing the SDK or the Sandbox needs is loaded before the window shows, so neither can delay
 * it (docs/benchmarks.md, StartBenchmark).
 */
public final class CairnApp extends Application {

    /**
     * {@code -Dcairn.sandbox.timeScale=0.05} starts the embedded Sandbox at realistic time so scaled,
     * whatever pace the Account page remembers (until a pace is chosen there).
     */
    public static final String SANDBOX_TIME_SCALE = "cairn.sandbox.timeScale";
    /**
     * {@code -Dcairn.exitWhenStarted=true} closes the app once it has started everything (the
     * badge no longer says "starting"): the package-time run that lists the classes a start loads
     * for the AppCDS archive (pom.xml, DesktopJvm).
     */
    public static final String EXIT_WHEN_STARTED = "cairn.exitWhenStarted";
    private static final Logger LOG = LoggerFactory.getLogger(CairnApp.class);

    private AppStart.Parts parts;
    private Settings settings;
    private UiTaskExecutor executor;
    private TargetHolder targets;
    private AppModel model;
    private Scene scene;
    private Stage stage;
    /** The throwaway scene that keeps the stylesheets parsed in {@code init} until the window's scene uses them. */
    private Scene styledAhead;

    @Override
    public void init() {
        // The toolkit runs: the window's font can open while the FX thread builds the window.
        Thread fonts = new Thread(Resources::openFonts, "cairn-fonts");
        fonts.setDaemon(true);
        fonts.start();
        // The FX thread is idle until start(): it loads JavaFX's own stylesheet (Modena) and the
        // app's now, which the window's first control and first CSS pass would load before the
        // first frame (about 50 and 40 ms).
        Platform.runLater(() -> styledAhead = loadStylesheets());
        parts = AppStart.take();
        settings = parts.settings();
    }

    /**
     * JavaFX's default stylesheet, as the first {@code Control} would set it, and the app's own,
     * parsed through a throwaway scene: JavaFX keeps a parsed stylesheet by its address while a
     * scene uses it, and the window's scene then finds them parsed. On the FX thread.
     */
    static Scene loadStylesheets() {
        if (Application.getUserAgentStylesheet() == null) {
            Application.setUserAgentStylesheet(Application.STYLESHEET_MODENA);
        }
        Scene styled = new Scene(new javafx.scene.layout.Region());
        styled.getStylesheets().setAll(Resources.stylesheets());
        styled.getRoot().applyCss();
        return styled;
    }

    @Override
    public void start(Stage primary) {
        this.stage = primary;
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            LOG.error("unexpected error on {}", t.getName(), e);
            Platform.runLater(() -> Dialogs.error(new Messages(currentLocale()), e).show());
        });
        // The FX thread runs: what the model's tasks delivered while the toolkit started goes to it.
        parts.gate().open();
        executor = parts.executor();
        Links.use(getHostServices()::showDocument);
        targets = parts.targets();
        model = parts.model();

        // In the language the settings chose when the parts were made (nothing has changed it since).
        scene = show(stage, model, parts.messages(), AwsProfiles::lookUp, this::switchLanguage);
        styledAhead = null;
        // Below the FX thread, once the window is up and what actions need has started (so it
        // delays neither): the first apply's paths, warmed (issue #14).
        ReadOnlyBooleanProperty starting = model.workspace().account().startingProperty();
        if (!starting.get()) {
            Warmup.start();
        } else {
            starting.addListener(new javafx.beans.value.ChangeListener<Boolean>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                    if (!now) {
                        starting.removeListener(this);
                        Warmup.start();
                    }
                }
            });
        }
    }

    /**
     * Builds the window for {@code model}, shows it, and once it is on screen starts the model's
     * background work ({@link AppModel#start} with {@code lookup}): the app's launch order, which
     * the start-order test runs with a Sandbox it holds back.
     */
    static Scene show(Stage stage, AppModel model, Messages messages, Supplier<AwsProfiles.Found> lookup,
            Consumer<Locale> switchLanguage) {
        MainView view = MainView.opening(messages, model.workspace(), model.diagramPane(), switchLanguage);
        // Within the visible area of the screen it opens on: a 1366×768 laptop gets 1366×768 less
        // its panels, not 1440×900 with the header and the step list off-screen.
        Rectangle2D visible = Screen.getPrimary().getVisualBounds();
        Settings settings = model.settings();
        WindowBounds bounds = WindowBounds.fit(visible, settings.width(), settings.height());
        // Of the window's size: a scene without one measures its whole content's preferred size
        // when shown, only for the stage's size to replace it.
        Scene scene = new Scene(view, bounds.width(), bounds.height());
        scene.getStylesheets().setAll(Resources.stylesheets());
        stage.setScene(scene);
        stage.setTitle(messages.i18n("app.title"));
        stage.setX(bounds.x());
        stage.setY(bounds.y());
        stage.setWidth(bounds.width());
        stage.setHeight(bounds.height());
        stage.setMinWidth(WindowBounds.minWidth(visible));
        stage.setMinHeight(WindowBounds.minHeight(visible));
        ReadOnlyBooleanProperty starting = model.workspace().account().startingProperty();
        StartMarks.watch(stage, starting);
        // After the first frame: the lookups' tasks, the icons, then the page, the diagram and the activity list.
        FirstFrame.after(stage, () -> {
            model.start(lookup);
            // The pages' FXML, warmed before a page is opened.
            UiWarmup.startFxml(messages.bundle());
            // Decoding the icons (a PNG per size) is worth neither a later first frame nor a later answer.
            StageIcons.loadInBackground(stage);
            // A frame later the page, and a frame after it the diagram and the activity list, so a
            // click made on the first frame is answered before they are built. Unless a language
            // switch has put a whole view in its place already.
            FirstFrame.afterNextPulse(scene, () -> {
                if (scene.getRoot() == view) {
                    view.completePage();
                    FirstFrame.afterNextPulse(scene, () -> {
                        if (scene.getRoot() == view) {
                            view.completeParts();
                            StartMarks.completed(scene);
                        }
                    });
                }
            });
        });
        if (Boolean.getBoolean(EXIT_WHEN_STARTED)) {
            starting.addListener((o, was, now) -> {
                if (!now) {
                    Platform.exit();
                }
            });
        }
        stage.show();
        return scene;
    }

    private Locale currentLocale() {
        return AppStart.locale(model == null ? settings : model.settings());
    }

    /** Rebuilds the scene's content in another language; the view models (and the stack) stay. */
    private void switchLanguage(Locale locale) {
        model.update(model.settings().withLanguage(locale.toLanguageTag()));
        Messages m = new Messages(locale);
        scene.setRoot(new MainView(m, model.workspace(), model.diagramPane(), this::switchLanguage));
        stage.setTitle(m.i18n("app.title"));
    }

    /** The remembered pace, unless {@value #SANDBOX_TIME_SCALE} sets a scale for this run (benchmarks). */
    static SandboxConfig sandboxConfig(Settings settings) {
        String scale = System.getProperty(SANDBOX_TIME_SCALE);
        return scale == null ? settings.pace().config() : SandboxConfig.realistic(Double.parseDouble(scale));
    }

    @Override
    public void stop() {
        if (model != null && stage != null) {
            model.rememberLayout(stage.getWidth(), stage.getHeight());
            model.workspace().cancel();
        }
        if (targets != null) {
            targets.close();
        }
        if (executor != null) {
            executor.close();
        }
    }
}
