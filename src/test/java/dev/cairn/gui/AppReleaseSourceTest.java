package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.PipelineRuns;
import dev.cairn.gui.ReleaseViewModel.StageState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How {@link PipelineRuns}' reading of an execution becomes the strip's cells: each stage's action
 * with its status, start, log link (the build's CloudWatch deep link, else the console's external
 * URL) and what it says (the deployment and its status, or an error); a stage not reached is not run.
 */
class AppReleaseSourceTest {

    static final Instant T0 = Instant.parse("2026-12-06T14:00:00Z");

    static PipelineRuns.ActionRun action(String name, String status, Instant started, Optional<PipelineRuns.BuildLog> log,
            Optional<PipelineRuns.DeploymentRun> deployment, String error) {
        return new PipelineRuns.ActionRun(name, "", status, "", "", "https://console.example/" + name, error,
                Optional.ofNullable(started), log, deployment);
    }

    @Test
    void execution_midDeploy_mapsEachStageToItsCell() {
        PipelineRuns.Execution e = new PipelineRuns.Execution("demo-pipeline", "exec-1", "InProgress", "", "Webhook",
                Optional.empty(), List.of(
                        new PipelineRuns.StageRun("Source", "Succeeded", List.of(action("Source", "Succeeded", T0,
                                Optional.empty(), Optional.empty(), ""))),
                        new PipelineRuns.StageRun("Build", "Succeeded", List.of(action("Build", "Succeeded",
                                T0.plusSeconds(10), Optional.of(new PipelineRuns.BuildLog("https://logs.example/build",
                                        "/cairn/demo/build", "s", "COMPLETED")), Optional.empty(), ""))),
                        new PipelineRuns.StageRun("Deploy", "InProgress", List.of(action("Deploy", "InProgress",
                                T0.plusSeconds(90), Optional.empty(), Optional.of(new PipelineRuns.DeploymentRun("d-ABC",
                                        "InProgress", "", List.of(), List.of())), "")))));

        ReleaseViewModel.Execution out = AppReleaseSource.execution(e);

        assertThat(out.id()).isEqualTo("exec-1");
        assertThat(out.started()).isEqualTo(T0);
        assertThat(out.actions()).extracting(ReleaseViewModel.Action::stage).containsExactly("Source", "Build", "Deploy");
        assertThat(out.actions().get(1).logUrl()).isEqualTo("https://logs.example/build");
        assertThat(out.actions().get(2).logUrl()).isEqualTo("https://console.example/Deploy");
        assertThat(out.actions().get(2).summary()).isEqualTo("d-ABC · InProgress");
        assertThat(StageState.of(out.actions().get(2).status())).isEqualTo(StageState.IN_PROGRESS);
    }

    @Test
    void execution_whenAStageIsNotReached_leavesItNotRun() {
        PipelineRuns.Execution e = new PipelineRuns.Execution("p", "exec-2", "Failed", "", "", Optional.empty(), List.of(
                new PipelineRuns.StageRun("Source", "Failed", List.of(action("Source", "Failed", T0, Optional.empty(),
                        Optional.empty(), "connection is not available"))),
                new PipelineRuns.StageRun("Build", PipelineRuns.NOT_STARTED, List.of(action("Build",
                        PipelineRuns.NOT_STARTED, null, Optional.empty(), Optional.empty(), "")))));

        ReleaseViewModel.Execution out = AppReleaseSource.execution(e);

        assertThat(out.actions().get(0).summary()).isEqualTo("connection is not available");
        assertThat(StageState.of(out.actions().get(1).status())).isEqualTo(StageState.NOT_RUN);
    }
}
