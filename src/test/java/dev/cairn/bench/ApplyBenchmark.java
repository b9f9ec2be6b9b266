package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.testing.DemoStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the demo stack takes to apply and destroy on the Sandbox's realistic profile, and how
 * close the parallel walk comes to the critical path. Not a timed test: it asserts only that the
 * runs succeed, and reports. Run with
 * {@code mvn -B test -Dgroups=bench -DexcludedGroups=aws -Dtest=ApplyBenchmark -Dsurefire.failIfNoSpecifiedTests=false};
 * the table goes to the test's output and {@code target/bench/apply.txt}, the figures to
 * {@code target/bench/apply.json}.
 */
@Tag("bench")
class ApplyBenchmark {

    /** NAT gateway ≈ 100 s × 0.05 = 5 s: long enough to dominate, short enough to rerun. */
    static final double TIME_SCALE = 0.05;
    static final int ROUNDS = 3;
    static final int[] PARALLELISM = {10, 1};
    /** The wall time an apply may take over its critical path (scheduling and polling overhead). */
    static final double TARGET_RATIO = 1.10;
    static final int RESOURCES = 21;

    @TempDir
    Path dir;

    record Round(int parallelism, int round, double applyWall, double critical, long applyCalls, double destroyWall,
            long destroyCalls) {
        double ratio() {
            return applyWall / critical;
        }

        double callsPerResource() {
            return (double) applyCalls / RESOURCES;
        }
    }

    @Test
    void applyAndDestroy_demoOnRealisticProfile_reportsWallCriticalPathAndCalls() throws Exception {
        List<Round> rounds = new ArrayList<>();
        try (SandboxServer server = SandboxServer.start(SandboxConfig.realistic(TIME_SCALE))) {
            for (int p : PARALLELISM) {
                for (int i = 1; i <= ROUNDS; i++) {
                    server.reset();
                    Path state = dir.resolve("p" + p + "-r" + i);
                    EngineOptions options = EngineOptions.defaults().withParallelism(p);
                    RunResult apply = DemoStack.apply(server.endpoint(), state, options);
                    assertThat(apply.succeeded()).as("apply: %s", apply.failed()).isTrue();
                    RunResult destroy = DemoStack.destroy(server.endpoint(), state, options);
                    assertThat(destroy.succeeded()).as("destroy: %s %s", destroy.failed(), destroy.remaining()).isTrue();
                    rounds.add(new Round(p, i, apply.wallSeconds(), apply.criticalPathSeconds(), apply.apiCalls(),
                            destroy.wallSeconds(), destroy.apiCalls()));
                }
            }
        }
        String table = table(rounds);
        System.out.println(table);
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("apply.txt"), table);
        Files.writeString(out.resolve("apply.json"), json(rounds).toPrettyString());
    }

    private static String table(List<Round> rounds) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Demo stack (%d resources), Sandbox realistic x%.2f, %d cores%n", RESOURCES, TIME_SCALE,
                Runtime.getRuntime().availableProcessors()));
        s.append(String.format(Locale.ROOT, "%-11s %-6s %9s %10s %7s %10s %11s%n", "parallelism", "round", "apply s",
                "critical s", "ratio", "calls/res", "destroy s"));
        for (int p : PARALLELISM) {
            List<Round> mine = rounds.stream().filter(r -> r.parallelism() == p).toList();
            for (Round r : mine) {
                s.append(row(String.valueOf(p), String.valueOf(r.round()), r.applyWall(), r.critical(), r.ratio(),
                        r.callsPerResource(), r.destroyWall()));
            }
            s.append(row(String.valueOf(p), "median", median(mine, Round::applyWall), median(mine, Round::critical),
                    median(mine, Round::ratio), median(mine, Round::callsPerResource), median(mine, Round::destroyWall)));
        }
        double parallel = median(rounds.stream().filter(r -> r.parallelism() == PARALLELISM[0]).toList(), Round::applyWall);
        double serial = median(rounds.stream().filter(r -> r.parallelism() == PARALLELISM[1]).toList(), Round::applyWall);
        s.append(String.format(Locale.ROOT, "parallel walk: apply %.2f s at parallelism %d vs %.2f s at %d (x%.2f faster); "
                + "target ratio wall/critical <= %.2f%n", parallel, PARALLELISM[0], serial, PARALLELISM[1], serial / parallel,
                TARGET_RATIO));
        return s.toString();
    }

    private static String row(String p, String round, double apply, double critical, double ratio, double calls, double destroy) {
        return String.format(Locale.ROOT, "%-11s %-6s %9.2f %10.2f %7.3f %10.2f %11.2f%n", p, round, apply, critical, ratio, calls,
                destroy);
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> f) {
        double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static ObjectNode json(List<Round> rounds) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("stack", "demo");
        o.put("resources", RESOURCES);
        o.put("timeScale", TIME_SCALE);
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("targetRatio", TARGET_RATIO);
        ArrayNode all = o.putArray("rounds");
        for (Round r : rounds) {
            all.addObject().put("parallelism", r.parallelism()).put("round", r.round()).put("applyWallSeconds", r.applyWall())
                    .put("criticalPathSeconds", r.critical()).put("ratio", r.ratio()).put("apiCalls", r.applyCalls())
                    .put("apiCallsPerResource", r.callsPerResource()).put("destroyWallSeconds", r.destroyWall())
                    .put("destroyApiCalls", r.destroyCalls());
        }
        ObjectNode medians = o.putObject("medians");
        for (int p : PARALLELISM) {
            List<Round> mine = rounds.stream().filter(r -> r.parallelism() == p).toList();
            medians.putObject("parallelism" + p).put("applyWallSeconds", median(mine, Round::applyWall))
                    .put("criticalPathSeconds", median(mine, Round::critical)).put("ratio", median(mine, Round::ratio))
                    .put("apiCallsPerResource", median(mine, Round::callsPerResource))
                    .put("destroyWallSeconds", median(mine, Round::destroyWall));
        }
        return o;
    }
}
