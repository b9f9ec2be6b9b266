package dev.cairn.sandbox.autoscaling;

import dev.cairn.sandbox.autoscaling.AutoScalingStore.Group;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.RegionState;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EC2 Auto Scaling over awsQuery ({@code Version=2011-01-01}, signing name {@code autoscaling}):
 * groups that launch their instances through EC2 ({@link dev.cairn.sandbox.ec2.Ec2Fleet}) and
 * register them with their target groups ({@link dev.cairn.sandbox.elbv2.ElbTargets}, when ELB is
 * served), scaling activities, target tracking on the practice load ({@link PracticeLoad}), and
 * tags. {@link Scaler} is the service's settler: groups move before every request of every service.
 */
public final class AutoScalingService {
    static final String SIGNING_NAME = "autoscaling";
    static final String VERSION = "2011-01-01";
    static final String NAMESPACE = "http://autoscaling.amazonaws.com/doc/" + VERSION + "/";
    /** The control API's type word for a group ({@code /_sandbox/resources}). */
    static final String RESOURCE_TYPE = "autoScalingGroup";

    private AutoScalingService() {
    }

    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.QUERY)
                .apiVersion(VERSION)
                .xmlNamespace(NAMESPACE)
                .store(AutoScalingStore.SPEC)
                .precheck(call -> Regions.require(call.region()))
                .unknownOperation(action -> new AwsException("InvalidAction",
                        "Could not find operation " + action + " for version " + VERSION))
                .settler(Scaler::settle)
                .export(AutoScalingGroups.class, AutoScalingService::groups)
                .control("load", PracticeLoad::handle)
                .inventory(AutoScalingService::live)
                .query("CreateAutoScalingGroup", Effect.WRITES, AutoScalingResponses::createAutoScalingGroup)
                .query("UpdateAutoScalingGroup", Effect.WRITES, AutoScalingResponses::updateAutoScalingGroup)
                .query("SetDesiredCapacity", Effect.WRITES, AutoScalingResponses::setDesiredCapacity)
                .query("DeleteAutoScalingGroup", Effect.WRITES, AutoScalingResponses::deleteAutoScalingGroup)
                .query("TerminateInstanceInAutoScalingGroup", Effect.WRITES,
                        AutoScalingResponses::terminateInstanceInAutoScalingGroup)
                .query("DescribeAutoScalingGroups", Effect.READS, AutoScalingResponses::describeAutoScalingGroups)
                .query("DescribeAutoScalingInstances", Effect.READS,
                        AutoScalingResponses::describeAutoScalingInstances)
                .query("DescribeScalingActivities", Effect.READS, AutoScalingResponses::describeScalingActivities)
                .query("CreateOrUpdateTags", Effect.WRITES, AutoScalingResponses::createOrUpdateTags)
                .query("DeleteTags", Effect.WRITES, AutoScalingResponses::deleteTags)
                .query("DescribeTags", Effect.READS, AutoScalingResponses::describeTags)
                .query("PutScalingPolicy", Effect.WRITES, AutoScalingResponses::putScalingPolicy)
                .query("DescribePolicies", Effect.READS, AutoScalingResponses::describePolicies)
                .query("DeletePolicy", Effect.WRITES, AutoScalingResponses::deletePolicy)
                .query("DescribeLifecycleHooks", Effect.READS, AutoScalingResponses::describeLifecycleHooks)
                .query("DescribeAccountLimits", Effect.READS, AutoScalingResponses::describeAccountLimits)
                .build();
    }

    /** What ECS asks about the caller's groups (capacity providers, container instances). */
    private static AutoScalingGroups groups(dev.cairn.sandbox.core.Call call) {
        RegionState state = call.state(AutoScalingStore.class).region(call.accountId(), call.region());
        return new AutoScalingGroups() {
            @Override
            public java.util.Optional<String> groupArn(String nameOrArn) {
                for (Group g : state.groups.values()) {
                    if (!g.deleting && (g.id.equals(nameOrArn) || g.arn.equals(nameOrArn))) {
                        return java.util.Optional.of(g.arn);
                    }
                }
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<String> groupOfInstance(String instanceId) {
                for (Group g : state.groups.values()) {
                    for (AutoScalingStore.GroupInstance i : g.instances) {
                        if (i.instanceId.equals(instanceId)) {
                            return java.util.Optional.of(g.id);
                        }
                    }
                }
                return java.util.Optional.empty();
            }
        };
    }

    /**
     * The groups, with their tags, for the control API. The Resource Groups Tagging API does not
     * list Auto Scaling groups in AWS, and the tagging service leaves this service's ARNs out.
     */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        AutoScalingStore store = world.store(AutoScalingStore.class);
        List<LiveResource> out = new ArrayList<>();
        for (Map.Entry<String, LinkedHashMap<String, RegionState>> a : store.accounts.entrySet()) {
            if (account != null && !account.equals(a.getKey())) {
                continue;
            }
            for (Map.Entry<String, RegionState> r : a.getValue().entrySet()) {
                if (region != null && !region.equals(r.getKey())) {
                    continue;
                }
                for (Group g : r.getValue().groups.values()) {
                    out.add(new LiveResource(a.getKey(), r.getKey(), RESOURCE_TYPE, g.id, Arn.parse(g.arn),
                            g.deleting ? "Delete in progress" : "InService", g.tags));
                }
            }
        }
        return out;
    }
}
