package dev.cairn.app;

import dev.cairn.aws.AwsClients;
import dev.cairn.model.Address;
import dev.cairn.model.ResourceKind.Shape;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import dev.cairn.topology.GroupLive;
import dev.cairn.topology.GroupMember;
import dev.cairn.topology.TargetHealth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * What AWS (or the Sandbox) says now of a stack's Auto Scaling groups: their desired capacity and
 * their instances, each with how the group's target group sees it. Two read-only calls per group
 * ({@code DescribeAutoScalingGroups}, then {@code DescribeTargetHealth} per target group), made
 * through the same clients as every run. The diagram's members come from here, never from the
 * plan: they are not specs. Call off the FX thread.
 */
public final class LiveGroups {

    /** DescribeAutoScalingGroups takes at most this many names per call. */
    static final int NAMES_PER_CALL = 50;

    private LiveGroups() {}

    /**
     * Every group the state records (a kind of shape {@link Shape#GROUP} with a physical ID, its
     * name), by address; a group AWS no longer knows is left out.
     */
    public static Map<Address, GroupLive> read(AwsClients clients, StackState state) {
        // Per region: group name -> address.
        Map<String, Map<String, Address>> byRegion = new TreeMap<>();
        for (ResourceRecord r : state.resources().values()) {
            if (r.spec().kind().shape() == Shape.GROUP && r.physicalId() != null && !r.physicalId().isEmpty()) {
                byRegion.computeIfAbsent(r.spec().region(), k -> new LinkedHashMap<>())
                        .put(r.physicalId(), r.spec().address());
            }
        }
        Map<Address, GroupLive> out = new TreeMap<>();
        byRegion.forEach((region, names) -> {
            AutoScalingClient autoScaling = clients.autoScaling(region);
            ElasticLoadBalancingV2Client elb = clients.elbv2(region);
            List<String> all = new ArrayList<>(names.keySet());
            for (int i = 0; i < all.size(); i += NAMES_PER_CALL) {
                List<String> batch = all.subList(i, Math.min(all.size(), i + NAMES_PER_CALL));
                for (AutoScalingGroup g : autoScaling.describeAutoScalingGroupsPaginator(
                        req -> req.autoScalingGroupNames(batch)).autoScalingGroups()) {
                    Address address = names.get(g.autoScalingGroupName());
                    if (address != null) {
                        out.put(address, group(g, elb));
                    }
                }
            }
        });
        return out;
    }

    private static GroupLive group(AutoScalingGroup g, ElasticLoadBalancingV2Client elb) {
        // An instance registered with several target groups shows the first that is not healthy.
        Map<String, TargetHealth> health = new HashMap<>();
        for (String arn : g.targetGroupARNs()) {
            for (TargetHealthDescription d : elb.describeTargetHealth(req -> req.targetGroupArn(arn))
                    .targetHealthDescriptions()) {
                TargetHealth h = TargetHealth.of(d.targetHealth().stateAsString(), d.targetHealth().reasonAsString(),
                        d.targetHealth().description());
                TargetHealth before = health.get(d.target().id());
                if (before == null || before.state() == TargetHealth.State.HEALTHY) {
                    health.put(d.target().id(), h);
                }
            }
        }
        List<GroupMember> members = new ArrayList<>();
        for (Instance i : g.instances()) {
            members.add(new GroupMember(i.instanceId(), i.availabilityZone(), i.lifecycleStateAsString(),
                    health.get(i.instanceId()), -1));
        }
        return new GroupLive(g.desiredCapacity() == null ? members.size() : g.desiredCapacity(), members);
    }
}
