package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.StackRunner;
import dev.cairn.app.Target;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Blueprint;
import dev.cairn.plan.Planner;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.web.WebSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the guide's stack takes to apply and destroy on the Sandbox's realistic profile, the
 * steps side by side — the Network step alone (21 resources), Network + Access (bastion, VPN,
 * private instance, the peered VPC in Tokyo) and the three steps with the Web tier (load balancer,
 * launch template, Auto Scaling group and its policy: the whole example) — and how close the
 * parallel walk comes to the critical path. Not a timed test: it asserts only that the runs succeed and
 * leave nothing, and reports. Run with
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
    static final double TARGET_RATIO = 1.05;

    /** The guide's steps, cumulatively, each a blueprint on its own. */
    enum Step {
        NETWORK("network", BlueprintExample.networkOnly()),
        NETWORK_ACCESS("network+access", BlueprintExample.demo()),
        /** The guide's first three steps: Network, Access and the Web tier. */
        NETWORK_ACCESS_WEB("network+access+web", BlueprintExample.demo().with(WebSection.KEY, BlueprintExample.web())),
        /** The whole guide: the example {@code cairn blueprint example} prints, Storage included. */
        GUIDE("guide", BlueprintExample.guide());

        final String label;
        final Blueprint blueprint;

        Step(String label, Blueprint blueprint) {
            this.label = label;
            this.blueprint = blueprint;
        }
    }

    @TempDir
    Path dir;

    record Round(Step step, int resources, int parallelism, int round, double applyWall, double critical, long applyCalls,
            double destroyWall, long destroyCalls, CallsByKind byKind) {
        double ratio() {
            return applyWall / critical;
        }

        double callsPerResource() {
            return (double) applyCalls / resources;
        }
    }

    @Test
    void applyAndDestroy_networkAndNetworkPlusAccessOnRealisticProfile_reportsWallCriticalPathAndCalls() throws Exception {
        List<Round> rounds = new ArrayList<>();
        try (SandboxServer server = SandboxServer.start(SandboxConfig.realistic(TIME_SCALE))) {
            for (Step step : Step.values()) {
                for (int p : PARALLELISM) {
                    for (int i = 1; i <= ROUNDS; i++) {
                        server.reset();
                        rounds.add(round(server, step, p, i));
                    }
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

    /** One apply and destroy through {@link StackRunner}, as {@code cairn apply --endpoint} runs it. */
    private Round round(SandboxServer server, Step step, int parallelism, int round) throws Exception {
        Path state = dir.resolve(step.name() + "-p" + parallelism + "-r" + round);
        Blueprint bp = step.blueprint;
        try (Target target = Target.endpoint(server.endpoint(), Optional.empty());
                StackRunner runner = new StackRunner(target, bp.name(), state, EngineOptions.defaults().withParallelism(parallelism)
                        // As the embedded realistic Sandbox plays AWS: first polls after each kind's typical latency, scaled.
                        .withLatencyScale(TIME_SCALE))) {
            Blueprint resolved = runner.resolve(bp);
            int resources = Planner.specs(resolved).size();
            RunResult apply = runner.apply(resolved, runner.plan(resolved), EngineListener.NONE, new CancellationToken());
            assertThat(apply.succeeded()).as("apply: %s", apply.failed()).isTrue();
            RunResult destroy = runner.destroy(resolved, EngineListener.NONE, new CancellationToken());
            assertThat(destroy.succeeded()).as("destroy: %s %s", destroy.failed(), destroy.remaining()).isTrue();
            assertThat(server.resources()).as("left in the Sandbox").isEmpty();
            return new Round(step, resources, parallelism, round, apply.wallSeconds(), apply.criticalPathSeconds(),
                    apply.apiCalls(), destroy.wallSeconds(), destroy.apiCalls(),
                    CallsByKind.of(apply.callsByKind(), Planner.specs(resolved)));
        }
    }

    private static String table(List<Round> rounds) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Guide stack by step, Sandbox realistic x%.2f, %d cores%n", TIME_SCALE,
                Runtime.getRuntime().availableProcessors()));
        s.append(String.format(Locale.ROOT, "%-15s %4s %-11s %-6s %9s %10s %7s %10s %11s%n", "steps", "res", "parallelism", "round",
                "apply s", "critical s", "ratio", "calls/res", "destroy s"));
        for (Step step : Step.values()) {
            for (int p : PARALLELISM) {
                List<Round> mine = of(rounds, step, p);
                String res = String.valueOf(mine.get(0).resources());
                for (Round r : mine) {
                    s.append(row(step.label, res, String.valueOf(p), String.valueOf(r.round()), r.applyWall(), r.critical(), r.ratio(),
                            r.callsPerResource(), r.destroyWall()));
                }
                s.append(row(step.label, res, String.valueOf(p), "median", median(mine, Round::applyWall), median(mine, Round::critical),
                        median(mine, Round::ratio), median(mine, Round::callsPerResource), median(mine, Round::destroyWall)));
            }
        }
        for (Step step : Step.values()) {
            double parallel = median(of(rounds, step, PARALLELISM[0]), Round::applyWall);
            double serial = median(of(rounds, step, PARALLELISM[1]), Round::applyWall);
            s.append(String.format(Locale.ROOT, "%s: apply %.2f s at parallelism %d vs %.2f s at %d (x%.2f faster)%n", step.label,
                    parallel, PARALLELISM[0], serial, PARALLELISM[1], serial / parallel));
        }
        s.append(String.format(Locale.ROOT, "target ratio wall/critical <= %.2f%n", TARGET_RATIO));
        for (Step step : Step.values()) {
            Round typical = medianCalls(of(rounds, step, PARALLELISM[0]));
            s.append(String.format(Locale.ROOT, "%nAPI calls of the apply per resource per kind: %s, parallelism %d, round %d "
                    + "(the median of its rounds by calls)%n", step.label, PARALLELISM[0], typical.round()));
            s.append(typical.byKind().table());
        }
        return s.toString();
    }

    /** The round whose apply made the median number of calls (the lower middle of an even count). */
    private static Round medianCalls(List<Round> rounds) {
        List<Round> sorted = rounds.stream().sorted(java.util.Comparator.comparingLong(Round::applyCalls)).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static List<Round> of(List<Round> rounds, Step step, int parallelism) {
        return rounds.stream().filter(r -> r.step() == step && r.parallelism() == parallelism).toList();
    }

    private static String row(String step, String res, String p, String round, double apply, double critical, double ratio,
            double calls, double destroy) {
        return String.format(Locale.ROOT, "%-15s %4s %-11s %-6s %9.2f %10.2f %7.3f %10.2f %11.2f%n", step, res, p, round, apply,
                critical, ratio, calls, destroy);
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> f) {
        double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static ObjectNode json(List<Round> rounds) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("stack", "demo");
        o.put("timeScale", TIME_SCALE);
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("targetRatio", TARGET_RATIO);
        ArrayNode all = o.putArray("rounds");
        for (Round r : rounds) {
            all.addObject().put("steps", r.step().label).put("resources", r.resources()).put("parallelism", r.parallelism())
                    .put("round", r.round()).put("applyWallSeconds", r.applyWall())
                    .put("criticalPathSeconds", r.critical()).put("ratio", r.ratio()).put("apiCalls", r.applyCalls())
                    .put("apiCallsPerResource", r.callsPerResource()).put("destroyWallSeconds", r.destroyWall())
                    .put("destroyApiCalls", r.destroyCalls());
        }
        ObjectNode medians = o.putObject("medians");
        for (Step step : Step.values()) {
            ObjectNode byStep = medians.putObject(step.label);
            for (int p : PARALLELISM) {
                List<Round> mine = of(rounds, step, p);
                byStep.putObject("parallelism" + p).put("applyWallSeconds", median(mine, Round::applyWall))
                        .put("criticalPathSeconds", median(mine, Round::critical)).put("ratio", median(mine, Round::ratio))
                        .put("apiCallsPerResource", median(mine, Round::callsPerResource))
                        .put("destroyWallSeconds", median(mine, Round::destroyWall));
                if (p == PARALLELISM[0]) {
                    medianCalls(mine).byKind().json(byStep.putObject("callsByKind"));
                }
            }
        }
        return o;
    }
}
