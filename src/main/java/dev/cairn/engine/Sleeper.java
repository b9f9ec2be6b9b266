package dev.cairn.engine;

import java.time.Duration;

/** Waits between polls and retries; a seam so tests can run retry windows on a fake clock. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps the calling thread for real. */
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
}
