package dev.cairn.sandbox.core;

import java.time.Duration;

/**
 * How the Sandbox plays time, as the services need it: whether transitions take real (scaled)
 * time or none, and how long a new resource stays invisible to lookups by ID.
 *
 * @param realistic         false: every transition happens at once
 * @param timeScale         multiplies real AWS durations when realistic
 * @param consistencyWindow after a create, lookups by the new ID fail for this long (zero: off)
 */
public record Timing(boolean realistic, double timeScale, Duration consistencyWindow) {

    /** A real-AWS duration as played: zero when instant, scaled when realistic. */
    public Duration scaled(Duration real) {
        if (!realistic) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.round(real.toNanos() * timeScale));
    }

    /** {@link #scaled} in milliseconds, the unit the models' timestamps use. */
    public long scaledMillis(Duration real) {
        return scaled(real).toMillis();
    }
}
