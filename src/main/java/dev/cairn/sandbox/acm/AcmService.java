package dev.cairn.sandbox.acm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.acm.AcmStore.Certificate;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.elbv2.ElbCertificateUsers;
import dev.cairn.sandbox.route53.Route53Records;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * AWS Certificate Manager (awsJson 1.1, {@code X-Amz-Target: CertificateManager.<Op>}, signing
 * name {@code acm}): public certificates validated through DNS. A certificate is
 * {@code PENDING_VALIDATION} with a CNAME per name to write; once every one of those CNAMEs is
 * {@code INSYNC} in a hosted zone the Sandbox's Route 53 holds for the account
 * ({@link Route53Records}), it is {@code ISSUED} a validation delay later. A listener using it
 * ({@link ElbCertificateUsers}) blocks its deletion. Exports {@link AcmCertificates}.
 */
public final class AcmService {
    static final String SIGNING_NAME = "acm";
    static final String TARGET_PREFIX = "CertificateManager";
    /** ListCertificates: AWS's largest page. */
    static final int MAX_ITEMS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AcmService() {
    }

    /** ACM's definition. */
    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix(TARGET_PREFIX)
                .store(AcmStore.SPEC)
                .precheck(call -> Regions.require(call.region()))
                .json("RequestCertificate", Effect.WRITES, AcmService::requestCertificate)
                .json("DescribeCertificate", Effect.READS, AcmService::describeCertificate)
                .json("ListCertificates", Effect.READS, AcmService::listCertificates)
                .json("DeleteCertificate", Effect.WRITES, AcmService::deleteCertificate)
                .json("AddTagsToCertificate", Effect.WRITES, AcmService::addTags)
                .json("RemoveTagsFromCertificate", Effect.WRITES, AcmService::removeTags)
                .json("ListTagsForCertificate", Effect.READS, AcmService::listTags)
                .settler(AcmService::settle)
                .export(AcmCertificates.class, AcmService::exported)
                .inventory(AcmService::live)
                .build();
    }

    private static Certificates writing(Call call) {
        return new Certificates(call.state(AcmStore.class).region(call.accountId(), call.region()), call.accountId(),
                call.region(), call.world().timing(), call.now());
    }

    /** A read's view: a region without state reads as empty and is not created. */
    private static Certificates reading(Call call) {
        AcmStore.RegionState state = call.state(AcmStore.class).existing(call.accountId(), call.region());
        return new Certificates(state == null ? new AcmStore.RegionState() : state, call.accountId(), call.region(),
                call.world().timing(), call.now());
    }

    /**
     * Before every request of every service: ACM looks for the validation CNAMEs of the caller's
     * pending certificates in the caller's region. It reads without touching the store, and
     * marks it changed only when it sees a certificate's records for the first time.
     */
    private static void settle(Call call) {
        if (!Regions.ALL.containsKey(call.region())) {
            return;
        }
        AcmStore.RegionState state = call.world().store(AcmStore.class).existing(call.accountId(), call.region());
        if (state == null || state.certificates.isEmpty()) {
            return;
        }
        Certificates rules = new Certificates(state, call.accountId(), call.region(), call.world().timing(), call.now());
        List<Certificate> waiting = state.certificates.values().stream().filter(rules::awaitingRecords).toList();
        if (waiting.isEmpty()) {
            return;
        }
        Optional<Route53Records> dns = call.optionalPeer(Route53Records.class);
        if (dns.isEmpty()) {
            return;
        }
        for (Certificate cert : waiting) {
            boolean all = true;
            for (String domain : Certificates.validationDomains(cert)) {
                Certificates.ValidationRecord wanted = rules.validationRecord(domain);
                Optional<String> value = dns.get().cname(wanted.name());
                all &= value.isPresent() && sameName(value.get(), wanted.value());
            }
            if (all) {
                call.state(AcmStore.class);
                cert.validationSeenAt = call.now();
            }
        }
    }

    private static boolean sameName(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return (x.endsWith(".") ? x : x + ".").equals(y.endsWith(".") ? y : y + ".");
    }

    // ------------------------------------------------------------------ operations

    private static ObjectNode requestCertificate(Call call) {
        JsonNode body = call.json();
        List<String> names = new ArrayList<>();
        body.path("SubjectAlternativeNames").forEach(n -> names.add(n.asText()));
        String transparency = body.path("Options").path("CertificateTransparencyLoggingPreference").asText(null);
        if (body.hasNonNull("CertificateAuthorityArn")) {
            throw new AwsException("InvalidArnException", "The Sandbox has no private certificate authorities: "
                    + body.get("CertificateAuthorityArn").asText());
        }
        Certificate cert = writing(call).request(body.path("DomainName").asText(null), names,
                body.path("ValidationMethod").asText(null), body.path("KeyAlgorithm").asText(null),
                body.path("IdempotencyToken").asText(null), transparency, tags(body.path("Tags")), call.world().random());
        ObjectNode out = JSON.createObjectNode();
        out.put("CertificateArn", cert.id);
        return out;
    }

    private static ObjectNode describeCertificate(Call call) {
        Certificates rules = reading(call);
        Certificate cert = rules.certificate(call.json().path("CertificateArn").asText(null));
        String status = rules.status(cert);
        Long issuedAt = rules.issuedAt(cert);
        ObjectNode c = JSON.createObjectNode();
        c.put("CertificateArn", cert.id);
        c.put("DomainName", cert.domainName);
        ArrayNode sans = c.putArray("SubjectAlternativeNames");
        cert.subjectAlternativeNames.forEach(sans::add);
        ArrayNode options = c.putArray("DomainValidationOptions");
        for (String name : cert.subjectAlternativeNames) {
            ObjectNode o = options.addObject();
            o.put("DomainName", name);
            o.put("ValidationDomain", name);
            o.put("ValidationStatus", switch (status) {
                case "ISSUED" -> "SUCCESS";
                case "VALIDATION_TIMED_OUT" -> "FAILED";
                default -> "PENDING_VALIDATION";
            });
            if (cert.validationMethod.equals("EMAIL")) {
                ArrayNode emails = o.putArray("ValidationEmails");
                Certificates.validationEmails(name).forEach(emails::add);
            } else if (rules.recordsShown(cert)) {
                Certificates.ValidationRecord record = rules.validationRecord(name);
                o.putObject("ResourceRecord").put("Name", record.name()).put("Type", "CNAME")
                        .put("Value", record.value());
            }
            o.put("ValidationMethod", cert.validationMethod);
        }
        c.put("Subject", "CN=" + cert.domainName);
        c.put("CreatedAt", seconds(cert.createdAt));
        c.put("Status", status);
        c.put("KeyAlgorithm", cert.keyAlgorithm);
        c.put("SignatureAlgorithm", cert.keyAlgorithm.startsWith("EC_") ? "SHA256WITHECDSA" : "SHA256WITHRSA");
        // Which load balancers use it is ELB's to say and its interface answers only whether any does.
        c.putArray("InUseBy");
        c.put("Type", "AMAZON_ISSUED");
        if (issuedAt != null) {
            c.put("Serial", cert.serial);
            c.put("Issuer", "Amazon");
            c.put("IssuedAt", seconds(issuedAt));
            c.put("NotBefore", seconds(issuedAt));
            c.put("NotAfter", seconds(issuedAt + Certificates.VALIDITY.toMillis()));
            c.putArray("KeyUsages").addObject().put("Name", "DIGITAL_SIGNATURE");
            ((ArrayNode) c.get("KeyUsages")).addObject().put("Name", "KEY_ENCIPHERMENT");
            ArrayNode extended = c.putArray("ExtendedKeyUsages");
            extended.addObject().put("Name", "TLS_WEB_SERVER_AUTHENTICATION").put("OID", "1.3.6.1.5.5.7.3.1");
            extended.addObject().put("Name", "TLS_WEB_CLIENT_AUTHENTICATION").put("OID", "1.3.6.1.5.5.7.3.2");
        } else {
            c.putArray("KeyUsages");
            c.putArray("ExtendedKeyUsages");
        }
        if (status.equals("VALIDATION_TIMED_OUT")) {
            c.put("FailureReason", "OTHER");
        }
        c.put("RenewalEligibility", inUse(call, cert) && issuedAt != null ? "ELIGIBLE" : "INELIGIBLE");
        c.putObject("Options").put("CertificateTransparencyLoggingPreference", cert.transparencyLogging);
        ObjectNode out = JSON.createObjectNode();
        out.set("Certificate", c);
        return out;
    }

    private static ObjectNode listCertificates(Call call) {
        JsonNode body = call.json();
        Certificates rules = reading(call);
        Set<String> statuses = new LinkedHashSet<>();
        body.path("CertificateStatuses").forEach(s -> statuses.add(s.asText()));
        JsonNode includes = body.path("Includes");
        Set<String> keyTypes = new LinkedHashSet<>();
        includes.path("keyTypes").forEach(k -> keyTypes.add(k.asText()));
        if (keyTypes.isEmpty()) {
            // AWS's documented default: without a keyTypes filter only RSA_2048 certificates are listed.
            keyTypes.add("RSA_2048");
        }
        Set<String> keyUsage = new LinkedHashSet<>();
        includes.path("keyUsage").forEach(k -> keyUsage.add(k.asText()));
        Set<String> extendedKeyUsage = new LinkedHashSet<>();
        includes.path("extendedKeyUsage").forEach(k -> extendedKeyUsage.add(k.asText()));
        int max = body.has("MaxItems") ? body.get("MaxItems").asInt() : MAX_ITEMS;
        if (max < 1 || max > MAX_ITEMS) {
            throw Certificates.validation("Value '" + max + "' at 'maxItems' failed to satisfy constraint: Member must "
                    + "have value " + (max < 1 ? "greater than or equal to 1" : "less than or equal to " + MAX_ITEMS));
        }
        List<Certificate> matching = new ArrayList<>();
        for (Certificate cert : rules.all()) {
            boolean issued = rules.issuedAt(cert) != null;
            // Usages exist only on an issued certificate, so a usage filter leaves pending ones out.
            boolean usageOk = keyUsage.isEmpty() || issued && keyUsage.stream()
                    .allMatch(u -> u.equals("ANY") || u.equals("DIGITAL_SIGNATURE") || u.equals("KEY_ENCIPHERMENT"));
            boolean extendedOk = extendedKeyUsage.isEmpty() || issued && extendedKeyUsage.stream()
                    .allMatch(u -> u.equals("ANY") || u.equals("TLS_WEB_SERVER_AUTHENTICATION")
                            || u.equals("TLS_WEB_CLIENT_AUTHENTICATION"));
            if ((statuses.isEmpty() || statuses.contains(rules.status(cert))) && keyTypes.contains(cert.keyAlgorithm)
                    && usageOk && extendedOk) {
                matching.add(cert);
            }
        }
        if ("CREATED_AT".equals(body.path("SortBy").asText(null))) {
            Comparator<Certificate> byCreation = Comparator.comparingLong(c -> c.createdAt);
            matching.sort("DESCENDING".equals(body.path("SortOrder").asText(null)) ? byCreation.reversed() : byCreation);
        }
        int offset = offset(body.path("NextToken").asText(null));
        int end = Math.min(matching.size(), offset + max);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("CertificateSummaryList");
        for (Certificate cert : matching.subList(Math.min(offset, end), end)) {
            ObjectNode s = list.addObject();
            s.put("CertificateArn", cert.id);
            s.put("DomainName", cert.domainName);
            ArrayNode sans = s.putArray("SubjectAlternativeNameSummaries");
            cert.subjectAlternativeNames.forEach(sans::add);
            s.put("HasAdditionalSubjectAlternativeNames", false);
            s.put("Status", rules.status(cert));
            s.put("Type", "AMAZON_ISSUED");
            s.put("KeyAlgorithm", cert.keyAlgorithm);
            Long issuedAt = rules.issuedAt(cert);
            ArrayNode usages = s.putArray("KeyUsages");
            ArrayNode extended = s.putArray("ExtendedKeyUsages");
            if (issuedAt != null) {
                usages.add("DIGITAL_SIGNATURE").add("KEY_ENCIPHERMENT");
                extended.add("TLS_WEB_SERVER_AUTHENTICATION").add("TLS_WEB_CLIENT_AUTHENTICATION");
            }
            boolean used = inUse(call, cert);
            s.put("InUse", used);
            s.put("RenewalEligibility", used && issuedAt != null ? "ELIGIBLE" : "INELIGIBLE");
            s.put("CreatedAt", seconds(cert.createdAt));
            if (issuedAt != null) {
                s.put("IssuedAt", seconds(issuedAt));
                s.put("NotBefore", seconds(issuedAt));
                s.put("NotAfter", seconds(issuedAt + Certificates.VALIDITY.toMillis()));
            }
        }
        if (end < matching.size()) {
            out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("acm:" + end).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("acm:")) {
                return Integer.parseInt(text.substring(4));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new AwsException("InvalidArgsException", "The NextToken " + token + " is not valid.");
    }

    private static ObjectNode deleteCertificate(Call call) {
        Certificates rules = writing(call);
        Certificate cert = rules.certificate(call.json().path("CertificateArn").asText(null));
        if (inUse(call, cert)) {
            throw new AwsException("ResourceInUseException", "Certificate " + cert.id + " is in use by a load "
                    + "balancer listener.");
        }
        rules.delete(cert);
        return JSON.createObjectNode();
    }

    private static boolean inUse(Call call, Certificate cert) {
        return call.optionalPeer(ElbCertificateUsers.class).map(elb -> elb.inUse(cert.id)).orElse(false);
    }

    private static ObjectNode addTags(Call call) {
        Certificates rules = writing(call);
        Certificate cert = rules.certificate(call.json().path("CertificateArn").asText(null));
        Map<String, String> tags = requiredTags(call.json());
        Map<String, String> withValues = new LinkedHashMap<>();
        tags.forEach((k, v) -> withValues.put(k, v == null ? "" : v));
        rules.addTags(cert, withValues);
        return JSON.createObjectNode();
    }

    private static ObjectNode removeTags(Call call) {
        Certificates rules = writing(call);
        Certificate cert = rules.certificate(call.json().path("CertificateArn").asText(null));
        rules.removeTags(cert, requiredTags(call.json()));
        return JSON.createObjectNode();
    }

    private static ObjectNode listTags(Call call) {
        Certificate cert = reading(call).certificate(call.json().path("CertificateArn").asText(null));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode tags = out.putArray("Tags");
        cert.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        return out;
    }

    private static Map<String, String> requiredTags(JsonNode body) {
        JsonNode tags = body.path("Tags");
        if (!tags.isArray() || tags.isEmpty()) {
            throw Certificates.validation("Value null at 'tags' failed to satisfy constraint: Member must not be null");
        }
        return tagsAllowingNoValue(tags);
    }

    /** Tags of a request; a tag without a value gets the empty string (RequestCertificate, AddTags). */
    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tagsAllowingNoValue(tags).forEach((k, v) -> out.put(k, v == null ? "" : v));
        return out;
    }

    private static Map<String, String> tagsAllowingNoValue(JsonNode tags) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode t : tags) {
            String key = t.path("Key").asText(null);
            if (key == null) {
                throw Certificates.validation("Value null at 'tags.member.key' failed to satisfy constraint: Member "
                        + "must not be null");
            }
            out.put(key, t.hasNonNull("Value") ? t.get("Value").asText() : null);
        }
        return out;
    }

    private static double seconds(long epochMillis) {
        return epochMillis / 1000.0;
    }

    // ------------------------------------------------------------------ other services, inventory

    /** What ELB reads: a certificate of the caller's account and region, with its status now. Read-only. */
    private static AcmCertificates exported(Call call) {
        return arn -> {
            AcmStore.RegionState state = call.world().store(AcmStore.class).existing(call.accountId(), call.region());
            if (state == null || arn == null) {
                return Optional.empty();
            }
            Certificate cert = state.certificates.get(arn);
            if (cert == null) {
                return Optional.empty();
            }
            Certificates rules = new Certificates(state, call.accountId(), call.region(), call.world().timing(),
                    call.now());
            return Optional.of(new AcmCertificates.Certificate(cert.id, cert.domainName, rules.status(cert)));
        };
    }

    /** Certificates (the tagging API's {@code acm:certificate}), with their status now. */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        List<LiveResource> out = new ArrayList<>();
        world.store(AcmStore.class).accounts.forEach((acct, regions) -> {
            if (account != null && !account.equals(acct)) {
                return;
            }
            regions.forEach((name, state) -> {
                if (region != null && !region.equals(name)) {
                    return;
                }
                Certificates rules = new Certificates(state, acct, name, world.timing(), now);
                for (Certificate cert : state.certificates.values()) {
                    out.add(new LiveResource(acct, name, "certificate", cert.id, Arn.parse(cert.id), rules.status(cert),
                            cert.tags));
                }
            });
        });
        return out;
    }
}
