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
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlannedAction;
import dev.cairn.step.access.AccessSection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The app's state above the pages: the open stack, its state, the runs (apply, teardown,
 * resume) and the step badges. Runs go through {@link StackRunner}, the same path as the CLI, on
 * a background task; engine events reach the FX thread batched by an {@link EventCoalescer}.
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

    private final StackCatalog catalog;
    private final TaskExecutor executor;
    private final Targets targets;
    private final EventBus bus;
    private final Clock clock;
    private final AccountViewModel account;
    private final NetworkStepViewModel network;
    private final AccessStepViewModel access;
    private final ReviewViewModel review = new ReviewViewModel();
    private final ActivityViewModel activity;
    private final TopologyViewModel topology = new TopologyViewModel();
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

    private CancellationToken cancel;
    /** False after a teardown: the diagram shows only what exists until the next edit or apply. */
    private boolean showDesired = true;
    private boolean lastApplyFailed;

    public WorkspaceViewModel(StackCatalog catalog, TaskExecutor executor, Targets targets, AccountViewModel account,
            EventBus bus, Clock clock) {
        this.catalog = catalog;
        this.executor = executor;
        this.targets = targets;
        this.account = account;
        this.bus = bus;
        this.clock = clock;
        this.activity = new ActivityViewModel(clock);
        // The Network page's blueprint reaches the Access page, which adds its section; the whole
        // is saved from there, so a Network edit never drops the access section.
        this.network = new NetworkStepViewModel(this::networkValid);
        this.access = new AccessStepViewModel(executor, this::saveValid);
        network.blueprintProperty().addListener((o, a, b) -> access.setBase(b));
        this.flow = new WizardFlow(account.validBinding(), network.validProperty(), access.validProperty());
        for (WizardStep s : WizardStep.values()) {
            statuses.put(s, new ReadOnlyObjectWrapper<>(StepStatus.NOT_STARTED));
        }
        canApply = Bindings.createBooleanBinding(() -> stack.get() != null && running.get() == null
                && network.validProperty().get() && access.validProperty().get() && account.validBinding().get(),
                stack, running, network.validProperty(), access.validProperty(), account.validBinding());
        canTeardown = Bindings.createBooleanBinding(() -> stack.get() != null && running.get() == null
                && account.validBinding().get(), stack, running, account.validBinding());
        account.regionProperty().addListener((o, a, b) -> network.setRegion(b));
        account.checkedProperty().addListener((o, a, b) -> {
            if (b != null) {
                network.setAvailableZones(b.zones());
            }
        });
        account.validBinding().addListener((o, a, b) -> refreshStatuses());
        network.validProperty().addListener((o, a, b) -> refreshDerived());
        access.validProperty().addListener((o, a, b) -> refreshDerived());
        state.addListener((o, a, b) -> access.setState(b));
        refreshStacks();
    }

    /** Opens the remembered stack, else the first one, else creates {@value #FIRST_STACK}. */
    public void openInitial(String lastStack) {
        refreshStacks();
        Optional<String> pick = stacks.stream().map(StackSummary::name).filter(n -> n.equals(lastStack)).findFirst()
                .or(() -> stacks.stream().map(StackSummary::name).findFirst());
        if (pick.isPresent()) {
            openStack(pick.get());
        } else {
            createStack(FIRST_STACK);
        }
    }

    public void openStack(String name) {
        if (running.get() != null) {
            return;
        }
        Blueprint bp = catalog.load(name).orElseThrow(() -> new IllegalArgumentException("no stack " + name));
        activity.reset();
        stack.set(name);
        state.set(catalog.state(name));
        showDesired = true;
        lastApplyFailed = false;
        outcome.set(null);
        // Access first: the Network page's load hands its blueprint on, and the access section
        // it is combined with must already be this stack's.
        access.load(bp);
        network.load(bp);
        String ip = access.myIpProperty().get();
        if (access.includedProperty().get() && (ip.isEmpty() || AccessSection.MY_IP_AUTO.equals(ip))) {
            detectMyIp();
        }
        account.regionProperty().set(bp.region());
        StackState s = state.get();
        resumeOffer.set(StackCatalog.isInterrupted(s)
                ? (StackCatalog.interruptedTeardown(s) ? RunKind.TEARDOWN : RunKind.APPLY) : null);
        refreshStacks();
        refreshDerived();
        bus.publish(new AppEvent.StackOpened(name));
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

    /**
     * A valid Network edit while the Access page is invalid: saved with the last valid access
     * section, when the two still make a valid whole (the Access page saves every other case).
     */
    private void networkValid(Blueprint networkBlueprint) {
        if (access.validProperty().get()) {
            return;
        }
        Blueprint whole = networkBlueprint.with(AccessSection.KEY, access.lastValidSection());
        if (dev.cairn.step.BlueprintValidator.validate(whole).isEmpty()) {
            saveValid(whole);
        }
    }

    private void saveValid(Blueprint bp) {
        if (stack.get() == null || !bp.name().equals(stack.get())) {
            return;
        }
        catalog.save(bp);
        showDesired = true;
        refreshDerived();
    }

    /** Fills the Access page's My IP in the background, through the resolver of the chosen target. */
    public void detectMyIp() {
        TargetChoice choice = account.targetProperty().get();
        access.detectMyIp(dev.cairn.app.MyIpResolver.forTarget(choice == null || choice.isSandbox()
                ? Target.Kind.SANDBOX : Target.Kind.AWS));
    }

    /** The whole blueprint the pages describe (Network plus Access), valid or not. */
    public Blueprint blueprint() {
        Blueprint bp = access.blueprintProperty().get();
        return bp != null ? bp : network.blueprintProperty().get();
    }

    private boolean pagesValid() {
        return network.validProperty().get() && access.validProperty().get();
    }

    /** Plans the stack to its blueprint and runs the plan. */
    public void apply() {
        if (!canApply.get()) {
            return;
        }
        Blueprint bp = blueprint();
        Plan plan = review.planProperty().get() != null ? review.planProperty().get()
                : dev.cairn.plan.Planner.plan(AccessStepViewModel.plannable(bp), state.get());
        List<ResourceSpec> touched = touched(plan);
        showDesired = true;
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
        showDesired = false;
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
        activity.start(touched, Problem.of(kind == RunKind.APPLY ? "run.apply.started" : "run.teardown.started", name));
        // The blueprint and so the plan are as they were: only the diagram's statuses and the
        // badges (a failed apply's is cleared) start over.
        showTopology();
        refreshStatuses();
        EventCoalescer<ResourceEvent> pump = new EventCoalescer<>(executor::deliver, this::onEvents);
        executor.execute(BackgroundTask.wrap(() -> {
            RunResult result = null;
            Problem error = null;
            try {
                Target target = targets.open(choice);
                try (StackRunner runner = new StackRunner(target, name, catalog.dir(name), EngineOptions.defaults())) {
                    result = body.run(runner, pump::offer, token);
                }
            } catch (Exception e) {
                error = runError(e);
            }
            // What the run left on disk is read here, not on the FX thread: the journal grows with
            // every run and parsing it would stall the window for a frame or more.
            return new Finished(result, error, catalog.state(name), catalog.list());
        }).onSuccess(f -> finish(kind, f))
                .onFailure(e -> finish(kind, new Finished(null, runError(e), null, null))));
    }

    private static Problem runError(Throwable e) {
        return Problem.of("run.error", String.valueOf(e.getMessage()));
    }

    /** A run's end as the background task hands it over: the outcome, and the stack as it is now on disk. */
    private record Finished(RunResult result, Problem error, StackState state, List<StackSummary> stacks) {}

    private void onEvents(List<ResourceEvent> batch) {
        activity.accept(batch);
        showTopology();
    }

    private void finish(RunKind kind, Finished finished) {
        RunResult result = finished.result();
        Problem error = finished.error();
        cancel = null;
        running.set(null);
        if (stack.get() != null && finished.state() != null) {
            state.set(finished.state());
        }
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
        refreshDerived();
        outcome.set(o);
        bus.publish(new AppEvent.RunFinished(kind, result));
    }

    private void refreshStacks() {
        stacks.setAll(catalog.list());
    }

    private void refreshDerived() {
        Blueprint bp = blueprint();
        if (stack.get() != null && bp != null && pagesValid()) {
            review.refresh(AccessStepViewModel.plannable(bp), state.get());
            Plan plan = review.planProperty().get();
            if (plan != null && running.get() == null) {
                activity.preview(touched(plan), state.get().resources().keySet());
            }
        } else {
            review.clear();
        }
        showTopology();
        refreshStatuses();
    }

    private void showTopology() {
        if (stack.get() == null) {
            topology.clear();
            return;
        }
        Blueprint bp = blueprint();
        List<ResourceSpec> desired = List.of();
        if (showDesired && bp != null && pagesValid()) {
            desired = dev.cairn.plan.Planner.specs(AccessStepViewModel.plannable(bp));
        }
        String region = bp != null ? bp.region() : network.region();
        topology.show(stack.get(), region, desired, state.get(), new LinkedHashMap<>(activity.live()));
    }

    private void refreshStatuses() {
        boolean accountOk = account.validBinding().get();
        statuses.get(WizardStep.ACCOUNT).set(accountOk ? StepStatus.VALID : StepStatus.INVALID);
        StepStatus net;
        if (stack.get() == null) {
            net = StepStatus.NOT_STARTED;
        } else if (lastApplyFailed) {
            net = StepStatus.FAILED;
        } else if (!network.validProperty().get()) {
            net = StepStatus.INVALID;
        } else if (state.get() != null && !state.get().resources().isEmpty() && review.planProperty().get() != null
                && !review.planProperty().get().hasChanges()) {
            net = StepStatus.APPLIED;
        } else {
            net = StepStatus.VALID;
        }
        statuses.get(WizardStep.NETWORK).set(net);
        StepStatus acc;
        if (stack.get() == null || !access.includedProperty().get()) {
            acc = StepStatus.NOT_STARTED;
        } else if (!access.validProperty().get()) {
            acc = StepStatus.INVALID;
        } else {
            // The plan covers both steps: applied, failed and valid are the same for both.
            acc = net == StepStatus.INVALID ? StepStatus.VALID : net;
        }
        statuses.get(WizardStep.ACCESS).set(acc);
        boolean anyInvalid = net == StepStatus.INVALID || acc == StepStatus.INVALID;
        statuses.get(WizardStep.REVIEW).set(anyInvalid ? StepStatus.NOT_STARTED : net);
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

    public ReviewViewModel review() {
        return review;
    }

    public ActivityViewModel activity() {
        return activity;
    }

    public TopologyViewModel topology() {
        return topology;
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

    public BooleanBinding canApplyBinding() {
        return canApply;
    }

    public BooleanBinding canTeardownBinding() {
        return canTeardown;
    }
}
