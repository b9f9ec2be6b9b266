package dev.cairn.aws;

import dev.cairn.engine.CallSite;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts API calls and HTTP attempts across every client of one {@link AwsClients}. The SDK calls
 * {@code beforeExecution} once per operation and {@code beforeTransmission} once per attempt, so
 * {@code attempts - calls} is the number of retries, and the SDK's retries never count as calls.
 * Each call is also counted under the attribution of the thread that makes it
 * ({@link CallSite#current()}: the kind and phase of the engine's node; synchronous clients run
 * interceptors on the caller's thread). Thread-safe.
 */
final class ApiCallCounter implements ExecutionInterceptor {
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
        calls.incrementAndGet();
        byKind.computeIfAbsent(CallSite.current(), k -> new LongAdder()).increment();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        attempts.incrementAndGet();
    }

    long calls() {
        return calls.get();
    }

    long attempts() {
        return attempts.get();
    }

    /** Calls so far by attribution ({@code "NAT_GATEWAY ready"} → calls), a copy. */
    Map<String, Long> callsByKind() {
        Map<String, Long> copy = new TreeMap<>();
        byKind.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
