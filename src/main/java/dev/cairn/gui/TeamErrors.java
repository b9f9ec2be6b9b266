package dev.cairn.gui;

import dev.cairn.aws.AwsCallException;
import dev.cairn.engine.StackLockedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Turns a failed call on a team's state bucket into words with what to do, as a {@link Problem}. */
public final class TeamErrors {

    private static final Set<String> DENIED = Set.of("AccessDenied", "AllAccessDisabled", "AccountProblem");
    private static final Set<String> MISSING = Set.of("NoSuchBucket");
    /** S3 answers these when the bucket lives in another region than the request was signed for. */
    private static final Set<String> OTHER_REGION = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException");
    private static final Set<String> BAD_KEYS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken",
            "InvalidToken");

    private TeamErrors() {}

    /** What went wrong with {@code location} (an {@code s3://} URL), and what to do. */
    public static Problem describe(Throwable error, String location) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StackLockedException locked) {
                return Problem.of("team.error.locked", String.valueOf(locked.getMessage()));
            }
            String code = code(t);
            if (code != null && DENIED.contains(code)) {
                return Problem.of("team.error.denied", location);
            }
            if (code != null && MISSING.contains(code)) {
                return Problem.of("team.error.noBucket", location);
            }
            if (code != null && OTHER_REGION.contains(code)) {
                return Problem.of("team.error.region", location);
            }
            if (code != null && BAD_KEYS.contains(code)) {
                return Problem.of("team.error.credentials");
            }
            if (t instanceof UnknownHostException || t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return Problem.of("account.error.network");
            }
        }
        return Problem.of("team.error.other", String.valueOf(error.getMessage()));
    }

    private static String code(Throwable t) {
        if (t instanceof AwsCallException a) {
            return a.awsCode();
        }
        if (t instanceof AwsServiceException s) {
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            if (code != null && !code.isEmpty()) {
                return code;
            }
            // A HEAD request's error has no body, so no code: its status says it.
            return s.statusCode() == 403 ? "AccessDenied" : s.statusCode() == 404 ? "NoSuchBucket" : null;
        }
        return null;
    }
}
