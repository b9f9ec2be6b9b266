package dev.cairn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DagWalkerTest {

    private static Map<String, Set<String>> diamond() {
        Map<String, Set<String>> g = new LinkedHashMap<>();
        g.put("a", Set.of());
        g.put("b", Set.of("a"));
        g.put("c", Set.of("a"));
        g.put("d", Set.of("b", "c"));
        g.put("e", Set.of("d"));
        g.put("x", Set.of());
        return g;
    }

    private static int index(List<String> order, String node) {
        return order.indexOf(node);
    }

    @Test
    void walk_whenDiamond_runsEachNodeAfterItsDependencies() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());

        var results = new DagWalker<>(diamond(), false, 4, Clock.systemUTC()).walk((n, slot) -> order.add(n), () -> false, (n, r) -> {});

        assertThat(order).containsExactlyInAnyOrder("a", "b", "c", "d", "e", "x");
        assertThat(index(order, "b")).isGreaterThan(index(order, "a"));
        assertThat(index(order, "c")).isGreaterThan(index(order, "a"));
        assertThat(index(order, "d")).isGreaterThan(index(order, "b")).isGreaterThan(index(order, "c"));
        assertThat(index(order, "e")).isGreaterThan(index(order, "d"));
        assertThat(results.values()).allMatch(r -> r.status() == DagWalker.NodeStatus.SUCCEEDED && r.start() != null);
    }

    @Test
    void walk_inReverse_runsEachNodeAfterItsDependents() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());

        new DagWalker<>(diamond(), true, 4, Clock.systemUTC()).walk((n, slot) -> order.add(n), () -> false, (n, r) -> {});

        assertThat(index(order, "d")).isGreaterThan(index(order, "e"));
        assertThat(index(order, "b")).isGreaterThan(index(order, "d"));
        assertThat(index(order, "a")).isGreaterThan(index(order, "b")).isGreaterThan(index(order, "c"));
    }

    @Test
    void walk_whenManyIndependentNodes_neverRunsMoreThanParallelism() throws Exception {
        Map<Integer, Set<Integer>> g = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            g.put(i, Set.of());
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();

        new DagWalker<>(g, false, 3, Clock.systemUTC()).walk((n, slot) -> {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            Thread.sleep(20);
            running.decrementAndGet();
        }, () -> false, (n, r) -> {});

        assertThat(peak.get()).isEqualTo(3);
    }

    @Test
    void walk_whenNodeFails_skipsEverythingDownstreamNamingOnlyTheRootCause() throws Exception {
        Map<String, String> skipped = new ConcurrentHashMap<>();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());

        var results = new DagWalker<>(diamond(), false, 2, Clock.systemUTC()).walk((n, slot) -> {
            ran.add(n);
            if (n.equals("b")) {
                throw new IllegalStateException("b broke");
            }
        }, () -> false, skipped::put);

        assertThat(results.get("b").status()).isEqualTo(DagWalker.NodeStatus.FAILED);
        assertThat(results.get("b").error()).hasMessage("b broke");
        assertThat(skipped).containsOnly(Map.entry("d", "b"), Map.entry("e", "b"));
        assertThat(results.get("e").rootCause()).isEqualTo("b");
        assertThat(ran).doesNotContain("d", "e").contains("a", "c", "x");
        assertThat(results.values().stream().filter(r -> r.status() == DagWalker.NodeStatus.FAILED)).hasSize(1);
    }

    @Test
    void walk_whenCancelled_startsNothingNewButLetsRunningNodesFinish() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        List<String> finished = Collections.synchronizedList(new ArrayList<>());

        var results = new DagWalker<>(diamond(), false, 1, Clock.systemUTC()).walk((n, slot) -> {
            if (n.equals("a")) {
                cancelled.set(true);
            }
            finished.add(n);
        }, cancelled::get, (n, r) -> {});

        assertThat(finished).containsExactly("a");
        assertThat(results.get("a").status()).isEqualTo(DagWalker.NodeStatus.SUCCEEDED);
        assertThat(results.get("e").status()).isEqualTo(DagWalker.NodeStatus.NOT_RUN);
        assertThat(results.get("x").status()).isEqualTo(DagWalker.NodeStatus.NOT_RUN);
    }

    @Test
    void constructor_whenCycle_fails() {
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("a"));
        assertThatThrownBy(() -> new DagWalker<>(g, false, 1, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    }

    @Test
    void constructor_whenDependencyUnknown_fails() {
        Map<String, Set<String>> g = Map.of("a", Set.of("z"));
        assertThatThrownBy(() -> new DagWalker<>(g, false, 1, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("z");
    }

    @Test
    void criticalPath_onKnownGraph_isLongestChainByDuration() {
        // a(1) → b(5) → d(1) → e(2) is 9; a → c(2) → d → e is 6; x(8) alone is 8.
        Map<String, Duration> durations = Map.of("a", secs(1), "b", secs(5), "c", secs(2), "d", secs(1),
                "e", secs(2), "x", secs(8));

        assertThat(DagWalker.criticalPath(diamond(), durations)).isEqualTo(secs(9));
        assertThat(DagWalker.criticalPath(diamond(), Map.of("x", secs(8)))).isEqualTo(secs(8));
        assertThat(DagWalker.criticalPath(Map.<String, Set<String>>of(), durations)).isEqualTo(Duration.ZERO);
    }

    private static Duration secs(long s) {
        return Duration.ofSeconds(s);
    }
}
