package dev.cairn.aws.acm;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.AcmKinds;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.acm.model.CertificateDetail;

/**
 * The wait until ACM issues the {@code certificate} ref: nothing of its own in AWS, so its
 * create makes no call and its delete does nothing. Its physical ID is the certificate's ARN.
 * The wait is long ({@link AcmKinds#VALIDATION_CREATE}: DNS validation takes minutes once the
 * record resolves, and AWS allows 72 hours), and while it lasts the message names the CNAME ACM
 * waits for, so a person can see whether it exists.
 */
public final class CertificateValidationHandler implements ResourceHandler {

    private static final String ISSUED = "ISSUED";
    /** States after which ACM will never issue this certificate. */
    private static final Set<String> NEVER = Set.of("VALIDATION_TIMED_OUT", "FAILED", "REVOKED", "EXPIRED", "INACTIVE");

    private final AwsClients clients;

    public CertificateValidationHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return AcmKinds.CERTIFICATE_VALIDATION;
    }

    /** Done already when the certificate is issued; otherwise the wait has yet to happen. */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        String arn = spec.refId("certificate");
        return CertificateHandler.describe(clients.acm(spec.region()), arn)
                .filter(c -> ISSUED.equals(c.statusAsString()))
                .<Found>map(c -> Found.ours(CertificateHandler.live(c)))
                .orElse(Found.absent());
    }

    /** No call: the validation is ACM's, once the DNS record exists. */
    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        return LiveResource.of(spec.refId("certificate"));
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        String arn = spec.refId("certificate");
        Optional<CertificateDetail> found = CertificateHandler.describe(clients.acm(spec.region()), arn);
        if (found.isEmpty()) {
            return Poll.failed(Message.of("certificate.gone", arn));
        }
        CertificateDetail c = found.get();
        String status = c.statusAsString();
        if (ISSUED.equals(status)) {
            return Poll.done(CertificateHandler.live(c));
        }
        if (NEVER.contains(status)) {
            return Poll.failed(Message.of("certificate.failed", c.domainName(), status,
                    c.failureReasonAsString() == null ? "" : c.failureReasonAsString()));
        }
        return CertificateHandler.validationRecord(c)
                .map(r -> Poll.pending(Message.of("certificate.waitingValidation", c.domainName(), r.typeAsString(), r.name(),
                        r.value()), CertificateHandler.live(c)))
                .orElseGet(() -> Poll.pending(Message.of("certificate.noRecordYet", c.domainName()), CertificateHandler.live(c)));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return CertificateHandler.describe(clients.acm(record.spec().region()), record.physicalId())
                .map(CertificateHandler::live);
    }

    /** Nothing to delete: the certificate's own delete removes what there is. */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return Poll.done();
    }
}
