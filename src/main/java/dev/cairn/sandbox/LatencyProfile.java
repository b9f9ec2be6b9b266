package dev.cairn.sandbox;

import java.time.Duration;

/**
 * How long the Sandbox's resources take to move through their states.
 *
 * <p>Durations are those of real AWS (measured orders of magnitude, not promises), kept by each
 * service beside its rules (EC2's in {@code dev.cairn.sandbox.ec2.Ec2Durations}); the
 * {@link SandboxConfig#timeScale()} multiplies them in {@link #REALISTIC} mode.
 */
public enum LatencyProfile {
    /**
     * Transitions happen at once. A NAT gateway still answers {@code pending} in its create
     * response (as AWS always does) and {@code available} on the next describe.
     */
    INSTANT,
    /** Real AWS durations multiplied by the time scale; waiters really poll. */
    REALISTIC;

    /** Service time of one request in real AWS, before scaling. */
    static final Duration REQUEST_SERVICE_TIME = Duration.ofMillis(5);
}
