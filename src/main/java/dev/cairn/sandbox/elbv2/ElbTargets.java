package dev.cairn.sandbox.elbv2;

import java.util.List;
import java.util.Optional;

/**
 * What Elastic Load Balancing does for Auto Scaling in the caller's account and region: a group
 * registers its instances with its target groups as they launch, deregisters them before they
 * terminate, and (health check type {@code ELB}) replaces an instance whose target is unhealthy.
 * Exported by the {@code elbv2} service; bound to the caller's account, region and clock.
 */
public interface ElbTargets {

    /** Whether the caller has a target group of that ARN ({@code ValidationError} for a group otherwise). */
    boolean targetGroupExists(String targetGroupArn);

    /** Registers an instance on the target group's port, as RegisterTargets does (health {@code initial}). */
    void register(String targetGroupArn, String instanceId);

    /** Deregisters an instance, as DeregisterTargets does ({@code draining} for the group's deregistration delay). */
    void deregister(String targetGroupArn, String instanceId);

    /**
     * The target's health state ({@code initial}, {@code healthy}, {@code unhealthy},
     * {@code unused}, {@code draining}), or empty when it is not registered.
     */
    Optional<String> health(String targetGroupArn, String instanceId);

    /** Whether a deregistered target has finished draining (true when it is not registered at all). */
    boolean drained(String targetGroupArn, String instanceId);

    /** A target group as ECS needs it: its type, port, VPC and the load balancers whose listeners forward to it. */
    record TargetGroupView(String arn, String targetType, int port, String vpcId, List<String> loadBalancerArns) {}

    /** The caller's target group of that ARN, or empty. */
    Optional<TargetGroupView> targetGroup(String targetGroupArn);

    /**
     * Registers a target on a port, as RegisterTargets does: an IP address for an {@code ip}
     * group (ECS's awsvpc tasks), an instance ID for an {@code instance} group.
     */
    void registerTarget(String targetGroupArn, String targetId, int port);

    /** Deregisters a target (it drains); nothing happens when it is not registered. */
    void deregisterTarget(String targetGroupArn, String targetId, int port);

    /** The health state of a target on a port, or empty when it is not registered. */
    Optional<String> targetHealth(String targetGroupArn, String targetId, int port);

    /** Whether the target on that port has finished draining (true when it is not registered at all). */
    boolean targetDrained(String targetGroupArn, String targetId, int port);
}
