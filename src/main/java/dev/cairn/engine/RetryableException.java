package dev.cairn.engine;

/**
 * A transient condition AWS documents, worth retrying within a bounded window:
 * {@code DependencyViolation} while dependents drain, {@code …NotFound} just after a create
 * (eventual consistency). The message says in words what is being waited for.
 */
public class RetryableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String awsCode;
    private final Message said;

    public RetryableException(String awsCode, String message, Throwable cause) {
        this(awsCode, Message.raw(message), cause);
    }

    /** A transient condition worded as a key and arguments, so the faces can translate it. */
    public RetryableException(String awsCode, Message message, Throwable cause) {
        super(message.english(), cause);
        this.awsCode = awsCode;
        this.said = message;
    }

    /** What is being waited for, as the faces word it. */
    public Message said() {
        return said;
    }

    public String awsCode() {
        return awsCode;
    }
}
