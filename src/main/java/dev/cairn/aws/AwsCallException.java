package dev.cairn.aws;

import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An AWS error that is not transient, as the handlers pass it on: the message is AWS's code and
 * message ({@code "InvalidParameterValue: …"}) so the activity list shows what AWS said, and the
 * SDK's error details stay available for callers that branch on the code.
 */
public class AwsCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient AwsErrorDetails awsErrorDetails;

    public AwsCallException(AwsServiceException cause) {
        super(describe(cause), cause);
        this.awsErrorDetails = cause.awsErrorDetails();
    }

    /** AWS's error code, or empty when the service sent none. */
    public String awsCode() {
        return awsErrorDetails == null || awsErrorDetails.errorCode() == null ? "" : awsErrorDetails.errorCode();
    }

    public Optional<AwsErrorDetails> awsErrorDetails() {
        return Optional.ofNullable(awsErrorDetails);
    }

    private static String describe(AwsServiceException e) {
        AwsErrorDetails d = e.awsErrorDetails();
        if (d == null || d.errorCode() == null) {
            return e.getMessage();
        }
        String message = d.errorMessage() == null ? "" : d.errorMessage();
        return d.errorCode() + ": " + message;
    }
}
