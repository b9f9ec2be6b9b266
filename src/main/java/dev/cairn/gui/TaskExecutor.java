package dev.cairn.gui;

/** Runs {@link BackgroundTask}s; the only way view models start work that may block. */
public interface TaskExecutor {

    /** Starts the task; its callbacks arrive on the executor's delivery thread. */
    <T> void execute(BackgroundTask<T> task);

    /** Runs {@code action} on the delivery thread (the FX thread for the UI executor). */
    void deliver(Runnable action);

    /**
     * Runs {@code action} on the delivery thread with the next frame's updates: the UI executor
     * runs it at the start of the next FX pulse ({@link NextPulse}), so what is delivered this
     * way changes the window at most once per frame. Others deliver it as {@link #deliver}.
     */
    default void deliverNextPulse(Runnable action) {
        deliver(action);
    }
}
