package dev.cairn.gui;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A {@link TaskExecutor} a test steps by hand: tasks wait until {@link #runNext()} runs the oldest
 * one's work on a worker thread of its own and then its callbacks on the calling thread (the
 * test's stand-in for the FX thread). Between the two a test sees what the window shows while
 * the work is still away.
 */
final class HeldTaskExecutor implements TaskExecutor {

    static final String WORKER = "held-worker";

    private final Deque<BackgroundTask<?>> queue = new ArrayDeque<>();

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        queue.add(task);
    }

    /** Next-pulse actions held until {@link #pulse()}; null: they run at once, as {@link #deliver}. */
    private Deque<Runnable> pulses;

    @Override
    public void deliver(Runnable action) {
        action.run();
    }

    @Override
    public void deliverNextPulse(Runnable action) {
        if (pulses == null) {
            action.run();
        } else {
            pulses.add(action);
        }
    }

    /** From now on, what waits for the next pulse waits for {@link #pulse()}. */
    HeldTaskExecutor holdPulses() {
        pulses = new ArrayDeque<>();
        return this;
    }

    /** The next pulse: runs, in order, the actions that waited for it (not those they offer). */
    void pulse() {
        for (int n = pulses.size(); n > 0; n--) {
            pulses.remove().run();
        }
    }

    int pending() {
        return queue.size();
    }

    /** Runs the oldest waiting task: its work on a worker thread, its callbacks here. */
    void runNext() throws InterruptedException {
        run(queue.remove());
    }

    /** Runs tasks, and those their callbacks start, until none waits. */
    void drain() throws InterruptedException {
        while (!queue.isEmpty()) {
            runNext();
        }
    }

    private <T> void run(BackgroundTask<T> task) throws InterruptedException {
        Object[] result = new Object[1];
        Throwable[] error = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                result[0] = task.call();
            } catch (Throwable e) {
                error[0] = e;
            }
        }, WORKER);
        worker.start();
        worker.join();
        if (error[0] != null) {
            task.failed(error[0]);
        } else {
            @SuppressWarnings("unchecked")
            T r = (T) result[0];
            task.succeeded(r);
        }
    }
}
