package dev.cairn.sandbox.acm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI v2 against the Sandbox's Route 53 and ACM: the issue's flow as a person types it —
 * a hosted zone, a certificate, its validation CNAME written with change-resource-record-sets,
 * then ISSUED — and Route 53's error envelope as the CLI prints it.
 */
class DnsCliV2Test {
    private static final String REGION = "ap-northeast-2";

    @TempDir
    Path home;
    private SandboxServer server;

    @BeforeEach
    void start() {
        AwsCli.assumeV2();
        server = SandboxServer.start(SandboxConfig.instant());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private AwsCli.Result aws(String... args) {
        return AwsCli.run(server, home, REGION, args);
    }

    private static String changeBatch(String action, String name, String value) {
        return "{\"Changes\":[{\"Action\":\"" + action + "\",\"ResourceRecordSet\":{\"Name\":\"" + name
                + "\",\"Type\":\"CNAME\",\"TTL\":300,\"ResourceRecords\":[{\"Value\":\"" + value + "\"}]}}]}";
    }

    @Test
    void awsCli_zoneCertificateAndValidationRecord_issueTheCertificate() {
        JsonNode zone = aws("route53", "create-hosted-zone", "--name", "example.test", "--caller-reference", "cli-1")
                .json();
        String zoneId = zone.at("/HostedZone/Id").asText();
        assertThat(zoneId).matches("/hostedzone/Z[A-Z0-9]{13,21}");
        assertThat(zone.at("/ChangeInfo/Status").asText()).isEqualTo("PENDING");
        assertThat(zone.at("/DelegationSet/NameServers")).hasSize(4);

        String arn = aws("acm", "request-certificate", "--domain-name", "autoscaling.example.test",
                "--validation-method", "DNS", "--idempotency-token", "cli1").json().get("CertificateArn").asText();
        JsonNode pending = aws("acm", "describe-certificate", "--certificate-arn", arn).json().get("Certificate");
        assertThat(pending.get("Status").asText()).isEqualTo("PENDING_VALIDATION");
        JsonNode record = pending.at("/DomainValidationOptions/0/ResourceRecord");
        assertThat(record.get("Type").asText()).isEqualTo("CNAME");

        JsonNode change = aws("route53", "change-resource-record-sets", "--hosted-zone-id", zoneId, "--change-batch",
                changeBatch("CREATE", record.get("Name").asText(), record.get("Value").asText())).json();
        assertThat(change.at("/ChangeInfo/Id").asText()).startsWith("/change/C");
        assertThat(aws("route53", "get-change", "--id", change.at("/ChangeInfo/Id").asText()).json()
                .at("/ChangeInfo/Status").asText()).isEqualTo("INSYNC");

        JsonNode issued = aws("acm", "describe-certificate", "--certificate-arn", arn).json().get("Certificate");
        assertThat(issued.get("Status").asText()).isEqualTo("ISSUED");
        assertThat(issued.at("/DomainValidationOptions/0/ValidationStatus").asText()).isEqualTo("SUCCESS");
        JsonNode records = aws("route53", "list-resource-record-sets", "--hosted-zone-id", zoneId).json()
                .get("ResourceRecordSets");
        assertThat(records).hasSize(3);
    }

    @Test
    void awsCli_creatingAnExistingRecord_printsInvalidChangeBatch() {
        String zoneId = aws("route53", "create-hosted-zone", "--name", "example.test", "--caller-reference", "cli-2")
                .json().at("/HostedZone/Id").asText();
        String batch = changeBatch("CREATE", "www.example.test", "target.example.org");
        aws("route53", "change-resource-record-sets", "--hosted-zone-id", zoneId, "--change-batch", batch).json();

        AwsCli.Result again = aws("route53", "change-resource-record-sets", "--hosted-zone-id", zoneId,
                "--change-batch", batch);

        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("InvalidChangeBatch").contains("Tried to create resource record set "
                + "[name='www.example.test.', type='CNAME'] but it already exists");
    }
}
