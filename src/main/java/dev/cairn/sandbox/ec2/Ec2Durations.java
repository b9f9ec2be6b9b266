package dev.cairn.sandbox.ec2;

import java.time.Duration;

/**
 * How long EC2's resources take to move through their states in real AWS (measured orders of
 * magnitude, not promises). The {@code realistic} latency profile plays them multiplied by its
 * time scale; {@code instant} plays none of them.
 */
public final class Ec2Durations {
    /** VPC {@code pending → available} in real AWS. */
    public static final Duration VPC_PENDING = Duration.ofMillis(1500);
    /** Subnet {@code pending → available} in real AWS. */
    public static final Duration SUBNET_PENDING = Duration.ofMillis(1000);
    /** NAT gateway {@code pending → available} in real AWS. */
    public static final Duration NAT_CREATE = Duration.ofSeconds(100);
    /** NAT gateway {@code deleting → deleted} in real AWS. */
    public static final Duration NAT_DELETE = Duration.ofSeconds(60);
    /** How long a deleted NAT gateway's ENI (and its EIP association) lingers in real AWS. */
    public static final Duration ENI_LINGER = Duration.ofSeconds(10);
    /** Instance {@code pending → running} in real AWS. */
    public static final Duration INSTANCE_PENDING = Duration.ofSeconds(20);
    /** Status checks {@code initializing → ok} after an instance is running, in real AWS (a minute or two). */
    public static final Duration INSTANCE_STATUS_CHECKS = Duration.ofSeconds(60);
    /** Instance {@code stopping → stopped} in real AWS (an EBS-backed instance, without hibernation). */
    public static final Duration INSTANCE_STOP = Duration.ofSeconds(30);
    /** Instance {@code shutting-down → terminated} in real AWS. */
    public static final Duration INSTANCE_TERMINATE = Duration.ofSeconds(30);
    /** VPC peering {@code initiating-request → pending-acceptance} (or {@code failed}) in real AWS. */
    public static final Duration PEERING_INITIATE = Duration.ofSeconds(2);
    /** VPC peering {@code provisioning → active} after acceptance in real AWS. */
    public static final Duration PEERING_PROVISION = Duration.ofSeconds(5);
    /** VPC peering {@code deleting → deleted} in real AWS. */
    public static final Duration PEERING_DELETE = Duration.ofSeconds(3);

    /**
     * A CreateImage snapshot {@code pending → completed} in real AWS: a few minutes for an 8 GiB
     * root volume (the first, full snapshot of a volume is the slow one).
     */
    public static final Duration SNAPSHOT_COMPLETE = Duration.ofMinutes(3);
    /** A CreateImage image {@code pending → available} in real AWS: shortly after its snapshots complete. */
    public static final Duration IMAGE_AVAILABLE = Duration.ofMinutes(4);

    private Ec2Durations() {
    }
}
