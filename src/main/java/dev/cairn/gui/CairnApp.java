package dev.cairn.gui;

import dev.cairn.app.CairnHome;
import dev.cairn.aws.AwsClients;
import dev.cairn.gui.AwsProfiles.AwsProfile;
import dev.cairn.sandbox.SandboxConfig;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app. Launch order (after AtlantaFX's Launcher): default exception handler, load
 * settings (in {@link #init()}, off the FX thread, with the profile and credentials lookup),
 * build the scene, one base stylesheet plus one theme, stage icons, show.
 */
public final class CairnApp extends Application {

    /**
     * {@code -Dcairn.sandbox.timeScale=0.05} starts the embedded Sandbox at realistic time so scaled,
     * whatever pace the Account page remembers (until a pace is chosen there).
     */
    public static final String SANDBOX_TIME_SCALE = "cairn.sandbox.timeScale";
    private static final Logger LOG = LoggerFactory.getLogger(CairnApp.class);

    private Settings settings;
    private List<AwsProfile> profiles;
    private boolean credentialsFound;
    private UiTaskExecutor executor;
    private TargetHolder targets;
    private AppModel model;
    private Scene scene;
    private Stage stage;

    @Override
    public void init() {
        settings = Settings.load(CairnHome.root());
        try {
            profiles = AwsProfiles.readDefault();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the AWS profiles: {}", e.getMessage());
            profiles = List.of();
        }
        credentialsFound = !profiles.isEmpty() && AwsClients.credentialsAvailable(Optional.empty());
    }

    @Override
    public void start(Stage primary) {
        this.stage = primary;
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            LOG.error("unexpected error on {}", t.getName(), e);
            Platform.runLater(() -> Dialogs.error(new Messages(currentLocale()), e).show());
        });
        executor = new UiTaskExecutor(Platform::runLater);
        Links.use(getHostServices()::showDocument);
        targets = new TargetHolder(CairnHome.sandboxData(), sandboxConfig(settings));
        model = new AppModel(CairnHome.root(), settings, executor, targets, profiles, () -> credentialsFound,
                Clock.systemUTC());
        model.workspace().openInitial(settings.lastStack());

        Locale locale = currentLocale();
        scene = new Scene(new MainView(new Messages(locale), model.workspace(), model.diagramPane(), this::switchLanguage));
        scene.getStylesheets().setAll(Resources.stylesheets());
        stage.setScene(scene);
        stage.setTitle(new Messages(locale).i18n("app.title"));
        for (String icon : Resources.iconPaths()) {
            stage.getIcons().add(new Image(Resources.url(icon).toExternalForm()));
        }
        // Within the visible area of the screen it opens on: a 1366×768 laptop gets 1366×768 less
        // its panels, not 1440×900 with the header and the step list off-screen.
        Rectangle2D visible = Screen.getPrimary().getVisualBounds();
        WindowBounds bounds = WindowBounds.fit(visible, settings.width(), settings.height());
        stage.setX(bounds.x());
        stage.setY(bounds.y());
        stage.setWidth(bounds.width());
        stage.setHeight(bounds.height());
        stage.setMinWidth(WindowBounds.minWidth(visible));
        stage.setMinHeight(WindowBounds.minHeight(visible));
        stage.show();
        // After the window shows, below the FX thread: the first apply's paths, warmed (issue #14).
        Warmup.start();
    }

    private Locale currentLocale() {
        String lang = model == null ? settings.language() : model.settings().language();
        return Messages.supported(lang == null ? Locale.getDefault() : Locale.forLanguageTag(lang));
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
