package dev.cairn.sandbox.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * ECS's store, {@code ecs.json}: per account, per region, the clusters, capacity providers,
 * container instances, task definitions, services (with their deployments, task sets and events)
 * and tasks. Schema 1. Plain public fields; the rules live in {@link EcsBackend} and the classes it
 * hands out. Every resource's {@link TaggedResource#id} is its ARN; times are epoch milliseconds
 * of the wall clock, so tasks resume their lifecycle after a restart.
 */
final class EcsStore {
    static final StoreSpec<EcsStore> SPEC = StoreSpec.of("ecs.json", EcsStore.class, EcsStore::new);

    /** account → region → state. */
    public LinkedHashMap<String, LinkedHashMap<String, RegionState>> accounts = new LinkedHashMap<>();

    RegionState region(String account, String region) {
        return accounts.computeIfAbsent(account, a -> new LinkedHashMap<>())
                .computeIfAbsent(region, r -> new RegionState());
    }

    /** The region's state if it exists, without creating it (the settler's fast path). */
    RegionState existing(String account, String region) {
        LinkedHashMap<String, RegionState> regions = accounts.get(account);
        return regions == null ? null : regions.get(region);
    }

    /** One account's ECS in one region, each map by ARN in creation order. */
    static final class RegionState {
        public LinkedHashMap<String, Cluster> clusters = new LinkedHashMap<>();
        public LinkedHashMap<String, CapacityProvider> capacityProviders = new LinkedHashMap<>();
        public LinkedHashMap<String, ContainerInstance> containerInstances = new LinkedHashMap<>();
        public LinkedHashMap<String, TaskDefinition> taskDefinitions = new LinkedHashMap<>();
        public LinkedHashMap<String, Service> services = new LinkedHashMap<>();
        public LinkedHashMap<String, Task> tasks = new LinkedHashMap<>();
        /** Service IDs and task set IDs are numbers ({@code ecs-svc/1234…}); this keeps them unique. */
        public long sequence = 1;

        boolean isEmpty() {
            return clusters.isEmpty() && taskDefinitions.isEmpty() && capacityProviders.isEmpty();
        }
    }

    /** A cluster. {@code ACTIVE}; once deleted {@code INACTIVE} and still described until {@link #purgeAt}. */
    static final class Cluster extends TaggedResource {
        public String name;
        public String status = "ACTIVE";
        public long purgeAt;
        /** containerInsights → enabled/disabled/enhanced. */
        public LinkedHashMap<String, String> settings = new LinkedHashMap<>();
        public List<String> capacityProviders = new ArrayList<>();
        public List<StrategyItem> defaultStrategy = new ArrayList<>();
    }

    /** One item of a capacity provider strategy. */
    static final class StrategyItem {
        public String capacityProvider;
        public int weight;
        public int base;
    }

    /** A capacity provider of an Auto Scaling group. */
    static final class CapacityProvider extends TaggedResource {
        public String name;
        public String status = "ACTIVE";
        public String autoScalingGroupArn;
        public String managedScalingStatus = "DISABLED";
        public int targetCapacity = 100;
        public int minimumScalingStepSize = 1;
        public int maximumScalingStepSize = 10000;
        public int instanceWarmupPeriod = 300;
        public String managedTerminationProtection = "DISABLED";
        public String managedDraining = "ENABLED";
        public String updateStatus;
    }

    /** An EC2 instance registered with a cluster by its ECS agent. */
    static final class ContainerInstance extends TaggedResource {
        public String clusterArn;
        public String ec2InstanceId;
        public String instanceType;
        public String availabilityZone;
        public String capacityProviderName;
        /** {@code ACTIVE}, {@code DRAINING}; deregistered ones are removed. */
        public String status = "ACTIVE";
        public int cpu;
        public int memory;
        public long version = 1;
        /** Set when the instance stopped running: the agent is disconnected, it deregisters. */
        public boolean agentConnected = true;
    }

    /** A revision of a task definition family; {@code body} holds the request's fields as registered. */
    static final class TaskDefinition extends TaggedResource {
        public String family;
        public int revision;
        /** {@code ACTIVE}, {@code INACTIVE}, {@code DELETE_IN_PROGRESS}. */
        public String status = "ACTIVE";
        public long deregisteredAt;
        public long deleteRequestedAt;
        /** containerDefinitions, networkMode, cpu, memory, executionRoleArn, requiresCompatibilities, … */
        public ObjectNode body;
        public List<String> compatibilities = new ArrayList<>();
    }

    /** A target group a service or task set registers its tasks in. */
    static final class LoadBalancerRef {
        public String targetGroupArn;
        public String containerName;
        public int containerPort;
    }

    /** awsvpc networking of a service, task set or task. */
    static final class Network {
        public List<String> subnets = new ArrayList<>();
        public List<String> securityGroups = new ArrayList<>();
        public String assignPublicIp = "DISABLED";
    }

    /** A service: its deployments (ECS controller) or task sets (CODE_DEPLOY), events newest first. */
    static final class Service extends TaggedResource {
        public String name;
        public String clusterArn;
        /** {@code ACTIVE}, {@code DRAINING}, {@code INACTIVE}. */
        public String status = "ACTIVE";
        public long inactiveAt;
        public long purgeAt;
        public int desiredCount;
        public String taskDefinition;
        public String launchType;
        public List<StrategyItem> capacityProviderStrategy = new ArrayList<>();
        public List<LoadBalancerRef> loadBalancers = new ArrayList<>();
        public Network network;
        public String deploymentController = "ECS";
        public String schedulingStrategy = "REPLICA";
        public Integer healthCheckGracePeriodSeconds;
        public int maximumPercent = 200;
        public int minimumHealthyPercent = 100;
        public String platformVersion;
        public List<Deployment> deployments = new ArrayList<>();
        public List<TaskSet> taskSets = new ArrayList<>();
        public List<Event> events = new ArrayList<>();
        /** When the service last reported that it is steady (AWS repeats it every 6 hours at most). */
        public long steadyReportedAt;
        /** No task is started for the service before this time (after failed starts, ECS backs off). */
        public long nextLaunchAt;
    }

    /** A deployment of the ECS controller: {@code PRIMARY}, {@code ACTIVE} (being replaced) or {@code INACTIVE}. */
    static final class Deployment {
        public String id;
        public String status;
        public String taskDefinition;
        public int desiredCount;
        public long createdAt;
        public long updatedAt;
        public String rolloutState = "IN_PROGRESS";
        public String rolloutStateReason;
        public int failedTasks;
    }

    /** A task set of a CODE_DEPLOY (or EXTERNAL) service. */
    static final class TaskSet {
        public String id;
        public String arn;
        /** {@code PRIMARY}, {@code ACTIVE}, {@code DRAINING}. */
        public String status;
        public String taskDefinition;
        public String externalId;
        public String startedBy;
        public String launchType;
        public List<StrategyItem> capacityProviderStrategy = new ArrayList<>();
        public List<LoadBalancerRef> loadBalancers = new ArrayList<>();
        public Network network;
        public double scalePercent = 100.0;
        public long createdAt;
        public long updatedAt;
        public String stabilityStatus = "STABILIZING";
        public long stabilityStatusAt;
        public int failedTasks;
    }

    /** A service event, as DescribeServices shows it. */
    static final class Event {
        public String id;
        public long createdAt;
        public String message;
    }

    /** A task. Its state moves on the clock ({@link Tasks}); {@code lastStatus} is where it is now. */
    static final class Task extends TaggedResource {
        public String taskId;
        public String clusterArn;
        public String taskDefinitionArn;
        public String serviceArn;
        /** The deployment ID or task set ID that owns it ({@code startedBy} for service tasks). */
        public String owner;
        public String group;
        public String startedBy;
        public String launchType;
        public String capacityProviderName;
        public String containerInstanceArn;
        public String availabilityZone;
        public String subnetId;
        public List<String> securityGroups = new ArrayList<>();
        public String networkInterfaceId;
        public String attachmentId;
        public String privateIp;
        public String cpu;
        public String memory;
        /** The container that serves (the first essential container) and what it runs. */
        public List<Container> containers = new ArrayList<>();
        /** {@code PROVISIONING}, {@code PENDING}, {@code ACTIVATING}, {@code RUNNING}, {@code DEACTIVATING}, {@code STOPPING}, {@code DEPROVISIONING}, {@code STOPPED}. */
        public String lastStatus = "PROVISIONING";
        public String desiredStatus = "RUNNING";
        public long pendingAt;
        public long runningAt;
        public long pullStartedAt;
        public long pullStoppedAt;
        public long startedAt;
        public long stoppingAt;
        public long stopAt;
        public long stoppedAt;
        public String stopCode;
        public String stoppedReason;
        /** CannotPullContainerError and the like: the task stops at {@link #stopAt} instead of running. */
        public String failure;
        /** The target groups the task is registered in while it runs. */
        public List<LoadBalancerRef> registeredIn = new ArrayList<>();
        public List<LoadBalancerRef> loadBalancers = new ArrayList<>();
        public long version = 1;
    }

    /** One container of a task. */
    static final class Container {
        public String name;
        public String image;
        public String imageDigest;
        public String runtimeId;
        public Integer containerPort;
        public String lastStatus = "PENDING";
        public Integer exitCode;
        public String reason;
        public boolean essential = true;
    }
}
