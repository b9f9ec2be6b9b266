package dev.cairn.engine;

import dev.cairn.model.ResourceKind;
import java.time.Duration;

/**
 * How long the engine waits for each kind to become ready or gone, and how long it retries a
 * transient error, after the Terraform AWS provider's per-resource timeouts.
 */
public final class Timeouts {
    /** NAT gateways take 1–3 minutes to become available, sometimes far longer. */
    public static final Duration NAT_GATEWAY_CREATE = Duration.ofMinutes(10);
    /** Deleting a NAT gateway releases its ENI and address, which takes minutes. */
    public static final Duration NAT_GATEWAY_DELETE = Duration.ofMinutes(10);
    /** VPCs, subnets, gateways and tables are usable within seconds; this is generous. */
    public static final Duration DEFAULT_CREATE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DELETE = Duration.ofMinutes(5);
    /** An instance reaches {@code running} in under a minute; a Marketplace image can take longer. */
    public static final Duration INSTANCE_CREATE = Duration.ofMinutes(10);
    /** Terminating an instance takes about a minute, sometimes several. */
    public static final Duration INSTANCE_DELETE = Duration.ofMinutes(10);
    /** A cross-region peering request takes seconds to a few minutes to be visible and active. */
    public static final Duration PEERING_CREATE = Duration.ofMinutes(10);
    /** Routes and associations are synchronous; a poll only confirms them. */
    public static final Duration ROUTE_CREATE = Duration.ofMinutes(2);
    public static final Duration ROUTE_DELETE = Duration.ofMinutes(2);

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
        return switch (kind) {
            case NAT_GATEWAY -> NAT_GATEWAY_CREATE;
            case INSTANCE -> INSTANCE_CREATE;
            case VPC_PEERING, VPC_PEERING_ACCEPTANCE -> PEERING_CREATE;
            case ROUTE, ROUTE_TABLE_ASSOCIATION -> ROUTE_CREATE;
            default -> DEFAULT_CREATE;
        };
    }

    /** How long a deleted resource of this kind may take to be gone. */
    public static Duration delete(ResourceKind kind) {
        return switch (kind) {
            case NAT_GATEWAY -> NAT_GATEWAY_DELETE;
            case INSTANCE -> INSTANCE_DELETE;
            case ROUTE, ROUTE_TABLE_ASSOCIATION -> ROUTE_DELETE;
            default -> DEFAULT_DELETE;
        };
    }

    /** How long to keep retrying a call that failed with this transient AWS error code. */
    public static Duration retryWindow(ResourceKind kind, String awsCode) {
        String code = awsCode == null ? "" : awsCode;
        if (code.equals("DependencyViolation")) {
            return DEPENDENCY_VIOLATION_WINDOW;
        }
        if (code.endsWith("NotFound")) {
            return NOT_FOUND_WINDOW;
        }
        return OTHER_RETRYABLE_WINDOW;
    }
}
