package dev.cairn.aws.autoscaling;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.elbv2.TargetHealthWords;
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
import dev.cairn.model.kinds.AutoScalingKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * An Auto Scaling group (provider {@code autoscaling/group.go}) of the launch template's
 * instances in the app subnets, registered with the target group. Physical ID its name.
 *
 * <p>Ready when {@code desired} instances are InService <em>and</em> healthy in every target
 * group: InService alone says only that EC2 started them, not that the load balancer can reach
 * them. While a target stays unhealthy the message says why in words (AWS's reason code:
 * {@code Target.Timeout} is nearly always the instance's security group not admitting the load
 * balancer's).
 *
 * <p>The size, the grace period and the health-check type change in place with
 * UpdateAutoScalingGroup, and the update then waits as the create does: raising {@code max} is an
 * update, never a replacement. The group launches the launch template's {@code $Default} version,
 * so a new template version (a new instance type, a new image) is what it launches from then on.
 *
 * <p>Deleted in steps, each re-entrant: scaled to zero, every instance terminated (each drains
 * from its target group first), then DeleteAutoScalingGroup, then gone.
 */
public final class AutoScalingGroupHandler implements ResourceHandler {

    /** The ref family of the group's subnets ({@code subnet.a}, {@code subnet.c}). */
    static final String SUBNET_REFS = "subnet";
    /** Launch the template's default version, so that a new default is picked up without touching the group. */
    static final String DEFAULT_VERSION = "$Default";
    /** AWS's {@code Status} of a group whose delete was accepted. */
    static final String DELETE_IN_PROGRESS = "Delete in progress";
    /**
     * What AWS writes in the cause of an activity that took an instance out of service for its
     * health ("… in response to an ELB system health check failure.").
     */
    static final String HEALTH_CHECK_FAILURE = "health check failure";
    /** AWS's {@code ResourceType} for tags on a group. */
    static final String TAG_RESOURCE_TYPE = "auto-scaling-group";

    /** Lifecycle states of an instance on its way out; it no longer counts toward the group. */
    private static final Set<LifecycleState> LEAVING = Set.of(LifecycleState.TERMINATING, LifecycleState.TERMINATING_WAIT,
            LifecycleState.TERMINATING_PROCEED, LifecycleState.TERMINATED);

    private final AwsClients clients;

    public AutoScalingGroupHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return AutoScalingKinds.AUTO_SCALING_GROUP;
    }

    private AutoScalingClient asg(String region) {
        return clients.autoScaling(region);
    }

    /** By name: ours when its tags carry this stack and address, taken otherwise (names are unique per region). */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        String name = required(spec, "name");
        Optional<AutoScalingGroup> existing = describe(asg(spec.region()), name);
        if (existing.isEmpty()) {
            return Found.absent();
        }
        AutoScalingGroup g = existing.get();
        Map<String, String> tags = tags(g);
        if (ctx.stack().equals(tags.get(Tags.STACK)) && spec.address().value().equals(tags.get(Tags.ADDRESS))) {
            return Found.ours(live(g));
        }
        String owner = tags.containsKey(Tags.STACK)
                ? "tagged for stack " + tags.get(Tags.STACK) + " at " + tags.getOrDefault(Tags.ADDRESS, "(no address)")
                : "without Cairn's tags";
        return Found.taken("Auto Scaling group " + name + " already exists in " + spec.region() + ", " + owner);
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String name = required(spec, "name");
        AutoScalingClient asg = asg(spec.region());
        // No client token: CreateAutoScalingGroup answers AlreadyExists for a second call, and
        // find runs before every create, so a healed intent adopts the group instead.
        asg.createAutoScalingGroup(r -> {
            r.autoScalingGroupName(name)
                    .launchTemplate(lt -> lt.launchTemplateId(spec.refId("launchTemplate")).version(DEFAULT_VERSION))
                    .minSize(intProp(spec, "min"))
                    .maxSize(intProp(spec, "max"))
                    .desiredCapacity(intProp(spec, "desired"))
                    .vpcZoneIdentifier(String.join(",", subnetIds(spec)))
                    .healthCheckType(healthCheckType(spec))
                    .tags(groupTags(name, spec.tags()));
            if (spec.property("healthCheckGraceSeconds") != null) {
                r.healthCheckGracePeriod(intProp(spec, "healthCheckGraceSeconds"));
            }
            if (spec.hasRef("targetGroup")) {
                r.targetGroupARNs(spec.refId("targetGroup"));
            }
        });
        return describe(asg, name).map(AutoScalingGroupHandler::live).orElse(LiveResource.of(name));
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Optional<AutoScalingGroup> g = describe(asg(spec.region()), resource.physicalId());
        if (g.isEmpty()) {
            return Poll.pending(Message.of("aws.notVisible", kind(), resource.physicalId()));
        }
        return readiness(spec.region(), g.get());
    }

    /**
     * Whether the group is at its (live) desired capacity with every InService instance healthy
     * in its target groups. The live desired capacity, not the spec's: a scaling policy may have
     * moved it, and the group is ready at whatever size it was asked to be.
     */
    private Poll readiness(String region, AutoScalingGroup g) {
        String name = g.autoScalingGroupName();
        if (DELETE_IN_PROGRESS.equals(g.status())) {
            return Poll.failed(Message.of("aws.stateOf", kind(), name, g.status()));
        }
        List<String> inService = g.instances().stream()
                .filter(i -> i.lifecycleState() == LifecycleState.IN_SERVICE)
                .map(Instance::instanceId)
                .sorted()
                .toList();
        int desired = g.desiredCapacity() == null ? 0 : g.desiredCapacity();
        if (inService.size() < desired) {
            if (inService.size() + launching(g) >= desired) {
                // Every missing instance is on its way: no launch has failed yet, so no activity to read.
                return Poll.pending(Message.of("asg.waitingInService", name, inService.size(), desired), live(g));
            }
            Optional<Activity> failed = latestActivity(asg(region), name)
                    .filter(a -> a.statusCode() == ScalingActivityStatusCode.FAILED
                            || a.statusCode() == ScalingActivityStatusCode.CANCELLED);
            if (failed.isPresent()) {
                String why = failed.get().statusMessage() != null ? failed.get().statusMessage() : failed.get().description();
                return Poll.pending(Message.of("asg.activityFailed", name, inService.size(), desired, why), live(g));
            }
            return Poll.pending(Message.of("asg.waitingInService", name, inService.size(), desired), live(g));
        }
        if (!inService.isEmpty()) {
            for (String targetGroup : g.targetGroupARNs()) {
                List<TargetHealthDescription> health = clients.elbv2(region).describeTargetHealth(r -> r.targetGroupArn(targetGroup)
                        .targets(inService.stream().map(id -> TargetDescription.builder().id(id).build()).toList()))
                        .targetHealthDescriptions();
                List<TargetHealthDescription> notHealthy = health.stream()
                        .filter(h -> h.targetHealth() == null || h.targetHealth().state() != TargetHealthStateEnum.HEALTHY)
                        .toList();
                if (!notHealthy.isEmpty() || health.size() < inService.size()) {
                    if (notHealthy.isEmpty()) {
                        return Poll.pending(Message.of("asg.waitingInService", name, health.size(), desired), live(g));
                    }
                    TargetHealthDescription first = notHealthy.get(0);
                    String state = first.targetHealth() == null ? "" : first.targetHealth().stateAsString();
                    if (first.targetHealth() == null || first.targetHealth().state() != TargetHealthStateEnum.UNHEALTHY) {
                        // With health check type ELB the group replaces an unhealthy instance once
                        // its grace is over, and the replacement starts over as a new target: the
                        // reason is then in the group's activities, not in the new target's state.
                        Optional<String> replaced = latestActivity(asg(region), name)
                                .map(Activity::cause)
                                .filter(c -> c != null && c.contains(HEALTH_CHECK_FAILURE));
                        if (replaced.isPresent()) {
                            return Poll.pending(Message.of("asg.replacingUnhealthy", name, replaced.get()), live(g));
                        }
                    }
                    Message why = first.targetHealth() == null ? Message.raw("")
                            : TargetHealthWords.reason(first.targetHealth().reasonAsString(), first.targetHealth().description());
                    return Poll.pending(Message.of("asg.targetsNotHealthy", name, inService.size() - notHealthy.size(),
                            inService.size(), first.target().id(), state, why), live(g));
                }
            }
        }
        return Poll.done(live(g));
    }

    /**
     * One step: when a changed setting differs from the group, UpdateAutoScalingGroup with the
     * changed ones only (a desired capacity a scaling policy set is left alone unless the plan
     * changes it); then the same wait as on create. {@code instanceType} belongs to the launch
     * template, whose new default version the group launches from then on: nothing to call here.
     */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        AutoScalingClient asg = asg(spec.region());
        String name = current.physicalId();
        AutoScalingGroup g = describe(asg, name)
                .orElseThrow(() -> new IllegalStateException("Auto Scaling group " + name + " is gone; it cannot be changed"));
        if (changed.contains(TAGS)) {
            retag(asg, name, current.spec().tags(), spec.tags());
        }
        boolean min = changed.contains("min") && !Objects.equals(g.minSize(), intProp(spec, "min"));
        boolean max = changed.contains("max") && !Objects.equals(g.maxSize(), intProp(spec, "max"));
        boolean desired = changed.contains("desired") && !Objects.equals(g.desiredCapacity(), intProp(spec, "desired"));
        boolean grace = changed.contains("healthCheckGraceSeconds") && spec.property("healthCheckGraceSeconds") != null
                && !Objects.equals(g.healthCheckGracePeriod(), intProp(spec, "healthCheckGraceSeconds"));
        boolean type = changed.contains("healthCheckType") && !healthCheckType(spec).equals(g.healthCheckType());
        if (min || max || desired || grace || type) {
            asg.updateAutoScalingGroup(r -> {
                r.autoScalingGroupName(name);
                if (min) {
                    r.minSize(intProp(spec, "min"));
                }
                if (max) {
                    r.maxSize(intProp(spec, "max"));
                }
                if (desired) {
                    r.desiredCapacity(intProp(spec, "desired"));
                }
                if (grace) {
                    r.healthCheckGracePeriod(intProp(spec, "healthCheckGraceSeconds"));
                }
                if (type) {
                    r.healthCheckType(healthCheckType(spec));
                }
            });
            return Poll.pending(Message.of("asg.resizing", name, spec.property("min"), spec.property("max"), spec.property("desired")));
        }
        return readiness(spec.region(), g);
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return describe(asg(record.spec().region()), record.physicalId()).map(AutoScalingGroupHandler::live);
    }

    /**
     * One step of the delete: scale to zero, wait for the instances to terminate, then delete the
     * empty group. Deleting with instances would answer ResourceInUse, and ForceDelete would skip
     * the draining from the target group that the scale-in does.
     */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        AutoScalingClient asg = asg(record.spec().region());
        String name = record.physicalId();
        Optional<AutoScalingGroup> found = describe(asg, name);
        if (found.isEmpty() || DELETE_IN_PROGRESS.equals(found.get().status())) {
            return Poll.done();
        }
        AutoScalingGroup g = found.get();
        if (g.minSize() != 0 || g.desiredCapacity() != 0) {
            ctx.mutating("UpdateAutoScalingGroup", () -> asg.updateAutoScalingGroup(r -> r.autoScalingGroupName(name)
                    .minSize(0).desiredCapacity(0)));
            return Poll.pending(Message.of("asg.scalingToZero", name));
        }
        List<String> remaining = g.instances().stream()
                .filter(i -> i.lifecycleState() != LifecycleState.TERMINATED)
                .map(Instance::instanceId)
                .sorted()
                .toList();
        if (!remaining.isEmpty()) {
            return Poll.pending(Message.of("asg.waitingTerminate", remaining.size(), name, String.join(", ", remaining)));
        }
        try {
            asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName(name));
        } catch (AwsServiceException e) {
            String code = code(e);
            if (code.equals("ResourceInUse") || code.equals("ScalingActivityInProgress")) {
                // A scaling activity (the last termination) is still finishing.
                throw new RetryableException(code, Message.of("asg.activityInProgress", name), e);
            }
            if (isMissing(e)) {
                return Poll.done();
            }
            throw e;
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        Optional<AutoScalingGroup> g = describe(asg(record.spec().region()), record.physicalId());
        if (g.isEmpty()) {
            return Poll.done();
        }
        String status = g.get().status() == null ? "" : g.get().status();
        return Poll.pending(Message.of("aws.stateOf", kind(), record.physicalId(), status.isEmpty() ? "still there" : status));
    }

    /** Instances still launching (Pending, or in a launch lifecycle hook): on their way in service. */
    private static long launching(AutoScalingGroup g) {
        return g.instances().stream()
                .filter(i -> i.lifecycleState() == LifecycleState.PENDING || i.lifecycleState() == LifecycleState.PENDING_WAIT
                        || i.lifecycleState() == LifecycleState.PENDING_PROCEED)
                .count();
    }

    static Optional<AutoScalingGroup> describe(AutoScalingClient asg, String name) {
        // DescribeAutoScalingGroups answers an empty list for a name that does not exist.
        return asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().stream()
                .filter(g -> name.equals(g.autoScalingGroupName()))
                .findFirst();
    }

    private static Optional<Activity> latestActivity(AutoScalingClient asg, String name) {
        // Activities come newest first.
        return asg.describeScalingActivities(r -> r.autoScalingGroupName(name).maxRecords(1)).activities().stream().findFirst();
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

    /** The stack's tags on the group, propagated to every instance it launches. */
    static List<Tag> groupTags(String name, Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue())
                .propagateAtLaunch(true).resourceId(name).resourceType(TAG_RESOURCE_TYPE).build()).toList();
    }

    private static void retag(AutoScalingClient asg, String name, Map<String, String> userTagsBefore, Map<String, String> wanted) {
        List<Tag> gone = new ArrayList<>();
        for (String key : userTagsBefore.keySet()) {
            if (!wanted.containsKey(key) && !Tags.isCairns(key)) {
                gone.add(Tag.builder().key(key).resourceId(name).resourceType(TAG_RESOURCE_TYPE).build());
            }
        }
        if (!gone.isEmpty()) {
            asg.deleteTags(r -> r.tags(gone));
        }
        asg.createOrUpdateTags(r -> r.tags(groupTags(name, wanted)));
    }

    static Map<String, String> tags(AutoScalingGroup g) {
        Map<String, String> map = new LinkedHashMap<>();
        for (TagDescription t : g.tags()) {
            map.put(t.key(), t.value());
        }
        return map;
    }

    private static String healthCheckType(ResolvedSpec spec) {
        return spec.property("healthCheckType") == null ? "ELB" : spec.property("healthCheckType");
    }

    static String code(AwsServiceException e) {
        return dev.cairn.aws.AwsErrors.code(e);
    }

    /** Auto Scaling answers a group that does not exist with ValidationError "… not found". */
    static boolean isMissing(AwsServiceException e) {
        return code(e).equals("ValidationError") && e.awsErrorDetails().errorMessage() != null
                && e.awsErrorDetails().errorMessage().toLowerCase(java.util.Locale.ROOT).contains("not found");
    }

    private static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }

    private static Integer intProp(ResolvedSpec spec, String property) {
        return Integer.valueOf(required(spec, property).trim());
    }

    static LiveResource live(AutoScalingGroup g) {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> instances = g.instances().stream()
                .filter(i -> !LEAVING.contains(i.lifecycleState()))
                .map(Instance::instanceId).sorted().toList();
        long inService = g.instances().stream().filter(i -> i.lifecycleState() == LifecycleState.IN_SERVICE).count();
        attributes.put("arn", g.autoScalingGroupARN());
        attributes.put("name", g.autoScalingGroupName());
        attributes.put("instances", String.join(",", instances));
        attributes.put("inService", String.valueOf(inService));
        attributes.put("min", String.valueOf(g.minSize()));
        attributes.put("max", String.valueOf(g.maxSize()));
        attributes.put("desired", String.valueOf(g.desiredCapacity()));
        attributes.values().removeIf(v -> v == null);
        return new LiveResource(g.autoScalingGroupName(), attributes, g.status() == null ? "" : g.status());
    }
}
