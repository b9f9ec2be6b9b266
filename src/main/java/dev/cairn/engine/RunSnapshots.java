package dev.cairn.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One run's shared listings ({@link HandlerContext.Snapshots}). Thread-safe: the first caller of
 * a key loads it on its own thread (so the load's calls are attributed to that caller's node),
 * callers of the same key meanwhile wait for that answer and share it; a load that throws is not
 * kept — the loader gets its exception, and each waiter loads again (or waits for whoever does),
 * so a throttled or failed listing is retried like any other call rather than failing every find.
 */
final class RunSnapshots implements HandlerContext.Snapshots {
    private final ConcurrentHashMap<String, CompletableFuture<Object>> answers = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(String key, Supplier<T> load) {
        while (true) {
            CompletableFuture<Object> mine = new CompletableFuture<>();
            CompletableFuture<Object> existing = answers.putIfAbsent(key, mine);
            if (existing == null) {
                T value;
                try {
                    value = load.get();
                } catch (RuntimeException | Error e) {
                    answers.remove(key, mine);
                    mine.completeExceptionally(e);
                    throw e;
                }
                mine.complete(value);
                return value;
            }
            try {
                return (T) existing.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                // The load failed for its caller; this caller tries on its own (the failed one is gone).
                answers.remove(key, existing);
            }
        }
    }

    /** Drops every answer (the run ended). */
    void clear() {
        answers.clear();
    }

    /** How many keys hold an answer or a load in progress (tests). */
    int size() {
        return answers.size();
    }
}
