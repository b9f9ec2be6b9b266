package dev.cairn.topology;

import java.util.Objects;

/**
 * One instance an Auto Scaling group launched, as {@code DescribeAutoScalingGroups} and the
 * target group's {@code DescribeTargetHealth} answer for it. Members are not specs: they come and
 * go as the group scales, so the diagram learns them from AWS, never from the plan.
 *
 * @param instanceId {@code i-…}
 * @param zone its availability zone, or empty when not known (then it is placed by balance)
 * @param lifecycle AWS's lifecycle state ({@code Pending}, {@code InService}, {@code Terminating}, …)
 * @param health how the group's target group sees it, or null when it is not (yet) a target
 * @param slot where it stands in its zone's cells of the group box, or -1 for the first free one;
 *     a viewer that keeps slots across refreshes ({@link MemberSlots}) keeps every other member
 *     in place as one comes or goes
 */
public record GroupMember(String instanceId, String zone, String lifecycle, TargetHealth health, int slot) {

    public GroupMember {
        Objects.requireNonNull(instanceId, "instanceId");
        zone = zone == null ? "" : zone;
        lifecycle = lifecycle == null ? "" : lifecycle;
    }

    public GroupMember withSlot(int newSlot) {
        return new GroupMember(instanceId, zone, lifecycle, health, newSlot);
    }

    /**
     * How the diagram draws its lifecycle: launching pulses, in service is ready, leaving fades,
     * gone is not drawn. Standby and warm-pool states count as ready: the instance exists.
     */
    public NodeStatus status() {
        if (lifecycle.startsWith("Pending")) {
            return NodeStatus.CREATING;
        }
        if (lifecycle.equals("Terminated")) {
            return NodeStatus.DELETED;
        }
        if (lifecycle.startsWith("Terminating") || lifecycle.startsWith("Detach")) {
            return NodeStatus.DELETING;
        }
        return NodeStatus.READY;
    }
}
