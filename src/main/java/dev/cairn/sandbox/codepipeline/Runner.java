package dev.cairn.sandbox.codepipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.codebuild.PipelineBuilds;
import dev.cairn.sandbox.codeconnections.Connections;
import dev.cairn.sandbox.codedeploy.CodeDeployments;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.ActionRun;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.Artifact;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.Execution;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.Pipeline;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.Revision;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.StageRun;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.ecs.EcsDeployments;
import dev.cairn.sandbox.git.SandboxRepositories;
import dev.cairn.sandbox.s3.S3Artifacts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs pipeline executions on the Sandbox's clock: stages in order, actions by run order, each
 * action through the service that does its work — a {@code CodeStarSourceConnection} source
 * (the connection's status, the local repository's commit zipped into the artifact bucket), a
 * {@code CodeBuild} build ({@link PipelineBuilds}), a {@code CodeDeployToECS} deploy (the task
 * definition registered with the build's image, a CodeDeploy blue/green deployment followed to its
 * end). Also the push watcher: a new head on a watched branch starts an execution.
 *
 * <p>Pure rules over the store's objects and the peers, so tests drive it with fakes.
 */
final class Runner {
    /** A source action fetching a small repository through a connection: about five seconds in AWS. */
    static final Duration SOURCE_FETCH = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The other services an execution's actions use; empty when the Sandbox does not serve them. */
    record Peers(Optional<Connections> connections, Optional<SandboxRepositories> repositories,
                 Optional<S3Artifacts> s3, Optional<PipelineBuilds> builds, Optional<CodeDeployments> deployments,
                 Optional<EcsDeployments> ecs) {
    }

    private final Timing timing;
    private final long now;
    private final Random random;
    private final Peers peers;
    private final String region;
    private final String account;

    Runner(Timing timing, long now, Random random, Peers peers, String account, String region) {
        this.timing = timing;
        this.now = now;
        this.random = random;
        this.peers = peers;
        this.account = account;
        this.region = region;
    }

    static boolean done(Execution e) {
        return List.of("Succeeded", "Failed", "Stopped", "Superseded", "Cancelled").contains(e.status);
    }

    /** A new execution of the pipeline's current declaration (not yet in any stage). */
    Execution start(Pipeline p, List<Execution> executions, String triggerType, String triggerDetail,
            Map<String, String> variables, List<Revision> revisions) {
        Execution e = new Execution();
        e.id = UUID.randomUUID().toString();
        e.pipelineName = p.id;
        e.pipelineVersion = p.version;
        e.declaration = p.declaration.deepCopy();
        e.executionMode = p.declaration.path("executionMode").asText("SUPERSEDED");
        e.startTime = now;
        e.lastUpdateTime = now;
        e.triggerType = triggerType;
        e.triggerDetail = triggerDetail;
        for (JsonNode v : p.declaration.path("variables")) {
            e.variables.put(v.path("name").asText(), v.path("defaultValue").asText(""));
        }
        e.variables.putAll(variables);
        e.sourceRevisions.addAll(revisions);
        for (JsonNode s : Pipelines.stages(e.declaration)) {
            StageRun stage = new StageRun();
            stage.name = s.path("name").asText();
            e.stages.add(stage);
        }
        executions.add(e);
        return e;
    }

    /**
     * Moves every execution of a pipeline as far as the clock, its peers and the execution mode allow.
     *
     * @return whether anything changed
     */
    boolean advance(List<Execution> executions) {
        boolean changed = false;
        for (int guard = 0; guard < 64; guard++) {
            boolean any = false;
            for (Execution e : executions) {
                if (!done(e)) {
                    any |= step(e, executions);
                }
            }
            if (!any) {
                break;
            }
            changed = true;
        }
        return changed;
    }

    private static int currentStage(Execution e) {
        for (int i = 0; i < e.stages.size(); i++) {
            if (!"Succeeded".equals(e.stages.get(i).status)) {
                return i;
            }
        }
        return e.stages.size();
    }

    /** One transition of one execution; false when it must wait. */
    private boolean step(Execution e, List<Execution> all) {
        int index = currentStage(e);
        if (e.stopRequested) {
            return stopStep(e, index);
        }
        if (index >= e.stages.size()) {
            finish(e, "Succeeded", null);
            return true;
        }
        StageRun stage = e.stages.get(index);
        JsonNode declared = Pipelines.stages(e.declaration).get(index);
        if (stage.status == null) {
            if (blocked(e, index, all)) {
                return false;
            }
            stage.status = "InProgress";
            for (JsonNode a : declared.path("actions")) {
                ActionRun run = new ActionRun();
                run.stageName = stage.name;
                run.actionName = a.path("name").asText();
                stage.actions.add(run);
            }
            e.lastUpdateTime = now;
            return true;
        }
        if (!stage.status.equals("InProgress")) {
            return false;
        }
        // The lowest run order not yet succeeded runs now; a failure there fails the stage once its group settles.
        int order = Integer.MAX_VALUE;
        for (int i = 0; i < stage.actions.size(); i++) {
            if (!"Succeeded".equals(stage.actions.get(i).status)) {
                order = Math.min(order, declared.path("actions").get(i).path("runOrder").asInt(1));
            }
        }
        if (order == Integer.MAX_VALUE) {
            stage.status = "Succeeded";
            e.lastUpdateTime = now;
            return true;
        }
        boolean changed = false;
        boolean running = false;
        ActionRun failed = null;
        for (int i = 0; i < stage.actions.size(); i++) {
            JsonNode a = declared.path("actions").get(i);
            if (a.path("runOrder").asInt(1) != order) {
                continue;
            }
            ActionRun run = stage.actions.get(i);
            if (run.status == null) {
                begin(e, a, run);
                changed = true;
            } else if (run.status.equals("InProgress")) {
                changed |= poll(e, a, run);
            }
            if ("InProgress".equals(run.status)) {
                running = true;
            } else if ("Failed".equals(run.status)) {
                failed = run;
            }
        }
        if (!running && failed != null) {
            stage.status = "Failed";
            finish(e, "Failed", failed.errorMessage);
            return true;
        }
        return changed;
    }

    /** Whether an older execution holds or waits for this stage (QUEUED and SUPERSEDED keep one execution a stage). */
    private boolean blocked(Execution e, int index, List<Execution> all) {
        if ("PARALLEL".equals(e.executionMode)) {
            return false;
        }
        for (Execution other : all) {
            if (other == e) {
                break;
            }
            if (done(other)) {
                continue;
            }
            int at = currentStage(other);
            if (at > index) {
                continue;
            }
            if ("SUPERSEDED".equals(e.executionMode) && at == index && other.stages.get(at).status == null) {
                // An older execution waiting at the same boundary is superseded by the newer one.
                finish(other, "Superseded", "Superseded by execution " + e.id);
                continue;
            }
            return true;
        }
        return false;
    }

    private void finish(Execution e, String status, String summary) {
        e.status = status;
        e.statusSummary = summary;
        e.lastUpdateTime = now;
    }

    private boolean stopStep(Execution e, int index) {
        boolean changed = !e.abandon && pollStopping(e);
        boolean running = false;
        for (StageRun s : e.stages) {
            for (ActionRun a : s.actions) {
                if ("InProgress".equals(a.status)) {
                    if (e.abandon) {
                        abandonAction(a);
                    } else {
                        running = true;
                    }
                }
            }
        }
        if (running) {
            if (!e.status.equals("Stopping")) {
                e.status = "Stopping";
                e.lastUpdateTime = now;
                if (index < e.stages.size()) {
                    e.stages.get(index).status = "Stopping";
                }
                return true;
            }
            return changed;
        }
        if (index < e.stages.size() && e.stages.get(index).status != null) {
            e.stages.get(index).status = "Stopped";
        }
        finish(e, "Stopped", e.stopReason);
        return true;
    }

    private void abandonAction(ActionRun a) {
        if (a.externalExecutionId != null && a.externalExecutionId.startsWith("d-")) {
            peers.deployments().ifPresent(d -> d.stop(a.externalExecutionId));
        }
        a.status = "Abandoned";
        a.lastUpdateTime = now;
    }

    /** Polls an action of a stopping execution too: it finishes what it does, then the execution stops. */
    boolean pollStopping(Execution e) {
        boolean changed = false;
        for (int s = 0; s < e.stages.size(); s++) {
            JsonNode declared = Pipelines.stages(e.declaration).get(s);
            StageRun stage = e.stages.get(s);
            for (int i = 0; i < stage.actions.size(); i++) {
                if ("InProgress".equals(stage.actions.get(i).status)) {
                    changed |= poll(e, declared.path("actions").get(i), stage.actions.get(i));
                }
            }
        }
        return changed;
    }

    // ------------------------------------------------------------------ actions

    private void begin(Execution e, JsonNode action, ActionRun run) {
        run.actionExecutionId = UUID.randomUUID().toString();
        run.status = "InProgress";
        run.startTime = now;
        run.lastUpdateTime = now;
        e.lastUpdateTime = now;
        String provider = action.path("actionTypeId").path("provider").asText();
        try {
            switch (provider) {
                case "CodeStarSourceConnection" -> beginSource(e, action, run);
                case "CodeBuild" -> beginBuild(e, action, run);
                case "CodeDeployToECS" -> beginDeploy(e, action, run);
                default -> throw new ActionFailure("JobFailed", "The Sandbox does not run " + provider
                        + " actions: it runs CodeStarSourceConnection sources, CodeBuild builds and CodeDeployToECS "
                        + "deploys.");
            }
        } catch (ActionFailure f) {
            fail(run, f.code, f.getMessage());
        } catch (AwsException x) {
            fail(run, "JobFailed", x.code() + ": " + x.getMessage());
        }
    }

    private boolean poll(Execution e, JsonNode action, ActionRun run) {
        String provider = action.path("actionTypeId").path("provider").asText();
        try {
            return switch (provider) {
                case "CodeStarSourceConnection" -> {
                    if (now < run.dueAt) {
                        yield false;
                    }
                    succeed(run);
                    yield true;
                }
                case "CodeBuild" -> pollBuild(run);
                case "CodeDeployToECS" -> pollDeploy(run);
                default -> false;
            };
        } catch (ActionFailure f) {
            fail(run, f.code, f.getMessage());
            return true;
        } catch (AwsException x) {
            fail(run, "JobFailed", x.code() + ": " + x.getMessage());
            return true;
        }
    }

    private void fail(ActionRun run, String code, String message) {
        run.status = "Failed";
        run.errorCode = code;
        run.errorMessage = message;
        run.summary = null;
        run.lastUpdateTime = now;
    }

    private void succeed(ActionRun run) {
        run.status = "Succeeded";
        run.lastUpdateTime = now;
        run.percentComplete = null;
    }

    private void beginSource(Execution e, JsonNode action, ActionRun run) {
        JsonNode c = action.path("configuration");
        String connection = c.path("ConnectionArn").asText();
        String repository = c.path("FullRepositoryId").asText();
        String branch = c.path("BranchName").asText();
        Connections connections = peers.connections().orElseThrow(() -> new ActionFailure("JobFailed",
                "CodeConnections is not served by this Sandbox."));
        Optional<String> status = connections.status(connection);
        if (status.isEmpty()) {
            throw new ActionFailure("JobFailed", "[GitHub] Unable to use Connection: " + connection
                    + ". The provided connection does not exist.");
        }
        if (!status.get().equals("AVAILABLE")) {
            throw new ActionFailure("JobFailed", "[GitHub] Unable to use Connection: " + connection
                    + ". The provided connection is in " + status.get() + " state, not AVAILABLE. Complete the "
                    + "connection's handshake in the console first.");
        }
        SandboxRepositories repos = peers.repositories().orElseThrow(() -> new ActionFailure("JobFailed",
                "The Sandbox's repositories are not served."));
        Revision revision = e.sourceRevisions.stream().filter(r -> r.actionName.equals(run.actionName)).findFirst()
                .orElse(null);
        if (revision == null) {
            SandboxRepositories.Commit head = repos.head(repository, branch).orElseThrow(() -> new ActionFailure(
                    "JobFailed", "[GitHub] The branch " + branch + " of the repository " + repository
                            + " was not found: check that the repository exists and the branch has a commit."));
            revision = revision(run.actionName, repository, head);
            e.sourceRevisions.add(revision);
        }
        byte[] zip;
        try {
            zip = repos.zip(repository, revision.revisionId);
        } catch (IllegalArgumentException x) {
            throw new ActionFailure("JobFailed", "[GitHub] The commit " + revision.revisionId
                    + " was not found in " + repository + ".");
        }
        S3Artifacts s3 = peers.s3().orElseThrow(() -> new ActionFailure("JobFailed", "S3 is not served by this "
                + "Sandbox."));
        for (JsonNode out : action.path("outputArtifacts")) {
            Artifact artifact = artifact(e, out.path("name").asText());
            try {
                s3.put(artifact.bucket, artifact.key, zip);
            } catch (AwsException x) {
                throw new ActionFailure("JobFailed", "Unable to upload the artifact " + artifact.name
                        + " to the artifact store: " + x.code() + ": " + x.getMessage());
            }
            e.artifacts.put(artifact.name, artifact);
            run.outputArtifacts.add(artifact);
        }
        run.summary = revision.summary;
        run.externalExecutionId = revision.revisionId;
        run.externalExecutionUrl = revision.url;
        run.outputVariables.put("CommitId", revision.revisionId);
        run.outputVariables.put("CommitMessage", revision.summary);
        run.outputVariables.put("BranchName", branch);
        run.outputVariables.put("FullRepositoryName", repository);
        run.outputVariables.put("ConnectionArn", connection);
        run.dueAt = now + timing.scaledMillis(SOURCE_FETCH);
    }

    /** A commit as a source revision: its ID, its message as the summary, its GitHub-like URL. */
    static Revision revision(String actionName, String repository, SandboxRepositories.Commit commit) {
        Revision r = new Revision();
        r.actionName = actionName;
        r.revisionId = commit.id();
        r.summary = commit.message();
        r.url = "https://github.com/" + repository + "/commit/" + commit.id();
        return r;
    }

    /** Where an output artifact goes: {@code <pipeline, 20 chars>/<artifact, 10 chars>/<7 random>}, as AWS keys them. */
    private Artifact artifact(Execution e, String name) {
        String bucket = e.declaration.path("artifactStore").path("location").asText();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        Artifact a = new Artifact();
        a.name = name;
        a.bucket = bucket;
        a.key = cut(e.pipelineName, 20) + "/" + cut(name, 10) + "/" + suffix;
        return a;
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    private Artifact input(Execution e, JsonNode action, ActionRun run, String name) {
        Artifact a = e.artifacts.get(name);
        if (a == null) {
            throw new ActionFailure("JobFailed", "The input artifact " + name + " was not produced by this execution.");
        }
        if (run.inputArtifacts.stream().noneMatch(x -> x.name.equals(name))) {
            run.inputArtifacts.add(a);
        }
        return a;
    }

    private void beginBuild(Execution e, JsonNode action, ActionRun run) {
        String project = action.path("configuration").path("ProjectName").asText();
        JsonNode inputs = action.path("inputArtifacts");
        if (inputs.isEmpty()) {
            throw new ActionFailure("JobFailed", "A CodeBuild action needs an input artifact.");
        }
        String primary = action.path("configuration").path("PrimarySource").asText(inputs.get(0).path("name").asText());
        Artifact source = input(e, action, run, primary);
        String commit = e.sourceRevisions.isEmpty() ? "" : e.sourceRevisions.get(0).revisionId;
        PipelineBuilds builds = peers.builds().orElseThrow(() -> new ActionFailure("JobFailed",
                "CodeBuild is not served by this Sandbox."));
        JsonNode outputs = action.path("outputArtifacts");
        Artifact out = outputs.isEmpty() ? null : artifact(e, outputs.get(0).path("name").asText());
        String buildId;
        try {
            buildId = builds.start(project, source.bucket, source.key, commit, out == null ? null : out.bucket,
                    out == null ? null : out.key);
        } catch (AwsException x) {
            throw new ActionFailure("JobFailed", "Error calling startBuild: " + x.getMessage() + " (Service: "
                    + "AWSCodeBuild; Status Code: 400; Error Code: " + x.code() + ")");
        }
        if (out != null) {
            e.artifacts.put(out.name, out);
            run.outputArtifacts.add(out);
        }
        run.externalExecutionId = buildId;
        run.externalExecutionUrl = "https://console.aws.amazon.com/codesuite/codebuild/projects/" + project
                + "/build/" + buildId + "/log?region=" + region;
    }

    private boolean pollBuild(ActionRun run) {
        PipelineBuilds builds = peers.builds().orElseThrow(() -> new ActionFailure("JobFailed",
                "CodeBuild is not served by this Sandbox."));
        PipelineBuilds.BuildState state = builds.state(run.externalExecutionId).orElseThrow(() -> new ActionFailure(
                "JobFailed", "The build " + run.externalExecutionId + " no longer exists."));
        switch (state.status()) {
            case "SUCCEEDED" -> {
                succeed(run);
                run.summary = "Build " + state.id() + " succeeded";
                return true;
            }
            case "IN_PROGRESS" -> {
                return false;
            }
            default -> {
                fail(run, "JobFailed", "Build terminated with state: " + state.status()
                        + (state.currentPhase() == null ? "" : ". Phase: " + state.currentPhase())
                        + state.failure().map(f -> ". " + f).orElse(""));
                return true;
            }
        }
    }

    private void beginDeploy(Execution e, JsonNode action, ActionRun run) {
        JsonNode c = action.path("configuration");
        String taskDefArtifact = c.path("TaskDefinitionTemplateArtifact").asText();
        String appSpecArtifact = c.path("AppSpecTemplateArtifact").asText();
        String taskDefPath = c.path("TaskDefinitionTemplatePath").asText("taskdef.json");
        String appSpecPath = c.path("AppSpecTemplatePath").asText("appspec.yaml");
        Map<String, byte[]> taskDefFiles = unzip(read(e, action, run, taskDefArtifact), taskDefArtifact);
        Map<String, byte[]> appSpecFiles = unzip(read(e, action, run, appSpecArtifact), appSpecArtifact);
        byte[] taskDef = taskDefFiles.get(taskDefPath);
        if (taskDef == null) {
            throw new ActionFailure("JobFailed", "Exception while trying to read the task definition artifact file "
                    + "from: " + taskDefArtifact + ". The file " + taskDefPath + " was not found in the artifact.");
        }
        byte[] appSpec = appSpecFiles.get(appSpecPath);
        if (appSpec == null) {
            throw new ActionFailure("JobFailed", "Exception while trying to read the AppSpec artifact file from: "
                    + appSpecArtifact + ". The file " + appSpecPath + " was not found in the artifact.");
        }
        String taskDefText = new String(taskDef, StandardCharsets.UTF_8);
        for (int i = 1; i <= 4; i++) {
            String artifactName = c.path("Image" + i + "ArtifactName").asText("");
            if (artifactName.isEmpty()) {
                continue;
            }
            String placeholder = c.path("Image" + i + "ContainerName").asText("IMAGE" + i + "_NAME");
            Map<String, byte[]> files = unzip(read(e, action, run, artifactName), artifactName);
            byte[] detail = files.get("imageDetail.json");
            if (detail == null) {
                throw new ActionFailure("JobFailed", "Exception while trying to read the image artifact file from: "
                        + artifactName + ". imageDetail.json was not found in the artifact.");
            }
            String uri;
            try {
                uri = JSON.readTree(detail).path("ImageURI").asText("");
            } catch (IOException x) {
                uri = "";
            }
            if (uri.isEmpty()) {
                throw new ActionFailure("JobFailed", "Exception while trying to parse the image URI file from the "
                        + "artifact: " + artifactName + ". It has no ImageURI.");
            }
            String marker = "<" + placeholder + ">";
            if (!taskDefText.contains(marker)) {
                throw new ActionFailure("JobFailed", "Invalid action configuration: The AWS ECS container "
                        + placeholder + " does not exist in the task definition " + taskDefPath + " as " + marker + ".");
            }
            taskDefText = taskDefText.replace(marker, uri);
        }
        EcsDeployments ecs = peers.ecs().orElseThrow(() -> new ActionFailure("JobFailed",
                "ECS is not served by this Sandbox."));
        String taskDefinitionArn;
        try {
            taskDefinitionArn = ecs.registerTaskDefinition(taskDefText);
        } catch (AwsException x) {
            throw new ActionFailure("JobFailed", "Exception while trying to register the task definition: "
                    + x.code() + ": " + x.getMessage());
        }
        String appSpecText = new String(appSpec, StandardCharsets.UTF_8);
        if (!appSpecText.contains("<TASK_DEFINITION>")) {
            throw new ActionFailure("JobFailed", "The AppSpec file " + appSpecPath + " has no <TASK_DEFINITION> "
                    + "placeholder for the task definition the action registers.");
        }
        appSpecText = appSpecText.replace("<TASK_DEFINITION>", taskDefinitionArn);
        CodeDeployments deployments = peers.deployments().orElseThrow(() -> new ActionFailure("JobFailed",
                "CodeDeploy is not served by this Sandbox."));
        String id;
        try {
            id = deployments.create(c.path("ApplicationName").asText(), c.path("DeploymentGroupName").asText(),
                    appSpecText, "Deployment of the pipeline " + e.pipelineName + ", execution " + e.id, e.id);
        } catch (AwsException x) {
            throw new ActionFailure("JobFailed", x.code() + ": " + x.getMessage());
        }
        run.externalExecutionId = id;
        run.externalExecutionUrl = "https://console.aws.amazon.com/codesuite/codedeploy/deployments/" + id
                + "?region=" + region;
        run.outputVariables.put("DeploymentId", id);
        run.summary = "Deployment " + id + " of task definition " + taskDefinitionArn;
    }

    private byte[] read(Execution e, JsonNode action, ActionRun run, String artifactName) {
        Artifact a = input(e, action, run, artifactName);
        S3Artifacts s3 = peers.s3().orElseThrow(() -> new ActionFailure("JobFailed", "S3 is not served by this "
                + "Sandbox."));
        return s3.get(a.bucket, a.key).orElseThrow(() -> new ActionFailure("JobFailed", "The artifact "
                + artifactName + " is missing from s3://" + a.bucket + "/" + a.key + "."));
    }

    static Map<String, byte[]> unzip(byte[] zip, String artifactName) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    out.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException x) {
            throw new ActionFailure("JobFailed", "The artifact " + artifactName + " is not a zip file.");
        }
        return out;
    }

    private boolean pollDeploy(ActionRun run) {
        CodeDeployments deployments = peers.deployments().orElseThrow(() -> new ActionFailure("JobFailed",
                "CodeDeploy is not served by this Sandbox."));
        CodeDeployments.DeploymentView d = deployments.deployment(run.externalExecutionId).orElseThrow(
                () -> new ActionFailure("JobFailed", "The deployment " + run.externalExecutionId + " was not found."));
        if (!d.done()) {
            return false;
        }
        if (d.status().equals("Succeeded")) {
            succeed(run);
            run.summary = "Deployment " + d.id() + " succeeded";
        } else {
            fail(run, "JobFailed", "Deployment " + d.id() + " " + d.status().toLowerCase(java.util.Locale.ROOT)
                    + d.errorMessage().map(m -> ": " + m).orElse("."));
        }
        return true;
    }

    /** A failure of an action (not of a request), with its error details' code. */
    static final class ActionFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        ActionFailure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** Used by the watcher and tests: a new list when the pipeline has none yet. */
    static List<Execution> executions(CodePipelineStore.RegionState s, String pipeline) {
        return s.executions.computeIfAbsent(pipeline, k -> new ArrayList<>());
    }

    /** The caller's identity as a trigger's detail. */
    String callerArn() {
        return "arn:aws:iam::" + account + ":user/sandbox";
    }
}
