package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Shape;
import java.time.Duration;
import java.util.List;

/** AWS Certificate Manager: the Web tier's public certificate, validated through DNS. */
public final class AcmKinds {

    /** Requesting a certificate returns at once; its DNS validation record appears within seconds. */
    public static final Duration CERTIFICATE_CREATE = Duration.ofMinutes(5);
    /** DNS validation usually takes minutes once the record exists; AWS allows up to 72 hours. */
    public static final Duration VALIDATION_CREATE = Duration.ofMinutes(45);
    /** A certificate a listener still uses cannot be deleted ({@code ResourceInUseException}). */
    public static final Duration IN_USE_WINDOW = Duration.ofMinutes(5);

    private AcmKinds() {}

    /**
     * A public certificate. props: {@code domainName}, {@code validationMethod} ({@code DNS}).
     * Physical ID its ARN; attributes {@code validationRecordName}, {@code validationRecordType},
     * {@code validationRecordValue} (the CNAME ACM waits for) and {@code status}. Ready once
     * ACM says which record it waits for (not yet issued: a {@link #CERTIFICATE_VALIDATION} waits
     * for that). Found by its tags (the Resource Groups Tagging API's {@code acm:certificate}).
     */
    public static final ResourceKind CERTIFICATE = ResourceKind.define("CERTIFICATE").service(AwsService.ACM)
            .label("Certificate").cloudFormation("AWS::CertificateManager::Certificate")
            .taggedOnCreate("acm:certificate")
            .replaceOn("domainName", "validationMethod")
            .timeouts(CERTIFICATE_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            .retry("ResourceInUseException", IN_USE_WINDOW)
            .cost(Cost.FREE)
            .shape(Shape.SERVICE)
            .icon("ACM", "#be123c")
            .console("https://{region}.console.aws.amazon.com/acm/home?region={region}#/certificates/{idTail}")
            .build();

    /**
     * Waits until ACM has issued the certificate: nothing of its own in AWS (its delete does
     * nothing). refs: {@code certificate}; the step makes it wait for the validation CNAME's
     * {@code DNS_RECORD} too (an extra dependency of the spec), so the wait starts once that
     * exists. Ready when the certificate is {@code ISSUED}; meanwhile the message names the
     * record ACM waits for. CloudFormation folds this into the certificate.
     */
    public static final ResourceKind CERTIFICATE_VALIDATION = ResourceKind.define("CERTIFICATE_VALIDATION")
            .service(AwsService.ACM).label("Certificate validation").cloudFormation("")
            .foundThroughParent()
            .ref("certificate", CERTIFICATE)
            .timeouts(VALIDATION_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            .cost(Cost.FREE)
            .foldedInto("certificate")
            .build();

    public static final List<ResourceKind> ALL = List.of(CERTIFICATE, CERTIFICATE_VALIDATION);
}
