package dev.cairn.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.ecs.EcsStore.Cluster;
import dev.cairn.sandbox.ecs.EcsStore.Deployment;
import dev.cairn.sandbox.ecs.EcsStore.Event;
import dev.cairn.sandbox.ecs.EcsStore.LoadBalancerRef;
import dev.cairn.sandbox.ecs.EcsStore.Network;
import dev.cairn.sandbox.ecs.EcsStore.Service;
import dev.cairn.sandbox.ecs.EcsStore.StrategyItem;
import dev.cairn.sandbox.ecs.EcsStore.Task;
import dev.cairn.sandbox.ecs.EcsStore.TaskDefinition;
import dev.cairn.sandbox.ecs.EcsStore.TaskSet;
import dev.cairn.sandbox.elbv2.ElbTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Services and their task sets, as CreateService, UpdateService, DeleteService and the task-set
 * calls rule them: a launch type or a capacity provider strategy (not both; neither: the
 * cluster's default strategy, else EC2); awsvpc needs a network configuration whose subnets and
 * groups exist in one VPC; each load balancer's container and port must be in the task
 * definition and its target group must be attached to a load balancer and of type {@code ip}
 * under awsvpc. With the {@code CODE_DEPLOY} controller the create makes the first (PRIMARY)
 * task set and only the desired count and a few settings may change afterwards. A service is
 * deleted to {@code DRAINING} (its tasks stop) and is {@code INACTIVE} once they have.
 */
final class Services {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    /** AWS keeps at most this many events per service (DescribeServices shows the newest 100). */
    static final int MAX_EVENTS = 100;

    private final EcsBackend b;

    Services(EcsBackend b) {
        this.b = b;
    }

    /** What CreateService asks for. */
    record Request(String cluster, String name, String taskDefinition, Integer desiredCount, String launchType,
                   List<StrategyItem> strategy, List<LoadBalancerRef> loadBalancers, Network network,
                   String deploymentController, String schedulingStrategy, Integer healthCheckGracePeriodSeconds,
                   Integer maximumPercent, Integer minimumHealthyPercent, String platformVersion,
                   Map<String, String> tags) {
    }

    Service create(Request r) {
        Cluster c = b.cluster(r.cluster());
        if (r.name() == null || r.name().isEmpty()) {
            throw EcsBackend.invalidParameter("Service name must not be null or empty.");
        }
        if (!NAME.matcher(r.name()).matches()) {
            throw EcsBackend.invalidParameter("Service name can only contain alphanumeric characters, hyphens and "
                    + "underscores, and be up to 255 characters long.");
        }
        Service existing = b.findService(c, r.name());
        if (existing != null && !existing.status.equals("INACTIVE")) {
            throw EcsBackend.invalidParameter("Creation of service was not idempotent.");
        }
        String controller = r.deploymentController() == null ? "ECS" : r.deploymentController();
        if (!List.of("ECS", "CODE_DEPLOY", "EXTERNAL").contains(controller)) {
            throw EcsBackend.invalidParameter("Invalid deployment controller type: " + controller);
        }
        if (r.taskDefinition() == null && !controller.equals("EXTERNAL")) {
            throw EcsBackend.invalidParameter("TaskDefinition must not be null or empty.");
        }
        int desired = r.desiredCount() == null ? 0 : r.desiredCount();
        if (desired < 0) {
            throw EcsBackend.invalidParameter("Desired count must be greater than or equal to 0.");
        }
        Placement placement = placement(c, r.launchType(), r.strategy());
        TaskDefinition td = r.taskDefinition() == null ? null : b.taskDefinition(r.taskDefinition());
        if (td != null) {
            TaskDefinitions.requireActive(td);
            checkRunnable(td, placement, r.network(), r.loadBalancers());
        }
        if (controller.equals("CODE_DEPLOY") && r.loadBalancers().isEmpty()) {
            throw EcsBackend.invalidParameter("A load balancer must be specified when using the CODE_DEPLOY deployment "
                    + "controller.");
        }
        Service s = new Service();
        s.name = r.name();
        s.id = b.arn("service/" + c.name + "/" + r.name());
        s.clusterArn = c.id;
        s.createdAt = b.now();
        s.desiredCount = desired;
        s.taskDefinition = td == null ? null : td.id;
        s.launchType = placement.launchType();
        s.capacityProviderStrategy = placement.strategy();
        s.loadBalancers = r.loadBalancers();
        s.network = r.network();
        s.deploymentController = controller;
        if (r.schedulingStrategy() != null) {
            s.schedulingStrategy = r.schedulingStrategy();
        }
        s.healthCheckGracePeriodSeconds = r.healthCheckGracePeriodSeconds();
        if (r.maximumPercent() != null) {
            s.maximumPercent = r.maximumPercent();
        }
        if (r.minimumHealthyPercent() != null) {
            s.minimumHealthyPercent = r.minimumHealthyPercent();
        }
        s.platformVersion = "FARGATE".equals(s.launchType) ? (r.platformVersion() == null ? "LATEST"
                : r.platformVersion()) : null;
        s.tags.putAll(r.tags());
        if (existing != null) {
            b.state().services.remove(existing.id);
        }
        b.state().services.put(s.id, s);
        if (controller.equals("ECS")) {
            Deployment d = new Deployment();
            d.id = b.serviceDeploymentId();
            d.status = "PRIMARY";
            d.taskDefinition = s.taskDefinition;
            d.desiredCount = desired;
            d.createdAt = b.now();
            d.updatedAt = b.now();
            s.deployments.add(d);
        } else if (controller.equals("CODE_DEPLOY")) {
            TaskSet ts = newTaskSet(s, td, s.loadBalancers, s.network, s.launchType, s.capacityProviderStrategy, null);
            ts.status = "PRIMARY";
        }
        return s;
    }

    /** Where a service's tasks run: a launch type, or a capacity provider strategy. */
    record Placement(String launchType, List<StrategyItem> strategy) {
        boolean fargate() {
            return "FARGATE".equals(launchType) || strategy.stream()
                    .anyMatch(i -> Clusters.FARGATE_PROVIDERS.contains(i.capacityProvider));
        }
    }

    Placement placement(Cluster c, String launchType, List<StrategyItem> strategy) {
        if (launchType != null && !strategy.isEmpty()) {
            throw EcsBackend.invalidParameter("Specifying both a launch type and capacity provider strategy is not "
                    + "supported. Remove one and try again.");
        }
        if (launchType != null) {
            if (!List.of("EC2", "FARGATE", "EXTERNAL").contains(launchType)) {
                throw EcsBackend.invalidParameter("Invalid launch type: " + launchType);
            }
            return new Placement(launchType, List.of());
        }
        List<StrategyItem> s = strategy.isEmpty() ? c.defaultStrategy : strategy;
        if (s.isEmpty()) {
            return new Placement("EC2", List.of());
        }
        for (StrategyItem i : s) {
            if (!c.capacityProviders.contains(i.capacityProvider)) {
                throw EcsBackend.invalidParameter("The specified capacity provider strategy cannot contain a capacity "
                        + "provider that is not associated with the cluster. Associate the capacity provider with the "
                        + "cluster or specify a valid capacity provider and try again.");
            }
        }
        if (s.stream().allMatch(i -> i.weight == 0)) {
            throw EcsBackend.invalidParameter("The capacity provider strategy must have at least one capacity provider "
                    + "with a weight greater than zero.");
        }
        return new Placement(null, new ArrayList<>(s));
    }

    /** The rules a task definition, placement, network and load balancers must satisfy together. */
    void checkRunnable(TaskDefinition td, Placement placement, Network network, List<LoadBalancerRef> lbs) {
        if (placement.fargate() && !td.compatibilities.contains("FARGATE")) {
            throw EcsBackend.invalidParameter("Task definition does not support launch_type FARGATE.");
        }
        boolean awsvpc = TaskDefinitions.networkMode(td).equals("awsvpc");
        if (awsvpc && (network == null || network.subnets.isEmpty())) {
            throw EcsBackend.invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is "
                    + "specified.");
        }
        if (!awsvpc && network != null) {
            throw EcsBackend.invalidParameter("Network Configuration is not valid for the given networkMode of this "
                    + "task definition.");
        }
        String vpc = awsvpc ? checkNetwork(network, placement) : null;
        for (LoadBalancerRef lb : lbs) {
            checkLoadBalancer(td, lb, awsvpc, vpc);
        }
    }

    /** The subnets exist in one VPC and the groups in it; returns the VPC. */
    private String checkNetwork(Network n, Placement placement) {
        if (n.subnets.size() > 16) {
            throw EcsBackend.invalidParameter("A maximum of 16 subnets can be specified.");
        }
        if (n.securityGroups.size() > 5) {
            throw EcsBackend.invalidParameter("A maximum of 5 security groups can be specified.");
        }
        if ("ENABLED".equals(n.assignPublicIp) && !placement.fargate()) {
            throw EcsBackend.invalidParameter("Assign public IP is not supported for this launch type.");
        }
        Optional<Ec2Fleet> fleet = b.fleet();
        if (fleet.isEmpty()) {
            return null;
        }
        String vpc = null;
        for (String subnet : n.subnets) {
            Optional<String> v = fleet.get().subnetVpc(subnet);
            if (v.isEmpty()) {
                throw EcsBackend.invalidParameter("Error retrieving subnet information for [" + subnet
                        + "]: The subnet ID '" + subnet + "' does not exist (ErrorCode: InvalidSubnetID.NotFound)");
            }
            if (vpc != null && !vpc.equals(v.get())) {
                throw EcsBackend.invalidParameter("The subnets provided belong to different VPCs. Please ensure the "
                        + "subnets belong to the same VPC.");
            }
            vpc = v.get();
        }
        for (String group : n.securityGroups) {
            Optional<String> v = fleet.get().securityGroupVpc(group);
            if (v.isEmpty()) {
                throw EcsBackend.invalidParameter("Error retrieving security group information for [" + group
                        + "]: The security group '" + group + "' does not exist (ErrorCode: InvalidGroup.NotFound)");
            }
            if (!v.get().equals(vpc)) {
                throw EcsBackend.invalidParameter("Security group " + group + " does not appear to belong to the same "
                        + "VPC as the input subnets.");
            }
        }
        return vpc;
    }

    private void checkLoadBalancer(TaskDefinition td, LoadBalancerRef lb, boolean awsvpc, String vpc) {
        if (lb.targetGroupArn == null) {
            throw EcsBackend.invalidParameter("Target group ARN must be specified for Application Load Balancers.");
        }
        JsonNode container = null;
        for (JsonNode c : TaskDefinitions.containers(td)) {
            if (c.path("name").asText().equals(lb.containerName)) {
                container = c;
            }
        }
        if (container == null) {
            throw EcsBackend.invalidParameter("The container " + lb.containerName + " does not exist in the task "
                    + "definition.");
        }
        boolean port = false;
        for (JsonNode pm : container.path("portMappings")) {
            port |= pm.path("containerPort").asInt() == lb.containerPort;
        }
        if (!port) {
            throw EcsBackend.invalidParameter("The container " + lb.containerName + " did not have a container port "
                    + lb.containerPort + " defined.");
        }
        Optional<ElbTargets> elb = b.elb();
        if (elb.isEmpty()) {
            return;
        }
        ElbTargets.TargetGroupView tg = elb.get().targetGroup(lb.targetGroupArn).orElseThrow(() ->
                EcsBackend.invalidParameter("Unable to assume role and validate the specified targetGroupArn. Please "
                        + "verify that the ECS service role being passed has the proper permissions."));
        if (tg.loadBalancerArns().isEmpty()) {
            throw EcsBackend.invalidParameter("The target group with targetGroupArn " + lb.targetGroupArn
                    + " does not have an associated load balancer.");
        }
        if (awsvpc && !tg.targetType().equals("ip")) {
            throw EcsBackend.invalidParameter("The provided target group " + lb.targetGroupArn + " has target type "
                    + tg.targetType() + ", which is incompatible with the awsvpc network mode specified in the task "
                    + "definition.");
        }
        if (vpc != null && !vpc.equals(tg.vpcId())) {
            throw EcsBackend.invalidParameter("The target group " + lb.targetGroupArn + " is in VPC " + tg.vpcId()
                    + ", which is not the VPC of the service's subnets (" + vpc + ").");
        }
    }

    /** What UpdateService asks for; null members are left as they are. */
    record Update(String cluster, String service, Integer desiredCount, String taskDefinition, boolean forceNewDeployment,
                  Network network, List<StrategyItem> strategy, Integer healthCheckGracePeriodSeconds,
                  Integer maximumPercent, Integer minimumHealthyPercent, boolean loadBalancersGiven) {
    }

    Service update(Update u) {
        Cluster c = b.cluster(u.cluster());
        Service s = b.activeService(c, u.service());
        if (s.deploymentController.equals("CODE_DEPLOY")) {
            if (u.taskDefinition() != null) {
                throw EcsBackend.invalidParameter("Unable to update task definition on services with a CODE_DEPLOY "
                        + "deployment controller. Use AWS CodeDeploy to trigger a new deployment.");
            }
            if (u.network() != null || u.loadBalancersGiven() || u.forceNewDeployment()) {
                throw EcsBackend.invalidParameter("Unable to update network parameters on services with a CODE_DEPLOY "
                        + "deployment controller. Use AWS CodeDeploy to trigger a new deployment.");
            }
            if (u.strategy() != null) {
                throw EcsBackend.invalidParameter("Unable to update capacity provider strategy on services with a "
                        + "CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.");
            }
        }
        if (u.desiredCount() != null) {
            if (u.desiredCount() < 0) {
                throw EcsBackend.invalidParameter("Desired count must be greater than or equal to 0.");
            }
            s.desiredCount = u.desiredCount();
        }
        if (u.healthCheckGracePeriodSeconds() != null) {
            s.healthCheckGracePeriodSeconds = u.healthCheckGracePeriodSeconds();
        }
        if (u.maximumPercent() != null) {
            s.maximumPercent = u.maximumPercent();
        }
        if (u.minimumHealthyPercent() != null) {
            s.minimumHealthyPercent = u.minimumHealthyPercent();
        }
        if (s.deploymentController.equals("ECS")) {
            boolean redeploy = u.forceNewDeployment();
            if (u.taskDefinition() != null) {
                TaskDefinition td = b.taskDefinition(u.taskDefinition());
                TaskDefinitions.requireActive(td);
                Placement placement = u.strategy() != null ? placement(c, null, u.strategy())
                        : new Placement(s.launchType, s.capacityProviderStrategy);
                checkRunnable(td, placement, u.network() != null ? u.network() : s.network, s.loadBalancers);
                redeploy |= !td.id.equals(s.taskDefinition);
                s.taskDefinition = td.id;
            }
            if (u.network() != null) {
                s.network = u.network();
                redeploy = true;
            }
            if (u.strategy() != null) {
                Placement placement = placement(c, null, u.strategy());
                s.capacityProviderStrategy = placement.strategy();
                s.launchType = placement.launchType();
                redeploy = true;
            }
            Deployment primary = primaryDeployment(s);
            if (redeploy) {
                for (Deployment d : s.deployments) {
                    d.status = "ACTIVE";
                    d.updatedAt = b.now();
                }
                Deployment d = new Deployment();
                d.id = b.serviceDeploymentId();
                d.status = "PRIMARY";
                d.taskDefinition = s.taskDefinition;
                d.desiredCount = s.desiredCount;
                d.createdAt = b.now();
                d.updatedAt = b.now();
                s.deployments.add(0, d);
            } else if (primary != null) {
                primary.desiredCount = s.desiredCount;
                primary.updatedAt = b.now();
            }
        }
        return s;
    }

    static Deployment primaryDeployment(Service s) {
        return s.deployments.stream().filter(d -> d.status.equals("PRIMARY")).findFirst().orElse(null);
    }

    /** DeleteService: without {@code force}, refused while scaled above 0; then DRAINING (its tasks stop). */
    Service delete(String cluster, String service, boolean force) {
        Cluster c = b.cluster(cluster);
        Service s = b.service(c, service);
        if (!s.status.equals("ACTIVE")) {
            throw new AwsException("ServiceNotActiveException", "Service was not ACTIVE.");
        }
        if (s.desiredCount > 0 && !force) {
            throw EcsBackend.invalidParameter("The service cannot be stopped while it is scaled above 0.");
        }
        s.desiredCount = 0;
        s.status = "DRAINING";
        for (Deployment d : s.deployments) {
            d.desiredCount = 0;
        }
        for (TaskSet ts : s.taskSets) {
            ts.status = "DRAINING";
        }
        return s;
    }

    // ------------------------------------------------------------------ task sets

    private TaskSet newTaskSet(Service s, TaskDefinition td, List<LoadBalancerRef> lbs, Network network,
                               String launchType, List<StrategyItem> strategy, String externalId) {
        TaskSet ts = new TaskSet();
        ts.id = b.serviceDeploymentId();
        Cluster c = b.state().clusters.get(s.clusterArn);
        ts.arn = b.arn("task-set/" + c.name + "/" + s.name + "/" + ts.id);
        ts.status = "ACTIVE";
        ts.taskDefinition = td.id;
        ts.externalId = externalId;
        ts.launchType = launchType;
        ts.capacityProviderStrategy = new ArrayList<>(strategy);
        ts.loadBalancers = new ArrayList<>(lbs);
        ts.network = network;
        ts.createdAt = b.now();
        ts.updatedAt = b.now();
        ts.stabilityStatusAt = b.now();
        s.taskSets.add(ts);
        return ts;
    }

    /** What CreateTaskSet asks for. */
    record TaskSetRequest(String cluster, String service, String taskDefinition, String externalId,
                          List<LoadBalancerRef> loadBalancers, Network network, String launchType,
                          List<StrategyItem> strategy, Double scalePercent) {
    }

    TaskSet createTaskSet(TaskSetRequest r) {
        Cluster c = b.cluster(r.cluster());
        Service s = b.activeService(c, r.service());
        if (s.deploymentController.equals("ECS")) {
            throw EcsBackend.invalidParameter("Amazon ECS does not support task set management on services configured "
                    + "to use the ECS deployment controller.");
        }
        TaskDefinition td = b.taskDefinition(r.taskDefinition());
        TaskDefinitions.requireActive(td);
        Placement placement = r.launchType() == null && r.strategy().isEmpty()
                ? new Placement(s.launchType, s.capacityProviderStrategy) : placement(c, r.launchType(), r.strategy());
        Network network = r.network() != null ? r.network() : s.network;
        List<LoadBalancerRef> lbs = r.loadBalancers().isEmpty() ? s.loadBalancers : r.loadBalancers();
        checkRunnable(td, placement, network, lbs);
        TaskSet ts = newTaskSet(s, td, lbs, network, placement.launchType(), placement.strategy(), r.externalId());
        if (r.scalePercent() != null) {
            ts.scalePercent = checkScale(r.scalePercent());
        }
        return ts;
    }

    static double checkScale(double percent) {
        if (percent < 0 || percent > 100) {
            throw EcsBackend.invalidParameter("Scale value must be between 0 and 100 percent.");
        }
        return percent;
    }

    TaskSet taskSet(Service s, String ref) {
        for (TaskSet ts : s.taskSets) {
            if (ts.id.equals(ref) || ts.arn.equals(ref)) {
                return ts;
            }
        }
        throw new AwsException("TaskSetNotFoundException", "The specified task set does not exist.");
    }

    /** UpdateServicePrimaryTaskSet: the task set becomes PRIMARY; the service takes its task definition. */
    TaskSet makePrimary(String cluster, String service, String taskSet) {
        Cluster c = b.cluster(cluster);
        Service s = b.activeService(c, service);
        requireTaskSets(s);
        TaskSet ts = taskSet(s, taskSet);
        if (ts.status.equals("DRAINING")) {
            throw EcsBackend.invalidParameter("The specified task set is draining and cannot be made primary.");
        }
        for (TaskSet other : s.taskSets) {
            if (other.status.equals("PRIMARY")) {
                other.status = "ACTIVE";
                other.updatedAt = b.now();
            }
        }
        ts.status = "PRIMARY";
        ts.updatedAt = b.now();
        s.taskDefinition = ts.taskDefinition;
        s.loadBalancers = new ArrayList<>(ts.loadBalancers);
        s.network = ts.network;
        return ts;
    }

    TaskSet updateTaskSet(String cluster, String service, String taskSet, double percent) {
        Cluster c = b.cluster(cluster);
        Service s = b.activeService(c, service);
        requireTaskSets(s);
        TaskSet ts = taskSet(s, taskSet);
        ts.scalePercent = checkScale(percent);
        ts.updatedAt = b.now();
        return ts;
    }

    /** DeleteTaskSet: the PRIMARY one only with {@code force}; its tasks stop (DRAINING until they have). */
    TaskSet deleteTaskSet(String cluster, String service, String taskSet, boolean force) {
        Cluster c = b.cluster(cluster);
        Service s = b.activeService(c, service);
        requireTaskSets(s);
        TaskSet ts = taskSet(s, taskSet);
        if (ts.status.equals("PRIMARY") && !force) {
            throw EcsBackend.invalidParameter("Cannot delete the primary task set " + ts.id
                    + ". Use force to delete it.");
        }
        ts.status = "DRAINING";
        ts.updatedAt = b.now();
        return ts;
    }

    private static void requireTaskSets(Service s) {
        if (s.deploymentController.equals("ECS")) {
            throw EcsBackend.invalidParameter("Amazon ECS does not support task set management on services configured "
                    + "to use the ECS deployment controller.");
        }
    }

    /** A task set's desired count: the service's, scaled by the set's percentage, rounded up. */
    static int computedDesiredCount(Service s, TaskSet ts) {
        if (ts.status.equals("DRAINING")) {
            return 0;
        }
        return (int) Math.ceil(s.desiredCount * ts.scalePercent / 100.0);
    }

    /** Adds an event unless the newest one says the same (ECS does not repeat itself back to back). */
    void event(Service s, String message) {
        if (!s.events.isEmpty() && s.events.get(0).message.equals(message)) {
            return;
        }
        Event e = new Event();
        e.id = b.uuid();
        e.createdAt = b.now();
        e.message = message;
        s.events.add(0, e);
        while (s.events.size() > MAX_EVENTS) {
            s.events.remove(s.events.size() - 1);
        }
    }

    /** The tasks of a service that are not stopped, owned by a deployment or task set. */
    List<Task> tasksOf(Service s, String owner) {
        List<Task> out = new ArrayList<>();
        for (Task t : b.state().tasks.values()) {
            if (s.id.equals(t.serviceArn) && owner.equals(t.owner) && !t.lastStatus.equals("STOPPED")) {
                out.add(t);
            }
        }
        return out;
    }
}
