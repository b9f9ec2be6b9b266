package dev.cairn.aws.ecs;

import static dev.cairn.aws.AwsErrors.code;
import static dev.cairn.aws.StackTags.isOurs;
import static dev.cairn.aws.StackTags.owner;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.EcsKinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * An ECS service whose deployments CodeDeploy controls (provider {@code ecs/service.go}), found
 * through its cluster by name, physical ID its ARN.
 *
 * <p>Created with deployment controller {@code CODE_DEPLOY}, the blue target group with the
 * container's name and port, {@code awsvpc} networking in the app subnets with the tasks'
 * security group (no public IP), and either launch type {@code FARGATE} or the cluster's capacity
 * provider as its strategy (capacity {@code ec2}). The task definition is the first revision
 * only: from the first release on CodeDeploy decides which revision runs (as a new task set), so
 * neither a read nor an update ever compares it with the spec — the attribute
 * {@code taskDefinition} says what runs now.
 *
 * <p>Ready when {@code runningCount} reaches {@code desiredCount}; while it does not, the wait
 * says the service's newest event (ECS's own words for why tasks do not start or stay unhealthy).
 * The desired count and the health check grace change in place with UpdateService. The delete
 * scales it to zero, deletes it ({@code force}, which a service with task sets needs) and waits
 * until it is {@code INACTIVE} (tasks drain from the target group first).
 */
public final class ServiceHandler extends EcsHandler {

    static final String ACTIVE = "ACTIVE";
    static final String DRAINING = "DRAINING";
    static final String INACTIVE = "INACTIVE";
    /** The ref family of the tasks' subnets ({@code subnet.a}, {@code subnet.c}). */
    static final String SUBNET_REFS = "subnet";
    static final String INVALID_PARAMETER = "InvalidParameterException";
    static final String NOT_IDEMPOTENT = "not idempotent";

    public ServiceHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return EcsKinds.SERVICE;
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        String name = required(spec, "name");
        Optional<Service> existing = describe(ecs(spec.region()), spec.refId("cluster"), name);
        if (existing.isEmpty() || !ACTIVE.equals(existing.get().status())) {
            // A DRAINING one is on its way out; its name is free once it is INACTIVE (the create retries until then).
            return Found.absent();
        }
        Map<String, String> tags = fromTags(existing.get().tags());
        if (isOurs(tags, ctx, spec)) {
            return Found.ours(live(existing.get()));
        }
        return Found.taken("ECS service " + name + " (" + existing.get().serviceArn() + ") already exists in cluster "
                + spec.refId("cluster") + ", " + owner(tags));
    }

    /**
     * CreateService with the client token the engine journaled (ECS answers a repeated call with
     * the same token with the same service). {@code InvalidParameterException} is retried within
     * the kind's window: a new execution role not assumable yet, a target group whose listener ECS
     * does not see yet, a name still draining.
     */
    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        try {
            return live(ecs(spec.region()).createService(request(spec, clientToken)).service());
        } catch (AwsServiceException e) {
            // "Creation of service was not idempotent": the name is taken by a service another
            // token created (find would have adopted ours) — permanent, not propagation.
            if (INVALID_PARAMETER.equals(code(e)) && !message(e).contains(NOT_IDEMPOTENT)) {
                throw new RetryableException(INVALID_PARAMETER, Message.of("ecs.serviceRefused", required(spec, "name"), message(e)), e);
            }
            throw e;
        }
    }

    CreateServiceRequest request(ResolvedSpec spec, String clientToken) {
        String container = required(spec, "containerName");
        int port = Integer.parseInt(required(spec, "containerPort"));
        CreateServiceRequest.Builder r = CreateServiceRequest.builder()
                .cluster(spec.refId("cluster"))
                .serviceName(required(spec, "name"))
                .taskDefinition(refAttribute(spec, "taskDefinition", "arn"))
                .desiredCount(Integer.valueOf(required(spec, "desiredCount")))
                .deploymentController(c -> c.type(DeploymentControllerType.CODE_DEPLOY))
                .loadBalancers(lb -> lb.targetGroupArn(spec.refId("targetGroup")).containerName(container).containerPort(port))
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnetIds(spec))
                        .securityGroups(spec.refId("securityGroup")).assignPublicIp(AssignPublicIp.DISABLED)))
                .tags(toTags(spec.tags()))
                .clientToken(clientToken);
        String launchType = optional(spec, "launchType", LaunchType.FARGATE.toString());
        if (LaunchType.EC2.toString().equals(launchType) && spec.hasRef("capacityProvider")) {
            r.capacityProviderStrategy(s -> s.capacityProvider(spec.refId("capacityProvider")).weight(1).base(0));
        } else {
            r.launchType(LaunchType.fromValue(launchType));
        }
        if (spec.property("healthCheckGraceSeconds") != null && !spec.property("healthCheckGraceSeconds").isBlank()) {
            r.healthCheckGracePeriodSeconds(Integer.valueOf(spec.property("healthCheckGraceSeconds").trim()));
        }
        return r.build();
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Optional<Service> s = describe(ecs(spec.region()), spec.refId("cluster"), resource.physicalId());
        if (s.isEmpty()) {
            return notVisibleYet(resource.physicalId());
        }
        return readiness(s.get());
    }

    /** Done when the running tasks reach the desired count; otherwise what the service's newest event says. */
    private Poll readiness(Service s) {
        if (!ACTIVE.equals(s.status())) {
            return Poll.failed(Message.of("aws.stateOf", kind(), s.serviceName(), s.status()));
        }
        int desired = s.desiredCount() == null ? 0 : s.desiredCount();
        int running = s.runningCount() == null ? 0 : s.runningCount();
        if (running >= desired) {
            return Poll.done(live(s));
        }
        String latest = s.events().stream().findFirst().map(ServiceEvent::message).orElse("");
        return Poll.pending(Message.of("ecs.serviceWaiting", s.serviceName(), running, desired, latest), live(s));
    }

    /** Desired count and health check grace with UpdateService (only what changed and differs), then the same wait as on create. */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(Set.of("desiredCount", "healthCheckGraceSeconds", TAGS));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        EcsClient ecs = ecs(spec.region());
        String cluster = spec.refId("cluster");
        Service s = describe(ecs, cluster, current.physicalId())
                .filter(x -> ACTIVE.equals(x.status()))
                .orElseThrow(() -> new IllegalStateException("ECS service " + current.physicalId() + " is gone; plan again to create it"));
        if (changed.contains(TAGS) && !fromTags(s.tags()).equals(spec.tags())) {
            retag(ecs, s.serviceArn(), current.spec().tags(), spec.tags());
        }
        Integer desired = Integer.valueOf(required(spec, "desiredCount"));
        boolean count = changed.contains("desiredCount") && !Objects.equals(s.desiredCount(), desired);
        String graceWord = spec.property("healthCheckGraceSeconds");
        Integer grace = graceWord == null || graceWord.isBlank() ? null : Integer.valueOf(graceWord.trim());
        boolean graceChanged = changed.contains("healthCheckGraceSeconds") && grace != null
                && !Objects.equals(s.healthCheckGracePeriodSeconds(), grace);
        if (count || graceChanged) {
            Service updated = ecs.updateService(r -> {
                r.cluster(cluster).service(s.serviceArn());
                if (count) {
                    r.desiredCount(desired);
                }
                if (graceChanged) {
                    r.healthCheckGracePeriodSeconds(grace);
                }
            }).service();
            return readiness(updated);
        }
        return readiness(s);
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return describe(ecs(record), clusterOf(record), record.physicalId())
                .filter(s -> !INACTIVE.equals(s.status()))
                .map(ServiceHandler::live);
    }

    /**
     * One step: scale to zero (so the tasks drain from the target group), then DeleteService
     * with {@code force} (a CODE_DEPLOY service keeps its task sets otherwise). Absent,
     * {@code DRAINING} or {@code INACTIVE} counts as done.
     */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        EcsClient ecs = ecs(record);
        String cluster = clusterOf(record);
        Optional<Service> found = describe(ecs, cluster, record.physicalId());
        if (found.isEmpty() || !ACTIVE.equals(found.get().status())) {
            return Poll.done();
        }
        Service s = found.get();
        if (s.desiredCount() != null && s.desiredCount() != 0) {
            ctx.say("ecs.serviceScalingToZero", s.serviceName());
            ctx.mutating("UpdateService", () -> ecs.updateService(r -> r.cluster(cluster).service(s.serviceArn()).desiredCount(0)));
        }
        try {
            ecs.deleteService(r -> r.cluster(cluster).service(s.serviceArn()).force(true));
        } catch (AwsServiceException e) {
            if (!isMissing(e)) {
                throw e;
            }
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        Optional<Service> s = describe(ecs(record), clusterOf(record), record.physicalId());
        if (s.isEmpty() || INACTIVE.equals(s.get().status())) {
            return Poll.done();
        }
        return Poll.pending(Message.of("ecs.serviceDraining", s.get().serviceName(), s.get().status(),
                s.get().runningCount() == null ? 0 : s.get().runningCount()));
    }

    /**
     * The service by name or ARN in its cluster, with its tags; empty when ECS does not know it
     * (DescribeServices answers a failure {@code MISSING}, or {@code ClusterNotFoundException}
     * once the cluster itself is gone).
     */
    static Optional<Service> describe(EcsClient ecs, String cluster, String nameOrArn) {
        try {
            return ecs.describeServices(r -> r.cluster(cluster).services(nameOrArn).include(ServiceField.TAGS)).services().stream()
                    .filter(s -> nameOrArn.equals(s.serviceName()) || nameOrArn.equals(s.serviceArn()))
                    .findFirst();
        } catch (AwsServiceException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean isMissing(AwsServiceException e) {
        String code = code(e);
        return code.equals("ClusterNotFoundException") || code.equals("ServiceNotFoundException");
    }

    /**
     * The cluster of a recorded service: its {@code cluster} attribute, else the cluster named in
     * the ARN ({@code …:service/<cluster>/<name>}, the long ARN format every account has now).
     */
    static String clusterOf(ResourceRecord record) {
        String cluster = record.attributes().get("cluster");
        if (cluster != null && !cluster.isBlank()) {
            return cluster;
        }
        String[] parts = record.physicalId().split("/");
        if (parts.length == 3) {
            return parts[1];
        }
        throw new IllegalStateException("ECS service " + record.physicalId() + " has no cluster attribute");
    }

    /** The subnets of the {@code subnet} ref family, in the order of their ref names (zone a, c, …). */
    static List<String> subnetIds(ResolvedSpec spec) {
        Set<String> names = new TreeSet<>();
        for (String ref : spec.refs().keySet()) {
            if (ref.equals(SUBNET_REFS) || ref.startsWith(SUBNET_REFS + ResourceKind.REF_FAMILY_SEPARATOR)) {
                names.add(ref);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(spec.address() + " has no subnet refs");
        }
        return names.stream().map(spec::refId).toList();
    }

    /**
     * What runs now: the PRIMARY task set's revision when CodeDeploy has made task sets (the
     * service's own field keeps the first revision), else the service's.
     */
    static String running(Service s) {
        return s.taskSets().stream().filter(t -> "PRIMARY".equals(t.status())).map(TaskSet::taskDefinition).findFirst()
                .orElse(s.taskDefinition());
    }

    static LiveResource live(Service s) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("name", s.serviceName());
        a.put("cluster", s.clusterArn() == null ? null : lastSegment(s.clusterArn()));
        a.put("status", s.status());
        a.put("runningCount", String.valueOf(s.runningCount() == null ? 0 : s.runningCount()));
        a.put("desiredCount", String.valueOf(s.desiredCount() == null ? 0 : s.desiredCount()));
        a.put("taskDefinition", running(s));
        a.put("taskSets", String.valueOf(s.taskSets().size()));
        a.values().removeIf(v -> v == null);
        return new LiveResource(s.serviceArn(), a, s.status());
    }
}
