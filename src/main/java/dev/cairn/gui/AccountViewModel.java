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

    /** The result of a successful check. */
    public record CheckResult(CallerIdentity identity, List<String> zones) {}

    private final TaskExecutor executor;
    private final Targets targets;
    private final ObservableList<TargetChoice> choices = FXCollections.observableArrayList();
    /** One wrapper, kept: listeners on a wrapper made per call would be lost to GC. */
    private final ObservableList<TargetChoice> readOnlyChoices = FXCollections.unmodifiableObservableList(choices);
    private final ObjectProperty<TargetChoice> target = new SimpleObjectProperty<>(TargetChoice.SANDBOX);
    private final StringProperty region = new SimpleStringProperty();
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<CheckResult> checked = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Problem> problem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Problem> badge = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding valid;
    private final SandboxPaceViewModel pace;

    /**
     * @param profiles the profiles found in the AWS files
     * @param credentialsFound whether the default chain finds credentials (the SDK lookup in the app)
     * @param savedTarget the choice remembered in settings ({@link TargetChoice#key()}), or null
     * @param savedRegion the region remembered in settings, or null
     */
    public AccountViewModel(TaskExecutor executor, Targets targets, List<AwsProfile> profiles,
            BooleanSupplier credentialsFound, String savedTarget, String savedRegion) {
        this.executor = executor;
        this.targets = targets;
        // A check opens the Sandbox: the pace waits for it, and checks again (warming it) once restarted.
        this.pace = new SandboxPaceViewModel(executor, targets, this::checkIfSandbox);
        pace.holdWhile(checking.getReadOnlyProperty());
        List<TargetChoice> all = new ArrayList<>();
        all.add(TargetChoice.SANDBOX);
        profiles.forEach(p -> all.add(TargetChoice.of(p)));
        choices.setAll(all);
        target.set(initialChoice(savedTarget, profiles, credentialsFound));
        String startRegion = savedRegion != null && Regions.find(savedRegion).isPresent() ? savedRegion
                : profiles.stream().filter(p -> p.name().equals(target.get().profile())).findFirst()
                        .flatMap(AwsProfile::region).filter(r -> Regions.find(r).isPresent())
                        .orElse("ap-northeast-2");
        region.set(startRegion);
        valid = Bindings.createBooleanBinding(() -> target.get() != null && region.get() != null
                && Regions.find(region.get()).isPresent(), target, region);
        // A new choice or region invalidates what the last check showed.
        target.addListener((o, a, b) -> reset());
        region.addListener((o, a, b) -> reset());
        reset();
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
        if (c == null || c.isSandbox()) {
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

    /** What the header badge says: where actions go. */
    public ReadOnlyObjectProperty<Problem> badgeProperty() {
        return badge.getReadOnlyProperty();
    }

    public BooleanBinding validBinding() {
        return valid;
    }
}
