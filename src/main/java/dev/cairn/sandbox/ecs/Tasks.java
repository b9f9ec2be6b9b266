package dev.cairn.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.ec2.Ec2Network;
import dev.cairn.sandbox.ecs.EcsStore.Cluster;
import dev.cairn.sandbox.ecs.EcsStore.Container;
import dev.cairn.sandbox.ecs.EcsStore.ContainerInstance;
import dev.cairn.sandbox.ecs.EcsStore.Deployment;
import dev.cairn.sandbox.ecs.EcsStore.LoadBalancerRef;
import dev.cairn.sandbox.ecs.EcsStore.Network;
import dev.cairn.sandbox.ecs.EcsStore.Service;
import dev.cairn.sandbox.ecs.EcsStore.StrategyItem;
import dev.cairn.sandbox.ecs.EcsStore.Task;
import dev.cairn.sandbox.ecs.EcsStore.TaskDefinition;
import dev.cairn.sandbox.ecs.EcsStore.TaskSet;
import dev.cairn.sandbox.elbv2.ElbTargets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Tasks and the service scheduler, brought up to the call's clock before every request (the ECS
 * settler). A task moves {@code PROVISIONING} (its network interface is attached) →
 * {@code PENDING} (its image is pulled) → {@code RUNNING} (registered in its target groups), or,
 * when the image cannot be pulled, to {@code STOPPED} with {@code CannotPullContainerError}. Asked
 * to stop, a running task is deregistered and waits for its targets to drain
 * ({@code DEACTIVATING}), then {@code STOPPING} → {@code DEPROVISIONING} (its interface is
 * released) → {@code STOPPED}. A service keeps its desired count of tasks per deployment or task
 * set: it starts what is missing where there is room (Fargate, or a container instance with CPU
 * and memory left in a zone of its subnets), reports what it cannot place, replaces tasks that
 * stopped or failed their load balancer's health checks, and stops what is too many.
 */
final class Tasks {
    /** Attaching the task's network interface (AWS: about 10 s on Fargate). */
    static final Duration PROVISIONING = Duration.ofSeconds(10);
    /** Pulling the image and starting the container (AWS: 10-30 s for a small image). */
    static final Duration PULL = Duration.ofSeconds(15);
    /** SIGTERM to exit: nginx stops at once; ECS's stopTimeout default is 30 s. */
    static final Duration STOPPING = Duration.ofSeconds(5);
    /** Detaching the network interface after the containers stopped (AWS: a few seconds). */
    static final Duration DEPROVISIONING = Duration.ofSeconds(5);
    /** Stopped tasks stay described for at least an hour in AWS. */
    static final Duration STOPPED_VISIBLE = Duration.ofHours(1);
    /** At most this many stopped tasks are kept per account and region (the oldest go first). */
    static final int MAX_STOPPED = 100;
    /** After a task failed to start, the scheduler waits before the next launch (ECS's throttle begins near this). */
    static final Duration FAILED_START_BACKOFF = Duration.ofSeconds(10);
    /** Failed starts of one deployment after which ECS says it cannot start tasks consistently. */
    static final int CONSISTENT_FAILURES = 3;

    private final EcsBackend b;

    Tasks(EcsBackend b) {
        this.b = b;
    }

    /** The settler's pass: agents, every task's lifecycle, every service's scheduling, the purges. */
    void settle() {
        b.clusters().settleAgents();
        for (Task t : List.copyOf(b.state().tasks.values())) {
            if (!t.lastStatus.equals("STOPPED")) {
                advance(t);
            }
        }
        for (Service s : List.copyOf(b.state().services.values())) {
            if (!s.status.equals("INACTIVE")) {
                schedule(s);
            }
        }
        purge();
        b.taskDefinitions().purge();
        b.clusters().purge();
    }

    // ------------------------------------------------------------------ one task

    void advance(Task t) {
        long now = b.now();
        if (t.desiredStatus.equals("RUNNING")) {
            if (t.lastStatus.equals("PROVISIONING") && now >= t.pendingAt) {
                t.lastStatus = "PENDING";
                t.pullStartedAt = t.pendingAt;
                t.version++;
            }
            if (t.lastStatus.equals("PENDING") && now >= t.runningAt) {
                start(t);
            }
            if (t.lastStatus.equals("RUNNING")) {
                checkHealth(t);
            }
        }
        if (t.desiredStatus.equals("STOPPED")) {
            stopping(t);
        }
    }

    /** The pull: an image that cannot be had stops the task; else it runs and is registered. */
    private void start(Task t) {
        t.pullStoppedAt = t.runningAt;
        for (Container c : t.containers) {
            String failure = Images.pullFailure(c.image, b);
            if (failure != null) {
                t.failure = "CannotPullContainerError: " + failure;
                c.reason = t.failure;
                c.lastStatus = "STOPPED";
                t.desiredStatus = "STOPPED";
                t.stopCode = "TaskFailedToStart";
                t.stoppedReason = t.failure;
                t.stoppingAt = t.runningAt;
                t.version++;
                Service s = t.serviceArn == null ? null : b.state().services.get(t.serviceArn);
                if (s != null) {
                    failedStart(s, t);
                }
                stopping(t);
                return;
            }
            c.imageDigest = Images.digest(c.image, b);
        }
        t.lastStatus = "RUNNING";
        t.startedAt = t.runningAt;
        t.version++;
        for (Container c : t.containers) {
            c.lastStatus = "RUNNING";
            c.runtimeId = t.taskId + "-" + Integer.toUnsignedString(c.name.hashCode());
        }
        register(t);
    }

    private void failedStart(Service s, Task t) {
        s.nextLaunchAt = b.now() + b.scaled(FAILED_START_BACKOFF);
        int failed = 0;
        for (Deployment d : s.deployments) {
            if (d.id.equals(t.owner)) {
                failed = ++d.failedTasks;
            }
        }
        for (TaskSet ts : s.taskSets) {
            if (ts.id.equals(t.owner)) {
                failed = ++ts.failedTasks;
            }
        }
        if (failed >= CONSISTENT_FAILURES) {
            b.services().event(s, "(service " + s.name + ") is unable to consistently start tasks successfully. For "
                    + "more information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
        }
    }

    /** Registers a running task in its target groups: its IP under awsvpc, else its instance and host port. */
    private void register(Task t) {
        Optional<ElbTargets> elb = b.elb();
        if (elb.isEmpty() || t.loadBalancers.isEmpty()) {
            return;
        }
        Service s = t.serviceArn == null ? null : b.state().services.get(t.serviceArn);
        for (LoadBalancerRef lb : t.loadBalancers) {
            String target = targetId(t);
            if (target == null || elb.get().targetGroup(lb.targetGroupArn).isEmpty()) {
                continue;
            }
            try {
                elb.get().registerTarget(lb.targetGroupArn, target, lb.containerPort);
                t.registeredIn.add(lb);
                if (s != null) {
                    b.services().event(s, "(service " + s.name + ") registered 1 targets in (target-group "
                            + lb.targetGroupArn + ")");
                }
            } catch (AwsException e) {
                if (s != null) {
                    b.services().event(s, "(service " + s.name + ") failed to register targets in (target-group "
                            + lb.targetGroupArn + ") with (error " + e.getMessage() + ")");
                }
            }
        }
    }

    private String targetId(Task t) {
        if (t.privateIp != null && t.networkInterfaceId != null) {
            return t.privateIp;
        }
        if (t.containerInstanceArn != null) {
            ContainerInstance ci = b.state().containerInstances.get(t.containerInstanceArn);
            return ci == null ? null : ci.ec2InstanceId;
        }
        return null;
    }

    /** A running task whose target is unhealthy past the service's grace period is replaced, as ECS does. */
    private void checkHealth(Task t) {
        Optional<ElbTargets> elb = b.elb();
        Service s = t.serviceArn == null ? null : b.state().services.get(t.serviceArn);
        if (elb.isEmpty() || s == null || t.registeredIn.isEmpty()) {
            return;
        }
        int grace = s.healthCheckGracePeriodSeconds == null ? 0 : s.healthCheckGracePeriodSeconds;
        if (b.now() < t.startedAt + b.scaled(Duration.ofSeconds(grace))) {
            return;
        }
        for (LoadBalancerRef lb : t.registeredIn) {
            String health = elb.get().targetHealth(lb.targetGroupArn, targetId(t), lb.containerPort).orElse("");
            if (health.equals("unhealthy")) {
                stop(t, "ServiceSchedulerInitiated", "Task failed ELB health checks in (target-group "
                        + lb.targetGroupArn + ")");
                b.services().event(s, "(service " + s.name + ") (port " + lb.containerPort + ") is unhealthy in "
                        + "(target-group " + lb.targetGroupArn + ") due to (reason Health checks failed).");
                return;
            }
        }
    }

    /** Asks a task to stop (StopTask, the scheduler, a failed health check). */
    void stop(Task t, String code, String reason) {
        if (t.desiredStatus.equals("STOPPED")) {
            return;
        }
        t.desiredStatus = "STOPPED";
        t.stopCode = code;
        t.stoppedReason = reason;
        t.stoppingAt = b.now();
        t.version++;
        advance(t);
    }

    /** Stops a task at once (its host is gone): no draining, no stop timeout. */
    void stopNow(Task t, String code, String reason) {
        t.desiredStatus = "STOPPED";
        t.stopCode = code;
        t.stoppedReason = reason;
        t.stoppingAt = b.now();
        deregister(t);
        t.registeredIn.clear();
        stopped(t, b.now());
    }

    private void deregister(Task t) {
        Optional<ElbTargets> elb = b.elb();
        if (elb.isEmpty()) {
            return;
        }
        for (LoadBalancerRef lb : t.registeredIn) {
            elb.get().deregisterTarget(lb.targetGroupArn, targetId(t), lb.containerPort);
        }
    }

    /** The way down: deregister and drain, stop the containers, release the interface. */
    private void stopping(Task t) {
        long now = b.now();
        if (t.lastStatus.equals("STOPPED")) {
            return;
        }
        boolean ran = t.startedAt != 0;
        if (!ran) {
            // It never ran: nothing to drain or stop; the interface goes.
            t.lastStatus = "DEPROVISIONING";
            if (now >= t.stoppingAt + b.scaled(DEPROVISIONING)) {
                stopped(t, t.stoppingAt + b.scaled(DEPROVISIONING));
            }
            return;
        }
        if (t.lastStatus.equals("RUNNING") || t.lastStatus.equals("PENDING") || t.lastStatus.equals("PROVISIONING")) {
            t.lastStatus = "DEACTIVATING";
            deregister(t);
            t.version++;
        }
        if (t.lastStatus.equals("DEACTIVATING")) {
            Optional<ElbTargets> elb = b.elb();
            boolean drained = elb.isEmpty() || t.registeredIn.stream().allMatch(lb ->
                    elb.get().targetDrained(lb.targetGroupArn, targetId(t), lb.containerPort));
            if (!drained) {
                return;
            }
            t.registeredIn.clear();
            t.lastStatus = "STOPPING";
            t.stopAt = now;
            t.version++;
        }
        if (t.lastStatus.equals("STOPPING") && now >= t.stopAt + b.scaled(STOPPING)) {
            t.lastStatus = "DEPROVISIONING";
            for (Container c : t.containers) {
                c.lastStatus = "STOPPED";
                c.exitCode = c.exitCode == null ? 0 : c.exitCode;
            }
            t.version++;
        }
        if (t.lastStatus.equals("DEPROVISIONING") && now >= t.stopAt + b.scaled(STOPPING) + b.scaled(DEPROVISIONING)) {
            stopped(t, t.stopAt + b.scaled(STOPPING) + b.scaled(DEPROVISIONING));
        }
    }

    /**
     * The one way into {@code STOPPED}, and so the one place a task's interface is released:
     * whatever stopped the task (StopTask, the scheduler, a failed start or health check, a
     * deleted service or task set, a lost host), it comes here once, and a task already stopped
     * releases nothing again. Stopped tasks are the only ones ever purged, so no interface
     * outlives its task.
     */
    private void stopped(Task t, long at) {
        if (t.lastStatus.equals("STOPPED")) {
            return;
        }
        t.lastStatus = "STOPPED";
        t.stoppedAt = Math.min(at, b.now());
        t.version++;
        for (Container c : t.containers) {
            c.lastStatus = "STOPPED";
        }
        if (t.networkInterfaceId != null) {
            String eni = t.networkInterfaceId;
            b.network().ifPresent(n -> {
                try {
                    n.releaseInterface(eni);
                } catch (AwsException e) {
                    // InvalidNetworkInterfaceID.NotFound: really gone (EC2 finds the interfaces it
                    // made for ECS whatever this request's clock), so nothing is left to release.
                }
            });
        }
    }

    // ------------------------------------------------------------------ the scheduler

    private void schedule(Service s) {
        Cluster c = b.state().clusters.get(s.clusterArn);
        if (c == null) {
            return;
        }
        if (s.deploymentController.equals("ECS")) {
            scheduleDeployments(c, s);
        } else {
            scheduleTaskSets(c, s);
        }
        boolean anyTask = b.state().tasks.values().stream()
                .anyMatch(t -> s.id.equals(t.serviceArn) && !t.lastStatus.equals("STOPPED"));
        if (s.status.equals("DRAINING") && !anyTask) {
            s.status = "INACTIVE";
            s.inactiveAt = b.now();
            s.purgeAt = b.now() + Clusters.INACTIVE_VISIBLE.toMillis();
            s.taskSets.clear();
            s.deployments.clear();
        }
    }

    private void scheduleDeployments(Cluster c, Service s) {
        Deployment primary = Services.primaryDeployment(s);
        int primaryHealthy = primary == null ? 0 : (int) b.services().tasksOf(s, primary.id).stream()
                .filter(t -> t.lastStatus.equals("RUNNING") && t.desiredStatus.equals("RUNNING")).count();
        for (Deployment d : List.copyOf(s.deployments)) {
            int want = d == primary ? s.desiredCount : Math.max(0, s.desiredCount - primaryHealthy);
            d.desiredCount = s.status.equals("DRAINING") ? 0 : want;
            TaskDefinition td = d.taskDefinition == null ? null : b.state().taskDefinitions.get(d.taskDefinition);
            reconcile(c, s, d.id, d.desiredCount, td, s.launchType, s.capacityProviderStrategy, s.network,
                    s.loadBalancers);
            if (d != primary && d.desiredCount == 0 && b.services().tasksOf(s, d.id).isEmpty()) {
                s.deployments.remove(d);
            }
        }
        if (primary != null && s.status.equals("ACTIVE")) {
            int running = runningCount(s, primary.id);
            if (running == s.desiredCount && s.deployments.size() == 1 && pendingCount(s, primary.id) == 0) {
                if (!primary.rolloutState.equals("COMPLETED")) {
                    primary.rolloutState = "COMPLETED";
                    primary.rolloutStateReason = "ECS deployment " + primary.id + " completed.";
                    primary.updatedAt = b.now();
                    b.services().event(s, "(service " + s.name + ") (deployment " + primary.id
                            + ") deployment completed.");
                }
                b.services().event(s, "(service " + s.name + ") has reached a steady state.");
            }
        }
    }

    private void scheduleTaskSets(Cluster c, Service s) {
        for (TaskSet ts : List.copyOf(s.taskSets)) {
            int want = s.status.equals("DRAINING") ? 0 : Services.computedDesiredCount(s, ts);
            TaskDefinition td = b.state().taskDefinitions.get(ts.taskDefinition);
            reconcile(c, s, ts.id, want, td, ts.launchType, ts.capacityProviderStrategy, ts.network, ts.loadBalancers);
            if (ts.status.equals("DRAINING") && b.services().tasksOf(s, ts.id).isEmpty()) {
                s.taskSets.remove(ts);
                continue;
            }
            boolean steady = runningCount(s, ts.id) == want && pendingCount(s, ts.id) == 0
                    && targetsHealthy(s, ts.id);
            String stability = steady ? "STEADY_STATE" : "STABILIZING";
            if (!stability.equals(ts.stabilityStatus)) {
                ts.stabilityStatus = stability;
                ts.stabilityStatusAt = b.now();
            }
        }
        if (s.status.equals("ACTIVE") && !s.taskSets.isEmpty()
                && s.taskSets.stream().allMatch(ts -> ts.stabilityStatus.equals("STEADY_STATE"))) {
            b.services().event(s, "(service " + s.name + ") has reached a steady state.");
        }
    }

    /** Whether every running task of the owner is healthy in every target group it is registered in. */
    boolean targetsHealthy(Service s, String owner) {
        Optional<ElbTargets> elb = b.elb();
        if (elb.isEmpty()) {
            return true;
        }
        for (Task t : b.services().tasksOf(s, owner)) {
            if (!t.lastStatus.equals("RUNNING")) {
                continue;
            }
            for (LoadBalancerRef lb : t.loadBalancers) {
                String health = elb.get().targetHealth(lb.targetGroupArn, targetId(t), lb.containerPort).orElse("");
                if (!health.equals("healthy")) {
                    return false;
                }
            }
        }
        return true;
    }

    int runningCount(Service s, String owner) {
        return (int) b.services().tasksOf(s, owner).stream()
                .filter(t -> t.lastStatus.equals("RUNNING") && t.desiredStatus.equals("RUNNING")).count();
    }

    int pendingCount(Service s, String owner) {
        return (int) b.services().tasksOf(s, owner).stream()
                .filter(t -> (t.lastStatus.equals("PROVISIONING") || t.lastStatus.equals("PENDING"))
                        && t.desiredStatus.equals("RUNNING")).count();
    }

    /** Starts what is missing, stops what is too many (those not yet running first, then the newest). */
    private void reconcile(Cluster c, Service s, String owner, int want, TaskDefinition td, String launchType,
                           List<StrategyItem> strategy, Network network, List<LoadBalancerRef> lbs) {
        List<Task> live = new ArrayList<>(b.services().tasksOf(s, owner).stream()
                .filter(t -> t.desiredStatus.equals("RUNNING")).toList());
        if (live.size() > want) {
            live.sort(Comparator.comparing((Task t) -> t.lastStatus.equals("RUNNING")).thenComparing(t -> -t.createdAt));
            List<Task> extra = live.subList(0, live.size() - want);
            List<String> ids = new ArrayList<>();
            for (Task t : List.copyOf(extra)) {
                stop(t, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment " + owner + ")");
                ids.add("(task " + t.taskId + ")");
            }
            b.services().event(s, "(service " + s.name + ") has stopped " + ids.size() + " running tasks: "
                    + String.join(" ", ids) + ".");
            return;
        }
        if (live.size() == want || td == null || b.now() < s.nextLaunchAt) {
            return;
        }
        List<String> started = new ArrayList<>();
        for (int i = live.size(); i < want; i++) {
            Task t = launch(c, s, owner, td, launchType, strategy, network, lbs);
            if (t == null) {
                break;
            }
            started.add("(task " + t.taskId + ")");
        }
        if (!started.isEmpty()) {
            b.services().event(s, "(service " + s.name + ") has started " + started.size() + " tasks: "
                    + String.join(" ", started) + ".");
        }
    }

    /** One new task of a service where there is room, or null (the service says why). */
    private Task launch(Cluster c, Service s, String owner, TaskDefinition td, String launchType,
                        List<StrategyItem> strategy, Network network, List<LoadBalancerRef> lbs) {
        boolean fargate = "FARGATE".equals(launchType) || (launchType == null && strategy.stream()
                .anyMatch(i -> i.weight > 0 && Clusters.FARGATE_PROVIDERS.contains(i.capacityProvider)));
        int cpu = TaskDefinitions.cpuUnits(td);
        int memory = TaskDefinitions.memoryMib(td);
        boolean awsvpc = TaskDefinitions.networkMode(td).equals("awsvpc");
        Task t = newTask(c, td, cpu, memory);
        t.serviceArn = s.id;
        t.owner = owner;
        t.group = "service:" + s.name;
        t.startedBy = owner;
        t.loadBalancers = new ArrayList<>(lbs);
        String subnet;
        if (fargate) {
            t.launchType = "FARGATE";
            t.capacityProviderName = launchType == null ? strategy.stream().filter(i -> i.weight > 0)
                    .map(i -> i.capacityProvider).findFirst().orElse("FARGATE") : null;
            subnet = network == null || network.subnets.isEmpty() ? null : leastUsedSubnet(s, network.subnets, null);
        } else {
            ContainerInstance ci = place(c, s, launchType, strategy, network, cpu, memory, awsvpc);
            if (ci == null) {
                return null;
            }
            t.launchType = "EC2";
            t.containerInstanceArn = ci.id;
            t.capacityProviderName = ci.capacityProviderName;
            t.availabilityZone = ci.availabilityZone;
            subnet = awsvpc ? leastUsedSubnet(s, network.subnets, ci.availabilityZone) : null;
        }
        if (awsvpc && network != null) {
            if (!attach(t, s, subnet, network)) {
                return null;
            }
        } else if (t.containerInstanceArn != null) {
            b.fleet().flatMap(f -> f.instance(b.state().containerInstances.get(t.containerInstanceArn).ec2InstanceId))
                    .ifPresent(v -> {
                        t.privateIp = v.privateIp();
                        t.subnetId = v.subnetId();
                    });
        }
        b.state().tasks.put(t.id, t);
        return t;
    }

    /** A task in PROVISIONING with the revision's containers, its clock set from now. */
    Task newTask(Cluster c, TaskDefinition td, int cpu, int memory) {
        Task t = new Task();
        t.taskId = b.hex32();
        t.id = b.arn("task/" + c.name + "/" + t.taskId);
        t.clusterArn = c.id;
        t.taskDefinitionArn = td.id;
        t.createdAt = b.now();
        t.cpu = Integer.toString(cpu);
        t.memory = Integer.toString(memory);
        t.pendingAt = b.now() + b.scaled(PROVISIONING);
        t.runningAt = t.pendingAt + b.scaled(PULL);
        for (JsonNode cd : TaskDefinitions.containers(td)) {
            Container ct = new Container();
            ct.name = cd.path("name").asText();
            ct.image = cd.path("image").asText();
            ct.essential = cd.path("essential").asBoolean(true);
            JsonNode pm = cd.path("portMappings");
            if (pm.isArray() && !pm.isEmpty()) {
                ct.containerPort = pm.get(0).path("containerPort").asInt();
            }
            t.containers.add(ct);
        }
        return t;
    }

    /** The task's interface in the subnet; false (with the service's event) when EC2 refuses. */
    private boolean attach(Task t, Service s, String subnet, Network network) {
        Optional<Ec2Network> ec2 = b.network();
        if (ec2.isEmpty() || subnet == null) {
            return true;
        }
        String attachment = b.uuid();
        try {
            Ec2Network.Interface eni = ec2.get().createInterface(subnet, network.securityGroups,
                    "arn:aws:ecs:" + b.region() + ":" + b.account() + ":attachment/" + attachment, "interface");
            t.networkInterfaceId = eni.id();
            t.attachmentId = attachment;
            t.privateIp = eni.privateIp();
            t.subnetId = eni.subnetId();
            t.availabilityZone = eni.availabilityZone();
            t.securityGroups = new ArrayList<>(network.securityGroups);
            return true;
        } catch (AwsException e) {
            b.services().event(s, "(service " + s.name + ") was unable to place a task. Reason: " + e.getMessage());
            return false;
        }
    }

    /** The subnet (of a zone, when given) holding the fewest of the service's tasks: ECS spreads over zones. */
    private String leastUsedSubnet(Service s, List<String> subnets, String zone) {
        String best = null;
        long bestCount = Long.MAX_VALUE;
        for (String subnet : subnets) {
            if (zone != null && !b.fleet().flatMap(f -> f.subnetZone(subnet)).map(zone::equals).orElse(true)) {
                continue;
            }
            long count = b.state().tasks.values().stream()
                    .filter(t -> s.id.equals(t.serviceArn) && subnet.equals(t.subnetId) && !t.lastStatus.equals("STOPPED"))
                    .count();
            if (count < bestCount) {
                best = subnet;
                bestCount = count;
            }
        }
        return best;
    }

    /**
     * The container instance a task goes to: of the cluster, connected, of the strategy's capacity
     * providers (when one is given), with the CPU and memory, in a zone of the service's subnets;
     * spread over zones, then instances. Null, with the service's event saying why, when none fits.
     */
    private ContainerInstance place(Cluster c, Service s, String launchType, List<StrategyItem> strategy,
                                    Network network, int cpu, int memory, boolean awsvpc) {
        List<ContainerInstance> candidates = new ArrayList<>();
        for (ContainerInstance ci : b.state().containerInstances.values()) {
            if (!ci.clusterArn.equals(c.id) || !ci.status.equals("ACTIVE") || !ci.agentConnected) {
                continue;
            }
            if (launchType == null && strategy.stream().noneMatch(i -> i.capacityProvider.equals(ci.capacityProviderName))) {
                continue;
            }
            if (awsvpc && network != null && leastUsedSubnet(s, network.subnets, ci.availabilityZone) == null) {
                continue;
            }
            candidates.add(ci);
        }
        if (candidates.isEmpty()) {
            unplaceable(s, "No Container Instances were found in your cluster.");
            return null;
        }
        ContainerInstance best = null;
        long bestLoad = Long.MAX_VALUE;
        String closestReason = null;
        for (ContainerInstance ci : candidates) {
            int[] used = b.clusters().used(ci);
            if (ci.cpu - used[0] < cpu) {
                closestReason = closestReason == null ? "The closest matching (container-instance "
                        + EcsBackend.nameOf(ci.id) + ") has insufficient CPU units available." : closestReason;
                continue;
            }
            if (ci.memory - used[1] < memory) {
                closestReason = "The closest matching (container-instance " + EcsBackend.nameOf(ci.id)
                        + ") has insufficient memory available.";
                continue;
            }
            long load = b.state().tasks.values().stream().filter(t -> s.id.equals(t.serviceArn)
                    && !t.lastStatus.equals("STOPPED") && ci.availabilityZone.equals(t.availabilityZone)).count();
            if (load < bestLoad) {
                best = ci;
                bestLoad = load;
            }
        }
        if (best == null) {
            unplaceable(s, closestReason);
        }
        return best;
    }

    private void unplaceable(Service s, String reason) {
        b.services().event(s, "(service " + s.name + ") was unable to place a task because no container instance "
                + "met all of its requirements. Reason: " + reason + " For more information, see the Troubleshooting "
                + "section of the Amazon ECS Developer Guide.");
    }

    /** Stopped tasks beyond an hour, or beyond {@link #MAX_STOPPED}, are forgotten. */
    private void purge() {
        long cutoff = b.now() - STOPPED_VISIBLE.toMillis();
        b.state().tasks.values().removeIf(t -> t.lastStatus.equals("STOPPED") && t.stoppedAt < cutoff);
        List<Task> stopped = new ArrayList<>(b.state().tasks.values().stream()
                .filter(t -> t.lastStatus.equals("STOPPED")).toList());
        if (stopped.size() > MAX_STOPPED) {
            stopped.sort(Comparator.comparingLong(t -> t.stoppedAt));
            stopped.subList(0, stopped.size() - MAX_STOPPED).forEach(t -> b.state().tasks.remove(t.id));
        }
        b.state().services.values().removeIf(s -> s.status.equals("INACTIVE") && b.now() >= s.purgeAt);
    }

    /** The tasks of a cluster (ListTasks, DescribeTasks), by ARN or ID; null when not found. */
    Task task(Cluster c, String ref) {
        for (Task t : b.state().tasks.values()) {
            if (t.clusterArn.equals(c.id) && (t.id.equals(ref) || t.taskId.equals(ref))) {
                return t;
            }
        }
        return null;
    }

    /** The EC2 view of a task's host, for DescribeTasks's attachments. */
    Optional<Ec2Fleet.InstanceView> host(Task t) {
        ContainerInstance ci = t.containerInstanceArn == null ? null
                : b.state().containerInstances.get(t.containerInstanceArn);
        return ci == null ? Optional.empty() : b.fleet().flatMap(f -> f.instance(ci.ec2InstanceId));
    }
}
