package dev.cairn.engine;

/** Another run holds the stack's lock; the message names the holder's process ID. */
public class StackLockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StackLockedException(String message) {
        super(message);
    }
}
