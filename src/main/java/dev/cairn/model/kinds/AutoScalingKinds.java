package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.time.Duration;
import java.util.List;

/**
 * EC2 Auto Scaling: the Web tier's group and its target-tracking policy. The Resource Groups
 * Tagging API does not list Auto Scaling groups, so their scanner asks Auto Scaling itself with
 * its own tag filters (scan word {@code autoscaling:autoScalingGroup}).
 */
public final class AutoScalingKinds {

    /** Until the group's instances are InService and their targets healthy: minutes. */
    public static final Duration GROUP_CREATE = Duration.ofMinutes(15);
    /** A change of size launches or terminates instances and waits for them. */
    public static final Duration GROUP_UPDATE = Duration.ofMinutes(15);
    /** Scaled to zero, its instances terminated (each drains from the target group first), then deleted. */
    public static final Duration GROUP_DELETE = Duration.ofMinutes(20);
    /**
     * The least a group takes to be ready in AWS: its first instance's launch (≈ 20–30 s to
     * running). A group behind a target group then waits for health checks (AWS's defaults
     * 30 s × 5), polled with the usual backoff; a group without one (ECS capacity) is ready then.
     */
    public static final Duration GROUP_TYPICAL_READY = Duration.ofSeconds(20);
    /** A group's typical delete in AWS: its instances terminate first, about 30 seconds or more. */
    public static final Duration GROUP_TYPICAL_GONE = Duration.ofSeconds(30);
    /** Auto Scaling group names (Cairn keeps to letters, digits and hyphens). */
    public static final Naming GROUP_NAME = new Naming(255, "a-zA-Z0-9-", Naming.Scope.REGION);

    private AutoScalingKinds() {}

    /**
     * An Auto Scaling group of the launch template's instances in the app subnets, registered with
     * the target group. props: {@code name}; in place {@code min}, {@code max}, {@code desired},
     * {@code healthCheckType} ({@code ELB}), {@code healthCheckGraceSeconds}, and
     * {@code instanceType} (the launch template's, which prices the group: {@code desired}
     * instances of it); refs: {@code launchTemplate}, {@code targetGroup}, the family
     * {@code subnet} ({@code subnet.a}, {@code subnet.c}). Physical ID its name; attributes
     * {@code arn}, {@code instances} (comma-separated IDs), {@code inService} (and {@code name},
     * {@code min}, {@code max}, {@code desired} as AWS last said them). Ready when
     * {@code desired} instances are InService and their targets healthy (an unhealthy target's
     * reason in words). Deleted in steps: scaled to zero, its instances gone, then the group.
     */
    public static final ResourceKind AUTO_SCALING_GROUP = ResourceKind.define("AUTO_SCALING_GROUP")
            .service(AwsService.AUTOSCALING).label("Auto Scaling group").cloudFormation("AWS::AutoScaling::AutoScalingGroup")
            .named(GROUP_NAME, "autoscaling:autoScalingGroup")
            .replaceOn("name")
            .updateOn("min", "max", "desired", "healthCheckType", "healthCheckGraceSeconds", "instanceType")
            .ref("launchTemplate", Ec2Kinds.LAUNCH_TEMPLATE)
            .ref("targetGroup", Elbv2Kinds.TARGET_GROUP)
            .ref("subnet", Ec2Kinds.SUBNET)
            .timeouts(GROUP_CREATE, GROUP_UPDATE, GROUP_DELETE)
            .typical(GROUP_TYPICAL_READY, GROUP_TYPICAL_GONE)
            .retry("ResourceInUse", Duration.ofMinutes(10))
            .retry("ScalingActivityInProgress", Duration.ofMinutes(10))
            .cost(Cost.byInstanceType("instanceType").times("desired"))
            .shape(Shape.GROUP)
            .icon("ASG", "#ea580c")
            .console("https://{region}.console.aws.amazon.com/ec2/home?region={region}#AutoScalingGroupDetails:id={id}")
            .build();

    /**
     * A target-tracking policy on the group's average CPU, found through the group by name.
     * props: {@code name}, {@code policyType} ({@code TargetTrackingScaling}), and in place
     * {@code targetCpu} (percent) and {@code warmupSeconds}; refs: {@code group}. Physical ID its
     * ARN; attributes {@code name}, {@code groupName} (what its read and delete ask by),
     * {@code policyType}, {@code targetCpu}, {@code warmupSeconds}. Changed in place by PutScalingPolicy.
     */
    public static final ResourceKind SCALING_POLICY = ResourceKind.define("SCALING_POLICY")
            .service(AwsService.AUTOSCALING).label("Scaling policy").cloudFormation("AWS::AutoScaling::ScalingPolicy")
            .foundThroughParent()
            .replaceOn("name", "policyType")
            .updateOn("targetCpu", "warmupSeconds")
            .ref("group", AUTO_SCALING_GROUP)
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            .cost(Cost.FREE)
            .foldedInto("group")
            .build();

    public static final List<ResourceKind> ALL = List.of(AUTO_SCALING_GROUP, SCALING_POLICY);
}
