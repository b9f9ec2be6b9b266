package dev.cairn.gui;

import dev.cairn.app.StackRunner;
import dev.cairn.app.Target;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.ResourceEvent;
import dev.cairn.engine.RunResult;
import dev.cairn.gui.AppEvent.RunKind;
import dev.cairn.gui.StackCatalog.StackSummary;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.plan.Action;
import dev.cairn.plan.CostEstimate;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlannedAction;
import dev.cairn.plan.Planner;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.StepModule;
import dev.cairn.step.Steps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The app's state above the pages: the open stack, its blueprint, its state, the runs (apply,
 * teardown, resume) and the step badges. The blueprint is one property: each step's page edits
 * its own section in it ({@link StepPageModel}), and a valid whole is saved. Runs go through
 * {@link StackRunner}, the same path as the CLI, on a background task; engine events reach the FX
 * thread batched by an {@link EventCoalescer}.
 */
public final class WorkspaceViewModel {

    /** How a run ended: its result, or the error that stopped it before any result. */
    public record RunOutcome(RunKind kind, RunResult result, Problem error) {

        public boolean succeeded() {
            return error == null && result != null && result.succeeded();
        }
    }

    /** The name a first launch gives its first stack, so the pages are never empty. */
    public static final String FIRST_STACK = "my-network";
    /** Review's validity for the wizard: it edits nothing, so it never holds the user back. */
    private static final ObservableBooleanValue ALWAYS_VALID = new ReadOnlyBooleanWrapper(true);

    private final StackCatalog catalog;
    private final TeamStates teamStates;
    private final TaskExecutor executor;
    private final Targets targets;
    private final EventBus bus;
    private final Clock clock;
    private final AccountViewModel account;
    /** The open stack's blueprint: each page writes its section into it when its fields are valid. */
    private final ReadOnlyObjectWrapper<Blueprint> blueprint = new ReadOnlyObjectWrapper<>();
    private final NetworkStepViewModel network;
    private final AccessStepViewModel access;
    private final WebStepViewModel web;
    private final StorageStepViewModel storage;
    private final PipelineStepViewModel pipeline;
    /** The Pipeline page's live half: the handshake banner and the release strip, read while that page shows. */
    private final ReleaseViewModel release;
    /** One page per registered step, in the steps' order. */
    private final List<StepPageModel> pages;
    private final ReviewViewModel review = new ReviewViewModel();
    private final ActivityViewModel activity;
    private final TopologyViewModel topology;
    /** Reads the open stack's Auto Scaling groups' members for the diagram while it has any. */
    private final GroupWatch groupWatch;
    private final StressViewModel stress;
    private String watchedStack;
    private TargetChoice watchedTarget;
    private final WizardFlow flow;

    private final ReadOnlyStringWrapper stack = new ReadOnlyStringWrapper();
    private final ObservableList<StackSummary> stacks = FXCollections.observableArrayList();
    /** One wrapper, kept: listeners on a wrapper made per call would be lost to GC. */
    private final ObservableList<StackSummary> readOnlyStacks = FXCollections.unmodifiableObservableList(stacks);
    private final ReadOnlyObjectWrapper<StackState> state = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RunKind> running = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RunOutcome> outcome = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RunKind> resumeOffer = new ReadOnlyObjectWrapper<>();
    private final Map<WizardStep, ReadOnlyObjectWrapper<StepStatus>> statuses = new EnumMap<>(WizardStep.class);
    private final BooleanBinding canApply;
    private final BooleanBinding canTeardown;

    /** The open stack's team bucket ({@code s3://…}), or null while its state is on this computer. */
    private final ReadOnlyObjectWrapper<String> teamLocation = new ReadOnlyObjectWrapper<>();
    /** Who holds the open stack's lock in its team bucket (null: nobody, or not read yet). */
    private final ReadOnlyObjectWrapper<TeamStack.LockInfo> lock = new ReadOnlyObjectWrapper<>();
    /**
     * True while a team stack's state is being read: until it is, the state shown is not the
     * stack's, so nothing may plan or run on it (an Apply would create everything twice).
     */
    private final ReadOnlyBooleanWrapper stateLoading = new ReadOnlyBooleanWrapper();
    /** Why the team stack's state could not be read (denied, bucket gone); null when it was. */
    private final ReadOnlyObjectWrapper<Problem> stateProblem = new ReadOnlyObjectWrapper<>();
    /** Why a stack chosen in a team bucket could not be opened; null when it could. */
    private final ReadOnlyObjectWrapper<Problem> openProblem = new ReadOnlyObjectWrapper<>();
    /** The applied state bucket this stack's local state can move into; null when there is no offer. */
    private final ReadOnlyObjectWrapper<String> migrateOffer = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper migrating = new ReadOnlyBooleanWrapper();
    /** The migration's current phase while it runs. */
    private final ReadOnlyObjectWrapper<Problem> migrateProgress = new ReadOnlyObjectWrapper<>();
    /**
     * How the last migration ended: done, with the count and place ({@link #migrateSucceededProperty()}
     * true), or why it could not; null before one.
     */
    private final ReadOnlyObjectWrapper<Problem> migrateResult = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper migrateSucceeded = new ReadOnlyBooleanWrapper();
    private final TeamStacksViewModel teamStacks;
    /** The bucket whose offer the user dismissed for this stack (asked again for another bucket). */
    private String migrateDismissed;
    /** Counts team-state reads, so an answer for a stack no longer open is dropped. */
    private long stateReads;

    private CancellationToken cancel;
    /**
     * The run's first picture (the activity list reset to its rows, the diagram's and badges'
     * statuses), waiting for the pulse after the one that starts the run; null once shown. See
     * {@link #run}.
     */
    private Runnable runStart;
    /** True while a stack opens: the pages are loaded and the blueprint set before anything is derived. */
    private boolean opening;
    /** The blueprint last saved or derived from: a page's write inside another's notification comes twice. */
    private Blueprint handled;
    /** What the blueprint plans, for the diagram; empty while it is invalid. */
    private List<ResourceSpec> desired = List.of();
    private boolean lastApplyFailed;
    /** Counts derivations (plans of the blueprint), so a worker's result that a newer one replaced is dropped. */
    private long derivations;

    public WorkspaceViewModel(StackCatalog catalog, TeamStates teamStates, TaskExecutor executor, Targets targets,
            AccountViewModel account, EventBus bus, Clock clock) {
        this.catalog = catalog;
        this.teamStates = teamStates;
        this.executor = executor;
        this.targets = targets;
        this.account = account;
        this.bus = bus;
        this.clock = clock;
        this.activity = new ActivityViewModel(clock);
        this.topology = new TopologyViewModel(executor);
        this.network = new NetworkStepViewModel(blueprint);
        this.access = new AccessStepViewModel(executor, blueprint);
        this.web = new WebStepViewModel(blueprint);
        this.storage = new StorageStepViewModel(blueprint);
        this.pipeline = new PipelineStepViewModel(executor, blueprint);
        this.pages = List.of(network, access, web, storage, pipeline);
        checkPages();
        // Taking the Access step in asks for the address SSH will be allowed from. Here, not in
        // the Access page: pages are built when first shown, and the step can be taken in before.
        access.includedProperty().addListener((o, was, now) -> {
            String ip = access.myIpProperty().get();
            if (now && !opening && (ip == null || ip.isEmpty())) {
                detectMyIp();
            }
        });
        pages.forEach(p -> p.previewWith(this::plannable));
        blueprint.addListener((o, a, b) -> blueprintChanged());
        this.groupWatch = new GroupWatch(executor,
                (choice, s) -> dev.cairn.app.LiveGroups.read(targets.open(choice).clients(), s),
                GroupWatch.Ticker.onDeliveryThread(executor), topology::showGroups);
        this.release = new ReleaseViewModel(executor, new AppReleaseSource(targets),
                GroupWatch.Ticker.onDeliveryThread(executor), topology::showTaskSets);
        this.stress = new StressViewModel(executor, (choice, name, cpu) -> dev.cairn.app.SandboxLoad.set(
                targets.open(choice).endpointUrl().orElseThrow(() -> new IllegalStateException(
                        "the target has no endpoint to send the practice load to")), name, cpu), this::stressContext);
        this.teamStacks = new TeamStacksViewModel(executor, teamStates, account.targetProperty()::get,
                this::regionOrDefault, this::openTeamStack);
        this.flow = new WizardFlow(Arrays.stream(WizardStep.values()).map(this::validity).toList());
        for (WizardStep s : WizardStep.values()) {
            statuses.put(s, new ReadOnlyObjectWrapper<>(StepStatus.NOT_STARTED));
        }
        // A new Sandbox pace waits for a run to end; a run waits while the Sandbox restarts at one.
        account.pace().holdWhile(running.isNotNull());
        var paceChanging = account.pace().changingProperty();
        List<Observable> applyInputs = new ArrayList<>(List.of(stack, running, paceChanging, account.validBinding(),
                stateLoading, stateProblem, migrating));
        pages.forEach(p -> applyInputs.add(p.validProperty()));
        canApply = Bindings.createBooleanBinding(() -> stack.get() != null && running.get() == null
                && !paceChanging.get() && stateKnown() && pagesValid() && account.validBinding().get(),
                applyInputs.toArray(Observable[]::new));
        canTeardown = Bindings.createBooleanBinding(() -> stack.get() != null && running.get() == null
                && !paceChanging.get() && stateKnown() && account.validBinding().get(), stack, running, paceChanging,
                account.validBinding(), stateLoading, stateProblem, migrating);
        account.regionProperty().addListener((o, a, b) -> {
            Blueprint bp = blueprint.get();
            if (b != null && bp != null && !b.equals(bp.region())) {
                blueprint.set(bp.withRegion(b));
            }
        });
        account.checkedProperty().addListener((o, a, b) -> {
            if (b != null) {
                network.setAvailableZones(b.zones());
            }
            // Bucket names left auto carry the account: shown once the target is checked.
            storage.accountProperty().set(b == null ? null : b.identity().account());
            pipeline.accountProperty().set(b == null ? null : b.identity().account());
        });
        AccountViewModel.CheckResult checkedNow = account.checkedProperty().get();
        storage.accountProperty().set(checkedNow == null ? null : checkedNow.identity().account());
        pipeline.accountProperty().set(checkedNow == null ? null : checkedNow.identity().account());
        account.validBinding().addListener((o, a, b) -> refreshStatuses());
        pages.forEach(p -> p.validProperty().addListener((o, a, b) -> {
            if (!opening) {
                refreshDerived();
            }
        }));
        state.addListener((o, a, b) -> {
            pages.forEach(p -> p.stateChanged(b));
            refreshWebStatus();
            refreshStorageStatus();
            refreshMigrateOffer();
        });
        running.addListener((o, a, b) -> refreshMigrateOffer());
        // A team stack's state is read from the chosen target's S3: another target, another read.
        account.targetProperty().addListener((o, a, b) -> readTeamState());
        // The diagram's live members: read while the stack has a group, from the chosen target.
        state.addListener((o, a, b) -> watchGroups());
        account.targetProperty().addListener((o, a, b) -> watchGroups());
        // The release strip reads only while the Pipeline page shows, for the open stack on the chosen target.
        state.addListener((o, a, b) -> watchRelease());
        account.targetProperty().addListener((o, a, b) -> watchRelease());
        account.pace().appliedProperty().addListener((o, a, b) -> stress.refresh());
        // The diagram follows the page: the Network page zooms to the network, the Access page to its hosts.
        flow.currentProperty().addListener((o, a, b) -> topology.focus(b.resourceSteps()));
        flow.currentProperty().addListener((o, a, b) -> watchRelease());
        topology.focus(flow.currentProperty().get().resourceSteps());
        // The stacks are listed when one opens (openInitial, openStack, createStack): reading every
        // stack's blueprint and state here too was paid twice before the first frame.
    }

    /** Follows the open stack's groups on the chosen target (or stops, without one). */
    private void watchGroups() {
        TargetChoice target = stack.get() == null ? null : account.targetProperty().get();
        // Members keep their cells while the same stack is watched on the same target.
        if (!java.util.Objects.equals(stack.get(), watchedStack) || !java.util.Objects.equals(target, watchedTarget)) {
            topology.resetGroups();
            watchedStack = stack.get();
            watchedTarget = target;
        }
        groupWatch.follow(target, state.get());
        stress.refresh();
    }

    /** Follows the open stack's pipeline on the chosen target while the Pipeline page shows; stops otherwise. */
    private void watchRelease() {
        TargetChoice target = stack.get() == null ? null : account.targetProperty().get();
        release.follow(target, state.get(), flow.currentProperty().get() == WizardStep.PIPELINE);
    }

    /** What the Stress button acts on, read on the FX thread at each press. */
    private StressViewModel.Context stressContext() {
        SandboxPace pace = account.pace().appliedProperty().get();
        double timeScale = pace == null || pace == SandboxPace.INSTANT ? 0 : pace.config().timeScale();
        return new StressViewModel.Context(account.targetProperty().get(), stack.get(), timeScale,
                GroupWatch.hasGroups(state.get()));
    }

    /** Every registered step has exactly one page, in the steps' order, each with its place in the wizard. */
    private void checkPages() {
        List<StepModule<?>> paged = pages.stream().<StepModule<?>>map(StepPageModel::step).toList();
        if (!paged.equals(Steps.ALL)) {
            throw new IllegalStateException("the pages edit " + paged + ", the registered steps are " + Steps.ALL);
        }
        pages.forEach(p -> WizardStep.of(p.step()));
    }

    /** Whether a wizard page lets the user move on: Account's check, a step page's fields; Review always. */
    private ObservableBooleanValue validity(WizardStep step) {
        if (step == WizardStep.ACCOUNT) {
            return account.validBinding();
        }
        return step.module().map(m -> (ObservableBooleanValue) page(m).validProperty()).orElse(ALWAYS_VALID);
    }

    private StepPageModel page(StepModule<?> step) {
        return pages.stream().filter(p -> p.step() == step).findFirst()
                .orElseThrow(() -> new IllegalStateException("no page for step " + step.name()));
    }

    /** Opens the remembered stack, else the first one, else creates {@value #FIRST_STACK}. */
    public void openInitial(String lastStack) {
        refreshStacks();
        Optional<String> pick = stacks.stream().map(StackSummary::name).filter(n -> n.equals(lastStack)).findFirst()
                .or(() -> stacks.stream().map(StackSummary::name).findFirst());
        if (pick.isPresent()) {
            open(pick.get(), false);
        } else {
            createStack(FIRST_STACK);
        }
    }

    public void openStack(String name) {
        open(name, true);
    }

    /**
     * Opens {@code name}. {@code list}: list the stacks again once it is open (false only when
     * they were listed just before, as {@link #openInitial} does: listing reads every stack's
     * blueprint and state).
     */
    private void open(String name, boolean list) {
        if (running.get() != null) {
            return;
        }
        Blueprint bp = catalog.load(name).orElseThrow(() -> new IllegalArgumentException("no stack " + name));
        String team = StackCatalog.teamLocation(bp).orElse(null);
        activity.reset();
        openProblem.set(null);
        migrateResult.set(null);
        migrateDismissed = null;
        teamLocation.set(team);
        lock.set(team == null ? localLock(name) : null);
        stateProblem.set(null);
        // A team stack's state is read from its bucket in the background (readTeamState, below);
        // until then it shows as empty and nothing may run on it.
        stateLoading.set(team != null);
        stack.set(name);
        state.set(team != null ? StackState.empty(name) : catalog.state(name));
        lastApplyFailed = false;
        outcome.set(null);
        // Every form holds this stack before the blueprint changes: a page revalidating
        // against the new blueprint with the old stack's form would write that form back.
        opening = true;
        try {
            pages.forEach(p -> p.load(bp));
            blueprint.set(bp);
            pages.forEach(StepPageModel::revalidate);
        } finally {
            opening = false;
        }
        if (access.wantsMyIp()) {
            detectMyIp();
        }
        account.regionProperty().set(bp.region());
        StackState s = state.get();
        resumeOffer.set(StackCatalog.isInterrupted(s)
                ? (StackCatalog.interruptedTeardown(s) ? RunKind.TEARDOWN : RunKind.APPLY) : null);
        if (list) {
            refreshStacks();
        }
        // Opening reads the file and writes nothing back: what the pages made of it is saved only
        // when it differs from what was read (a page filling a field the file left out).
        Blueprint opened = blueprint.get();
        if (bp.equals(opened)) {
            handled = opened;
            refreshDerived();
        } else {
            blueprintChanged();
        }
        bus.publish(new AppEvent.StackOpened(name));
        // The state may equal the last one (no change event), and the dismissal was forgotten.
        refreshMigrateOffer();
        readTeamState();
    }

    /** Who holds the lock of a stack kept on this computer (another Cairn, the CLI); null when free or unreadable. */
    private TeamStack.LockInfo localLock(String name) {
        try {
            return teamStates.localLock(catalog.dir(name));
        } catch (Exception e) {
            // Only what the header says: a run would name the holder itself.
            return null;
        }
    }

    /** True when what {@link #stateProperty()} holds is the stack's state, so a plan or run may use it. */
    private boolean stateKnown() {
        return !stateLoading.get() && stateProblem.get() == null && !migrating.get();
    }

    /**
     * Reads the open team stack's state and lock holder from its bucket, in the background, without
     * its lock (a teammate's run goes on). Nothing to do for a stack whose state is on this computer.
     */
    public void readTeamState() {
        if (running.get() == null) {
            readTeamStateNow();
        }
    }

    /** {@link #readTeamState()}, also while {@link #running} is set (a run ending). */
    private void readTeamStateNow() {
        String team = teamLocation.get();
        String name = stack.get();
        TargetChoice choice = account.targetProperty().get();
        if (team == null || name == null || choice == null) {
            return;
        }
        String region = regionOrDefault();
        long mine = ++stateReads;
        stateLoading.set(true);
        stateProblem.set(null);
        executor.execute(BackgroundTask.wrap(() -> teamStates.read(choice, region, team, name))
                .onSuccess(snapshot -> {
                    if (mine != stateReads || !name.equals(stack.get())) {
                        return;
                    }
                    lock.set(snapshot.lock());
                    stateLoading.set(false);
                    state.set(snapshot.state());
                    resumeOffer.set(StackCatalog.isInterrupted(snapshot.state())
                            ? (StackCatalog.interruptedTeardown(snapshot.state()) ? RunKind.TEARDOWN : RunKind.APPLY) : null);
                    refreshDerived();
                })
                .onFailure(e -> {
                    if (mine == stateReads && name.equals(stack.get())) {
                        stateLoading.set(false);
                        stateProblem.set(TeamErrors.describe(e, team));
                        refreshDerived();
                    }
                }));
    }

    private String regionOrDefault() {
        return Optional.ofNullable(account.regionProperty().get()).orElse("ap-northeast-2");
    }

    /**
     * Opens a stack listed in a team bucket. Its blueprint comes with it when a Cairn app shared it
     * there; a stack of that name already on this computer is opened only if it is the same team
     * stack (its blueprint keeps its state at {@code location}), never replaced.
     */
    public void openTeamStack(String location, String name) {
        if (running.get() != null) {
            return;
        }
        openProblem.set(null);
        Optional<Blueprint> local = catalog.load(name);
        if (local.isPresent()) {
            if (StackCatalog.teamLocation(local.get()).filter(location::equals).isPresent()) {
                openStack(name);
            } else {
                openProblem.set(Problem.of("team.open.exists", name, location));
            }
            return;
        }
        if (catalog.checkNewName(name).isPresent()) {
            openProblem.set(Problem.of("team.open.badName", name));
            return;
        }
        TargetChoice choice = account.targetProperty().get();
        if (choice == null) {
            // The app is still starting: no target is chosen yet (AccountViewModel#startingProperty).
            return;
        }
        String region = regionOrDefault();
        executor.execute(BackgroundTask.wrap(() -> teamStates.readFile(choice, region, location, name, SHARED_BLUEPRINT))
                .onSuccess(yaml -> {
                    if (yaml.isEmpty()) {
                        openProblem.set(Problem.of("team.open.noBlueprint", name, location));
                        return;
                    }
                    dev.cairn.step.BlueprintYaml.Result read = dev.cairn.step.BlueprintYaml.read(
                            new String(yaml.get(), java.nio.charset.StandardCharsets.UTF_8));
                    if (read.blueprint() == null || !name.equals(read.blueprint().name())) {
                        openProblem.set(Problem.of("team.open.badBlueprint", name, location));
                        return;
                    }
                    catalog.save(StackCatalog.withLocation(read.blueprint(), location));
                    openStack(name);
                })
                .onFailure(e -> openProblem.set(TeamErrors.describe(e, location))));
    }

    /** The side file a team stack's blueprint is shared in, beside its journal. */
    static final String SHARED_BLUEPRINT = "blueprint.yaml";

    /**
     * Offers to move a stack's local state into the state bucket the stack itself has built (an S3
     * bucket whose {@code role} is {@code state}, applied), unless the user said not now.
     */
    private void refreshMigrateOffer() {
        String bucket = teamLocation.get() != null || running.get() != null || migrating.get() ? null
                : appliedStateBucket(state.get()).orElse(null);
        migrateOffer.set(bucket != null && !bucket.equals(migrateDismissed) ? bucket : null);
    }

    /** The name of the applied state bucket in {@code s} (read from the record's facts, not its kind). */
    static Optional<String> appliedStateBucket(StackState s) {
        if (s == null) {
            return Optional.empty();
        }
        return s.resources().values().stream()
                .filter(r -> r.kind().service() == dev.cairn.model.AwsService.S3
                        && STATE_ROLE.equals(r.spec().property(ROLE_PROP))
                        && r.status() == dev.cairn.model.ItemStatus.READY && r.physicalId() != null)
                .map(ResourceRecord::physicalId).findFirst();
    }

    /** The bucket prop (S3_BUCKET's javadoc) that marks the team's state bucket. */
    private static final String ROLE_PROP = "role";
    private static final String STATE_ROLE = "state";

    /** Where a stack's state goes in the state bucket it built: the bucket's root, one folder per stack. */
    static String teamLocationIn(String bucket) {
        return "s3://" + bucket;
    }

    /**
     * Moves the open stack's state from this computer into the offered bucket, in the background:
     * the store locks the local stack, copies every entry and side file, checks the copy reads back
     * the same state, then switches. The blueprint then keeps its state there.
     */
    public void migrateToTeamBucket() {
        String bucket = migrateOffer.get();
        String name = stack.get();
        TargetChoice choice = account.targetProperty().get();
        if (bucket == null || name == null || choice == null || running.get() != null || migrating.get()) {
            return;
        }
        String to = teamLocationIn(bucket);
        String region = regionOrDefault();
        java.nio.file.Path from = catalog.dir(name);
        migrating.set(true);
        migrateResult.set(null);
        migrateSucceeded.set(false);
        migrateProgress.set(Problem.of("migrate.phase.start", to));
        refreshMigrateOffer();
        executor.execute(BackgroundTask.wrap(() -> teamStates.migrate(choice, region, name, from, to,
                phase -> executor.deliver(() -> migrateProgress.set(phase))))
                .onSuccess(entries -> {
                    migrateSucceeded.set(true);
                    migrateResult.set(Problem.of("migrate.done", name, String.valueOf(entries), to));
                    if (name.equals(stack.get())) {
                        Blueprint moved = StackCatalog.withLocation(blueprint.get(), to);
                        catalog.save(moved);
                        migrating.set(false);
                        openStack(name);
                        // openStack clears the result of the stack it leaves; this one is this stack's.
                        migrateResult.set(Problem.of("migrate.done", name, String.valueOf(entries), to));
                    }
                })
                .onFailure(e -> migrateResult.set(TeamErrors.describe(e, to)))
                .onFinished(() -> {
                    migrating.set(false);
                    migrateProgress.set(null);
                    refreshMigrateOffer();
                }));
    }

    /** The result line of the last migration has been read. */
    public void clearMigrateResult() {
        migrateResult.set(null);
        migrateSucceeded.set(false);
    }

    /** The problem opening a team stack has been read. */
    public void dismissOpenProblem() {
        openProblem.set(null);
    }

    /** Not now: the offer goes until another stack (or another state bucket) comes. */
    public void dismissMigrate() {
        migrateDismissed = migrateOffer.get();
        refreshMigrateOffer();
    }

    public Optional<Problem> checkNewName(String name) {
        return catalog.checkNewName(name);
    }

    public void createStack(String name) {
        catalog.create(name, Optional.ofNullable(account.regionProperty().get()).orElse("ap-northeast-2"));
        openStack(name);
    }

    public Optional<Problem> checkRename(String newName) {
        return stack.get() == null ? Optional.of(Problem.of("stacks.error.none")) : catalog.checkRename(stack.get(), newName);
    }

    public void renameStack(String newName) {
        if (running.get() != null || stack.get() == null) {
            return;
        }
        catalog.rename(stack.get(), newName);
        openStack(newName);
    }

    /** The blueprint changed (a page's edit, the region): a valid whole is saved, and the plan follows. */
    private void blueprintChanged() {
        Blueprint bp = blueprint.get();
        if (opening || bp == null || bp == handled) {
            return;
        }
        handled = bp;
        if (stack.get() != null && bp.name().equals(stack.get()) && BlueprintValidator.validate(bp).isEmpty()) {
            catalog.save(bp);
        }
        refreshDerived();
    }

    /** Fills the Access page's My IP in the background, through the resolver of the chosen target. */
    public void detectMyIp() {
        TargetChoice choice = account.targetProperty().get();
        access.detectMyIp(dev.cairn.app.MyIpResolver.forTarget(choice == null || choice.isSandbox()
                ? Target.Kind.SANDBOX : Target.Kind.AWS));
    }

    /** The open stack's blueprint: every page's last valid section. */
    public Blueprint blueprint() {
        return blueprint.get();
    }

    public ReadOnlyObjectProperty<Blueprint> blueprintProperty() {
        return blueprint.getReadOnlyProperty();
    }

    private boolean pagesValid() {
        return pages.stream().allMatch(p -> p.validProperty().get());
    }

    /** The blueprint as previews plan it: each page's stand-in for what only an apply resolves. */
    private Blueprint plannable(Blueprint bp) {
        for (StepPageModel p : pages) {
            bp = p.plannable(bp);
        }
        return bp;
    }

    /** Plans the stack to its blueprint and runs the plan. */
    public void apply() {
        if (!canApply.get()) {
            return;
        }
        Blueprint bp = blueprint();
        Plan plan = review.planProperty().get() != null ? review.planProperty().get()
                : Planner.plan(plannable(bp), state.get());
        List<ResourceSpec> touched = touched(plan);
        lastApplyFailed = false;
        run(RunKind.APPLY, bp, touched, (runner, listener, token) -> runner.apply(bp, runner.plan(bp), listener, token));
    }

    /** The resources a plan touches: what it creates or keeps, and what it deletes. */
    private static List<ResourceSpec> touched(Plan plan) {
        List<ResourceSpec> touched = new ArrayList<>();
        for (PlannedAction a : plan.actions()) {
            touched.add(a.spec() != null ? a.spec() : a.current().spec());
        }
        return touched;
    }

    /** Deletes everything of the stack (the caller has confirmed with the typed name); keeps saved keys. */
    public void teardown() {
        teardown(false);
    }

    /**
     * Deletes everything of the stack; with {@code deleteKeyFiles}, also the private key files
     * Cairn saved for it, once the teardown has succeeded.
     */
    public void teardown(boolean deleteKeyFiles) {
        if (!canTeardown.get()) {
            return;
        }
        Blueprint bp = blueprint();
        List<ResourceSpec> touched = state.get().resources().values().stream().map(ResourceRecord::spec).toList();
        // Every region the blueprint builds in is scanned: the peer region too.
        run(RunKind.TEARDOWN, bp, touched, (runner, listener, token) -> {
            List<java.nio.file.Path> keys = runner.savedKeyFiles();
            RunResult result = runner.destroy(bp, listener, token);
            if (deleteKeyFiles && result.succeeded()) {
                StackRunner.deleteKeyFiles(keys);
            }
            return result;
        });
    }

    /** The private key files Cairn saved for the open stack (from its state; no call). */
    public List<java.nio.file.Path> savedKeyFiles() {
        StackState s = state.get();
        return s == null ? List.of() : StackRunner.savedKeyFiles(s);
    }

    /** Finishes the run an earlier session left half-way. */
    public void resume() {
        RunKind kind = resumeOffer.get();
        if (kind == RunKind.TEARDOWN) {
            teardown();
        } else if (kind == RunKind.APPLY) {
            apply();
        }
    }

    public void dismissResume() {
        resumeOffer.set(null);
    }

    /** Asks the running run to stop; the engine stops at its next step and journals what it did. */
    public void cancel() {
        if (cancel != null) {
            cancel.cancel();
            // "Cancelling" follows "started" in the log, even within the run's first pulse.
            showRunStart();
            activity.note(Problem.of("run.cancelling"));
        }
    }

    @FunctionalInterface
    private interface RunBody {
        RunResult run(StackRunner runner, dev.cairn.engine.EngineListener listener, CancellationToken token)
                throws Exception;
    }

    private void run(RunKind kind, Blueprint bp, List<ResourceSpec> touched, RunBody body) {
        TargetChoice choice = account.targetProperty().get();
        String name = stack.get();
        CancellationToken token = new CancellationToken();
        cancel = token;
        running.set(kind);
        resumeOffer.set(null);
        outcome.set(null);
        // Two frames, not one (issue #14, PulseGapBenchmark): this one starts the run (the
        // spinner, Cancel, the buttons turned off, laid out by the pulse that follows); the one
        // after resets the activity list's rows and the diagram's and badges' statuses, whose
        // restyling and layout with the rest made the run's first frame 20-30 ms. Hence two
        // pulses away: an action offered from a pulse's actions waits for the next pulse.
        // Invariant: that reset comes before any of the run's events and before its end (a
        // batch, the end and a cancel each show it first: showRunStart), so the list never
        // shows an event on a row the reset then clears.
        Problem started = Problem.of(kind == RunKind.APPLY ? "run.apply.started" : "run.teardown.started", name);
        runStart = () -> {
            activity.start(touched, started);
            // The blueprint and so the plan are as they were: only the diagram's statuses and the
            // badges (a failed apply's is cleared) start over.
            showTopology();
            refreshStatuses();
        };
        executor.deliverNextPulse(() -> executor.deliverNextPulse(this::showRunStart));
        // One batch per frame: each batch redoes the activity list and the diagram (issue #14).
        EventCoalescer<ResourceEvent> pump = new EventCoalescer<>(executor::deliverNextPulse, this::onEvents);
        String team = teamLocation.get();
        String region = regionOrDefault();
        executor.execute(BackgroundTask.wrap(() -> {
            RunResult result = null;
            Problem error = null;
            StackState after = null;
            Integer movedHome = null;
            String at = team;
            try {
                Target target = targets.open(choice);
                if (at != null && kind == RunKind.TEARDOWN) {
                    // The teardown deletes the state bucket this stack built: its journal leaves it first.
                    movedHome = teamStates.moveOutOfOwnBucket(choice, region, at, name, catalog.stacksDir()).orElse(null);
                    if (movedHome != null) {
                        at = null;
                    }
                }
                try (StackRunner runner = at == null
                        ? new StackRunner(target, teamStates.open(choice, region, catalog.stacksDir().toString(), name,
                                command(kind)), EngineOptions.defaults())
                        // Off the FX thread and for a team stack only (it was written as every run started).
                        : teamRunner(target, choice, region, at, name, kind,
                                dev.cairn.step.BlueprintYaml.writeCommented(bp))) {
                    result = body.run(runner, pump::offer, token);
                    after = runner.state();
                }
            } catch (Exception e) {
                error = at == null ? runError(e) : teamRunError(e, at);
            }
            // What the run left on disk is read here, not on the FX thread: the journal grows with
            // every run and parsing it would stall the window for a frame or more.
            return new Finished(result, error, after != null || at != null ? after : catalog.state(name),
                    catalog.list(), movedHome);
        }).onSuccess(f -> {
            // The run's last events before its end: their batch waits for the next pulse
            // (NextPulse), this callback does not; nor does the run's first picture.
            showRunStart();
            pump.flush();
            finish(kind, f);
        }).onFailure(e -> {
            showRunStart();
            pump.flush();
            finish(kind, new Finished(null, runError(e), null, null, null));
        }));
    }

    /** Shows the run's first picture ({@link #runStart}) unless it is shown already. */
    private void showRunStart() {
        Runnable start = runStart;
        runStart = null;
        if (start != null) {
            start.run();
        }
    }

    /**
     * Reads the built Web tier from the target in the background (the Sandbox's loopback URL, the
     * group's sizes, its targets' health) for the Web page's How-to-use box.
     */
    private void refreshWebStatus() {
        StackState s = state.get();
        Blueprint bp = blueprint.get();
        TargetChoice choice = account.targetProperty().get();
        if (s == null || bp == null || choice == null || !dev.cairn.app.WebStatus.built(s)) {
            web.showStatus(null, choice != null && choice.isSandbox(), s);
            return;
        }
        executor.execute(BackgroundTask.wrap(() -> dev.cairn.app.WebStatus.read(targets.open(choice), bp, s))
                .onSuccess(status -> web.showStatus(status, choice.isSandbox(), s))
                .onFailure(e -> web.showStatus(null, choice.isSandbox(), s)));
    }

    /**
     * Reads what the Storage step built from the target in the background (the bucket's URL — a
     * Sandbox serves buckets path-style on its own port —, its objects and versions, the table's
     * status) for the Storage page; the page shows the names from the state meanwhile.
     */
    private void refreshStorageStatus() {
        StackState s = state.get();
        TargetChoice choice = account.targetProperty().get();
        if (s == null || choice == null || !dev.cairn.app.StorageStatus.built(s)) {
            return;
        }
        executor.execute(BackgroundTask.wrap(() -> {
            Target target = targets.open(choice);
            return dev.cairn.app.StorageStatus.read(target, s, dev.cairn.app.DataAtRisk.counter(target));
        }).onSuccess(status -> {
            if (s == state.get()) {
                storage.showStatus(status, s);
            }
        }));
    }

    /**
     * A run on a team stack: its store in the bucket, locked for the run's command (a teammate's
     * run is refused at once, naming the holder), and the blueprint shared beside the journal so
     * a teammate can open the stack from the bucket.
     */
    private StackRunner teamRunner(Target target, TargetChoice choice, String region, String team, String name,
            RunKind kind, String blueprintYaml) throws Exception {
        dev.cairn.engine.StackStore store = teamStates.open(choice, region, team, name, command(kind));
        try {
            store.writeFile(SHARED_BLUEPRINT, blueprintYaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new StackRunner(target, store, EngineOptions.defaults());
        } catch (Exception | Error e) {
            store.close();
            throw e;
        }
    }

    /** What a run's lock says it does, in the CLI's words. */
    private static String command(RunKind kind) {
        return kind == RunKind.TEARDOWN ? "destroy" : "apply";
    }

    private static Problem teamRunError(Throwable e, String team) {
        Problem p = TeamErrors.describe(e, team);
        return p.key().equals("team.error.other") ? runError(e) : p;
    }

    private static Problem runError(Throwable e) {
        if (e instanceof dev.cairn.engine.StackLockedException locked) {
            // Another run (the CLI, a teammate) holds the stack: named, on this computer too.
            return Problem.of("team.error.locked", String.valueOf(locked.getMessage()));
        }
        if (e instanceof dev.cairn.app.HostedZones.MissingZoneException missing) {
            return Problem.of("rule.web.noHostedZone", missing.error().args().get(0));
        }
        return Problem.of("run.error", String.valueOf(e.getMessage()));
    }

    /** A run's end as the background task hands it over: the outcome, and the stack as it is now on disk. */
    private record Finished(RunResult result, Problem error, StackState state, List<StackSummary> stacks,
            Integer movedHome) {}

    private void onEvents(List<ResourceEvent> batch) {
        showRunStart();
        activity.accept(batch);
        showTopology();
    }

    /**
     * A run's end, in parts so no frame does it all (issue #14): here, on the FX thread, what
     * the run left (its state, the lock); at the next pulse its notes and the stack list
     * ({@link #finishNextPulse}); then the re-plan and its costs on a worker
     * ({@link #deriveInBackground}); the run ends, its outcome is set and the report opens once
     * that result is shown. {@link #runningProperty()} stays set until then, so nothing can
     * start on a plan that does not know the run yet.
     */
    private void finish(RunKind kind, Finished finished) {
        RunResult result = finished.result();
        Problem error = finished.error();
        cancel = null;
        if (finished.movedHome() != null && stack.get() != null && teamLocation.get() != null) {
            // The state left the bucket this teardown deletes: the stack is kept on this computer now.
            activity.note(Problem.of("state.movedHome", stack.get(), teamLocation.get(),
                    String.valueOf(finished.movedHome())));
            Blueprint home = StackCatalog.withLocation(blueprint.get(), null);
            catalog.save(home);
            handled = home;
            blueprint.set(home);
            teamLocation.set(null);
        }
        if (stack.get() != null && finished.state() != null) {
            state.set(finished.state());
        }
        if (teamLocation.get() != null && (finished.state() == null || error != null)) {
            // Refused (a teammate holds the lock) or failed before reading: show the bucket as it is.
            // The run is over, though running stays set until its plan is shown (below).
            readTeamStateNow();
        } else if (teamLocation.get() == null && stack.get() != null) {
            lock.set(localLock(stack.get()));
        }
        // The rest a pulse later (issue #14): the state's listeners above (the pages, the groups'
        // watch, the How-to-use steps) and the notes, the stack list and the re-plan below made
        // one frame of 17-26 ms at the first run's end. running stays set in between.
        executor.deliverNextPulse(() -> finishNextPulse(kind, finished));
    }

    /** {@link #finish}'s second half: the run's notes and outcome, the stack list, the re-plan. */
    private void finishNextPulse(RunKind kind, Finished finished) {
        RunResult result = finished.result();
        Problem error = finished.error();
        if (result != null) {
            result.failed().forEach((address, message) -> {
                List<String> skipped = result.skipped().entrySet().stream().filter(e -> e.getValue().equals(address))
                        .map(e -> e.getKey().value()).toList();
                activity.note(skipped.isEmpty() ? Problem.of("run.failed", address.value(), message)
                        : Problem.of("run.failedSkipping", address.value(), message, String.join(", ", skipped)));
            });
            activity.note(result.cancelled() ? Problem.of("run.cancelled")
                    : Problem.of(result.succeeded() ? "run.done" : "run.doneWithProblems",
                            String.format(java.util.Locale.ROOT, "%.1f", result.wallSeconds())));
        } else {
            activity.note(error);
        }
        lastApplyFailed = kind == RunKind.APPLY && (result == null || !result.succeeded());
        RunOutcome o = new RunOutcome(kind, result, error);
        if (result != null && StackCatalog.isInterrupted(state.get())) {
            resumeOffer.set(StackCatalog.interruptedTeardown(state.get()) ? RunKind.TEARDOWN : RunKind.APPLY);
        }
        if (finished.stacks() != null) {
            stacks.setAll(finished.stacks());
        }
        deriveInBackground(() -> running.set(null), () -> {
            outcome.set(o);
            bus.publish(new AppEvent.RunFinished(kind, result));
        });
    }

    private void refreshStacks() {
        stacks.setAll(catalog.list());
    }

    /**
     * What the blueprint and the state derive, made of immutable values only, so a worker can
     * compute it: the plan, its costs per region, the desired resources, each page's share of the
     * plan (in {@link #pages}' order) and what an Apply touches. {@code plan} is null when the
     * blueprint cannot be planned (every list is then empty).
     */
    record Derived(Plan plan, List<CostEstimate> costs, List<ResourceSpec> desired,
            List<List<PlannedAction>> planned, List<ResourceSpec> touched) {

        static Derived none(int pages) {
            return new Derived(null, List.of(), List.of(), java.util.Collections.nCopies(pages, List.of()), List.of());
        }
    }

    /**
     * Plans {@code plannable} against {@code state}: pure (no property, no AWS call), so it runs on
     * any thread. {@code plannable} null: nothing to plan.
     */
    static Derived derive(Blueprint plannable, StackState state, List<StepModule<?>> steps) {
        if (plannable == null) {
            return Derived.none(steps.size());
        }
        Plan plan = Planner.plan(plannable, state);
        List<ResourceSpec> desired = Planner.specs(plannable);
        List<List<PlannedAction>> planned = new ArrayList<>(steps.size());
        for (StepModule<?> step : steps) {
            planned.add(StepPageViewModel.plannedIn(step, plannable, plan));
        }
        // Every step's resources; a peered stack spans two regions, each estimated on its own.
        return new Derived(plan, CostEstimate.perRegion(desired), desired, planned, touched(plan));
    }

    /**
     * The blueprint as it can be planned now, or null when it cannot: each page validates against
     * the blueprint as it stood at its last change, so the whole is checked again here and a plan
     * is never made of a blueprint a page has not caught up with; a team stack's state not read yet
     * is no base for a plan (it would show everything as new).
     */
    private Blueprint plannableNow() {
        Blueprint bp = blueprint.get();
        if (stack.get() != null && bp != null && stateKnown() && pagesValid() && BlueprintValidator.validate(bp).isEmpty()) {
            return plannable(bp);
        }
        return null;
    }

    private List<StepModule<?>> steps() {
        return pages.stream().<StepModule<?>>map(StepPageModel::step).toList();
    }

    /** Plans on the FX thread: after an edit, so the pages and badges follow the same frame. */
    private void refreshDerived() {
        derivations++;
        showDerived(derive(plannableNow(), state.get(), steps()));
    }

    /**
     * Plans on a worker, then on the FX thread runs {@code before}, shows the result and runs
     * {@code after} (both also when the result was dropped). A result is dropped when another
     * derivation started after this one (an edit meanwhile, another stack): the newer one is
     * already shown, and only the diagram is drawn again (after {@code before}, which may end the run).
     */
    private void deriveInBackground(Runnable before, Runnable after) {
        long mine = ++derivations;
        Blueprint plannable = plannableNow();
        StackState s = state.get();
        List<StepModule<?>> steps = steps();
        executor.execute(BackgroundTask.wrap(() -> derive(plannable, s, steps))
                .onSuccess(d -> {
                    before.run();
                    if (mine == derivations) {
                        showDerived(d);
                    } else {
                        showTopology();
                    }
                })
                .onFailure(e -> {
                    before.run();
                    // What planning on the FX thread did before: the same error, where it shows.
                    refreshDerived();
                })
                .onFinished(after));
    }

    /** Shows a derivation: the Review page, each page's share, the activity preview, the diagram, the badges. */
    private void showDerived(Derived d) {
        Plan plan = d.plan();
        if (plan != null) {
            review.show(plan, d.costs());
            desired = d.desired();
            if (running.get() == null) {
                activity.preview(d.touched(), state.get().resources().keySet());
            }
        } else {
            review.clear();
            desired = List.of();
        }
        for (int i = 0; i < pages.size(); i++) {
            pages.get(i).showPlanned(plan == null ? null : d.planned().get(i));
        }
        showTopology();
        refreshStatuses();
    }

    /**
     * The diagram: what the blueprint wants and what the state holds, in the run's live statuses.
     * Once no run is going, a resource a teardown deleted is drawn as what it is again, planned:
     * the picture after a teardown is the stack the next Apply builds, never an empty canvas.
     */
    private void showTopology() {
        Blueprint bp = blueprint.get();
        if (stack.get() == null || bp == null) {
            topology.clear();
            return;
        }
        Map<dev.cairn.model.Address, dev.cairn.model.ItemStatus> live = new LinkedHashMap<>(activity.live());
        if (running.get() == null) {
            live.values().removeIf(s -> s == dev.cairn.model.ItemStatus.DELETED);
        }
        topology.show(stack.get(), bp.region(), desired, state.get(), live);
    }

    /**
     * The badges: Account's check; each step page's fields, then what the plan does to its own
     * resources (all kept: applied; work left after a failed apply: failed); Review the whole plan.
     */
    private void refreshStatuses() {
        statuses.get(WizardStep.ACCOUNT).set(account.validBinding().get() ? StepStatus.VALID : StepStatus.INVALID);
        boolean anyInvalid = false;
        for (StepPageModel p : pages) {
            StepStatus s = pageStatus(p);
            anyInvalid |= s == StepStatus.INVALID;
            statuses.get(WizardStep.of(p.step())).set(s);
        }
        StepStatus whole;
        Plan plan = review.planProperty().get();
        if (stack.get() == null || anyInvalid) {
            whole = StepStatus.NOT_STARTED;
        } else if (lastApplyFailed) {
            whole = StepStatus.FAILED;
        } else if (state.get() != null && !state.get().resources().isEmpty() && plan != null && !plan.hasChanges()) {
            whole = StepStatus.APPLIED;
        } else {
            whole = StepStatus.VALID;
        }
        statuses.get(WizardStep.REVIEW).set(whole);
    }

    private StepStatus pageStatus(StepPageModel page) {
        if (stack.get() == null || page.sectionProperty().get() == null) {
            return StepStatus.NOT_STARTED;
        }
        if (!page.validProperty().get()) {
            return StepStatus.INVALID;
        }
        List<PlannedAction> planned = page.planned();
        boolean workLeft = planned.stream().anyMatch(a -> a.action() != Action.KEEP);
        if (lastApplyFailed && (workLeft || planned.isEmpty())) {
            return StepStatus.FAILED;
        }
        return !planned.isEmpty() && !workLeft ? StepStatus.APPLIED : StepStatus.VALID;
    }

    public AccountViewModel account() {
        return account;
    }

    public NetworkStepViewModel network() {
        return network;
    }

    public AccessStepViewModel access() {
        return access;
    }

    public WebStepViewModel web() {
        return web;
    }

    public StorageStepViewModel storage() {
        return storage;
    }

    public PipelineStepViewModel pipeline() {
        return pipeline;
    }

    /** The Pipeline page's handshake banner and release strip. */
    public ReleaseViewModel release() {
        return release;
    }

    public ReviewViewModel review() {
        return review;
    }

    public ActivityViewModel activity() {
        return activity;
    }

    public TopologyViewModel topology() {
        return topology;
    }

    /** The diagram's watch over the stack's Auto Scaling groups. */
    public GroupWatch groupWatch() {
        return groupWatch;
    }

    /** The Web tier page's Stress button (Sandbox only). */
    public StressViewModel stress() {
        return stress;
    }

    public WizardFlow flow() {
        return flow;
    }

    public ReadOnlyStringProperty stackProperty() {
        return stack.getReadOnlyProperty();
    }

    public ObservableList<StackSummary> stacks() {
        return readOnlyStacks;
    }

    public ReadOnlyObjectProperty<StackState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The run in progress, or null. */
    public ReadOnlyObjectProperty<RunKind> runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The last run's outcome (null again when a new run starts or another stack opens). */
    public ReadOnlyObjectProperty<RunOutcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** A half-finished run found in the stack's state, offered for resume; null when none. */
    public ReadOnlyObjectProperty<RunKind> resumeOfferProperty() {
        return resumeOffer.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<StepStatus> statusProperty(WizardStep step) {
        return statuses.get(step).getReadOnlyProperty();
    }

    /** The open stack's team bucket ({@code s3://…}), or null while its state is on this computer. */
    public ReadOnlyObjectProperty<String> teamLocationProperty() {
        return teamLocation.getReadOnlyProperty();
    }

    /** Who holds the open team stack's lock, as last read; null when nobody does. */
    public ReadOnlyObjectProperty<TeamStack.LockInfo> lockProperty() {
        return lock.getReadOnlyProperty();
    }

    /** True while the open team stack's state is read from its bucket. */
    public javafx.beans.property.ReadOnlyBooleanProperty stateLoadingProperty() {
        return stateLoading.getReadOnlyProperty();
    }

    /** Why the open team stack's state could not be read; null when it was. */
    public ReadOnlyObjectProperty<Problem> stateProblemProperty() {
        return stateProblem.getReadOnlyProperty();
    }

    /** Why the stack last chosen in a team bucket could not be opened; null when it opened. */
    public ReadOnlyObjectProperty<Problem> openProblemProperty() {
        return openProblem.getReadOnlyProperty();
    }

    /** The applied state bucket the open stack's local state can move into; null when not offered. */
    public ReadOnlyObjectProperty<String> migrateOfferProperty() {
        return migrateOffer.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyBooleanProperty migratingProperty() {
        return migrating.getReadOnlyProperty();
    }

    /** The running migration's phase; null when none runs. */
    public ReadOnlyObjectProperty<Problem> migrateProgressProperty() {
        return migrateProgress.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Problem> migrateResultProperty() {
        return migrateResult.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyBooleanProperty migrateSucceededProperty() {
        return migrateSucceeded.getReadOnlyProperty();
    }

    /** A team bucket's stacks, for the Open stack dialog; opening one opens it here. */
    public TeamStacksViewModel teamStacks() {
        return teamStacks;
    }

    public BooleanBinding canApplyBinding() {
        return canApply;
    }

    public BooleanBinding canTeardownBinding() {
        return canTeardown;
    }
}
