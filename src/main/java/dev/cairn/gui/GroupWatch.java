package dev.cairn.gui;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceKind.Shape;
import dev.cairn.model.StackState;
import dev.cairn.topology.GroupLive;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Watches the open stack's Auto Scaling groups while it has any: every {@link #POLL_INTERVAL} it
 * asks AWS (or the Sandbox) for their instances and targets' health, off the FX thread, and hands
 * the answer to the diagram on it. One read at a time: a tick while a read is out is skipped, so
 * a slow endpoint never piles reads up. A failed read keeps the last answer and says why
 * ({@link #errorProperty()}); the next tick tries again.
 */
public final class GroupWatch implements AutoCloseable {

    /**
     * How often the members are read: a launch takes about a minute in AWS, an instance's health
     * check interval is 30 s by default (the guide's 10 s), so 5 s shows each change promptly for
     * two cheap read calls.
     */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

    /** Reads the groups a state records (a blocking AWS call; run on a background thread). */
    @FunctionalInterface
    public interface Source {
        Map<Address, GroupLive> read(TargetChoice target, StackState state) throws Exception;
    }

    /** Runs a tick every interval until closed. */
    @FunctionalInterface
    public interface Ticker {
        AutoCloseable every(Duration interval, Runnable tick);

        /** A daemon thread that hands each tick to the FX thread through {@code executor}. */
        static Ticker onDeliveryThread(TaskExecutor executor) {
            return (interval, tick) -> {
                ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "cairn-group-watch");
                    t.setDaemon(true);
                    return t;
                });
                timer.scheduleWithFixedDelay(() -> executor.deliver(tick), interval.toMillis(), interval.toMillis(),
                        TimeUnit.MILLISECONDS);
                return timer::shutdownNow;
            };
        }
    }

    private final TaskExecutor executor;
    private final Source source;
    private final Ticker ticker;
    private final Consumer<Map<Address, GroupLive>> sink;
    private final ReadOnlyObjectWrapper<Problem> error = new ReadOnlyObjectWrapper<>();
    private AutoCloseable ticking;
    private TargetChoice target;
    private StackState state;
    private boolean reading;
    /** Bumped by every {@link #follow}: an answer for an older stack or state is dropped. */
    private long generation;

    /**
     * @param sink where answers go, on the delivery thread (the diagram's view model)
     */
    public GroupWatch(TaskExecutor executor, Source source, Ticker ticker, Consumer<Map<Address, GroupLive>> sink) {
        this.executor = executor;
        this.source = source;
        this.ticker = ticker;
        this.sink = sink;
    }

    /** Whether a state records a group to watch (a resource of shape {@link Shape#GROUP} with an ID). */
    public static boolean hasGroups(StackState state) {
        return state != null && state.resources().values().stream().anyMatch(r -> r.spec().kind().shape() == Shape.GROUP
                && r.physicalId() != null && !r.physicalId().isEmpty());
    }

    /**
     * Watches this stack as it now stands on that target: reads at once and then every interval
     * while it has groups; stops (and clears the members) when it has none.
     */
    public void follow(TargetChoice newTarget, StackState newState) {
        generation++;
        target = newTarget;
        state = newState;
        if (newTarget == null || !hasGroups(newState)) {
            stop();
            error.set(null);
            sink.accept(Map.of());
            return;
        }
        if (ticking == null) {
            ticking = ticker.every(POLL_INTERVAL, this::poll);
        }
        reading = false;
        poll();
    }

    /** One read, unless one is out; called by the ticker on the delivery thread (tests call it directly). */
    public void poll() {
        if (reading || target == null || !hasGroups(state)) {
            return;
        }
        reading = true;
        long asked = generation;
        TargetChoice t = target;
        StackState s = state;
        executor.execute(BackgroundTask.wrap(() -> source.read(t, s)).onSuccess(groups -> {
            if (asked == generation) {
                error.set(null);
                sink.accept(groups);
            }
        }).onFailure(e -> {
            if (asked == generation) {
                error.set(Problem.of("topology.groups.error", String.valueOf(e.getMessage())));
            }
        }).onFinished(() -> {
            if (asked == generation) {
                reading = false;
            }
        }));
    }

    /** Why the last read failed, or null. */
    public ReadOnlyObjectProperty<Problem> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether it reads every interval now. */
    public boolean watching() {
        return ticking != null;
    }

    private void stop() {
        if (ticking != null) {
            try {
                ticking.close();
            } catch (Exception e) {
                error.set(Problem.of("topology.groups.error", String.valueOf(e.getMessage())));
            }
            ticking = null;
        }
    }

    @Override
    public void close() {
        generation++;
        stop();
    }
}
