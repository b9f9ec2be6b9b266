package dev.cairn.engine;

import java.util.Objects;

/**
 * The answer of one poll of a resource that is becoming ready, changing or going away. Handlers
 * return one poll per call; the engine schedules the next one with backoff, and the resource
 * does not hold one of the run's worker slots while it waits.
 *
 * @param outcome whether to stop polling
 * @param message what is being waited for ({@code "NAT gateway is pending"})
 * @param resource the resource as last described (for attributes learned while waiting), or null
 */
public record Poll(Outcome outcome, Message message, LiveResource resource) {

    public enum Outcome { DONE, PENDING, FAILED }

    public Poll {
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? Message.NONE : message;
    }

    /** A poll whose message has no bundle key (yet): shown as it is in every language. */
    public Poll(Outcome outcome, String message, LiveResource resource) {
        this(outcome, Message.raw(message), resource);
    }

    public static Poll done(LiveResource resource) {
        return new Poll(Outcome.DONE, Message.NONE, resource);
    }

    public static Poll done() {
        return new Poll(Outcome.DONE, Message.NONE, null);
    }

    public static Poll pending(String message) {
        return new Poll(Outcome.PENDING, Message.raw(message), null);
    }

    public static Poll pending(Message message) {
        return new Poll(Outcome.PENDING, message, null);
    }

    /** Still waiting, with what was learned of the resource meanwhile. */
    public static Poll pending(Message message, LiveResource resource) {
        return new Poll(Outcome.PENDING, message, resource);
    }

    public static Poll failed(String message) {
        return new Poll(Outcome.FAILED, Message.raw(message), null);
    }

    public static Poll failed(Message message) {
        return new Poll(Outcome.FAILED, message, null);
    }
}
