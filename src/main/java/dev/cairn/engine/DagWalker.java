package dev.cairn.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Walks a directed acyclic graph of nodes, running each node's function as soon as all of its
 * dependencies have succeeded, with at most {@code parallelism} functions working at once. It
 * knows nothing about AWS (after Terraform's {@code internal/dag/walk.go}).
 *
 * <p>A node that only waits (a resource becoming ready, a delete draining) does not hold one of
 * the {@code parallelism} slots while it waits: it runs its wait through
 * {@link Slot#released}, which gives the slot to the next node in line and takes one back, in
 * turn, when the wait is over. So at parallelism 10, fifty long waits still let every other
 * ready node start at once.
 *
 * <p>Concurrency invariants:
 * <ul>
 *   <li>All bookkeeping (status, remaining-dependency counts, the slots, the queue for them) is
 *       guarded by one monitor, {@code this}; node functions run outside it, each on its own
 *       pool thread, and at most {@code parallelism} of them hold a slot at any moment (a
 *       function holds its slot except inside {@link Slot#released}).</li>
 *   <li>Slots are granted first come, first served: nodes that became ready and waits that
 *       ended queue in one line, so neither starves the other.</li>
 *   <li>A node is queued exactly once, and only when its remaining-dependency count reaches
 *       zero with every dependency SUCCEEDED; it is never queued after it was SKIPPED.</li>
 *   <li>A failure marks every node downstream of it SKIPPED with the failed node as root cause;
 *       nodes skipped that way pass the same root cause on, so one failure is reported once.</li>
 *   <li>Cancellation is checked when a node is granted its first slot: once cancelled nothing new
 *       starts (those nodes end NOT_RUN), while running functions finish. A function may also
 *       throw {@link CancellationException} to say it stopped early; that node ends CANCELLED and
 *       its dependents NOT_RUN.</li>
 *   <li>{@link #walk} returns only when no function is running, waiting or queued.</li>
 * </ul>
 *
 * <p>In reverse mode (teardown) every edge is inverted: a node runs after all of its dependents.
 *
 * @param <K> node identity (must have value equality)
 */
public final class DagWalker<K> {

    /** Default number of node functions run at once, as in Terraform. */
    public static final int DEFAULT_PARALLELISM = 10;

    /** How a node ended. */
    public enum NodeStatus { SUCCEEDED, FAILED, SKIPPED, CANCELLED, NOT_RUN }

    /** The work of one node; returning normally is success, throwing is failure. */
    @FunctionalInterface
    public interface NodeFunction<K> {
        /**
         * @param slot the node's worker slot: run waits through {@link Slot#released} so they do
         *     not hold it
         */
        void run(K node, Slot slot) throws Exception;
    }

    /** Something a node waits for without working (a sleep between polls). */
    @FunctionalInterface
    public interface Wait {
        void await() throws InterruptedException;
    }

    /** The worker slot a node function holds while it works. */
    public interface Slot {
        /**
         * Runs {@code wait} with the slot given up, then takes a slot back in turn (which may
         * take a while when every slot is busy).
         *
         * @throws InterruptedException if interrupted while waiting or while queued for a slot
         */
        void released(Wait wait) throws InterruptedException;
    }

    /** Told about nodes that are skipped because something upstream failed. */
    @FunctionalInterface
    public interface SkipListener<K> {
        void onSkipped(K node, K rootCause);
    }

    /**
     * The result of one node.
     *
     * @param start when its function started, or null when it never ran
     * @param end when its function ended, or null when it never ran
     * @param error what it threw when FAILED, else null
     * @param rootCause for SKIPPED, the failed node upstream that caused it; else null
     */
    public record NodeResult<K>(K node, NodeStatus status, Instant start, Instant end, Throwable error, K rootCause) {
        /** Measured run time; zero when the node never ran. */
        public Duration duration() {
            return start == null || end == null ? Duration.ZERO : Duration.between(start, end);
        }
    }

    private final Map<K, Set<K>> dependencies;
    private final Map<K, Set<K>> dependents;
    private final int parallelism;
    private final Clock clock;

    // Walk state, guarded by "this".
    private final Map<K, Integer> remaining = new HashMap<>();
    private final Map<K, NodeResult<K>> results = new LinkedHashMap<>();
    private final Map<K, Instant> starts = new HashMap<>();
    /** Nodes queued, working or waiting: the walk ends when this reaches zero. */
    private int inFlight;
    /** Slots held by working functions; at most {@code parallelism}. */
    private int busy;
    /** Who waits for a slot, first come first served: a node to start, or a wait that ended. */
    private final Deque<Runnable> slotQueue = new ArrayDeque<>();
    private volatile boolean stopped;

    /**
     * @param graph each node mapped to the nodes it depends on; every dependency must be a node
     * @param reverse true to run each node after its dependents instead (teardown)
     * @throws IllegalArgumentException on an unknown dependency or a cycle
     */
    public DagWalker(Map<K, Set<K>> graph, boolean reverse, int parallelism, Clock clock) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.parallelism = parallelism;
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<K, Set<K>> forward = new LinkedHashMap<>();
        Map<K, Set<K>> backward = new LinkedHashMap<>();
        graph.keySet().forEach(k -> {
            forward.put(k, new LinkedHashSet<>());
            backward.put(k, new LinkedHashSet<>());
        });
        graph.forEach((node, deps) -> {
            for (K dep : deps) {
                if (!graph.containsKey(dep)) {
                    throw new IllegalArgumentException(node + " depends on " + dep + ", which is not in the graph");
                }
                forward.get(node).add(dep);
                backward.get(dep).add(node);
            }
        });
        this.dependencies = reverse ? backward : forward;
        this.dependents = reverse ? forward : backward;
        checkAcyclic();
    }

    /** The edges in walk order: each node mapped to the nodes that must succeed before it runs. */
    public Map<K, Set<K>> effectiveDependencies() {
        return Collections.unmodifiableMap(dependencies);
    }

    private void checkAcyclic() {
        Map<K, Integer> indegree = new HashMap<>();
        dependencies.forEach((k, deps) -> indegree.put(k, deps.size()));
        Deque<K> ready = new ArrayDeque<>();
        indegree.forEach((k, n) -> {
            if (n == 0) {
                ready.add(k);
            }
        });
        int seen = 0;
        while (!ready.isEmpty()) {
            K k = ready.poll();
            seen++;
            for (K d : dependents.get(k)) {
                if (indegree.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (seen != dependencies.size()) {
            K inCycle = indegree.entrySet().stream().filter(e -> e.getValue() > 0).findFirst().orElseThrow().getKey();
            throw new IllegalArgumentException("dependency cycle through " + inCycle);
        }
    }

    /**
     * Runs the walk to its end. May be called once.
     *
     * @param function the work per node, called from pool threads
     * @param cancelled polled before each node starts
     * @param skipListener told of each node skipped because of an upstream failure; called with
     *     the walker's lock held, so it must be quick and must not call back into the walker
     * @return every node's result, in graph order
     * @throws InterruptedException when the caller was interrupted; scheduling stopped and the
     *     node functions already running were waited for
     */
    public Map<K, NodeResult<K>> walk(NodeFunction<K> function, BooleanSupplier cancelled, SkipListener<K> skipListener)
            throws InterruptedException {
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "cairn-walk-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // One thread per node in flight: a waiting node keeps its thread (parked, without a slot),
        // so the pool is unbounded and the slots, not the threads, bound the work.
        ExecutorService pool = Executors.newCachedThreadPool(factory);
        try {
            synchronized (this) {
                if (!results.isEmpty() || !remaining.isEmpty()) {
                    throw new IllegalStateException("a DagWalker walks once");
                }
                dependencies.forEach((k, deps) -> remaining.put(k, deps.size()));
                for (K k : dependencies.keySet()) {
                    if (remaining.get(k) == 0) {
                        submit(pool, k, function, cancelled, skipListener);
                    }
                }
                // An interrupt of the caller stops scheduling like a cancel, but still waits for the
                // running functions: they may be in the middle of a call whose outcome must be journaled.
                boolean interrupted = false;
                while (inFlight > 0) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        stopped = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedException("walk interrupted; running nodes finished");
                }
                // Whatever never started (cancelled, or below a cancelled node) did not run.
                for (K k : dependencies.keySet()) {
                    results.putIfAbsent(k, new NodeResult<>(k, NodeStatus.NOT_RUN, null, null, null, null));
                }
                Map<K, NodeResult<K>> ordered = new LinkedHashMap<>();
                dependencies.keySet().forEach(k -> ordered.put(k, results.get(k)));
                return ordered;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // Called with the monitor held.
    private void submit(ExecutorService pool, K node, NodeFunction<K> function, BooleanSupplier cancelled,
            SkipListener<K> skipListener) {
        inFlight++;
        acquire(() -> pool.execute(() -> runNode(pool, node, function, cancelled, skipListener)));
    }

    // Called with the monitor held: grants a slot now, or queues for the next one released.
    private void acquire(Runnable onGranted) {
        if (busy < parallelism) {
            busy++;
            onGranted.run();
        } else {
            slotQueue.add(onGranted);
        }
    }

    // Called with the monitor held: hands the slot to the first in line, if any.
    private void release() {
        Runnable next = slotQueue.poll();
        if (next != null) {
            next.run();
        } else {
            busy--;
        }
    }

    /** A node's slot; {@link #released} parks the node without it. */
    private final class NodeSlot implements Slot {
        @Override
        public void released(Wait wait) throws InterruptedException {
            synchronized (DagWalker.this) {
                release();
            }
            boolean[] granted = {false};
            try {
                wait.await();
            } finally {
                synchronized (DagWalker.this) {
                    acquire(() -> {
                        granted[0] = true;
                        DagWalker.this.notifyAll();
                    });
                    boolean interrupted = false;
                    while (!granted[0]) {
                        try {
                            DagWalker.this.wait();
                        } catch (InterruptedException e) {
                            // The slot is still owed to this thread: keep waiting for it, so the
                            // count stays right, and report the interrupt afterwards.
                            interrupted = true;
                        }
                    }
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a worker slot");
            }
        }
    }

    private void runNode(ExecutorService pool, K node, NodeFunction<K> function, BooleanSupplier cancelled,
            SkipListener<K> skipListener) {
        if (stopped || cancelled.getAsBoolean()) {
            synchronized (this) {
                results.put(node, new NodeResult<>(node, NodeStatus.NOT_RUN, null, null, null, null));
                release();
                inFlight--;
                notifyAll();
            }
            return;
        }
        Instant start = clock.instant();
        synchronized (this) {
            starts.put(node, start);
        }
        NodeStatus status = NodeStatus.SUCCEEDED;
        Throwable error = null;
        try {
            function.run(node, new NodeSlot());
        } catch (CancellationException e) {
            status = NodeStatus.CANCELLED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = NodeStatus.CANCELLED;
        } catch (Exception | Error e) {
            // Recorded, not rethrown: the pool thread must survive to keep the bookkeeping right.
            status = NodeStatus.FAILED;
            error = e;
        }
        Instant end = clock.instant();
        synchronized (this) {
            try {
                results.put(node, new NodeResult<>(node, status, start, end, error, null));
                for (K dependent : dependents.get(node)) {
                    if (status == NodeStatus.FAILED) {
                        skip(dependent, node, skipListener);
                    } else if (status == NodeStatus.SUCCEEDED) {
                        int left = remaining.merge(dependent, -1, Integer::sum);
                        if (left == 0 && !results.containsKey(dependent)) {
                            submit(pool, dependent, function, cancelled, skipListener);
                        }
                    }
                    // CANCELLED: dependents are never submitted and end NOT_RUN.
                }
            } finally {
                release();
                inFlight--;
                notifyAll();
            }
        }
    }

    // Called with the monitor held. A node already decided (ran, or skipped) is left alone, so each
    // node is skipped once and names the first root cause that reached it.
    private void skip(K node, K rootCause, SkipListener<K> skipListener) {
        if (results.containsKey(node) || starts.containsKey(node)) {
            return;
        }
        results.put(node, new NodeResult<>(node, NodeStatus.SKIPPED, null, null, null, rootCause));
        try {
            skipListener.onSkipped(node, rootCause);
        } catch (RuntimeException e) {
            // A listener's failure must not break the walk's bookkeeping.
            org.slf4j.LoggerFactory.getLogger(DagWalker.class).warn("skip listener failed for {}", node, e);
        }
        for (K dependent : dependents.get(node)) {
            skip(dependent, rootCause, skipListener);
        }
    }

    /**
     * The longest dependency chain by duration: the sum of node durations along the heaviest
     * path of the graph. Nodes without a duration count as zero.
     *
     * @param deps each node mapped to what it waited for (as in {@link #effectiveDependencies()})
     */
    public static <K> Duration criticalPath(Map<K, Set<K>> deps, Map<K, Duration> durations) {
        Map<K, Duration> memo = new HashMap<>();
        Duration longest = Duration.ZERO;
        for (K k : deps.keySet()) {
            Duration d = finishing(k, deps, durations, memo);
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }

    private static <K> Duration finishing(K node, Map<K, Set<K>> deps, Map<K, Duration> durations, Map<K, Duration> memo) {
        Duration known = memo.get(node);
        if (known != null) {
            return known;
        }
        Duration before = Duration.ZERO;
        for (K dep : deps.getOrDefault(node, Set.of())) {
            Duration d = finishing(dep, deps, durations, memo);
            if (d.compareTo(before) > 0) {
                before = d;
            }
        }
        Duration total = before.plus(durations.getOrDefault(node, Duration.ZERO));
        memo.put(node, total);
        return total;
    }
}
