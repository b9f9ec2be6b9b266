package dev.cairn.aws.acm;

import static dev.cairn.aws.AwsErrors.code;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.tagging.TaggingApiScanner;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.AcmKinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.AcmException;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.Tag;
import software.amazon.awssdk.services.acm.model.ValidationMethod;

/**
 * The Web tier's public certificate, validated through DNS. Requested with an idempotency token
 * derived from the engine's client token (so a healed intent gets the same certificate back),
 * tagged on the request, found again by its tags. Ready as soon as ACM says which CNAME it waits
 * for; the issue itself is the {@link CertificateValidationHandler}'s wait. A delete while a
 * listener still uses it answers {@code ResourceInUseException}, retried within the kind's window.
 */
public final class CertificateHandler implements ResourceHandler {

    static final String NOT_FOUND = "ResourceNotFoundException";
    static final String IN_USE = "ResourceInUseException";
    /**
     * States in which a certificate can never serve: one of ours in such a state is left to the
     * teardown, and the create requests a new one.
     */
    private static final Set<String> DEAD = Set.of("VALIDATION_TIMED_OUT", "FAILED", "REVOKED", "EXPIRED", "INACTIVE");
    /** ACM's IdempotencyToken: at most 32 word characters (AWS keeps one for an hour). */
    private static final int TOKEN_MAX = 32;

    private final AwsClients clients;

    public CertificateHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return AcmKinds.CERTIFICATE;
    }

    /**
     * Certificates are not named, so a stranger's certificate for the same domain is no
     * obstacle: this finds this stack's certificate for the address by its tags, or nothing.
     */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        AcmClient acm = clients.acm(spec.region());
        String domain = required(spec, "domainName");
        for (CertificateSummary s : acm.listCertificatesPaginator(r -> { }).certificateSummaryList()) {
            if (!domain.equalsIgnoreCase(s.domainName()) || DEAD.contains(s.statusAsString())) {
                continue;
            }
            Map<String, String> tags = tags(acm, s.certificateArn());
            if (ctx.stack().equals(tags.get(Tags.STACK)) && spec.address().value().equals(tags.get(Tags.ADDRESS))) {
                Optional<CertificateDetail> detail = describe(acm, s.certificateArn());
                if (detail.isPresent()) {
                    return Found.ours(live(detail.get()));
                }
            }
        }
        return Found.absent();
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        AcmClient acm = clients.acm(spec.region());
        String domain = required(spec, "domainName");
        String method = spec.property("validationMethod") == null ? "DNS" : spec.property("validationMethod");
        ctx.say("certificate.requesting", domain, method);
        String arn = acm.requestCertificate(r -> r.domainName(domain)
                .validationMethod(ValidationMethod.fromValue(method))
                .idempotencyToken(idempotencyToken(clientToken))
                .tags(toTags(spec.tags()))).certificateArn();
        Map<String, String> a = new LinkedHashMap<>();
        a.put("status", "PENDING_VALIDATION");
        return new LiveResource(arn, a, "PENDING_VALIDATION");
    }

    /** The engine's token (a UUID) as ACM takes one: word characters only, at most 32. */
    static String idempotencyToken(String clientToken) {
        String word = clientToken.replaceAll("\\W", "");
        return word.length() > TOKEN_MAX ? word.substring(0, TOKEN_MAX) : word;
    }

    /** Ready once ACM names the DNS record that validates the domain (seconds after the request). */
    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Optional<CertificateDetail> detail = describe(clients.acm(spec.region()), resource.physicalId());
        if (detail.isEmpty()) {
            return Poll.pending(Message.of("aws.notVisible", kind(), resource.physicalId()));
        }
        CertificateDetail c = detail.get();
        if (DEAD.contains(c.statusAsString())) {
            return Poll.failed(Message.of("certificate.failed", c.domainName(), c.statusAsString(),
                    c.failureReasonAsString() == null ? "" : c.failureReasonAsString()));
        }
        if (validationRecord(c).isEmpty()) {
            return Poll.pending(Message.of("certificate.noRecordYet", c.domainName()), live(c));
        }
        return Poll.done(live(c));
    }

    /** Only the user's tags change in place. */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> others = new TreeSet<>(changed);
        others.remove(TAGS);
        if (!others.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", others) + " in place");
        }
        AcmClient acm = clients.acm(spec.region());
        String arn = current.physicalId();
        List<Tag> gone = current.spec().tags().keySet().stream()
                .filter(k -> !spec.tags().containsKey(k) && !Tags.isCairns(k))
                .map(k -> Tag.builder().key(k).build())
                .toList();
        if (!gone.isEmpty()) {
            acm.removeTagsFromCertificate(r -> r.certificateArn(arn).tags(gone));
        }
        acm.addTagsToCertificate(r -> r.certificateArn(arn).tags(toTags(spec.tags())));
        return Poll.done(describe(acm, arn).map(CertificateHandler::live).orElse(null));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return describe(clients.acm(record.spec().region()), record.physicalId()).map(CertificateHandler::live);
    }

    /** One {@code DeleteCertificate}; in use by a listener is retried (the listener is going first). */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        try {
            clients.acm(record.spec().region()).deleteCertificate(r -> r.certificateArn(record.physicalId()));
        } catch (AcmException e) {
            String code = code(e);
            if (code.equals(NOT_FOUND)) {
                return Poll.done();
            }
            if (code.equals(IN_USE)) {
                throw new RetryableException(IN_USE, Message.of("certificate.inUse", record.physicalId(),
                        e.awsErrorDetails().errorMessage()), e);
            }
            throw e;
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return read(ctx, record).isPresent()
                ? Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId()))
                : Poll.done();
    }

    /**
     * For the tagging-API scan: a certificate's status while it exists. The tagging API lists a
     * deleted certificate for a while after; the teardown's proof must not count it.
     */
    public static TaggingApiScanner.LiveCheck liveCheck(AwsClients clients) {
        return (region, arn) -> describe(clients.acm(region), arn).map(CertificateDetail::statusAsString);
    }

    static Optional<CertificateDetail> describe(AcmClient acm, String arn) {
        try {
            return Optional.ofNullable(acm.describeCertificate(r -> r.certificateArn(arn)).certificate());
        } catch (AcmException e) {
            if (code(e).equals(NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The CNAME ACM waits for, once it says. */
    static Optional<software.amazon.awssdk.services.acm.model.ResourceRecord> validationRecord(CertificateDetail c) {
        return c.domainValidationOptions().stream()
                .filter(v -> v.resourceRecord() != null && v.resourceRecord().name() != null)
                .map(DomainValidation::resourceRecord)
                .findFirst();
    }

    static LiveResource live(CertificateDetail c) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("status", c.statusAsString());
        if (c.domainName() != null) {
            a.put("domainName", c.domainName());
        }
        validationRecord(c).ifPresent(r -> {
            a.put("validationRecordName", r.name());
            a.put("validationRecordType", r.typeAsString());
            a.put("validationRecordValue", r.value());
        });
        return new LiveResource(c.certificateArn(), a, c.statusAsString());
    }

    static Map<String, String> tags(AcmClient acm, String arn) {
        Map<String, String> map = new LinkedHashMap<>();
        try {
            acm.listTagsForCertificate(r -> r.certificateArn(arn)).tags().forEach(t -> map.put(t.key(), t.value()));
        } catch (AcmException e) {
            if (!code(e).equals(NOT_FOUND)) {
                throw e;
            }
        }
        return map;
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }
}
