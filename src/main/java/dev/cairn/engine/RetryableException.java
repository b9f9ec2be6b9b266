package dev.cairn.engine;

/**
 * A transient condition AWS documents, worth retrying within a bounded window:
 * {@code DependencyViolation} while dependents drain, {@code …NotFound} just after a create
 * (eventual consistency). The message says in words what is being waited for.
 */
public class RetryableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String awsCode;

    public RetryableException(String awsCode, String message, Throwable cause) {
        super(message, cause);
        this.awsCode = awsCode;
    }

    public String awsCode() {
        return awsCode;
    }
}
