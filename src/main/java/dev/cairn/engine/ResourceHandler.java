package dev.cairn.engine;

import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import java.util.Optional;

/**
 * Creates, finds, waits for and deletes one kind of resource. Shaped after the Terraform AWS
 * provider: find, status and wait are small separate functions; the engine owns retries,
 * timeouts and journaling, so a handler makes one attempt per call and says what happened.
 *
 * <p>Errors: a handler throws {@link RetryableException} for conditions AWS documents as
 * transient ({@code DependencyViolation} while something drains, {@code …NotFound} just after a
 * create); the engine retries those within the kind's window. Anything else fails the resource
 * with AWS's message.
 */
public interface ResourceHandler {

    ResourceKind kind();

    /**
     * Finds a resource this stack already has for the spec's address: by the {@code cairn:stack}
     * and {@code cairn:address} tags, or for untaggable kinds by structure (the route in that
     * table for that destination). Used to heal an intent with no outcome, so a resumed run never
     * creates a twin. Resources in a terminal state ({@code deleted}) count as absent.
     */
    Optional<LiveResource> adopt(HandlerContext ctx, ResolvedSpec spec);

    /**
     * One mutating create call (plus idempotent settings that belong to it, such as the VPC's DNS
     * attributes). Tags on create. {@code clientToken} is sent where the API takes one.
     */
    LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken);

    /** One poll until the resource is usable ({@code available}); re-entrant. */
    Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource);

    /** Reads the resource as it is now; empty when it is gone or in a terminal state. */
    Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record);

    /** One delete attempt. Absent already counts as success. */
    void delete(HandlerContext ctx, ResourceRecord record);

    /** One poll until the resource is really gone; re-entrant. */
    Poll awaitGone(HandlerContext ctx, ResourceRecord record);
}
