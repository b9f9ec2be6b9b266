package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.aws.AwsCallException;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.testing.ScriptedEc2;
import dev.cairn.testing.Specs;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AWS rules moto does not reproduce, played by a scripted EC2 endpoint: the handlers must
 * turn them into the polls and retries the engine expects, with messages that name the blocker.
 */
class Ec2AwsRulesTest {

    private static final String REGION = "us-east-1";

    private ScriptedEc2 ec2;
    private AwsClients clients;
    private NetworkFixture f;

    @BeforeEach
    void start() {
        ec2 = new ScriptedEc2();
        clients = AwsClients.sandbox(ec2.endpoint());
        f = new NetworkFixture(AwsHandlers.forClients(clients), "demo", REGION, NetworkFixture.LOCAL_TIMEOUT);
    }

    @AfterEach
    void stop() {
        clients.close();
        ec2.close();
    }

    private ResolvedSpec natSpec() {
        return f.spec(Ec2Kinds.NAT_GATEWAY, "network.nat[a]", Map.of("connectivity", "public"), Map.of());
    }

    @Test
    void natAwaitReady_whenFailed_failsWithAwsFailureCodeAndMessage() {
        ec2.ok("DescribeNatGateways", "<natGatewaySet><item><natGatewayId>nat-0abc</natGatewayId><state>failed</state>"
                + "<failureCode>Gateway.NotAttached</failureCode>"
                + "<failureMessage>Network vpc-1 has no Internet gateway attached</failureMessage></item></natGatewaySet>");

        Poll poll = f.handler(Ec2Kinds.NAT_GATEWAY).awaitReady(f.ctx, natSpec(), LiveResource.of("nat-0abc"));

        assertThat(poll.outcome()).isEqualTo(Poll.Outcome.FAILED);
        assertThat(poll.message().english()).contains("Gateway.NotAttached").contains("has no Internet gateway attached");
    }

    @Test
    void natCreate_sendsTheEnginesClientTokenAndTags() {
        // moto ignores ClientToken; AWS returns the same gateway for a repeated token, which is
        // what makes a retried create safe. Check that the token and tags go on the wire.
        ec2.ok("CreateNatGateway", "<natGateway><natGatewayId>nat-0abc</natGatewayId><state>pending</state>"
                + "<subnetId>subnet-1</subnetId></natGateway>");
        var subnet = Specs.record(f.spec(Ec2Kinds.SUBNET, "network.subnet[public-a]", Map.of(), Map.of()),
                LiveResource.of("subnet-1"));
        var eip = Specs.record(f.spec(Ec2Kinds.ELASTIC_IP, "network.eip[nat-a]", Map.of(), Map.of()),
                LiveResource.of("eipalloc-1"));
        var spec = f.spec(Ec2Kinds.NAT_GATEWAY, "network.nat[a]", Map.of("connectivity", "public"),
                Map.of("subnet", subnet, "eip", eip));

        LiveResource nat = f.handler(Ec2Kinds.NAT_GATEWAY).create(f.ctx, spec, "cairn-demo-nat-a-1");

        assertThat(nat.physicalId()).isEqualTo("nat-0abc");
        assertThat(nat.awsState()).isEqualTo("pending");
        assertThat(ec2.requests()).singleElement().asString()
                .contains("ClientToken=cairn-demo-nat-a-1", "AllocationId=eipalloc-1", "SubnetId=subnet-1",
                        "TagSpecification.1.ResourceType=natgateway", "=cairn:address", "=network.nat[a]");
    }

    @Test
    void natAwaitReady_whenPending_isPendingWithState() {
        ec2.ok("DescribeNatGateways", "<natGatewaySet><item><natGatewayId>nat-0abc</natGatewayId><state>pending</state>"
                + "</item></natGatewaySet>");

        Poll poll = f.handler(Ec2Kinds.NAT_GATEWAY).awaitReady(f.ctx, natSpec(), LiveResource.of("nat-0abc"));

        assertThat(poll.outcome()).isEqualTo(Poll.Outcome.PENDING);
        assertThat(poll.message().english()).isEqualTo("NAT gateway is pending");
    }

    @Test
    void natAwaitGone_whenNotFound_isDone() {
        ec2.fail("DescribeNatGateways", 400, "NatGatewayNotFound", "NAT gateway nat-0abc was not found");
        var record = Specs.record(natSpec(), LiveResource.of("nat-0abc"));

        assertThat(f.handler(Ec2Kinds.NAT_GATEWAY).awaitGone(f.ctx, record).outcome()).isEqualTo(Poll.Outcome.DONE);
        assertThat(f.handler(Ec2Kinds.NAT_GATEWAY).read(f.ctx, record)).isEmpty();
    }

    @Test
    void subnetDelete_whenDependencyViolation_isRetryableNamingTheNatInterface() {
        ec2.fail("DeleteSubnet", 400, "DependencyViolation", "The subnet 'subnet-1' has dependencies and cannot be deleted.")
                .ok("DescribeNetworkInterfaces", "<networkInterfaceSet><item><networkInterfaceId>eni-0nat</networkInterfaceId>"
                        + "<interfaceType>nat_gateway</interfaceType></item></networkInterfaceSet>");
        var spec = f.spec(Ec2Kinds.SUBNET, "network.subnet[public-a]", Map.of("cidr", "10.0.0.0/24"), Map.of());

        assertThatThrownBy(() -> f.handler(Ec2Kinds.SUBNET).delete(f.ctx, Specs.record(spec, LiveResource.of("subnet-1"))))
                .isInstanceOf(RetryableException.class)
                .hasMessage("waiting for network interface eni-0nat (nat_gateway) to be released from subnet-1")
                .satisfies(e -> assertThat(((RetryableException) e).awsCode()).isEqualTo("DependencyViolation"));
    }

    @Test
    void igwDetach_whenAddressesMapped_isRetryableNamingTheAddress() {
        ec2.fail("DetachInternetGateway", 400, "DependencyViolation",
                        "Network vpc-1 has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.")
                .ok("DescribeNetworkInterfaces", "<networkInterfaceSet><item><networkInterfaceId>eni-0nat</networkInterfaceId>"
                        + "<interfaceType>nat_gateway</interfaceType><association><publicIp>3.34.1.2</publicIp></association>"
                        + "</item></networkInterfaceSet>");
        var spec = f.spec(Ec2Kinds.IGW_ATTACHMENT, "network.igw-attachment", Map.of(), Map.of());

        assertThatThrownBy(() -> f.handler(Ec2Kinds.IGW_ATTACHMENT).delete(f.ctx,
                        Specs.record(spec, LiveResource.of("igw-1:vpc-1"))))
                .isInstanceOf(RetryableException.class)
                .hasMessageContaining("public address 3.34.1.2 (eni-0nat, nat_gateway)")
                .hasMessageContaining("before detaching igw-1");
    }

    @Test
    void vpcDelete_whenDependencyViolation_namesWhatRemains() {
        ec2.fail("DeleteVpc", 400, "DependencyViolation", "The vpc 'vpc-1' has dependencies and cannot be deleted.")
                .ok("DescribeSubnets", "<subnetSet><item><subnetId>subnet-1</subnetId></item></subnetSet>")
                .ok("DescribeInternetGateways", "<internetGatewaySet><item><internetGatewayId>igw-1</internetGatewayId>"
                        + "</item></internetGatewaySet>")
                .ok("DescribeNatGateways", "<natGatewaySet/>")
                .ok("DescribeRouteTables", "<routeTableSet><item><routeTableId>rtb-main</routeTableId><associationSet><item>"
                        + "<main>true</main></item></associationSet></item><item><routeTableId>rtb-2</routeTableId>"
                        + "</item></routeTableSet>")
                .ok("DescribeNetworkInterfaces", "<networkInterfaceSet/>");
        var spec = f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.0.0.0/16"), Map.of());

        assertThatThrownBy(() -> f.handler(Ec2Kinds.VPC).delete(f.ctx, Specs.record(spec, LiveResource.of("vpc-1"))))
                .isInstanceOf(RetryableException.class)
                .hasMessage("waiting for subnet subnet-1, internet gateway igw-1, route table rtb-2 to be deleted from vpc-1");
    }

    @Test
    void elasticIpDelete_whenAlreadyReleased_succeeds() {
        ec2.fail("DescribeAddresses", 400, "InvalidAllocationID.NotFound", "The allocation ID 'eipalloc-1' does not exist");
        var spec = f.spec(Ec2Kinds.ELASTIC_IP, "network.eip[nat-a]", Map.of(), Map.of());

        f.handler(Ec2Kinds.ELASTIC_IP).delete(f.ctx, Specs.record(spec, LiveResource.of("eipalloc-1")));

        assertThat(ec2.actions()).containsExactly("DescribeAddresses");
    }

    @Test
    void create_whenReferencedResourceNotVisibleYet_isRetryable() {
        ec2.fail("CreateRouteTable", 400, "InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist");
        var vpc = Specs.record(f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.0.0.0/16"), Map.of()),
                LiveResource.of("vpc-1"));
        var spec = f.spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[public]", Map.of("tier", "public"), Map.of("vpc", vpc));

        assertThatThrownBy(() -> f.handler(Ec2Kinds.ROUTE_TABLE).create(f.ctx, spec, "token"))
                .isInstanceOf(RetryableException.class)
                .hasMessageContaining("eventual consistency")
                .hasCauseInstanceOf(AwsCallException.class);
    }
}
