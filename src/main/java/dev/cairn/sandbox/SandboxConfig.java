package dev.cairn.sandbox;

import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.ec2.Ec2Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link SandboxServer}. Immutable; change it with the {@code with…} methods.
 *
 * @param port              TCP port on 127.0.0.1; 0 picks a free ephemeral port
 * @param dataDir           folder where the state is persisted (a JSON file per service, object bodies as
 *                          files); {@code null} keeps it in memory only
 * @param latency           how fast resources move through their states
 * @param timeScale         multiplies the {@link LatencyProfile#REALISTIC} durations (1.0 = real AWS)
 * @param throttleRate      fraction (0..1) of requests answered with HTTP 503 {@code RequestLimitExceeded}
 * @param consistencyWindow for this long after a create, lookups by the new ID answer
 *                          {@code Invalid…ID.NotFound} (eventual consistency); zero turns it off
 * @param eniLinger         how long a deleted NAT gateway's ENI and EIP association linger;
 *                          {@code null} means the profile's default (0 instant, ≈10 s × scale realistic)
 * @param seed              seed of the server's {@link java.util.Random} (throttling, zones, addresses), so
 *                          runs are reproducible
 * @param vpcQuota          VPCs allowed per account and region ({@code VpcLimitExceeded} beyond); AWS's
 *                          default quota is {@value #DEFAULT_VPC_QUOTA}
 */
public record SandboxConfig(int port, Path dataDir, LatencyProfile latency, double timeScale,
                            double throttleRate, Duration consistencyWindow, Duration eniLinger,
                            long seed, int vpcQuota) {

    /** Seed used by the factories; any fixed value keeps tests reproducible. */
    public static final long DEFAULT_SEED = 20261125L;
    /** AWS's default per-region VPC quota. */
    public static final int DEFAULT_VPC_QUOTA = 5;

    public SandboxConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        Objects.requireNonNull(latency, "latency");
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("timeScale must be a finite number >= 0: " + timeScale);
        }
        if (!(throttleRate >= 0 && throttleRate <= 1)) {
            throw new IllegalArgumentException("throttleRate must be within 0..1: " + throttleRate);
        }
        if (vpcQuota < 1) {
            throw new IllegalArgumentException("vpcQuota must be at least 1: " + vpcQuota);
        }
        consistencyWindow = consistencyWindow == null ? Duration.ZERO : consistencyWindow;
        if (consistencyWindow.isNegative() || (eniLinger != null && eniLinger.isNegative())) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** In-memory, ephemeral port, instant transitions, no faults. The test suite's default. */
    public static SandboxConfig instant() {
        return new SandboxConfig(0, null, LatencyProfile.INSTANT, 1.0, 0.0, Duration.ZERO, null, DEFAULT_SEED, DEFAULT_VPC_QUOTA);
    }

    /** In-memory, ephemeral port, real AWS durations multiplied by {@code timeScale}. */
    public static SandboxConfig realistic(double timeScale) {
        return instant().withLatency(LatencyProfile.REALISTIC).withTimeScale(timeScale);
    }

    /** The same configuration on another port (0 = ephemeral). */
    public SandboxConfig withPort(int newPort) {
        return new SandboxConfig(newPort, dataDir, latency, timeScale, throttleRate, consistencyWindow, eniLinger, seed, vpcQuota);
    }

    /** The same configuration persisting to this folder (null = memory only). */
    public SandboxConfig withDataDir(Path newDataDir) {
        return new SandboxConfig(port, newDataDir, latency, timeScale, throttleRate, consistencyWindow, eniLinger, seed, vpcQuota);
    }

    /** The same configuration with another latency profile. */
    public SandboxConfig withLatency(LatencyProfile newLatency) {
        return new SandboxConfig(port, dataDir, newLatency, timeScale, throttleRate, consistencyWindow, eniLinger, seed, vpcQuota);
    }

    /** The same configuration with another multiplier of realistic durations. */
    public SandboxConfig withTimeScale(double newTimeScale) {
        return new SandboxConfig(port, dataDir, latency, newTimeScale, throttleRate, consistencyWindow, eniLinger, seed, vpcQuota);
    }

    /** The same configuration throttling this fraction (0..1) of requests. */
    public SandboxConfig withThrottleRate(double newThrottleRate) {
        return new SandboxConfig(port, dataDir, latency, timeScale, newThrottleRate, consistencyWindow, eniLinger, seed, vpcQuota);
    }

    /** The same configuration hiding new resources from lookups by ID for this long. */
    public SandboxConfig withConsistencyWindow(Duration newWindow) {
        return new SandboxConfig(port, dataDir, latency, timeScale, throttleRate, newWindow, eniLinger, seed, vpcQuota);
    }

    /** The same configuration with this ENI linger after a NAT gateway is deleted (null = profile default). */
    public SandboxConfig withEniLinger(Duration newEniLinger) {
        return new SandboxConfig(port, dataDir, latency, timeScale, throttleRate, consistencyWindow, newEniLinger, seed, vpcQuota);
    }

    /** The same configuration with another random seed. */
    public SandboxConfig withSeed(long newSeed) {
        return new SandboxConfig(port, dataDir, latency, timeScale, throttleRate, consistencyWindow, eniLinger, newSeed, vpcQuota);
    }

    /** The same configuration with another VPC quota (a quota increase, as AWS grants on request). */
    public SandboxConfig withVpcQuota(int newVpcQuota) {
        return new SandboxConfig(port, dataDir, latency, timeScale, throttleRate, consistencyWindow, eniLinger, seed, newVpcQuota);
    }

    /** How the services play time under this configuration (latency, scale, consistency window). */
    public Timing timing() {
        return new Timing(latency == LatencyProfile.REALISTIC, timeScale, consistencyWindow);
    }

    /** A real-AWS duration as this configuration plays it: zero when instant, scaled when realistic. */
    Duration scaled(Duration real) {
        return timing().scaled(real);
    }

    /** The effective ENI linger: the explicit value, or the profile's default. */
    Duration effectiveEniLinger() {
        return new Ec2Settings(vpcQuota, eniLinger).effectiveEniLinger(timing());
    }
}
