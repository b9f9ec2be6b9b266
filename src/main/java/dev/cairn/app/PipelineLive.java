package dev.cairn.app;

import dev.cairn.model.Address;
import dev.cairn.model.AwsService;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the desktop app's Pipeline page shows live, read in one go off the FX thread: the GitHub
 * connection's status ({@link ConnectionStatus}), the pipeline's newest execution as
 * {@link PipelineRuns} reads it, and during a blue/green deployment the service's task sets with
 * their traffic weights (for the diagram). The state says which pipeline, connection and service;
 * AWS (or the Sandbox) says where they stand now.
 */
public final class PipelineLive {

    /** A deployment in one of these states is over: its original task set is gone or going, no weights to show. */
    static final Set<String> DEPLOYMENT_OVER = Set.of("Succeeded", "Failed", "Stopped");

    /**
     * @param connection the connection's status, or empty when the state holds none
     * @param execution the newest execution, or empty before the first (or without a pipeline)
     * @param service the ECS service the pipeline deploys (its address in the stack), or null
     * @param taskSets during a deployment, its blue and green task sets; else empty
     */
    public record Live(Optional<ConnectionStatus> connection, Optional<PipelineRuns.Execution> execution,
            Address service, List<PipelineRuns.TaskSetWeight> taskSets) {

        public Live {
            taskSets = List.copyOf(taskSets);
        }
    }

    private PipelineLive() {}

    /** The stack's pipeline as the state records it: created, with its name. */
    public static Optional<ResourceRecord> pipeline(StackState state) {
        if (state == null) {
            return Optional.empty();
        }
        return state.resources().values().stream()
                .filter(r -> r.spec().kind().service() == AwsService.CODEPIPELINE)
                .filter(r -> r.status() == ItemStatus.READY && r.physicalId() != null && !r.physicalId().isEmpty())
                .min(Comparator.comparing(r -> r.address().value()));
    }

    /** Whether the state holds something to watch: the pipeline or its connection. */
    public static boolean built(StackState state) {
        return state != null && (pipeline(state).isPresent() || ConnectionStatus.connection(state).isPresent());
    }

    /** Reads the connection, the newest execution and its deployment's task sets through {@code target}. */
    public static Live read(Target target, StackState state) {
        Optional<ConnectionStatus> connection = ConnectionStatus.read(target, state);
        Optional<ResourceRecord> pipeline = pipeline(state);
        if (pipeline.isEmpty()) {
            return new Live(connection, Optional.empty(), null, List.of());
        }
        ResourceRecord p = pipeline.get();
        PipelineRuns runs = new PipelineRuns(target.clients(), p.spec().region());
        Optional<PipelineRuns.Execution> execution = runs.latest(p.physicalId())
                .map(latest -> runs.read(p.physicalId(), latest.id()));
        Address service = service(state, p);
        List<PipelineRuns.TaskSetWeight> sets = execution.flatMap(PipelineLive::deploymentUnderway)
                .map(PipelineRuns.DeploymentRun::taskSets).orElse(List.of());
        return new Live(connection, execution, service, sets);
    }

    /** Starts an execution of the stack's pipeline (the console's "Release change"); its ID. */
    public static String release(Target target, StackState state) {
        ResourceRecord p = pipeline(state).orElseThrow(() -> new IllegalStateException(
                "stack " + state.stack() + " has no pipeline yet: apply the Pipeline step first"));
        return new PipelineRuns(target.clients(), p.spec().region()).start(p.physicalId());
    }

    /** The repository ({@code owner/name}) and branch the stack's pipeline builds from, as its spec says. */
    public static Optional<Map.Entry<String, String>> source(StackState state) {
        return pipeline(state).map(p -> Map.entry(p.spec().property("repository"),
                Optional.ofNullable(p.spec().property("branch")).orElse("main")));
    }

    /** The deployment of the execution's deploy action, while it is not over. */
    private static Optional<PipelineRuns.DeploymentRun> deploymentUnderway(PipelineRuns.Execution e) {
        return e.stages().stream().flatMap(s -> s.actions().stream())
                .flatMap(a -> a.deployment().stream())
                .filter(d -> !DEPLOYMENT_OVER.contains(d.status()))
                .findFirst();
    }

    /** The service the pipeline's deployment group deploys: its {@code deploymentGroup} ref's {@code service} ref. */
    private static Address service(StackState state, ResourceRecord pipeline) {
        Address group = pipeline.spec().refs().get("deploymentGroup");
        ResourceRecord g = group == null ? null : state.resources().get(group);
        return g == null ? null : g.spec().refs().get("service");
    }
}
