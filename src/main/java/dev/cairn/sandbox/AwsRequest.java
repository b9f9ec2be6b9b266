package dev.cairn.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request after the first links of the chain: who (access key → account), where (region),
 * which service, and its parameters.
 *
 * @param service   signing name from the SigV4 scope (e.g. {@code ec2}, {@code sts})
 * @param region    region from the SigV4 scope
 * @param accessKey access key ID from the SigV4 scope (never the secret; signatures are not checked)
 * @param accountId 12-digit account derived from the access key
 * @param params    decoded form parameters (query protocols)
 * @param requestId ID echoed in the response
 */
record AwsRequest(String service, String region, String accessKey, String accountId,
                  QueryParams params, String requestId) {

    /** The access key whose account is all zeros: the Sandbox's default identity. */
    static final String DEFAULT_ACCESS_KEY = "sandbox";
    static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern SCOPE = Pattern.compile(
            "Credential=([^/,\\s]+)/\\d{8}/([a-z0-9-]+)/([a-zA-Z0-9-]+)/aws4_request");

    /** The parts of a SigV4 credential scope; null members when the header is absent or unsigned. */
    record Scope(String accessKey, String region, String service) {
        static Scope of(String authorization) {
            if (authorization != null) {
                Matcher m = SCOPE.matcher(authorization);
                if (m.find()) {
                    return new Scope(m.group(1), m.group(2), m.group(3).toLowerCase(Locale.ROOT));
                }
            }
            return new Scope(null, null, null);
        }
    }

    String action() {
        return params.get("Action");
    }

    /**
     * A stable 12-digit account for an access key: {@code sandbox} is {@code 000000000000};
     * any other key maps through SHA-256, so the same key always lands in the same account.
     */
    static String accountFor(String accessKey) {
        if (accessKey == null || accessKey.equals(DEFAULT_ACCESS_KEY)) {
            return "000000000000";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessKey.getBytes(StandardCharsets.UTF_8));
            long n = 0;
            for (int i = 0; i < 8; i++) {
                n = (n << 8) | (digest[i] & 0xff);
            }
            // Never the default account: the first digit is 1..9.
            long account = 100_000_000_000L + Math.floorMod(n, 900_000_000_000L);
            return Long.toString(account);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
