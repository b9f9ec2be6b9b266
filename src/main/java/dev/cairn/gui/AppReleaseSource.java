package dev.cairn.gui;

import dev.cairn.app.ConnectionStatus;
import dev.cairn.app.PipelineLive;
import dev.cairn.app.PipelineRuns;
import dev.cairn.app.PipelineSandbox;
import dev.cairn.app.SandboxControl;
import dev.cairn.app.Target;
import dev.cairn.model.Address;
import dev.cairn.model.StackState;
import dev.cairn.topology.TaskSetLive;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The release strip's reads and actions through the app ({@link PipelineLive},
 * {@link PipelineRuns}, {@link ConnectionStatus}, and the Sandbox's control API through
 * {@link SandboxPipeline}), on the chosen target. Every method blocks: the
 * {@link ReleaseViewModel} calls them on background tasks.
 */
final class AppReleaseSource implements ReleaseViewModel.Source {

    private final Targets targets;

    AppReleaseSource(Targets targets) {
        this.targets = targets;
    }

    @Override
    public boolean watches(StackState state) {
        return PipelineLive.built(state);
    }

    @Override
    public ReleaseViewModel.Snapshot read(TargetChoice target, StackState state) {
        PipelineLive.Live live = PipelineLive.read(targets.open(target), state);
        ReleaseViewModel.Connection connection = live.connection()
                .map(c -> new ReleaseViewModel.Connection(c.name(), c.status(), c.consoleUrl())).orElse(null);
        ReleaseViewModel.Execution execution = live.execution().map(AppReleaseSource::execution).orElse(null);
        Map<Address, List<TaskSetLive>> sets = live.service() == null || live.taskSets().isEmpty() ? Map.of()
                : Map.of(live.service(), live.taskSets().stream().map(t -> new TaskSetLive(t.label(), "",
                        (int) t.running(), (int) t.desired(), t.trafficWeight())).toList());
        return new ReleaseViewModel.Snapshot(connection, execution, sets);
    }

    /** Each stage's first action, as this execution ran it (a stage it has not reached: not run). */
    static ReleaseViewModel.Execution execution(PipelineRuns.Execution e) {
        List<ReleaseViewModel.Action> actions = new ArrayList<>();
        java.time.Instant started = null;
        for (PipelineRuns.StageRun s : e.stages()) {
            for (PipelineRuns.ActionRun a : s.actions()) {
                String status = PipelineRuns.NOT_STARTED.equals(a.status()) ? null : a.status();
                String log = a.log().map(PipelineRuns.BuildLog::url).filter(u -> !u.isEmpty())
                        .orElse(a.externalUrl().isEmpty() ? null : a.externalUrl());
                String summary = a.deployment().map(d -> d.id() + " · " + d.status()).orElse(
                        a.error().isEmpty() ? (a.summary().isEmpty() ? null : a.summary()) : a.error());
                actions.add(new ReleaseViewModel.Action(s.name(), status, e.id(), a.started().orElse(null), log, summary));
                if (started == null && a.started().isPresent()) {
                    started = a.started().get();
                }
                break;
            }
        }
        return new ReleaseViewModel.Execution(e.id(), e.status(), started, actions);
    }

    @Override
    public String release(TargetChoice target, StackState state) {
        return PipelineLive.release(targets.open(target), state);
    }

    @Override
    public void completeHandshake(TargetChoice target, StackState state) {
        PipelineSandbox.connect(new SandboxControl(endpoint(targets.open(target))), state.stack(), null);
    }

    @Override
    public String commitChange(TargetChoice target, StackState state) {
        Map.Entry<String, String> source = PipelineLive.source(state).orElseThrow(() -> new IllegalStateException(
                "stack " + state.stack() + " has no pipeline yet: apply the Pipeline step first"));
        return PipelineSandbox.commitNextVersion(new SandboxControl(endpoint(targets.open(target))), source.getKey(),
                source.getValue(), state.stack(), null).path("head").path("id").asText("");
    }

    private static URI endpoint(Target target) {
        return target.endpointUrl().orElseThrow(() -> new IllegalStateException(
                "only the Sandbox has a GitHub stand-in; in AWS push to the repository instead"));
    }
}
