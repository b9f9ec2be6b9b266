package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.PipelineRuns;
import dev.cairn.app.PipelineSandbox;
import dev.cairn.app.SandboxControl;
import dev.cairn.app.StackRunner;
import dev.cairn.app.Target;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.engine.Sleeper;
import dev.cairn.model.Blueprint;
import dev.cairn.plan.Planner;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.pipeline.PipelineResources;
import dev.cairn.step.pipeline.PipelineSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole guide — all five steps, what {@code cairn blueprint example} prints — applied on the
 * Sandbox's realistic profile at the same scale as {@link ApplyBenchmark} (wall time against the
 * critical path, API calls per resource, teardown), and releases of a commit timed stage by stage
 * (Source, Build, Deploy: from the moment the stage is first seen in progress to the moment it is
 * seen succeeded, read every {@link #FOLLOW_INTERVAL}). Deploy includes CodeDeploy's wait before
 * terminating the original task set (the guide's 5 minutes, scaled).
 *
 * <pre>
 * mvn -B test -Dgroups=bench -DexcludedGroups=aws -Dtest=ReleaseBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Writes {@code target/bench/release.txt}. Asserts only that everything succeeds and that the
 * teardown leaves nothing.
 */
@Tag("bench")
class ReleaseBenchmark {

    static final int RELEASES = 2;
    /** Fine enough to time stages of a few seconds; the Sandbox answers a read in well under it. */
    static final Duration FOLLOW_INTERVAL = Duration.ofMillis(100);
    static final Duration RELEASE_WAIT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void wholeGuideAndReleases_onRealisticProfile_reportWallCriticalPathCallsAndStageTimes() throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Whole guide (five steps) and releases, Sandbox realistic x%.2f, %d cores%n",
                ApplyBenchmark.TIME_SCALE, Runtime.getRuntime().availableProcessors()));
        try (SandboxServer server = SandboxServer.start(SandboxConfig.realistic(ApplyBenchmark.TIME_SCALE));
                Target target = Target.endpoint(server.endpoint(), Optional.empty())) {
            Blueprint guide = BlueprintExample.guide();
            try (StackRunner runner = new StackRunner(target, guide.name(), dir.resolve("state"),
                    // As the embedded realistic Sandbox plays AWS: first polls after each kind's typical latency, scaled.
                    EngineOptions.defaults().withLatencyScale(ApplyBenchmark.TIME_SCALE))) {
                Blueprint bp = runner.resolve(guide);
                int resources = Planner.specs(bp).size();
                RunResult apply = runner.apply(bp, runner.plan(bp), EngineListener.NONE, new CancellationToken());
                assertThat(apply.succeeded()).as("apply: %s", apply.failed()).isTrue();
                out.append(String.format(Locale.ROOT, "%-6s %4s %9s %10s %7s %10s%n", "steps", "res", "apply s", "critical s",
                        "ratio", "calls/res"));
                out.append(String.format(Locale.ROOT, "%-6s %4d %9.2f %10.2f %7.3f %10.2f%n", "guide", resources,
                        apply.wallSeconds(), apply.criticalPathSeconds(), apply.wallSeconds() / apply.criticalPathSeconds(),
                        (double) apply.apiCalls() / resources));
                out.append("API calls of the apply per resource per kind:").append(System.lineSeparator())
                        .append(CallsByKind.of(apply.callsByKind(), Planner.specs(bp)).table());

                PipelineSection p = bp.section(PipelineSection.KEY);
                SandboxControl control = new SandboxControl(server.endpoint());
                PipelineSandbox.connect(control, bp.name(), null);
                PipelineRuns runs = new PipelineRuns(target.clients(), bp.region(), Sleeper.REAL, FOLLOW_INTERVAL);
                String pipeline = PipelineResources.pipelineName(bp.name());
                out.append(String.format(Locale.ROOT, "%-8s %9s %9s %9s %9s%n", "release", "source s", "build s", "deploy s",
                        "total s"));
                for (int i = 1; i <= RELEASES; i++) {
                    String commit = PipelineSandbox.commitNextVersion(control, p.source().repository(), p.source().branch(),
                            bp.name(), null).path("head").path("id").asText();
                    Instant pushed = Instant.now();
                    String id = awaitExecutionOf(runs, pipeline, commit);
                    Map<String, Instant> firstInProgress = new LinkedHashMap<>();
                    Map<String, Instant> firstSucceeded = new LinkedHashMap<>();
                    PipelineRuns.Execution ended = runs.follow(pipeline, id, e -> {
                        Instant now = Instant.now();
                        for (PipelineRuns.StageRun s : e.stages()) {
                            if (s.status().equals("InProgress")) {
                                firstInProgress.putIfAbsent(s.name(), now);
                            }
                            if (s.status().equals("Succeeded")) {
                                firstInProgress.putIfAbsent(s.name(), now);
                                firstSucceeded.putIfAbsent(s.name(), now);
                            }
                        }
                    }, new CancellationToken());
                    assertThat(ended.status()).as("release %d: %s", i, ended.statusSummary()).isEqualTo("Succeeded");
                    List<Double> stages = new ArrayList<>();
                    for (String stage : List.of("Source", "Build", "Deploy")) {
                        stages.add(seconds(firstInProgress.get(stage), firstSucceeded.get(stage)));
                    }
                    out.append(String.format(Locale.ROOT, "%-8d %9.2f %9.2f %9.2f %9.2f%n", i, stages.get(0), stages.get(1),
                            stages.get(2), seconds(pushed, Instant.now())));
                }

                RunResult destroy = runner.destroy(bp, EngineListener.NONE, new CancellationToken());
                assertThat(destroy.succeeded()).as("destroy: %s %s", destroy.failed(), destroy.remaining()).isTrue();
                assertThat(server.resources()).as("left in the Sandbox").isEmpty();
                out.append(String.format(Locale.ROOT, "destroy s %.2f%n", destroy.wallSeconds()));
            }
        }
        System.out.println(out);
        Path bench = Path.of("target", "bench");
        Files.createDirectories(bench);
        Files.writeString(bench.resolve("release.txt"), out.toString());
    }

    private static double seconds(Instant from, Instant to) {
        return from == null || to == null ? Double.NaN : Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String awaitExecutionOf(PipelineRuns runs, String pipeline, String commit) throws InterruptedException {
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<PipelineRuns.Summary> latest = runs.latest(pipeline);
            if (latest.isPresent() && latest.get().revision().map(r -> r.id().equals(commit)).orElse(false)) {
                return latest.get().id();
            }
            Thread.sleep(FOLLOW_INTERVAL.toMillis());
        }
        throw new AssertionError("no execution of " + pipeline + " for " + commit + " within " + RELEASE_WAIT);
    }
}
