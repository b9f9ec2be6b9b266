package dev.cairn.aws.ec2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.Message;
import dev.cairn.engine.LiveResource;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * What every EC2 handler shares: the client for the resource's region, tags on create, the tag
 * filters {@code adopt} finds a resource by. Handlers throw the SDK's exceptions for errors they
 * do not interpret; {@link dev.cairn.aws.AwsHandlers} wraps those with AWS's code and message.
 */
abstract class Ec2Handler implements ResourceHandler {

    private final AwsClients clients;

    Ec2Handler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    /**
     * Finds this stack's resource for the address by its tags (or, for untaggable kinds, by
     * structure). EC2's kinds are found by tag, and a stranger's resource never carries this
     * stack's tags, so the answer is ours or absent; a kind whose name can be taken overrides
     * {@link #find}.
     */
    abstract Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec);

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        return Found.ofOptional(findOurs(ctx, spec));
    }

    /** EC2's deletes are one call each (absent already counts as done); the wait is {@code awaitGone}. */
    abstract void deleteOnce(HandlerContext ctx, ResourceRecord record);

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        deleteOnce(ctx, record);
        return Poll.done();
    }

    /**
     * Changes the user's tags in place ({@link dev.cairn.engine.ResourceHandler#TAGS}), the one
     * update every taggable EC2 kind allows; a kind with more to update overrides this and calls
     * {@link #retag} for the tags. One step: {@code CreateTags} for what is new or changed, and
     * {@code DeleteTags} for the user's keys that are gone (never Cairn's own).
     */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> others = new TreeSet<>(changed);
        others.remove(TAGS);
        if (!others.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", others) + " in place");
        }
        retag(ec2(spec.region()), current.physicalId(), current.spec().tags(), spec.tags());
        return Poll.done();
    }

    /**
     * Brings one resource's tags to {@code wanted} (Cairn's tags and the user's): removes the
     * user's keys {@code wantedBefore} had and {@code wanted} lacks, then writes {@code wanted}
     * (CreateTags overwrites a key's value). Both calls are idempotent.
     *
     * @param userTagsBefore the user's tags the resource was built with
     */
    static void retag(Ec2Client ec2, String resourceId, Map<String, String> userTagsBefore, Map<String, String> wanted) {
        List<Tag> gone = userTagsBefore.keySet().stream()
                .filter(k -> !wanted.containsKey(k) && !Tags.isCairns(k))
                .map(k -> Tag.builder().key(k).build())
                .toList();
        if (!gone.isEmpty()) {
            ec2.deleteTags(r -> r.resources(resourceId).tags(gone));
        }
        ec2.createTags(r -> r.resources(resourceId).tags(toTags(wanted)));
    }

    final AwsClients clients() {
        return clients;
    }

    final Ec2Client ec2(String region) {
        return clients.ec2(region);
    }

    final Ec2Client ec2(ResourceRecord record) {
        return clients.ec2(record.spec().region());
    }

    static TagSpecification tagSpec(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(toTags(tags)).build();
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

    /**
     * The server-side filter for this stack's resources. The address is matched client-side with
     * {@link #hasAddress}: EC2 filter values are patterns, and an address such as
     * {@code network.subnet[app-a]} must match literally (moto reads the brackets as a regex class).
     */
    static List<Filter> ownedBy(HandlerContext ctx) {
        return List.of(filter("tag:" + Tags.STACK, ctx.stack()));
    }

    /**
     * This stack's resources of one EC2 listing in a region ({@code call}, filtered by
     * {@link #ownedBy}), shared by the run's finds through {@link HandlerContext#snapshot}: one
     * paginated describe per kind and region answers every find of the run. The key names the
     * stack, so it never mixes stacks. For finds only: it holds what existed when the run first
     * asked. A child found by structure (a route in its table) answers from its parent's listing;
     * a parent the listing lacks was made after it, by this run, so the child is absent.
     */
    static <T> List<T> listed(HandlerContext ctx, String call, String region, Supplier<List<T>> list) {
        return ctx.snapshot("ec2 " + call + " " + region + " " + ctx.stack(), list);
    }

    /** Whether the tags carry this stack and this spec's address (checked exactly, not as a pattern). */
    static boolean hasAddress(List<Tag> tags, HandlerContext ctx, ResolvedSpec spec) {
        Map<String, String> map = fromTags(tags);
        return ctx.stack().equals(map.get(Tags.STACK)) && spec.address().value().equals(map.get(Tags.ADDRESS));
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    /** Runs a describe; a {@code …NotFound} error means the resource is absent. */
    static <T> Optional<T> absentIfNotFound(Supplier<Optional<T>> describe) {
        try {
            return describe.get();
        } catch (Ec2Exception e) {
            if (Ec2Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Runs a delete; already gone ({@code …NotFound}) counts as success. */
    static void ignoreNotFound(Runnable delete) {
        try {
            delete.run();
        } catch (Ec2Exception e) {
            if (!Ec2Errors.isNotFound(e)) {
                throw e;
            }
        }
    }

    /**
     * For kinds EC2 makes synchronously (a security group, a rule, a route table, an address):
     * a resource carrying AWS's answer in {@code readyState} — this run's create, or a find's
     * describe — is ready without a call; one without it (a resumed run's record, whose create
     * may have been cut short) is described. A dependent that meets EC2's eventual consistency
     * ({@code …NotFound} just after the create) is retried by the engine within its window.
     */
    static Poll readyOnAnswer(LiveResource resource, String readyState, Supplier<Poll> describe) {
        return readyState.equals(resource.awsState()) ? Poll.done(resource) : describe.get();
    }

    /** A resource just made that describes do not show yet (EC2 is eventually consistent). */
    final Poll notVisibleYet(String id) {
        return Poll.pending(Message.of("aws.notVisible", kind(), id));
    }

    /** Still waiting: "{kind} is {AWS's state word}". */
    final Poll pendingState(String state) {
        return Poll.pending(Message.of("aws.state", kind(), state));
    }

    /** Still waiting: "{kind} {id} is {AWS's state word}". */
    final Poll pendingState(String id, String state) {
        return Poll.pending(Message.of("aws.stateOf", kind(), id, state));
    }

    /** A delete still waiting for the resource to disappear. */
    final Poll stillExists(String id) {
        return Poll.pending(Message.of("aws.stillExists", kind(), id));
    }

    static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }
}
