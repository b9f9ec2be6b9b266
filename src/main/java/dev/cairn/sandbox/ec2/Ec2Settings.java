package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.Timing;
import java.time.Duration;

/**
 * The knobs of the Sandbox's configuration that only EC2 reads.
 *
 * @param vpcQuota  VPCs per account and region ({@code VpcLimitExceeded} beyond)
 * @param eniLinger how long a deleted NAT gateway's ENI lingers; null for the profile's default
 */
public record Ec2Settings(int vpcQuota, Duration eniLinger) {

    /** The effective linger: the explicit value, else {@link Ec2Durations#ENI_LINGER} as the timing plays it. */
    public Duration effectiveEniLinger(Timing timing) {
        return eniLinger != null ? eniLinger : timing.scaled(Ec2Durations.ENI_LINGER);
    }
}
