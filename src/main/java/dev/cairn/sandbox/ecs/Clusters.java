package dev.cairn.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.ecs.EcsStore.CapacityProvider;
import dev.cairn.sandbox.ecs.EcsStore.Cluster;
import dev.cairn.sandbox.ecs.EcsStore.ContainerInstance;
import dev.cairn.sandbox.ecs.EcsStore.Service;
import dev.cairn.sandbox.ecs.EcsStore.StrategyItem;
import dev.cairn.sandbox.ecs.EcsStore.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clusters, capacity providers and container instances. A cluster is {@code ACTIVE} until
 * DeleteCluster, which refuses while it has services, tasks or container instances, and then
 * {@code INACTIVE} (still described for an hour, as AWS keeps it visible). A capacity provider
 * names an Auto Scaling group; it cannot be deleted while a cluster uses it. An EC2 instance
 * that runs, has an instance profile and whose user data sets {@code ECS_CLUSTER=<name>} is
 * registered by its agent with that cluster, and deregistered when it stops running.
 */
final class Clusters {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final Pattern ECS_CLUSTER = Pattern.compile("ECS_CLUSTER=[\"']?([a-zA-Z0-9_-]+)");
    /** FARGATE and FARGATE_SPOT: the capacity providers every account has. */
    static final List<String> FARGATE_PROVIDERS = List.of("FARGATE", "FARGATE_SPOT");
    /** How long a deleted cluster, service or capacity provider stays described (AWS: about an hour). */
    static final Duration INACTIVE_VISIBLE = Duration.ofHours(1);
    /** The ECS agent registers about this long after its instance starts running (AWS: 10-30 s). */
    static final Duration AGENT_REGISTRATION = Duration.ofSeconds(15);
    static final String AGENT_VERSION = "1.99.0";

    private final EcsBackend b;

    Clusters(EcsBackend b) {
        this.b = b;
    }

    /** CreateCluster: idempotent for an ACTIVE cluster of that name; an INACTIVE one is replaced. */
    Cluster create(String name, Map<String, String> settings, List<String> providers, List<StrategyItem> strategy,
                   Map<String, String> tags) {
        String n = name == null || name.isEmpty() ? EcsBackend.DEFAULT_CLUSTER : name;
        if (!NAME.matcher(n).matches()) {
            throw EcsBackend.invalidParameter("Cluster name can only contain alphanumeric characters, hyphens and "
                    + "underscores, and be up to 255 characters long.");
        }
        Cluster existing = b.findCluster(n);
        if (existing != null && existing.status.equals("ACTIVE")) {
            return existing;
        }
        Cluster c = new Cluster();
        c.name = n;
        c.id = b.arn("cluster/" + n);
        c.createdAt = b.now();
        settings.forEach((k, v) -> setting(c, k, v));
        if (!c.settings.containsKey("containerInsights")) {
            c.settings.put("containerInsights", "disabled");
        }
        c.tags.putAll(tags);
        b.state().clusters.remove(c.id);
        b.state().clusters.put(c.id, c);
        if (!providers.isEmpty() || !strategy.isEmpty()) {
            putCapacityProviders(c, providers, strategy);
        }
        return c;
    }

    void setting(Cluster c, String name, String value) {
        if (!"containerInsights".equals(name)) {
            throw EcsBackend.invalidParameter("Unknown cluster setting: " + name + ". Valid settings are: containerInsights.");
        }
        if (!List.of("enabled", "disabled", "enhanced").contains(value)) {
            throw EcsBackend.invalidParameter("Invalid value for containerInsights: " + value
                    + ". Valid values are enabled, disabled, enhanced.");
        }
        c.settings.put(name, value);
    }

    /** DeleteCluster's refusals, then INACTIVE; its capacity providers are let go. */
    Cluster delete(String nameOrArn) {
        Cluster c = b.cluster(nameOrArn);
        for (Service s : b.state().services.values()) {
            if (s.clusterArn.equals(c.id) && !s.status.equals("INACTIVE")) {
                throw new AwsException("ClusterContainsServicesException",
                        "The Cluster cannot be deleted while Services are active.");
            }
        }
        for (ContainerInstance ci : b.state().containerInstances.values()) {
            if (ci.clusterArn.equals(c.id)) {
                throw new AwsException("ClusterContainsContainerInstancesException",
                        "The Cluster cannot be deleted while Container Instances are active or draining.");
            }
        }
        for (Task t : b.state().tasks.values()) {
            if (t.clusterArn.equals(c.id) && !t.lastStatus.equals("STOPPED")) {
                throw new AwsException("ClusterContainsTasksException",
                        "The Cluster cannot be deleted while Tasks are active.");
            }
        }
        c.status = "INACTIVE";
        c.purgeAt = b.now() + INACTIVE_VISIBLE.toMillis();
        c.capacityProviders.clear();
        c.defaultStrategy.clear();
        return c;
    }

    /** PutClusterCapacityProviders: known, active providers, each of one cluster; the strategy within the list. */
    void putCapacityProviders(Cluster c, List<String> providers, List<StrategyItem> strategy) {
        for (String p : providers) {
            if (FARGATE_PROVIDERS.contains(p)) {
                continue;
            }
            CapacityProvider cp = provider(p);
            if (cp == null || !cp.status.equals("ACTIVE")) {
                throw EcsBackend.invalidParameter("The specified capacity provider '" + p + "' does not exist. "
                        + "Specify a valid capacity provider and try again.");
            }
            for (Cluster other : b.state().clusters.values()) {
                if (other != c && other.status.equals("ACTIVE") && other.capacityProviders.contains(cp.name)) {
                    throw EcsBackend.invalidParameter("The specified capacity provider " + cp.name
                            + " is already associated with cluster " + other.name + ".");
                }
            }
        }
        for (StrategyItem item : strategy) {
            if (!providers.contains(item.capacityProvider)) {
                throw EcsBackend.invalidParameter("The specified capacity provider strategy cannot contain a capacity "
                        + "provider that is not associated with the cluster. Associate the capacity provider with the "
                        + "cluster or specify a valid capacity provider and try again.");
            }
        }
        for (String removed : c.capacityProviders) {
            if (!providers.contains(removed) && inUse(c, removed)) {
                throw new AwsException("ResourceInUseException",
                        "The specified capacity provider is in use and cannot be removed.");
            }
        }
        c.capacityProviders = new ArrayList<>(providers);
        c.defaultStrategy = new ArrayList<>(strategy);
    }

    /** Whether a service or an unstopped task of the cluster uses the provider. */
    private boolean inUse(Cluster c, String provider) {
        for (Service s : b.state().services.values()) {
            if (s.clusterArn.equals(c.id) && !s.status.equals("INACTIVE")
                    && (s.capacityProviderStrategy.stream().anyMatch(i -> i.capacityProvider.equals(provider))
                    || s.taskSets.stream().anyMatch(ts -> ts.capacityProviderStrategy.stream()
                    .anyMatch(i -> i.capacityProvider.equals(provider))))) {
                return true;
            }
        }
        for (Task t : b.state().tasks.values()) {
            if (t.clusterArn.equals(c.id) && !t.lastStatus.equals("STOPPED") && provider.equals(t.capacityProviderName)) {
                return true;
            }
        }
        return false;
    }

    /** A capacity provider of the account by name or ARN, or null. */
    CapacityProvider provider(String nameOrArn) {
        for (CapacityProvider cp : b.state().capacityProviders.values()) {
            if (cp.name.equals(nameOrArn) || cp.id.equals(nameOrArn)) {
                return cp;
            }
        }
        return null;
    }

    /** What CreateCapacityProvider and UpdateCapacityProvider carry of managed scaling. */
    record ManagedScaling(String status, Integer targetCapacity, Integer minimumStep, Integer maximumStep,
                          Integer warmup) {
    }

    CapacityProvider createProvider(String name, String groupArn, ManagedScaling scaling, String termination,
                                    String draining, Map<String, String> tags) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw EcsBackend.client("The specified capacity provider name is invalid. Up to 255 characters are allowed, "
                    + "including letters (upper and lowercase), numbers, underscores, and hyphens.");
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("aws") || lower.startsWith("ecs") || lower.startsWith("fargate")) {
            throw EcsBackend.client("The specified capacity provider name is invalid. The name cannot be prefixed with "
                    + "\"aws\", \"ecs\", or \"fargate\".");
        }
        CapacityProvider existing = provider(name);
        if (existing != null && existing.status.equals("ACTIVE")) {
            throw EcsBackend.client("The specified capacity provider already exists. To change the configuration of an "
                    + "existing capacity provider, update the capacity provider.");
        }
        if (groupArn == null || groupArn.isEmpty()) {
            throw EcsBackend.client("autoScalingGroupProvider.autoScalingGroupArn must not be null or empty.");
        }
        Optional<String> resolved = b.autoScaling().flatMap(a -> a.groupArn(groupArn));
        if (b.autoScaling().isPresent() && resolved.isEmpty()) {
            throw EcsBackend.client("The specified Auto Scaling group ARN is invalid. Specify a valid Auto Scaling "
                    + "group ARN and try again.");
        }
        String arn = resolved.orElse(groupArn);
        for (CapacityProvider other : b.state().capacityProviders.values()) {
            if (other.status.equals("ACTIVE") && other.autoScalingGroupArn.equals(arn)) {
                throw EcsBackend.client("The specified Auto Scaling group ARN is already being used by another "
                        + "capacity provider. Specify a unique Auto Scaling group ARN and try again.");
            }
        }
        CapacityProvider cp = new CapacityProvider();
        cp.name = name;
        cp.id = b.arn("capacity-provider/" + name);
        cp.createdAt = b.now();
        cp.autoScalingGroupArn = arn;
        applyScaling(cp, scaling);
        if (termination != null) {
            cp.managedTerminationProtection = termination;
        }
        if (draining != null) {
            cp.managedDraining = draining;
        }
        cp.tags.putAll(tags);
        if (existing != null) {
            b.state().capacityProviders.remove(existing.id);
        }
        b.state().capacityProviders.put(cp.id, cp);
        return cp;
    }

    private static void applyScaling(CapacityProvider cp, ManagedScaling s) {
        if (s == null) {
            return;
        }
        if (s.status() != null) {
            cp.managedScalingStatus = s.status();
        }
        if (s.targetCapacity() != null) {
            if (s.targetCapacity() < 1 || s.targetCapacity() > 100) {
                throw EcsBackend.client("managedScaling.targetCapacity must be between 1 and 100.");
            }
            cp.targetCapacity = s.targetCapacity();
        }
        if (s.minimumStep() != null) {
            cp.minimumScalingStepSize = s.minimumStep();
        }
        if (s.maximumStep() != null) {
            cp.maximumScalingStepSize = s.maximumStep();
        }
        if (s.warmup() != null) {
            cp.instanceWarmupPeriod = s.warmup();
        }
    }

    CapacityProvider updateProvider(String name, ManagedScaling scaling, String termination, String draining) {
        CapacityProvider cp = provider(name);
        if (cp == null || !cp.status.equals("ACTIVE")) {
            throw EcsBackend.client("The specified capacity provider does not exist. Specify a valid name or ARN and "
                    + "try again.");
        }
        applyScaling(cp, scaling);
        if (termination != null) {
            cp.managedTerminationProtection = termination;
        }
        if (draining != null) {
            cp.managedDraining = draining;
        }
        cp.updateStatus = "UPDATE_COMPLETE";
        return cp;
    }

    /** DeleteCapacityProvider: refused while a cluster has it; then INACTIVE, described for an hour. */
    CapacityProvider deleteProvider(String nameOrArn) {
        CapacityProvider cp = provider(nameOrArn);
        if (cp == null || !cp.status.equals("ACTIVE")) {
            throw EcsBackend.client("The specified capacity provider does not exist. Specify a valid name or ARN and "
                    + "try again.");
        }
        for (Cluster c : b.state().clusters.values()) {
            if (c.status.equals("ACTIVE") && c.capacityProviders.contains(cp.name)) {
                throw new AwsException("ResourceInUseException", "The specified capacity provider is in use and cannot "
                        + "be removed.");
            }
        }
        cp.status = "INACTIVE";
        cp.updateStatus = "DELETE_COMPLETE";
        cp.createdAt = b.now();
        return cp;
    }

    // ------------------------------------------------------------------ container instances

    /**
     * The agents of the caller's instances: a running instance with an instance profile whose user
     * data names a cluster that exists registers once its agent has started; an instance that stops
     * running deregisters (its tasks stop, "Host EC2 (instance …) terminated.").
     */
    void settleAgents() {
        Optional<Ec2Fleet> fleet = b.fleet();
        if (fleet.isEmpty()) {
            return;
        }
        for (ContainerInstance ci : List.copyOf(b.state().containerInstances.values())) {
            Optional<Ec2Fleet.InstanceView> view = fleet.get().instance(ci.ec2InstanceId);
            if (view.isEmpty() || !view.get().running()) {
                hostGone(ci, view.map(Ec2Fleet.InstanceView::state).orElse("terminated"));
            } else if (ci.capacityProviderName == null) {
                providerOf(ci);
            }
        }
        boolean anyCluster = b.state().clusters.values().stream().anyMatch(c -> c.status.equals("ACTIVE"));
        if (!anyCluster) {
            return;
        }
        for (Ec2Fleet.InstanceView i : fleet.get().instances()) {
            if (!i.running() || i.iamInstanceProfileArn() == null || i.userData() == null
                    || b.now() < i.runningSince() + b.scaled(AGENT_REGISTRATION) || registered(i.instanceId())) {
                continue;
            }
            Matcher m = ECS_CLUSTER.matcher(i.userData());
            String clusterName = m.find() ? m.group(1) : EcsBackend.DEFAULT_CLUSTER;
            Cluster c = b.findCluster(clusterName);
            if (c == null || !c.status.equals("ACTIVE")) {
                continue;
            }
            register(c, i);
        }
    }

    private boolean registered(String instanceId) {
        return b.state().containerInstances.values().stream().anyMatch(ci -> ci.ec2InstanceId.equals(instanceId));
    }

    private void register(Cluster c, Ec2Fleet.InstanceView i) {
        ContainerInstance ci = new ContainerInstance();
        ci.id = b.arn("container-instance/" + c.name + "/" + b.hex32());
        ci.clusterArn = c.id;
        ci.ec2InstanceId = i.instanceId();
        ci.instanceType = i.instanceType();
        ci.availabilityZone = i.availabilityZone();
        ci.createdAt = b.now();
        ci.cpu = i.vcpus() * 1024;
        ci.memory = i.memoryMib();
        b.state().containerInstances.put(ci.id, ci);
        providerOf(ci);
    }

    /** The capacity provider of the instance's Auto Scaling group, once there is one (the group may come first). */
    private void providerOf(ContainerInstance ci) {
        Optional<String> group = b.autoScaling().flatMap(a -> a.groupOfInstance(ci.ec2InstanceId));
        if (group.isPresent()) {
            for (CapacityProvider cp : b.state().capacityProviders.values()) {
                if (cp.status.equals("ACTIVE") && cp.autoScalingGroupArn.endsWith(":autoScalingGroupName/" + group.get())) {
                    ci.capacityProviderName = cp.name;
                }
            }
        }
    }

    private void hostGone(ContainerInstance ci, String ec2State) {
        for (Task t : b.state().tasks.values()) {
            if (ci.id.equals(t.containerInstanceArn) && !t.lastStatus.equals("STOPPED")) {
                b.tasks().stopNow(t, "TerminationNotice", "Host EC2 (instance " + ci.ec2InstanceId + ") "
                        + (ec2State.equals("terminated") || ec2State.equals("shutting-down") ? "terminated." : "stopped."));
            }
        }
        b.state().containerInstances.remove(ci.id);
    }

    /** DeregisterContainerInstance: refused while it runs tasks unless forced (they stop then). */
    ContainerInstance deregister(Cluster c, String ref, boolean force) {
        ContainerInstance ci = containerInstance(c, ref);
        if (ci == null) {
            throw EcsBackend.invalidParameter("The referenced container instance " + ref + " is not valid.");
        }
        List<Task> running = b.state().tasks.values().stream()
                .filter(t -> ci.id.equals(t.containerInstanceArn) && !t.lastStatus.equals("STOPPED")).toList();
        if (!running.isEmpty() && !force) {
            throw EcsBackend.invalidParameter("Found running tasks on the instance.");
        }
        running.forEach(t -> b.tasks().stopNow(t, "UserInitiated", "Container instance deregistration forced by user"));
        b.state().containerInstances.remove(ci.id);
        ci.status = "INACTIVE";
        ci.agentConnected = false;
        return ci;
    }

    /** A container instance of a cluster by ARN or ID, or null. */
    ContainerInstance containerInstance(Cluster c, String ref) {
        for (ContainerInstance ci : b.state().containerInstances.values()) {
            if (ci.clusterArn.equals(c.id) && (ci.id.equals(ref) || ci.id.endsWith("/" + ref))) {
                return ci;
            }
        }
        return null;
    }

    /** CPU units and memory the unstopped tasks on a container instance hold. */
    int[] used(ContainerInstance ci) {
        int cpu = 0;
        int memory = 0;
        for (Task t : b.state().tasks.values()) {
            if (ci.id.equals(t.containerInstanceArn) && !t.lastStatus.equals("STOPPED")) {
                cpu += Integer.parseInt(t.cpu);
                memory += Integer.parseInt(t.memory);
            }
        }
        return new int[] {cpu, memory};
    }

    /** Forgets clusters and capacity providers that have been INACTIVE for long enough. */
    void purge() {
        b.state().clusters.values().removeIf(c -> c.status.equals("INACTIVE") && b.now() >= c.purgeAt);
        long visible = INACTIVE_VISIBLE.toMillis();
        b.state().capacityProviders.values().removeIf(cp -> cp.status.equals("INACTIVE")
                && b.now() >= cp.createdAt + visible);
    }

    /** A capacity provider strategy from its JSON, checked against the cluster. */
    static List<StrategyItem> strategy(JsonNode array) {
        List<StrategyItem> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode n : array) {
                StrategyItem i = new StrategyItem();
                i.capacityProvider = n.path("capacityProvider").asText();
                i.weight = n.path("weight").asInt(0);
                i.base = n.path("base").asInt(0);
                out.add(i);
            }
        }
        return out;
    }
}
