package dev.cairn.aws;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts API calls and HTTP attempts across every client of one {@link AwsClients}. The SDK calls
 * {@code beforeExecution} once per operation and {@code beforeTransmission} once per attempt, so
 * {@code attempts - calls} is the number of retries. Thread-safe.
 */
final class ApiCallCounter implements ExecutionInterceptor {
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
        calls.incrementAndGet();
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
}
