package dev.cairn.engine;

/**
 * Asks a run to stop: no new resource operation starts, calls in flight finish and are
 * journaled, and polling stops at the next poll (the record stays creating/deleting so the next
 * run resumes it). Thread-safe; cancelling is permanent.
 */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
