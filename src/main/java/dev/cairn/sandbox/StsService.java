package dev.cairn.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** STS over awsQuery ({@code Version=2011-06-15}): who the caller is, derived from the access key. */
final class StsService {
    static final String VERSION = "2011-06-15";
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/" + VERSION + "/";
    /** The IAM user name every Sandbox identity reports. */
    static final String USER_NAME = "sandbox";

    String handle(AwsRequest request) {
        String action = request.action();
        if (!"GetCallerIdentity".equals(action)) {
            throw new AwsException("InvalidAction", "Could not find operation " + action + " for version " + VERSION);
        }
        return new Xml().root("GetCallerIdentityResponse", NAMESPACE)
                .start("GetCallerIdentityResult")
                .el("Arn", "arn:aws:iam::" + request.accountId() + ":user/" + USER_NAME)
                .el("UserId", userId(request.accessKey()))
                .el("Account", request.accountId())
                .end()
                .start("ResponseMetadata").el("RequestId", request.requestId()).end()
                .end().toString();
    }

    /** A stable IAM-user-style unique ID ({@code AIDA…}) for the access key. */
    static String userId(String accessKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(accessKey).getBytes(StandardCharsets.UTF_8));
            return "AIDA" + HexFormat.of().formatHex(digest, 0, 8).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
