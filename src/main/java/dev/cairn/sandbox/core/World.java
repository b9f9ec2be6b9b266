package dev.cairn.sandbox.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Everything the Sandbox knows: the current object of every registered store, plus what every
 * service shares (registry, timing, random source, blob files). One lock guards it all; a
 * request holds it for its in-memory work only, never while a file is written.
 */
public final class World {
    private final ServiceRegistry registry;
    private final Timing timing;
    private final Random random;
    private final Blobs blobs;
    private final Object lock = new Object();
    private final Map<Class<?>, Object> stores = new LinkedHashMap<>();
    /** The clock the last work under the lock ran at, epoch milliseconds; guarded by the lock. */
    private long lastStamp;

    public World(ServiceRegistry registry, Timing timing, Random random, Blobs blobs) {
        this.registry = registry;
        this.timing = timing;
        this.random = random;
        this.blobs = blobs;
        for (ServiceDefinition service : registry.all()) {
            for (StoreSpec<?> spec : service.stores()) {
                put(spec.type(), spec.empty().get());
            }
        }
    }

    /** The lock every read and write of the stores holds. */
    public Object lock() {
        return lock;
    }

    /**
     * The clock for work that has just taken the lock: the wall clock, but never earlier than the
     * last work's. Requests take the lock in any order, so a clock read when a request arrived can
     * be earlier than the clock of a change made before it; settling then ran against a past that
     * had been overtaken (a task stopped before it was launched, an interface not yet made for
     * the lookup that should release it). Under the lock.
     */
    public long stamp(long wallClock) {
        lastStamp = Math.max(lastStamp, wallClock);
        return lastStamp;
    }

    public ServiceRegistry registry() {
        return registry;
    }

    public Timing timing() {
        return timing;
    }

    /** The server's seeded random source (IDs, addresses, zones), used under the lock only. */
    public Random random() {
        return random;
    }

    public Blobs blobs() {
        return blobs;
    }

    /** A store's current object; under the lock. */
    public <T> T store(Class<T> type) {
        Object store = stores.get(type);
        if (store == null) {
            throw new IllegalArgumentException("no store " + type.getName() + " is registered");
        }
        return type.cast(store);
    }

    /** Installs a store's object (loaded, restored after a failed save, or wiped); under the lock. */
    public void put(Class<?> type, Object state) {
        stores.put(type, type.cast(state));
    }
}
