package dev.cairn.gui;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A unit of background work with its callbacks, free of any UI toolkit (after JabRef's
 * {@code BackgroundTask}). A {@link TaskExecutor} decides where {@link #call()} runs and where the
 * callbacks run: the UI executor delivers them on the FX thread, the test executor inline.
 *
 * @param <T> the result type
 */
public final class BackgroundTask<T> {

    private final Callable<T> work;
    private Consumer<? super T> onSuccess = r -> {};
    private Consumer<? super Throwable> onFailure = e -> {};
    private Runnable onFinished = () -> {};

    private BackgroundTask(Callable<T> work) {
        this.work = Objects.requireNonNull(work, "work");
    }

    public static <T> BackgroundTask<T> wrap(Callable<T> work) {
        return new BackgroundTask<>(work);
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> callback) {
        this.onSuccess = Objects.requireNonNull(callback);
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<? super Throwable> callback) {
        this.onFailure = Objects.requireNonNull(callback);
        return this;
    }

    /** Runs after success or failure, on the same thread as they do. */
    public BackgroundTask<T> onFinished(Runnable callback) {
        this.onFinished = Objects.requireNonNull(callback);
        return this;
    }

    T call() throws Exception {
        return work.call();
    }

    void succeeded(T result) {
        try {
            onSuccess.accept(result);
        } finally {
            onFinished.run();
        }
    }

    void failed(Throwable error) {
        try {
            onFailure.accept(error);
        } finally {
            onFinished.run();
        }
    }
}
