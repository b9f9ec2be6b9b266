package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.testing.ScriptedEc2;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scanner's bookkeeping, on scripted answers (the backend round trips are in {@link Ec2HandlersTest}). */
class Ec2TagScannerTest {

    private static String tag(String id, String type, String key, String value) {
        return "<item><resourceId>" + id + "</resourceId><resourceType>" + type + "</resourceType><key>" + key
                + "</key><value>" + value + "</value></item>";
    }

    @Test
    void scan_dropsGoneAndTerminalResourcesAndKeepsUnknownTypesWithTheirAddress() {
        try (ScriptedEc2 ec2 = new ScriptedEc2(); AwsClients clients = AwsClients.sandbox(ec2.endpoint())) {
            ec2.ok("DescribeTags", "<tagSet>"
                            + tag("vpc-gone", "vpc", "cairn:stack", "demo")
                            + tag("nat-dead", "natgateway", "cairn:stack", "demo")
                            + tag("nat-live", "natgateway", "cairn:stack", "demo")
                            + tag("lt-1", "launch-template", "cairn:stack", "demo")
                            + tag("lt-1", "launch-template", "cairn:address", "web.launch-template")
                            + "</tagSet>")
                    .ok("DescribeVpcs", "<vpcSet/>")
                    .ok("DescribeNatGateways", "<natGatewaySet>"
                            + "<item><natGatewayId>nat-dead</natGatewayId><state>deleted</state></item>"
                            + "<item><natGatewayId>nat-live</natGatewayId><state>deleting</state><tagSet>"
                            + "<item><key>cairn:address</key><value>network.nat[a]</value></item></tagSet></item>"
                            + "</natGatewaySet>");

            var found = new Ec2TagScanner(clients).scan("demo", Set.of("us-east-1"));

            assertThat(found).containsExactly(
                    new TaggedResource("us-east-1", "natgateway", Ec2Kinds.NAT_GATEWAY, "nat-live", "network.nat[a]", "deleting"),
                    new TaggedResource("us-east-1", "launch-template", null, "lt-1", "web.launch-template", ""));
        }
    }
}
