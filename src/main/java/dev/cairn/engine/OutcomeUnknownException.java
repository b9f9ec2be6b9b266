package dev.cairn.engine;

/**
 * A mutating call whose outcome is unknown: it timed out, lost its connection after it was sent,
 * or the service answered with a server error. It may have taken effect, so the engine leaves its
 * intent open (maybe created, maybe deleted) for the next run to resolve by looking the resource
 * up — unlike a service's 4xx answer, which says the call did nothing and closes the intent as
 * failed.
 */
public class OutcomeUnknownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
