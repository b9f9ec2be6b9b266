package dev.cairn.sandbox.autoscaling;

import dev.cairn.sandbox.autoscaling.AutoScalingStore.Group;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.Policy;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Scaling policies: PutScalingPolicy (target tracking with its two CloudWatch alarms, which
 * {@link Scaler} evaluates; simple and step scaling stored as given), DescribePolicies, DeletePolicy.
 */
final class Policies {
    static final Set<String> TYPES = Set.of("SimpleScaling", "StepScaling", "TargetTrackingScaling",
            "PredictiveScaling");
    static final Set<String> PREDEFINED_METRICS = Set.of("ASGAverageCPUUtilization", "ASGAverageNetworkIn",
            "ASGAverageNetworkOut", "ALBRequestCountPerTarget");
    static final Set<String> ADJUSTMENT_TYPES = Set.of("ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity");

    private final Call call;
    private final Groups groups;

    Policies(Call call, Groups groups) {
        this.call = call;
        this.groups = groups;
    }

    /** PutScalingPolicy: creates or replaces the policy of that name; target tracking keeps its alarms' names. */
    Policy put(String groupName, Policy given) {
        Group g = groups.state().groups.get(groupName);
        if (g == null || g.deleting) {
            throw Groups.validation("AutoScalingGroup name not found - AutoScalingGroup " + groupName + " not found");
        }
        if (given.name == null || given.name.isEmpty()) {
            throw AwsException.missingParameter("PolicyName");
        }
        if (given.policyType == null) {
            given.policyType = "SimpleScaling";
        }
        if (!TYPES.contains(given.policyType)) {
            throw Groups.validation("Invalid policy type: " + given.policyType);
        }
        switch (given.policyType) {
            case "TargetTrackingScaling" -> {
                if (given.targetValue == null) {
                    throw Groups.validation("TargetTrackingConfiguration is required for a policy of type "
                            + "TargetTrackingScaling");
                }
                if (given.predefinedMetricType == null || !PREDEFINED_METRICS.contains(given.predefinedMetricType)) {
                    throw Groups.validation("Either PredefinedMetricSpecification or CustomizedMetricSpecification "
                            + "must be specified");
                }
                if ("ALBRequestCountPerTarget".equals(given.predefinedMetricType) && given.resourceLabel == null) {
                    throw Groups.validation("ResourceLabel must be specified for predefined metric type "
                            + "ALBRequestCountPerTarget");
                }
            }
            case "SimpleScaling" -> {
                requireAdjustmentType(given);
                if (given.scalingAdjustment == null) {
                    throw Groups.validation("ScalingAdjustment is required for a policy of type SimpleScaling");
                }
            }
            case "StepScaling" -> {
                requireAdjustmentType(given);
                if (given.stepAdjustments.isEmpty()) {
                    throw Groups.validation("StepAdjustments is required for a policy of type StepScaling");
                }
            }
            default -> {
            }
        }
        Policy existing = g.policies.get(given.name);
        if (existing != null && !existing.policyType.equals(given.policyType)) {
            throw Groups.validation("The policy type of an existing policy cannot be changed (" + existing.policyType
                    + " to " + given.policyType + ").");
        }
        String uuid = existing != null ? existing.arn.split(":")[6] : uuid();
        given.arn = Arn.of("autoscaling", call.region(), call.accountId(),
                "scalingPolicy:" + uuid + ":autoScalingGroupName/" + g.id + ":policyName/" + given.name).toString();
        if ("TargetTrackingScaling".equals(given.policyType)) {
            if (existing != null && existing.alarmNames.size() == 2) {
                given.alarmNames = new ArrayList<>(existing.alarmNames);
                given.lastScaleIn = existing.lastScaleIn;
                given.lastScaleOut = existing.lastScaleOut;
            } else {
                String alarmId = uuid();
                given.alarmNames = new ArrayList<>(List.of("TargetTracking-" + g.id + "-AlarmHigh-" + alarmId,
                        "TargetTracking-" + g.id + "-AlarmLow-" + uuid()));
            }
        }
        g.policies.put(given.name, given);
        return given;
    }

    /** DeletePolicy by name (with the group) or by ARN. */
    void delete(String groupName, String nameOrArn) {
        for (Group g : groups.state().groups.values()) {
            if (groupName != null && !groupName.equals(g.id)) {
                continue;
            }
            for (Policy p : List.copyOf(g.policies.values())) {
                if (p.name.equals(nameOrArn) || p.arn.equals(nameOrArn)) {
                    g.policies.remove(p.name);
                    return;
                }
            }
        }
        if (groupName != null && !groups.state().groups.containsKey(groupName)) {
            throw Groups.validation("AutoScalingGroup name not found - AutoScalingGroup " + groupName + " not found");
        }
        throw Groups.validation("Could not find scaling policy " + nameOrArn + ".");
    }

    /** The ARN of a CloudWatch alarm of a target tracking policy. */
    String alarmArn(String alarmName) {
        return Arn.of("cloudwatch", call.region(), call.accountId(), "alarm:" + alarmName).toString();
    }

    private static void requireAdjustmentType(Policy p) {
        if (p.adjustmentType == null) {
            throw Groups.validation("AdjustmentType is required for a policy of type " + p.policyType);
        }
        if (!ADJUSTMENT_TYPES.contains(p.adjustmentType)) {
            throw Groups.validation("Invalid adjustment type: " + p.adjustmentType);
        }
    }

    private String uuid() {
        return new UUID(call.world().random().nextLong(), call.world().random().nextLong()).toString();
    }
}
