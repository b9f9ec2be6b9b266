package dev.cairn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether long waits hold the run's worker slots: a synthetic plan of fifty resources that each
 * take {@link #WAIT} to become ready (NAT gateways, load balancers and certificates in the steps
 * to come) and fifty quick ones, at parallelism 10, walked twice in one run — once with handlers
 * that answer "pending" and let the engine schedule the next poll (how Cairn's handlers work),
 * once with handlers that wait inside the call (holding a slot the whole time). Reports
 * wall ÷ critical path for each; the first must stay within {@link #TARGET_RATIO}.
 *
 * <p>Not a timed test: it reports, and asserts only the ratio the issue sets. Run with
 * {@code mvn -B test -Dgroups=bench -DexcludedGroups=aws -Dtest=SchedulerBenchmark -Dsurefire.failIfNoSpecifiedTests=false};
 * the table also goes to {@code target/bench/scheduler.txt}.
 */
@Tag("bench")
class SchedulerBenchmark {

    static final int LONG_WAITS = 50;
    static final int QUICK = 50;
    static final int PARALLELISM = 10;
    /** How long each slow resource takes to become ready. */
    static final Duration WAIT = Duration.ofSeconds(2);
    /** Polls of a slow resource in the scheduled variant: WAIT / POLL. */
    static final Duration POLL = Duration.ofMillis(100);
    static final double TARGET_RATIO = 1.05;
    static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    @Test
    void longWaits_doNotHoldWorkerSlots() throws Exception {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%d resources waiting %d ms each + %d quick ones, parallelism %d%n%-34s %8s %9s %7s%n", LONG_WAITS,
                WAIT.toMillis(), QUICK, PARALLELISM, "handlers", "wall s", "critical", "ratio"));
        List<Double> scheduled = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            RunResult polled = run(false, "polled-" + round);
            RunResult blocking = run(true, "blocking-" + round);
            scheduled.add(polled.wallSeconds() / polled.criticalPathSeconds());
            row(table, "answer pending, engine re-polls", polled);
            row(table, "wait inside the call (holds slot)", blocking);
        }
        System.out.print(table);
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "scheduler.txt"), table);
        assertThat(scheduled).allSatisfy(r -> assertThat(r).isLessThanOrEqualTo(TARGET_RATIO));
    }

    private RunResult run(boolean blocking, String stack) throws Exception {
        FakeCloud cloud = new FakeCloud();
        if (blocking) {
            cloud.blockingReadyMillis.put(Ec2Kinds.NAT_GATEWAY, WAIT.toMillis());
        } else {
            cloud.pollsToReady.put(Ec2Kinds.NAT_GATEWAY, (int) (WAIT.toMillis() / POLL.toMillis()));
        }
        List<ResourceSpec> specs = new ArrayList<>();
        for (int i = 0; i < LONG_WAITS; i++) {
            specs.add(Fixtures.spec("network.nat[slow-" + i + "]", Ec2Kinds.NAT_GATEWAY));
        }
        for (int i = 0; i < QUICK; i++) {
            specs.add(Fixtures.spec("network.eip[quick-" + i + "]", Ec2Kinds.ELASTIC_IP));
        }
        EngineOptions options = EngineOptions.defaults().withParallelism(PARALLELISM).withPollBackoff(POLL, 1.0, POLL);
        try (StackStore store = LocalStackStore.open(tmp.resolve(stack))) {
            RunResult result = new Engine(cloud.handlers(), store, options, EngineListener.NONE)
                    .apply(Fixtures.applySteps(specs, StackState.empty(stack)), new CancellationToken());
            assertThat(result.succeeded()).isTrue();
            return result;
        }
    }

    private static void row(StringBuilder table, String label, RunResult r) {
        table.append(String.format(Locale.ROOT, "%-34s %8.2f %9.2f %7.2f%n", label, r.wallSeconds(), r.criticalPathSeconds(),
                r.wallSeconds() / r.criticalPathSeconds()));
    }
}
