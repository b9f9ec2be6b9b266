package dev.cairn.gui;

import dev.cairn.app.Target;
import dev.cairn.aws.CallerIdentity;
import dev.cairn.gui.AwsProfiles.AwsProfile;
import dev.cairn.model.Regions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;

/**
 * The Account page: where actions go (the Sandbox or an AWS profile), the region, and a check
 * that reads the caller identity and the region's zones on a background task.
 */
public final class AccountViewModel {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AccountViewModel.class);

    /** The result of a successful check. */
    public record CheckResult(CallerIdentity identity, List<String> zones) {}

    private final TaskExecutor executor;
    private final Targets targets;
    private final ObservableList<TargetChoice> choices = FXCollections.observableArrayList();
    /** One wrapper, kept: listeners on a wrapper made per call would be lost to GC. */
    private final ObservableList<TargetChoice> readOnlyChoices = FXCollections.unmodifiableObservableList(choices);
    private final ObjectProperty<TargetChoice> target = new SimpleObjectProperty<>();
    private final StringProperty region = new SimpleStringProperty();
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<CheckResult> checked = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Problem> problem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Problem> badge = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding valid;
    private final SandboxPaceViewModel pace;
    /** True until the profiles are known and, when the Sandbox is the first choice, its first check has ended. */
    private final ReadOnlyBooleanWrapper starting = new ReadOnlyBooleanWrapper(true);
    private final String savedTarget;
    private boolean profilesKnown;
    private boolean sandboxStarting;

    /** Where a new stack builds when neither settings nor the chosen profile name a region. */
    static final String DEFAULT_REGION = "ap-northeast-2";

    /**
     * An Account page whose profiles are already known (the UI tests): as the app's after
     * {@link #profilesFound}, with the Sandbox checked at once when it is the choice.
     *
     * @param profiles the profiles found in the AWS files
     * @param credentialsFound whether the default chain finds credentials (the SDK lookup in the app)
     * @param savedTarget the choice remembered in settings ({@link TargetChoice#key()}), or null
     * @param savedRegion the region remembered in settings, or null
     */
    public AccountViewModel(TaskExecutor executor, Targets targets, List<AwsProfile> profiles,
            BooleanSupplier credentialsFound, String savedTarget, String savedRegion) {
        this(executor, targets, savedTarget, savedRegion);
        profilesFound(profiles, credentialsFound);
    }

    /**
     * An Account page that is still starting: no choice yet, so nothing can be applied or read
     * from a target, and the badge says so, until {@link #lookUpProfiles} (or
     * {@link #profilesFound}) has read the AWS files. The app builds it this way so that the SDK's
     * profile and credential lookups and the Sandbox's start run after its window is shown.
     */
    public AccountViewModel(TaskExecutor executor, Targets targets, String savedTarget, String savedRegion) {
        this.executor = executor;
        this.targets = targets;
        this.savedTarget = savedTarget;
        // A check opens the Sandbox: the pace waits for it, and checks again (warming it) once restarted.
        this.pace = new SandboxPaceViewModel(executor, targets, this::checkIfSandbox);
        pace.holdWhile(checking.getReadOnlyProperty());
        region.set(savedRegion != null && Regions.find(savedRegion).isPresent() ? savedRegion : null);
        valid = Bindings.createBooleanBinding(() -> target.get() != null && region.get() != null
                && Regions.find(region.get()).isPresent(), target, region);
        // A new choice or region invalidates what the last check showed.
        target.addListener((o, a, b) -> reset());
        region.addListener((o, a, b) -> reset());
        updateBadge();
    }

    /**
     * Reads the AWS profiles and whether the default chain finds credentials on a background task,
     * then {@linkplain #profilesFound decides the choice}; a lookup that fails leaves the Sandbox
     * (and is logged, as the app did when it read them before its window).
     */
    public void lookUpProfiles(java.util.function.Supplier<AwsProfiles.Found> lookup) {
        executor.execute(BackgroundTask.wrap(lookup::get)
                .onSuccess(found -> profilesFound(found.profiles(), found::credentialsFound))
                .onFailure(e -> {
                    LOG.warn("cannot read the AWS profiles: {}", e.getMessage());
                    profilesFound(List.of(), () -> false);
                }));
    }

    /**
     * The profiles are known: lists them, and chooses the remembered one, else the default (see
     * {@link #initialChoice}); the region, when none was remembered and no stack set one, is the
     * chosen profile's. Once only: a second call changes nothing.
     */
    public void profilesFound(List<AwsProfile> profiles, BooleanSupplier credentialsFound) {
        if (profilesKnown) {
            return;
        }
        profilesKnown = true;
        List<TargetChoice> all = new ArrayList<>();
        all.add(TargetChoice.SANDBOX);
        profiles.forEach(p -> all.add(TargetChoice.of(p)));
        choices.setAll(all);
        TargetChoice choice = initialChoice(savedTarget, profiles, credentialsFound);
        if (region.get() == null) {
            region.set(profiles.stream().filter(p -> p.name().equals(choice.profile())).findFirst()
                    .flatMap(AwsProfile::region).filter(r -> Regions.find(r).isPresent())
                    .orElse(DEFAULT_REGION));
        }
        // Only the Sandbox has more to start (its check opens it); a profile is checked on request.
        sandboxStarting = choice.isSandbox();
        target.set(choice);
        updateStarting();
    }

    private void updateStarting() {
        starting.set(!profilesKnown || sandboxStarting);
        updateBadge();
    }

    /**
     * Checks the Sandbox as soon as it is the choice: it is local and free, so the page shows its
     * identity and zones without a click, and the Sandbox and the SDK clients are up (and warm)
     * before the first Apply rather than during it. An AWS profile is checked on request only.
     */
    private void checkIfSandbox() {
        if (target.get() != null && target.get().isSandbox() && valid.get()) {
            check();
        }
    }

    /**
     * The remembered choice if it still exists; else the Sandbox when no credentials are found;
     * else the {@code default} profile (or the first one).
     */
    static TargetChoice initialChoice(String savedTarget, List<AwsProfile> profiles, BooleanSupplier credentialsFound) {
        if ("sandbox".equals(savedTarget)) {
            return TargetChoice.SANDBOX;
        }
        Optional<String> saved = TargetChoice.profileOfKey(savedTarget);
        if (saved.isPresent()) {
            Optional<AwsProfile> p = profiles.stream().filter(x -> x.name().equals(saved.get())).findFirst();
            if (p.isPresent()) {
                return TargetChoice.of(p.get());
            }
        }
        if (profiles.isEmpty() || !credentialsFound.getAsBoolean()) {
            return TargetChoice.SANDBOX;
        }
        return profiles.stream().filter(p -> p.name().equals("default")).findFirst()
                .or(() -> profiles.stream().findFirst()).map(TargetChoice::of).orElse(TargetChoice.SANDBOX);
    }

    private void reset() {
        checked.set(null);
        problem.set(null);
        updateBadge();
        checkIfSandbox();
    }

    private void updateBadge() {
        TargetChoice c = target.get();
        if (c == null) {
            badge.set(Problem.of("badge.starting"));
        } else if (c.isSandbox() && starting.get()) {
            badge.set(Problem.of("badge.sandboxStarting", String.valueOf(region.get())));
        } else if (c.isSandbox()) {
            badge.set(Problem.of("badge.sandbox", String.valueOf(region.get())));
        } else if (checked.get() != null) {
            badge.set(Problem.of("badge.aws", checked.get().identity().account(), c.profile(), String.valueOf(region.get())));
        } else {
            badge.set(Problem.of("badge.awsUnchecked", c.profile(), String.valueOf(region.get())));
        }
    }

    /** Reads who the calls run as and the region's zones, in the background. */
    public void check() {
        TargetChoice choice = target.get();
        String r = region.get();
        if (choice == null || r == null || checking.get() || pace.changingProperty().get()) {
            return;
        }
        checking.set(true);
        problem.set(null);
        executor.execute(BackgroundTask.wrap(() -> {
            Target t = targets.open(choice);
            CallerIdentity id = t.identity(r);
            List<String> zones = t.clients().ec2(r).describeAvailabilityZones().availabilityZones().stream()
                    .map(AvailabilityZone::zoneName).sorted().toList();
            return new CheckResult(id, zones);
        }).onSuccess(result -> {
            if (choice.equals(target.get()) && r.equals(region.get())) {
                checked.set(result);
                updateBadge();
            }
        }).onFailure(e -> problem.set(AccountErrors.describe(e, choice.profileName())))
                .onFinished(() -> {
                    checking.set(false);
                    if (choice.isSandbox() && sandboxStarting) {
                        // Started or failed to: either way the badge stops saying "starting"
                        // (a failure shows on the Account page).
                        sandboxStarting = false;
                        updateStarting();
                    }
                    // The choice or region changed while this check ran, so its result was dropped:
                    // check what is chosen now (never the same choice again, so a failure never loops).
                    if (!(choice.equals(target.get()) && r.equals(region.get()))) {
                        checkIfSandbox();
                    }
                }));
    }

    /** How fast the embedded Sandbox builds (shown while it is the choice). */
    public SandboxPaceViewModel pace() {
        return pace;
    }

    public ObservableList<TargetChoice> choices() {
        return readOnlyChoices;
    }

    public ObjectProperty<TargetChoice> targetProperty() {
        return target;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public List<Regions.Region> regions() {
        return Regions.all();
    }

    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CheckResult> checkedProperty() {
        return checked.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Problem> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /**
     * Whether the app is still starting what actions need: the profiles, and the Sandbox when it is
     * the first choice. Until the profiles are known there is no choice, so nothing can be applied.
     */
    public ReadOnlyBooleanProperty startingProperty() {
        return starting.getReadOnlyProperty();
    }

    /** What the header badge says: where actions go. */
    public ReadOnlyObjectProperty<Problem> badgeProperty() {
        return badge.getReadOnlyProperty();
    }

    public BooleanBinding validBinding() {
        return valid;
    }
}
