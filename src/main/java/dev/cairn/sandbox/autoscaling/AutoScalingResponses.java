package dev.cairn.sandbox.autoscaling;

import dev.cairn.sandbox.autoscaling.AutoScalingStore.Activity;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.Group;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.GroupInstance;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.Policy;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.StepAdjustment;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Auto Scaling's operations: parse the awsQuery form, call the rules, render the result. */
final class AutoScalingResponses {
    /** DescribeAutoScalingGroups, DescribeTags, DescribePolicies: AWS's default and largest page. */
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 100;
    /** DescribeAutoScalingInstances pages at most 50. */
    static final int MAX_INSTANCES_PAGE = 50;
    /** DescribeScalingActivities: default and largest page. */
    static final int ACTIVITIES_PAGE = 100;
    /** AWS's default quota of groups per region, reported by DescribeAccountLimits. */
    static final int MAX_GROUPS = 500;
    static final int MAX_LAUNCH_CONFIGURATIONS = 200;
    /** AWS's default cooldown, which every group reports. */
    static final int DEFAULT_COOLDOWN_SECONDS = 300;

    private AutoScalingResponses() {
    }

    // ---------------------------------------------------------------- groups

    static void createAutoScalingGroup(Call call, Xml x) {
        new Groups(call).create(spec(call.params()));
    }

    static void updateAutoScalingGroup(Call call, Xml x) {
        Groups.Spec s = spec(call.params());
        if (s.name() == null || s.name().isEmpty()) {
            throw AwsException.missingParameter("AutoScalingGroupName");
        }
        new Groups(call).update(s);
    }

    static void setDesiredCapacity(Call call, Xml x) {
        QueryParams p = call.params();
        Integer desired = p.integer("DesiredCapacity");
        if (desired == null) {
            throw AwsException.missingParameter("DesiredCapacity");
        }
        new Groups(call).setDesiredCapacity(p.required("AutoScalingGroupName"), desired);
    }

    static void deleteAutoScalingGroup(Call call, Xml x) {
        QueryParams p = call.params();
        new Groups(call).delete(p.required("AutoScalingGroupName"), Boolean.TRUE.equals(p.bool("ForceDelete")));
    }

    static void terminateInstanceInAutoScalingGroup(Call call, Xml x) {
        QueryParams p = call.params();
        Boolean decrement = p.bool("ShouldDecrementDesiredCapacity");
        if (decrement == null) {
            throw AwsException.missingParameter("ShouldDecrementDesiredCapacity");
        }
        Groups groups = new Groups(call);
        Activity a = groups.terminateInstance(p.required("InstanceId"), decrement);
        String groupName = groups.state().groups.values().stream()
                .filter(g -> g.activities.contains(a)).map(g -> g.id).findFirst().orElse(null);
        x.start("Activity");
        activity(x, groupName, a);
        x.end();
    }

    static void describeAutoScalingGroups(Call call, Xml x) {
        QueryParams p = call.params();
        List<String> names = p.list("AutoScalingGroupNames.member");
        List<Predicate<Group>> filters = new ArrayList<>();
        for (QueryParams.Filter f : filters(p)) {
            filters.add(groupFilter(f));
        }
        List<Group> matching = new ArrayList<>();
        for (Group g : new Groups(call).state().groups.values()) {
            if ((names.isEmpty() || names.contains(g.id)) && filters.stream().allMatch(f -> f.test(g))) {
                matching.add(g);
            }
        }
        Page page = Page.of(p, DEFAULT_PAGE, MAX_PAGE, matching.size());
        x.start("AutoScalingGroups");
        for (Group g : matching.subList(page.from(), page.to())) {
            x.start("member");
            group(x, call, g);
            x.end();
        }
        x.end().el("NextToken", page.next());
    }

    private static Predicate<Group> groupFilter(QueryParams.Filter f) {
        String name = f.name();
        if (name.equals("tag-key")) {
            return g -> g.tags.keySet().stream().anyMatch(f.values()::contains);
        }
        if (name.equals("tag-value")) {
            return g -> g.tags.values().stream().anyMatch(f.values()::contains);
        }
        if (name.startsWith("tag:")) {
            String key = name.substring("tag:".length());
            return g -> g.tags.containsKey(key) && f.values().contains(g.tags.get(key));
        }
        throw Groups.validation("Filter type " + name + " is not correct. Allowed Filter types are: tag-key "
                + "tag-value tag:<key>");
    }

    static void describeAutoScalingInstances(Call call, Xml x) {
        QueryParams p = call.params();
        List<String> ids = p.list("InstanceIds.member");
        List<Map.Entry<Group, GroupInstance>> matching = new ArrayList<>();
        for (Group g : new Groups(call).state().groups.values()) {
            for (GroupInstance i : g.instances) {
                if (ids.isEmpty() || ids.contains(i.instanceId)) {
                    matching.add(Map.entry(g, i));
                }
            }
        }
        Page page = Page.of(p, MAX_INSTANCES_PAGE, MAX_INSTANCES_PAGE, matching.size());
        x.start("AutoScalingInstances");
        for (Map.Entry<Group, GroupInstance> e : matching.subList(page.from(), page.to())) {
            GroupInstance i = e.getValue();
            x.start("member").el("InstanceId", i.instanceId).el("AutoScalingGroupName", e.getKey().id)
                    .el("AvailabilityZone", i.availabilityZone).el("LifecycleState", i.lifecycleState)
                    // This call words health in capitals, unlike DescribeAutoScalingGroups: AWS's own difference.
                    .el("HealthStatus", "Healthy".equals(i.healthStatus) ? "HEALTHY" : "UNHEALTHY");
            instanceTemplate(x, e.getKey(), i);
            x.el("ProtectedFromScaleIn", false).end();
        }
        x.end().el("NextToken", page.next());
    }

    static void describeScalingActivities(Call call, Xml x) {
        QueryParams p = call.params();
        String name = p.get("AutoScalingGroupName");
        List<String> ids = p.list("ActivityIds.member");
        Groups groups = new Groups(call);
        if (name != null && !groups.state().groups.containsKey(name)) {
            // AWS answers an empty list for a group it does not know (or no longer has).
            x.start("Activities").end();
            return;
        }
        List<Map.Entry<Group, Activity>> matching = new ArrayList<>();
        for (Group g : groups.state().groups.values()) {
            if (name != null && !name.equals(g.id)) {
                continue;
            }
            for (Activity a : g.activities) {
                if (ids.isEmpty() || ids.contains(a.activityId)) {
                    matching.add(Map.entry(g, a));
                }
            }
        }
        // Newest first, as AWS lists them.
        matching.sort((a, b) -> Long.compare(b.getValue().startTime, a.getValue().startTime));
        Page page = Page.of(p, ACTIVITIES_PAGE, ACTIVITIES_PAGE, matching.size());
        x.start("Activities");
        for (Map.Entry<Group, Activity> e : matching.subList(page.from(), page.to())) {
            x.start("member");
            activity(x, e.getKey().id, e.getValue());
            x.el("AutoScalingGroupARN", e.getKey().arn).end();
        }
        x.end().el("NextToken", page.next());
    }

    static void describeLifecycleHooks(Call call, Xml x) {
        new Groups(call).group(call.params().required("AutoScalingGroupName"));
        // No lifecycle hooks are modelled: a group has none.
        x.start("LifecycleHooks").end();
    }

    static void describeAccountLimits(Call call, Xml x) {
        x.el("MaxNumberOfAutoScalingGroups", MAX_GROUPS)
                .el("MaxNumberOfLaunchConfigurations", MAX_LAUNCH_CONFIGURATIONS)
                .el("NumberOfAutoScalingGroups", new Groups(call).state().groups.size())
                .el("NumberOfLaunchConfigurations", 0);
    }

    // ---------------------------------------------------------------- tags

    static void createOrUpdateTags(Call call, Xml x) {
        new Groups(call).putTags(tags(call.params()));
    }

    static void deleteTags(Call call, Xml x) {
        new Groups(call).deleteTags(tags(call.params()));
    }

    static void describeTags(Call call, Xml x) {
        QueryParams p = call.params();
        List<QueryParams.Filter> filters = filters(p);
        List<Map.Entry<Group, String>> matching = new ArrayList<>();
        for (Map.Entry<Group, String> t : new Groups(call).allTags()) {
            Group g = t.getKey();
            String key = t.getValue();
            boolean ok = true;
            for (QueryParams.Filter f : filters) {
                String actual = switch (f.name()) {
                    case "auto-scaling-group" -> g.id;
                    case "key" -> key;
                    case "value" -> g.tags.get(key);
                    case "propagate-at-launch" -> String.valueOf(g.propagate.contains(key));
                    default -> throw Groups.validation("Filter type " + f.name() + " is not correct. Allowed Filter "
                            + "types are: auto-scaling-group key value propagate-at-launch");
                };
                ok &= f.values().contains(actual);
            }
            if (ok) {
                matching.add(t);
            }
        }
        Page page = Page.of(p, DEFAULT_PAGE, MAX_PAGE, matching.size());
        x.start("Tags");
        for (Map.Entry<Group, String> t : matching.subList(page.from(), page.to())) {
            x.start("member");
            tag(x, t.getKey(), t.getValue());
            x.end();
        }
        x.end().el("NextToken", page.next());
    }

    // ---------------------------------------------------------------- policies

    static void putScalingPolicy(Call call, Xml x) {
        QueryParams p = call.params();
        Policy given = new Policy();
        given.name = p.get("PolicyName");
        given.policyType = p.get("PolicyType");
        given.adjustmentType = p.get("AdjustmentType");
        given.scalingAdjustment = p.integer("ScalingAdjustment");
        given.minAdjustmentMagnitude = p.integer("MinAdjustmentMagnitude");
        given.cooldown = p.integer("Cooldown");
        given.metricAggregationType = p.get("MetricAggregationType");
        given.estimatedInstanceWarmup = p.integer("EstimatedInstanceWarmup");
        for (int n = 1; p.get("StepAdjustments.member." + n + ".ScalingAdjustment") != null; n++) {
            String prefix = "StepAdjustments.member." + n + ".";
            StepAdjustment s = new StepAdjustment();
            s.scalingAdjustment = p.integer(prefix + "ScalingAdjustment");
            s.lowerBound = decimal(p, prefix + "MetricIntervalLowerBound");
            s.upperBound = decimal(p, prefix + "MetricIntervalUpperBound");
            given.stepAdjustments.add(s);
        }
        String tt = "TargetTrackingConfiguration.";
        given.predefinedMetricType = p.get(tt + "PredefinedMetricSpecification.PredefinedMetricType");
        given.resourceLabel = p.get(tt + "PredefinedMetricSpecification.ResourceLabel");
        given.targetValue = decimal(p, tt + "TargetValue");
        given.disableScaleIn = Boolean.TRUE.equals(p.bool(tt + "DisableScaleIn"));
        Boolean enabled = p.bool("Enabled");
        given.enabled = enabled == null || enabled;
        Policies policies = new Policies(call, new Groups(call));
        Policy saved = policies.put(p.required("AutoScalingGroupName"), given);
        x.el("PolicyARN", saved.arn);
        x.start("Alarms");
        for (String alarm : saved.alarmNames) {
            x.start("member").el("AlarmName", alarm).el("AlarmARN", policies.alarmArn(alarm)).end();
        }
        x.end();
    }

    static void describePolicies(Call call, Xml x) {
        QueryParams p = call.params();
        String groupName = p.get("AutoScalingGroupName");
        List<String> names = p.list("PolicyNames.member");
        List<String> types = p.list("PolicyTypes.member");
        Groups groups = new Groups(call);
        List<Map.Entry<Group, Policy>> matching = new ArrayList<>();
        for (Group g : groups.state().groups.values()) {
            if (groupName != null && !groupName.equals(g.id)) {
                continue;
            }
            for (Policy pol : g.policies.values()) {
                boolean byName = names.isEmpty() || names.contains(pol.name) || names.contains(pol.arn);
                if (byName && (types.isEmpty() || types.contains(pol.policyType))) {
                    matching.add(Map.entry(g, pol));
                }
            }
        }
        Page page = Page.of(p, DEFAULT_PAGE, MAX_PAGE, matching.size());
        Policies policies = new Policies(call, groups);
        x.start("ScalingPolicies");
        for (Map.Entry<Group, Policy> e : matching.subList(page.from(), page.to())) {
            policy(x, policies, e.getKey(), e.getValue());
        }
        x.end().el("NextToken", page.next());
    }

    static void deletePolicy(Call call, Xml x) {
        QueryParams p = call.params();
        new Policies(call, new Groups(call)).delete(p.get("AutoScalingGroupName"), p.required("PolicyName"));
    }

    // ---------------------------------------------------------------- parsing

    private static Groups.Spec spec(QueryParams p) {
        String lt = "LaunchTemplate.";
        List<String> targetGroups = p.list("TargetGroupARNs.member");
        boolean tagsGiven = p.get("Tags.member.1.Key") != null;
        return new Groups.Spec(p.get("AutoScalingGroupName"), p.get(lt + "LaunchTemplateId"),
                p.get(lt + "LaunchTemplateName"), p.get(lt + "Version"), p.integer("MinSize"), p.integer("MaxSize"),
                p.integer("DesiredCapacity"), p.get("VPCZoneIdentifier"),
                targetGroups.isEmpty() ? null : targetGroups, p.get("HealthCheckType"),
                p.integer("HealthCheckGracePeriod"), p.integer("DefaultInstanceWarmup"),
                tagsGiven ? tags(p) : null);
    }

    private static List<Groups.TagSpec> tags(QueryParams p) {
        List<Groups.TagSpec> out = new ArrayList<>();
        for (int n = 1; p.get("Tags.member." + n + ".Key") != null; n++) {
            String prefix = "Tags.member." + n + ".";
            String type = p.get(prefix + "ResourceType");
            if (type != null && !type.equals("auto-scaling-group")) {
                throw Groups.validation("Invalid resource type: " + type);
            }
            out.add(new Groups.TagSpec(p.get(prefix + "ResourceId"), p.get(prefix + "Key"), p.get(prefix + "Value"),
                    Boolean.TRUE.equals(p.bool(prefix + "PropagateAtLaunch"))));
        }
        return out;
    }

    /** awsQuery's {@code Filters.member.N.Name} / {@code Filters.member.N.Values.member.M}. */
    private static List<QueryParams.Filter> filters(QueryParams p) {
        List<QueryParams.Filter> out = new ArrayList<>();
        for (int n = 1; p.get("Filters.member." + n + ".Name") != null; n++) {
            out.add(new QueryParams.Filter(p.get("Filters.member." + n + ".Name"),
                    p.list("Filters.member." + n + ".Values.member")));
        }
        return out;
    }

    private static Double decimal(QueryParams p, String name) {
        String v = p.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Double.valueOf(v);
        } catch (NumberFormatException e) {
            throw Groups.validation("Invalid value '" + v + "' for " + name + ".");
        }
    }

    // ---------------------------------------------------------------- rendering

    private static void group(Xml x, Call call, Group g) {
        x.el("AutoScalingGroupName", g.id).el("AutoScalingGroupARN", g.arn);
        x.start("LaunchTemplate").el("LaunchTemplateId", g.launchTemplateId)
                .el("LaunchTemplateName", g.launchTemplateName).el("Version", g.launchTemplateVersion).end();
        x.el("MinSize", g.minSize).el("MaxSize", g.maxSize).el("DesiredCapacity", g.desiredCapacity)
                .el("DefaultCooldown", DEFAULT_COOLDOWN_SECONDS);
        x.start("AvailabilityZones");
        for (String zone : new LinkedHashSet<>(g.zones)) {
            x.el("member", zone);
        }
        x.end().start("LoadBalancerNames").end().start("TargetGroupARNs");
        g.targetGroupArns.forEach(arn -> x.el("member", arn));
        x.end().el("HealthCheckType", g.healthCheckType).el("HealthCheckGracePeriod", g.healthCheckGracePeriod);
        x.start("Instances");
        for (GroupInstance i : g.instances) {
            x.start("member").el("InstanceId", i.instanceId).el("AvailabilityZone", i.availabilityZone)
                    .el("LifecycleState", i.lifecycleState).el("HealthStatus", i.healthStatus);
            instanceTemplate(x, g, i);
            x.el("ProtectedFromScaleIn", false).end();
        }
        x.end().el("CreatedTime", time(g.createdAt)).start("SuspendedProcesses").end()
                .el("VPCZoneIdentifier", String.join(",", g.subnetIds)).start("EnabledMetrics").end();
        if (g.deleting) {
            x.el("Status", "Delete in progress");
        }
        x.start("Tags");
        for (String key : g.tags.keySet()) {
            x.start("member");
            tag(x, g, key);
            x.end();
        }
        x.end().start("TerminationPolicies").el("member", "Default").end()
                .el("NewInstancesProtectedFromScaleIn", false)
                .el("ServiceLinkedRoleARN", "arn:aws:iam::" + call.accountId()
                        + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling")
                .el("DefaultInstanceWarmup", g.defaultInstanceWarmup)
                .el("CapacityRebalance", false);
    }

    private static void instanceTemplate(Xml x, Group g, GroupInstance i) {
        x.start("LaunchTemplate").el("LaunchTemplateId", i.launchTemplateId)
                .el("LaunchTemplateName", g.launchTemplateName).el("Version", i.launchTemplateVersion).end();
    }

    private static void tag(Xml x, Group g, String key) {
        x.el("ResourceId", g.id).el("ResourceType", "auto-scaling-group").el("Key", key)
                .el("Value", g.tags.get(key)).el("PropagateAtLaunch", g.propagate.contains(key));
    }

    private static void activity(Xml x, String groupName, Activity a) {
        x.el("ActivityId", a.activityId).el("AutoScalingGroupName", groupName).el("Description", a.description)
                .el("Cause", a.cause).el("StartTime", time(a.startTime))
                .el("EndTime", a.endTime == 0 ? null : time(a.endTime)).el("StatusCode", a.statusCode)
                .el("StatusMessage", a.statusMessage).el("Progress", a.progress).el("Details", a.details);
    }

    private static void policy(Xml x, Policies policies, Group g, Policy p) {
        x.start("member").el("AutoScalingGroupName", g.id).el("PolicyName", p.name).el("PolicyARN", p.arn)
                .el("PolicyType", p.policyType).el("AdjustmentType", p.adjustmentType)
                .el("MinAdjustmentMagnitude", p.minAdjustmentMagnitude).el("ScalingAdjustment", p.scalingAdjustment)
                .el("Cooldown", p.cooldown);
        x.start("StepAdjustments");
        for (StepAdjustment s : p.stepAdjustments) {
            x.start("member").el("MetricIntervalLowerBound", s.lowerBound)
                    .el("MetricIntervalUpperBound", s.upperBound).el("ScalingAdjustment", s.scalingAdjustment).end();
        }
        x.end().el("MetricAggregationType", p.metricAggregationType)
                .el("EstimatedInstanceWarmup", p.estimatedInstanceWarmup);
        x.start("Alarms");
        for (String alarm : p.alarmNames) {
            x.start("member").el("AlarmName", alarm).el("AlarmARN", policies.alarmArn(alarm)).end();
        }
        x.end();
        if (p.targetValue != null) {
            x.start("TargetTrackingConfiguration");
            if (p.predefinedMetricType != null) {
                x.start("PredefinedMetricSpecification").el("PredefinedMetricType", p.predefinedMetricType)
                        .el("ResourceLabel", p.resourceLabel).end();
            }
            x.el("TargetValue", p.targetValue).el("DisableScaleIn", p.disableScaleIn).end();
        }
        x.el("Enabled", p.enabled).end();
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** One page of a list: MaxRecords and NextToken (an opaque offset). */
    record Page(int from, int to, String next) {
        static Page of(QueryParams p, int defaultSize, int maxSize, int total) {
            Integer max = p.integer("MaxRecords");
            int size = max == null ? defaultSize : max;
            if (size < 1 || size > maxSize) {
                throw Groups.validation("1 validation error detected: Value '" + size + "' at 'maxRecords' failed to "
                        + "satisfy constraint: Member must have value less than or equal to " + maxSize
                        + " and greater than or equal to 1");
            }
            int from = 0;
            String token = p.get("NextToken");
            if (token != null && !token.isEmpty()) {
                try {
                    from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new AwsException("InvalidNextToken", "The token '" + token + "' is invalid.");
                }
                if (from < 0 || from > total) {
                    throw new AwsException("InvalidNextToken", "The token '" + token + "' is invalid.");
                }
            }
            int to = Math.min(total, from + size);
            String next = to < total ? Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)) : null;
            return new Page(from, to, next);
        }
    }
}
