package dev.cairn.sandbox.autoscaling;

import dev.cairn.sandbox.autoscaling.AutoScalingStore.Activity;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.Group;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.GroupInstance;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.RegionState;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.elbv2.ElbTargets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of Auto Scaling groups as the API sees them: create, update, desired capacity, delete,
 * terminate an instance, tags. Everything time-driven (launching, terminating, health, target
 * tracking) is {@link Scaler}'s, which runs before every request.
 */
final class Groups {
    /** AWS's limit on a group name. */
    static final int MAX_NAME_LENGTH = 255;
    /** AWS's limit on tags per group. */
    static final int MAX_TAGS = 50;
    static final Set<String> HEALTH_CHECK_TYPES = Set.of("EC2", "ELB", "VPC_LATTICE", "EBS");
    /** What AWS records of a group's activities is bounded; the Sandbox keeps the newest this many. */
    static final int MAX_ACTIVITIES = 200;

    private final Call call;
    private final RegionState state;

    Groups(Call call) {
        this.call = call;
        this.state = call.state(AutoScalingStore.class).region(call.accountId(), call.region());
    }

    RegionState state() {
        return state;
    }

    /** The group of that name; {@code ValidationError} as AWS words it for most operations. */
    Group group(String name) {
        Group g = state.groups.get(name);
        if (g == null) {
            throw validation("AutoScalingGroup name not found - AutoScalingGroup '" + name + "' not found");
        }
        return g;
    }

    /** The parameters of CreateAutoScalingGroup / UpdateAutoScalingGroup that Cairn's groups use. */
    record Spec(String name, String launchTemplateId, String launchTemplateName, String launchTemplateVersion,
                Integer minSize, Integer maxSize, Integer desiredCapacity, String vpcZoneIdentifier,
                List<String> targetGroupArns, String healthCheckType, Integer healthCheckGracePeriod,
                Integer defaultInstanceWarmup, List<TagSpec> tags) {
    }

    /** A tag of CreateOrUpdateTags / CreateAutoScalingGroup. */
    record TagSpec(String resourceId, String key, String value, boolean propagateAtLaunch) {
    }

    Group create(Spec s) {
        String name = s.name();
        if (name == null || name.isEmpty()) {
            throw AwsException.missingParameter("AutoScalingGroupName");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw validation("1 validation error detected: Value '" + name + "' at 'autoScalingGroupName' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + MAX_NAME_LENGTH);
        }
        if (s.minSize() == null) {
            throw AwsException.missingParameter("MinSize");
        }
        if (s.maxSize() == null) {
            throw AwsException.missingParameter("MaxSize");
        }
        if (state.groups.containsKey(name)) {
            throw new AwsException("AlreadyExists",
                    "AutoScalingGroup by this name already exists - A group with the name " + name + " already exists");
        }
        if (s.launchTemplateId() == null && s.launchTemplateName() == null) {
            throw validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, "
                    + "InstanceId or MixedInstancesPolicy parameter.");
        }
        int desired = s.desiredCapacity() == null ? s.minSize() : s.desiredCapacity();
        checkBounds(s.minSize(), s.maxSize(), desired);
        Group g = new Group();
        g.id = name;
        g.createdAt = call.now();
        g.uuid = uuid();
        g.arn = arn(g).toString();
        resolveTemplate(g, s);
        zones(g, s.vpcZoneIdentifier());
        if (s.targetGroupArns() != null) {
            checkTargetGroups(s.targetGroupArns());
            g.targetGroupArns = new ArrayList<>(s.targetGroupArns());
        }
        healthCheck(g, s);
        if (s.defaultInstanceWarmup() != null) {
            g.defaultInstanceWarmup = requireNonNegative(s.defaultInstanceWarmup(), "defaultInstanceWarmup");
        }
        g.minSize = s.minSize();
        g.maxSize = s.maxSize();
        g.desiredCapacity = desired;
        g.cpuSince = call.now();
        if (s.tags() != null) {
            if (s.tags().size() > MAX_TAGS) {
                throw tooManyTags();
            }
            for (TagSpec t : s.tags()) {
                putTag(g, t);
            }
        }
        g.capacityCause = "At " + stamp(call.now()) + " a user request created an AutoScalingGroup changing the "
                + "desired capacity from 0 to " + desired + ".";
        state.groups.put(name, g);
        return g;
    }

    void update(Spec s) {
        Group g = state.groups.get(s.name());
        if (g == null || g.deleting) {
            throw validation("AutoScalingGroup name not found - null");
        }
        int min = s.minSize() == null ? g.minSize : s.minSize();
        int max = s.maxSize() == null ? g.maxSize : s.maxSize();
        int desired;
        if (s.desiredCapacity() != null) {
            desired = s.desiredCapacity();
        } else {
            // AWS moves desired capacity into new bounds when only the bounds change.
            desired = Math.max(min, Math.min(max, g.desiredCapacity));
        }
        checkBounds(min, max, desired);
        if (s.launchTemplateId() != null || s.launchTemplateName() != null) {
            resolveTemplate(g, s);
        }
        if (s.vpcZoneIdentifier() != null) {
            zones(g, s.vpcZoneIdentifier());
        }
        healthCheck(g, s);
        if (s.defaultInstanceWarmup() != null) {
            g.defaultInstanceWarmup = s.defaultInstanceWarmup() < 0 ? null : s.defaultInstanceWarmup();
        }
        int before = g.desiredCapacity;
        g.minSize = min;
        g.maxSize = max;
        if (desired != before) {
            g.desiredCapacity = desired;
            g.capacityCause = "At " + stamp(call.now()) + " a user request update of AutoScalingGroup constraints to "
                    + "min: " + min + ", max: " + max + ", desired: " + desired + " changing the desired capacity from "
                    + before + " to " + desired + ".";
        }
    }

    void setDesiredCapacity(String name, int desired) {
        Group g = state.groups.get(name);
        if (g == null || g.deleting) {
            throw validation("AutoScalingGroup name not found - null");
        }
        if (desired > g.maxSize) {
            throw validation("New SetDesiredCapacity value " + desired + " is above max value " + g.maxSize
                    + " for the AutoScalingGroup.");
        }
        if (desired < g.minSize) {
            throw validation("New SetDesiredCapacity value " + desired + " is below min value " + g.minSize
                    + " for the AutoScalingGroup.");
        }
        if (desired != g.desiredCapacity) {
            g.capacityCause = "At " + stamp(call.now()) + " a user request explicitly set group desired capacity "
                    + "changing the desired capacity from " + g.desiredCapacity + " to " + desired + ".";
            g.desiredCapacity = desired;
        }
    }

    /**
     * DeleteAutoScalingGroup. Without ForceDelete AWS refuses while an activity runs or any instance
     * is still in the group; with it, the group shows {@code Delete in progress} and goes once
     * {@link Scaler} has terminated its instances.
     */
    void delete(String name, boolean force) {
        Group g = state.groups.get(name);
        if (g == null) {
            throw validation("AutoScalingGroup name not found - AutoScalingGroup '" + name + "' not found");
        }
        if (g.deleting) {
            return;
        }
        if (!force) {
            if (g.activities.stream().anyMatch(a -> !a.finished())) {
                throw new AwsException("ScalingActivityInProgress",
                        "You cannot delete an AutoScalingGroup while there are scaling activities in progress for "
                                + "that group.");
            }
            if (!g.instances.isEmpty()) {
                throw new AwsException("ResourceInUse", "You cannot delete an AutoScalingGroup while there are "
                        + "instances or pending Spot instance request(s) still in the group.");
            }
            state.groups.remove(name);
            return;
        }
        String cause = "At " + stamp(call.now()) + " a user request deleted the AutoScalingGroup changing the "
                + "desired capacity from " + g.desiredCapacity + " to 0.";
        g.deleting = true;
        g.minSize = 0;
        g.maxSize = 0;
        g.desiredCapacity = 0;
        g.capacityCause = cause;
        // The instances are taken out of service by the scaler's scale-in, which now picks all of them.
    }

    /**
     * TerminateInstanceInAutoScalingGroup: the instance enters Terminating; without the decrement
     * the scaler launches its replacement.
     *
     * @return the activity of the termination
     */
    Activity terminateInstance(String instanceId, boolean decrement) {
        for (Group g : state.groups.values()) {
            for (GroupInstance i : g.instances) {
                if (!i.instanceId.equals(instanceId)) {
                    continue;
                }
                if (!Scaler.active(i)) {
                    return g.activities.stream().filter(a -> a.activityId.equals(i.activityId)).findFirst()
                            .orElseThrow();
                }
                String cause = "At " + stamp(call.now()) + " instance " + instanceId
                        + " was taken out of service in response to a user request";
                if (decrement) {
                    if (g.desiredCapacity <= g.minSize) {
                        throw validation("Currently, desiredSize equals minSize (" + g.minSize + "). Terminating "
                                + "instance without replacement will violate group's min size constraint. Either set "
                                + "shouldDecrementDesiredCapacity flag to false or lower group's min size.");
                    }
                    cause += ", shrinking the capacity from " + g.desiredCapacity + " to " + (g.desiredCapacity - 1);
                    g.desiredCapacity--;
                }
                return Scaler.beginTermination(call, g, i, cause + ".");
            }
        }
        throw validation("Instance Id not found - No managed instance found for instance ID: " + instanceId);
    }

    /** CreateOrUpdateTags. */
    void putTags(List<TagSpec> tags) {
        for (TagSpec t : tags) {
            Group g = tagTarget(t);
            if (!g.tags.containsKey(t.key()) && g.tags.size() >= MAX_TAGS) {
                throw tooManyTags();
            }
            putTag(g, t);
        }
    }

    /** DeleteTags (a tag not present is ignored, as AWS does). */
    void deleteTags(List<TagSpec> tags) {
        for (TagSpec t : tags) {
            Group g = tagTarget(t);
            g.tags.remove(t.key());
            g.propagate.remove(t.key());
        }
    }

    private Group tagTarget(TagSpec t) {
        if (t.resourceId() == null || t.resourceId().isEmpty()) {
            throw validation("ResourceId is required.");
        }
        if (t.key() == null || t.key().isEmpty()) {
            throw validation("Tag key is required.");
        }
        Group g = state.groups.get(t.resourceId());
        if (g == null) {
            throw validation("AutoScalingGroup name not found - AutoScalingGroup '" + t.resourceId() + "' not found");
        }
        return g;
    }

    private static void putTag(Group g, TagSpec t) {
        if (t.key() == null || t.key().isEmpty()) {
            throw validation("Tag key is required.");
        }
        if (t.key().startsWith("aws:")) {
            throw validation("Tag keys starting with 'aws:' are reserved for internal use");
        }
        g.tags.put(t.key(), t.value() == null ? "" : t.value());
        if (t.propagateAtLaunch()) {
            g.propagate.add(t.key());
        } else {
            g.propagate.remove(t.key());
        }
    }

    private void resolveTemplate(Group g, Spec s) {
        if (s.launchTemplateId() != null && s.launchTemplateName() != null) {
            throw validation("Valid requests must contain either launchTemplateId or LaunchTemplateName");
        }
        Optional<Ec2Fleet> fleet = call.optionalPeer(Ec2Fleet.class);
        String given = s.launchTemplateId() != null ? s.launchTemplateId() : s.launchTemplateName();
        String id = given;
        if (fleet.isPresent()) {
            id = fleet.get().launchTemplateId(given).orElseThrow(() -> validation(
                    "You must use a valid fully-formed launch template. The specified launch template, with template "
                            + (s.launchTemplateId() != null ? "ID " : "name ") + given + ", does not exist."));
        }
        g.launchTemplateId = s.launchTemplateId() != null || id.startsWith("lt-") ? id : null;
        g.launchTemplateName = s.launchTemplateName();
        g.launchTemplateVersion = s.launchTemplateVersion();
    }

    /** The subnets of VPCZoneIdentifier and their zones, checked with EC2. */
    private void zones(Group g, String vpcZoneIdentifier) {
        List<String> subnets = new ArrayList<>();
        if (vpcZoneIdentifier != null) {
            for (String part : vpcZoneIdentifier.split(",")) {
                if (!part.isBlank() && !subnets.contains(part.trim())) {
                    subnets.add(part.trim());
                }
            }
        }
        if (subnets.isEmpty()) {
            throw validation("At least one Availability Zone or VPC Subnet is required.");
        }
        Optional<Ec2Fleet> fleet = call.optionalPeer(Ec2Fleet.class);
        List<String> zones = new ArrayList<>();
        String vpc = null;
        for (String subnet : subnets) {
            String zone = null;
            if (fleet.isPresent()) {
                zone = fleet.get().subnetZone(subnet).orElseThrow(() ->
                        validation("The subnet ID '" + subnet + "' does not exist"));
                String subnetVpc = fleet.get().subnetVpc(subnet).orElse(null);
                if (vpc != null && !vpc.equals(subnetVpc)) {
                    throw validation("The specified subnets do not belong to the same VPC.");
                }
                vpc = subnetVpc;
            }
            zones.add(zone);
        }
        g.subnetIds = subnets;
        g.zones = zones;
    }

    private void checkTargetGroups(List<String> arns) {
        Optional<ElbTargets> elb = call.optionalPeer(ElbTargets.class);
        for (String arn : arns) {
            if (elb.isPresent() && !elb.get().targetGroupExists(arn)) {
                throw validation("Provided Target Groups may not be valid. Please ensure they exist and try again.");
            }
        }
    }

    private static void healthCheck(Group g, Spec s) {
        if (s.healthCheckType() != null) {
            if (!HEALTH_CHECK_TYPES.contains(s.healthCheckType())) {
                throw validation("Invalid health check type: " + s.healthCheckType());
            }
            g.healthCheckType = s.healthCheckType();
        }
        if (s.healthCheckGracePeriod() != null) {
            g.healthCheckGracePeriod = requireNonNegative(s.healthCheckGracePeriod(), "healthCheckGracePeriod");
        }
    }

    private static int requireNonNegative(int value, String member) {
        if (value < 0) {
            throw validation("1 validation error detected: Value '" + value + "' at '" + member + "' failed to "
                    + "satisfy constraint: Member must have value greater than or equal to 0");
        }
        return value;
    }

    private static void checkBounds(int min, int max, int desired) {
        if (min < 0 || max < 0) {
            throw validation("Max bound, " + max + ", and min bound, " + min + ", must not be negative");
        }
        if (min > max) {
            throw validation("Max bound, " + max + ", must be greater than or equal to min bound, " + min);
        }
        if (desired < min || desired > max) {
            throw validation("Desired capacity:" + desired + " must be between the specified min size:" + min
                    + " and max size:" + max);
        }
    }

    private String uuid() {
        return new UUID(call.world().random().nextLong(), call.world().random().nextLong()).toString();
    }

    private Arn arn(Group g) {
        return Arn.of("autoscaling", call.region(), call.accountId(),
                "autoScalingGroup:" + g.uuid + ":autoScalingGroupName/" + g.id);
    }

    /** A cause's time, as AWS writes it: seconds, UTC. */
    static String stamp(long millis) {
        return Instant.ofEpochSecond(Math.floorDiv(millis, 1000L)).toString();
    }

    static AwsException validation(String message) {
        return new AwsException("ValidationError", message);
    }

    private static AwsException tooManyTags() {
        return new AwsException("LimitExceeded", "The number of tags for the AutoScalingGroup exceeds the limit of "
                + MAX_TAGS + ".");
    }

    /** The tags as DescribeTags filters them: every group's, in order. */
    List<Map.Entry<Group, String>> allTags() {
        List<Map.Entry<Group, String>> out = new ArrayList<>();
        for (Group g : state.groups.values()) {
            for (String key : g.tags.keySet()) {
                out.add(Map.entry(g, key));
            }
        }
        return out;
    }

    /** A copy of a group's tags for an instance it launches: the propagated ones plus AWS's group tag. */
    static Map<String, String> instanceTags(Group g) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String key : g.propagate) {
            if (g.tags.containsKey(key)) {
                tags.put(key, g.tags.get(key));
            }
        }
        tags.put(Scaler.GROUP_TAG, g.id);
        return tags;
    }
}
