package dev.cairn.sandbox.acm;

import dev.cairn.sandbox.acm.AcmStore.Certificate;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Timing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * ACM's rules for one account and region at one moment: requests, the DNS validation record each
 * name waits for, the status a certificate has now, tags. Responses parse and render; this class
 * decides. Used under the world lock only.
 */
final class Certificates {
    /** AWS: the validation record shows in DescribeCertificate a few seconds after the request, not at once. */
    static final Duration VALIDATION_RECORD_DELAY = Duration.ofSeconds(5);
    /**
     * Once the CNAME is in a public zone ACM issues within minutes (AWS says "can take up to 30
     * minutes"; a minute or two is usual): a minute here.
     */
    static final Duration VALIDATION_DELAY = Duration.ofSeconds(60);
    /**
     * An unvalidated request fails after 72 hours. A deadline, not a transition: it is not scaled,
     * or an instant Sandbox would time every request out at once.
     */
    static final Duration VALIDATION_TIMEOUT = Duration.ofHours(72);
    /** The same idempotency token and domain within this long return the same certificate. */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(1);
    /** Validity of an ACM public certificate: 395 days. */
    static final Duration VALIDITY = Duration.ofDays(395);
    /** AWS's default quota of domain names per certificate. */
    static final int MAX_DOMAIN_NAMES = 10;
    static final int MAX_TAGS = 50;
    static final Set<String> REQUESTABLE_KEYS = Set.of("RSA_2048", "EC_prime256v1", "EC_secp384r1");
    static final Pattern DOMAIN = Pattern.compile(
            "^(\\*\\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$");
    static final Pattern ARN = Pattern.compile("arn:[\\w+=/,.@-]+:acm:[\\w+=/,.@-]*:[0-9]+:[\\w+=,.@-]+(/[\\w+=,.@-]+)*");
    private static final Pattern TOKEN = Pattern.compile("\\w{1,32}");
    /** The mailboxes ACM writes to for e-mail validation. */
    private static final List<String> VALIDATION_MAILBOXES = List.of("admin", "administrator", "hostmaster",
            "postmaster", "webmaster");

    /** The CNAME ACM asks for to validate one name. */
    record ValidationRecord(String name, String value) {
    }

    private final AcmStore.RegionState state;
    private final String account;
    private final String region;
    private final Timing timing;
    private final long now;

    Certificates(AcmStore.RegionState state, String account, String region, Timing timing, long now) {
        this.state = state;
        this.account = account;
        this.region = region;
        this.timing = timing;
        this.now = now;
    }

    // ------------------------------------------------------------------ requests

    /** RequestCertificate: a new {@code PENDING_VALIDATION} certificate, or the one a recent token asked for. */
    Certificate request(String domainName, List<String> otherNames, String validationMethod, String keyAlgorithm,
                        String idempotencyToken, String transparency, Map<String, String> tags, Random random) {
        String domain = checkDomain(domainName, "domainName");
        if (idempotencyToken != null) {
            if (!TOKEN.matcher(idempotencyToken).matches()) {
                throw validation("Value '" + idempotencyToken + "' at 'idempotencyToken' failed to satisfy "
                        + "constraint: Member must satisfy regular expression pattern: \\w+");
            }
            AcmStore.Token token = state.tokens.get(idempotencyToken);
            if (token != null && token.expiresAt > now && token.domainName.equals(domain)
                    && state.certificates.containsKey(token.arn)) {
                return state.certificates.get(token.arn);
            }
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        names.add(domain);
        for (String n : otherNames) {
            names.add(checkDomain(n, "subjectAlternativeNames"));
        }
        if (names.size() > MAX_DOMAIN_NAMES) {
            throw new AwsException("LimitExceededException", "Cannot request a certificate for more than "
                    + MAX_DOMAIN_NAMES + " domain names.");
        }
        String method = validationMethod == null ? "EMAIL" : validationMethod;
        if (!method.equals("DNS") && !method.equals("EMAIL")) {
            throw validation("Value '" + method + "' at 'validationMethod' failed to satisfy constraint: Member must "
                    + "satisfy enum value set: [EMAIL, DNS, HTTP]");
        }
        String key = keyAlgorithm == null ? "RSA_2048" : keyAlgorithm;
        if (!REQUESTABLE_KEYS.contains(key)) {
            throw new AwsException("InvalidParameterException", "KeyAlgorithm " + key + " is not supported for "
                    + "public certificates; use one of " + REQUESTABLE_KEYS + ".");
        }
        checkTags(tags, 0);
        Certificate cert = new Certificate();
        UUID uuid = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        cert.id = Arn.of("acm", region, account, "certificate/" + uuid).toString();
        cert.createdAt = now;
        cert.domainName = domain;
        cert.subjectAlternativeNames = new ArrayList<>(names);
        cert.validationMethod = method;
        cert.keyAlgorithm = key;
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        serial[0] &= 0x7F;
        cert.serial = HexFormat.ofDelimiter(":").formatHex(serial);
        cert.transparencyLogging = transparency == null ? "ENABLED" : transparency;
        cert.tags = new LinkedHashMap<>(tags);
        state.certificates.put(cert.id, cert);
        if (idempotencyToken != null) {
            AcmStore.Token token = new AcmStore.Token();
            token.domainName = domain;
            token.arn = cert.id;
            token.expiresAt = now + IDEMPOTENCY_WINDOW.toMillis();
            state.tokens.put(idempotencyToken, token);
        }
        state.tokens.values().removeIf(t -> t.expiresAt <= now);
        return cert;
    }

    private static String checkDomain(String name, String field) {
        if (name == null || name.isEmpty()) {
            throw validation("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
        }
        if (name.length() > 253 || !DOMAIN.matcher(name).matches()) {
            throw validation("Value '" + name + "' at '" + field + "' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: " + DOMAIN.pattern());
        }
        return name.toLowerCase(Locale.ROOT);
    }

    static AwsException validation(String detail) {
        return new AwsException("ValidationException", "1 validation error detected: " + detail);
    }

    // ------------------------------------------------------------------ lookups

    /**
     * The certificate of that ARN in this account and region: a malformed ARN is
     * {@code ValidationException} or {@code InvalidArnException} as AWS answers, an unknown one
     * {@code ResourceNotFoundException}.
     */
    Certificate certificate(String arn) {
        Certificate cert = find(arn);
        if (cert == null) {
            throw new AwsException("ResourceNotFoundException", "Could not find certificate with ARN " + arn + ".");
        }
        return cert;
    }

    /** The certificate of a well-formed ARN, or null (malformed ARNs are refused as {@link #certificate}). */
    Certificate find(String arn) {
        if (arn == null || arn.isEmpty()) {
            throw validation("Value null at 'certificateArn' failed to satisfy constraint: Member must not be null");
        }
        if (arn.length() < 20 || arn.length() > 2048) {
            throw validation("Value '" + arn + "' at 'certificateArn' failed to satisfy constraint: Member must have "
                    + "length " + (arn.length() < 20 ? "greater than or equal to 20" : "less than or equal to 2048"));
        }
        Arn parsed = Arn.parse(arn);
        if (parsed == null || !ARN.matcher(arn).matches() || !parsed.resource().startsWith("certificate/")) {
            throw new AwsException("InvalidArnException", "String '" + arn + "' is not a valid certificate ARN.");
        }
        return state.certificates.get(arn);
    }

    List<Certificate> all() {
        return new ArrayList<>(state.certificates.values());
    }

    /** DeleteCertificate (the caller has checked that no listener uses it). */
    void delete(Certificate cert) {
        state.certificates.remove(cert.id);
    }

    // ------------------------------------------------------------------ status

    /**
     * {@code ISSUED} a validation delay after ACM saw its records, {@code VALIDATION_TIMED_OUT}
     * after 72 hours without, else {@code PENDING_VALIDATION}.
     */
    String status(Certificate cert) {
        if (issuedAt(cert) != null) {
            return "ISSUED";
        }
        return now >= cert.createdAt + VALIDATION_TIMEOUT.toMillis() ? "VALIDATION_TIMED_OUT" : "PENDING_VALIDATION";
    }

    /** When the certificate was issued, or null while it is not. */
    Long issuedAt(Certificate cert) {
        if (cert.validationSeenAt == null) {
            return null;
        }
        long at = cert.validationSeenAt + timing.scaledMillis(VALIDATION_DELAY);
        return now >= at ? at : null;
    }

    /** Whether ACM shows the validation records yet (a few seconds after the request). */
    boolean recordsShown(Certificate cert) {
        return cert.validationMethod.equals("DNS")
                && now >= cert.createdAt + timing.scaledMillis(VALIDATION_RECORD_DELAY);
    }

    /** Whether ACM is still waiting to see its validation records. */
    boolean awaitingRecords(Certificate cert) {
        return cert.validationSeenAt == null && recordsShown(cert) && status(cert).equals("PENDING_VALIDATION");
    }

    /** The distinct names a certificate validates: a wildcard is validated through its base name. */
    static List<String> validationDomains(Certificate cert) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String n : cert.subjectAlternativeNames) {
            out.add(n.startsWith("*.") ? n.substring(2) : n);
        }
        return new ArrayList<>(out);
    }

    /**
     * The CNAME ACM asks for to validate a domain. As in AWS it depends only on the account and
     * the domain, so every certificate of the account for that name shares one record.
     */
    ValidationRecord validationRecord(String domain) {
        String base = domain.startsWith("*.") ? domain.substring(2) : domain;
        byte[] name = sha256("name|" + account + "|" + base);
        byte[] value = sha256("value|" + account + "|" + base);
        StringBuilder label = new StringBuilder();
        for (int i = 16; i < 26; i++) {
            label.append((char) ('a' + Math.floorMod(value[i], 26)));
        }
        return new ValidationRecord("_" + HexFormat.of().formatHex(name, 0, 16) + "." + base + ".",
                "_" + HexFormat.of().formatHex(value, 0, 16) + "." + label + ".acm-validations.aws.");
    }

    /** The addresses ACM mails for e-mail validation of a domain. */
    static List<String> validationEmails(String domain) {
        String base = domain.startsWith("*.") ? domain.substring(2) : domain;
        return VALIDATION_MAILBOXES.stream().map(m -> m + "@" + base).toList();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    // ------------------------------------------------------------------ tags

    /** AddTagsToCertificate's checks: keys and values as AWS constrains them, 50 at most in all. */
    static void checkTags(Map<String, String> tags, int existing) {
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (t.getKey().isEmpty() || t.getKey().length() > 128) {
                throw new AwsException("InvalidTagException", "Tag key '" + t.getKey() + "' must be 1 to 128 characters.");
            }
            if (t.getKey().toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw new AwsException("InvalidTagException", "Tag key '" + t.getKey() + "' uses the reserved prefix "
                        + "aws:.");
            }
            if (t.getValue() != null && t.getValue().length() > 256) {
                throw new AwsException("InvalidTagException", "Tag value of key '" + t.getKey() + "' is longer than "
                        + "256 characters.");
            }
        }
        if (existing + tags.size() > MAX_TAGS) {
            throw new AwsException("TooManyTagsException", "A certificate can have at most " + MAX_TAGS + " tags.");
        }
    }

    void addTags(Certificate cert, Map<String, String> tags) {
        LinkedHashMap<String, String> merged = new LinkedHashMap<>(cert.tags);
        merged.putAll(tags);
        checkTags(tags, merged.size() - tags.size());
        cert.tags = merged;
    }

    /** RemoveTagsFromCertificate: a tag goes when its key matches and, if a value is given, its value too. */
    void removeTags(Certificate cert, Map<String, String> tags) {
        tags.forEach((k, v) -> {
            String current = cert.tags.get(k);
            if (current != null && (v == null || v.equals(current))) {
                cert.tags.remove(k);
            }
        });
    }
}
