package dev.cairn.sandbox.codedeploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * CodeDeploy's store: per account, then per region, the applications (each with its deployment
 * groups) and the deployments. Saved as {@code codedeploy.json}; schema 1. The rules live in
 * {@link Applications} and {@link BlueGreen}.
 */
final class CodeDeployStore {
    static final StoreSpec<CodeDeployStore> SPEC = StoreSpec.of("codedeploy.json", CodeDeployStore.class,
            CodeDeployStore::new);

    /** An application: {@link TaggedResource#id} is its name. */
    static final class Application extends TaggedResource {
        public String applicationId;
        /** {@code Server}, {@code Lambda} or {@code ECS}; only ECS deploys in the Sandbox. */
        public String computePlatform;
        public LinkedHashMap<String, DeploymentGroup> groups = new LinkedHashMap<>();
    }

    /**
     * A deployment group: {@link TaggedResource#id} is its name. {@code settings} keeps the
     * request's members as sent (deployment style, blue/green configuration, load balancer info, ECS
     * services, auto rollback, alarms, triggers), so Get answers what Create and Update were told.
     */
    static final class DeploymentGroup extends TaggedResource {
        public String deploymentGroupId;
        public String applicationName;
        public String deploymentConfigName;
        public String serviceRoleArn;
        public ObjectNode settings;
        public String lastAttemptedDeploymentId;
        public String lastSuccessfulDeploymentId;
        /**
         * Target group name → ARN, learnt from the listeners ({@code ElbListenerControl.forwardTarget}):
         * CodeDeploy names target groups, ELB and ECS want ARNs.
         */
        public LinkedHashMap<String, String> targetGroupArns = new LinkedHashMap<>();
    }

    /** One lifecycle event of the ECS target, as {@code BatchGetDeploymentTargets} shows it. */
    static final class LifecycleEvent {
        public String name;
        /** {@code Pending}, {@code InProgress}, {@code Succeeded}, {@code Failed}, {@code Skipped}. */
        public String status = "Pending";
        public Long startTime;
        public Long endTime;
        public String diagnosticCode;
        public String diagnosticMessage;
    }

    /** A deployment; its progress is moved by {@link BlueGreen} from timestamps on every request. */
    static final class Deployment {
        public String id;
        public String applicationName;
        public String deploymentGroupName;
        public String deploymentConfigName;
        /** {@code Created}, {@code Queued}, {@code InProgress}, {@code Ready}, {@code Succeeded}, {@code Failed}, {@code Stopped}. */
        public String status = "Created";
        public String creator = "user";
        public String description;
        public long createTime;
        public Long startTime;
        public Long completeTime;
        /** The revision as sent ({@code revisionType} AppSpecContent or S3). */
        public ObjectNode revision;
        /** What the appspec says. */
        public String taskDefinitionArn;
        public String containerName;
        public int containerPort;
        public String cluster;
        public String service;
        public List<String> prodListenerArns = new ArrayList<>();
        public List<String> testListenerArns = new ArrayList<>();
        public String originalTargetGroupArn;
        public String replacementTargetGroupArn;
        public String originalTaskSetId;
        public String replacementTaskSetId;
        /** The task definition the service ran before (what a rollback returns to). */
        public String originalTaskDefinitionArn;
        public List<LifecycleEvent> events = new ArrayList<>();
        /** When the current phase began (the previous one's end, so late settling keeps AWS's timeline). */
        public long phaseStartedAt;
        /** When the original task set's termination wait began, or null. */
        public Long terminationWaitStartedAt;
        public int terminationWaitMinutes;
        public boolean autoRollback;
        /** Whether production traffic went to the replacement (a rollback moves it back). */
        public boolean productionRerouted;
        public boolean testRerouted;
        public String errorCode;
        public String errorMessage;
        public List<String> statusMessages = new ArrayList<>();
        /** Stop asked by StopDeployment, handled at the next step. */
        public boolean stopRequested;
        public boolean stopWithRollback;
        /** Where the deployment came from ({@code user}, {@code CodePipeline}'s execution). */
        public String externalId;
    }

    /** One region's CodeDeploy. */
    static final class RegionState {
        public LinkedHashMap<String, Application> applications = new LinkedHashMap<>();
        public LinkedHashMap<String, Deployment> deployments = new LinkedHashMap<>();
    }

    /** account → region → state. */
    public LinkedHashMap<String, LinkedHashMap<String, RegionState>> accounts = new LinkedHashMap<>();

    RegionState region(String account, String region) {
        return accounts.computeIfAbsent(account, a -> new LinkedHashMap<>())
                .computeIfAbsent(region, r -> new RegionState());
    }

    /** A region's state if it exists, without creating it. */
    RegionState existing(String account, String region) {
        LinkedHashMap<String, RegionState> regions = accounts.get(account);
        return regions == null ? null : regions.get(region);
    }
}
