package dev.cairn.cli;

import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.RunResult;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) during a run cancels it cleanly: the hook asks the engine to stop
 * scheduling and then holds the JVM open until calls in flight have finished and been
 * journaled, so the next run resumes without a twin or an orphan.
 */
final class Interrupts {

    /** How long the shutdown hook waits for in-flight calls (an AWS call times out well before). */
    static final long IN_FLIGHT_GRACE_SECONDS = 200;

    interface Body {
        RunResult run(CancellationToken cancel) throws InterruptedException;
    }

    private Interrupts() {}

    static RunResult cancellable(PrintWriter err, Body body) throws InterruptedException {
        CancellationToken cancel = new CancellationToken();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            err.println();
            err.println("Cancelling: no new work starts; waiting for calls in flight to finish and be journaled…");
            err.flush();
            cancel.cancel();
            try {
                finished.await(IN_FLIGHT_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cairn-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.run(cancel);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting because of the signal; the hook is running.
            }
        }
    }
}
