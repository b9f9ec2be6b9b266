package dev.cairn.testing;

import dev.cairn.engine.HandlerContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Snapshots shared as a run shares them (the first caller of a key loads it, every later one gets
 * that answer), with the keys loaded kept for tests to check that a kind's finds share one listing.
 */
public final class SharedSnapshots implements HandlerContext.Snapshots {
    private final Map<String, Object> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> loads = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(String key, Supplier<T> load) {
        return (T) answers.computeIfAbsent(key, k -> {
            loads.merge(k, 1, Integer::sum);
            return load.get();
        });
    }

    /** The keys loaded so far. */
    public Set<String> keys() {
        return Set.copyOf(loads.keySet());
    }

    /** How many times {@code key} was loaded (one when shared). */
    public int loads(String key) {
        return loads.getOrDefault(key, 0);
    }
}
