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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterSetting;
import software.amazon.awssdk.services.ecs.model.ClusterSettingName;

/**
 * An ECS cluster (provider {@code ecs/cluster.go}), named by Cairn and found by that name; tagged
 * on create. {@code containerInsights} is a cluster setting, set on create and changed in place
 * with UpdateClusterSettings. A deleted cluster stays {@code INACTIVE} for a while (and its name may be
 * reused at once): an inactive one counts as absent.
 *
 * <p>DeleteCluster refuses while services, tasks or container instances remain
 * ({@code ClusterContains…Exception}); the service, the capacity provider and its Auto Scaling
 * group go first in a teardown, and their draining can take minutes, so those errors are retried
 * within the kind's windows.
 */
public final class ClusterHandler extends EcsHandler {

    /** ECS's status of a cluster that has been deleted. */
    static final String INACTIVE = "INACTIVE";
    static final String ACTIVE = "ACTIVE";
    static final String FAILED = "FAILED";
    /** What DeleteCluster answers while something still holds the cluster: retried within the kind's window. */
    static final Set<String> IN_USE = Set.of("ClusterContainsServicesException", "ClusterContainsTasksException",
            "ClusterContainsContainerInstancesException");

    public ClusterHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return EcsKinds.CLUSTER;
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        String name = required(spec, "name");
        Optional<Cluster> existing = describe(ecs(spec.region()), name);
        if (existing.isEmpty()) {
            return Found.absent();
        }
        Map<String, String> tags = fromTags(existing.get().tags());
        if (isOurs(tags, ctx, spec)) {
            return Found.ours(live(existing.get()));
        }
        return Found.taken("ECS cluster " + name + " (" + existing.get().clusterArn() + ") already exists in " + spec.region()
                + ", " + owner(tags));
    }

    /**
     * CreateCluster with its tags and settings. No client token: CreateCluster of an existing
     * active name answers that cluster, and find runs before every create.
     */
    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        Cluster c = ecs(spec.region()).createCluster(r -> {
            r.clusterName(required(spec, "name")).tags(toTags(spec.tags()));
            insights(spec).ifPresent(s -> r.settings(s));
        }).cluster();
        // CreateCluster answers the cluster itself: ACTIVE there needs no DescribeClusters to confirm.
        return ACTIVE.equals(c.status()) ? Settled.mark(live(c)) : live(c);
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (Settled.is(resource)) {
            return Poll.done(resource);
        }
        Optional<Cluster> c = describe(ecs(spec.region()), resource.physicalId());
        if (c.isEmpty()) {
            return notVisibleYet(resource.physicalId());
        }
        return readiness(c.get());
    }

    private Poll readiness(Cluster c) {
        if (ACTIVE.equals(c.status())) {
            return Poll.done(live(c));
        }
        if (FAILED.equals(c.status())) {
            return Poll.failed(Message.of("aws.stateOf", kind(), c.clusterName(), c.status()));
        }
        return Poll.pending(Message.of("aws.stateOf", kind(), c.clusterName(), c.status()), live(c));
    }

    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(Set.of("containerInsights", TAGS));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        EcsClient ecs = ecs(spec.region());
        String name = current.physicalId();
        Cluster c = describe(ecs, name)
                .orElseThrow(() -> new IllegalStateException("ECS cluster " + name + " is gone; plan again to create it"));
        Optional<ClusterSetting> wanted = insights(spec);
        if (changed.contains("containerInsights") && wanted.isPresent() && !c.settings().contains(wanted.get())) {
            // UpdateClusterSettings, the call for settings alone (moto has only UpdateCluster).
            c = ecs.updateClusterSettings(r -> r.cluster(name).settings(wanted.get())).cluster();
        }
        if (changed.contains(TAGS)) {
            retag(ecs, c.clusterArn(), current.spec().tags(), spec.tags());
        }
        return describe(ecs, name).map(this::readiness)
                .orElseGet(() -> Poll.failed("ECS cluster " + name + " disappeared while it was being changed"));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return describe(ecs(record), record.physicalId()).map(ClusterHandler::live);
    }

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        try {
            ecs(record).deleteCluster(r -> r.cluster(record.physicalId()));
        } catch (AwsServiceException e) {
            String code = code(e);
            if (code.equals("ClusterNotFoundException")) {
                return Poll.done();
            }
            if (IN_USE.contains(code)) {
                // What holds it (the service draining, the group's instances deregistering) is on its way out.
                throw new RetryableException(code, Message.of("ecs.clusterInUse", record.physicalId(), message(e)), e);
            }
            throw e;
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return describe(ecs(record), record.physicalId())
                .map(c -> pendingState(record.physicalId(), c.status()))
                .orElseGet(Poll::done);
    }

    /** The cluster of that name unless missing or {@code INACTIVE}, with its tags and settings. */
    static Optional<Cluster> describe(EcsClient ecs, String name) {
        return ecs.describeClusters(r -> r.clusters(name).include(ClusterField.TAGS, ClusterField.SETTINGS)).clusters().stream()
                .filter(c -> name.equals(c.clusterName()) || name.equals(c.clusterArn()))
                .filter(c -> !INACTIVE.equals(c.status()))
                .findFirst();
    }

    private static Optional<ClusterSetting> insights(ResolvedSpec spec) {
        String value = spec.property("containerInsights");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(ClusterSetting.builder().name(ClusterSettingName.CONTAINER_INSIGHTS).value(value.trim()).build());
    }

    static LiveResource live(Cluster c) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", c.clusterArn());
        a.put("status", c.status());
        c.settings().stream().filter(s -> s.name() == ClusterSettingName.CONTAINER_INSIGHTS).findFirst()
                .ifPresent(s -> a.put("containerInsights", s.value()));
        a.values().removeIf(v -> v == null);
        return new LiveResource(c.clusterName(), a, c.status());
    }
}
