package dev.cairn.sandbox.autoscaling;

import java.util.Optional;

/**
 * What Auto Scaling tells ECS about its groups in the caller's account and region: a capacity
 * provider names a group by ARN, and a container instance belongs to the capacity provider of the
 * group that launched it. Exported by the {@code autoscaling} service.
 */
public interface AutoScalingGroups {

    /** The ARN of the group a name or ARN names, or empty when the caller has no such group (or it is being deleted). */
    Optional<String> groupArn(String nameOrArn);

    /** The name of the group an instance belongs to, or empty. */
    Optional<String> groupOfInstance(String instanceId);
}
