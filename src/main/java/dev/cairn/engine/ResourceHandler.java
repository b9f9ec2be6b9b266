package dev.cairn.engine;

import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, creates, updates, waits for and deletes one kind of resource. Shaped after the
 * Terraform AWS provider: find, status and wait are small separate functions; the engine owns
 * retries, timeouts, scheduling and journaling, so a handler makes one attempt per call and says
 * what happened.
 *
 * <p>Long work is a series of polls: {@link #awaitReady}, {@link #update}, {@link #delete} and
 * {@link #awaitGone} each make one step and return {@link Poll#pending} while more is to come; the
 * engine calls again after a backoff, without holding a worker slot in between. Each step reads
 * where things stand before it acts, so a step repeated after a crash does no harm.
 *
 * <p>Errors: a handler throws {@link RetryableException} for conditions AWS documents as
 * transient ({@code DependencyViolation} while something drains, {@code …NotFound} just after a
 * create); the engine retries those within the kind's window. {@link OutcomeUnknownException}
 * (a timeout or a lost connection after a call was sent) leaves the operation's intent open for
 * the next run. Anything else fails the resource with AWS's message.
 */
public interface ResourceHandler {

    /** The pseudo-property an update names when only the user's tags changed. */
    String TAGS = "tags";

    ResourceKind kind();

    /**
     * Looks for this stack's resource for the spec's address: by the {@code cairn:stack} and
     * {@code cairn:address} tags, by the physical name Cairn chose, or for untaggable kinds by
     * structure (the route in that table for that destination). Used before every create, so an
     * interrupted run never creates a twin. Resources in a terminal state ({@code deleted}) count
     * as absent; a name held by something Cairn did not create is {@link Found.Taken}, never
     * adopted.
     */
    Found find(HandlerContext ctx, ResolvedSpec spec);

    /**
     * One mutating create call (plus idempotent settings that belong to it, made through
     * {@link HandlerContext#mutating}). Tags on create. {@code clientToken} — random, journaled
     * with the intent, so a healed intent resends the same one — is sent where the API takes one.
     */
    LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken);

    /** One poll until the resource is usable ({@code available}); re-entrant. */
    Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource);

    /**
     * One step of an update in place of the {@code changed} properties (those the kind marks
     * {@link ResourceKind.Change#UPDATE}, and {@link #TAGS}). Called again while it returns
     * PENDING (an instance type change: stop, then modify, then start); DONE carries the resource
     * as it now is. Re-entrant: each step reads the resource first. Only called for changes the
     * kind allows in place; the default refuses, for kinds with nothing to update.
     */
    default Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        throw new IllegalStateException(kind().label() + " cannot be changed in place (" + String.join(", ", changed) + ")");
    }

    /** Reads the resource as it is now; empty when it is gone or in a terminal state. */
    Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record);

    /**
     * One step of a delete. Called again while it returns PENDING — emptying a bucket a page at
     * a time, scaling a group to zero, waiting for a load balancer's interfaces — with a message
     * that says what it is waiting for; DONE once the delete itself was accepted. Absent already
     * counts as DONE.
     */
    Poll delete(HandlerContext ctx, ResourceRecord record);

    /** One poll until the resource is really gone; re-entrant. */
    Poll awaitGone(HandlerContext ctx, ResourceRecord record);
}
