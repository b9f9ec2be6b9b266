package dev.cairn.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands items from any number of producer threads to one consumer on the UI thread in batches.
 * Invariant: at most one drain is scheduled at a time (the {@code scheduled} flag), so a burst of
 * engine events costs one {@code Platform.runLater} per pulse, not one per event.
 *
 * @param <T> the item type
 */
public final class EventCoalescer<T> {

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor ui;
    private final Consumer<List<T>> consumer;

    public EventCoalescer(Executor ui, Consumer<List<T>> consumer) {
        this.ui = ui;
        this.consumer = consumer;
    }

    /** Thread-safe and quick: queues the item and schedules a drain unless one is pending. */
    public void offer(T item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            ui.execute(this::drain);
        }
    }

    /**
     * Drains now, on the calling thread (the consumer's): what is queued is consumed before
     * whatever the caller does next, even when the scheduled drain has not run yet. A drain still
     * scheduled then finds nothing and does nothing.
     */
    public void flush() {
        drain();
    }

    private void drain() {
        // Clear the flag first: an item offered while we drain schedules the next drain.
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        for (T item; (item = queue.poll()) != null; ) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            consumer.accept(batch);
        }
    }
}
