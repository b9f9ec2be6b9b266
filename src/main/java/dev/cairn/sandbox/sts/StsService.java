package dev.cairn.sandbox.sts;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.Xml;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** STS over awsQuery ({@code Version=2011-06-15}): who the caller is, derived from the access key. */
public final class StsService {
    static final String VERSION = "2011-06-15";
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/" + VERSION + "/";
    /** The IAM user name every Sandbox identity reports. */
    static final String USER_NAME = "sandbox";

    private StsService() {
    }

    /** STS's definition: GetCallerIdentity, read-only, no state. */
    public static ServiceDefinition definition() {
        return ServiceDefinition.builder("sts", ServiceDefinition.Protocol.QUERY)
                .apiVersion(VERSION)
                .xmlNamespace(NAMESPACE)
                .unknownOperation(action -> new AwsException("InvalidAction",
                        "Could not find operation " + action + " for version " + VERSION))
                .query("GetCallerIdentity", ServiceDefinition.Effect.READS, StsService::getCallerIdentity)
                .build();
    }

    private static void getCallerIdentity(Call call, Xml x) {
        x.el("Arn", "arn:aws:iam::" + call.accountId() + ":user/" + USER_NAME)
                .el("UserId", userId(call.accessKey()))
                .el("Account", call.accountId());
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
