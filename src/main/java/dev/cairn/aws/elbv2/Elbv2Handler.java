package dev.cairn.aws.elbv2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * What the ELBv2 handlers share: the client of the resource's region, tags as ELB writes them,
 * and the reading of ELB's {@code …NotFound} errors as "absent". Load balancers and target groups
 * are found by the name Cairn chose and owned when their tags carry this stack and address.
 */
abstract class Elbv2Handler implements ResourceHandler {

    private final AwsClients clients;

    Elbv2Handler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    final ElasticLoadBalancingV2Client elb(String region) {
        return clients.elbv2(region);
    }

    final ElasticLoadBalancingV2Client elb(ResourceRecord record) {
        return clients.elbv2(record.spec().region());
    }

    final AwsClients clients() {
        return clients;
    }

    /**
     * The awsState of what a create answers when that answer is final (a target group with its
     * attributes set, a listener): {@code awaitReady} is then done without a call. A resumed
     * run's record carries no state, and is described.
     */
    static final String CREATED = "created";

    static LiveResource created(LiveResource live) {
        return new LiveResource(live.physicalId(), live.attributes(), CREATED);
    }

    /**
     * One ELB listing of a region ({@code call}), shared by the run's finds through
     * {@link HandlerContext#snapshot}. ELB's describes take no tag filter, so it holds every
     * name of the region (a name held by a stranger must still be seen as taken); the key names
     * the stack all the same, so a key is never shared across stacks.
     */
    static <T> List<T> listed(HandlerContext ctx, String call, String region, Supplier<List<T>> list) {
        return ctx.snapshot("elbv2 " + call + " " + region + " " + ctx.stack(), list);
    }

    static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static Map<String, String> fromTags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> map.put(t.key(), t.value()));
        }
        return map;
    }

    /** The tags of one ELB resource (DescribeTags takes up to 20 ARNs; Cairn asks for one). */
    static Map<String, String> tagsOf(ElasticLoadBalancingV2Client elb, String arn) {
        return elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions().stream()
                .filter(d -> arn.equals(d.resourceArn()))
                .findFirst()
                .map(d -> fromTags(d.tags()))
                .orElse(Map.of());
    }

    /** Whether the tags carry this stack and this spec's address. */
    static boolean isOurs(Map<String, String> tags, HandlerContext ctx, ResolvedSpec spec) {
        return dev.cairn.aws.StackTags.isOurs(tags, ctx, spec);
    }

    /** Who seems to own a resource, from its tags, for a {@code Taken} message. */
    static String owner(Map<String, String> tags) {
        return dev.cairn.aws.StackTags.owner(tags);
    }

    /**
     * Brings an ELB resource's tags to {@code wanted}: removes the user's keys it had and no
     * longer wants (never Cairn's own), then writes {@code wanted} (AddTags overwrites a key's
     * value). Both calls are idempotent.
     */
    static void retag(ElasticLoadBalancingV2Client elb, String arn, Map<String, String> userTagsBefore, Map<String, String> wanted) {
        List<String> gone = dev.cairn.aws.StackTags.removedUserKeys(userTagsBefore, wanted);
        if (!gone.isEmpty()) {
            elb.removeTags(r -> r.resourceArns(arn).tagKeys(gone));
        }
        elb.addTags(r -> r.resourceArns(arn).tags(toTags(wanted)));
    }

    /** AWS's error code of a service exception, or empty. */
    static String code(AwsServiceException e) {
        return dev.cairn.aws.AwsErrors.code(e);
    }

    /** ELB names a missing resource {@code LoadBalancerNotFound}, {@code TargetGroupNotFound}, {@code ListenerNotFound}. */
    static boolean isNotFound(AwsServiceException e) {
        return code(e).endsWith("NotFound");
    }

    /** Runs a describe; a {@code …NotFound} error means the resource is absent. */
    static <T> Optional<T> absentIfNotFound(Supplier<Optional<T>> describe) {
        try {
            return describe.get();
        } catch (AwsServiceException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Runs a delete; already gone ({@code …NotFound}) counts as success. */
    static void ignoreNotFound(Runnable delete) {
        try {
            delete.run();
        } catch (AwsServiceException e) {
            if (!isNotFound(e)) {
                throw e;
            }
        }
    }

    static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }

    static Integer optionalInt(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        return value == null || value.isBlank() ? null : Integer.valueOf(value.trim());
    }

    /** A resource just made that describes do not show yet (eventual consistency). */
    final Poll notVisibleYet(String id) {
        return Poll.pending(Message.of("aws.notVisible", kind(), id));
    }

    /** Still waiting: "{kind} {id} is {AWS's state word}". */
    final Poll pendingState(String id, String state) {
        return Poll.pending(Message.of("aws.stateOf", kind(), id, state));
    }

    /** A delete still waiting for the resource to disappear. */
    final Poll stillExists(String id) {
        return Poll.pending(Message.of("aws.stillExists", kind(), id));
    }
}
