package dev.cairn.aws.ecs;

import static dev.cairn.aws.AwsErrors.code;
import static dev.cairn.aws.StackTags.isOurs;
import static dev.cairn.aws.StackTags.owner;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.Settled;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.EcsKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CapacityProvider;
import software.amazon.awssdk.services.ecs.model.CapacityProviderField;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ManagedScaling;
import software.amazon.awssdk.services.ecs.model.ManagedScalingStatus;
import software.amazon.awssdk.services.ecs.model.ManagedTerminationProtection;

/**
 * A capacity provider over the Auto Scaling group of ECS container instances (provider
 * {@code ecs/capacity_provider.go} and {@code ecs/cluster_capacity_providers.go}), named by
 * Cairn and attached to its cluster as the cluster's default strategy, so a service that names
 * no launch type runs on the group's instances.
 *
 * <p>The create is CreateCapacityProvider (tagged, managed scaling as the spec says, managed
 * termination protection off: it would need the group's scale-in protection) and then
 * PutClusterCapacityProviders adding it to whatever the cluster has. The wait finishes that
 * second call when a crash came between the two. The delete takes it off the cluster first
 * (the cluster's default strategy then empty), then DeleteCapacityProvider; AWS refuses both with
 * {@code ResourceInUseException} while a service still uses it, retried within the kind's window
 * while the service goes.
 */
public final class CapacityProviderHandler extends EcsHandler {

    static final String ACTIVE = "ACTIVE";
    static final String INACTIVE = "INACTIVE";
    static final String UPDATE_IN_PROGRESS = "UPDATE_IN_PROGRESS";
    static final String UPDATE_FAILED = "UPDATE_FAILED";
    static final String IN_USE = "ResourceInUseException";
    static final String UPDATE_IN_PROGRESS_CODE = "UpdateInProgressException";
    /** The default for {@code targetCapacity}: ECS keeps the group just big enough for its tasks. */
    static final int DEFAULT_TARGET_CAPACITY = 100;
    /** DescribeClusters takes at most 100 clusters per call. */
    static final int CLUSTERS_PER_DESCRIBE = 100;

    public CapacityProviderHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return EcsKinds.CAPACITY_PROVIDER;
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        String name = required(spec, "name");
        Optional<CapacityProvider> existing = describe(ecs(spec.region()), name);
        if (existing.isEmpty()) {
            return Found.absent();
        }
        Map<String, String> tags = fromTags(existing.get().tags());
        if (isOurs(tags, ctx, spec)) {
            return Found.ours(live(existing.get(), spec.refId("cluster")));
        }
        return Found.taken("capacity provider " + name + " (" + existing.get().capacityProviderArn() + ") already exists in "
                + spec.region() + ", " + owner(tags));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        EcsClient ecs = ecs(spec.region());
        String name = required(spec, "name");
        String groupArn = refAttribute(spec, "group", "arn");
        // No client token: a second CreateCapacityProvider of the name answers that it exists,
        // and find runs before every create.
        CapacityProvider p = ecs.createCapacityProvider(r -> r.name(name).tags(toTags(spec.tags()))
                .autoScalingGroupProvider(g -> g.autoScalingGroupArn(groupArn).managedScaling(managedScaling(spec))
                        .managedTerminationProtection(ManagedTerminationProtection.DISABLED))).capacityProvider();
        attach(ctx, ecs, spec.refId("cluster"), name);
        // The create's answer ACTIVE and the cluster's default strategy set: nothing left to wait for.
        return ACTIVE.equals(p.statusAsString()) ? Settled.mark(live(p, spec.refId("cluster"))) : live(p, spec.refId("cluster"));
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (Settled.is(resource)) {
            return Poll.done(resource);
        }
        EcsClient ecs = ecs(spec.region());
        Optional<CapacityProvider> p = describe(ecs, resource.physicalId());
        if (p.isEmpty()) {
            return notVisibleYet(resource.physicalId());
        }
        if (!ACTIVE.equals(p.get().statusAsString())) {
            return pendingState(resource.physicalId(), p.get().statusAsString());
        }
        // Re-entrant: a create interrupted between its two calls is attached here.
        attach(ctx, ecs, spec.refId("cluster"), resource.physicalId());
        return Poll.done(live(p.get(), spec.refId("cluster")));
    }

    /** Managed scaling and its target capacity with UpdateCapacityProvider; then waits for the update to finish. */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(Set.of("managedScaling", "targetCapacity", TAGS));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        EcsClient ecs = ecs(spec.region());
        String name = current.physicalId();
        CapacityProvider p = describe(ecs, name)
                .orElseThrow(() -> new IllegalStateException("capacity provider " + name + " is gone; plan again to create it"));
        if (UPDATE_IN_PROGRESS.equals(p.updateStatusAsString())) {
            return pendingState(name, p.updateStatusAsString());
        }
        if (UPDATE_FAILED.equals(p.updateStatusAsString()) && !holds(p, spec)) {
            return Poll.failed(Message.of("ecs.capacityUpdateFailed", name, Objects.toString(p.updateStatusReason(), "")));
        }
        if (changed.contains(TAGS)) {
            Map<String, String> have = fromTags(p.tags());
            if (!have.equals(spec.tags())) {
                retag(ecs, p.capacityProviderArn(), current.spec().tags(), spec.tags());
            }
        }
        if ((changed.contains("managedScaling") || changed.contains("targetCapacity")) && !holds(p, spec)) {
            ecs.updateCapacityProvider(r -> r.name(name).autoScalingGroupProvider(g -> g.managedScaling(managedScaling(spec))));
            return pendingState(name, UPDATE_IN_PROGRESS);
        }
        return Poll.done(live(p, spec.refId("cluster")));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return describe(ecs(record), record.physicalId()).map(p -> live(p, record.attributes().get("cluster")));
    }

    /** One step: off the cluster first, then DeleteCapacityProvider. */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        EcsClient ecs = ecs(record);
        String name = record.physicalId();
        if (describe(ecs, name).isEmpty()) {
            return Poll.done();
        }
        for (Cluster c : clustersHolding(ecs, name, record.attributes().get("cluster"))) {
            List<String> rest = new ArrayList<>(c.capacityProviders());
            rest.remove(name);
            List<CapacityProviderStrategyItem> strategy = c.defaultCapacityProviderStrategy().stream()
                    .filter(s -> !name.equals(s.capacityProvider())).toList();
            inUseIsRetryable(name, () -> ctx.mutating("PutClusterCapacityProviders", () -> ecs.putClusterCapacityProviders(r -> r
                    .cluster(c.clusterName()).capacityProviders(rest).defaultCapacityProviderStrategy(strategy))));
        }
        inUseIsRetryable(name, () -> ecs.deleteCapacityProvider(r -> r.capacityProvider(name)));
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return describe(ecs(record), record.physicalId())
                .map(p -> pendingState(record.physicalId(), p.statusAsString()))
                .orElseGet(Poll::done);
    }

    /**
     * Adds the provider to the cluster, keeping what the cluster has, and makes it the default
     * strategy, unless it already is both.
     */
    private static void attach(HandlerContext ctx, EcsClient ecs, String cluster, String name) {
        Cluster c = ClusterHandler.describe(ecs, cluster)
                .orElseThrow(() -> new IllegalStateException("ECS cluster " + cluster + " is gone; the capacity provider "
                        + name + " cannot be attached to it"));
        boolean attached = c.capacityProviders().contains(name);
        boolean isDefault = c.defaultCapacityProviderStrategy().stream().anyMatch(s -> name.equals(s.capacityProvider()));
        if (attached && isDefault) {
            return;
        }
        List<String> providers = new ArrayList<>(c.capacityProviders());
        if (!attached) {
            providers.add(name);
        }
        CapacityProviderStrategyItem strategy = CapacityProviderStrategyItem.builder().capacityProvider(name).weight(1).base(0).build();
        ctx.mutating("PutClusterCapacityProviders", () -> ecs.putClusterCapacityProviders(r -> r.cluster(cluster)
                .capacityProviders(providers).defaultCapacityProviderStrategy(strategy)));
    }

    private void inUseIsRetryable(String name, Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            String code = code(e);
            if (IN_USE.equals(code) || UPDATE_IN_PROGRESS_CODE.equals(code)) {
                // A service still places tasks through it (its own delete is on the way), or the cluster is changing.
                throw new RetryableException(IN_USE, Message.of("ecs.capacityInUse", name, message(e)), e);
            }
            if (code.equals("ClusterNotFoundException")) {
                return;
            }
            throw e;
        }
    }

    /**
     * The clusters the provider is attached to: the one its record names (attribute
     * {@code cluster}), or, for one a scan found, every cluster of the region (DescribeClusters
     * takes 100 at a time).
     */
    private static List<Cluster> clustersHolding(EcsClient ecs, String name, String recorded) {
        List<String> candidates = new ArrayList<>();
        if (recorded != null && !recorded.isBlank()) {
            candidates.add(recorded);
        } else {
            ecs.listClustersPaginator(r -> {}).clusterArns().forEach(candidates::add);
        }
        List<Cluster> holding = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i += CLUSTERS_PER_DESCRIBE) {
            List<String> batch = candidates.subList(i, Math.min(candidates.size(), i + CLUSTERS_PER_DESCRIBE));
            ecs.describeClusters(r -> r.clusters(batch)).clusters().stream()
                    .filter(c -> !ClusterHandler.INACTIVE.equals(c.status()))
                    .filter(c -> c.capacityProviders().contains(name))
                    .forEach(holding::add);
        }
        return holding;
    }

    private static ManagedScaling managedScaling(ResolvedSpec spec) {
        String status = optional(spec, "managedScaling", ManagedScalingStatus.ENABLED.toString());
        int target = Integer.parseInt(optional(spec, "targetCapacity", String.valueOf(DEFAULT_TARGET_CAPACITY)));
        return ManagedScaling.builder().status(ManagedScalingStatus.fromValue(status)).targetCapacity(target).build();
    }

    private static boolean holds(CapacityProvider p, ResolvedSpec spec) {
        if (p.autoScalingGroupProvider() == null || p.autoScalingGroupProvider().managedScaling() == null) {
            return false;
        }
        ManagedScaling have = p.autoScalingGroupProvider().managedScaling();
        ManagedScaling want = managedScaling(spec);
        return have.status() == want.status() && Objects.equals(have.targetCapacity(), want.targetCapacity());
    }

    static Optional<CapacityProvider> describe(EcsClient ecs, String name) {
        return ecs.describeCapacityProviders(r -> r.capacityProviders(name).include(CapacityProviderField.TAGS)).capacityProviders()
                .stream()
                .filter(p -> name.equals(p.name()) || name.equals(p.capacityProviderArn()))
                .filter(p -> !INACTIVE.equals(p.statusAsString()))
                .findFirst();
    }

    /** The provider's attributes, with the cluster Cairn attached it to (for the delete, which has no refs). */
    static LiveResource live(CapacityProvider p, String cluster) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", p.capacityProviderArn());
        a.put("cluster", cluster);
        a.put("status", p.statusAsString());
        if (p.autoScalingGroupProvider() != null && p.autoScalingGroupProvider().managedScaling() != null) {
            a.put("managedScaling", p.autoScalingGroupProvider().managedScaling().statusAsString());
            a.put("targetCapacity", String.valueOf(p.autoScalingGroupProvider().managedScaling().targetCapacity()));
        }
        a.values().removeIf(v -> v == null);
        return new LiveResource(p.name(), a, p.statusAsString());
    }
}
