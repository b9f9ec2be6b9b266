package dev.cairn.gui;

import dev.cairn.model.Address;
import dev.cairn.model.StackState;
import dev.cairn.topology.TaskSetLive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Pipeline page's live half: the GitHub handshake banner and the strip Source → Build → Deploy
 * of the pipeline's latest execution, with "Release change" and, in the Sandbox, "Complete the
 * handshake" and "Commit a change".
 *
 * <p>It reads only while it is {@linkplain #follow followed} with the page shown, a target and a
 * stack whose state records the pipeline or its connection: every {@link #POLL_INTERVAL} a
 * {@link Source} read runs on a background task and its answer is applied on the delivery thread
 * (the FX thread in the app), so the FX thread never waits on the network. One read at a time: a
 * tick while a read is out is skipped. An answer for an older stack, target or state is dropped
 * ({@link #generation}). Hiding the page stops the ticks.
 */
public final class ReleaseViewModel implements AutoCloseable {

    /**
     * How often the pipeline is read while the page shows: a CodePipeline action reports its state
     * every few seconds, a CodeBuild phase lasts from seconds to minutes, and a blue/green reroute
     * is one step; 3 s shows each change promptly for two or three cheap read calls.
     */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(3);

    /** The pipeline's stages as the Pipeline step builds them, in their order. */
    public static final List<String> STAGES = List.of("Source", "Build", "Deploy");

    /** What the page reads and does through the app (blocking calls: run on a background thread). */
    public interface Source {

        /** Whether the state records something to watch: the pipeline or its connection. */
        boolean watches(StackState state);

        /** The connection's status and the latest execution, as AWS (or the Sandbox) says now. */
        Snapshot read(TargetChoice target, StackState state) throws Exception;

        /** Starts an execution (the console's "Release change"); its ID. */
        String release(TargetChoice target, StackState state) throws Exception;

        /** In the Sandbox: completes the connection's handshake, as a person does in the console. */
        void completeHandshake(TargetChoice target, StackState state) throws Exception;

        /** In the Sandbox: commits the next version of the sample page to the branch; the commit's ID. */
        String commitChange(TargetChoice target, StackState state) throws Exception;
    }

    /**
     * The connection and the latest execution; either may be null (none yet, or not built); and
     * during a blue/green deployment the service's task sets with their traffic weights, by the
     * service's address (empty otherwise), for the diagram.
     */
    public record Snapshot(Connection connection, Execution execution, Map<Address, List<TaskSetLive>> taskSets) {

        public Snapshot {
            taskSets = taskSets == null ? Map.of() : Map.copyOf(taskSets);
        }

        public Snapshot(Connection connection, Execution execution) {
            this(connection, execution, Map.of());
        }
    }

    /**
     * @param status CodeConnections' word: {@code PENDING}, {@code AVAILABLE}, {@code ERROR}
     * @param consoleUrl where a person completes the handshake
     */
    public record Connection(String name, String status, String consoleUrl) {}

    /**
     * @param status CodePipeline's word: {@code InProgress}, {@code Succeeded}, {@code Failed}, …
     * @param actions the latest run of each stage's action, in any order
     */
    public record Execution(String id, String status, Instant started, List<Action> actions) {

        public Execution {
            actions = List.copyOf(actions);
        }
    }

    /**
     * One action's latest run in a stage ({@code GetPipelineState}).
     *
     * @param status {@code InProgress}, {@code Succeeded}, {@code Failed}, {@code Abandoned}; null when not run
     * @param logUrl the CodeBuild log or the CodeDeploy deployment, or null
     * @param summary what the action says of itself (the commit, the deployment's ID), or null
     */
    public record Action(String stage, String status, String executionId, Instant lastChange, String logUrl,
            String summary) {}

    /** A stage's state as the strip words and colours it. */
    public enum StageState {
        NOT_RUN, IN_PROGRESS, SUCCEEDED, FAILED, STOPPED;

        /** The state of an action's status word ({@code GetPipelineState}'s {@code ActionExecution.status}). */
        public static StageState of(String status) {
            if (status == null || status.isEmpty()) {
                return NOT_RUN;
            }
            return switch (status.toLowerCase(Locale.ROOT)) {
                case "inprogress", "stopping" -> IN_PROGRESS;
                case "succeeded" -> SUCCEEDED;
                case "failed" -> FAILED;
                case "abandoned", "stopped", "cancelled", "superseded" -> STOPPED;
                default -> NOT_RUN;
            };
        }

        /** The CSS class of its cell: colour follows the state. */
        public String styleClass() {
            return "stage-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One cell of the strip. */
    public record Stage(String name, StageState state, Instant time, String logUrl, String summary) {}

    /**
     * What the banner says. {@code PENDING}: the handshake is to be done (console link; in the
     * Sandbox a button); {@code COMPLETING}: the Sandbox is asked to complete it; {@code CONNECTED}:
     * it became {@code AVAILABLE} while the page watched (said once, until the stack changes);
     * {@code ERROR}: the connection failed; {@code NONE}: nothing to say.
     */
    public enum Banner { NONE, PENDING, COMPLETING, CONNECTED, ERROR }

    private static final String READ_FAILED = "pipeline.live.readFailed";

    private final TaskExecutor executor;
    private final Source source;
    private final GroupWatch.Ticker ticker;
    private final Consumer<Map<Address, List<TaskSetLive>>> taskSets;

    private final ReadOnlyObjectWrapper<Banner> banner = new ReadOnlyObjectWrapper<>(Banner.NONE);
    private final ReadOnlyStringWrapper consoleUrl = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper connectionName = new ReadOnlyStringWrapper("");
    private final ObservableList<Stage> stages = FXCollections.observableArrayList();
    private final ObservableList<Stage> readOnlyStages = FXCollections.unmodifiableObservableList(stages);
    private final ReadOnlyObjectWrapper<Execution> execution = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper sandbox = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper watching = new ReadOnlyBooleanWrapper();
    /** Why the last read or action failed (in the app's words), or null. */
    private final ReadOnlyObjectWrapper<Problem> problem = new ReadOnlyObjectWrapper<>();
    /** What the last action did ("release started", "committed"), or null. */
    private final ReadOnlyObjectWrapper<Problem> notice = new ReadOnlyObjectWrapper<>();

    private AutoCloseable ticking;
    private TargetChoice target;
    private StackState state;
    private boolean shown;
    private boolean reading;
    /** Bumped by every {@link #follow}: an answer for an older stack, target or state is dropped. */
    private long generation;
    /** The stack the banner's history belongs to: {@code CONNECTED} is said only after a PENDING seen here. */
    private String bannerStack;
    private boolean sawPending;

    public ReleaseViewModel(TaskExecutor executor, Source source, GroupWatch.Ticker ticker) {
        this(executor, source, ticker, sets -> {});
    }

    /** @param taskSets where each read's task sets go, on the delivery thread (the diagram's view model) */
    public ReleaseViewModel(TaskExecutor executor, Source source, GroupWatch.Ticker ticker,
            Consumer<Map<Address, List<TaskSetLive>>> taskSets) {
        this.executor = executor;
        this.source = source;
        this.ticker = ticker;
        this.taskSets = taskSets;
        showStages(null);
    }

    /**
     * Watches this stack as it stands on that target while the page is shown: reads at once and
     * then every interval; stops when the page is hidden, the target is gone or the stack has no
     * pipeline. A stack or target of its own starts over (strip and banner emptied).
     */
    public void follow(TargetChoice newTarget, StackState newState, boolean pageShown) {
        String newStack = newState == null ? null : newState.stack();
        if (!Objects.equals(newTarget, target) || !Objects.equals(newStack, state == null ? null : state.stack())) {
            clear();
        }
        generation++;
        target = newTarget;
        state = newState;
        shown = pageShown;
        sandbox.set(newTarget != null && newTarget.isSandbox());
        boolean watch = newTarget != null && pageShown && source.watches(newState);
        available.set(newTarget != null && source.watches(newState));
        if (!watch) {
            stop();
            return;
        }
        if (ticking == null) {
            ticking = ticker.every(POLL_INTERVAL, this::poll);
        }
        watching.set(true);
        reading = false;
        poll();
    }

    private void clear() {
        showStages(null);
        taskSets.accept(Map.of());
        execution.set(null);
        banner.set(Banner.NONE);
        consoleUrl.set(null);
        connectionName.set("");
        problem.set(null);
        notice.set(null);
        sawPending = false;
        bannerStack = null;
    }

    /** One read, unless one is out or nothing is watched; the ticker calls it (tests call it directly). */
    public void poll() {
        if (reading || target == null || !shown || !source.watches(state)) {
            return;
        }
        reading = true;
        long asked = generation;
        TargetChoice t = target;
        StackState s = state;
        executor.execute(BackgroundTask.wrap(() -> source.read(t, s)).onSuccess(snapshot -> {
            if (asked == generation) {
                // A read clears its own failure, not an action's: that one stays until the next action.
                if (problem.get() != null && READ_FAILED.equals(problem.get().key())) {
                    problem.set(null);
                }
                show(snapshot);
            }
        }).onFailure(e -> {
            if (asked == generation) {
                problem.set(Problem.of(READ_FAILED, message(e)));
            }
        }).onFinished(() -> {
            if (asked == generation) {
                reading = false;
            }
        }));
    }

    private void show(Snapshot snapshot) {
        Connection c = snapshot.connection();
        String stack = state == null ? null : state.stack();
        if (!Objects.equals(stack, bannerStack)) {
            bannerStack = stack;
            sawPending = false;
        }
        consoleUrl.set(c == null ? null : c.consoleUrl());
        connectionName.set(c == null || c.name() == null ? "" : c.name());
        String status = c == null || c.status() == null ? "" : c.status().toUpperCase(Locale.ROOT);
        switch (status) {
            case "PENDING" -> {
                sawPending = true;
                // A completion asked of the Sandbox keeps its word until the answer says otherwise.
                if (banner.get() != Banner.COMPLETING) {
                    banner.set(Banner.PENDING);
                }
            }
            case "AVAILABLE" -> banner.set(sawPending || banner.get() == Banner.CONNECTED ? Banner.CONNECTED : Banner.NONE);
            case "ERROR" -> banner.set(Banner.ERROR);
            default -> banner.set(Banner.NONE);
        }
        execution.set(snapshot.execution());
        showStages(snapshot.execution());
        taskSets.accept(snapshot.taskSets());
    }

    /** The three cells: each stage's action of the latest execution, or "not run" for one it has not reached. */
    private void showStages(Execution e) {
        List<Stage> out = new ArrayList<>();
        for (String name : STAGES) {
            Action a = e == null ? null : e.actions().stream().filter(x -> name.equalsIgnoreCase(x.stage()))
                    .filter(x -> x.executionId() == null || x.executionId().equals(e.id())).findFirst().orElse(null);
            out.add(a == null ? new Stage(name, StageState.NOT_RUN, null, null, null)
                    : new Stage(name, StageState.of(a.status()), a.lastChange(), a.logUrl(), a.summary()));
        }
        stages.setAll(out);
    }

    /** "Release change": starts an execution, then reads at once so the strip follows it. */
    public void release() {
        act(source::release, "pipeline.live.released");
    }

    /** In the Sandbox: a commit of the sample page's next version, which starts the pipeline as a push does. */
    public void commitChange() {
        act(source::commitChange, "pipeline.live.committed");
    }

    /** In the Sandbox: "Complete the handshake". The banner says so until a read sees the connection move. */
    public void completeHandshake() {
        if (banner.get() != Banner.PENDING || !sandbox.get()) {
            return;
        }
        banner.set(Banner.COMPLETING);
        act((t, s) -> {
            source.completeHandshake(t, s);
            return "";
        }, null);
    }

    @FunctionalInterface
    private interface Call {
        String run(TargetChoice target, StackState state) throws Exception;
    }

    private void act(Call call, String doneKey) {
        if (busy.get() || target == null || !source.watches(state)) {
            return;
        }
        busy.set(true);
        problem.set(null);
        notice.set(null);
        long asked = generation;
        TargetChoice t = target;
        StackState s = state;
        executor.execute(BackgroundTask.wrap(() -> call.run(t, s)).onSuccess(id -> {
            if (asked == generation && doneKey != null) {
                notice.set(Problem.of(doneKey, id == null ? "" : id));
            }
        }).onFailure(e -> {
            if (asked == generation) {
                if (banner.get() == Banner.COMPLETING) {
                    banner.set(Banner.PENDING);
                }
                problem.set(Problem.of("pipeline.live.actionFailed", message(e)));
            }
        }).onFinished(() -> {
            busy.set(false);
            // Read at once (unless a read is out: the next tick then shows it) so the strip follows.
            if (asked == generation) {
                poll();
            }
        }));
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void stop() {
        // Weights read while the page watched go stale once it stops: the diagram stops showing them.
        if (watching.get()) {
            taskSets.accept(Map.of());
        }
        watching.set(false);
        if (ticking != null) {
            try {
                ticking.close();
            } catch (Exception e) {
                problem.set(Problem.of("pipeline.live.readFailed", message(e)));
            }
            ticking = null;
        }
    }

    @Override
    public void close() {
        generation++;
        stop();
    }

    /** The banner's state. */
    public ReadOnlyObjectProperty<Banner> bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    /** Where a person completes the handshake (the connection's page in the console), or null. */
    public ReadOnlyStringProperty consoleUrlProperty() {
        return consoleUrl.getReadOnlyProperty();
    }

    /** The connection's name, empty before a read. */
    public ReadOnlyStringProperty connectionNameProperty() {
        return connectionName.getReadOnlyProperty();
    }

    /** Source, Build, Deploy: always three cells. */
    public ObservableList<Stage> stages() {
        return readOnlyStages;
    }

    /** The latest execution, or null before the first. */
    public ReadOnlyObjectProperty<Execution> executionProperty() {
        return execution.getReadOnlyProperty();
    }

    /** Whether the stack has a pipeline (or its connection) to watch on the chosen target. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    /** Whether the target is the Sandbox: it offers "Complete the handshake" and "Commit a change". */
    public ReadOnlyBooleanProperty sandboxProperty() {
        return sandbox.getReadOnlyProperty();
    }

    /** True while a release, commit or handshake call is out. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True while it reads every interval. */
    public ReadOnlyBooleanProperty watchingProperty() {
        return watching.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Problem> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Problem> noticeProperty() {
        return notice.getReadOnlyProperty();
    }
}
