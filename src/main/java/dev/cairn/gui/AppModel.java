package dev.cairn.gui;

import dev.cairn.gui.AwsProfiles.AwsProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root below the views: settings, the bus and the view models, wired for one
 * Cairn home. The app and the UI tests build it the same way, with their own executor and targets.
 */
public final class AppModel {

    private static final Logger LOG = LoggerFactory.getLogger(AppModel.class);

    private final Path home;
    private final EventBus bus = new EventBus();
    private final WorkspaceViewModel workspace;
    private final DiagramPaneViewModel diagramPane;
    private Settings settings;

    /** With the profiles known at once (the UI tests): the Sandbox, when chosen, is checked at once. */
    public AppModel(Path home, Settings settings, TaskExecutor executor, Targets targets, List<AwsProfile> profiles,
            BooleanSupplier credentialsFound, Clock clock) {
        this(home, settings, executor, targets, new AccountViewModel(executor, targets, profiles, credentialsFound,
                settings.target(), settings.region()), clock);
    }

    /**
     * Still starting (the app): no target until {@link #start} has looked up the profiles in the
     * background; until then the badge says "starting" and nothing can be applied.
     */
    public AppModel(Path home, Settings settings, TaskExecutor executor, Targets targets, Clock clock) {
        this(home, settings, executor, targets, new AccountViewModel(executor, targets, settings.target(),
                settings.region()), clock);
    }

    private AppModel(Path home, Settings settings, TaskExecutor executor, Targets targets, AccountViewModel account,
            Clock clock) {
        this.home = home;
        this.settings = settings;
        this.workspace = new WorkspaceViewModel(new StackCatalog(home), new AppTeamStates(targets, clock), executor, targets,
                account, bus, clock);
        this.diagramPane = new DiagramPaneViewModel(settings.diagramWidth());
        bus.subscribe(AppEvent.StackOpened.class, e -> update(settings().withLastStack(e.stack())));
        // The Sandbox was started at the remembered pace (the targets were made with it).
        account.pace().restore(settings.pace());
        account.pace().paceProperty().addListener((o, a, b) -> update(settings().withSandboxPace(b)));
        // The first choice (from none, once the profiles are known) is what settings said or the
        // default: remembering it would turn a default into a choice the user never made.
        account.targetProperty().addListener((o, a, b) -> {
            if (a != null) {
                rememberTarget();
            }
        });
        account.regionProperty().addListener((o, a, b) -> rememberTarget());
    }

    /**
     * Starts what the window did not wait for: the AWS profile and credential lookup (then, when
     * the Sandbox is the choice, its start and check), on the executor's low-priority workers.
     */
    public void start(Supplier<AwsProfiles.Found> lookup) {
        workspace.account().lookUpProfiles(lookup);
    }

    private void rememberTarget() {
        AccountViewModel a = workspace.account();
        update(settings().withTarget(a.targetProperty().get() == null ? null : a.targetProperty().get().key(),
                a.regionProperty().get()));
    }

    /** Changes and saves the settings (a failed save is logged: losing a preference is not fatal). */
    public void update(Settings newSettings) {
        if (newSettings.equals(settings)) {
            // Reopening the last stack at start changes nothing: the file is not rewritten.
            return;
        }
        settings = newSettings;
        try {
            settings.save(home);
        } catch (IOException e) {
            LOG.warn("cannot save settings in {}: {}", home, e.getMessage());
        }
    }

    public Settings settings() {
        return settings;
    }

    public EventBus bus() {
        return bus;
    }

    public WorkspaceViewModel workspace() {
        return workspace;
    }

    /** Where the topology is shown and how wide; its width is saved with {@link #rememberLayout}. */
    public DiagramPaneViewModel diagramPane() {
        return diagramPane;
    }

    /** Saves the window's size and the diagram's width, for the next start. */
    public void rememberLayout(double windowWidth, double windowHeight) {
        update(settings.withSize(windowWidth, windowHeight).withDiagramWidth(diagramPane.widthProperty().get()));
    }

    public Path home() {
        return home;
    }
}
