package dev.cairn.engine;

import dev.cairn.model.ResourceKind;
import java.time.Duration;

/**
 * The engine's defaults for retrying transient errors and for polling, after the Terraform AWS
 * provider's retries and waiters. Each kind's own timeouts and retry windows are facts of its
 * definition ({@link ResourceKind#timeouts()}); these apply where a kind says nothing.
 */
public final class Timeouts {
    /** {@code DependencyViolation}: dependents (NAT ENIs, mapped addresses) are still draining. */
    public static final Duration DEPENDENCY_VIOLATION_WINDOW = Duration.ofMinutes(5);
    /** {@code …NotFound} right after a create: EC2's eventual consistency. */
    public static final Duration NOT_FOUND_WINDOW = Duration.ofSeconds(30);
    /** Any other error a handler declares transient. */
    public static final Duration OTHER_RETRYABLE_WINDOW = Duration.ofMinutes(1);

    /** First wait between polls. */
    public static final Duration POLL_INITIAL = Duration.ofMillis(200);
    /** Each wait is this much longer than the last ... */
    public static final double POLL_FACTOR = 1.5;
    /** ... up to this. */
    public static final Duration POLL_MAX = Duration.ofSeconds(2);

    private Timeouts() {}

    /** How long a created resource of this kind may take to become ready. */
    public static Duration create(ResourceKind kind) {
        return kind.timeouts().create();
    }

    /** How long an update in place of this kind may take. */
    public static Duration update(ResourceKind kind) {
        return kind.timeouts().update();
    }

    /** How long a deleted resource of this kind may take to be gone. */
    public static Duration delete(ResourceKind kind) {
        return kind.timeouts().delete();
    }

    /**
     * How long to keep retrying a call on a resource of this kind that failed with this
     * transient AWS error code: the kind's own window for the code when its definition has one,
     * else the engine's default for the code's family.
     */
    public static Duration retryWindow(ResourceKind kind, String awsCode) {
        String code = awsCode == null ? "" : awsCode;
        Duration own = kind.timeouts().retryWindows().get(code);
        if (own != null) {
            return own;
        }
        if (code.equals("DependencyViolation")) {
            return DEPENDENCY_VIOLATION_WINDOW;
        }
        if (code.endsWith("NotFound")) {
            return NOT_FOUND_WINDOW;
        }
        return OTHER_RETRYABLE_WINDOW;
    }
}
