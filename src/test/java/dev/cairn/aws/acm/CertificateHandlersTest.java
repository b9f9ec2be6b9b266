package dev.cairn.aws.acm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.AcmKinds;
import dev.cairn.model.kinds.Route53Kinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The certificate and its validation wait through the real SDK against each backend that serves
 * ACM. moto is lenient: it issues every certificate 60 s after the request whether or not the
 * validation record exists, so the issue itself is asserted only where the backend waits for the
 * record as ACM does (the Sandbox); and its tagging API does not list certificates, so the scan is
 * asserted only elsewhere.
 */
class CertificateHandlersTest {

    private static final String REGION = "us-east-1";
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";
    private static final String ZONE = "example.test";
    private static final String DOMAIN = "autoscaling." + ZONE;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    record Fixture(AwsClients clients, Map<ResourceKind, ResourceHandler> handlers, String stack, HandlerContext ctx,
            List<String> said) {
        ResourceHandler handler(ResourceKind kind) {
            return handlers.get(kind);
        }

        ResolvedSpec spec(ResourceKind kind, String address, Map<String, String> props, Map<String, ResourceRecord> refs) {
            return Specs.resolved(stack, REGION, kind, address, props, refs);
        }

        ResourceRecord apply(ResolvedSpec spec) {
            ResourceHandler h = handler(spec.spec().kind());
            LiveResource created = h.create(ctx, spec, UUID.randomUUID().toString());
            Poll ready = Specs.poll(() -> h.awaitReady(ctx, spec, created), TIMEOUT, POLL);
            assertThat(ready.outcome()).as("%s", ready.message()).isEqualTo(Poll.Outcome.DONE);
            return Specs.record(spec, ready.resource());
        }

        void destroy(ResourceRecord record) {
            ResourceHandler h = handler(record.kind());
            Specs.poll(() -> h.delete(ctx, record), TIMEOUT, POLL);
            assertThat(Specs.poll(() -> h.awaitGone(ctx, record), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
        }
    }

    private interface Body {
        void run(Fixture f) throws Exception;
    }

    private static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("acm"), backend.name() + " does not serve ACM");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
            List<String> said = new CopyOnWriteArrayList<>();
            body.run(new Fixture(clients, AwsHandlers.forClients(clients), stack, Specs.context(stack, said), said));
        }
    }

    private static ResolvedSpec certSpec(Fixture f) {
        return f.spec(AcmKinds.CERTIFICATE, "web.certificate", Map.of("domainName", DOMAIN, "validationMethod", "DNS"), Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void certificate_request_isReadyWithTheValidationCnameAndFoundByItsTags(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ResolvedSpec spec = certSpec(f);
            ResourceHandler h = f.handler(AcmKinds.CERTIFICATE);
            assertThat(h.find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);
            // A stranger's certificate for the same domain is no obstacle and never adopted.
            f.clients().acm(REGION).requestCertificate(r -> r.domainName(DOMAIN).validationMethod("DNS"));

            String token = UUID.randomUUID().toString();
            LiveResource created = h.create(f.ctx(), spec, token);
            Poll ready = Specs.poll(() -> h.awaitReady(f.ctx(), spec, created), TIMEOUT, POLL);
            ResourceRecord cert = Specs.record(spec, ready.resource());

            assertThat(cert.physicalId()).startsWith("arn:aws:acm:us-east-1:").contains(":certificate/");
            assertThat(cert.attributes()).containsEntry("status", "PENDING_VALIDATION")
                    .containsEntry("validationRecordType", "CNAME")
                    .hasEntrySatisfying("validationRecordName", n -> assertThat(n).startsWith("_").endsWith(DOMAIN + "."))
                    .containsKey("validationRecordValue");
            // A healed intent resends the token: ACM answers with the same certificate.
            assertThat(h.create(f.ctx(), spec, token).physicalId()).isEqualTo(cert.physicalId());
            assertThat(Specs.ours(h.find(f.ctx(), spec))).map(LiveResource::physicalId).contains(cert.physicalId());
            assertThat(h.read(f.ctx(), cert)).map(LiveResource::physicalId).contains(cert.physicalId());
            // moto's Resource Groups Tagging API does not list ACM certificates (AWS's does).
            boolean taggingListsAcm = !backend.name().equals("moto");
            assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                    .filteredOn(t -> t.resourceType().equals("acm:certificate"))
                    .hasSize(taggingListsAcm ? 1 : 0)
                    .allSatisfy(t -> {
                        assertThat(t.physicalId()).isEqualTo(cert.physicalId());
                        assertThat(t.kind()).isEqualTo(AcmKinds.CERTIFICATE);
                        assertThat(t.address()).isEqualTo("web.certificate");
                    });

            f.destroy(cert);

            assertThat(h.read(f.ctx(), cert)).isEmpty();
            assertThat(h.find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);
            assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                    .extracting(TaggedResource::physicalId).doesNotContain(cert.physicalId());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void validation_whilePending_namesTheCnameThenIsIssuedOnceTheRecordExists(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ResourceRecord cert = f.apply(certSpec(f));
            ResolvedSpec validation = f.spec(AcmKinds.CERTIFICATE_VALIDATION, "web.certificate-validation", Map.of(),
                    Map.of("certificate", cert));
            ResourceHandler v = f.handler(AcmKinds.CERTIFICATE_VALIDATION);
            assertThat(v.find(f.ctx(), validation)).isInstanceOf(Found.Absent.class);
            LiveResource waiting = v.create(f.ctx(), validation, UUID.randomUUID().toString());
            assertThat(waiting.physicalId()).isEqualTo(cert.physicalId());

            Poll pending = v.awaitReady(f.ctx(), validation, waiting);

            assertThat(pending.outcome()).isEqualTo(Poll.Outcome.PENDING);
            assertThat(pending.message().english()).contains(DOMAIN)
                    .contains("CNAME record " + cert.attributes().get("validationRecordName"))
                    .contains(cert.attributes().get("validationRecordValue"));
            // Its delete does nothing: the certificate is the certificate's handler's to delete.
            assertThat(v.delete(f.ctx(), Specs.record(validation, waiting)).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(f.handler(AcmKinds.CERTIFICATE).read(f.ctx(), cert)).isPresent();

            if (!backend.followsAwsDependencyRules()) {
                return; // moto issues on a timer, not on the record: nothing more to learn there
            }
            assumeTrue(backend.serves("route53"), backend.name() + " does not serve Route 53");
            f.clients().route53().createHostedZone(r -> r.name(ZONE).callerReference(f.stack()));
            ResourceRecord record = f.apply(f.spec(Route53Kinds.DNS_RECORD, "web.dns-record[validation]",
                    Map.of("zoneName", ZONE, "name", DOMAIN, "type", "CNAME"), Map.of("certificate", cert)));
            Poll issued = Specs.poll(() -> v.awaitReady(f.ctx(), validation, waiting), TIMEOUT, POLL);
            assertThat(issued.outcome()).as("%s", issued.message()).isEqualTo(Poll.Outcome.DONE);
            assertThat(issued.resource().attributes()).containsEntry("status", "ISSUED");
            assertThat(Specs.ours(v.find(f.ctx(), validation))).isPresent();
            f.destroy(record);
            f.destroy(cert);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void certificate_delete_whileAListenerUsesIt_isRetriedAsResourceInUse(AwsBackend backend) throws Exception {
        // moto records who uses a certificate but deletes it anyway; AWS and the Sandbox refuse.
        assumeTrue(backend.followsAwsDependencyRules(), backend.name() + " deletes a certificate a listener uses");
        assumeTrue(backend.serves("elasticloadbalancing") && backend.serves("route53"),
                backend.name() + " does not serve ELB and Route 53");
        with(backend, f -> {
            ResourceRecord cert = f.apply(certSpec(f));
            f.clients().route53().createHostedZone(r -> r.name(ZONE).callerReference(f.stack()));
            ResourceRecord record = f.apply(f.spec(Route53Kinds.DNS_RECORD, "web.dns-record[validation]",
                    Map.of("zoneName", ZONE, "type", "CNAME"), Map.of("certificate", cert)));
            f.apply(f.spec(AcmKinds.CERTIFICATE_VALIDATION, "web.certificate-validation", Map.of(), Map.of("certificate", cert)));
            var ec2 = f.clients().ec2(REGION);
            var elb = f.clients().elbv2(REGION);
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone(REGION + "a")).subnet().subnetId();
            String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone(REGION + "b")).subnet().subnetId();
            String lb = elb.createLoadBalancer(r -> r.name(f.stack() + "-alb").scheme("internal").subnets(a, b))
                    .loadBalancers().get(0).loadBalancerArn();
            String tg = elb.createTargetGroup(r -> r.name(f.stack() + "-tg").protocol("HTTP").port(80).vpcId(vpc))
                    .targetGroups().get(0).targetGroupArn();
            String listener = elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTPS").port(443)
                    .certificates(c -> c.certificateArn(cert.physicalId()))
                    .defaultActions(d -> d.type("forward").targetGroupArn(tg))).listeners().get(0).listenerArn();

            assertThatThrownBy(() -> f.handler(AcmKinds.CERTIFICATE).delete(f.ctx(), cert))
                    .isInstanceOfSatisfying(RetryableException.class, e -> {
                        assertThat(e.awsCode()).isEqualTo("ResourceInUseException");
                        assertThat(e.getMessage()).contains(cert.physicalId());
                    });
            assertThat(AcmKinds.CERTIFICATE.timeouts().retryWindows()).containsKey("ResourceInUseException");

            elb.deleteListener(r -> r.listenerArn(listener));
            f.destroy(cert);
            assertThat(f.handler(AcmKinds.CERTIFICATE).read(f.ctx(), cert)).isEmpty();
            f.destroy(record);
        });
    }

    @org.junit.jupiter.api.Test
    void idempotencyToken_ofTheEnginesUuid_isTheWordCharactersAcmTakes() {
        assertThat(CertificateHandler.idempotencyToken("0f8fad5b-d9cb-469f-a165-70867728950e"))
                .isEqualTo("0f8fad5bd9cb469fa16570867728950e").hasSize(32);
    }
}
