package dev.cairn.sandbox.autoscaling;

import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Auto Scaling's store, {@code autoscaling.json}: per account, per region, the groups by name,
 * each with its instances, scaling activities and policies. Schema 1. Plain public fields (Jackson
 * writes and reads them as they are); the rules live in {@link Groups}, {@link Policies} and
 * {@link Scaler}. Times are epoch milliseconds of the wall clock, so a group resumes its
 * lifecycle after a restart.
 */
final class AutoScalingStore {
    static final String FILE_NAME = "autoscaling.json";
    static final int SCHEMA_VERSION = 1;
    static final StoreSpec<AutoScalingStore> SPEC = StoreSpec.of(FILE_NAME, AutoScalingStore.class,
            AutoScalingStore::new);

    /** account → region → state. */
    public LinkedHashMap<String, LinkedHashMap<String, RegionState>> accounts = new LinkedHashMap<>();

    /** One account's groups in one region. */
    static final class RegionState {
        public LinkedHashMap<String, Group> groups = new LinkedHashMap<>();
    }

    RegionState region(String account, String region) {
        return accounts.computeIfAbsent(account, a -> new LinkedHashMap<>())
                .computeIfAbsent(region, r -> new RegionState());
    }

    /** The region's state if it exists, without creating it (the settler's fast path). */
    RegionState existing(String account, String region) {
        LinkedHashMap<String, RegionState> regions = accounts.get(account);
        return regions == null ? null : regions.get(region);
    }

    /**
     * An Auto Scaling group. {@code id} is its name (unique per account and region); {@code tags}
     * its tags; {@code propagate} the keys of the tags copied to the instances it launches.
     */
    static final class Group extends TaggedResource {
        /** The UUID inside the group's ARN. */
        public String uuid;
        public String arn;
        public String launchTemplateId;
        /** Known when the template was named in the request (AWS echoes what it resolved). */
        public String launchTemplateName;
        /** As requested ({@code $Default}, {@code $Latest}, a number); null when not given. */
        public String launchTemplateVersion;
        public int minSize;
        public int maxSize;
        public int desiredCapacity;
        /** The subnets of VPCZoneIdentifier in the order given, and the zone of each. */
        public List<String> subnetIds = new ArrayList<>();
        public List<String> zones = new ArrayList<>();
        public List<String> targetGroupArns = new ArrayList<>();
        public String healthCheckType = "EC2";
        public int healthCheckGracePeriod;
        /** Seconds; null when not set (AWS then omits it and target tracking uses its own default). */
        public Integer defaultInstanceWarmup;
        public LinkedHashSet<String> propagate = new LinkedHashSet<>();
        /** ForceDelete was asked: the group goes once its instances are terminated. */
        public boolean deleting;
        public List<GroupInstance> instances = new ArrayList<>();
        /** Newest last. */
        public List<Activity> activities = new ArrayList<>();
        public LinkedHashMap<String, Policy> policies = new LinkedHashMap<>();
        /**
         * Why desired capacity last changed ("At … a user request … changing the desired capacity
         * from 1 to 2."), the first sentence of the cause of the launches and terminations it leads to.
         */
        public String capacityCause;
        /** Practice load: the CPU every instance of the group reports, percent. */
        public double cpu = Scaler.IDLE_CPU_PERCENT;
        /** When {@link #cpu} last changed. */
        public long cpuSince;
        /** No launch is attempted before this time (after a failed launch, AWS backs off). */
        public long nextLaunchAttempt;
    }

    /** One instance of a group, as Auto Scaling tracks it (EC2 holds the instance itself). */
    static final class GroupInstance {
        public String instanceId;
        public String availabilityZone;
        public String subnetId;
        public String launchTemplateId;
        public String launchTemplateVersion;
        /** {@code Pending}, {@code InService}, {@code Terminating}, {@code Terminated} (EC2 shuts it down). */
        public String lifecycleState;
        /** {@code Healthy} or {@code Unhealthy}. */
        public String healthStatus = "Healthy";
        public long launchedAt;
        /** When it went InService; 0 before. */
        public long inServiceAt;
        /** When it entered Terminating; 0 before. */
        public long terminatingSince;
        /** TerminateInstances has been asked of EC2 (after the targets drained). */
        public boolean terminateRequested;
        /** The activity that launched or is terminating it. */
        public String activityId;
    }

    /** A scaling activity, as DescribeScalingActivities shows it. */
    static final class Activity {
        public String activityId;
        public String description;
        public String cause;
        public long startTime;
        /** 0 while in progress. */
        public long endTime;
        /** {@code InProgress}, {@code WaitingForELBConnectionDraining}, {@code Successful}, {@code Failed}, … */
        public String statusCode;
        public String statusMessage;
        public int progress;
        public String details = "{\"Subnet ID\":\"\",\"Availability Zone\":\"\"}";

        boolean finished() {
            return "Successful".equals(statusCode) || "Failed".equals(statusCode) || "Cancelled".equals(statusCode);
        }
    }

    /** A scaling policy: target tracking is evaluated by {@link Scaler}; simple and step policies are stored. */
    static final class Policy {
        public String name;
        public String arn;
        public String policyType;
        public String adjustmentType;
        public Integer scalingAdjustment;
        public Integer minAdjustmentMagnitude;
        public Integer cooldown;
        public String metricAggregationType;
        public Integer estimatedInstanceWarmup;
        public List<StepAdjustment> stepAdjustments = new ArrayList<>();
        public String predefinedMetricType;
        public String resourceLabel;
        public Double targetValue;
        public boolean disableScaleIn;
        public boolean enabled = true;
        /** The CloudWatch alarms target tracking made: AlarmHigh first, then AlarmLow. */
        public List<String> alarmNames = new ArrayList<>();
        /** When the policy last changed desired capacity up / down (one action per evaluation period). */
        public long lastScaleOut;
        public long lastScaleIn;
    }

    /** One step of a step scaling policy. */
    static final class StepAdjustment {
        public Double lowerBound;
        public Double upperBound;
        public int scalingAdjustment;
    }
}
