package dev.cairn.sandbox;

/**
 * An AWS error answer: the code and message AWS would send, and the HTTP status. Thrown by
 * models and parsers; the server renders it in the protocol's error envelope.
 */
final class AwsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;

    AwsException(String code, String message) {
        this(code, message, 400);
    }

    AwsException(String code, String message, int status) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    static AwsException invalidParameterValue(String message) {
        return new AwsException("InvalidParameterValue", message);
    }

    static AwsException missingParameter(String name) {
        return new AwsException("MissingParameter", "The request must contain the parameter " + name);
    }

    static AwsException dependencyViolation(String kind, String id) {
        return new AwsException("DependencyViolation",
                "The " + kind + " '" + id + "' has dependencies and cannot be deleted.");
    }
}
