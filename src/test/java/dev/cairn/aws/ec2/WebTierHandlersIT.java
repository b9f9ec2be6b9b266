package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.TagScanner;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.AcmKinds;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.model.kinds.Route53Kinds;
import dev.cairn.step.access.AccessResources;
import dev.cairn.testing.Specs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Web tier's image, template, certificate and DNS handlers against a real account: the
 * default credential chain and region. The golden image runs a t3.micro sample for a few minutes
 * and keeps an 8 GiB snapshot until the end; everything is removed even when an assertion fails,
 * and the stack's scan must be empty after. The certificate and DNS part needs a public hosted
 * zone the account owns, named by {@code CAIRN_IT_DOMAIN} (skipped without it); the certificate
 * is deleted before it is issued unless DNS validation completes within the kind's timeout.
 * Run with {@code mvn -Dgroups=aws -DexcludedGroups=bench -Dtest=WebTierHandlersIT test}.
 */
@Tag("aws")
class WebTierHandlersIT {

    /** A golden image takes minutes: the sample's status checks, then the snapshot. */
    private static final Duration IMAGE_TIMEOUT = Ec2Kinds.IMAGE_CREATE;
    private static final Duration POLL = Duration.ofSeconds(10);

    @Test
    void goldenImageAndLaunchTemplate_inDefaultRegion_areBuiltThenTornDownWithNothingLeft() {
        String region = AwsClients.defaultRegion(Optional.empty())
                .orElseThrow(() -> new IllegalStateException("no default region: set AWS_REGION or a profile region"));
        try (AwsClients clients = AwsClients.fromEnvironment(Optional.empty(), Optional.empty())) {
            String stack = "cairn-it-" + UUID.randomUUID().toString().substring(0, 8);
            NetworkFixture f = new NetworkFixture(AwsHandlers.forClients(clients), stack, region, NetworkFixture.AWS_TIMEOUT);
            String zone = clients.ec2(region).describeAvailabilityZones(r -> r.filters(Ec2Handler.filter("state", "available"),
                    Ec2Handler.filter("zone-type", "availability-zone"))).availabilityZones().get(0).zoneName();
            Map<String, ResourceRecord> created = new LinkedHashMap<>();
            try {
                created.put("vpc", f.apply(f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.30.0.0/16"), Map.of())));
                created.put("subnet", f.apply(f.spec(Ec2Kinds.SUBNET, "network.subnet[app-a]",
                        Map.of("cidr", "10.30.11.0/24", "zone", zone, "tier", "app", "mapPublicIp", "false"),
                        Map.of("vpc", created.get("vpc")))));
                created.put("sg", f.apply(f.spec(Ec2Kinds.SECURITY_GROUP, "web.sg[instances]",
                        Map.of("groupName", stack + "-web", "description", "Cairn IT web instances"), Map.of("vpc", created.get("vpc")))));
                ResolvedSpec imageSpec = f.spec(Ec2Kinds.IMAGE, "web.image", Map.of("name", stack + "-golden",
                        "baseImageParameter", AccessResources.AL2023_X86, "instanceType", "t3.micro",
                        "userData", "#!/bin/bash\necho cairn > /var/tmp/cairn\n"),
                        Map.of("subnet", created.get("subnet"), "securityGroup", created.get("sg")));
                created.put("image", applyChangingId(f, f.handler(Ec2Kinds.IMAGE), imageSpec, created));
                assertThat(created.get("image").physicalId()).startsWith("ami-");
                assertThat(created.get("image").attributes().get("snapshotIds")).startsWith("snap-");

                created.put("lt", f.apply(f.spec(Ec2Kinds.LAUNCH_TEMPLATE, "web.launch-template",
                        Map.of("name", stack + "-web", "instanceType", "t3.micro", "userData", "#!/bin/bash\ntrue\n"),
                        Map.of("securityGroup", created.get("sg"), "image", created.get("image")))));
                assertThat(created.get("lt").attributes()).containsEntry("defaultVersion", "1");
                assertThat(new Ec2TagScanner(clients).scan(stack, Set.of(region))).extracting(TagScanner.TaggedResource::resourceType)
                        .contains("image", "snapshot", "launch-template");
            } finally {
                f.destroyAll(created);
            }
            assertThat(new Ec2TagScanner(clients).scan(stack, Set.of(region))).isEmpty();
        }
    }

    @Test
    void certificateAndValidationRecord_inTheItDomain_areWrittenThenRemoved() {
        String domain = System.getenv("CAIRN_IT_DOMAIN");
        assumeTrue(domain != null && !domain.isBlank(), "CAIRN_IT_DOMAIN names no public hosted zone of the account");
        String region = AwsClients.defaultRegion(Optional.empty())
                .orElseThrow(() -> new IllegalStateException("no default region: set AWS_REGION or a profile region"));
        try (AwsClients clients = AwsClients.fromEnvironment(Optional.empty(), Optional.empty())) {
            String stack = "cairn-it-" + UUID.randomUUID().toString().substring(0, 8);
            Map<ResourceKind, ResourceHandler> handlers = AwsHandlers.forClients(clients);
            NetworkFixture f = new NetworkFixture(handlers, stack, region, NetworkFixture.AWS_TIMEOUT);
            Map<String, ResourceRecord> created = new LinkedHashMap<>();
            try {
                created.put("cert", f.apply(f.spec(AcmKinds.CERTIFICATE, "web.certificate",
                        Map.of("domainName", stack + "." + domain, "validationMethod", "DNS"), Map.of())));
                created.put("record", f.apply(f.spec(Route53Kinds.DNS_RECORD, "web.dns-record[validation]",
                        Map.of("zoneName", domain, "type", "CNAME", "ttl", "300"), Map.of("certificate", created.get("cert")))));
                ResolvedSpec validation = f.spec(AcmKinds.CERTIFICATE_VALIDATION, "web.certificate-validation", Map.of(),
                        Map.of("certificate", created.get("cert")));
                Poll first = handlers.get(AcmKinds.CERTIFICATE_VALIDATION).awaitReady(f.ctx, validation,
                        LiveResource.of(created.get("cert").physicalId()));
                assertThat(first.outcome() == Poll.Outcome.DONE
                        || first.message().english().contains(created.get("cert").attributes().get("validationRecordName"))).isTrue();
                List<TagScanner.TaggedResource> owned = AwsHandlers.scanner(clients).scan(stack, Set.of(region));
                assertThat(owned).extracting(TagScanner.TaggedResource::physicalId)
                        .contains(created.get("cert").physicalId(), created.get("record").physicalId());
            } finally {
                f.destroyAll(created);
            }
            assertThat(AwsHandlers.scanner(clients).scan(stack, Set.of(region))).isEmpty();
        }
    }

    /** As the engine: the image's ID replaces the sample's once it is ready. */
    private static ResourceRecord applyChangingId(NetworkFixture f, ResourceHandler h, ResolvedSpec spec,
            Map<String, ResourceRecord> created) {
        LiveResource sample = h.create(f.ctx, spec, UUID.randomUUID().toString());
        // Kept first, so a failure while waiting still tears the sample (and any image) down.
        created.put("image", Specs.record(spec, sample));
        Poll ready = Specs.poll(() -> h.awaitReady(f.ctx, spec, sample), IMAGE_TIMEOUT, POLL);
        assertThat(ready.outcome()).as("%s", ready.message()).isEqualTo(Poll.Outcome.DONE);
        return Specs.record(spec, ready.resource());
    }
}
