package dev.cairn.sandbox.acm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SignedHttp;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.route53.DnsClients;
import dev.cairn.sandbox.route53.Route53Records;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.ValidationMethod;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * The interfaces ACM and Route 53 export, as another service (ELB, ACM) sees them through
 * {@code Call.peer}: bound to the caller's account and region, with the state as of the call.
 * A test-only service asks them and answers what they said.
 */
class ExportedInterfacesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PEERS = "cairn-test-peers";

    private SandboxServer server;
    private AcmClient acm;
    private Route53Client r53;

    /** Answers what {@link AcmCertificates} and {@link Route53Records} say to the caller. */
    private static ServiceDefinition peers() {
        return ServiceDefinition.builder(PEERS, ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix("CairnTestPeers")
                .json("Certificate", ServiceDefinition.Effect.READS, call -> {
                    ObjectNode out = JSON.createObjectNode();
                    call.peer(AcmCertificates.class).certificate(call.json().path("Arn").asText())
                            .ifPresent(c -> out.put("arn", c.arn()).put("domain", c.domainName())
                                    .put("status", c.status()).put("issued", c.issued()));
                    return out;
                })
                .json("Cname", ServiceDefinition.Effect.READS, call -> {
                    ObjectNode out = JSON.createObjectNode();
                    call.peer(Route53Records.class).cname(call.json().path("Name").asText())
                            .ifPresent(v -> out.put("value", v));
                    return out;
                })
                .build();
    }

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant(), List.of(peers()));
        acm = DnsClients.acm(server, Region.AP_NORTHEAST_2);
        r53 = DnsClients.route53(server);
    }

    @AfterEach
    void stop() {
        acm.close();
        r53.close();
        server.close();
    }

    private JsonNode ask(String region, String operation, String body) throws Exception {
        var r = SignedHttp.send(server.endpoint(), PEERS, region, "POST", "/",
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "CairnTestPeers." + operation),
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void acmCertificates_whenAskedFromTheCertificatesRegion_answersItsStatusNow() throws Exception {
        String zone = r53.createHostedZone(b -> b.name("example.test").callerReference("r")).hostedZone().id();
        String arn = acm.requestCertificate(b -> b.domainName("www.example.test")
                .validationMethod(ValidationMethod.DNS)).certificateArn();

        JsonNode pending = ask("ap-northeast-2", "Certificate", "{\"Arn\":\"" + arn + "\"}");
        var record = acm.describeCertificate(b -> b.certificateArn(arn)).certificate().domainValidationOptions().get(0)
                .resourceRecord();
        r53.changeResourceRecordSets(b -> b.hostedZoneId(zone).changeBatch(c -> c.changes(ch -> ch
                .action(ChangeAction.CREATE).resourceRecordSet(r -> r.name(record.name()).type(RRType.CNAME).ttl(60L)
                        .resourceRecords(v -> v.value(record.value()))))));
        JsonNode issued = ask("ap-northeast-2", "Certificate", "{\"Arn\":\"" + arn + "\"}");

        assertThat(pending.get("status").asText()).isEqualTo("PENDING_VALIDATION");
        assertThat(pending.get("issued").asBoolean()).isFalse();
        assertThat(issued.get("status").asText()).isEqualTo("ISSUED");
        assertThat(issued.get("domain").asText()).isEqualTo("www.example.test");
        assertThat(ask("ap-northeast-1", "Certificate", "{\"Arn\":\"" + arn + "\"}")).isEmpty();
    }

    @Test
    void route53Records_whenAskedForACname_answersItsValueInAnyRegionOfTheAccount() throws Exception {
        String zone = r53.createHostedZone(b -> b.name("example.test").callerReference("r")).hostedZone().id();
        r53.changeResourceRecordSets(b -> b.hostedZoneId(zone).changeBatch(c -> c.changes(ch -> ch
                .action(ChangeAction.CREATE).resourceRecordSet(r -> r.name("_x.example.test").type(RRType.CNAME)
                        .ttl(60L).resourceRecords(v -> v.value("_y.acm-validations.aws."))))));

        assertThat(ask("eu-west-1", "Cname", "{\"Name\":\"_X.example.test.\"}").get("value").asText())
                .isEqualTo("_y.acm-validations.aws.");
        assertThat(ask("ap-northeast-2", "Cname", "{\"Name\":\"_x.example.test\"}").get("value").asText())
                .isEqualTo("_y.acm-validations.aws.");
        assertThat(ask("ap-northeast-2", "Cname", "{\"Name\":\"_z.example.test\"}")).isEmpty();
    }
}
