package dev.cairn.aws.codebuild;

import static dev.cairn.aws.AwsErrors.code;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.Settled;
import dev.cairn.aws.tagging.TaggingApiScanner;
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
import dev.cairn.model.kinds.CodeBuildKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariableType;
import software.amazon.awssdk.services.codebuild.model.LogsConfig;
import software.amazon.awssdk.services.codebuild.model.LogsConfigStatusType;
import software.amazon.awssdk.services.codebuild.model.Project;
import software.amazon.awssdk.services.codebuild.model.ProjectEnvironment;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.codebuild.model.Tag;

/**
 * The build project the pipeline drives: source and artifacts {@code CODEPIPELINE} (no location:
 * AWS says to give none, the pipeline's source action decides), a Linux container with the spec's
 * image, compute type and privileged mode (Docker builds), plain-text variables, logs to the
 * {@code logGroup} ref's group (so CodeBuild never makes a group of its own that a teardown would
 * leave), the {@code serviceRole} ref's ARN, and the timeout. Found by name (BatchGetProjects),
 * owned by its tags, which CreateProject carries.
 *
 * <p>A role created moments before may not be assumable by CodeBuild yet: CreateProject (and
 * UpdateProject) then answers {@code InvalidInputException} "CodeBuild is not authorized to
 * perform: sts:AssumeRole on …", which is retried within the kind's IAM propagation window. Any
 * other {@code InvalidInputException} fails the resource at once.
 */
public final class ProjectHandler implements ResourceHandler {

    static final String INVALID_INPUT = "InvalidInputException";
    static final String ALREADY_EXISTS = "ResourceAlreadyExistsException";
    /** What CodeBuild says while the service role is not assumable yet (IAM propagation). */
    static final String NOT_ASSUMABLE = "not authorized to perform: sts:AssumeRole";
    /** CodeBuild's own default build timeout, for a spec that names none. */
    static final int DEFAULT_TIMEOUT_MINUTES = 60;

    private final AwsClients clients;

    public ProjectHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return CodeBuildKinds.PROJECT;
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        String name = required(spec, "name");
        Optional<Project> project = get(clients.codeBuild(spec.region()), name);
        if (project.isEmpty()) {
            return Found.absent();
        }
        Map<String, String> tags = fromTags(project.get().tags());
        if (ctx.stack().equals(tags.get(Tags.STACK)) && spec.address().value().equals(tags.get(Tags.ADDRESS))) {
            return Found.ours(live(project.get()));
        }
        String stack = tags.get(Tags.STACK);
        return Found.taken("CodeBuild project " + name + " already exists in " + spec.region()
                + (stack == null ? " without Cairn's tags" : " and belongs to Cairn stack " + stack + " ("
                        + tags.getOrDefault(Tags.ADDRESS, "?") + ")"));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        CodeBuildClient cb = clients.codeBuild(spec.region());
        String name = required(spec, "name");
        ctx.say("project.creating", name, required(spec, "image"), required(spec, "computeType"));
        try {
            Project p = cb.createProject(r -> r.name(name)
                    .source(s -> s.type(SourceType.CODEPIPELINE))
                    .artifacts(a -> a.type(ArtifactsType.CODEPIPELINE))
                    .environment(environment(spec))
                    .serviceRole(roleArn(spec))
                    .timeoutInMinutes(timeout(spec))
                    .logsConfig(logsConfig(spec))
                    .tags(toTags(spec.tags()))).project();
            // CreateProject answers the whole project: nothing for a ready poll to confirm.
            return Settled.mark(live(p));
        } catch (AwsServiceException e) {
            // find said absent a moment ago and this create's intent is journaled: a project that
            // exists now is the one an SDK retry of this very call made.
            if (ALREADY_EXISTS.equals(code(e))) {
                return get(cb, name).map(ProjectHandler::live).orElseThrow(() -> e);
            }
            throw propagating(e, spec);
        }
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (Settled.is(resource)) {
            return Poll.done(resource);
        }
        return get(clients.codeBuild(spec.region()), resource.physicalId())
                .map(p -> Poll.done(live(p)))
                .orElseGet(() -> Poll.pending(Message.of("aws.notVisible", kind(), resource.physicalId())));
    }

    /** One UpdateProject with what differs from the spec: the environment as a whole, the timeout, the tags. */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(Set.of("image", "computeType", "privileged", "environment", "timeoutMinutes", TAGS));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        CodeBuildClient cb = clients.codeBuild(spec.region());
        String name = current.physicalId();
        Project p = get(cb, name).orElseThrow(() -> new IllegalStateException("CodeBuild project " + name + " is gone; plan again to create it"));
        ProjectEnvironment wanted = environment(spec);
        boolean environment = !sameEnvironment(p.environment(), wanted);
        boolean timeout = !Objects.equals(p.timeoutInMinutes(), timeout(spec));
        boolean tags = changed.contains(TAGS) && !fromTags(p.tags()).equals(spec.tags());
        if (!environment && !timeout && !tags) {
            return Poll.done(live(p));
        }
        List<String> what = new ArrayList<>();
        if (environment) {
            what.add("environment");
        }
        if (timeout) {
            what.add("timeout");
        }
        if (tags) {
            what.add("tags");
        }
        ctx.say("project.updating", name, String.join(", ", what));
        try {
            // UpdateProject's tags replace the project's: the user's removed ones go with it.
            Project updated = cb.updateProject(r -> {
                r.name(name);
                if (environment) {
                    r.environment(wanted);
                }
                if (timeout) {
                    r.timeoutInMinutes(timeout(spec));
                }
                if (tags) {
                    r.tags(toTags(spec.tags()));
                }
            }).project();
            return Poll.done(live(updated));
        } catch (AwsServiceException e) {
            throw propagating(e, spec);
        }
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return get(clients.codeBuild(record.spec().region()), record.physicalId()).map(ProjectHandler::live);
    }

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        CodeBuildClient cb = clients.codeBuild(record.spec().region());
        String name = record.physicalId();
        if (get(cb, name).isEmpty()) {
            return Poll.done();
        }
        // The project's builds and their logs stay in the log group, which is its own resource.
        cb.deleteProject(r -> r.name(name));
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return get(clients.codeBuild(record.spec().region()), record.physicalId())
                .map(p -> Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId())))
                .orElseGet(Poll::done);
    }

    /** For the tagging-API scan: a project is there (no state word) while BatchGetProjects finds it. */
    public static TaggingApiScanner.LiveCheck liveCheck(AwsClients clients) {
        return (region, arn) -> get(clients.codeBuild(region), nameOfArn(arn)).map(p -> "");
    }

    /** {@code arn:aws:codebuild:REGION:ACCOUNT:project/NAME} → {@code NAME}. */
    public static String nameOfArn(String arn) {
        int at = arn.indexOf(":project/");
        return at < 0 ? arn : arn.substring(at + ":project/".length());
    }

    /**
     * {@code KEY=VALUE;KEY2=VALUE2} as CodeBuild's plain-text variables (never secrets: the
     * kind's contract). A value may hold {@code =}; an entry without one is refused.
     */
    static List<EnvironmentVariable> variables(String environment) {
        List<EnvironmentVariable> vars = new ArrayList<>();
        if (environment == null || environment.isBlank()) {
            return vars;
        }
        for (String entry : environment.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("build environment entry '" + entry.trim() + "' is not KEY=VALUE");
            }
            vars.add(EnvironmentVariable.builder().name(entry.substring(0, eq).trim()).value(entry.substring(eq + 1))
                    .type(EnvironmentVariableType.PLAINTEXT).build());
        }
        return vars;
    }

    static ProjectEnvironment environment(ResolvedSpec spec) {
        return ProjectEnvironment.builder()
                .type(EnvironmentType.LINUX_CONTAINER)
                .image(required(spec, "image"))
                .computeType(required(spec, "computeType"))
                .privilegedMode(Boolean.parseBoolean(Objects.requireNonNullElse(spec.property("privileged"), "false").trim()))
                .environmentVariables(variables(spec.property("environment")))
                .build();
    }

    /** The fields Cairn sets, compared (CodeBuild fills others in, such as the image pull credentials type). */
    static boolean sameEnvironment(ProjectEnvironment have, ProjectEnvironment wanted) {
        if (have == null) {
            return false;
        }
        return Objects.equals(have.typeAsString(), wanted.typeAsString())
                && Objects.equals(have.image(), wanted.image())
                && Objects.equals(have.computeTypeAsString(), wanted.computeTypeAsString())
                && Boolean.TRUE.equals(have.privilegedMode()) == Boolean.TRUE.equals(wanted.privilegedMode())
                && variableMap(have.environmentVariables()).equals(variableMap(wanted.environmentVariables()));
    }

    private static Map<String, String> variableMap(List<EnvironmentVariable> vars) {
        Map<String, String> map = new LinkedHashMap<>();
        if (vars != null) {
            vars.forEach(v -> map.put(v.name(), v.value() + "|" + (v.typeAsString() == null ? "PLAINTEXT" : v.typeAsString())));
        }
        return map;
    }

    private static LogsConfig logsConfig(ResolvedSpec spec) {
        if (!spec.hasRef("logGroup")) {
            return LogsConfig.builder().cloudWatchLogs(c -> c.status(LogsConfigStatusType.ENABLED)).build();
        }
        String group = spec.refId("logGroup");
        return LogsConfig.builder().cloudWatchLogs(c -> c.status(LogsConfigStatusType.ENABLED).groupName(group)).build();
    }

    private static String roleArn(ResolvedSpec spec) {
        ResourceRecord role = spec.refs().get("serviceRole");
        if (role == null) {
            throw new IllegalStateException(spec.address() + " has no resolved ref 'serviceRole'");
        }
        String arn = role.attributes().get("arn");
        if (arn == null || arn.isBlank()) {
            throw new IllegalStateException("IAM role " + role.physicalId() + " has no ARN recorded; apply it again");
        }
        return arn;
    }

    private static int timeout(ResolvedSpec spec) {
        String t = spec.property("timeoutMinutes");
        return t == null || t.isBlank() ? DEFAULT_TIMEOUT_MINUTES : Integer.parseInt(t.trim());
    }

    /** A role CodeBuild cannot assume yet is IAM propagating: retried within the kind's window. */
    private static RuntimeException propagating(AwsServiceException e, ResolvedSpec spec) {
        String message = e.awsErrorDetails() == null ? "" : Objects.requireNonNullElse(e.awsErrorDetails().errorMessage(), "");
        if (INVALID_INPUT.equals(code(e)) && message.toLowerCase(Locale.ROOT).contains(NOT_ASSUMABLE.toLowerCase(Locale.ROOT))) {
            return new RetryableException(INVALID_INPUT, Message.of("project.roleNotAssumable", spec.property("name"), message), e);
        }
        return e;
    }

    static Optional<Project> get(CodeBuildClient cb, String name) {
        return cb.batchGetProjects(r -> r.names(name)).projects().stream().filter(p -> name.equals(p.name())).findFirst();
    }

    static Map<String, String> fromTags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> map.put(t.key(), t.value()));
        }
        return map;
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static LiveResource live(Project p) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", p.arn());
        return new LiveResource(p.name(), a, "");
    }

    private static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }
}
