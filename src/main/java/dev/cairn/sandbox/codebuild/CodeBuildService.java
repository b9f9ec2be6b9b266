package dev.cairn.sandbox.codebuild;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Build;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Phase;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Project;
import dev.cairn.sandbox.codebuild.CodeBuildStore.RegionState;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Variable;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * AWS CodeBuild (awsJson 1.1, {@code X-Amz-Target: CodeBuild_20161006.<Op>}, signing name
 * {@code codebuild}): projects, and builds that run their buildspec through the Sandbox's
 * {@link Shell} phase by phase ({@link Builds}), push to ECR ({@link dev.cairn.sandbox.ecr.EcrImages}),
 * log to CloudWatch Logs ({@link dev.cairn.sandbox.logs.LogEvents}) and read and write their
 * artifacts in S3 ({@link dev.cairn.sandbox.s3.S3Artifacts}). The settler moves builds before
 * every request of every service; {@link PipelineBuilds} is CodePipeline's way in.
 */
public final class CodeBuildService {
    static final String SIGNING_NAME = "codebuild";
    static final String TARGET_PREFIX = "CodeBuild_20161006";
    /** BatchGetProjects and BatchGetBuilds take at most 100 names or IDs (AWS's limit). */
    static final int MAX_BATCH = 100;
    /** ListProjects, ListBuilds and ListBuildsForProject answer 100 per page, as AWS does. */
    static final int PAGE = 100;
    /** The control API's type word for a project. */
    static final String RESOURCE_TYPE = "project";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private CodeBuildService() {
    }

    /** CodeBuild's definition. */
    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix(TARGET_PREFIX)
                .store(CodeBuildStore.SPEC)
                .precheck(call -> Regions.require(call.region()))
                .json("CreateProject", Effect.WRITES, CodeBuildService::createProject)
                .json("UpdateProject", Effect.WRITES, CodeBuildService::updateProject)
                .json("DeleteProject", Effect.WRITES, CodeBuildService::deleteProject)
                .json("BatchGetProjects", Effect.READS, CodeBuildService::batchGetProjects)
                .json("ListProjects", Effect.READS, CodeBuildService::listProjects)
                .json("StartBuild", Effect.WRITES, CodeBuildService::startBuild)
                .json("BatchGetBuilds", Effect.READS, CodeBuildService::batchGetBuilds)
                .json("ListBuilds", Effect.READS, CodeBuildService::listBuilds)
                .json("ListBuildsForProject", Effect.READS, CodeBuildService::listBuildsForProject)
                .json("StopBuild", Effect.WRITES, CodeBuildService::stopBuild)
                .json("BatchDeleteBuilds", Effect.WRITES, CodeBuildService::batchDeleteBuilds)
                .settler(CodeBuildService::settle)
                .export(PipelineBuilds.class, Pipeline::new)
                .inventory(CodeBuildService::live)
                .companion(CodeBuildService::sweepBlobs)
                .build();
    }

    private static RegionState writing(Call call) {
        return call.state(CodeBuildStore.class).region(call.accountId(), call.region());
    }

    /** A read's view: a region without state reads as empty and is not created. */
    private static RegionState reading(Call call) {
        RegionState s = call.state(CodeBuildStore.class).existing(call.accountId(), call.region());
        return s == null ? new RegionState() : s;
    }

    /**
     * Before every request of every service: the caller's builds enter the phases whose time
     * has come. It touches the store only when some build has something to do.
     */
    private static void settle(Call call) {
        if (!Regions.ALL.containsKey(call.region())) {
            return;
        }
        RegionState s = call.world().store(CodeBuildStore.class).existing(call.accountId(), call.region());
        if (s == null || !Builds.due(s, call.now())) {
            return;
        }
        new Builds(writing(call), call).advanceAll();
    }

    // ------------------------------------------------------------------ projects

    private static ObjectNode createProject(Call call) {
        Project p = new Projects(writing(call), call).create(call.json());
        ObjectNode out = JSON.createObjectNode();
        out.set("project", render(p, call));
        return out;
    }

    private static ObjectNode updateProject(Call call) {
        Project p = new Projects(writing(call), call).update(call.json());
        ObjectNode out = JSON.createObjectNode();
        out.set("project", render(p, call));
        return out;
    }

    private static ObjectNode deleteProject(Call call) {
        String name = call.json().path("name").asText("");
        if (name.isEmpty()) {
            throw Projects.invalid("1 validation error detected: Value null at 'name' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        new Projects(writing(call), call).delete(name);
        return JSON.createObjectNode();
    }

    private static ObjectNode batchGetProjects(Call call) {
        List<String> names = strings(call.json().path("names"), "names");
        Projects projects = new Projects(reading(call), call);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode found = out.putArray("projects");
        ArrayNode missing = out.putArray("projectsNotFound");
        for (String name : names) {
            Project p = projects.find(name);
            if (p == null) {
                missing.add(name);
            } else {
                found.add(render(p, call));
            }
        }
        return out;
    }

    private static ObjectNode listProjects(Call call) {
        JsonNode in = call.json();
        String sortBy = in.path("sortBy").asText("NAME");
        String order = in.path("sortOrder").asText("ASCENDING");
        Comparator<Project> by = switch (sortBy) {
            case "NAME" -> Comparator.comparing(p -> p.id);
            case "CREATED_TIME" -> Comparator.comparingLong(p -> p.createdAt);
            case "LAST_MODIFIED_TIME" -> Comparator.comparingLong(p -> p.lastModified);
            default -> throw Projects.invalid("1 validation error detected: Value '" + sortBy + "' at 'sortBy' failed "
                    + "to satisfy constraint: Member must satisfy enum value set: [NAME, CREATED_TIME, LAST_MODIFIED_TIME]");
        };
        List<Project> all = new ArrayList<>(reading(call).projects.values());
        all.sort(sortOrder(order).equals("DESCENDING") ? by.reversed() : by);
        return page(all.stream().map(p -> p.id).toList(), in.path("nextToken").asText(null), "projects");
    }

    // ------------------------------------------------------------------ builds

    private static ObjectNode startBuild(Call call) {
        JsonNode in = call.json();
        RegionState state = writing(call);
        Project p = new Projects(state, call).get(in.path("projectName").asText(""));
        Builds.Start s = new Builds.Start();
        s.initiator = initiator(call);
        s.sourceType = in.hasNonNull("sourceTypeOverride") ? in.get("sourceTypeOverride").asText() : p.source.type;
        s.sourceLocation = in.hasNonNull("sourceLocationOverride") ? in.get("sourceLocationOverride").asText()
                : (in.hasNonNull("sourceTypeOverride") ? null : p.source.location);
        s.buildspec = in.hasNonNull("buildspecOverride") ? in.get("buildspecOverride").asText() : null;
        // Check the effective source as CreateProject would.
        ObjectNode effective = JSON.createObjectNode().put("type", s.sourceType);
        if (s.sourceLocation != null) {
            effective.put("location", s.sourceLocation);
        }
        String buildspec = s.buildspec != null ? s.buildspec : p.source.buildspec;
        if (buildspec != null) {
            effective.put("buildspec", buildspec);
        }
        Projects.source(effective);
        if (s.sourceType.equals("CODEPIPELINE")) {
            throw Projects.invalid("Build source type CODEPIPELINE is only supported for builds started by "
                    + "CodePipeline: override the source (sourceTypeOverride) to start it directly");
        }
        s.sourceVersion = in.hasNonNull("sourceVersion") ? in.get("sourceVersion").asText() : p.sourceVersion;
        s.resolvedSourceVersion = s.sourceVersion;
        if (in.hasNonNull("environmentVariablesOverride")) {
            s.variables = Projects.variables(in.get("environmentVariablesOverride"));
        }
        if (in.hasNonNull("serviceRoleOverride")) {
            s.serviceRole = new Projects(state, call).serviceRole(in.get("serviceRoleOverride").asText());
        }
        if (in.hasNonNull("privilegedModeOverride")) {
            s.privilegedMode = in.get("privilegedModeOverride").asBoolean();
        }
        if (in.hasNonNull("imageOverride")) {
            s.image = in.get("imageOverride").asText();
        }
        if (in.hasNonNull("computeTypeOverride")) {
            s.computeType = in.get("computeTypeOverride").asText();
        }
        if (in.hasNonNull("environmentTypeOverride")) {
            s.environmentType = in.get("environmentTypeOverride").asText();
        }
        if (s.computeType != null || s.environmentType != null || s.image != null) {
            ObjectNode env = JSON.createObjectNode()
                    .put("type", s.environmentType != null ? s.environmentType : p.environment.type)
                    .put("computeType", s.computeType != null ? s.computeType : p.environment.computeType)
                    .put("image", s.image != null ? s.image : p.environment.image);
            Projects.environment(env);
        }
        if (in.hasNonNull("timeoutInMinutesOverride")) {
            s.timeoutInMinutes = Projects.range(in.get("timeoutInMinutesOverride").asInt(), 5, 2160,
                    "timeoutInMinutesOverride");
        }
        Project from = p;
        if (in.hasNonNull("artifactsOverride")) {
            CodeBuildStore.Artifacts a = Projects.artifacts(in.get("artifactsOverride"));
            if (a.type.equals("CODEPIPELINE")) {
                throw Projects.invalid("Build artifacts type CODEPIPELINE is only supported for builds started by "
                        + "CodePipeline");
            }
            // The build takes the override; the project keeps its own artifacts.
            from = copy(p, Project.class);
            from.artifacts = a;
        } else if (p.artifacts.type.equals("CODEPIPELINE")) {
            throw Projects.invalid("Build artifacts type CODEPIPELINE is only supported for builds started by "
                    + "CodePipeline: override the artifacts (artifactsOverride) to start it directly");
        }
        Build b = new Builds(state, call).start(from, s);
        p.buildCount = from.buildCount;
        ObjectNode out = JSON.createObjectNode();
        out.set("build", render(b, call));
        return out;
    }

    private static ObjectNode batchGetBuilds(Call call) {
        List<String> ids = strings(call.json().path("ids"), "ids");
        RegionState state = call.state(CodeBuildStore.class).existing(call.accountId(), call.region());
        Builds builds = new Builds(state == null ? new RegionState() : state, call);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode found = out.putArray("builds");
        ArrayNode missing = out.putArray("buildsNotFound");
        for (String id : ids) {
            Build b = builds.find(buildId(id));
            if (b == null) {
                missing.add(id);
            } else {
                found.add(render(b, call));
            }
        }
        return out;
    }

    private static ObjectNode listBuilds(Call call) {
        JsonNode in = call.json();
        List<String> ids = new ArrayList<>(reading(call).builds.keySet());
        if (!sortOrder(in.path("sortOrder").asText("DESCENDING")).equals("ASCENDING")) {
            java.util.Collections.reverse(ids);
        }
        return page(ids, in.path("nextToken").asText(null), "ids");
    }

    private static ObjectNode listBuildsForProject(Call call) {
        JsonNode in = call.json();
        RegionState state = reading(call);
        Project p = new Projects(state, call).get(in.path("projectName").asText(""));
        List<String> ids = new ArrayList<>();
        for (Build b : state.builds.values()) {
            if (b.projectName.equals(p.id)) {
                ids.add(b.id);
            }
        }
        if (!sortOrder(in.path("sortOrder").asText("DESCENDING")).equals("ASCENDING")) {
            java.util.Collections.reverse(ids);
        }
        return page(ids, in.path("nextToken").asText(null), "ids");
    }

    private static ObjectNode stopBuild(Call call) {
        String id = call.json().path("id").asText("");
        Builds builds = new Builds(writing(call), call);
        Build b = builds.find(buildId(id));
        if (b == null) {
            throw Projects.notFound("Build cannot be found: " + id);
        }
        builds.stop(b);
        ObjectNode out = JSON.createObjectNode();
        out.set("build", render(b, call));
        return out;
    }

    private static ObjectNode batchDeleteBuilds(Call call) {
        List<String> ids = strings(call.json().path("ids"), "ids");
        RegionState state = writing(call);
        Builds builds = new Builds(state, call);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode deleted = out.putArray("buildsDeleted");
        ArrayNode notDeleted = out.putArray("buildsNotDeleted");
        for (String id : ids) {
            Build b = builds.find(buildId(id));
            if (b == null) {
                notDeleted.addObject().put("id", id).put("statusCode", "BUILD_NOT_FOUND");
            } else if (!b.complete) {
                notDeleted.addObject().put("id", id).put("statusCode", "BUILD_IN_PROGRESS");
            } else {
                state.builds.remove(b.id);
                deleted.add(id);
            }
        }
        return out;
    }

    /** A build named by ID or ARN. */
    private static String buildId(String idOrArn) {
        return idOrArn.startsWith("arn:") ? idOrArn.substring(idOrArn.indexOf(":build/") + ":build/".length())
                : idOrArn;
    }

    private static String initiator(Call call) {
        // The caller as CodeBuild shows it: the Sandbox's identities are IAM users named after their key.
        return call.accessKey() == null ? "sandbox" : call.accessKey();
    }

    // ------------------------------------------------------------------ CodePipeline's way in

    /** {@link PipelineBuilds} bound to one call. */
    private static final class Pipeline implements PipelineBuilds {
        private final Call call;

        Pipeline(Call call) {
            this.call = call;
        }

        @Override
        public String start(String projectName, String sourceBucket, String sourceKey, String sourceVersion,
                            String outputBucket, String outputKey) {
            RegionState state = writing(call);
            Project p = new Projects(state, call).get(projectName);
            Builds.Start s = new Builds.Start();
            s.initiator = "codepipeline";
            s.sourceType = "CODEPIPELINE";
            s.sourceLocation = sourceBucket + "/" + sourceKey;
            s.sourceVersion = sourceVersion;
            s.resolvedSourceVersion = sourceVersion;
            s.outputBucket = outputBucket;
            s.outputKey = outputKey;
            Project forPipeline = p;
            if (!"CODEPIPELINE".equals(p.artifacts.type)) {
                // A pipeline's build action always writes its output artifact, whatever the project says.
                forPipeline = copy(p, Project.class);
                forPipeline.artifacts.type = "CODEPIPELINE";
                forPipeline.buildCount = p.buildCount;
            }
            Build b = new Builds(state, call).start(forPipeline, s);
            p.buildCount = forPipeline.buildCount;
            return b.id;
        }

        @Override
        public Optional<BuildState> state(String buildId) {
            RegionState state = call.state(CodeBuildStore.class).existing(call.accountId(), call.region());
            if (state == null || !state.builds.containsKey(buildId)) {
                return Optional.empty();
            }
            Build b = new Builds(state, call).find(buildId);
            Phase last = b.phases.get(b.phases.size() - 1);
            Optional<String> failure = b.phases.stream().filter(p -> "FAILED".equals(p.status)).findFirst()
                    .map(p -> p.type + ": " + p.contextCode + ": " + p.contextMessage);
            return Optional.of(new BuildState(b.id, b.buildStatus, last.type, b.logsGroup, b.logsStream, failure));
        }
    }

    // ------------------------------------------------------------------ rendering

    static ObjectNode render(Project p, Call call) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", p.id);
        o.put("arn", p.arn);
        if (p.description != null) {
            o.put("description", p.description);
        }
        o.set("source", source(p.source));
        if (p.sourceVersion != null) {
            o.put("sourceVersion", p.sourceVersion);
        }
        o.putArray("secondarySources");
        o.putArray("secondarySourceVersions");
        o.set("artifacts", artifacts(p.artifacts));
        o.putArray("secondaryArtifacts");
        o.putObject("cache").put("type", "NO_CACHE");
        o.set("environment", environment(p.environment));
        o.put("serviceRole", p.serviceRole);
        o.put("timeoutInMinutes", p.timeoutInMinutes);
        o.put("queuedTimeoutInMinutes", p.queuedTimeoutInMinutes);
        o.put("encryptionKey", encryptionKey(p.encryptionKey, call));
        ArrayNode tags = o.putArray("tags");
        p.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        o.put("created", seconds(p.createdAt));
        o.put("lastModified", seconds(p.lastModified));
        o.putObject("badge").put("badgeEnabled", false);
        ObjectNode logs = o.putObject("logsConfig");
        ObjectNode cw = logs.putObject("cloudWatchLogs").put("status", p.logsStatus);
        if (p.logsGroup != null) {
            cw.put("groupName", p.logsGroup);
        }
        if (p.logsStream != null) {
            cw.put("streamName", p.logsStream);
        }
        logs.putObject("s3Logs").put("status", "DISABLED").put("encryptionDisabled", false);
        o.put("projectVisibility", "PRIVATE");
        return o;
    }

    static ObjectNode render(Build b, Call call) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", b.id);
        o.put("arn", b.arn);
        o.put("buildNumber", b.buildNumber);
        o.put("startTime", seconds(b.startTime));
        if (b.endTime != null) {
            o.put("endTime", seconds(b.endTime));
        }
        Phase last = b.phases.get(b.phases.size() - 1);
        o.put("currentPhase", last.type);
        o.put("buildStatus", b.buildStatus);
        if (b.sourceVersion != null) {
            o.put("sourceVersion", b.sourceVersion);
        }
        boolean downloaded = b.phases.stream().anyMatch(p -> p.type.equals("DOWNLOAD_SOURCE"));
        if (b.resolvedSourceVersion != null && downloaded) {
            o.put("resolvedSourceVersion", b.resolvedSourceVersion);
        }
        o.put("projectName", b.projectName);
        ArrayNode phases = o.putArray("phases");
        for (Phase p : b.phases) {
            ObjectNode ph = phases.addObject();
            ph.put("phaseType", p.type);
            ph.put("startTime", seconds(p.start));
            boolean done = p.end != null && p.end <= call.now() && !p.type.equals("COMPLETED");
            if (done) {
                ph.put("phaseStatus", p.status);
                ph.put("endTime", seconds(p.end));
                ph.put("durationInSeconds", Math.round((p.end - p.start) / 1000.0));
                if (!p.type.equals("SUBMITTED")) {
                    ArrayNode contexts = ph.putArray("contexts");
                    contexts.addObject().put("statusCode", p.contextCode == null ? "" : p.contextCode)
                            .put("message", p.contextMessage == null ? "" : p.contextMessage);
                }
            }
        }
        o.set("source", source(b.source));
        o.putArray("secondarySources");
        o.putArray("secondarySourceVersions");
        ObjectNode artifacts = o.putObject("artifacts");
        if (b.artifactLocation != null) {
            artifacts.put("location", b.artifactLocation);
            artifacts.put("sha256sum", b.artifactSha256);
            artifacts.put("md5sum", b.artifactMd5);
        } else {
            artifacts.put("location", "");
        }
        o.putArray("secondaryArtifacts");
        o.putObject("cache").put("type", "NO_CACHE");
        o.set("environment", environment(b.environment));
        o.put("serviceRole", b.serviceRole);
        ObjectNode logs = o.putObject("logs");
        if (b.logsGroup != null) {
            logs.put("groupName", b.logsGroup);
            logs.put("streamName", b.logsStream);
            logs.put("deepLink", "https://console.aws.amazon.com/cloudwatch/home?region=" + call.region()
                    + "#logEvent:group=" + b.logsGroup + ";stream=" + b.logsStream);
            logs.put("cloudWatchLogsArn", Arn.of("logs", call.region(), call.accountId(),
                    "log-group:" + b.logsGroup + ":log-stream:" + b.logsStream).toString());
        }
        ObjectNode cw = logs.putObject("cloudWatchLogs").put("status", b.logsStatus);
        if (b.logsGroup != null) {
            cw.put("groupName", b.logsGroup);
        }
        logs.putObject("s3Logs").put("status", "DISABLED").put("encryptionDisabled", false);
        o.put("timeoutInMinutes", b.timeoutInMinutes);
        o.put("queuedTimeoutInMinutes", b.queuedTimeoutInMinutes);
        o.put("buildComplete", b.complete);
        o.put("initiator", b.initiator);
        o.put("encryptionKey", encryptionKey(null, call));
        // Nothing is exported unless a buildspec's env.exported-variables says so, which the Sandbox does not read.
        o.putArray("exportedEnvironmentVariables");
        return o;
    }

    private static ObjectNode source(CodeBuildStore.Source s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", s.type);
        if (s.location != null) {
            o.put("location", s.location);
        }
        if (s.buildspec != null) {
            o.put("buildspec", s.buildspec);
        }
        o.put("insecureSsl", false);
        return o;
    }

    private static ObjectNode artifacts(CodeBuildStore.Artifacts a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", a.type);
        if (a.location != null) {
            o.put("location", a.location);
        }
        if (a.path != null) {
            o.put("path", a.path);
        }
        if (a.name != null) {
            o.put("name", a.name);
        }
        if (a.packaging != null) {
            o.put("packaging", a.packaging);
        }
        o.put("encryptionDisabled", false);
        return o;
    }

    private static ObjectNode environment(CodeBuildStore.Environment e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", e.type);
        o.put("image", e.image);
        o.put("computeType", e.computeType);
        ArrayNode vars = o.putArray("environmentVariables");
        for (Variable v : e.variables) {
            vars.addObject().put("name", v.name).put("value", v.value).put("type", v.type);
        }
        o.put("privilegedMode", e.privilegedMode);
        o.put("imagePullCredentialsType", e.imagePullCredentialsType);
        return o;
    }

    /** CodeBuild's default key: the account's AWS managed key for S3. */
    private static String encryptionKey(String key, Call call) {
        return key != null ? key : "arn:aws:kms:" + call.region() + ":" + call.accountId() + ":alias/aws/s3";
    }

    private static double seconds(long epochMillis) {
        return epochMillis / 1000.0;
    }

    // ------------------------------------------------------------------ shared

    private static String sortOrder(String order) {
        if (!order.equals("ASCENDING") && !order.equals("DESCENDING")) {
            throw Projects.invalid("1 validation error detected: Value '" + order + "' at 'sortOrder' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: [ASCENDING, DESCENDING]");
        }
        return order;
    }

    private static List<String> strings(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        if (out.isEmpty() || out.size() > MAX_BATCH) {
            throw Projects.invalid("1 validation error detected: Value at '" + field + "' failed to satisfy constraint: "
                    + "Member must have length " + (out.isEmpty() ? "greater than or equal to 1"
                    : "less than or equal to " + MAX_BATCH));
        }
        return out;
    }

    /** One page of a listing; the token is the offset of the next page. */
    private static ObjectNode page(List<String> all, String token, String field) {
        int offset = 0;
        if (token != null && !token.isEmpty()) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                if (!text.startsWith("codebuild:")) {
                    throw new IllegalArgumentException(text);
                }
                offset = Integer.parseInt(text.substring("codebuild:".length()));
            } catch (IllegalArgumentException e) {
                throw Projects.invalid("Invalid next token: " + token);
            }
        }
        int end = Math.min(all.size(), offset + PAGE);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray(field);
        all.subList(Math.min(offset, end), end).forEach(list::add);
        if (end < all.size()) {
            out.put("nextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("codebuild:" + end).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** A deep copy through Jackson (the store's classes are plain public fields). */
    static <T> T copy(Object value, Class<T> type) {
        return JSON.convertValue(value, type);
    }

    // ------------------------------------------------------------------ inventory, blobs

    /** Projects, with their tags: the control API lists them and the tagging API finds them ({@code codebuild:project}). */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        CodeBuildStore store = world.store(CodeBuildStore.class);
        List<LiveResource> out = new ArrayList<>();
        for (Map.Entry<String, LinkedHashMap<String, RegionState>> a : store.accounts.entrySet()) {
            if (account != null && !account.equals(a.getKey())) {
                continue;
            }
            for (Map.Entry<String, RegionState> r : a.getValue().entrySet()) {
                if (region != null && !region.equals(r.getKey())) {
                    continue;
                }
                for (Project p : r.getValue().projects.values()) {
                    out.add(new LiveResource(a.getKey(), r.getKey(), RESOURCE_TYPE, p.id, Arn.parse(p.arn), "available",
                            p.tags));
                }
            }
        }
        return out;
    }

    /** At start: deletes the source blobs no running build names (finished builds leave theirs to this sweep). */
    private static AutoCloseable sweepBlobs(World world) {
        synchronized (world.lock()) {
            Set<String> named = new HashSet<>();
            for (LinkedHashMap<String, RegionState> regions : world.store(CodeBuildStore.class).accounts.values()) {
                for (RegionState r : regions.values()) {
                    r.builds.values().forEach(b -> {
                        if (b.sourceBlob != null) {
                            named.add(b.sourceBlob);
                        }
                    });
                }
            }
            try {
                for (String id : world.blobs().list(Builds.BLOBS)) {
                    if (!named.contains(id)) {
                        world.blobs().delete(Builds.BLOBS, id);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sweep the CodeBuild blobs", e);
            }
        }
        return () -> { };
    }
}
