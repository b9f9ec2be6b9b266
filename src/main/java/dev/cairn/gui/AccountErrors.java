package dev.cairn.gui;

import dev.cairn.aws.AwsCallException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Turns a failed account check into words with what to do, as a {@link Problem}. */
public final class AccountErrors {

    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "UnauthorizedAccess", "OptInRequired");
    private static final Set<String> BAD_KEYS = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch", "AuthFailure",
            "InvalidAccessKeyId");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired");
    /** IAM's wording: "... is not authorized to perform: ec2:DescribeAvailabilityZones ...". */
    private static final Pattern ACTION = Pattern.compile("perform: ?([A-Za-z0-9-]+:[A-Za-z0-9*]+)");
    /** What the check itself calls, named when AWS's message does not say which was denied. */
    static final String CHECK_ACTIONS = "sts:GetCallerIdentity, ec2:DescribeAvailabilityZones";

    private AccountErrors() {}

    public static Problem describe(Throwable error, Optional<String> profile) {
        String who = profile.orElse("default");
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            String lower = message.toLowerCase(Locale.ROOT);
            String code = code(t);
            if (lower.contains("sso") && (lower.contains("expired") || lower.contains("refresh") || lower.contains("token"))
                    || t.getClass().getName().contains(".sso")) {
                return Problem.of("account.error.ssoExpired", who);
            }
            if (code != null && EXPIRED.contains(code)) {
                return Problem.of("account.error.expired", who);
            }
            if (code != null && DENIED.contains(code)) {
                Matcher m = ACTION.matcher(message);
                return Problem.of("account.error.denied", m.find() ? m.group(1) : CHECK_ACTIONS);
            }
            if (code != null && BAD_KEYS.contains(code)) {
                return Problem.of("account.error.badKeys", who);
            }
            if (lower.contains("unable to load credentials") || lower.contains("profile file contained no credentials")
                    || lower.contains("no aws credentials")) {
                return Problem.of("account.error.noCredentials", who);
            }
            if (t instanceof UnknownHostException || t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return Problem.of("account.error.network");
            }
        }
        return Problem.of("account.error.other", String.valueOf(error.getMessage()));
    }

    private static String code(Throwable t) {
        if (t instanceof AwsCallException a) {
            return a.awsCode();
        }
        if (t instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            return s.awsErrorDetails().errorCode();
        }
        return null;
    }
}
