package dev.cairn.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How a run asks for a stack's lock when it opens the store.
 *
 * @param command what the run does, written into the lock ({@code apply}, {@code status}, …)
 * @param timeout how long to wait for another holder to finish; zero refuses at once
 * @param ignoreMoved open a store marked as moved anyway (only a migration back into it does)
 */
public record LockRequest(String command, Duration timeout, boolean ignoreMoved) {

    /** How often a waiting run asks again whether the lock is free. */
    public static final Duration WAIT_POLL = Duration.ofSeconds(2);

    public LockRequest {
        Objects.requireNonNull(command, "command");
        timeout = timeout == null || timeout.isNegative() ? Duration.ZERO : timeout;
    }

    /** Refuses at once when another run holds the stack. */
    public static LockRequest of(String command) {
        return new LockRequest(command, Duration.ZERO, false);
    }

    public LockRequest waiting(Duration wait) {
        return new LockRequest(command, wait, ignoreMoved);
    }

    public LockRequest ignoringMoved() {
        return new LockRequest(command, timeout, true);
    }
}
