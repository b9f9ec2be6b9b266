package dev.cairn.sandbox.codepipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.codebuild.PipelineBuilds;
import dev.cairn.sandbox.codeconnections.Connections;
import dev.cairn.sandbox.codedeploy.CodeDeployments;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.ActionRun;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.Artifact;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.Execution;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.Pipeline;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.Revision;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.RegionState;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.StageRun;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.ecs.EcsDeployments;
import dev.cairn.sandbox.git.GitRepositories;
import dev.cairn.sandbox.git.RepositoryControl;
import dev.cairn.sandbox.git.SandboxRepositories;
import dev.cairn.sandbox.iam.IamRoles;
import dev.cairn.sandbox.s3.S3Artifacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS CodePipeline (awsJson 1.1, {@code X-Amz-Target: CodePipeline_20150709.<Op>}, signing name
 * {@code codepipeline}): V1 and V2 pipelines with triggers, variables and execution modes, and
 * their executions run by {@link Runner} on the clock (the service's settler), which also watches
 * the Sandbox's local GitHub ({@link GitRepositories}) for pushes. Serves the repositories'
 * control paths ({@link RepositoryControl}) and exports {@link SandboxRepositories}.
 */
public final class CodePipelineService {
    static final String SIGNING_NAME = "codepipeline";
    static final String TARGET_PREFIX = "CodePipeline_20150709";
    static final String SERVICE_PRINCIPAL = "codepipeline.amazonaws.com";
    /** ListPipelines / ListPipelineExecutions / ListActionExecutions: AWS's default and largest pages. */
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PIPELINE_PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CodePipelineService() {
    }

    /**
     * CodePipeline's definition with the repositories it watches.
     *
     * @param repos the local GitHub (under the Sandbox's data folder); closed with the server
     */
    public static ServiceDefinition definition(GitRepositories repos) {
        RepositoryControl control = new RepositoryControl(repos);
        return ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix(TARGET_PREFIX)
                .store(CodePipelineStore.SPEC)
                .precheck(call -> Regions.require(call.region()))
                .json("CreatePipeline", Effect.WRITES, CodePipelineService::createPipeline)
                .json("GetPipeline", Effect.READS, CodePipelineService::getPipeline)
                .json("UpdatePipeline", Effect.WRITES, CodePipelineService::updatePipeline)
                .json("DeletePipeline", Effect.WRITES, CodePipelineService::deletePipeline)
                .json("ListPipelines", Effect.READS, CodePipelineService::listPipelines)
                .json("GetPipelineState", Effect.READS, CodePipelineService::getPipelineState)
                .json("StartPipelineExecution", Effect.WRITES, CodePipelineService::startPipelineExecution)
                .json("GetPipelineExecution", Effect.READS, CodePipelineService::getPipelineExecution)
                .json("ListPipelineExecutions", Effect.READS, CodePipelineService::listPipelineExecutions)
                .json("StopPipelineExecution", Effect.WRITES, CodePipelineService::stopPipelineExecution)
                .json("ListActionExecutions", Effect.READS, CodePipelineService::listActionExecutions)
                .json("TagResource", Effect.WRITES, CodePipelineService::tagResource)
                .json("UntagResource", Effect.WRITES, CodePipelineService::untagResource)
                .json("ListTagsForResource", Effect.READS, CodePipelineService::listTagsForResource)
                .settler(CodePipelineService::settle)
                .export(SandboxRepositories.class, call -> repos)
                .control(RepositoryControl.LIST_OR_CREATE, control.listOrCreate())
                .control(RepositoryControl.COMMIT, control.commit())
                .companion(world -> repos)
                .inventory(CodePipelineService::live)
                .build();
    }

    // ------------------------------------------------------------------ state, clock, peers

    private static RegionState writing(Call call) {
        return call.state(CodePipelineStore.class).region(call.accountId(), call.region());
    }

    private static RegionState reading(Call call) {
        RegionState s = call.world().store(CodePipelineStore.class).existing(call.accountId(), call.region());
        return s == null ? new RegionState() : s;
    }

    private static Runner runner(Call call) {
        Runner.Peers peers = new Runner.Peers(call.optionalPeer(Connections.class),
                call.optionalPeer(SandboxRepositories.class), call.optionalPeer(S3Artifacts.class),
                call.optionalPeer(PipelineBuilds.class), call.optionalPeer(CodeDeployments.class),
                call.optionalPeer(EcsDeployments.class));
        return new Runner(call.world().timing(), call.now(), call.world().random(), peers, call.accountId(),
                call.region());
    }

    /**
     * Before every request: the push watcher, then the caller's executions move up to its clock.
     * Reads without touching the store; marks it changed only when something moved.
     */
    static void settle(Call call) {
        if (!Regions.ALL.containsKey(call.region())) {
            return;
        }
        RegionState state = call.world().store(CodePipelineStore.class).existing(call.accountId(), call.region());
        if (state == null || state.pipelines.isEmpty()) {
            return;
        }
        Runner runner = runner(call);
        boolean changed = false;
        for (Pipeline p : state.pipelines.values()) {
            changed |= watch(call, runner, state, p);
        }
        changed |= advanceAll(runner, state);
        if (changed) {
            call.state(CodePipelineStore.class);
        }
    }

    private static boolean advanceAll(Runner runner, RegionState state) {
        boolean changed = false;
        for (List<Execution> list : state.executions.values()) {
            if (list.stream().anyMatch(e -> !Runner.done(e))) {
                changed |= runner.advance(list);
            }
        }
        return changed;
    }

    /**
     * The push watcher: each watched source action's branch head against the one last seen; a new
     * head starts an execution, as a push through an AVAILABLE connection does (a push while the
     * connection is not available reaches no pipeline, and is not replayed later: AWS's webhooks
     * are not either).
     */
    private static boolean watch(Call call, Runner runner, RegionState state, Pipeline p) {
        Optional<SandboxRepositories> repos = call.optionalPeer(SandboxRepositories.class);
        if (repos.isEmpty()) {
            return false;
        }
        boolean changed = false;
        for (JsonNode action : watchedSources(p.declaration)) {
            JsonNode c = action.path("configuration");
            String repository = c.path("FullRepositoryId").asText();
            String branch = c.path("BranchName").asText();
            String name = action.path("name").asText();
            if (!GitRepositories.validName(repository)) {
                continue;
            }
            Optional<SandboxRepositories.Commit> head = repos.get().head(repository, branch);
            if (head.isEmpty() || head.get().id().equals(p.watchedHeads.get(name))) {
                continue;
            }
            p.watchedHeads.put(name, head.get().id());
            changed = true;
            String connection = c.path("ConnectionArn").asText();
            boolean available = call.optionalPeer(Connections.class).flatMap(x -> x.status(connection))
                    .map("AVAILABLE"::equals).orElse(false);
            if (available && pushMatches(p.declaration, name, branch)) {
                Revision r = Runner.revision(name, repository, head.get());
                r.created = call.now();
                runner.start(p, Runner.executions(state, p.id), p.declaration.path("triggers").isEmpty()
                        ? "Webhook" : "WebhookV2", connection, Map.of(), List.of(r));
            }
        }
        return changed;
    }

    /** Source actions through a connection that start the pipeline on a push: a V2 trigger's, or DetectChanges. */
    private static List<JsonNode> watchedSources(ObjectNode declaration) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode first = Pipelines.stages(declaration).path(0);
        JsonNode triggers = declaration.path("triggers");
        for (JsonNode action : first.path("actions")) {
            if (!"CodeStarSourceConnection".equals(action.path("actionTypeId").path("provider").asText())) {
                continue;
            }
            String name = action.path("name").asText();
            boolean triggered = false;
            for (JsonNode t : triggers) {
                triggered |= name.equals(t.path("gitConfiguration").path("sourceActionName").asText());
            }
            boolean detect = !"false".equalsIgnoreCase(action.path("configuration").path("DetectChanges").asText("true"));
            if (triggers.isEmpty() ? detect : triggered) {
                out.add(action);
            }
        }
        return out;
    }

    /** Whether a push to {@code branch} passes the action's trigger filters (none: every push). */
    private static boolean pushMatches(ObjectNode declaration, String actionName, String branch) {
        JsonNode triggers = declaration.path("triggers");
        if (triggers.isEmpty()) {
            return true;
        }
        for (JsonNode t : triggers) {
            JsonNode git = t.path("gitConfiguration");
            if (!actionName.equals(git.path("sourceActionName").asText())) {
                continue;
            }
            JsonNode push = git.path("push");
            if (push.isEmpty()) {
                // A trigger with only pull-request filters does not start on a push.
                return git.path("pullRequest").isEmpty();
            }
            for (JsonNode filter : push) {
                JsonNode branches = filter.path("branches");
                if (branches.isMissingNode()) {
                    return true;
                }
                boolean included = branches.path("includes").isEmpty();
                for (JsonNode inc : branches.path("includes")) {
                    included |= glob(inc.asText(), branch);
                }
                for (JsonNode exc : branches.path("excludes")) {
                    included &= !glob(exc.asText(), branch);
                }
                if (included) {
                    return true;
                }
            }
        }
        return false;
    }

    /** CodePipeline's branch globs: {@code *} within a segment, {@code **} across, {@code ?} one character. */
    static boolean glob(String pattern, String text) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (ch == '*') {
                re.append("[^/]*");
            } else if (ch == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return text.matches(re.toString());
    }

    // ------------------------------------------------------------------ pipelines

    private static Pipeline pipeline(Call call, RegionState s, String name) {
        Pipelines.checkName(name, "name");
        Pipeline p = s.pipelines.get(name);
        if (p == null) {
            throw new AwsException("PipelineNotFoundException", "Account '" + call.accountId()
                    + "' does not have a pipeline with name '" + name + "'");
        }
        return p;
    }

    private static void checkRole(Call call, ObjectNode declaration) {
        String role = declaration.path("roleArn").asText();
        Arn arn = Arn.parse(role);
        if (arn == null || !arn.service().equals("iam") || !arn.resource().startsWith("role/")) {
            throw Pipelines.validation("Value '" + role + "' at 'pipeline.roleArn' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*");
        }
        Optional<IamRoles> iam = call.optionalPeer(IamRoles.class);
        if (iam.isPresent() && !iam.get().assumableBy(role, SERVICE_PRINCIPAL)) {
            throw new AwsException("InvalidStructureException", "CodePipeline is not authorized to perform "
                    + "AssumeRole on role " + role);
        }
    }

    private static ObjectNode render(Pipeline p) {
        ObjectNode d = p.declaration.deepCopy();
        d.put("version", p.version);
        return d;
    }

    private static String arn(Call call, String name) {
        return Arn.of("codepipeline", call.region(), call.accountId(), name).toString();
    }

    private static ObjectNode createPipeline(Call call) {
        JsonNode body = call.json();
        ObjectNode declaration = Pipelines.normalise(body.get("pipeline"));
        checkRole(call, declaration);
        RegionState s = writing(call);
        String name = declaration.path("name").asText();
        if (s.pipelines.containsKey(name)) {
            throw new AwsException("PipelineNameInUseException", "A pipeline with the name '" + name
                    + "' already exists in account '" + call.accountId() + "'");
        }
        Map<String, String> tags = tags(body.path("tags"));
        Pipeline p = new Pipeline();
        p.id = name;
        p.declaration = declaration;
        p.createdAt = call.now();
        p.updatedAt = call.now();
        p.tags.putAll(tags);
        s.pipelines.put(name, p);
        Runner runner = runner(call);
        // The watcher starts from the heads of now: the first execution (below) builds them.
        remember(call, p);
        runner.start(p, Runner.executions(s, name), "CreatePipeline", runner.callerArn(), Map.of(), List.of());
        advanceAll(runner, s);
        ObjectNode out = JSON.createObjectNode();
        out.set("pipeline", render(p));
        if (!tags.isEmpty()) {
            ArrayNode list = out.putArray("tags");
            tags.forEach((k, v) -> list.addObject().put("key", k).put("value", v));
        }
        return out;
    }

    private static void remember(Call call, Pipeline p) {
        Optional<SandboxRepositories> repos = call.optionalPeer(SandboxRepositories.class);
        if (repos.isEmpty()) {
            return;
        }
        for (JsonNode action : watchedSources(p.declaration)) {
            JsonNode c = action.path("configuration");
            String repository = c.path("FullRepositoryId").asText();
            if (GitRepositories.validName(repository)) {
                repos.get().head(repository, c.path("BranchName").asText())
                        .ifPresent(h -> p.watchedHeads.put(action.path("name").asText(), h.id()));
            }
        }
    }

    private static ObjectNode getPipeline(Call call) {
        JsonNode body = call.json();
        Pipeline p = pipeline(call, reading(call), body.path("name").asText(null));
        if (body.has("version") && body.get("version").asInt() != p.version) {
            throw new AwsException("PipelineVersionNotFoundException", "Pipeline version " + body.get("version").asInt()
                    + " was not found for pipeline " + p.id);
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("pipeline", render(p));
        out.putObject("metadata").put("pipelineArn", arn(call, p.id)).put("created", p.createdAt / 1000.0)
                .put("updated", p.updatedAt / 1000.0);
        return out;
    }

    private static ObjectNode updatePipeline(Call call) {
        ObjectNode declaration = Pipelines.normalise(call.json().get("pipeline"));
        checkRole(call, declaration);
        RegionState s = writing(call);
        Pipeline p = pipeline(call, s, declaration.path("name").asText());
        p.declaration = declaration;
        p.version++;
        p.updatedAt = call.now();
        remember(call, p);
        ObjectNode out = JSON.createObjectNode();
        out.set("pipeline", render(p));
        return out;
    }

    private static ObjectNode deletePipeline(Call call) {
        String name = call.json().path("name").asText(null);
        Pipelines.checkName(name, "name");
        RegionState s = writing(call);
        // AWS's DeletePipeline has no not-found error: deleting a missing pipeline succeeds.
        if (s.pipelines.remove(name) != null) {
            List<Execution> executions = s.executions.remove(name);
            if (executions != null) {
                Runner runner = runner(call);
                for (Execution e : executions) {
                    if (!Runner.done(e)) {
                        e.stopRequested = true;
                        e.abandon = true;
                    }
                }
                runner.advance(executions);
            }
        }
        return JSON.createObjectNode();
    }

    private static ObjectNode listPipelines(Call call) {
        JsonNode body = call.json();
        int max = body.path("maxResults").asInt(DEFAULT_PAGE);
        if (max < 1 || max > MAX_PIPELINE_PAGE) {
            throw Pipelines.validation("Value '" + max + "' at 'maxResults' failed to satisfy constraint: Member must "
                    + "have value between 1 and " + MAX_PIPELINE_PAGE);
        }
        List<Pipeline> all = new ArrayList<>(reading(call).pipelines.values());
        all.sort((a, b) -> a.id.compareTo(b.id));
        int from = offset(body.path("nextToken").asText(null));
        int to = Math.min(all.size(), from + max);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("pipelines");
        for (Pipeline p : all.subList(Math.min(from, to), to)) {
            list.addObject().put("name", p.id).put("version", p.version)
                    .put("pipelineType", p.declaration.path("pipelineType").asText())
                    .put("executionMode", p.declaration.path("executionMode").asText())
                    .put("created", p.createdAt / 1000.0).put("updated", p.updatedAt / 1000.0);
        }
        token(out, to, all.size());
        return out;
    }

    private static void token(ObjectNode out, int to, int size) {
        if (to < size) {
            out.put("nextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("codepipeline:" + to).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("codepipeline:")) {
                return Integer.parseInt(text.substring("codepipeline:".length()));
            }
        } catch (IllegalArgumentException e) {
            // the error below
        }
        throw new AwsException("InvalidNextTokenException", "The next token was specified in an invalid format. "
                + "Make sure that the next token you provide is the token returned by a previous call.");
    }

    // ------------------------------------------------------------------ state

    private static ObjectNode getPipelineState(Call call) {
        RegionState s = reading(call);
        Pipeline p = pipeline(call, s, call.json().path("name").asText(null));
        List<Execution> executions = s.executions.getOrDefault(p.id, List.of());
        ObjectNode out = JSON.createObjectNode();
        out.put("pipelineName", p.id);
        out.put("pipelineVersion", p.version);
        ArrayNode stages = out.putArray("stageStates");
        for (JsonNode declared : Pipelines.stages(p.declaration)) {
            String stageName = declared.path("name").asText();
            ObjectNode st = stages.addObject();
            st.put("stageName", stageName);
            st.putObject("inboundTransitionState").put("enabled", true);
            ArrayNode actions = st.putArray("actionStates");
            Execution latest = null;
            StageRun latestRun = null;
            for (Execution e : executions) {
                for (StageRun r : e.stages) {
                    if (r.name.equals(stageName) && r.status != null) {
                        latest = e;
                        latestRun = r;
                    }
                }
            }
            for (JsonNode a : declared.path("actions")) {
                String actionName = a.path("name").asText();
                ObjectNode as = actions.addObject();
                as.put("actionName", actionName);
                ActionRun run = latestAction(executions, stageName, actionName);
                Execution owner = run == null ? null : ownerOf(executions, run);
                if (run != null && "Source".equals(a.path("actionTypeId").path("category").asText()) && owner != null) {
                    owner.sourceRevisions.stream().filter(r -> r.actionName.equals(actionName)).findFirst()
                            .ifPresent(r -> as.putObject("currentRevision").put("revisionId", r.revisionId)
                                    .put("revisionChangeId", r.revisionId)
                                    .put("created", (r.created == 0 ? owner.startTime : r.created) / 1000.0));
                }
                if (run != null) {
                    as.set("latestExecution", actionExecution(run));
                }
                String entity = entityUrl(call, a);
                if (entity != null) {
                    as.put("entityUrl", entity);
                }
                if (run != null && run.externalExecutionUrl != null && a.path("actionTypeId").path("category")
                        .asText().equals("Source")) {
                    as.put("revisionUrl", run.externalExecutionUrl);
                }
            }
            if (latest != null) {
                st.putObject("latestExecution").put("pipelineExecutionId", latest.id).put("status", latestRun.status)
                        .put("type", "STANDARD");
            }
        }
        out.put("created", p.createdAt / 1000.0);
        out.put("updated", p.updatedAt / 1000.0);
        return out;
    }

    private static ActionRun latestAction(List<Execution> executions, String stage, String action) {
        ActionRun latest = null;
        for (Execution e : executions) {
            for (StageRun r : e.stages) {
                if (!r.name.equals(stage)) {
                    continue;
                }
                for (ActionRun a : r.actions) {
                    if (a.actionName.equals(action) && a.status != null
                            && (latest == null || a.startTime >= latest.startTime)) {
                        latest = a;
                    }
                }
            }
        }
        return latest;
    }

    private static Execution ownerOf(List<Execution> executions, ActionRun run) {
        for (Execution e : executions) {
            for (StageRun r : e.stages) {
                if (r.actions.contains(run)) {
                    return e;
                }
            }
        }
        return null;
    }

    private static ObjectNode actionExecution(ActionRun run) {
        ObjectNode o = JSON.createObjectNode();
        o.put("actionExecutionId", run.actionExecutionId);
        o.put("status", run.status);
        if (run.summary != null) {
            o.put("summary", run.summary);
        }
        o.put("lastStatusChange", run.lastUpdateTime / 1000.0);
        if (run.externalExecutionId != null) {
            o.put("externalExecutionId", run.externalExecutionId);
        }
        if (run.externalExecutionUrl != null) {
            o.put("externalExecutionUrl", run.externalExecutionUrl);
        }
        if (run.errorCode != null) {
            o.putObject("errorDetails").put("code", run.errorCode).put("message", run.errorMessage);
        }
        return o;
    }

    private static String entityUrl(Call call, JsonNode action) {
        JsonNode c = action.path("configuration");
        return switch (action.path("actionTypeId").path("provider").asText()) {
            case "CodeStarSourceConnection" -> "https://github.com/" + c.path("FullRepositoryId").asText() + "/tree/"
                    + c.path("BranchName").asText();
            case "CodeBuild" -> "https://console.aws.amazon.com/codebuild/home?region=" + call.region()
                    + "#/projects/" + c.path("ProjectName").asText() + "/view";
            case "CodeDeployToECS" -> "https://console.aws.amazon.com/codedeploy/home?region=" + call.region()
                    + "#/applications/" + c.path("ApplicationName").asText();
            default -> null;
        };
    }

    // ------------------------------------------------------------------ executions

    private static ObjectNode startPipelineExecution(Call call) {
        JsonNode body = call.json();
        RegionState s = writing(call);
        Pipeline p = pipeline(call, s, body.path("name").asText(null));
        Map<String, String> variables = new LinkedHashMap<>();
        java.util.Set<String> declared = new java.util.HashSet<>();
        p.declaration.path("variables").forEach(v -> declared.add(v.path("name").asText()));
        for (JsonNode v : body.path("variables")) {
            String name = v.path("name").asText();
            if (!declared.contains(name)) {
                throw new AwsException("ValidationException", "Variable " + name + " is not declared in the pipeline");
            }
            variables.put(name, v.path("value").asText());
        }
        List<Revision> revisions = new ArrayList<>();
        for (JsonNode r : body.path("sourceRevisions")) {
            if (!"COMMIT_ID".equals(r.path("revisionType").asText())) {
                throw new AwsException("ValidationException", "The Sandbox's sources take COMMIT_ID revisions only");
            }
            Revision rev = new Revision();
            rev.actionName = r.path("actionName").asText();
            rev.revisionId = r.path("revisionValue").asText();
            rev.summary = "Revision override " + rev.revisionId;
            rev.created = call.now();
            revisions.add(rev);
        }
        Runner runner = runner(call);
        Execution e = runner.start(p, Runner.executions(s, p.id), "StartPipelineExecution", runner.callerArn(),
                variables, revisions);
        advanceAll(runner, s);
        ObjectNode out = JSON.createObjectNode();
        out.put("pipelineExecutionId", e.id);
        return out;
    }

    private static Execution execution(Call call, RegionState s, Pipeline p, String id) {
        for (Execution e : s.executions.getOrDefault(p.id, List.of())) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new AwsException("PipelineExecutionNotFoundException", "Pipeline execution ID " + id
                + " does not belong to pipeline " + p.id + " in account " + call.accountId());
    }

    private static ObjectNode getPipelineExecution(Call call) {
        RegionState s = reading(call);
        Pipeline p = pipeline(call, s, call.json().path("pipelineName").asText(null));
        Execution e = execution(call, s, p, call.json().path("pipelineExecutionId").asText(""));
        ObjectNode o = JSON.createObjectNode();
        o.put("pipelineName", p.id);
        o.put("pipelineVersion", e.pipelineVersion);
        o.put("pipelineExecutionId", e.id);
        o.put("status", e.status);
        if (e.statusSummary != null) {
            o.put("statusSummary", e.statusSummary);
        }
        ArrayNode revisions = o.putArray("artifactRevisions");
        for (Revision r : e.sourceRevisions) {
            String artifact = sourceArtifact(e, r.actionName);
            ObjectNode ar = revisions.addObject();
            ar.put("name", artifact == null ? r.actionName : artifact);
            ar.put("revisionId", r.revisionId);
            ar.put("revisionSummary", revisionSummary(r));
            ar.put("revisionUrl", r.url);
            if (r.created > 0) {
                ar.put("created", r.created / 1000.0);
            }
        }
        ArrayNode vars = o.putArray("variables");
        e.variables.forEach((k, v) -> vars.addObject().put("name", k).put("resolvedValue", v));
        o.putObject("trigger").put("triggerType", e.triggerType).put("triggerDetail", e.triggerDetail);
        o.put("executionMode", e.executionMode);
        o.put("executionType", "STANDARD");
        ObjectNode out = JSON.createObjectNode();
        out.set("pipelineExecution", o);
        return out;
    }

    /** AWS's revision summary of a connection source: a small JSON document with the commit message. */
    private static String revisionSummary(Revision r) {
        ObjectNode summary = JSON.createObjectNode();
        summary.put("ProviderType", "GitHub");
        summary.put("CommitMessage", r.summary);
        return summary.toString();
    }

    private static String sourceArtifact(Execution e, String actionName) {
        for (JsonNode a : Pipelines.stages(e.declaration).path(0).path("actions")) {
            if (a.path("name").asText().equals(actionName) && a.path("outputArtifacts").size() > 0) {
                return a.path("outputArtifacts").get(0).path("name").asText();
            }
        }
        return null;
    }

    private static ObjectNode listPipelineExecutions(Call call) {
        JsonNode body = call.json();
        RegionState s = reading(call);
        Pipeline p = pipeline(call, s, body.path("pipelineName").asText(null));
        int max = body.path("maxResults").asInt(DEFAULT_PAGE);
        if (max < 1 || max > DEFAULT_PAGE) {
            throw Pipelines.validation("Value '" + max + "' at 'maxResults' failed to satisfy constraint: Member must "
                    + "have value between 1 and " + DEFAULT_PAGE);
        }
        String succeededIn = body.path("filter").path("succeededInStage").path("stageName").asText(null);
        List<Execution> all = new ArrayList<>(s.executions.getOrDefault(p.id, List.of()));
        java.util.Collections.reverse(all);
        if (succeededIn != null) {
            all.removeIf(e -> e.stages.stream().noneMatch(st -> st.name.equals(succeededIn)
                    && "Succeeded".equals(st.status)));
        }
        int from = offset(body.path("nextToken").asText(null));
        int to = Math.min(all.size(), from + max);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("pipelineExecutionSummaries");
        for (Execution e : all.subList(Math.min(from, to), to)) {
            ObjectNode o = list.addObject();
            o.put("pipelineExecutionId", e.id);
            o.put("status", e.status);
            if (e.statusSummary != null) {
                o.put("statusSummary", e.statusSummary);
            }
            o.put("startTime", e.startTime / 1000.0);
            o.put("lastUpdateTime", e.lastUpdateTime / 1000.0);
            ArrayNode revisions = o.putArray("sourceRevisions");
            for (Revision r : e.sourceRevisions) {
                revisions.addObject().put("actionName", r.actionName).put("revisionId", r.revisionId)
                        .put("revisionSummary", revisionSummary(r)).put("revisionUrl", r.url);
            }
            o.putObject("trigger").put("triggerType", e.triggerType).put("triggerDetail", e.triggerDetail);
            if (e.stopReason != null) {
                o.putObject("stopTrigger").put("reason", e.stopReason);
            }
            o.put("executionMode", e.executionMode);
            o.put("executionType", "STANDARD");
        }
        token(out, to, all.size());
        return out;
    }

    private static ObjectNode stopPipelineExecution(Call call) {
        JsonNode body = call.json();
        RegionState s = writing(call);
        Pipeline p = pipeline(call, s, body.path("pipelineName").asText(null));
        Execution e = execution(call, s, p, body.path("pipelineExecutionId").asText(""));
        if (Runner.done(e)) {
            throw new AwsException("PipelineExecutionNotStoppableException", "Unable to stop pipeline execution "
                    + e.id + " as it is already in " + e.status + " state");
        }
        boolean abandon = body.path("abandon").asBoolean(false);
        if (e.stopRequested && !(abandon && !e.abandon)) {
            throw new AwsException("DuplicatedStopRequestException", "Pipeline execution " + e.id
                    + " is already being stopped");
        }
        e.stopRequested = true;
        e.abandon = abandon;
        e.stopReason = body.path("reason").asText(null);
        advanceAll(runner(call), s);
        ObjectNode out = JSON.createObjectNode();
        out.put("pipelineExecutionId", e.id);
        return out;
    }

    private static ObjectNode listActionExecutions(Call call) {
        JsonNode body = call.json();
        RegionState s = reading(call);
        Pipeline p = pipeline(call, s, body.path("pipelineName").asText(null));
        String only = body.path("filter").path("pipelineExecutionId").asText(null);
        List<Execution> executions = new ArrayList<>(s.executions.getOrDefault(p.id, List.of()));
        if (only != null) {
            executions = List.of(execution(call, s, p, only));
        }
        int max = body.path("maxResults").asInt(DEFAULT_PAGE);
        List<ObjectNode> details = new ArrayList<>();
        for (Execution e : executions) {
            for (int si = 0; si < e.stages.size(); si++) {
                StageRun st = e.stages.get(si);
                JsonNode declared = Pipelines.stages(e.declaration).get(si);
                for (int ai = 0; ai < st.actions.size(); ai++) {
                    ActionRun a = st.actions.get(ai);
                    if (a.status == null) {
                        continue;
                    }
                    details.add(actionDetail(call, e, declared.path("actions").get(ai), a));
                }
            }
        }
        // Newest first, as AWS lists them.
        details.sort((x, y) -> Double.compare(y.path("startTime").asDouble(), x.path("startTime").asDouble()));
        int from = offset(body.path("nextToken").asText(null));
        int to = Math.min(details.size(), from + max);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("actionExecutionDetails");
        details.subList(Math.min(from, to), to).forEach(list::add);
        token(out, to, details.size());
        return out;
    }

    private static ObjectNode actionDetail(Call call, Execution e, JsonNode declared, ActionRun a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("pipelineExecutionId", e.id);
        o.put("actionExecutionId", a.actionExecutionId);
        o.put("pipelineVersion", e.pipelineVersion);
        o.put("stageName", a.stageName);
        o.put("actionName", a.actionName);
        o.put("startTime", a.startTime / 1000.0);
        o.put("lastUpdateTime", a.lastUpdateTime / 1000.0);
        o.put("updatedBy", e.declaration.path("roleArn").asText());
        o.put("status", a.status);
        ObjectNode input = o.putObject("input");
        input.set("actionTypeId", declared.path("actionTypeId").deepCopy());
        input.set("configuration", declared.path("configuration").deepCopy());
        input.set("resolvedConfiguration", declared.path("configuration").deepCopy());
        input.put("roleArn", declared.path("roleArn").asText(e.declaration.path("roleArn").asText()));
        input.put("region", call.region());
        artifacts(input.putArray("inputArtifacts"), a.inputArtifacts);
        ObjectNode output = o.putObject("output");
        artifacts(output.putArray("outputArtifacts"), a.outputArtifacts);
        ObjectNode result = output.putObject("executionResult");
        if (a.externalExecutionId != null) {
            result.put("externalExecutionId", a.externalExecutionId);
        }
        if (a.summary != null) {
            result.put("externalExecutionSummary", a.summary);
        }
        if (a.externalExecutionUrl != null) {
            result.put("externalExecutionUrl", a.externalExecutionUrl);
        }
        if (a.errorCode != null) {
            result.putObject("errorDetails").put("code", a.errorCode).put("message", a.errorMessage);
        }
        ObjectNode vars = output.putObject("outputVariables");
        a.outputVariables.forEach(vars::put);
        return o;
    }

    private static void artifacts(ArrayNode list, List<Artifact> artifacts) {
        for (Artifact a : artifacts) {
            list.addObject().put("name", a.name).putObject("s3location").put("bucket", a.bucket).put("key", a.key);
        }
    }

    // ------------------------------------------------------------------ tags

    private static Pipeline byArn(Call call, RegionState s, String arnText) {
        Arn arn = Arn.parse(arnText);
        if (arn == null || !arn.service().equals("codepipeline")) {
            throw new AwsException("InvalidArnException", "The ARN was not in a valid format: " + arnText);
        }
        Pipeline p = s.pipelines.get(arn.resource());
        if (p == null || !arn.account().equals(call.accountId()) || !arn.region().equals(call.region())) {
            throw new AwsException("ResourceNotFoundException", "The resource with the ARN " + arnText
                    + " was not found.");
        }
        return p;
    }

    private static ObjectNode tagResource(Call call) {
        Pipeline p = byArn(call, writing(call), call.json().path("resourceArn").asText(null));
        p.tags.putAll(tags(call.json().path("tags")));
        if (p.tags.size() > 50) {
            throw new AwsException("TooManyTagsException", "A resource can have at most 50 tags.");
        }
        return JSON.createObjectNode();
    }

    private static ObjectNode untagResource(Call call) {
        Pipeline p = byArn(call, writing(call), call.json().path("resourceArn").asText(null));
        call.json().path("tagKeys").forEach(k -> p.tags.remove(k.asText()));
        return JSON.createObjectNode();
    }

    private static ObjectNode listTagsForResource(Call call) {
        Pipeline p = byArn(call, reading(call), call.json().path("resourceArn").asText(null));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("tags");
        p.tags.forEach((k, v) -> list.addObject().put("key", k).put("value", v));
        return out;
    }

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode t : list) {
            String key = t.path("key").asText("");
            if (key.isEmpty() || key.startsWith("aws:")) {
                throw new AwsException("InvalidTagsException", "Tag keys must not be empty or start with aws: ("
                        + key + ")");
            }
            out.put(key, t.path("value").asText(""));
        }
        return out;
    }

    // ------------------------------------------------------------------ inventory

    /** Pipelines (the tagging API's {@code codepipeline:pipeline}). */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        List<LiveResource> out = new ArrayList<>();
        world.store(CodePipelineStore.class).accounts.forEach((acct, regions) -> {
            if (account != null && !account.equals(acct)) {
                return;
            }
            regions.forEach((name, state) -> {
                if (region != null && !region.equals(name)) {
                    return;
                }
                for (Pipeline p : state.pipelines.values()) {
                    out.add(new LiveResource(acct, name, "pipeline", p.id, Arn.of("codepipeline", name, acct, p.id),
                            "active", p.tags));
                }
            });
        });
        return out;
    }
}
