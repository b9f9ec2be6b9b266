package dev.cairn.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when someone sleeps on it, so retry windows and timeouts run instantly. */
final class FakeTime extends Clock implements Sleeper {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public void sleep(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    Duration elapsed() {
        return Duration.ofNanos(nanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return START.plusNanos(nanos.get());
    }
}
