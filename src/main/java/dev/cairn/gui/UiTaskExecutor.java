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

    /**
     * Workers run below the FX thread, and the threads a task starts inherit it (the engine's
     * walker, the SDK's). With the desktop JVM options this is nice 10 on Linux, so the class
     * loading and compiling of a first apply yield the CPU to the FX thread (dev.cairn.DesktopJvm);
     * without them Linux ignores it.
     */
    static final int WORKER_PRIORITY = Thread.MIN_PRIORITY;

    private static final Logger LOG = LoggerFactory.getLogger(UiTaskExecutor.class);

    private final ExecutorService workers;
    private final Executor ui;
    private final NextPulse nextPulse;

    public UiTaskExecutor(Executor ui) {
        this.ui = ui;
        this.nextPulse = new NextPulse(ui);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cairn-task-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(WORKER_PRIORITY);
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

    /** At the start of the next pulse; {@code ui} must run on the FX thread (it starts a timer there). */
    @Override
    public void deliverNextPulse(Runnable action) {
        nextPulse.execute(action);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
