package dev.cairn.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * Another run holds the stack's lock. The message names the holder (who, host, command, since),
 * whether it looks gone, and how to remove a lock whose holder is gone; {@link #holder()} gives
 * the same as data for the GUI. The CLI ends with exit code 3.
 */
public class StackLockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient LockHolder holder;
    private final boolean stale;

    public StackLockedException(String message) {
        super(message);
        this.holder = null;
        this.stale = false;
    }

    /**
     * @param unlockHint how to remove the lock ({@code cairn state unlock …}), said when it is stale
     */
    public StackLockedException(String stack, String location, LockHolder holder, Instant now, String unlockHint) {
        super(message(stack, location, holder, holder.stale(now), unlockHint));
        this.holder = holder;
        this.stale = holder.stale(now);
    }

    private static String message(String stack, String location, LockHolder holder, boolean stale, String unlockHint) {
        String m = "stack '" + stack + "' is locked by " + holder.describe() + " (lock " + holder.id() + ", " + location + ")";
        if (stale) {
            return m + "; the lock is stale: its holder is gone"
                    + (holder.heartbeat() != null ? " (last heartbeat " + holder.heartbeat() + ")" : "")
                    + ". If no one else is running it, remove the lock with `" + unlockHint + "` and run again";
        }
        return m + "; wait for it to finish (or use --lock-timeout to wait)";
    }

    /** The holder, when the store could read it. */
    public Optional<LockHolder> holder() {
        return Optional.ofNullable(holder);
    }

    /** Whether the holder looked gone when the run was refused. */
    public boolean stale() {
        return stale;
    }
}
