package dev.cairn.aws.codepipeline;

import static dev.cairn.aws.AwsErrors.code;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.Settled;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.CodePipelineKinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionOwner;
import software.amazon.awssdk.services.codepipeline.model.ArtifactStoreType;
import software.amazon.awssdk.services.codepipeline.model.ExecutionMode;
import software.amazon.awssdk.services.codepipeline.model.GetPipelineResponse;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineTriggerProviderType;
import software.amazon.awssdk.services.codepipeline.model.PipelineType;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;
import software.amazon.awssdk.services.codepipeline.model.Tag;

/**
 * The V2 pipeline Source → Build → Deploy (provider {@code codepipeline/codepipeline.go}), named
 * by Cairn and found by name; ownership by its tags (read by ARN).
 *
 * <p>The declaration is exactly what the repository's files expect ({@code buildspec.yml},
 * {@code taskdef.json}, {@code appspec.yaml}):
 * <ul>
 *   <li>{@code Source}: CodeStarSourceConnection through the connection, {@code FullRepositoryId}
 *       {@code owner/name}, {@code BranchName}, {@code OutputArtifactFormat} {@code CODE_ZIP};
 *       output {@code SourceArtifact};</li>
 *   <li>{@code Build}: CodeBuild {@code ProjectName}; input {@code SourceArtifact}, output
 *       {@code BuildArtifact} (its {@code imageDetail.json});</li>
 *   <li>{@code Deploy}: CodeDeployToECS with the application and deployment group,
 *       {@code taskdef.json} and {@code appspec.yaml} from {@code SourceArtifact}, and
 *       {@code <IMAGE1_NAME>} replaced by the image URI of {@code BuildArtifact}'s
 *       {@code imageDetail.json}.</li>
 * </ul>
 * The artifact store is the S3 bucket ref; {@code pipelineType} V2 with {@code executionMode}
 * (default {@code QUEUED}) and one trigger: a push to the branch through the connection.
 *
 * <p>{@code repository}, {@code branch} and {@code executionMode} change in place with
 * UpdatePipeline (the whole declaration again, at the version read just before; skipped when it
 * already holds). Attributes {@code arn}, {@code version} and {@code lastExecution}
 * ({@code <id>:<status>} of the newest execution, empty before the first).
 */
public final class PipelineHandler implements ResourceHandler {

    public static final String SOURCE_STAGE = "Source";
    public static final String BUILD_STAGE = "Build";
    public static final String DEPLOY_STAGE = "Deploy";
    public static final String SOURCE_ARTIFACT = "SourceArtifact";
    public static final String BUILD_ARTIFACT = "BuildArtifact";
    static final String SOURCE_PROVIDER = "CodeStarSourceConnection";
    static final String BUILD_PROVIDER = "CodeBuild";
    static final String DEPLOY_PROVIDER = "CodeDeployToECS";
    static final String ACTION_VERSION = "1";
    static final String TASK_DEFINITION_FILE = "taskdef.json";
    static final String APPSPEC_FILE = "appspec.yaml";
    /** The placeholder in {@code taskdef.json} the Deploy action fills with the build's image. */
    static final String IMAGE_PLACEHOLDER = "IMAGE1_NAME";
    static final String DEFAULT_BRANCH = "main";
    static final String NOT_FOUND = "PipelineNotFoundException";
    static final String INVALID_STRUCTURE = "InvalidStructureException";

    private final AwsClients clients;

    public PipelineHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return CodePipelineKinds.PIPELINE;
    }

    private CodePipelineClient cp(String region) {
        return clients.codePipeline(region);
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        String name = required(spec, "name");
        CodePipelineClient cp = cp(spec.region());
        Optional<GetPipelineResponse> p = describe(cp, name);
        if (p.isEmpty()) {
            return Found.absent();
        }
        Map<String, String> tags = tagsOf(cp, p.get().metadata().pipelineArn());
        if (ctx.stack().equals(tags.get(Tags.STACK)) && spec.address().value().equals(tags.get(Tags.ADDRESS))) {
            return Found.ours(live(cp, p.get()));
        }
        String owner = tags.containsKey(Tags.STACK)
                ? "tagged for stack " + tags.get(Tags.STACK) + " at " + tags.getOrDefault(Tags.ADDRESS, "(no address)")
                : "without Cairn's tags";
        return Found.taken("pipeline " + name + " (" + p.get().metadata().pipelineArn() + ") already exists in " + spec.region()
                + ", " + owner);
    }

    /**
     * CreatePipeline, tagged. No client token: a second call answers that the name exists, and
     * find runs first. CodePipeline refuses a role IAM made moments ago ("not authorized to perform
     * AssumeRole") with {@code InvalidStructureException}: that one is retried within the kind's
     * window; any other structure error is a real one and fails at once.
     */
    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        CodePipelineClient cp = cp(spec.region());
        PipelineDeclaration declaration = declaration(spec, null);
        PipelineDeclaration created;
        try {
            created = cp.createPipeline(r -> r.pipeline(declaration).tags(toTags(spec.tags()))).pipeline();
        } catch (AwsServiceException e) {
            String message = message(e);
            if (INVALID_STRUCTURE.equals(code(e)) && (message.contains("AssumeRole")
                    || message.toLowerCase(Locale.ROOT).contains("not authorized"))) {
                throw new RetryableException(INVALID_STRUCTURE, Message.of("pipeline.roleNotAssumable",
                        spec.refId("role"), message), e);
            }
            throw e;
        }
        if (created == null || created.version() == null) {
            // An answer without the declaration: read it back.
            return describe(cp, declaration.name()).map(p -> live(cp, p)).orElse(LiveResource.of(declaration.name()));
        }
        // CreatePipeline answers the declaration it stored: the answer is final (the ARN built from
        // the context's account, as CodeDeploy's handlers build theirs), and only the execution
        // AWS starts on create is read (the kind's lastExecution attribute).
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", ctx.arn("codepipeline", spec.region(), created.name()));
        a.put("version", String.valueOf(created.version()));
        a.put("lastExecution", lastExecution(cp, created.name()));
        return Settled.mark(new LiveResource(created.name(), a, ""));
    }

    /** The declaration the spec describes; {@code version} for an update (the one it replaces), null for a create. */
    static PipelineDeclaration declaration(ResolvedSpec spec, Integer version) {
        String branch = optional(spec, "branch", DEFAULT_BRANCH);
        ActionDeclaration source = ActionDeclaration.builder()
                .name(SOURCE_STAGE)
                .actionTypeId(t -> t.category(ActionCategory.SOURCE).owner(ActionOwner.AWS).provider(SOURCE_PROVIDER)
                        .version(ACTION_VERSION))
                .configuration(ordered(
                        "ConnectionArn", spec.refId("connection"),
                        "FullRepositoryId", required(spec, "repository"),
                        "BranchName", branch,
                        "OutputArtifactFormat", "CODE_ZIP"))
                .outputArtifacts(o -> o.name(SOURCE_ARTIFACT))
                .runOrder(1)
                .build();
        ActionDeclaration build = ActionDeclaration.builder()
                .name(BUILD_STAGE)
                .actionTypeId(t -> t.category(ActionCategory.BUILD).owner(ActionOwner.AWS).provider(BUILD_PROVIDER)
                        .version(ACTION_VERSION))
                .configuration(ordered("ProjectName", spec.refId("buildProject")))
                .inputArtifacts(i -> i.name(SOURCE_ARTIFACT))
                .outputArtifacts(o -> o.name(BUILD_ARTIFACT))
                .runOrder(1)
                .build();
        String group = spec.refId("deploymentGroup");
        ActionDeclaration deploy = ActionDeclaration.builder()
                .name(DEPLOY_STAGE)
                .actionTypeId(t -> t.category(ActionCategory.DEPLOY).owner(ActionOwner.AWS).provider(DEPLOY_PROVIDER)
                        .version(ACTION_VERSION))
                .configuration(ordered(
                        "ApplicationName", spec.refId("application"),
                        // The group's physical ID is <application>/<group>.
                        "DeploymentGroupName", group.substring(group.indexOf('/') + 1),
                        "TaskDefinitionTemplateArtifact", SOURCE_ARTIFACT,
                        "TaskDefinitionTemplatePath", TASK_DEFINITION_FILE,
                        "AppSpecTemplateArtifact", SOURCE_ARTIFACT,
                        "AppSpecTemplatePath", APPSPEC_FILE,
                        "Image1ArtifactName", BUILD_ARTIFACT,
                        "Image1ContainerName", IMAGE_PLACEHOLDER))
                .inputArtifacts(i -> i.name(SOURCE_ARTIFACT), i -> i.name(BUILD_ARTIFACT))
                .runOrder(1)
                .build();
        return PipelineDeclaration.builder()
                .name(required(spec, "name"))
                .roleArn(roleArn(spec))
                .artifactStore(s -> s.type(ArtifactStoreType.S3).location(spec.refId("artifactBucket")))
                .stages(stage(SOURCE_STAGE, source), stage(BUILD_STAGE, build), stage(DEPLOY_STAGE, deploy))
                .pipelineType(PipelineType.V2)
                .executionMode(ExecutionMode.fromValue(optional(spec, "executionMode", ExecutionMode.QUEUED.toString())))
                .triggers(t -> t.providerType(PipelineTriggerProviderType.CODE_STAR_SOURCE_CONNECTION)
                        .gitConfiguration(g -> g.sourceActionName(SOURCE_STAGE).push(p -> p.branches(b -> b.includes(branch)))))
                .version(version)
                .build();
    }

    /**
     * Whether a declaration AWS answered already is what Cairn would write: the same role,
     * artifact bucket, mode, stages and actions with their configuration, and trigger branches.
     * (AWS fills defaults Cairn does not send, so the declarations themselves never compare equal.)
     */
    static boolean holds(PipelineDeclaration have, PipelineDeclaration want) {
        if (!Objects.equals(have.roleArn(), want.roleArn())
                || have.artifactStore() == null || !Objects.equals(have.artifactStore().location(), want.artifactStore().location())
                || !Objects.equals(have.executionModeAsString(), want.executionModeAsString())
                || !Objects.equals(have.pipelineTypeAsString(), want.pipelineTypeAsString())
                || have.stages().size() != want.stages().size()) {
            return false;
        }
        for (int i = 0; i < want.stages().size(); i++) {
            StageDeclaration h = have.stages().get(i);
            StageDeclaration w = want.stages().get(i);
            if (!h.name().equals(w.name()) || h.actions().size() != w.actions().size()) {
                return false;
            }
            for (int j = 0; j < w.actions().size(); j++) {
                ActionDeclaration ha = h.actions().get(j);
                ActionDeclaration wa = w.actions().get(j);
                if (!Objects.equals(ha.name(), wa.name()) || !Objects.equals(ha.configuration(), wa.configuration())
                        || ha.actionTypeId() == null || !Objects.equals(ha.actionTypeId().provider(), wa.actionTypeId().provider())) {
                    return false;
                }
            }
        }
        return branches(have).equals(branches(want));
    }

    private static List<String> branches(PipelineDeclaration p) {
        return p.triggers().stream()
                .filter(t -> t.gitConfiguration() != null)
                .flatMap(t -> t.gitConfiguration().push().stream())
                .filter(f -> f.branches() != null)
                .flatMap(f -> f.branches().includes().stream())
                .sorted()
                .toList();
    }

    private static StageDeclaration stage(String name, ActionDeclaration action) {
        return StageDeclaration.builder().name(name).actions(action).build();
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (Settled.is(resource)) {
            return Poll.done(resource);
        }
        CodePipelineClient cp = cp(spec.region());
        return describe(cp, resource.physicalId()).map(p -> Poll.done(live(cp, p)))
                .orElseGet(() -> Poll.pending(Message.of("aws.notVisible", kind(), resource.physicalId())));
    }

    /** UpdatePipeline with the whole declaration at the current version, unless it already holds; tags by ARN. */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(Set.of("repository", "branch", "executionMode", TAGS));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        CodePipelineClient cp = cp(spec.region());
        String name = current.physicalId();
        GetPipelineResponse now = describe(cp, name)
                .orElseThrow(() -> new IllegalStateException("pipeline " + name + " is gone; plan again to create it"));
        PipelineDeclaration wanted = declaration(spec, now.pipeline().version());
        if (!holds(now.pipeline(), wanted)) {
            cp.updatePipeline(r -> r.pipeline(wanted));
        }
        if (changed.contains(TAGS)) {
            String arn = now.metadata().pipelineArn();
            if (!tagsOf(cp, arn).equals(spec.tags())) {
                List<String> gone = current.spec().tags().keySet().stream()
                        .filter(k -> !spec.tags().containsKey(k) && !Tags.isCairns(k)).toList();
                if (!gone.isEmpty()) {
                    cp.untagResource(r -> r.resourceArn(arn).tagKeys(gone));
                }
                cp.tagResource(r -> r.resourceArn(arn).tags(toTags(spec.tags())));
            }
        }
        return describe(cp, name).map(p -> Poll.done(live(cp, p)))
                .orElseGet(() -> Poll.failed("pipeline " + name + " disappeared while it was being changed"));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        CodePipelineClient cp = cp(record.spec().region());
        return describe(cp, record.physicalId()).map(p -> live(cp, p));
    }

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        try {
            cp(record.spec().region()).deletePipeline(r -> r.name(record.physicalId()));
        } catch (AwsServiceException e) {
            if (!NOT_FOUND.equals(code(e))) {
                throw e;
            }
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return describe(cp(record.spec().region()), record.physicalId()).isPresent()
                ? Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId()))
                : Poll.done();
    }

    static Optional<GetPipelineResponse> describe(CodePipelineClient cp, String name) {
        try {
            return Optional.of(cp.getPipeline(r -> r.name(name)));
        } catch (AwsServiceException e) {
            if (NOT_FOUND.equals(code(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The newest execution as {@code <id>:<status>}, empty before the first. Only informative:
     * an endpoint without executions (moto answers ListPipelineExecutions with an error) leaves
     * it empty rather than failing the pipeline.
     */
    static String lastExecution(CodePipelineClient cp, String name) {
        try {
            return cp.listPipelineExecutions(r -> r.pipelineName(name).maxResults(1)).pipelineExecutionSummaries().stream()
                    .findFirst()
                    .map(s -> s.pipelineExecutionId() + ":" + s.statusAsString())
                    .orElse("");
        } catch (AwsServiceException e) {
            return "";
        }
    }

    private static LiveResource live(CodePipelineClient cp, GetPipelineResponse p) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", p.metadata() == null ? null : p.metadata().pipelineArn());
        a.put("version", p.pipeline().version() == null ? null : String.valueOf(p.pipeline().version()));
        a.put("lastExecution", lastExecution(cp, p.pipeline().name()));
        a.values().removeIf(v -> v == null);
        return new LiveResource(p.pipeline().name(), a, "");
    }

    private static Map<String, String> tagsOf(CodePipelineClient cp, String arn) {
        Map<String, String> map = new LinkedHashMap<>();
        cp.listTagsForResource(r -> r.resourceArn(arn)).tags().forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String roleArn(ResolvedSpec spec) {
        ResourceRecord role = spec.refs().get("role");
        if (role == null) {
            throw new IllegalStateException(spec.address() + " has no resolved ref 'role'");
        }
        String arn = role.attributes().get("arn");
        if (arn == null || arn.isBlank()) {
            throw new IllegalStateException(spec.address() + ": its role " + role.physicalId() + " has no arn attribute");
        }
        return arn;
    }

    private static String message(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? "" : e.awsErrorDetails().errorMessage();
    }

    private static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value.trim();
    }

    private static String optional(ResolvedSpec spec, String property, String otherwise) {
        String value = spec.property(property);
        return value == null || value.isBlank() ? otherwise : value.trim();
    }
}
