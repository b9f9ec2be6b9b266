package dev.cairn.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.ResourceRecord;
import software.amazon.awssdk.services.acm.model.ValidationMethod;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * Certificates got from ACM the way a person gets one, for tests that need one ACM has really
 * issued (an HTTPS listener, a certificate in use): a public hosted zone in Route 53, a
 * DNS-validated request, its validation CNAME (as DescribeCertificate gives it) written into the
 * zone, and a wait until {@code ISSUED}. Any ACM and Route 53 clients of one account will do (the
 * Sandbox's own, or {@code AwsClients}'), as long as the ACM client's region is the listener's.
 */
public final class IssuedCertificates {
    /** The instant Sandbox issues at once; this bounds a wait on a loaded, shared machine. */
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);

    private IssuedCertificates() {
    }

    /**
     * A certificate for {@code domain}, issued: its validation record is written into the
     * account's public hosted zone for the domain's parent (made if the account has none).
     */
    public static String issue(AcmClient acm, Route53Client route53, String domain) {
        String arn = requestPending(acm, domain);
        ResourceRecord record = validationRecord(acm, arn);
        String zone = zoneFor(route53, domain.substring(domain.indexOf('.') + 1));
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(c -> c
                .action(ChangeAction.UPSERT).resourceRecordSet(s -> s.name(record.name()).type(RRType.CNAME).ttl(300L)
                        .resourceRecords(v -> v.value(record.value()))))));
        CertificateDetail issued = await(acm, arn, d -> d.status() != CertificateStatus.PENDING_VALIDATION);
        if (issued.status() != CertificateStatus.ISSUED) {
            throw new AssertionError("certificate " + arn + " is " + issued.statusAsString() + ", not ISSUED");
        }
        return arn;
    }

    /** A certificate for {@code domain} requested with DNS validation and left so: PENDING_VALIDATION. */
    public static String requestPending(AcmClient acm, String domain) {
        return acm.requestCertificate(r -> r.domainName(domain).validationMethod(ValidationMethod.DNS)).certificateArn();
    }

    /** The CNAME ACM asks for (shown a little after the request, as AWS shows it). */
    private static ResourceRecord validationRecord(AcmClient acm, String arn) {
        return await(acm, arn, d -> d.domainValidationOptions().get(0).resourceRecord() != null)
                .domainValidationOptions().get(0).resourceRecord();
    }

    /** The account's public hosted zone of that name, made if there is none. */
    private static String zoneFor(Route53Client route53, String name) {
        String dotted = name.endsWith(".") ? name : name + ".";
        for (HostedZone z : route53.listHostedZonesByName(r -> r.dnsName(dotted)).hostedZones()) {
            if (z.name().equals(dotted) && (z.config() == null || !Boolean.TRUE.equals(z.config().privateZone()))) {
                return z.id();
            }
        }
        return route53.createHostedZone(r -> r.name(dotted).callerReference(UUID.randomUUID().toString()))
                .hostedZone().id();
    }

    private static CertificateDetail await(AcmClient acm, String arn, java.util.function.Predicate<CertificateDetail> until) {
        Instant deadline = Instant.now().plus(LIMIT);
        while (true) {
            CertificateDetail d = acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
            if (until.test(d)) {
                return d;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("certificate " + arn + " still " + d.statusAsString() + " after " + LIMIT);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
