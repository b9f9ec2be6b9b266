package dev.cairn.aws.ecs;

import static dev.cairn.aws.AwsErrors.code;
import static dev.cairn.aws.StackTags.owner;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.Settled;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.Address;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.EcsKinds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * A task definition family (provider {@code ecs/task_definition.go}), identified by its family:
 * Cairn registers revisions from the spec, each tagged with the stack and address, and the
 * pipeline registers more from the repository's {@code taskdef.json} (untagged, the same shape).
 * Cairn's revision is the newest ACTIVE revision of the family that carries its tags.
 *
 * <p>What Cairn registers is exactly the shape of {@code taskdef.json}: {@code awsvpc}, one
 * compatibility, task-level cpu and memory, one essential container with the image, one TCP port
 * mapping and {@code awslogs} to the log group with the container's name as stream prefix, and
 * the execution role. Tags are never sent empty (ECS refuses an empty list; the stack's tags are
 * always there).
 *
 * <p>An update registers a new revision (unless Cairn's newest already is what the spec says: a
 * repeated update registers nothing) and deregisters the older ones Cairn made; the pipeline's
 * revisions are CodeDeploy's to run and stay. The delete deregisters every ACTIVE revision of the
 * family, the pipeline's too, then deletes the inactive ones (DeleteTaskDefinitions, ten at a
 * time); AWS removes a deleted revision once nothing uses it.
 */
public final class TaskDefinitionHandler extends EcsHandler {

    /** DeleteTaskDefinitions takes at most ten revisions per call. */
    static final int DELETE_BATCH = 10;
    static final String DEFAULT_NETWORK_MODE = "awsvpc";
    static final String LOG_DRIVER_GROUP = "awslogs-group";
    static final String LOG_DRIVER_REGION = "awslogs-region";
    static final String LOG_DRIVER_PREFIX = "awslogs-stream-prefix";

    /** The properties a new revision carries. */
    private static final Set<String> DATA = Set.of("networkMode", "compatibilities", "cpu", "memory", "containerName",
            "containerPort", "image");

    public TaskDefinitionHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return EcsKinds.TASK_DEFINITION;
    }

    /**
     * Ours: Cairn's newest ACTIVE revision of the family. Taken: the family has ACTIVE revisions
     * and none carries this stack's tags for the address (someone else's family).
     */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        EcsClient ecs = ecs(spec.region());
        String family = required(spec, "family");
        List<String> active = revisions(ecs, family, TaskDefinitionStatus.ACTIVE);
        if (active.isEmpty()) {
            return Found.absent();
        }
        Optional<DescribeTaskDefinitionResponse> ours = newestOurs(ecs, active, ctx.stack(), spec.address());
        if (ours.isPresent()) {
            return Found.ours(live(ours.get().taskDefinition()));
        }
        Map<String, String> tags = fromTags(ecs.describeTaskDefinition(r -> r.taskDefinition(active.get(0))
                .include(TaskDefinitionField.TAGS)).tags());
        return Found.taken("task definition family " + family + " already has " + active.size() + " active revision(s) in "
                + spec.region() + ", the newest " + owner(tags));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        // RegisterTaskDefinition takes no client token; find runs before every create and adopts
        // a revision an interrupted create registered (it carries the tags).
        TaskDefinition registered = ecs(spec.region()).registerTaskDefinition(request(spec)).taskDefinition();
        // The registered revision is the answer, ACTIVE from the start: no describe to confirm it.
        return registered.status() == TaskDefinitionStatus.ACTIVE ? Settled.mark(live(registered)) : live(registered);
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (Settled.is(resource)) {
            return Poll.done(resource);
        }
        String arn = resource.attributes().getOrDefault("arn", resource.physicalId());
        Optional<TaskDefinition> td = describe(ecs(spec.region()), arn);
        if (td.isEmpty()) {
            return notVisibleYet(arn);
        }
        if (td.get().status() != TaskDefinitionStatus.ACTIVE) {
            return Poll.failed(Message.of("aws.stateOf", kind(), arn, td.get().statusAsString()));
        }
        return Poll.done(live(td.get()));
    }

    /**
     * A new revision when the spec's data differs from Cairn's newest revision, then the older
     * revisions Cairn made deregistered; the user's tags are written on Cairn's newest revision.
     */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(DATA);
        unknown.remove(TAGS);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        EcsClient ecs = ecs(spec.region());
        String family = required(spec, "family");
        List<String> active = revisions(ecs, family, TaskDefinitionStatus.ACTIVE);
        Optional<DescribeTaskDefinitionResponse> newest = newestOurs(ecs, active, ctx.stack(), spec.address());
        RegisterTaskDefinitionRequest wanted = request(spec);
        TaskDefinition now;
        if (newest.isPresent() && holds(newest.get().taskDefinition(), wanted)) {
            now = newest.get().taskDefinition();
        } else {
            ctx.say("ecs.newRevision", family);
            now = ctx.mutating("RegisterTaskDefinition", () -> ecs.registerTaskDefinition(wanted).taskDefinition());
        }
        TaskDefinition registered = now;
        for (String arn : active) {
            if (arn.equals(registered.taskDefinitionArn()) || revision(arn) > registered.revision()) {
                continue;
            }
            Map<String, String> tags = fromTags(ecs.describeTaskDefinition(r -> r.taskDefinition(arn)
                    .include(TaskDefinitionField.TAGS)).tags());
            if (isCairns(tags, ctx.stack(), spec.address())) {
                ctx.mutating("DeregisterTaskDefinition", () -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)));
            }
        }
        if (changed.contains(TAGS)) {
            Map<String, String> have = newest.isPresent() && newest.get().taskDefinition().equals(registered)
                    ? fromTags(newest.get().tags()) : spec.tags();
            if (!have.equals(spec.tags())) {
                retag(ecs, registered.taskDefinitionArn(), current.spec().tags(), spec.tags());
            }
        }
        return Poll.done(live(registered));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        EcsClient ecs = ecs(record);
        List<String> active = revisions(ecs, record.physicalId(), TaskDefinitionStatus.ACTIVE);
        if (active.isEmpty()) {
            return Optional.empty();
        }
        Optional<DescribeTaskDefinitionResponse> ours = newestOurs(ecs, active, ctx.stack(), record.address());
        if (ours.isPresent()) {
            return Optional.of(live(ours.get().taskDefinition()));
        }
        // Only the pipeline's revisions are left (Cairn's were deregistered by hand): the family lives on.
        return describe(ecs, active.get(0)).map(TaskDefinitionHandler::live);
    }

    /**
     * One step: deregister every ACTIVE revision of the family (the pipeline's too), then delete
     * the INACTIVE ones. Each part reads first, so a repeated step does no harm.
     */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        EcsClient ecs = ecs(record);
        String family = record.physicalId();
        for (String arn : revisions(ecs, family, TaskDefinitionStatus.ACTIVE)) {
            ignoreMissing(() -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)));
        }
        List<String> inactive = revisions(ecs, family, TaskDefinitionStatus.INACTIVE);
        for (int i = 0; i < inactive.size(); i += DELETE_BATCH) {
            List<String> batch = inactive.subList(i, Math.min(inactive.size(), i + DELETE_BATCH));
            ecs.deleteTaskDefinitions(r -> r.taskDefinitions(batch));
        }
        return Poll.done();
    }

    /**
     * Gone once the family has no ACTIVE or INACTIVE revision left. A revision in
     * {@code DELETE_IN_PROGRESS} counts as gone: AWS finishes it once no task uses it, and nothing
     * Cairn could call changes that.
     */
    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        EcsClient ecs = ecs(record);
        List<String> left = new ArrayList<>(revisions(ecs, record.physicalId(), TaskDefinitionStatus.ACTIVE));
        left.addAll(revisions(ecs, record.physicalId(), TaskDefinitionStatus.INACTIVE));
        if (left.isEmpty()) {
            return Poll.done();
        }
        return Poll.pending(Message.of("ecs.revisionsLeft", record.physicalId(), left.size()));
    }

    /** The request that registers a revision as the spec describes it. */
    RegisterTaskDefinitionRequest request(ResolvedSpec spec) {
        String family = required(spec, "family");
        String container = required(spec, "containerName");
        Map<String, String> logOptions = new LinkedHashMap<>();
        if (spec.hasRef("logGroup")) {
            logOptions.put(LOG_DRIVER_GROUP, spec.refId("logGroup"));
            logOptions.put(LOG_DRIVER_REGION, spec.region());
            logOptions.put(LOG_DRIVER_PREFIX, container);
        }
        ContainerDefinition.Builder c = ContainerDefinition.builder()
                .name(container)
                .image(required(spec, "image"))
                .essential(true)
                .portMappings(PortMapping.builder().containerPort(Integer.valueOf(required(spec, "containerPort")))
                        .protocol(TransportProtocol.TCP).build());
        if (!logOptions.isEmpty()) {
            c.logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(logOptions));
        }
        RegisterTaskDefinitionRequest.Builder r = RegisterTaskDefinitionRequest.builder()
                .family(family)
                .networkMode(NetworkMode.fromValue(optional(spec, "networkMode", DEFAULT_NETWORK_MODE)))
                .requiresCompatibilities(Compatibility.fromValue(required(spec, "compatibilities")))
                .cpu(required(spec, "cpu"))
                .memory(required(spec, "memory"))
                .containerDefinitions(c.build());
        if (spec.hasRef("executionRole")) {
            r.executionRoleArn(roleArn(spec.refs().get("executionRole")));
        }
        // Never an empty list: ECS answers "Tags cannot be empty" (the guide's "tags": []).
        if (!spec.tags().isEmpty()) {
            r.tags(toTags(spec.tags()));
        }
        return r.build();
    }

    /** A role's ARN, its {@code arn} attribute (the IAM handler records it). */
    private String roleArn(ResourceRecord role) {
        String arn = role.attributes().get("arn");
        if (arn != null && !arn.isBlank()) {
            return arn;
        }
        throw new IllegalStateException("role " + role.physicalId() + " has no arn attribute");
    }

    /** Whether a registered revision already is what the request would register. */
    static boolean holds(TaskDefinition have, RegisterTaskDefinitionRequest wanted) {
        if (have.containerDefinitions().size() != 1 || wanted.containerDefinitions().size() != 1) {
            return false;
        }
        ContainerDefinition h = have.containerDefinitions().get(0);
        ContainerDefinition w = wanted.containerDefinitions().get(0);
        Integer havePort = h.portMappings().isEmpty() ? null : h.portMappings().get(0).containerPort();
        Map<String, String> haveLog = h.logConfiguration() == null ? Map.of() : h.logConfiguration().options();
        Map<String, String> wantLog = w.logConfiguration() == null ? Map.of() : w.logConfiguration().options();
        return Objects.equals(have.networkModeAsString(), wanted.networkModeAsString())
                && Objects.equals(have.requiresCompatibilitiesAsStrings(), wanted.requiresCompatibilitiesAsStrings())
                && Objects.equals(have.cpu(), wanted.cpu())
                && Objects.equals(have.memory(), wanted.memory())
                && Objects.equals(have.executionRoleArn(), wanted.executionRoleArn())
                && Objects.equals(h.name(), w.name())
                && Objects.equals(h.image(), w.image())
                && Objects.equals(havePort, w.portMappings().get(0).containerPort())
                && Objects.equals(haveLog, wantLog);
    }

    /** The family's revisions in that status, newest first (exactly the family: the API filters by prefix). */
    static List<String> revisions(EcsClient ecs, String family, TaskDefinitionStatus status) {
        List<String> arns = new ArrayList<>();
        ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(family).status(status)).taskDefinitionArns().forEach(arn -> {
            if (family.equals(family(arn))) {
                arns.add(arn);
            }
        });
        arns.sort(Comparator.comparingInt(TaskDefinitionHandler::revision).reversed());
        return arns;
    }

    /** The newest of {@code active} that carries this stack's tags for the address. */
    private static Optional<DescribeTaskDefinitionResponse> newestOurs(EcsClient ecs, List<String> active, String stack,
            Address address) {
        for (String arn : active) {
            DescribeTaskDefinitionResponse d = ecs.describeTaskDefinition(r -> r.taskDefinition(arn).include(TaskDefinitionField.TAGS));
            if (isCairns(fromTags(d.tags()), stack, address)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    private static boolean isCairns(Map<String, String> tags, String stack, Address address) {
        return stack.equals(tags.get(Tags.STACK)) && address.value().equals(tags.get(Tags.ADDRESS));
    }

    static Optional<TaskDefinition> describe(EcsClient ecs, String arnOrFamily) {
        try {
            return Optional.ofNullable(ecs.describeTaskDefinition(r -> r.taskDefinition(arnOrFamily)).taskDefinition());
        } catch (AwsServiceException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void ignoreMissing(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            if (!isMissing(e)) {
                throw e;
            }
        }
    }

    /**
     * ECS answers a task definition it does not know with {@code ClientException} "Unable to
     * describe task definition." (moto: {@code ClientException} "Revision is missing." or
     * "The specified task definition does not exist.").
     */
    static boolean isMissing(AwsServiceException e) {
        String code = code(e);
        String message = message(e).toLowerCase(java.util.Locale.ROOT);
        return code.equals("ClientException") && (message.contains("unable to describe") || message.contains("does not exist")
                || message.contains("missing"));
    }

    /** {@code …:task-definition/family:7} → {@code family}. */
    static String family(String arn) {
        String tail = lastSegment(arn);
        int colon = tail.lastIndexOf(':');
        return colon < 0 ? tail : tail.substring(0, colon);
    }

    /** {@code …:task-definition/family:7} → 7. */
    static int revision(String arn) {
        String tail = lastSegment(arn);
        int colon = tail.lastIndexOf(':');
        return colon < 0 ? 0 : Integer.parseInt(tail.substring(colon + 1));
    }

    static LiveResource live(TaskDefinition td) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", td.taskDefinitionArn());
        a.put("revision", String.valueOf(td.revision()));
        return new LiveResource(td.family(), a, td.statusAsString());
    }
}
