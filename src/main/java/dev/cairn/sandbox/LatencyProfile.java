package dev.cairn.sandbox;

import java.time.Duration;

/**
 * How long the Sandbox's resources take to move through their states.
 *
 * <p>Durations are those of real AWS (measured orders of magnitude, not promises); the
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

    /** VPC {@code pending → available} in real AWS. */
    static final Duration VPC_PENDING = Duration.ofMillis(1500);
    /** Subnet {@code pending → available} in real AWS. */
    static final Duration SUBNET_PENDING = Duration.ofMillis(1000);
    /** NAT gateway {@code pending → available} in real AWS. */
    static final Duration NAT_CREATE = Duration.ofSeconds(100);
    /** NAT gateway {@code deleting → deleted} in real AWS. */
    static final Duration NAT_DELETE = Duration.ofSeconds(60);
    /** How long a deleted NAT gateway's ENI (and its EIP association) lingers in real AWS. */
    static final Duration ENI_LINGER = Duration.ofSeconds(10);
    /** Instance {@code pending → running} in real AWS. */
    static final Duration INSTANCE_PENDING = Duration.ofSeconds(20);
    /** Status checks {@code initializing → ok} after an instance is running, in real AWS (a minute or two). */
    static final Duration INSTANCE_STATUS_CHECKS = Duration.ofSeconds(60);
    /** Instance {@code shutting-down → terminated} in real AWS. */
    static final Duration INSTANCE_TERMINATE = Duration.ofSeconds(30);
    /** VPC peering {@code initiating-request → pending-acceptance} (or {@code failed}) in real AWS. */
    static final Duration PEERING_INITIATE = Duration.ofSeconds(2);
    /** VPC peering {@code provisioning → active} after acceptance in real AWS. */
    static final Duration PEERING_PROVISION = Duration.ofSeconds(5);
    /** VPC peering {@code deleting → deleted} in real AWS. */
    static final Duration PEERING_DELETE = Duration.ofSeconds(3);
    /** Service time of one request in real AWS, before scaling. */
    static final Duration REQUEST_SERVICE_TIME = Duration.ofMillis(5);
}
