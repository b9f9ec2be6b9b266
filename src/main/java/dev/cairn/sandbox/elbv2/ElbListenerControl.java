package dev.cairn.sandbox.elbv2;

import java.util.Optional;

/**
 * What Elastic Load Balancing does for CodeDeploy in the caller's account and region: a blue/green
 * deployment reads which target group a listener forwards to and moves it (test traffic to the
 * replacement, then the production reroute), as ModifyListener would. Exported by the {@code elbv2}
 * service.
 */
public interface ElbListenerControl {

    /** The target group a forward listener sends to; empty for an unknown listener or a redirect. */
    Optional<String> forwardTarget(String listenerArn);

    /** The ARN of the caller's target group of that name, as DescribeTargetGroups by name finds it. */
    Optional<String> targetGroupArn(String name);

    /** Forwards the listener to another target group of its VPC ({@code ListenerNotFound}, {@code TargetGroupNotFound}). */
    void forwardTo(String listenerArn, String targetGroupArn);
}
