package dev.cairn.aws.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.AcmKinds;
import dev.cairn.model.kinds.Elbv2Kinds;
import dev.cairn.model.kinds.Route53Kinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The DNS record handler through the real SDK against each backend that serves Route 53: the
 * record and its TXT ownership twin written and removed together, ready when INSYNC, found as
 * ours only beside this stack's twin, taken when the user's record holds the name, the TTL in
 * place, the ownership scan, and a domain without a hosted zone named in the error.
 */
class DnsRecordHandlerTest {

    private static final String REGION = "us-east-1";
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";
    private static final String ZONE = "example.test";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);

    record Fixture(AwsClients clients, ResourceHandler handler, String stack, HandlerContext ctx, List<String> said,
            String zoneId) {
        Route53Client r53() {
            return clients.route53();
        }

        ResolvedSpec spec(String address, Map<String, String> props, Map<String, ResourceRecord> refs) {
            return Specs.resolved(stack, REGION, Route53Kinds.DNS_RECORD, address, props, refs);
        }

        ResourceRecord apply(ResolvedSpec spec) {
            LiveResource created = handler.create(ctx, spec, UUID.randomUUID().toString());
            Poll ready = Specs.poll(() -> handler.awaitReady(ctx, spec, created), TIMEOUT, POLL);
            assertThat(ready.outcome()).as("%s", ready.message()).isEqualTo(Poll.Outcome.DONE);
            return Specs.record(spec, ready.resource());
        }

        void destroy(ResourceRecord record) {
            Specs.poll(() -> handler.delete(ctx, record), TIMEOUT, POLL);
            Poll gone = Specs.poll(() -> handler.awaitGone(ctx, record), TIMEOUT, POLL);
            assertThat(gone.outcome()).isEqualTo(Poll.Outcome.DONE);
        }

        Optional<ResourceRecordSet> record(String name, String type) {
            return Route53Records.record(r53(), zoneId, name, type);
        }
    }

    private interface Body {
        void run(Fixture f) throws Exception;
    }

    private static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("route53"), backend.name() + " does not serve Route 53");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
            String zoneId = clients.route53().createHostedZone(r -> r.name(ZONE).callerReference(stack)).hostedZone().id()
                    .replace("/hostedzone/", "");
            List<String> said = new CopyOnWriteArrayList<>();
            body.run(new Fixture(clients, AwsHandlers.forClients(clients).get(Route53Kinds.DNS_RECORD), stack,
                    Specs.context(stack, said), said, zoneId));
        }
    }

    /** A certificate's record as the ACM handler leaves it: the CNAME ACM waits for. */
    private static ResourceRecord certificate(Fixture f) {
        ResolvedSpec cert = Specs.resolved(f.stack(), REGION, AcmKinds.CERTIFICATE, "web.certificate",
                Map.of("domainName", "autoscaling." + ZONE, "validationMethod", "DNS"), Map.of());
        return Specs.record(cert, new LiveResource("arn:aws:acm:us-east-1:123456789012:certificate/abc",
                Map.of("validationRecordName", "_3f2a9c.autoscaling." + ZONE + ".", "validationRecordType", "CNAME",
                        "validationRecordValue", "_77d1e0.zfyfvmchrl.acm-validations.aws."), "PENDING_VALIDATION"));
    }

    private static ResolvedSpec validationSpec(Fixture f, String ttl) {
        return f.spec("web.dns-record[validation]", Map.of("zoneName", ZONE, "name", "autoscaling." + ZONE, "type", "CNAME",
                "ttl", ttl), Map.of("certificate", certificate(f)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void validationCname_create_writesRecordAndOwnershipTwinThenTtlInPlaceThenDeletesBoth(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ResolvedSpec spec = validationSpec(f, "300");
            assertThat(f.handler().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);

            ResourceRecord record = f.apply(spec);

            String name = "_3f2a9c.autoscaling." + ZONE;
            assertThat(record.physicalId()).isEqualTo(f.zoneId() + "/" + name + "/CNAME");
            assertThat(record.attributes()).containsEntry("zoneId", f.zoneId()).containsKey("changeId");
            assertThat(f.record(name, "CNAME")).get().satisfies(s -> {
                assertThat(s.resourceRecords()).singleElement()
                        .satisfies(v -> assertThat(v.value()).isEqualTo("_77d1e0.zfyfvmchrl.acm-validations.aws."));
                assertThat(s.ttl()).isEqualTo(300L);
            });
            assertThat(f.record("cname-" + name, "TXT")).get().satisfies(s -> assertThat(s.resourceRecords())
                    .singleElement().satisfies(v -> assertThat(v.value())
                            .isEqualTo("\"cairn:stack=" + f.stack() + ",cairn:address=web.dns-record[validation]\"")));
            assertThat(Specs.ours(f.handler().find(f.ctx(), spec))).map(LiveResource::physicalId).contains(record.physicalId());
            assertThat(f.handler().read(f.ctx(), record)).map(LiveResource::physicalId).contains(record.physicalId());
            assertThat(new Route53OwnershipScanner(f.clients()).scan(f.stack(), Set.of(REGION, "eu-west-1")))
                    .singleElement().satisfies(t -> {
                        assertThat(t.physicalId()).isEqualTo(record.physicalId());
                        assertThat(t.address()).isEqualTo("web.dns-record[validation]");
                        assertThat(t.kind()).isEqualTo(Route53Kinds.DNS_RECORD);
                    });
            assertThat(new Route53OwnershipScanner(f.clients()).scan("someone-else", Set.of(REGION))).isEmpty();

            ResolvedSpec longer = validationSpec(f, "60");
            Poll updated = Specs.poll(() -> f.handler().update(f.ctx(), longer, record, Set.of("ttl")), TIMEOUT, POLL);
            assertThat(updated.outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(f.record(name, "CNAME")).map(ResourceRecordSet::ttl).contains(60L);

            f.destroy(record);

            assertThat(f.record(name, "CNAME")).isEmpty();
            assertThat(f.record("cname-" + name, "TXT")).isEmpty();
            assertThat(f.handler().read(f.ctx(), record)).isEmpty();
            assertThat(new Route53OwnershipScanner(f.clients()).scan(f.stack(), Set.of(REGION))).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void find_whenTheUsersRecordHoldsTheName_isTakenAndDeleteLeavesIt(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = "www." + ZONE;
            f.r53().changeResourceRecordSets(r -> r.hostedZoneId(f.zoneId()).changeBatch(b -> b.changes(c -> c.action("CREATE")
                    .resourceRecordSet(s -> s.name(name).type("CNAME").ttl(300L).resourceRecords(v -> v.value("users.example.org"))))));
            ResolvedSpec spec = f.spec("web.dns-record[site]", Map.of("zoneName", ZONE, "name", name, "type", "CNAME",
                    "value", "mine.example.org"), Map.of());

            Found.Taken taken = assertInstanceOf(Found.Taken.class, f.handler().find(f.ctx(), spec));
            assertThat(taken.what()).contains(name).contains("the user's");
            ResolvedSpec alias = f.spec("web.dns-record[site]", Map.of("zoneName", ZONE, "name", name, "type", "A"), Map.of());
            assertThat(f.handler().find(f.ctx(), alias)).as("an A record cannot stand beside the user's CNAME")
                    .isInstanceOf(Found.Taken.class);

            // A delete (a teardown's orphan, say) never removes a record without this stack's twin.
            f.destroy(Specs.record(spec, LiveResource.of(f.zoneId() + "/" + name + "/CNAME")));
            assertThat(f.record(name, "CNAME")).isPresent();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void aliasRecord_toLoadBalancer_pointsAtItsDnsNameAndZone(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ResolvedSpec lbSpec = Specs.resolved(f.stack(), REGION, Elbv2Kinds.LOAD_BALANCER, "web.load-balancer",
                    Map.of("name", f.stack() + "-alb", "scheme", "internet-facing"), Map.of());
            // Route 53 accepts an alias to an ELB name without checking the balancer exists
            // (the hosted zone ID must be the region's ELB zone): us-east-1's for ALBs.
            ResourceRecord lb = Specs.record(lbSpec, new LiveResource("arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                    + "loadbalancer/app/x/1", Map.of("dnsName", f.stack() + "-alb-1.us-east-1.elb.amazonaws.com",
                    "canonicalHostedZoneId", "Z35SXDOTRQ7X7K"), "active"));
            ResolvedSpec spec = f.spec("web.dns-record[site]", Map.of("zoneName", ZONE, "name", "autoscaling." + ZONE,
                    "type", "A"), Map.of("aliasTarget", lb));

            ResourceRecord record = f.apply(spec);

            assertThat(record.physicalId()).isEqualTo(f.zoneId() + "/autoscaling." + ZONE + "/A");
            assertThat(f.record("autoscaling." + ZONE, "A")).get().satisfies(s -> {
                assertThat(s.aliasTarget().hostedZoneId()).isEqualTo("Z35SXDOTRQ7X7K");
                assertThat(Route53Records.normalize(s.aliasTarget().dnsName())).isEqualTo(f.stack() + "-alb-1.us-east-1.elb.amazonaws.com");
            });
            assertThat(f.record("a-autoscaling." + ZONE, "TXT")).isPresent();
            f.destroy(record);
            assertThat(f.record("autoscaling." + ZONE, "A")).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void find_whenTheDomainHasNoHostedZone_failsNamingTheDomain(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ResolvedSpec spec = f.spec("web.dns-record[site]", Map.of("zoneName", "nowhere.test", "name", "a.nowhere.test",
                    "type", "CNAME", "value", "x.example.org"), Map.of());
            assertThatThrownBy(() -> f.handler().find(f.ctx(), spec))
                    .hasMessageContaining("no public hosted zone for nowhere.test");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void scanner_whenRecordGoneButTwinLeft_reportsItSoTheTeardownRemovesTheTwin(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ResourceRecord record = f.apply(validationSpec(f, "300"));
            String name = "_3f2a9c.autoscaling." + ZONE;
            ResourceRecordSet cname = f.record(name, "CNAME").orElseThrow();
            f.r53().changeResourceRecordSets(r -> r.hostedZoneId(f.zoneId()).changeBatch(b -> b.changes(c -> c.action("DELETE")
                    .resourceRecordSet(cname))));

            List<TaggedResource> left = new Route53OwnershipScanner(f.clients()).scan(f.stack(), Set.of(REGION));
            assertThat(left).extracting(TaggedResource::physicalId).containsExactly(record.physicalId());

            // As the engine's orphan delete: a spec with no props, the address from the twin.
            f.destroy(Specs.record(Specs.resolved(f.stack(), REGION, Route53Kinds.DNS_RECORD, left.get(0).address(), Map.of(),
                    Map.of()), LiveResource.of(left.get(0).physicalId())));
            assertThat(new Route53OwnershipScanner(f.clients()).scan(f.stack(), Set.of(REGION))).isEmpty();
        });
    }
}
