package dev.cairn.app;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentTarget;
import software.amazon.awssdk.services.codedeploy.model.ECSTarget;
import software.amazon.awssdk.services.codedeploy.model.ECSTaskSet;
import software.amazon.awssdk.services.codedeploy.model.LifecycleEvent;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionResult;
import software.amazon.awssdk.services.codepipeline.model.ActionState;
import software.amazon.awssdk.services.codepipeline.model.ArtifactRevision;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecution;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.codepipeline.model.StageState;

/**
 * A pipeline's executions as a person watches them — the console's "Release change" and its
 * Source → Build → Deploy strip — shared by {@code cairn pipeline release} and the desktop app's
 * Pipeline page. Every answer is read from CodePipeline (and, for the actions it runs, CodeBuild
 * and CodeDeploy) at the moment of the call; nothing is kept between calls, so any number of
 * watchers may follow the same execution.
 *
 * <p>What an execution is made of: {@code GetPipelineExecution} gives its status and source
 * revision; {@code GetPipelineState} gives the stages and actions in the pipeline's order (so a
 * stage not reached yet is still listed, as {@link #NOT_STARTED}); {@code ListActionExecutions}
 * filtered by the execution gives each action's run of <em>this</em> execution (GetPipelineState
 * alone shows the latest run of each action, which may belong to a newer execution). For the
 * Build action the CodeBuild build's log link ({@code BatchGetBuilds}); for the Deploy action the
 * CodeDeploy deployment ({@code GetDeployment}) and its ECS target's lifecycle events and task
 * sets with their traffic weights ({@code ListDeploymentTargets}, {@code GetDeploymentTarget}):
 * what blue → green looks like while it happens.
 *
 * <p>Thread-safe (the SDK clients are); {@link #follow} blocks its caller, so a face runs it on a
 * background task and cancels it with the {@link CancellationToken}.
 */
public final class PipelineRuns {

    /**
     * Between two reads while following: the CodePipeline console refreshes about this often, and
     * each read is three to six calls, well inside CodePipeline's request rates.
     */
    public static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(5);

    /** The word for a stage or action this execution has not reached (CodePipeline shows no status). */
    public static final String NOT_STARTED = "NotStarted";

    /** An execution's words ({@code PipelineExecutionStatus}) that mean it is over. */
    public static final Set<String> FINISHED = Set.of("Succeeded", "Failed", "Stopped", "Superseded", "Cancelled");

    /** Action providers whose runs this class explains further. */
    static final String BUILD_PROVIDER = "CodeBuild";
    static final String DEPLOY_PROVIDER = "CodeDeployToECS";

    private final AwsClients clients;
    private final String region;
    private final Sleeper sleeper;
    private final Duration interval;

    /** Reads through {@code clients} in {@code region}, following at {@link #FOLLOW_INTERVAL}. */
    public PipelineRuns(AwsClients clients, String region) {
        this(clients, region, Sleeper.REAL, FOLLOW_INTERVAL);
    }

    /** As above, with the pause between reads while following (a Sandbox scaled in time, a test). */
    public PipelineRuns(AwsClients clients, String region, Sleeper sleeper, Duration interval) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.region = Objects.requireNonNull(region, "region");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** Told every time a followed execution reads differently from the last time (and once at the start). */
    @FunctionalInterface
    public interface Listener {
        void changed(Execution execution);

        Listener NONE = execution -> {};
    }

    /**
     * One execution as it stands.
     *
     * @param pipeline the pipeline's name
     * @param id the execution's ID
     * @param status CodePipeline's word: {@code InProgress}, {@code Stopping}, {@code Stopped},
     *     {@code Succeeded}, {@code Superseded}, {@code Failed}, {@code Cancelled}
     * @param statusSummary why it failed or stopped, as CodePipeline says it; empty otherwise
     * @param trigger what started it ({@code StartPipelineExecution}, {@code Webhook}, …) and its detail
     * @param revision the source commit it builds (ID and message), when the source action has run
     * @param stages every stage of the pipeline, in order
     */
    public record Execution(String pipeline, String id, String status, String statusSummary, String trigger,
            Optional<Revision> revision, List<StageRun> stages) {
        public Execution {
            stages = List.copyOf(stages);
        }

        /** Whether it is over (whatever the outcome). */
        public boolean finished() {
            return FINISHED.contains(status);
        }

        public boolean succeeded() {
            return "Succeeded".equals(status);
        }

        /** The stage of that name, if the pipeline has one. */
        public Optional<StageRun> stage(String name) {
            return stages.stream().filter(s -> s.name().equals(name)).findFirst();
        }
    }

    /** The commit an execution builds: its ID and message, and a URL where the host has one. */
    public record Revision(String id, String summary, String url) {}

    /**
     * A stage's part in one execution.
     *
     * @param status {@code InProgress}, {@code Succeeded}, {@code Failed}, {@code Stopped},
     *     {@code Cancelled}, or {@link #NOT_STARTED} when this execution has not reached it
     */
    public record StageRun(String name, String status, List<ActionRun> actions) {
        public StageRun {
            actions = List.copyOf(actions);
        }
    }

    /**
     * An action's run in one execution.
     *
     * @param provider the action type's provider ({@code CodeStarSourceConnection}, {@code CodeBuild}, {@code CodeDeployToECS})
     * @param status {@code InProgress}, {@code Succeeded}, {@code Failed}, {@code Abandoned}, or {@link #NOT_STARTED}
     * @param summary the external execution's summary (the commit message, the build's phase, …), or empty
     * @param externalId the build's ID, the deployment's ID, the commit, or empty
     * @param externalUrl where the console shows that external execution, or empty
     * @param error CodePipeline's error message when it failed, or empty
     * @param started when it started, when it has
     * @param log the CodeBuild build's log, for a Build action that has started
     * @param deployment the CodeDeploy deployment, for a Deploy action that has started one
     */
    public record ActionRun(String name, String provider, String status, String summary, String externalId, String externalUrl,
            String error, Optional<Instant> started, Optional<BuildLog> log, Optional<DeploymentRun> deployment) {}

    /**
     * Where a build's log is.
     *
     * @param url the CloudWatch Logs console's deep link (empty until CodeBuild names the stream)
     * @param group the log group, or empty
     * @param stream the log stream, or empty
     * @param phase the build's current phase ({@code PROVISIONING} … {@code COMPLETED})
     */
    public record BuildLog(String url, String group, String stream, String phase) {}

    /**
     * A blue/green deployment of the ECS service.
     *
     * @param id {@code d-…}
     * @param status CodeDeploy's word: {@code Created}, {@code Queued}, {@code InProgress},
     *     {@code Baking}, {@code Ready}, {@code Succeeded}, {@code Failed}, {@code Stopped}
     * @param error CodeDeploy's error message when it failed, or empty
     * @param events the lifecycle events in CodeDeploy's order (install, test traffic, reroute, wait, terminate)
     * @param taskSets the blue and green task sets with their share of production traffic
     */
    public record DeploymentRun(String id, String status, String error, List<LifecycleStep> events, List<TaskSetWeight> taskSets) {
        public DeploymentRun {
            events = List.copyOf(events);
            taskSets = List.copyOf(taskSets);
        }
    }

    /** One lifecycle event of an ECS deployment ({@code BeforeInstall} … {@code AfterAllowTraffic}) and its status. */
    public record LifecycleStep(String name, String status) {}

    /**
     * One task set of a deployment.
     *
     * @param label {@code BLUE} (the original) or {@code GREEN} (the replacement)
     * @param trafficWeight percent of production traffic it gets
     * @param targetGroup the target group's name
     */
    public record TaskSetWeight(String label, String taskSetId, double trafficWeight, long running, long desired,
            String status, String targetGroup) {}

    /**
     * The newest execution, whatever its state.
     *
     * @param started when it started
     * @param updated when CodePipeline last changed it
     */
    public record Summary(String id, String status, String statusSummary, String trigger, Optional<Revision> revision,
            Instant started, Instant updated) {
        /** {@code <id>:<status>}, the form of the pipeline kind's {@code lastExecution} attribute. */
        public String attribute() {
            return id + ":" + status;
        }
    }

    /**
     * Starts an execution of the pipeline's latest source revision (StartPipelineExecution, the
     * console's "Release change") and answers its ID. With a pipeline in {@code QUEUED} mode it
     * waits its turn behind one in progress.
     */
    public String start(String pipeline) {
        return clients.codePipeline(region).startPipelineExecution(r -> r.name(pipeline)
                .clientRequestToken(UUID.randomUUID().toString())).pipelineExecutionId();
    }

    /** The newest execution's summary, or empty before the first (ListPipelineExecutions, newest first). */
    public Optional<Summary> latest(String pipeline) {
        return clients.codePipeline(region).listPipelineExecutions(r -> r.pipelineName(pipeline).maxResults(1))
                .pipelineExecutionSummaries().stream()
                .max(Comparator.comparing(PipelineExecutionSummary::startTime, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(PipelineRuns::summary);
    }

    /** Reads one execution as it stands now. */
    public Execution read(String pipeline, String executionId) {
        CodePipelineClient cp = clients.codePipeline(region);
        PipelineExecution e = cp.getPipelineExecution(r -> r.pipelineName(pipeline).pipelineExecutionId(executionId))
                .pipelineExecution();
        List<StageState> stages = cp.getPipelineState(r -> r.name(pipeline)).stageStates();
        Map<String, ActionExecutionDetail> runs = new LinkedHashMap<>();
        cp.listActionExecutionsPaginator(r -> r.pipelineName(pipeline).filter(f -> f.pipelineExecutionId(executionId)))
                .actionExecutionDetails().forEach(d -> {
                    // Newest first: a retried stage's later attempt wins.
                    runs.merge(d.stageName() + "/" + d.actionName(), d, (a, b) -> newer(a, b));
                });
        List<StageRun> stageRuns = new ArrayList<>();
        for (StageState stage : stages) {
            List<ActionRun> actions = new ArrayList<>();
            for (ActionState action : stage.actionStates()) {
                actions.add(action(runs.get(stage.stageName() + "/" + action.actionName()), action));
            }
            stageRuns.add(new StageRun(stage.stageName(), stageStatus(stage, executionId, actions), actions));
        }
        String trigger = e.trigger() == null ? "" : join(e.trigger().triggerTypeAsString(), e.trigger().triggerDetail());
        return new Execution(pipeline, executionId, e.statusAsString(), nz(e.statusSummary()), trigger,
                e.artifactRevisions().stream().findFirst().map(PipelineRuns::revision), stageRuns);
    }

    /**
     * Follows an execution until it is over: reads it every interval, tells {@code listener}
     * whenever it reads differently (and once at the start), and answers it as it ended.
     *
     * @throws CancellationException when {@code cancel} is cancelled (the execution goes on in AWS)
     */
    public Execution follow(String pipeline, String executionId, Listener listener, CancellationToken cancel) {
        Execution last = null;
        while (true) {
            if (cancel.isCancelled()) {
                throw new CancellationException("stopped following " + pipeline + " " + executionId);
            }
            Execution now = read(pipeline, executionId);
            if (!now.equals(last)) {
                listener.changed(now);
                last = now;
            }
            if (now.finished()) {
                return now;
            }
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while following " + pipeline + " " + executionId);
            }
        }
    }

    /** {@link #start} then {@link #follow}: the whole "Release change", answered as it ended. */
    public Execution release(String pipeline, Listener listener, CancellationToken cancel) {
        return follow(pipeline, start(pipeline), listener, cancel);
    }

    private ActionRun action(ActionExecutionDetail run, ActionState state) {
        if (run == null) {
            return new ActionRun(state.actionName(), "", NOT_STARTED, "", "", "", "", Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        String provider = run.input() == null || run.input().actionTypeId() == null ? "" : nz(run.input().actionTypeId().provider());
        ActionExecutionResult result = run.output() == null ? null : run.output().executionResult();
        String externalId = result == null ? "" : nz(result.externalExecutionId());
        String error = result != null && result.errorDetails() != null ? nz(result.errorDetails().message()) : "";
        if (error.isEmpty() && state.latestExecution() != null && state.latestExecution().errorDetails() != null
                && run.actionExecutionId().equals(state.latestExecution().actionExecutionId())) {
            error = nz(state.latestExecution().errorDetails().message());
        }
        if (externalId.isEmpty() && state.latestExecution() != null
                && run.actionExecutionId().equals(state.latestExecution().actionExecutionId())) {
            // While an action runs its result is not written yet; the state already names the build or deployment.
            externalId = nz(state.latestExecution().externalExecutionId());
        }
        String summary = result == null ? "" : nz(result.externalExecutionSummary());
        String url = result == null ? "" : nz(result.externalExecutionUrl());
        Optional<BuildLog> log = BUILD_PROVIDER.equals(provider) && !externalId.isEmpty() ? buildLog(externalId) : Optional.empty();
        Optional<DeploymentRun> deployment = DEPLOY_PROVIDER.equals(provider) && externalId.startsWith("d-")
                ? deployment(externalId) : Optional.empty();
        return new ActionRun(state.actionName(), provider, run.statusAsString(), summary, externalId, url, error,
                Optional.ofNullable(run.startTime()), log, deployment);
    }

    /** The build's log, or empty when CodeBuild no longer knows the build. */
    private Optional<BuildLog> buildLog(String buildId) {
        try {
            List<Build> builds = clients.codeBuild(region).batchGetBuilds(r -> r.ids(buildId)).builds();
            return builds.stream().findFirst().map(b -> b.logs() == null
                    ? new BuildLog("", "", "", nz(b.currentPhase()))
                    : new BuildLog(nz(b.logs().deepLink()), nz(b.logs().groupName()), nz(b.logs().streamName()), nz(b.currentPhase())));
        } catch (AwsServiceException e) {
            return Optional.empty();
        }
    }

    /** The deployment with its ECS target's events and task sets, or empty when CodeDeploy does not know it. */
    private Optional<DeploymentRun> deployment(String deploymentId) {
        CodeDeployClient cd = clients.codeDeploy(region);
        DeploymentInfo info;
        try {
            info = cd.getDeployment(r -> r.deploymentId(deploymentId)).deploymentInfo();
        } catch (AwsServiceException e) {
            return Optional.empty();
        }
        List<LifecycleStep> events = new ArrayList<>();
        List<TaskSetWeight> taskSets = new ArrayList<>();
        // An ECS deployment has one target, the service; it appears once the deployment starts.
        for (String targetId : cd.listDeploymentTargets(r -> r.deploymentId(deploymentId)).targetIds()) {
            DeploymentTarget target = cd.getDeploymentTarget(r -> r.deploymentId(deploymentId).targetId(targetId)).deploymentTarget();
            ECSTarget ecs = target.ecsTarget();
            if (ecs == null) {
                continue;
            }
            for (LifecycleEvent event : ecs.lifecycleEvents()) {
                events.add(new LifecycleStep(event.lifecycleEventName(), event.statusAsString()));
            }
            for (ECSTaskSet set : ecs.taskSetsInfo()) {
                taskSets.add(new TaskSetWeight(nz(set.taskSetLabelAsString()), nz(set.identifer()),
                        set.trafficWeight() == null ? 0 : set.trafficWeight(),
                        set.runningCount() == null ? 0 : set.runningCount(), set.desiredCount() == null ? 0 : set.desiredCount(),
                        nz(set.status()), set.targetGroup() == null ? "" : nz(set.targetGroup().name())));
            }
        }
        String error = info.errorInformation() == null ? "" : nz(info.errorInformation().message());
        return Optional.of(new DeploymentRun(deploymentId, info.statusAsString(), error, events, taskSets));
    }

    /**
     * A stage's part in this execution: the stage's own status when its latest execution is this
     * one; otherwise what its actions' runs of this execution say (a newer execution may already
     * have entered the stage), or {@link #NOT_STARTED}.
     */
    private static String stageStatus(StageState stage, String executionId, List<ActionRun> actions) {
        if (stage.latestExecution() != null && executionId.equals(stage.latestExecution().pipelineExecutionId())) {
            return stage.latestExecution().statusAsString();
        }
        if (actions.stream().allMatch(a -> NOT_STARTED.equals(a.status()))) {
            return NOT_STARTED;
        }
        if (actions.stream().anyMatch(a -> "Failed".equals(a.status()))) {
            return "Failed";
        }
        if (actions.stream().anyMatch(a -> "InProgress".equals(a.status()) || NOT_STARTED.equals(a.status()))) {
            return "InProgress";
        }
        if (actions.stream().anyMatch(a -> "Abandoned".equals(a.status()))) {
            return "Stopped";
        }
        return "Succeeded";
    }

    private static ActionExecutionDetail newer(ActionExecutionDetail a, ActionExecutionDetail b) {
        if (a.startTime() == null) {
            return b;
        }
        if (b.startTime() == null) {
            return a;
        }
        return b.startTime().isAfter(a.startTime()) ? b : a;
    }

    private static Summary summary(PipelineExecutionSummary s) {
        String trigger = s.trigger() == null ? "" : join(s.trigger().triggerTypeAsString(), s.trigger().triggerDetail());
        Optional<Revision> revision = s.sourceRevisions().stream().findFirst()
                .map(r -> new Revision(nz(r.revisionId()), nz(r.revisionSummary()), nz(r.revisionUrl())));
        return new Summary(s.pipelineExecutionId(), s.statusAsString(), nz(s.statusSummary()), trigger, revision,
                s.startTime(), s.lastUpdateTime());
    }

    private static Revision revision(ArtifactRevision r) {
        return new Revision(nz(r.revisionId()), nz(r.revisionSummary()), nz(r.revisionUrl()));
    }

    private static String join(String type, String detail) {
        return detail == null || detail.isBlank() ? nz(type) : nz(type) + " " + detail;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
