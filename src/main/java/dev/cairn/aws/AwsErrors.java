package dev.cairn.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** What every handler reads from an AWS error. */
public final class AwsErrors {

    private AwsErrors() {}

    /** AWS's error code ({@code NoSuchEntity}, {@code ResourceNotFoundException}, …), or empty when the answer had none. */
    public static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }

    /** AWS's message for the error, or empty when the answer had none. */
    public static String message(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? "" : e.awsErrorDetails().errorMessage();
    }
}
