package dev.cairn.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AWS error answer: the code and message AWS would send, and the HTTP status. Thrown by
 * models and parsers; the server renders it in the envelope of the service's protocol.
 */
public final class AwsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;
    /** Members of the error shape beyond code and message (DynamoDB's {@code Item}); JSON protocols render them. */
    private final transient Map<String, JsonNode> members;

    /** An error AWS answers with HTTP 400 (a client error the SDK does not retry). */
    public AwsException(String code, String message) {
        this(code, message, 400);
    }

    /** An error with its HTTP status (5xx and throttling codes are retried by the SDK). */
    public AwsException(String code, String message, int status) {
        this(code, message, status, Map.of());
    }

    private AwsException(String code, String message, int status, Map<String, JsonNode> members) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.members = members;
    }

    /**
     * This error with one more member of its error shape, e.g. the {@code Item} of DynamoDB's
     * {@code ConditionalCheckFailedException} when the caller asked for it.
     */
    public AwsException withMember(String name, JsonNode value) {
        Map<String, JsonNode> more = new LinkedHashMap<>(members);
        more.put(name, value);
        return new AwsException(code, getMessage(), status, Collections.unmodifiableMap(more));
    }

    /** The error shape's members beyond code and message, in order; empty for most errors. */
    public Map<String, JsonNode> members() {
        return members;
    }

    /** AWS's error code, e.g. {@code InvalidVpcID.NotFound}. */
    public String code() {
        return code;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** {@code InvalidParameterValue} (query protocols). */
    public static AwsException invalidParameterValue(String message) {
        return new AwsException("InvalidParameterValue", message);
    }

    /** {@code MissingParameter} naming the parameter (query protocols). */
    public static AwsException missingParameter(String name) {
        return new AwsException("MissingParameter", "The request must contain the parameter " + name);
    }

    /** EC2's {@code DependencyViolation} for a resource that still has dependents. */
    public static AwsException dependencyViolation(String kind, String id) {
        return new AwsException("DependencyViolation",
                "The " + kind + " '" + id + "' has dependencies and cannot be deleted.");
    }

    /**
     * Headers the answer carries besides the envelope (S3's {@code x-amz-bucket-region} on a
     * redirect). Set only on the fresh copy {@link #withHeader} makes, before it is thrown, so an
     * error is never changed once another thread can see it.
     */
    private java.util.Map<String, String> headers = java.util.Map.of();

    /** A copy of this error with one more header on its answer (REST protocols send them; others ignore them). */
    public AwsException withHeader(String name, String value) {
        AwsException copy = new AwsException(code, getMessage(), status);
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        copy.headers = java.util.Collections.unmodifiableMap(more);
        return copy;
    }

    /** The extra headers of the answer, in order; empty for most errors. */
    public java.util.Map<String, String> headers() {
        return headers;
    }
}
