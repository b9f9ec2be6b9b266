package dev.cairn.gui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on daemon worker threads and delivers their callbacks through {@code ui} (the app
 * passes {@code Platform::runLater}), so the FX thread never waits on the network.
 */
public final class UiTaskExecutor implements TaskExecutor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UiTaskExecutor.class);

    private final ExecutorService workers;
    private final Executor ui;

    public UiTaskExecutor(Executor ui) {
        this.ui = ui;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cairn-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        workers.execute(() -> {
            T result;
            try {
                result = task.call();
            } catch (Throwable e) {
                LOG.debug("background task failed", e);
                ui.execute(() -> task.failed(e));
                return;
            }
            ui.execute(() -> task.succeeded(result));
        });
    }

    @Override
    public void deliver(Runnable action) {
        ui.execute(action);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
