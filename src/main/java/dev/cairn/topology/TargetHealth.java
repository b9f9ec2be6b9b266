package dev.cairn.topology;

import java.util.Locale;
import java.util.Objects;

/**
 * How a load balancer's target group sees one instance, as {@code DescribeTargetHealth} answers:
 * its state, AWS's reason code ({@code Target.Timeout}) and AWS's description, both empty when
 * AWS gives none (a healthy target has no reason).
 */
public record TargetHealth(State state, String reason, String description) {

    /** AWS's {@code TargetHealthStateEnum}, one constant per wire value. */
    public enum State {
        INITIAL,
        HEALTHY,
        UNHEALTHY,
        UNUSED,
        DRAINING,
        UNAVAILABLE,
        /** A member the group has not registered yet (or a value this enum does not know). */
        UNKNOWN;

        /** The constant of AWS's wire value ({@code unhealthy.draining} is draining); unknown for anything else. */
        public static State of(String wire) {
            if (wire == null) {
                return UNKNOWN;
            }
            return switch (wire.toLowerCase(Locale.ROOT)) {
                case "initial" -> INITIAL;
                case "healthy" -> HEALTHY;
                case "unhealthy" -> UNHEALTHY;
                case "unused" -> UNUSED;
                case "draining", "unhealthy.draining" -> DRAINING;
                case "unavailable" -> UNAVAILABLE;
                default -> UNKNOWN;
            };
        }

        /** AWS's word for it ({@code healthy}), and the key suffix of its text in the bundles. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TargetHealth {
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        description = description == null ? "" : description;
    }

    public static TargetHealth of(String wireState, String reason, String description) {
        return new TargetHealth(State.of(wireState), reason, description);
    }
}
