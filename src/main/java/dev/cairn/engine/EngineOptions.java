package dev.cairn.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How a run behaves. Start from {@link #defaults()} and change what you need with the
 * {@code with…} methods.
 *
 * @param parallelism how many resource operations work at once (waiting ones do not count)
 * @param clock the time source for journal timestamps, elapsed times and retry windows
 * @param sleeper how the engine waits between polls and retries (a test seam)
 * @param pollInitial first wait between polls; each next wait is {@code pollFactor} longer up to {@code pollMax}
 * @param apiCalls a counter of AWS calls made (the SDK's); the run reports the difference
 * @param apiCallsByKind the same counter by attribution ({@link CallSite#current()} when each call
 *     was made: {@code "NAT_GATEWAY ready"} → calls); the run reports the difference per key
 * @param latencyScale multiplies each kind's typical latency ({@code ResourceKind.typicalReady},
 *     {@code typicalGone}) before the first poll: 1 for AWS, the Sandbox's time scale, 0 for a
 *     target whose resources are ready at once (polls start at once, as without it)
 * @param account the account the calls run in (handlers build ARNs and names from it)
 * @param partition the account's partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov})
 * @param afterIntent test seam called after each intent is on disk and before its call
 */
public record EngineOptions(
        int parallelism,
        Clock clock,
        Sleeper sleeper,
        Duration pollInitial,
        double pollFactor,
        Duration pollMax,
        LongSupplier apiCalls,
        Supplier<Map<String, Long>> apiCallsByKind,
        double latencyScale,
        String account,
        String partition,
        JournalHook afterIntent) {

    /** The partition of commercial AWS regions. */
    public static final String AWS_PARTITION = "aws";

    public EngineOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(pollInitial, "pollInitial");
        Objects.requireNonNull(pollMax, "pollMax");
        if (pollFactor < 1.0) {
            throw new IllegalArgumentException("pollFactor must be at least 1");
        }
        Objects.requireNonNull(apiCalls, "apiCalls");
        Objects.requireNonNull(apiCallsByKind, "apiCallsByKind");
        if (!(latencyScale >= 0) || Double.isInfinite(latencyScale)) {
            throw new IllegalArgumentException("latencyScale must be a finite number >= 0: " + latencyScale);
        }
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(afterIntent, "afterIntent");
    }

    /** Polls start at once (latency scale 0) until a target says how long its resources take. */
    public static EngineOptions defaults() {
        return new EngineOptions(DagWalker.DEFAULT_PARALLELISM, Clock.systemUTC(), Sleeper.REAL,
                Timeouts.POLL_INITIAL, Timeouts.POLL_FACTOR, Timeouts.POLL_MAX, () -> 0L, Map::of, 0.0,
                HandlerContext.UNKNOWN_ACCOUNT, AWS_PARTITION, JournalHook.NONE);
    }

    public EngineOptions withParallelism(int value) {
        return new EngineOptions(value, clock, sleeper, pollInitial, pollFactor, pollMax, apiCalls, apiCallsByKind,
                latencyScale, account, partition, afterIntent);
    }

    public EngineOptions withTime(Clock newClock, Sleeper newSleeper) {
        return new EngineOptions(parallelism, newClock, newSleeper, pollInitial, pollFactor, pollMax, apiCalls,
                apiCallsByKind, latencyScale, account, partition, afterIntent);
    }

    public EngineOptions withPollBackoff(Duration initial, double factor, Duration max) {
        return new EngineOptions(parallelism, clock, sleeper, initial, factor, max, apiCalls, apiCallsByKind, latencyScale,
                account, partition, afterIntent);
    }

    public EngineOptions withApiCalls(LongSupplier counter) {
        return new EngineOptions(parallelism, clock, sleeper, pollInitial, pollFactor, pollMax, counter, apiCallsByKind,
                latencyScale, account, partition, afterIntent);
    }

    /** The counter's calls by attribution (see {@link CallSite}). */
    public EngineOptions withApiCallsByKind(Supplier<Map<String, Long>> counter) {
        return new EngineOptions(parallelism, clock, sleeper, pollInitial, pollFactor, pollMax, apiCalls, counter,
                latencyScale, account, partition, afterIntent);
    }

    /** How the target plays AWS's latencies: 1 for AWS, the Sandbox's time scale, 0 for instant. */
    public EngineOptions withLatencyScale(double scale) {
        return new EngineOptions(parallelism, clock, sleeper, pollInitial, pollFactor, pollMax, apiCalls, apiCallsByKind,
                scale, account, partition, afterIntent);
    }

    /** The account and partition the run's calls go to, for handlers that build ARNs. */
    public EngineOptions withAccount(String newAccount, String newPartition) {
        return new EngineOptions(parallelism, clock, sleeper, pollInitial, pollFactor, pollMax, apiCalls, apiCallsByKind,
                latencyScale, newAccount, newPartition, afterIntent);
    }

    public EngineOptions withAfterIntent(JournalHook hook) {
        return new EngineOptions(parallelism, clock, sleeper, pollInitial, pollFactor, pollMax, apiCalls, apiCallsByKind,
                latencyScale, account, partition, hook);
    }

    /** A kind's typical latency as this target plays it. */
    Duration scaled(Duration typical) {
        if (latencyScale == 0 || typical.isZero()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (typical.toNanos() * latencyScale));
    }
}
