package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.time.Duration;
import java.util.List;

/**
 * The Web tier's Elastic Load Balancing (v2) kinds. Their physical IDs are ARNs; load balancers
 * and target groups are named by Cairn ({@code PhysicalNames}, at most 32 characters) and found
 * by name, ownership checked by their tags. The Resource Groups Tagging API finds what a stack
 * left (scan words {@code elasticloadbalancing:loadbalancer} and
 * {@code elasticloadbalancing:targetgroup}).
 */
public final class Elbv2Kinds {

    /** An Application Load Balancer is {@code active} in about two and a half minutes. */
    public static final Duration LOAD_BALANCER_CREATE = Duration.ofMinutes(10);
    /**
     * After DeleteLoadBalancer its network interfaces linger for minutes, and the security group
     * and subnets cannot go before them: the delete waits until they are gone.
     */
    public static final Duration LOAD_BALANCER_DELETE = Duration.ofMinutes(15);
    /**
     * A load balancer's typical {@code provisioning → active} in AWS: 2–3 minutes (the first poll
     * waits this long, scaled by the target).
     */
    public static final Duration LOAD_BALANCER_TYPICAL_READY = Duration.ofSeconds(120);
    /** Load balancer and target group names: 32 characters, letters, digits and hyphens. */
    public static final Naming ELB_NAME = new Naming(32, "a-zA-Z0-9-", Naming.Scope.REGION);

    private static final String EC2_CONSOLE = "https://{region}.console.aws.amazon.com/ec2/home?region={region}#";

    private Elbv2Kinds() {}

    private static ResourceKind.Builder elb(String wireName, String label, String cloudFormation) {
        return ResourceKind.define(wireName).service(AwsService.ELBV2).label(label).cloudFormation(cloudFormation)
                .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE).cost(Cost.FREE);
    }

    /**
     * An Application Load Balancer. props: {@code name}, {@code scheme} ({@code internet-facing} or
     * {@code internal}); refs: the family {@code subnet} ({@code subnet.a}, {@code subnet.c}: one
     * public subnet per zone) and {@code securityGroup}. Created after its VPC's gateway
     * attachment (an internet-facing load balancer needs one). Physical ID its ARN; attributes
     * {@code name}, {@code dnsName}, {@code canonicalHostedZoneId} (for a Route 53 alias),
     * {@code state}, {@code vpcId}. Ready when {@code active}; gone when it and its network interfaces are gone.
     */
    public static final ResourceKind LOAD_BALANCER = elb("LOAD_BALANCER", "Load balancer",
            "AWS::ElasticLoadBalancingV2::LoadBalancer")
            .named(ELB_NAME, "elasticloadbalancing:loadbalancer")
            .replaceOn("name", "scheme")
            .ref("subnet", Ec2Kinds.SUBNET)
            .ref("securityGroup", Ec2Kinds.SECURITY_GROUP)
            .after(Ec2Kinds.IGW_ATTACHMENT)
            .timeouts(LOAD_BALANCER_CREATE, Ec2Kinds.DEFAULT_UPDATE, LOAD_BALANCER_DELETE)
            // Its delete's interfaces linger a varying while: the gone poll starts at once.
            .typical(LOAD_BALANCER_TYPICAL_READY, Duration.ZERO)
            .cost(Cost.hourly().withUsage("load balancer capacity units", "LCU-hour"))
            .shape(Shape.ACROSS_SUBNETS)
            .icon("ALB", "#7c3aed")
            .console(EC2_CONSOLE + "LoadBalancer:loadBalancerArn={id}")
            .build();

    /**
     * A target group of instances. props: {@code name}, {@code protocol} ({@code HTTP}),
     * {@code port}, {@code targetType} ({@code instance}, the default when empty, or {@code ip}:
     * ECS tasks in {@code awsvpc} mode register by their addresses), and in place: {@code healthCheckPath}, {@code healthCheckIntervalSeconds},
     * {@code healthyThresholdCount}, {@code deregistrationDelaySeconds}; refs: {@code vpc}.
     * Physical ID its ARN; attributes {@code name}, {@code port}, {@code healthCheckPath}. Deleting it while a listener forwards to it
     * answers {@code ResourceInUse}: the listeners go first.
     */
    public static final ResourceKind TARGET_GROUP = elb("TARGET_GROUP", "Target group",
            "AWS::ElasticLoadBalancingV2::TargetGroup")
            .named(ELB_NAME, "elasticloadbalancing:targetgroup")
            .replaceOn("name", "protocol", "port", "targetType")
            .updateOn("healthCheckPath", "healthCheckIntervalSeconds", "healthyThresholdCount", "deregistrationDelaySeconds")
            .ref("vpc", Ec2Kinds.VPC)
            .retry("ResourceInUse", Duration.ofMinutes(5))
            .shape(Shape.SERVICE)
            .icon("TG", "#6d28d9")
            .console(EC2_CONSOLE + "TargetGroup:targetGroupArn={id}")
            .build();

    /**
     * A listener of a load balancer, found through it by port. props: {@code port},
     * {@code protocol} ({@code HTTP} or {@code HTTPS}), and in place {@code action}
     * ({@code forward}, or {@code redirect} to HTTPS) and {@code redirectPort}; refs:
     * {@code loadBalancer}, {@code targetGroup} (forward), {@code certificate} (HTTPS, an ACM
     * certificate). Physical ID its ARN; attributes {@code port}, {@code protocol},
     * {@code loadBalancerArn}, {@code action} (AWS's word: {@code forward}, {@code redirect}),
     * {@code targetGroupArn} (where it forwards now). In place also {@code trafficManagedBy}
     * ({@code codedeploy}: a blue/green deployment moves the forward between the blue and green
     * target groups, so neither a read nor an update puts it back on {@code targetGroup}; empty
     * otherwise).
     */
    public static final ResourceKind LISTENER = elb("LISTENER", "Listener", "AWS::ElasticLoadBalancingV2::Listener")
            .foundThroughParent()
            .replaceOn("port", "protocol")
            .updateOn("action", "redirectPort", "trafficManagedBy")
            .ref("loadBalancer", LOAD_BALANCER)
            .ref("targetGroup", TARGET_GROUP)
            .ref("certificate", AcmKinds.CERTIFICATE)
            .foldedInto("loadBalancer")
            .build();

    public static final List<ResourceKind> ALL = List.of(LOAD_BALANCER, TARGET_GROUP, LISTENER);
}
