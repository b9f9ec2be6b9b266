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
                            + tag("vol-1", "volume", "cairn:stack", "demo")
                            + tag("vol-1", "volume", "cairn:address", "web.volume")
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
                    new TaggedResource("us-east-1", "volume", null, "vol-1", "web.volume", ""));
        }
    }

    private static String instance(String id, String group) {
        return "<item><instanceId>" + id + "</instanceId><instanceState><code>16</code><name>running</name></instanceState><tagSet>"
                + "<item><key>cairn:stack</key><value>demo</value></item>"
                + "<item><key>cairn:address</key><value>web.auto-scaling-group</value></item>"
                + "<item><key>aws:autoscaling:groupName</key><value>" + group + "</value></item></tagSet></item>";
    }

    /**
     * An Auto Scaling group's instances carry the stack's tags (propagated); while the group
     * exists they are its own to remove, so the scan leaves them out; once it is gone (a group
     * lost mid-delete), whatever it left is reported.
     */
    @Test
    void scan_leavesOutInstancesOfALiveGroup_andReportsThoseOfAGroupThatIsGone() {
        try (ScriptedEc2 ec2 = new ScriptedEc2(); AwsClients clients = AwsClients.sandbox(ec2.endpoint())) {
            ec2.ok("DescribeTags", "<tagSet>"
                            + tag("i-live", "instance", "cairn:stack", "demo")
                            + tag("i-orphan", "instance", "cairn:stack", "demo")
                            + "</tagSet>")
                    .ok("DescribeInstances", "<reservationSet><item><reservationId>r-1</reservationId><instancesSet>"
                            + instance("i-live", "demo-web") + instance("i-orphan", "demo-old")
                            + "</instancesSet></item></reservationSet>")
                    .okQuery("DescribeAutoScalingGroups", "<AutoScalingGroups><member>"
                            + "<AutoScalingGroupName>demo-web</AutoScalingGroupName><MinSize>1</MinSize><MaxSize>3</MaxSize>"
                            + "<DesiredCapacity>1</DesiredCapacity></member></AutoScalingGroups>");

            var found = new Ec2TagScanner(clients).scan("demo", Set.of("us-east-1"));

            assertThat(found).containsExactly(
                    new TaggedResource("us-east-1", "instance", Ec2Kinds.INSTANCE, "i-orphan", "web.auto-scaling-group", "running"));
            assertThat(ec2.requests()).anyMatch(r -> r.startsWith("Action=DescribeAutoScalingGroups")
                    && r.contains("demo-web") && r.contains("demo-old"));
        }
    }
}
