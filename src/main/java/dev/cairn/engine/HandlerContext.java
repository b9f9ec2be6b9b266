package dev.cairn.engine;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a handler gets with each call besides the resource: the stack, the account and partition
 * the calls run in (for ARNs, bucket names, trust policies), a way to say what it is doing or
 * waiting for (shown in the activity list and the CLI), and the journal for mutating calls the
 * engine did not announce itself. The region of a resource is on its spec.
 *
 * <p>The engine journals an intent before {@code create}, {@code update} and {@code delete}; a
 * handler that makes a further mutating call where the engine expects none — accepting a peering
 * while waiting for it, setting an attribute after a create, deleting a useless key pair while
 * looking for one — makes it through {@link #mutating}, which journals an intent before the call
 * and its outcome after.
 */
public final class HandlerContext {

    /** Journals one mutating call around its execution. */
    @FunctionalInterface
    public interface CallJournal {
        <T> T around(String action, Supplier<T> call);

        /** For handlers driven without an engine (tests): calls run, nothing is journaled. */
        CallJournal NONE = new CallJournal() {
            @Override
            public <T> T around(String action, Supplier<T> call) {
                return call.get();
            }
        };
    }

    /**
     * Answers of listing calls shared by the resources of one run: one tag-filtered describe per
     * kind and region answers every {@code find} of that kind, instead of one lookup per
     * resource. A key names what was listed (service, call, region); the first caller loads it,
     * the others wait for and share that answer.
     */
    @FunctionalInterface
    public interface Snapshots {
        <T> T get(String key, Supplier<T> load);

        /** No sharing: every call loads (handlers driven without an engine, and stale-prone finds). */
        Snapshots NONE = new Snapshots() {
            @Override
            public <T> T get(String key, Supplier<T> load) {
                return load.get();
            }
        };
    }

    /** The account of a context that does not know one (a handler driven by a test). */
    public static final String UNKNOWN_ACCOUNT = "000000000000";

    private final String stack;
    private final String account;
    private final String partition;
    private final Consumer<Message> progress;
    private final CallJournal calls;
    private final boolean createPending;
    private final Snapshots snapshots;

    public HandlerContext(String stack, String account, String partition, Consumer<Message> progress, CallJournal calls) {
        this(stack, account, partition, progress, calls, false, Snapshots.NONE);
    }

    private HandlerContext(String stack, String account, String partition, Consumer<Message> progress, CallJournal calls,
            boolean createPending, Snapshots snapshots) {
        this.stack = Objects.requireNonNull(stack, "stack");
        this.account = Objects.requireNonNull(account, "account");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.createPending = createPending;
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    }

    /** The same context, sharing the run's listing answers through {@code snapshots}. */
    public HandlerContext withSnapshots(Snapshots snapshots) {
        return new HandlerContext(stack, account, partition, progress, calls, createPending, snapshots);
    }

    /**
     * A listing shared by the run (see {@link Snapshots}), for {@link ResourceHandler#find} only:
     * it holds what existed when the run first asked, so it answers "did an earlier run make
     * this?" and nothing about what this run has done since. The engine hands a find a context
     * without snapshots wherever that could be stale (the address was deleted earlier in this run,
     * a find retried). The listing should be filtered to this stack ({@code cairn:stack} tag, the
     * stack's name prefix or path) so a key never mixes stacks.
     */
    public <T> T snapshot(String key, Supplier<T> load) {
        return snapshots.get(key, load);
    }

    /**
     * The same context for a resource whose create intent an earlier run journaled with no
     * outcome: that run's create call may have happened, and what it made may lack what the
     * create's later calls would have given it (an S3 bucket whose tags come in a second call).
     */
    public HandlerContext withCreatePending() {
        return new HandlerContext(stack, account, partition, progress, calls, true, snapshots);
    }

    /**
     * Whether an earlier run's create of this resource has an intent and no outcome in the
     * journal. A {@code find} that meets an untagged resource of the spec's name in this account
     * may then take it as the one that create made, where it would otherwise call it taken.
     */
    public boolean createPending() {
        return createPending;
    }

    /** A context with no journal, for driving a handler directly (tests, tools). */
    public static HandlerContext unjournaled(String stack, String account, String partition, Consumer<Message> progress) {
        return new HandlerContext(stack, account, partition, progress, CallJournal.NONE);
    }

    public String stack() {
        return stack;
    }

    /** The 12-digit account the calls run in. */
    public String account() {
        return account;
    }

    /** The partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}). */
    public String partition() {
        return partition;
    }

    /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}; region empty for global services. */
    public String arn(String service, String region, String resource) {
        return "arn:" + partition + ":" + service + ":" + (region == null ? "" : region) + ":" + account + ":" + resource;
    }

    /** Says in words (no key yet) what is happening. */
    public void say(String text) {
        progress.accept(Message.raw(text));
    }

    /** Says what is happening, as a key of the engine's bundle and its arguments. */
    public void say(String key, Object... args) {
        progress.accept(Message.of(key, args));
    }

    /** Makes a mutating call the engine did not announce, journaled before and after. */
    public <T> T mutating(String action, Supplier<T> call) {
        return calls.around(action, call);
    }

    /** As {@link #mutating(String, Supplier)}, for a call with no result worth keeping. */
    public void mutating(String action, Runnable call) {
        calls.around(action, () -> {
            call.run();
            return null;
        });
    }
}
