package dev.cairn.gui;

import dev.cairn.engine.StackStore;
import dev.cairn.model.StackState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Team state as the app's view models ask for it: where a stack's journal and state live (this
 * computer, or {@code s3://BUCKET/PREFIX}), the stacks under a prefix with their lock holders, a
 * forced unlock, and moving a stack's state. Every method but {@link #check} may call AWS and is
 * called on background threads only; the view models never wait on it.
 */
public interface TeamStates {

    /** A stack's state and lock holder read without taking its lock (listing never blocks a run). */
    record Snapshot(StackState state, TeamStack.LockInfo lock) {}

    /** Why {@code location} is not a state location (named by its rule), checked before any call. */
    Optional<Problem> check(String location);

    /** Whether {@code location} (checked) is a team bucket rather than a folder. */
    boolean isBucket(String location);

    /** The stacks under the location's prefix, by name, each with its last change and lock holder. */
    List<TeamStack> list(TargetChoice choice, String region, String location) throws Exception;

    /** The stack's state and lock holder, without its lock. */
    Snapshot read(TargetChoice choice, String region, String location, String stack) throws Exception;

    /** A side file of the stack ({@code blueprint.yaml}), or empty. */
    Optional<byte[]> readFile(TargetChoice choice, String region, String location, String stack, String name)
            throws Exception;

    /** Opens (and locks) the stack's store for a run of {@code command}. */
    StackStore open(TargetChoice choice, String region, String location, String stack, String command) throws Exception;

    /**
     * Who holds the lock of a stack kept on this computer (the CLI running it, say), read without
     * taking it; null when nobody does. Reads a local file only: fine on the FX thread.
     */
    TeamStack.LockInfo localLock(Path stackDir) throws Exception;

    /**
     * Before a teardown: when the stack's state is in the bucket the stack itself built, moves it
     * into {@code stacksDir} on this computer first (the teardown deletes that bucket).
     *
     * @return the journal entries moved, or empty when the state was elsewhere (nothing done)
     */
    Optional<Integer> moveOutOfOwnBucket(TargetChoice choice, String region, String location, String stack,
            Path stacksDir) throws Exception;

    /** Removes the stack's lock, only if it is still the one with {@code lockId}. */
    void unlock(TargetChoice choice, String region, String location, String stack, String lockId) throws Exception;

    /**
     * Moves the stack's journal and side files from its folder on this computer to {@code to}:
     * lock, copy, verify, switch. Says each phase through {@code progress}.
     *
     * @return how many journal entries moved
     */
    int migrate(TargetChoice choice, String region, String stack, Path from, String to, Consumer<Problem> progress)
            throws Exception;
}
