package dev.cairn.sandbox.acm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.sandbox.IssuedCertificates;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.elbv2.ElbFixture;
import dev.cairn.sandbox.route53.DnsClients;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.InvalidArnException;
import software.amazon.awssdk.services.acm.model.InvalidTagException;
import software.amazon.awssdk.services.acm.model.KeyAlgorithm;
import software.amazon.awssdk.services.acm.model.ListCertificatesResponse;
import software.amazon.awssdk.services.acm.model.ResourceInUseException;
import software.amazon.awssdk.services.acm.model.ResourceNotFoundException;
import software.amazon.awssdk.services.acm.model.Tag;
import software.amazon.awssdk.services.acm.model.TooManyTagsException;
import software.amazon.awssdk.services.acm.model.ValidationMethod;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * ACM through the SDK v2 client, with Route 53 beside it: the issue's flow (request → pending with
 * the CNAME → the record written in the account's zone → {@code ISSUED}), listing, tags, the
 * errors, and a certificate a listener uses.
 */
class AcmServiceTest {
    private static final Region SEOUL = Region.AP_NORTHEAST_2;
    /** A generous bound on a wait of a few seconds: the machine is shared and often loaded. */
    private static final long AWAIT_LIMIT_MILLIS = 30_000;
    private static final String ARN_PATTERN = "arn:aws:acm:ap-northeast-2:000000000000:certificate/"
            + "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private SandboxServer server;
    private AcmClient acm;
    private Route53Client r53;

    @BeforeEach
    void start() {
        start(SandboxConfig.instant());
    }

    private void start(SandboxConfig config) {
        server = SandboxServer.start(config);
        acm = DnsClients.acm(server, SEOUL);
        r53 = DnsClients.route53(server);
    }

    @AfterEach
    void stop() {
        acm.close();
        r53.close();
        server.close();
    }

    private String request(String domain, String... otherNames) {
        return acm.requestCertificate(b -> b.domainName(domain).validationMethod(ValidationMethod.DNS)
                .subjectAlternativeNames(otherNames.length == 0 ? null : List.of(otherNames))).certificateArn();
    }

    private CertificateDetail describe(String arn) {
        return acm.describeCertificate(b -> b.certificateArn(arn)).certificate();
    }

    private String zone(String domain) {
        return r53.createHostedZone(b -> b.name(domain).callerReference("ref-" + domain)).hostedZone().id();
    }

    private void writeCname(String zoneId, String name, String value) {
        r53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(c -> c.changes(ch -> ch
                .action(ChangeAction.CREATE).resourceRecordSet(r -> r.name(name).type(RRType.CNAME).ttl(300L)
                        .resourceRecords(v -> v.value(value))))));
    }

    @Test
    void requestCertificate_whenDns_isPendingWithTheValidationCname() {
        String arn = request("autoscaling.example.test");

        assertThat(arn).matches(ARN_PATTERN);
        CertificateDetail cert = describe(arn);
        assertThat(cert.status()).isEqualTo(CertificateStatus.PENDING_VALIDATION);
        assertThat(cert.domainName()).isEqualTo("autoscaling.example.test");
        assertThat(cert.subjectAlternativeNames()).containsExactly("autoscaling.example.test");
        assertThat(cert.keyAlgorithm()).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(cert.issuedAt()).isNull();
        DomainValidation option = cert.domainValidationOptions().get(0);
        assertThat(option.validationStatusAsString()).isEqualTo("PENDING_VALIDATION");
        assertThat(option.validationMethod()).isEqualTo(ValidationMethod.DNS);
        assertThat(option.resourceRecord().typeAsString()).isEqualTo("CNAME");
        assertThat(option.resourceRecord().name()).matches("_[0-9a-f]{32}\\.autoscaling\\.example\\.test\\.");
        assertThat(option.resourceRecord().value()).matches("_[0-9a-f]{32}\\.[a-z]{10}\\.acm-validations\\.aws\\.");
    }

    @Test
    void requestCertificate_whenWildcardAndApex_sharesOneValidationRecord() {
        String arn = request("example.test", "*.example.test");

        List<DomainValidation> options = describe(arn).domainValidationOptions();

        assertThat(options).extracting(DomainValidation::domainName).containsExactly("example.test", "*.example.test");
        assertThat(options.get(0).resourceRecord()).isEqualTo(options.get(1).resourceRecord());
    }

    @Test
    void requestCertificate_whenSameTokenAndDomain_returnsTheSameArn() {
        String first = acm.requestCertificate(b -> b.domainName("a.example.test").validationMethod(ValidationMethod.DNS)
                .idempotencyToken("web1")).certificateArn();

        String again = acm.requestCertificate(b -> b.domainName("a.example.test").validationMethod(ValidationMethod.DNS)
                .idempotencyToken("web1")).certificateArn();
        String otherDomain = acm.requestCertificate(b -> b.domainName("b.example.test")
                .validationMethod(ValidationMethod.DNS).idempotencyToken("web1")).certificateArn();

        assertThat(again).isEqualTo(first);
        assertThat(otherDomain).isNotEqualTo(first);
        assertThat(acm.listCertificates(b -> { }).certificateSummaryList()).hasSize(2);
    }

    @Test
    void certificate_whenItsCnameIsWrittenInTheAccountsZone_isIssued() {
        String zone = zone("example.test");
        String arn = request("autoscaling.example.test");
        var record = describe(arn).domainValidationOptions().get(0).resourceRecord();
        assertThat(describe(arn).status()).isEqualTo(CertificateStatus.PENDING_VALIDATION);

        writeCname(zone, record.name(), record.value());

        CertificateDetail issued = describe(arn);
        assertThat(issued.status()).isEqualTo(CertificateStatus.ISSUED);
        assertThat(issued.domainValidationOptions().get(0).validationStatusAsString()).isEqualTo("SUCCESS");
        assertThat(issued.issuedAt()).isNotNull();
        assertThat(issued.notAfter()).isAfter(issued.notBefore());
        assertThat(issued.issuer()).isEqualTo("Amazon");
        assertThat(acm.listCertificates(b -> b.certificateStatusesWithStrings("ISSUED")).certificateSummaryList())
                .extracting(CertificateSummary::certificateArn).containsExactly(arn);
    }

    @Test
    void certificate_whenTheCnameHasAnotherValueOrNoZoneHoldsIt_staysPending() {
        String zone = zone("example.test");
        String arn = request("autoscaling.example.test");
        String other = request("www.elsewhere.test");
        var record = describe(arn).domainValidationOptions().get(0).resourceRecord();

        writeCname(zone, record.name(), "_0123.wrong.acm-validations.aws.");

        assertThat(describe(arn).status()).isEqualTo(CertificateStatus.PENDING_VALIDATION);
        assertThat(describe(other).status()).isEqualTo(CertificateStatus.PENDING_VALIDATION);
    }

    @Test
    void certificate_whenJustRequestedAtRealisticPace_hasNoValidationRecordYet() {
        stop();
        // AWS's pace: the record shows about 5 s after the request.
        start(SandboxConfig.realistic(1.0));

        String arn = request("autoscaling.example.test");

        DomainValidation option = describe(arn).domainValidationOptions().get(0);
        assertThat(option.resourceRecord()).isNull();
        assertThat(option.validationStatusAsString()).isEqualTo("PENDING_VALIDATION");
    }

    @Test
    void certificate_whenRealistic_showsItsRecordThenIssuesAfterPropagationAndValidation()
            throws InterruptedException {
        stop();
        // Record after 5 s × 0.02 = 0.1 s; change INSYNC after 1.2 s; issued 1.2 s after ACM sees it.
        start(SandboxConfig.realistic(0.02));
        String zone = zone("example.test");
        String arn = request("autoscaling.example.test");
        DomainValidation option = await(arn, o -> o.resourceRecord() != null);

        // Taken before the write, so it precedes the change's submission whatever the machine's load.
        long beforeWrite = System.currentTimeMillis();
        writeCname(zone, option.resourceRecord().name(), option.resourceRecord().value());
        assertThat(describe(arn).status()).isEqualTo(CertificateStatus.PENDING_VALIDATION);
        awaitStatus(arn, CertificateStatus.ISSUED);

        // Propagation (1.2 s), then validation (1.2 s) counted from when ACM saw the record.
        assertThat(System.currentTimeMillis() - beforeWrite).isGreaterThanOrEqualTo(2_400);
    }

    private DomainValidation await(String arn, java.util.function.Predicate<DomainValidation> until)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + AWAIT_LIMIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            DomainValidation option = describe(arn).domainValidationOptions().get(0);
            if (until.test(option)) {
                return option;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the certificate never got there");
    }

    private void awaitStatus(String arn, CertificateStatus status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + AWAIT_LIMIT_MILLIS;
        while (describe(arn).status() != status && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(describe(arn).status()).isEqualTo(status);
    }

    @Test
    void listCertificates_whenPaged_walksEveryRsaCertificateAndLeavesEcOutByDefault() {
        for (int i = 0; i < 5; i++) {
            request("site" + i + ".example.test");
        }
        String ec = acm.requestCertificate(b -> b.domainName("ec.example.test").validationMethod(ValidationMethod.DNS)
                .keyAlgorithm(KeyAlgorithm.EC_PRIME256_V1)).certificateArn();

        ListCertificatesResponse page = acm.listCertificates(b -> b.maxItems(2));

        assertThat(page.certificateSummaryList()).hasSize(2);
        assertThat(page.nextToken()).isNotBlank();
        assertThat(acm.listCertificatesPaginator(b -> b.maxItems(2)).certificateSummaryList().stream()
                .map(CertificateSummary::domainName)).hasSize(5).doesNotContain("ec.example.test");
        assertThat(acm.listCertificates(b -> b.includes(f -> f.keyTypes(KeyAlgorithm.EC_PRIME256_V1)))
                .certificateSummaryList()).extracting(CertificateSummary::certificateArn).containsExactly(ec);
        assertThat(acm.listCertificates(b -> b.certificateStatusesWithStrings("ISSUED")).certificateSummaryList())
                .isEmpty();
    }

    @Test
    void describeCertificate_whenUnknownOrMalformed_failsAsAwsDoes() {
        String unknown = "arn:aws:acm:ap-northeast-2:000000000000:certificate/00000000-0000-4000-8000-000000000000";

        assertThat(catchThrowableOfType(() -> describe(unknown), ResourceNotFoundException.class)).isNotNull();
        assertThat(catchThrowableOfType(() -> describe("arn:aws:acm:ap-northeast-2:000000000000:key/abc"),
                InvalidArnException.class)).isNotNull();
        assertThat(catchThrowableOfType(() -> acm.deleteCertificate(b -> b.certificateArn(unknown)),
                ResourceNotFoundException.class)).isNotNull();
    }

    @Test
    void deleteCertificate_whenNotInUse_removesIt() {
        String arn = request("a.example.test");

        acm.deleteCertificate(b -> b.certificateArn(arn));

        assertThat(catchThrowableOfType(() -> describe(arn), ResourceNotFoundException.class)).isNotNull();
        assertThat(server.resources()).isEmpty();
    }

    /**
     * A certificate an HTTPS listener of the Sandbox's own ELB uses ({@code ElbCertificateUsers}):
     * listed as in use and not deleted ({@code ResourceInUseException}) until the listener goes.
     */
    @Test
    void deleteCertificate_whenAListenerUsesIt_failsWithResourceInUse() {
        String arn = IssuedCertificates.issue(acm, r53, "a.example.test");
        try (ElbFixture elb = ElbFixture.on(server)) {
            String lb = elb.createLoadBalancer("web-alb").loadBalancerArn();
            String tg = elb.createTargetGroup("web-tg").targetGroupArn();
            String listener = elb.https(lb, 443, tg, arn).listenerArn();

            ResourceInUseException e = catchThrowableOfType(() -> acm.deleteCertificate(b -> b.certificateArn(arn)),
                    ResourceInUseException.class);

            assertThat(e).as("DeleteCertificate while a listener uses it").isNotNull();
            assertThat(e.awsErrorDetails().errorMessage()).contains(arn);
            assertThat(acm.listCertificates(b -> { }).certificateSummaryList().get(0).inUse()).isTrue();
            elb.elb.deleteListener(b -> b.listenerArn(listener));
            assertThat(acm.listCertificates(b -> { }).certificateSummaryList().get(0).inUse()).isFalse();
            acm.deleteCertificate(b -> b.certificateArn(arn));
            assertThat(acm.listCertificates(b -> { }).certificateSummaryList()).isEmpty();
        }
    }

    @Test
    void tags_whenAddedAndRemoved_areListedAndFoundByTheTaggingApi() {
        String arn = acm.requestCertificate(b -> b.domainName("a.example.test").validationMethod(ValidationMethod.DNS)
                .tags(Tag.builder().key("cairn:stack").value("demo").build())).certificateArn();
        request("untagged.example.test");

        acm.addTagsToCertificate(b -> b.certificateArn(arn).tags(Tag.builder().key("team").value("web").build(),
                Tag.builder().key("cost").value("1").build()));
        acm.removeTagsFromCertificate(b -> b.certificateArn(arn).tags(Tag.builder().key("cost").value("2").build(),
                Tag.builder().key("team").build()));

        assertThat(acm.listTagsForCertificate(b -> b.certificateArn(arn)).tags())
                .extracting(t -> t.key() + "=" + t.value()).containsExactly("cairn:stack=demo", "cost=1");
        try (ResourceGroupsTaggingApiClient tagging = ResourceGroupsTaggingApiClient.builder()
                .endpointOverride(server.endpoint()).region(SEOUL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .build()) {
            assertThat(tagging.getResources(b -> b.resourceTypeFilters("acm:certificate")
                    .tagFilters(f -> f.key("cairn:stack").values("demo"))).resourceTagMappingList())
                    .extracting(m -> m.resourceARN()).containsExactly(arn);
        }
        assertThat(catchThrowableOfType(() -> acm.addTagsToCertificate(b -> b.certificateArn(arn)
                .tags(Tag.builder().key("aws:reserved").value("x").build())), InvalidTagException.class)).isNotNull();
        List<Tag> many = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(Tag.builder().key("k" + i).value("v").build());
        }
        assertThat(catchThrowableOfType(() -> acm.addTagsToCertificate(b -> b.certificateArn(arn).tags(many)),
                TooManyTagsException.class)).isNotNull();
    }

    @Test
    void certificate_whenTheSandboxRestartsBeforeItsRecordIsWritten_isIssuedAfterwards(@TempDir Path data) {
        stop();
        start(SandboxConfig.instant().withDataDir(data));
        String zone = zone("example.test");
        String arn = request("autoscaling.example.test");
        var record = describe(arn).domainValidationOptions().get(0).resourceRecord();
        stop();

        start(SandboxConfig.instant().withDataDir(data));
        assertThat(describe(arn).status()).isEqualTo(CertificateStatus.PENDING_VALIDATION);
        writeCname(zone, record.name(), record.value());

        assertThat(describe(arn).status()).isEqualTo(CertificateStatus.ISSUED);
        assertThat(describe(arn).domainValidationOptions().get(0).resourceRecord()).isEqualTo(record);
    }

    @Test
    void certificates_whenInAnotherRegion_areNotSeen() {
        String arn = request("a.example.test");

        try (AcmClient tokyo = DnsClients.acm(server, Region.AP_NORTHEAST_1)) {
            assertThat(tokyo.listCertificates(b -> { }).certificateSummaryList()).isEmpty();
            assertThat(catchThrowableOfType(() -> tokyo.describeCertificate(b -> b.certificateArn(arn)),
                    ResourceNotFoundException.class)).isNotNull();
        }
    }
}
