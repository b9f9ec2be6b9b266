package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.StackRunner;
import dev.cairn.app.Target;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceSpec;
import dev.cairn.plan.Planner;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.step.BlueprintExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the whole guide's apply spends its API calls: per kind, calls per resource of that kind
 * by phase (find, create, ready poll, …; {@code RunResult.callsByKind}), on the Sandbox's
 * realistic profile, the first poll at once (latency scale 0, as before issue #14) and after each
 * kind's typical latency (the Sandbox's time scale), alternately, {@value #ROUNDS} rounds each.
 * Asserts only that each run succeeds and leaves nothing. Run with
 * {@code mvn -B test -Dgroups=bench -DexcludedGroups=aws -Dtest=CallsByKindBenchmark -Dsurefire.failIfNoSpecifiedTests=false};
 * the table goes to the output and {@code target/bench/calls-by-kind.txt}.
 */
@Tag("bench")
class CallsByKindBenchmark {

    static final double TIME_SCALE = ApplyBenchmark.TIME_SCALE;
    static final int ROUNDS = 2;
    static final double[] SCALES = {0.0, TIME_SCALE};

    @TempDir
    Path dir;

    record Round(double scale, int round, int resources, long calls, double wall, double critical, Map<String, Long> byKind) {}

    @Test
    void applyGuide_reportsCallsPerResourcePerKindAndPhase() throws Exception {
        Blueprint bp = BlueprintExample.guide();
        List<Round> rounds = new ArrayList<>();
        Map<String, Long> resourcesByKind = new TreeMap<>();
        try (SandboxServer server = SandboxServer.start(SandboxConfig.realistic(TIME_SCALE))) {
            for (int i = 1; i <= ROUNDS; i++) {
                for (double scale : SCALES) {
                    server.reset();
                    Path state = dir.resolve("s" + scale + "-r" + i);
                    try (Target target = Target.endpoint(server.endpoint(), Optional.empty());
                            StackRunner runner = new StackRunner(target, bp.name(), state,
                                    EngineOptions.defaults().withLatencyScale(scale))) {
                        Blueprint resolved = runner.resolve(bp);
                        List<ResourceSpec> specs = Planner.specs(resolved);
                        resourcesByKind.clear();
                        specs.forEach(sp -> resourcesByKind.merge(sp.kind().wireName(), 1L, Long::sum));
                        RunResult apply = runner.apply(resolved, runner.plan(resolved), EngineListener.NONE, new CancellationToken());
                        assertThat(apply.succeeded()).as("apply: %s", apply.failed()).isTrue();
                        RunResult destroy = runner.destroy(resolved, EngineListener.NONE, new CancellationToken());
                        assertThat(destroy.succeeded()).as("destroy: %s %s", destroy.failed(), destroy.remaining()).isTrue();
                        rounds.add(new Round(scale, i, specs.size(), apply.apiCalls(), apply.wallSeconds(),
                                apply.criticalPathSeconds(), apply.callsByKind()));
                    }
                }
            }
        }
        String table = table(rounds, resourcesByKind);
        System.out.println(table);
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("calls-by-kind.txt"), table);
    }

    private static String table(List<Round> rounds, Map<String, Long> resourcesByKind) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Whole guide apply, Sandbox realistic x%.2f, %d cores%n", TIME_SCALE,
                Runtime.getRuntime().availableProcessors()));
        s.append(String.format(Locale.ROOT, "%-6s %-5s %4s %6s %9s %8s %10s %7s%n", "scale", "round", "res", "calls", "calls/res",
                "apply s", "critical s", "ratio"));
        for (Round r : rounds) {
            s.append(String.format(Locale.ROOT, "%-6.2f %-5d %4d %6d %9.2f %8.2f %10.2f %7.3f%n", r.scale(), r.round(), r.resources(),
                    r.calls(), (double) r.calls() / r.resources(), r.wall(), r.critical(), r.wall() / r.critical()));
        }
        TreeSet<String> phases = new TreeSet<>();
        rounds.forEach(r -> r.byKind().keySet().forEach(k -> phases.add(k.contains(" ") ? k.substring(k.indexOf(' ') + 1) : k)));
        for (double scale : SCALES) {
            List<Round> mine = rounds.stream().filter(r -> r.scale() == scale).toList();
            s.append(String.format(Locale.ROOT, "%nscale %.2f: calls per resource of the kind, mean of %d rounds%n", scale, mine.size()));
            s.append(String.format(Locale.ROOT, "%-26s %3s", "kind", "res"));
            phases.forEach(p -> s.append(String.format(Locale.ROOT, " %7s", p)));
            s.append(String.format(Locale.ROOT, " %7s%n", "total"));
            TreeSet<String> kinds = new TreeSet<>(resourcesByKind.keySet());
            mine.forEach(r -> r.byKind().keySet().forEach(k -> kinds.add(k.contains(" ") ? k.substring(0, k.indexOf(' ')) : k)));
            for (String kind : kinds) {
                long res = resourcesByKind.getOrDefault(kind, 0L);
                double per = Math.max(res, 1) * (double) mine.size();
                s.append(String.format(Locale.ROOT, "%-26s %3d", kind, res));
                double total = 0;
                for (String p : phases) {
                    String key = kind + " " + p;
                    long sum = mine.stream().mapToLong(r -> r.byKind().getOrDefault(key, 0L)).sum();
                    total += sum / per;
                    s.append(sum == 0 ? String.format(Locale.ROOT, " %7s", "-") : String.format(Locale.ROOT, " %7.2f", sum / per));
                }
                s.append(String.format(Locale.ROOT, " %7.2f%n", total));
            }
        }
        return s.toString();
    }
}
