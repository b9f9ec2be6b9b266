package dev.cairn.sandbox.autoscaling;

import dev.cairn.sandbox.autoscaling.AutoScalingStore.Activity;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.Group;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.GroupInstance;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.Policy;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.RegionState;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.ec2.Ec2Fleet.InstanceView;
import dev.cairn.sandbox.elbv2.ElbTargets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Brings the Auto Scaling groups of the caller's account and region up to the call's clock, before
 * any service answers the call (the {@link dev.cairn.sandbox.core.ServiceDefinition.Settler}): so
 * {@code aws ec2 describe-instances} shows a scale-out without an Auto Scaling call first.
 *
 * <p>Per group, in this order: each instance's lifecycle ({@code Pending} → {@code InService} once
 * EC2 runs it and it is registered with the group's target groups; an instance EC2 no longer runs,
 * or whose target is unhealthy past the grace period with health check type {@code ELB}, is
 * replaced; {@code Terminating} deregisters, waits for the targets to drain, terminates through
 * EC2 ({@code Terminated}) and leaves the group when EC2 shows it terminated); then target tracking; then capacity
 * (launch what desired capacity asks for, balanced over the zones, or take instances out by the
 * default termination policy). Every launch and termination is a scaling activity.
 *
 * <p>Invariant: an instance counts toward capacity only while {@code Pending} or {@code InService}; so a group
 * never launches a replacement twice and never terminates more than desired capacity asks.
 */
final class Scaler {
    /** The tag AWS puts on every instance a group launches. */
    static final String GROUP_TAG = "aws:autoscaling:groupName";
    /** What an idle instance of the Sandbox reports (an idle Amazon Linux web server shows about this). */
    static final double IDLE_CPU_PERCENT = 2.0;
    /** Target tracking alarms evaluate one-minute datapoints (AWS's period for these alarms). */
    static final Duration METRIC_PERIOD = Duration.ofMinutes(1);
    /** AWS's AlarmHigh: 3 consecutive datapoints above the target. */
    static final int HIGH_ALARM_PERIODS = 3;
    /** AWS's AlarmLow: 15 consecutive datapoints below 90 % of the target. */
    static final int LOW_ALARM_PERIODS = 15;
    static final double LOW_ALARM_FRACTION = 0.9;
    /** Warm-up when neither the policy nor the group sets one (AWS falls back to the 300 s default cooldown). */
    static final Duration DEFAULT_WARMUP = Duration.ofSeconds(300);
    /** After a failed launch AWS waits before it tries again (its first back-off is about 10 s). */
    static final Duration LAUNCH_RETRY = Duration.ofSeconds(10);
    /** The only predefined metric the Sandbox measures. */
    static final String CPU_METRIC = "ASGAverageCPUUtilization";

    private static final System.Logger LOG = System.getLogger(Scaler.class.getName());

    private final Call call;
    private final Group g;
    private final Ec2Fleet fleet;
    private final ElbTargets elb;
    private final long now;
    private final Timing timing;

    private Scaler(Call call, Group g, Ec2Fleet fleet, ElbTargets elb) {
        this.call = call;
        this.g = g;
        this.fleet = fleet;
        this.elb = elb;
        this.now = call.now();
        this.timing = call.world().timing();
    }

    /** The settler: every group of the call's account and region, up to the call's clock. */
    static void settle(Call call) {
        AutoScalingStore peek = call.world().store(AutoScalingStore.class);
        RegionState existing = peek.existing(call.accountId(), call.region());
        if (existing == null || existing.groups.isEmpty()) {
            // The common case for every other service's request: nothing touched, nothing saved.
            return;
        }
        RegionState state = call.state(AutoScalingStore.class).region(call.accountId(), call.region());
        Ec2Fleet fleet = call.optionalPeer(Ec2Fleet.class).orElse(null);
        ElbTargets elb = call.optionalPeer(ElbTargets.class).orElse(null);
        for (Group g : List.copyOf(state.groups.values())) {
            try {
                new Scaler(call, g, fleet, elb).run();
            } catch (AwsException e) {
                // A peer's refusal must never fail an unrelated request of another service: the
                // group tries again at the next request, as AWS retries its own steps.
                LOG.log(System.Logger.Level.WARNING, "Auto Scaling group " + g.id + " could not settle: "
                        + e.code() + " " + e.getMessage());
            }
            if (g.deleting && g.instances.isEmpty()) {
                state.groups.remove(g.id);
            }
        }
    }

    private void run() {
        for (GroupInstance i : List.copyOf(g.instances)) {
            lifecycle(i);
        }
        if (!g.deleting) {
            for (Policy p : g.policies.values()) {
                track(p);
            }
        }
        capacity();
        trimActivities();
    }

    // ---------------------------------------------------------------- instance lifecycle

    private void lifecycle(GroupInstance i) {
        if (fleet == null) {
            return;
        }
        Optional<InstanceView> view = fleet.instance(i.instanceId);
        if (view.isEmpty() && now < i.launchedAt + timing.consistencyWindow().toMillis()) {
            // EC2's lookups do not see a new instance yet (its consistency window); Auto Scaling
            // launched it and knows it exists, so it is neither replaced nor given up on.
            return;
        }
        switch (i.lifecycleState) {
            case "Pending" -> {
                if (view.isEmpty() || !view.get().alive()) {
                    unhealthy(i, "an EC2 health check indicating it has been terminated or stopped");
                } else if (view.get().running()) {
                    i.lifecycleState = "InService";
                    i.inServiceAt = now;
                    register(i);
                    activity(i.activityId).ifPresent(a -> finish(a, "Successful"));
                }
            }
            case "InService" -> {
                if (view.isEmpty() || !view.get().alive()) {
                    unhealthy(i, "an EC2 health check indicating it has been terminated or stopped");
                } else if ("ELB".equals(g.healthCheckType) && elb != null
                        && now >= i.inServiceAt + timing.scaledMillis(Duration.ofSeconds(g.healthCheckGracePeriod))
                        && g.targetGroupArns.stream().anyMatch(tg ->
                        "unhealthy".equals(elb.health(tg, i.instanceId).orElse("")))) {
                    unhealthy(i, "an ELB system health check failure");
                }
            }
            case "Terminating", "Terminated" -> terminating(i, view);
            default -> throw new IllegalStateException("lifecycle state " + i.lifecycleState);
        }
    }

    /** Registers a new InService instance with the group's target groups that still exist. */
    private void register(GroupInstance i) {
        if (elb == null) {
            return;
        }
        for (String tg : g.targetGroupArns) {
            if (elb.targetGroupExists(tg)) {
                elb.register(tg, i.instanceId);
            }
        }
    }

    private void unhealthy(GroupInstance i, String why) {
        i.healthStatus = "Unhealthy";
        beginTermination(call, g, i, "At " + Groups.stamp(now) + " an instance was taken out of service in response to "
                + why + ".");
    }

    private void terminating(GroupInstance i, Optional<InstanceView> view) {
        if (!i.terminateRequested) {
            boolean drained = elb == null || i.inServiceAt == 0
                    || g.targetGroupArns.stream().allMatch(tg -> elb.drained(tg, i.instanceId));
            if (!drained) {
                return;
            }
            if (view.isPresent() && view.get().alive()) {
                fleet.terminate(i.instanceId);
            }
            i.terminateRequested = true;
            i.lifecycleState = "Terminated";
            activity(i.activityId).ifPresent(a -> {
                a.statusCode = "InProgress";
                a.progress = 70;
            });
            view = fleet.instance(i.instanceId);
        }
        if (view.isEmpty() || "terminated".equals(view.get().state())) {
            g.instances.remove(i);
            activity(i.activityId).ifPresent(a -> finish(a, "Successful"));
        }
    }

    /**
     * Takes an instance out of service: {@code Terminating}, deregistered from the group's target
     * groups (they drain for their deregistration delay), with its activity.
     */
    static Activity beginTermination(Call call, Group g, GroupInstance i, String cause) {
        long now = call.now();
        i.lifecycleState = "Terminating";
        i.terminatingSince = now;
        Optional<ElbTargets> elb = call.optionalPeer(ElbTargets.class);
        boolean draining = false;
        if (elb.isPresent() && i.inServiceAt > 0) {
            for (String tg : g.targetGroupArns) {
                if (elb.get().health(tg, i.instanceId).isPresent()) {
                    elb.get().deregister(tg, i.instanceId);
                    draining = true;
                }
            }
        }
        Activity a = newActivity(call, g, "Terminating EC2 instance: " + i.instanceId, cause, i);
        a.statusCode = draining ? "WaitingForELBConnectionDraining" : "InProgress";
        a.progress = 50;
        i.activityId = a.activityId;
        return a;
    }

    // ---------------------------------------------------------------- target tracking

    /**
     * Target tracking on the group's average CPU: the CPU of the InService instances past their
     * warm-up (every instance of a group reports the group's practice load). The metric has been
     * defined without a gap since the earliest warm-up end of the instances InService now; a
     * condition started when both it and the current load held. With n the instances past their
     * warm-up, AlarmHigh raises desired capacity to {@code min(max, ceil(n × avg / target))}, once
     * per period while it holds (instances still warming count as capacity already on its way);
     * AlarmLow steps desired capacity down by one per period toward {@code max(min, ceil(n × avg / target))}.
     */
    private void track(Policy p) {
        if (!"TargetTrackingScaling".equals(p.policyType) || !p.enabled || !CPU_METRIC.equals(p.predefinedMetricType)
                || p.targetValue == null || p.targetValue <= 0) {
            return;
        }
        long warmup = timing.scaledMillis(warmup(p));
        long dataSince = Long.MAX_VALUE;
        int warmed = 0;
        for (GroupInstance i : g.instances) {
            if ("InService".equals(i.lifecycleState) && now >= i.inServiceAt + warmup) {
                dataSince = Math.min(dataSince, i.inServiceAt + warmup);
                warmed++;
            }
        }
        if (warmed == 0) {
            return; // INSUFFICIENT_DATA: neither alarm can fire
        }
        double avg = g.cpu;
        double target = p.targetValue;
        long period = timing.scaledMillis(METRIC_PERIOD);
        long since = Math.max(dataSince, g.cpuSince);
        if (avg > target) {
            if (now - since >= HIGH_ALARM_PERIODS * period && now - p.lastScaleOut >= period) {
                int want = Math.min(g.maxSize, (int) Math.ceil(warmed * avg / target));
                if (want > g.desiredCapacity) {
                    changeDesired(p, p.alarmNames.get(0), want);
                    p.lastScaleOut = now;
                }
            }
        } else if (!p.disableScaleIn && avg < LOW_ALARM_FRACTION * target) {
            boolean settled = g.instances.stream().noneMatch(i -> "Pending".equals(i.lifecycleState));
            if (settled && now - since >= LOW_ALARM_PERIODS * period && now - p.lastScaleIn >= period) {
                int floor = Math.max(g.minSize, (int) Math.ceil(warmed * avg / target));
                if (floor < g.desiredCapacity) {
                    changeDesired(p, p.alarmNames.get(1), g.desiredCapacity - 1);
                    p.lastScaleIn = now;
                }
            }
        }
    }

    private Duration warmup(Policy p) {
        if (p.estimatedInstanceWarmup != null) {
            return Duration.ofSeconds(p.estimatedInstanceWarmup);
        }
        return g.defaultInstanceWarmup != null ? Duration.ofSeconds(g.defaultInstanceWarmup) : DEFAULT_WARMUP;
    }

    private void changeDesired(Policy p, String alarm, int want) {
        g.capacityCause = "At " + Groups.stamp(now) + " a monitor alarm " + alarm + " in state ALARM triggered policy "
                + p.name + " changing the desired capacity from " + g.desiredCapacity + " to " + want + ".";
        g.desiredCapacity = want;
    }

    // ---------------------------------------------------------------- capacity

    private void capacity() {
        List<GroupInstance> active = new ArrayList<>();
        for (GroupInstance i : g.instances) {
            if (active(i)) {
                active.add(i);
            }
        }
        int have = active.size();
        if (have < g.desiredCapacity && now >= g.nextLaunchAttempt) {
            int from = have;
            while (have < g.desiredCapacity && launch(active, from)) {
                have++;
            }
        } else if (have > g.desiredCapacity) {
            int from = have;
            while (have > g.desiredCapacity) {
                GroupInstance victim = victim(active);
                active.remove(victim);
                have--;
                String cause = (g.capacityCause == null ? "" : g.capacityCause + "  ") + "At " + Groups.stamp(now)
                        + " an instance was taken out of service in response to a difference between desired and "
                        + "actual capacity, shrinking the capacity from " + from + " to " + g.desiredCapacity + ".  At "
                        + Groups.stamp(now) + " instance " + victim.instanceId + " was selected for termination.";
                beginTermination(call, g, victim, cause);
            }
        }
        if (have == g.desiredCapacity) {
            g.capacityCause = null;
        }
    }

    /** Pending or InService: what counts toward the group's capacity. */
    static boolean active(GroupInstance i) {
        return "Pending".equals(i.lifecycleState) || "InService".equals(i.lifecycleState);
    }

    /** Launches one instance in the zone with the fewest; false (and a failed activity) when EC2 refuses. */
    private boolean launch(List<GroupInstance> active, int from) {
        String subnet = subnetForLaunch(active);
        String zone = g.zones.get(g.subnetIds.indexOf(subnet));
        String cause = (g.capacityCause == null ? "" : g.capacityCause + "  ") + "At " + Groups.stamp(now)
                + " an instance was started in response to a difference between desired and actual capacity, "
                + "increasing the capacity from " + from + " to " + g.desiredCapacity + ".";
        if (fleet == null) {
            failedLaunch(cause, subnet, zone, "EC2 is not served by this Sandbox.");
            return false;
        }
        InstanceView v;
        try {
            String template = g.launchTemplateId != null ? g.launchTemplateId : g.launchTemplateName;
            String version = g.launchTemplateVersion == null ? "$Default" : g.launchTemplateVersion;
            v = fleet.launch(template, version, subnet, Groups.instanceTags(g));
        } catch (AwsException e) {
            failedLaunch(cause, subnet, zone, e.getMessage());
            return false;
        }
        GroupInstance i = new GroupInstance();
        i.instanceId = v.instanceId();
        i.subnetId = subnet;
        i.availabilityZone = v.availabilityZone() != null ? v.availabilityZone() : zone;
        i.launchTemplateId = v.launchTemplateId() != null ? v.launchTemplateId() : g.launchTemplateId;
        i.launchTemplateVersion = v.launchTemplateVersion();
        i.lifecycleState = "Pending";
        i.launchedAt = now;
        g.instances.add(i);
        active.add(i);
        Activity a = newActivity(call, g, "Launching a new EC2 instance: " + v.instanceId(), cause, i);
        a.statusCode = "InProgress";
        a.progress = 30;
        i.activityId = a.activityId;
        return true;
    }

    /**
     * A failed launch, recorded once per reason: while the same launch keeps failing for the same
     * reason, the last failed activity's end time moves on instead of a new activity each request.
     */
    private void failedLaunch(String cause, String subnet, String zone, String reason) {
        g.nextLaunchAttempt = now + timing.scaledMillis(LAUNCH_RETRY);
        Activity last = g.activities.isEmpty() ? null : g.activities.get(g.activities.size() - 1);
        if (last != null && "Failed".equals(last.statusCode) && reason.equals(last.statusMessage)) {
            last.endTime = now;
            return;
        }
        Activity a = newActivity(call, g, "Launching a new EC2 instance.  Status Reason: " + reason
                + " Launching EC2 instance failed.", cause, null);
        a.details = details(subnet, zone);
        a.statusMessage = reason;
        finish(a, "Failed");
    }

    /** The subnet of the zone with the fewest active instances (the first such zone, in VPCZoneIdentifier order). */
    private String subnetForLaunch(List<GroupInstance> active) {
        Map<String, Integer> bySubnet = new LinkedHashMap<>();
        Map<String, Integer> byZone = new LinkedHashMap<>();
        for (int k = 0; k < g.subnetIds.size(); k++) {
            bySubnet.put(g.subnetIds.get(k), 0);
            byZone.put(zoneKey(k), 0);
        }
        for (GroupInstance i : active) {
            bySubnet.computeIfPresent(i.subnetId, (s, n) -> n + 1);
            int k = g.subnetIds.indexOf(i.subnetId);
            if (k >= 0) {
                byZone.computeIfPresent(zoneKey(k), (z, n) -> n + 1);
            }
        }
        String best = g.subnetIds.get(0);
        for (int k = 1; k < g.subnetIds.size(); k++) {
            String s = g.subnetIds.get(k);
            int zoneCount = byZone.get(zoneKey(k));
            int bestZone = byZone.get(zoneKey(g.subnetIds.indexOf(best)));
            if (zoneCount < bestZone || (zoneCount == bestZone && bySubnet.get(s) < bySubnet.get(best))) {
                best = s;
            }
        }
        return best;
    }

    private String zoneKey(int subnetIndex) {
        String zone = g.zones.get(subnetIndex);
        return zone != null ? zone : g.subnetIds.get(subnetIndex);
    }

    /**
     * AWS's default termination policy: the zone with the most instances (the last such zone in
     * VPCZoneIdentifier order on a tie), then instances of another launch template or the oldest
     * version of the group's, then the oldest instance.
     */
    private GroupInstance victim(List<GroupInstance> active) {
        Map<String, Integer> byZone = new LinkedHashMap<>();
        for (GroupInstance i : active) {
            byZone.merge(i.availabilityZone, 1, Integer::sum);
        }
        String zone = null;
        int most = -1;
        for (Map.Entry<String, Integer> e : byZone.entrySet()) {
            if (e.getValue() >= most) {
                zone = e.getKey();
                most = e.getValue();
            }
        }
        String inZone = zone;
        return active.stream().filter(i -> i.availabilityZone.equals(inZone))
                .min(Comparator.comparingInt(this::templateAge).thenComparingLong(i -> i.launchedAt)
                        .thenComparing(i -> i.instanceId))
                .orElseThrow();
    }

    /** Lower is older: another template than the group's first, then the version number. */
    private int templateAge(GroupInstance i) {
        if (g.launchTemplateId != null && i.launchTemplateId != null && !g.launchTemplateId.equals(i.launchTemplateId)) {
            return Integer.MIN_VALUE;
        }
        try {
            return Integer.parseInt(i.launchTemplateVersion);
        } catch (NumberFormatException | NullPointerException e) {
            return Integer.MAX_VALUE;
        }
    }

    // ---------------------------------------------------------------- activities

    private static Activity newActivity(Call call, Group g, String description, String cause, GroupInstance i) {
        Activity a = new Activity();
        a.activityId = new UUID(call.world().random().nextLong(), call.world().random().nextLong()).toString();
        a.description = description;
        a.cause = cause;
        a.startTime = call.now();
        if (i != null) {
            a.details = details(i.subnetId, i.availabilityZone);
        }
        g.activities.add(a);
        return a;
    }

    private void finish(Activity a, String status) {
        a.statusCode = status;
        a.progress = 100;
        a.endTime = now;
    }

    private Optional<Activity> activity(String id) {
        return g.activities.stream().filter(a -> a.activityId.equals(id)).findFirst();
    }

    private static String details(String subnet, String zone) {
        return "{\"Subnet ID\":\"" + (subnet == null ? "" : subnet) + "\",\"Availability Zone\":\""
                + (zone == null ? "" : zone) + "\"}";
    }

    /** Drops the oldest finished activities past {@link Groups#MAX_ACTIVITIES}. */
    private void trimActivities() {
        while (g.activities.size() > Groups.MAX_ACTIVITIES) {
            Optional<Activity> oldest = g.activities.stream().filter(Activity::finished).findFirst();
            if (oldest.isEmpty()) {
                return;
            }
            g.activities.remove(oldest.get());
        }
    }
}
