package dev.cairn.sandbox.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.HostedZoneAlreadyExistsException;
import software.amazon.awssdk.services.route53.model.HostedZoneNotEmptyException;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.InvalidInputException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.NoSuchChangeException;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Tag;
import software.amazon.awssdk.services.route53.model.TagResourceType;

/** Route 53 through the SDK v2 client: zones, change batches and AWS's refusals, listing, tags. */
class Route53ServiceTest {
    private SandboxServer server;
    private Route53Client r53;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        r53 = DnsClients.route53(server);
    }

    @AfterEach
    void stop() {
        r53.close();
        server.close();
    }

    private String zone(String name) {
        return r53.createHostedZone(b -> b.name(name).callerReference("ref-" + name)).hostedZone().id();
    }

    private static Change change(ChangeAction action, String name, RRType type, long ttl, String... values) {
        List<ResourceRecord> records = new ArrayList<>();
        for (String v : values) {
            records.add(ResourceRecord.builder().value(v).build());
        }
        return Change.builder().action(action).resourceRecordSet(ResourceRecordSet.builder().name(name).type(type)
                .ttl(ttl).resourceRecords(records).build()).build();
    }

    private String apply(String zoneId, Change... changes) {
        return r53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(c -> c.changes(changes)))
                .changeInfo().id();
    }

    private String batchError(String zoneId, Change... changes) {
        return catchThrowableOfType(() -> apply(zoneId, changes), InvalidChangeBatchException.class)
                .awsErrorDetails().errorMessage();
    }

    @Test
    void createHostedZone_whenNew_hasSoaAndFourNameServersAndAPendingChange() {
        CreateHostedZoneResponse created = r53.createHostedZone(b -> b.name("Example.Test").callerReference("r1"));

        assertThat(created.hostedZone().id()).matches("(/hostedzone/)?Z[A-Z0-9]{13,21}");
        assertThat(created.hostedZone().name()).isEqualTo("example.test.");
        assertThat(created.hostedZone().config().privateZone()).isFalse();
        assertThat(created.hostedZone().resourceRecordSetCount()).isEqualTo(2L);
        assertThat(created.changeInfo().status()).isEqualTo(ChangeStatus.PENDING);
        assertThat(created.delegationSet().nameServers()).hasSize(4)
                .allMatch(ns -> ns.matches("ns-\\d+\\.awsdns-\\d{2}\\.(com|net|org|co\\.uk)"));
        assertThat(created.location()).endsWith("/2013-04-01/hostedzone/" + bare(created.hostedZone().id()));
        // Instant Sandbox: the change has propagated by the next call.
        assertThat(r53.getChange(b -> b.id(created.changeInfo().id())).changeInfo().status())
                .isEqualTo(ChangeStatus.INSYNC);
        List<ResourceRecordSet> records = r53.listResourceRecordSets(b -> b.hostedZoneId(created.hostedZone().id()))
                .resourceRecordSets();
        assertThat(records).extracting(ResourceRecordSet::typeAsString).containsExactly("NS", "SOA");
        assertThat(records.get(0).resourceRecords()).hasSize(4).allMatch(r -> r.value().endsWith("."));
        assertThat(records.get(1).resourceRecords().get(0).value()).contains("awsdns-hostmaster.amazon.com.");
        assertThat(r53.getHostedZone(b -> b.id(created.hostedZone().id())).delegationSet().nameServers())
                .isEqualTo(created.delegationSet().nameServers());
    }

    private static String bare(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    @Test
    void createHostedZone_whenCallerReferenceReused_failsWithHostedZoneAlreadyExists() {
        r53.createHostedZone(b -> b.name("example.test").callerReference("same"));

        HostedZoneAlreadyExistsException e = catchThrowableOfType(() -> r53.createHostedZone(
                b -> b.name("other.test").callerReference("same")), HostedZoneAlreadyExistsException.class);

        assertThat(e.statusCode()).isEqualTo(409);
        assertThat(e.awsErrorDetails().errorMessage()).contains("caller reference");
    }

    @Test
    void getHostedZone_whenUnknown_failsWithNoSuchHostedZone() {
        NoSuchHostedZoneException e = catchThrowableOfType(() -> r53.getHostedZone(b -> b.id("Z0000000000000000000")),
                NoSuchHostedZoneException.class);

        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("No hosted zone found with ID: Z0000000000000000000");
    }

    @Test
    void changeResourceRecordSets_whenCreatingAnExistingRecord_failsWithAwsMessage() {
        String zone = zone("example.test");
        apply(zone, change(ChangeAction.CREATE, "www.example.test", RRType.A, 300, "10.0.0.1"));

        String message = batchError(zone, change(ChangeAction.CREATE, "WWW.example.test.", RRType.A, 300, "10.0.0.2"));

        assertThat(message).contains("Tried to create resource record set [name='www.example.test.', type='A'] "
                + "but it already exists");
    }

    @Test
    void changeResourceRecordSets_whenDeletingAMissingRecord_failsWithNotFound() {
        String zone = zone("example.test");

        String message = batchError(zone, change(ChangeAction.DELETE, "x.example.test", RRType.CNAME, 300, "y.test"));

        assertThat(message).contains("Tried to delete resource record set [name='x.example.test.', type='CNAME'] "
                + "but it was not found");
    }

    @Test
    void changeResourceRecordSets_whenDeleteValuesDiffer_failsAndKeepsTheRecord() {
        String zone = zone("example.test");
        apply(zone, change(ChangeAction.CREATE, "x.example.test", RRType.CNAME, 300, "y.example.org"));

        String message = batchError(zone, change(ChangeAction.DELETE, "x.example.test", RRType.CNAME, 60,
                "y.example.org"));

        assertThat(message).contains("Tried to delete resource record set [name='x.example.test.', type='CNAME'] "
                + "but the values provided do not match the current values");
        apply(zone, change(ChangeAction.DELETE, "x.example.test", RRType.CNAME, 300, "Y.example.org."));
        assertThat(records(zone)).extracting(ResourceRecordSet::typeAsString).containsExactly("NS", "SOA");
    }

    @Test
    void changeResourceRecordSets_whenNameOutsideTheZone_failsAndAppliesNothingOfTheBatch() {
        String zone = zone("example.test");

        String message = batchError(zone,
                change(ChangeAction.CREATE, "ok.example.test", RRType.A, 300, "10.0.0.1"),
                change(ChangeAction.CREATE, "www.elsewhere.test", RRType.A, 300, "10.0.0.1"));

        assertThat(message).contains("RRSet with DNS name www.elsewhere.test. is not permitted in zone example.test.");
        assertThat(records(zone)).hasSize(2);
    }

    @Test
    void changeResourceRecordSets_whenSeveralChangesFail_listsEveryProblemInBrackets() {
        String zone = zone("example.test");
        apply(zone, change(ChangeAction.CREATE, "a.example.test", RRType.A, 300, "10.0.0.1"));

        String message = batchError(zone,
                change(ChangeAction.CREATE, "a.example.test", RRType.A, 300, "10.0.0.1"),
                change(ChangeAction.DELETE, "b.example.test", RRType.A, 300, "10.0.0.2"));

        assertThat(message).isEqualTo("[Tried to create resource record set [name='a.example.test.', type='A'] but "
                + "it already exists, Tried to delete resource record set [name='b.example.test.', type='A'] but it "
                + "was not found]");
    }

    @Test
    void changeResourceRecordSets_whenDeletedAndCreatedInOneBatch_replacesTheRecord() {
        String zone = zone("example.test");
        apply(zone, change(ChangeAction.CREATE, "a.example.test", RRType.A, 300, "10.0.0.1"));

        apply(zone, change(ChangeAction.DELETE, "a.example.test", RRType.A, 300, "10.0.0.1"),
                change(ChangeAction.CREATE, "a.example.test", RRType.A, 60, "10.0.0.9"));

        assertThat(records(zone).get(2).resourceRecords()).extracting(ResourceRecord::value).containsExactly("10.0.0.9");
        assertThat(records(zone).get(2).ttl()).isEqualTo(60L);
    }

    @Test
    void changeResourceRecordSets_whenCnameSharesItsNameWithTxt_failsAsAwsDoes() {
        String zone = zone("example.test");
        apply(zone, change(ChangeAction.CREATE, "_v.example.test", RRType.TXT, 300, "\"owner\""));

        String message = batchError(zone, change(ChangeAction.CREATE, "_v.example.test", RRType.CNAME, 300,
                "target.example.org"));

        assertThat(message).contains("RRSet of type CNAME with DNS name _v.example.test. is not permitted as it "
                + "conflicts with other records with the same DNS name in zone example.test.");
    }

    @Test
    void changeResourceRecordSets_whenValuesAreMalformed_failsWithInvalidResourceRecord() {
        String zone = zone("example.test");

        assertThat(batchError(zone, change(ChangeAction.CREATE, "a.example.test", RRType.A, 300, "not-an-ip")))
                .contains("ARRDATAIllegalIPv4Address");
        assertThat(batchError(zone, change(ChangeAction.CREATE, "t.example.test", RRType.TXT, 300, "unquoted")))
                .contains("enclosed in quotation marks");
        assertThat(batchError(zone, change(ChangeAction.DELETE, "example.test", RRType.SOA, 900,
                records(zone).get(1).resourceRecords().get(0).value()))).contains("exactly one SOA record");
    }

    @Test
    void changeResourceRecordSets_whenAliasAlsoHasTtl_failsWithInvalidInput() {
        String zone = zone("example.test");
        Change both = Change.builder().action(ChangeAction.CREATE).resourceRecordSet(ResourceRecordSet.builder()
                .name("app.example.test").type(RRType.A).ttl(60L)
                .aliasTarget(alias()).build()).build();

        InvalidInputException e = catchThrowableOfType(() -> apply(zone, both), InvalidInputException.class);

        assertThat(e.awsErrorDetails().errorMessage()).contains("Expected exactly one of [AliasTarget, all of [TTL, "
                + "and ResourceRecords], or TrafficPolicyInstanceId], but found more than one");
    }

    private static AliasTarget alias() {
        return AliasTarget.builder().hostedZoneId("ZWKZPGTI48KDX")
                .dnsName("web-123.ap-northeast-2.elb.amazonaws.com").evaluateTargetHealth(true).build();
    }

    @Test
    void changeResourceRecordSets_whenUpsertingAnAlias_replacesTheRecordAndListsTheTarget() {
        String zone = zone("example.test");
        apply(zone, change(ChangeAction.CREATE, "app.example.test", RRType.A, 300, "10.0.0.1"));
        Change upsert = Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(ResourceRecordSet.builder()
                .name("app.example.test").type(RRType.A).aliasTarget(alias()).build()).build();

        String changeId = apply(zone, upsert);

        assertThat(r53.getChange(b -> b.id(changeId)).changeInfo().status()).isEqualTo(ChangeStatus.INSYNC);
        ResourceRecordSet app = records(zone).get(2);
        assertThat(app.name()).isEqualTo("app.example.test.");
        assertThat(app.resourceRecords()).isEmpty();
        assertThat(app.aliasTarget().dnsName()).isEqualTo("web-123.ap-northeast-2.elb.amazonaws.com.");
        assertThat(app.aliasTarget().hostedZoneId()).isEqualTo("ZWKZPGTI48KDX");
        assertThat(app.aliasTarget().evaluateTargetHealth()).isTrue();
    }

    private List<ResourceRecordSet> records(String zone) {
        return r53.listResourceRecordSets(b -> b.hostedZoneId(zone)).resourceRecordSets();
    }

    @Test
    void listResourceRecordSets_whenMoreThanAPage_isTruncatedInRoute53Order() {
        String zone = zone("example.test");
        apply(zone, change(ChangeAction.CREATE, "b.example.test", RRType.A, 300, "10.0.0.2"),
                change(ChangeAction.CREATE, "a.example.test", RRType.TXT, 300, "\"t\""),
                change(ChangeAction.CREATE, "a.example.test", RRType.A, 300, "10.0.0.1"),
                change(ChangeAction.CREATE, "z.a.example.test", RRType.A, 300, "10.0.0.3"));

        ListResourceRecordSetsResponse first = r53.listResourceRecordSets(b -> b.hostedZoneId(zone).maxItems("3"));

        assertThat(first.isTruncated()).isTrue();
        assertThat(first.resourceRecordSets()).extracting(r -> r.name() + " " + r.typeAsString())
                .containsExactly("example.test. NS", "example.test. SOA", "a.example.test. A");
        assertThat(first.nextRecordName()).isEqualTo("a.example.test.");
        assertThat(first.nextRecordTypeAsString()).isEqualTo("TXT");
        ListResourceRecordSetsResponse rest = r53.listResourceRecordSets(b -> b.hostedZoneId(zone)
                .startRecordName(first.nextRecordName()).startRecordType(first.nextRecordType()));
        assertThat(rest.isTruncated()).isFalse();
        assertThat(rest.resourceRecordSets()).extracting(r -> r.name() + " " + r.typeAsString())
                .containsExactly("a.example.test. TXT", "z.a.example.test. A", "b.example.test. A");
        assertThat(r53.listResourceRecordSetsPaginator(b -> b.hostedZoneId(zone).maxItems("2"))
                .resourceRecordSets().stream().count()).isEqualTo(6);
    }

    @Test
    void deleteHostedZone_whenRecordsRemain_failsWithHostedZoneNotEmpty() {
        String zone = zone("example.test");
        apply(zone, change(ChangeAction.CREATE, "www.example.test", RRType.A, 300, "10.0.0.1"));

        HostedZoneNotEmptyException e = catchThrowableOfType(() -> r53.deleteHostedZone(b -> b.id(zone)),
                HostedZoneNotEmptyException.class);

        assertThat(e.awsErrorDetails().errorMessage()).contains("non-required resource record sets");
        apply(zone, change(ChangeAction.DELETE, "www.example.test", RRType.A, 300, "10.0.0.1"));
        assertThat(r53.deleteHostedZone(b -> b.id(zone)).changeInfo().status()).isEqualTo(ChangeStatus.PENDING);
        assertThat(catchThrowableOfType(() -> r53.getHostedZone(b -> b.id(zone)), NoSuchHostedZoneException.class))
                .isNotNull();
    }

    @Test
    void listHostedZonesByName_whenPaged_startsAtTheNameInDnsOrder() {
        zone("b.example.test");
        zone("a.test");
        zone("example.test");
        zone("zeta.org");

        var page = r53.listHostedZonesByName(b -> b.dnsName("example.test").maxItems("1"));

        assertThat(page.hostedZones()).extracting(z -> z.name()).containsExactly("example.test.");
        assertThat(page.isTruncated()).isTrue();
        assertThat(page.nextDNSName()).isEqualTo("b.example.test.");
        assertThat(r53.listHostedZonesByName().hostedZones()).extracting(z -> z.name())
                .containsExactly("zeta.org.", "a.test.", "example.test.", "b.example.test.");
        assertThat(r53.listHostedZonesPaginator(b -> b.maxItems("1")).hostedZones().stream().count()).isEqualTo(4);
    }

    @Test
    void createHostedZone_whenBodyCarriesADoctype_failsWithInvalidInputInRoute53sEnvelope() {
        String body = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
                + "<CreateHostedZoneRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Name>&e;.test</Name>"
                + "<CallerReference>x</CallerReference></CreateHostedZoneRequest>";

        var r = dev.cairn.sandbox.SignedHttp.send(server.endpoint(), "route53", "us-east-1", "POST",
                "/2013-04-01/hostedzone", Map.of("Content-Type", "application/xml"),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">")
                .contains("<Type>Sender</Type><Code>InvalidInput</Code>");
        assertThat(r53.listHostedZones().hostedZones()).isEmpty();
    }

    @Test
    void getChange_whenUnknown_failsWithNoSuchChange() {
        NoSuchChangeException e = catchThrowableOfType(() -> r53.getChange(b -> b.id("C0000000000000000000")),
                NoSuchChangeException.class);

        assertThat(e.statusCode()).isEqualTo(404);
    }

    @Test
    void changeTagsForResource_whenAddedAndRemoved_listsTheZonesTags() {
        String zone = zone("example.test");

        r53.changeTagsForResource(b -> b.resourceType(TagResourceType.HOSTEDZONE).resourceId(bare(zone))
                .addTags(Tag.builder().key("team").value("web").build(), Tag.builder().key("cost").value("1").build()));
        r53.changeTagsForResource(b -> b.resourceType(TagResourceType.HOSTEDZONE).resourceId(bare(zone))
                .removeTagKeys("cost"));

        var set = r53.listTagsForResource(b -> b.resourceType(TagResourceType.HOSTEDZONE).resourceId(bare(zone)))
                .resourceTagSet();
        assertThat(set.resourceId()).isEqualTo(bare(zone));
        assertThat(set.tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("team=web");
        assertThat(catchThrowableOfType(() -> r53.listTagsForResource(b -> b.resourceType(TagResourceType.HOSTEDZONE)
                .resourceId("Z0000000000000000000")), NoSuchHostedZoneException.class)).isNotNull();
    }

    @Test
    void resources_whenRecordsAreWritten_listsThemUntilDeleted() {
        String zone = zone("example.test");
        apply(zone, change(ChangeAction.CREATE, "www.example.test", RRType.A, 300, "10.0.0.1"));

        assertThat(server.resources()).extracting(r -> r.get("type") + " " + r.get("id"))
                .containsExactly("hostedzone " + bare(zone), "rrset " + bare(zone) + "/www.example.test./A");

        apply(zone, change(ChangeAction.DELETE, "www.example.test", RRType.A, 300, "10.0.0.1"));
        r53.deleteHostedZone(b -> b.id(zone));
        assertThat(server.resources()).isEmpty();
    }

    @Test
    void changeResourceRecordSets_whenRealistic_isPendingUntilPropagated() throws InterruptedException {
        server.close();
        r53.close();
        // 60 s × 0.1 = 6 s of propagation: long enough to see PENDING on a loaded machine.
        server = SandboxServer.start(SandboxConfig.realistic(0.1));
        r53 = DnsClients.route53(server);
        String zone = zone("example.test");

        String changeId = apply(zone, change(ChangeAction.CREATE, "www.example.test", RRType.A, 300, "10.0.0.1"));

        assertThat(r53.getChange(b -> b.id(changeId)).changeInfo().status()).isEqualTo(ChangeStatus.PENDING);
        long deadline = System.currentTimeMillis() + 30_000;
        while (r53.getChange(b -> b.id(changeId)).changeInfo().status() == ChangeStatus.PENDING
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(r53.getChange(b -> b.id(changeId)).changeInfo().status()).isEqualTo(ChangeStatus.INSYNC);
    }

    @Test
    void hostedZones_whenTheSandboxRestarts_areReadBack(@TempDir Path data) {
        server.close();
        r53.close();
        server = SandboxServer.start(SandboxConfig.instant().withDataDir(data));
        r53 = DnsClients.route53(server);
        String zone = zone("example.test");
        apply(zone, change(ChangeAction.CREATE, "www.example.test", RRType.CNAME, 300, "target.example.org"));
        server.close();
        r53.close();

        server = SandboxServer.start(SandboxConfig.instant().withDataDir(data));
        r53 = DnsClients.route53(server);

        assertThat(records(zone)).extracting(r -> r.name() + " " + r.typeAsString())
                .contains("www.example.test. CNAME");
    }

    @Test
    void practiceZone_whenPostedTwice_makesOneZoneInThatKeysAccount() throws Exception {
        var first = DnsClients.practiceZone(server, "POST", "{\"domain\":\"Example.Test\"}");
        var again = DnsClients.practiceZone(server, "POST", "{\"domain\":\"example.test.\",\"accessKey\":\"sandbox\"}");
        var other = DnsClients.practiceZone(server, "POST", "{\"domain\":\"example.test\",\"accessKey\":\"AKIAOTHER\"}");

        assertThat(first.statusCode()).isEqualTo(200);
        Map<?, ?> zone = new com.fasterxml.jackson.databind.ObjectMapper().readValue(first.body(), Map.class);
        assertThat(zone.get("name")).isEqualTo("example.test.");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(other.body()).doesNotContain((String) zone.get("id"));
        assertThat(r53.listHostedZonesByName(b -> b.dnsName("example.test")).hostedZones())
                .extracting(z -> bare(z.id())).containsExactly((String) zone.get("id"));
        assertThat(DnsClients.practiceZone(server, "GET", null).body()).contains((String) zone.get("id"))
                .contains("000000000000");
        // The practice zone is the Sandbox's fixture: a teardown that leaves nothing shows an empty list.
        assertThat(server.resources()).isEmpty();
        assertThat(DnsClients.practiceZone(server, "POST", "{\"domain\":\"test\"}").statusCode()).isEqualTo(400);
    }
}
