package dev.cairn.engine;

import java.util.Objects;

/**
 * The answer of one poll of a resource that is becoming ready or going away. Handlers return
 * one poll per call; the engine schedules the next one with backoff.
 *
 * @param outcome whether to stop polling
 * @param message what is being waited for, in words ({@code "NAT gateway is pending"})
 * @param resource the resource as last described (for attributes learned while waiting), or null
 */
public record Poll(Outcome outcome, String message, LiveResource resource) {

    public enum Outcome { DONE, PENDING, FAILED }

    public Poll {
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
    }

    public static Poll done(LiveResource resource) {
        return new Poll(Outcome.DONE, "", resource);
    }

    public static Poll done() {
        return new Poll(Outcome.DONE, "", null);
    }

    public static Poll pending(String message) {
        return new Poll(Outcome.PENDING, message, null);
    }

    public static Poll failed(String message) {
        return new Poll(Outcome.FAILED, message, null);
    }
}
