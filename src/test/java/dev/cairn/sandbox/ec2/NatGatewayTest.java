package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SandboxConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.internal.waiters.ResponseOrException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** NAT gateways and Elastic IPs: lifecycle, idempotency, lingering ENIs and the rules they bring. */
class NatGatewayTest {
    /** Short waiter backoff: the default EC2 waiter sleeps 15 s between polls. */
    private static final Duration WAITER_DELAY = Duration.ofMillis(20);
    private static final Duration LINGER = Duration.ofMillis(400);

    private SandboxServer server;
    private Ec2Client ec2;
    private String vpcId;
    private String subnetId;
    private String igwId;

    private void start(SandboxConfig config, boolean withGateway) {
        server = SandboxServer.start(config);
        ec2 = SandboxClients.ec2(server);
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.0.0/24").availabilityZone("ap-northeast-2a"))
                .subnet().subnetId();
        if (withGateway) {
            igwId = ec2.createInternetGateway().internetGateway().internetGatewayId();
            ec2.attachInternetGateway(r -> r.internetGatewayId(igwId).vpcId(vpcId));
        }
    }

    @AfterEach
    void stop() {
        if (ec2 != null) {
            ec2.close();
            server.close();
        }
    }

    private String allocate() {
        return ec2.allocateAddress(r -> r.domain(DomainType.VPC).tagSpecifications(TagSpecification.builder()
                .resourceType(ResourceType.ELASTIC_IP).tags(Tag.builder().key("Name").value("nat-eip").build()).build()))
                .allocationId();
    }

    private NatGateway createNat(String allocationId, String token) {
        return ec2.createNatGateway(r -> r.subnetId(subnetId).allocationId(allocationId).clientToken(token)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.NATGATEWAY)
                        .tags(Tag.builder().key("Name").value("nat-a").build()).build())).natGateway();
    }

    private NatGateway describeNat(String id) {
        return ec2.describeNatGateways(r -> r.natGatewayIds(id)).natGateways().get(0);
    }

    @Test
    void createNatGateway_whenInstant_answersPendingThenAvailable() {
        start(SandboxConfig.instant(), true);
        String eip = allocate();
        NatGateway created = createNat(eip, "token-1");

        assertThat(created.natGatewayId()).matches("nat-[0-9a-f]{17}");
        assertThat(created.state()).isEqualTo(NatGatewayState.PENDING);
        assertThat(created.vpcId()).isEqualTo(vpcId);
        assertThat(created.createTime()).isNotNull();
        NatGateway described = describeNat(created.natGatewayId());
        assertThat(described.state()).isEqualTo(NatGatewayState.AVAILABLE);
        assertThat(described.natGatewayAddresses()).singleElement().satisfies(a -> {
            assertThat(a.allocationId()).isEqualTo(eip);
            assertThat(a.privateIp()).isEqualTo("10.0.0.4");
            assertThat(a.networkInterfaceId()).matches("eni-[0-9a-f]{17}");
        });
        assertThat(described.tags()).extracting(Tag::value).containsExactly("nat-a");
    }

    @Test
    void createNatGateway_ownsAnEniInItsSubnetAndTheEipMapsToIt() {
        start(SandboxConfig.instant(), true);
        String eip = allocate();
        NatGateway nat = createNat(eip, null);

        NetworkInterface eni = ec2.describeNetworkInterfaces(r -> r.filters(Filter.builder().name("subnet-id").values(subnetId).build())).networkInterfaces().get(0);
        assertThat(eni.interfaceTypeAsString()).isEqualTo("nat_gateway");
        assertThat(eni.requesterManaged()).isTrue();
        assertThat(eni.description()).contains(nat.natGatewayId());
        assertThat(eni.association().allocationId()).isEqualTo(eip);
        Address address = ec2.describeAddresses(r -> r.allocationIds(eip)).addresses().get(0);
        assertThat(address.networkInterfaceId()).isEqualTo(eni.networkInterfaceId());
        assertThat(address.associationId()).matches("eipassoc-[0-9a-f]{17}");
        assertThat(address.privateIpAddress()).isEqualTo(eni.privateIpAddress());
        assertThat(ec2.describeSubnets(r -> r.subnetIds(subnetId)).subnets().get(0).availableIpAddressCount()).isEqualTo(250);
    }

    @Test
    void createNatGateway_whenClientTokenRepeated_returnsSameGatewayAndMakesNoSecond() {
        start(SandboxConfig.instant(), true);
        String eip = allocate();
        NatGateway first = createNat(eip, "same-token");
        NatGateway second = createNat(eip, "same-token");

        assertThat(second.natGatewayId()).isEqualTo(first.natGatewayId());
        assertThat(ec2.describeNatGateways().natGateways()).hasSize(1);
        assertThat(ec2.describeNetworkInterfaces().networkInterfaces()).hasSize(1);
    }

    @Test
    void createNatGateway_whenClientTokenReusedWithOtherParameters_failsWithIdempotentParameterMismatch() {
        start(SandboxConfig.instant(), true);
        String eip = allocate();
        createNat(eip, "token");
        String other = allocate();
        assertEc2Error(() -> createNat(other, "token"), "IdempotentParameterMismatch");
    }

    @Test
    void createNatGateway_whenPublicWithoutAllocation_failsWithMissingParameter() {
        start(SandboxConfig.instant(), true);
        assertEc2Error(() -> ec2.createNatGateway(r -> r.subnetId(subnetId)), "MissingParameter");
    }

    @Test
    void createNatGateway_whenAddressAlreadyUsed_failsWithResourceAlreadyAssociated() {
        start(SandboxConfig.instant(), true);
        String eip = allocate();
        createNat(eip, null);
        assertEc2Error(() -> createNat(eip, null), "Resource.AlreadyAssociated");
    }

    @Test
    void createNatGateway_whenVpcHasNoInternetGateway_fails() {
        start(SandboxConfig.instant(), false);
        String eip = allocate();
        NatGateway nat = createNat(eip, null);

        NatGateway described = describeNat(nat.natGatewayId());
        assertThat(described.state()).isEqualTo(NatGatewayState.FAILED);
        assertThat(described.failureCode()).isEqualTo("Gateway.NotAttached");
        assertThat(described.failureMessage()).isEqualTo("Network " + vpcId + " has no Internet gateway attached");
        // A failed gateway gives back its interface and its address.
        assertThat(ec2.describeNetworkInterfaces().networkInterfaces()).isEmpty();
        ec2.releaseAddress(r -> r.allocationId(eip));
        ec2.deleteSubnet(r -> r.subnetId(subnetId));
    }

    @Test
    void describeNatGateways_whenUnknown_failsWithNatGatewayNotFound() {
        start(SandboxConfig.instant(), true);
        String message = assertEc2Error(() -> ec2.describeNatGateways(r -> r.natGatewayIds("nat-00000000000000000")),
                "NatGatewayNotFound");
        assertThat(message).isEqualTo("NAT gateway nat-00000000000000000 was not found.");
    }

    @Test
    void describeNetworkInterfaces_whenUnknown_failsWithInvalidNetworkInterfaceIdNotFound() {
        start(SandboxConfig.instant(), true);
        assertEc2Error(() -> ec2.describeNetworkInterfaces(r -> r.networkInterfaceIds("eni-00000000000000000")),
                "InvalidNetworkInterfaceID.NotFound");
    }

    @Test
    void createNatGateway_whenPrivate_needsNoGatewayNorAddress() {
        start(SandboxConfig.instant(), false);
        NatGateway nat = ec2.createNatGateway(r -> r.subnetId(subnetId).connectivityType("private")).natGateway();
        NatGateway described = describeNat(nat.natGatewayId());
        assertThat(described.state()).isEqualTo(NatGatewayState.AVAILABLE);
        assertThat(described.connectivityTypeAsString()).isEqualTo("private");
        assertThat(described.natGatewayAddresses()).singleElement()
                .satisfies(a -> assertThat(a.publicIp()).isNull());
    }

    @Test
    void createRoute_toNatGateway_isActiveUntilTheGatewayIsDeleted() {
        start(SandboxConfig.instant(), true);
        NatGateway nat = createNat(allocate(), null);
        String table = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat.natGatewayId()));
        var tables = ec2.describeRouteTables(r -> r.filters(Filter.builder().name("route.nat-gateway-id").values(nat.natGatewayId()).build()));
        assertThat(tables.routeTables()).singleElement().satisfies(t -> assertThat(t.routes())
                .filteredOn(r -> nat.natGatewayId().equals(r.natGatewayId())).singleElement()
                .satisfies(r -> assertThat(r.stateAsString()).isEqualTo("active")));

        ec2.deleteNatGateway(r -> r.natGatewayId(nat.natGatewayId()));

        assertThat(ec2.describeRouteTables(r -> r.routeTableIds(table)).routeTables().get(0).routes())
                .filteredOn(r -> nat.natGatewayId().equals(r.natGatewayId())).singleElement()
                .satisfies(r -> assertThat(r.stateAsString()).isEqualTo("blackhole"));
    }

    @Test
    void createRoute_whenNatGatewayInOtherVpc_failsWithInvalidParameterValue() {
        start(SandboxConfig.instant(), true);
        NatGateway nat = createNat(allocate(), null);
        String otherVpc = ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        String table = ec2.createRouteTable(r -> r.vpcId(otherVpc)).routeTable().routeTableId();
        assertEc2Error(() -> ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0")
                .natGatewayId(nat.natGatewayId())), "InvalidParameterValue");
    }

    @Test
    void describeNatGateways_whenFilteredByStateAndVpc_returnsMatches() {
        start(SandboxConfig.instant(), true);
        NatGateway nat = createNat(allocate(), null);
        assertThat(ec2.describeNatGateways(r -> r.filter(Filter.builder().name("state").values("available").build(),
                Filter.builder().name("vpc-id").values(vpcId).build())).natGateways()).extracting(NatGateway::natGatewayId)
                .containsExactly(nat.natGatewayId());
        assertThat(ec2.describeNatGateways(r -> r.filter(Filter.builder().name("state").values("pending").build())).natGateways()).isEmpty();
    }

    @Test
    void deleteSubnet_whenNatGatewayHoldsEni_failsWithDependencyViolation() {
        start(SandboxConfig.instant(), true);
        createNat(allocate(), null);
        String message = assertEc2Error(() -> ec2.deleteSubnet(r -> r.subnetId(subnetId)), "DependencyViolation");
        assertThat(message).isEqualTo("The subnet '" + subnetId + "' has dependencies and cannot be deleted.");
    }

    @Test
    void releaseAddress_whenNatGatewayHoldsIt_failsWithInvalidIpAddressInUse() {
        start(SandboxConfig.instant(), true);
        String eip = allocate();
        createNat(eip, null);
        assertEc2Error(() -> ec2.releaseAddress(r -> r.allocationId(eip)), "InvalidIPAddress.InUse");
    }

    @Test
    void detachInternetGateway_whenNatMapsPublicAddress_failsWithDependencyViolation() {
        start(SandboxConfig.instant(), true);
        createNat(allocate(), null);
        String message = assertEc2Error(() -> ec2.detachInternetGateway(r -> r.internetGatewayId(igwId).vpcId(vpcId)),
                "DependencyViolation");
        assertThat(message).isEqualTo("Network " + vpcId + " has some mapped public address(es). "
                + "Please unmap those public address(es) before detaching the gateway.");
    }

    @Test
    void deleteNatGateway_whenEniLingers_blocksSubnetUntilLingerPasses() throws InterruptedException {
        start(SandboxConfig.instant().withEniLinger(LINGER), true);
        String eip = allocate();
        NatGateway nat = createNat(eip, null);
        String natId = nat.natGatewayId();
        assertThat(describeNat(natId).state()).isEqualTo(NatGatewayState.AVAILABLE);

        String deleted = ec2.deleteNatGateway(r -> r.natGatewayId(natId)).natGatewayId();
        assertThat(deleted).isEqualTo(natId);
        NatGateway gone = describeNat(natId);
        assertThat(gone.state()).isEqualTo(NatGatewayState.DELETED);
        assertThat(gone.deleteTime()).isNotNull();
        // The deleted gateway's interface lingers: the subnet and the address are still held.
        assertEc2Error(() -> ec2.deleteSubnet(r -> r.subnetId(subnetId)), "DependencyViolation");
        assertEc2Error(() -> ec2.releaseAddress(r -> r.allocationId(eip)), "InvalidIPAddress.InUse");
        assertEc2Error(() -> ec2.detachInternetGateway(r -> r.internetGatewayId(igwId).vpcId(vpcId)), "DependencyViolation");

        Thread.sleep(LINGER.toMillis() + 100);

        assertThat(ec2.describeNetworkInterfaces().networkInterfaces()).isEmpty();
        assertThat(describeNat(natId).state()).isEqualTo(NatGatewayState.DELETED);
        ec2.releaseAddress(r -> r.allocationId(eip));
        ec2.deleteSubnet(r -> r.subnetId(subnetId));
        ec2.detachInternetGateway(r -> r.internetGatewayId(igwId).vpcId(vpcId));
        ec2.deleteInternetGateway(r -> r.internetGatewayId(igwId));
        ec2.deleteVpc(r -> r.vpcId(vpcId));
        // The deleted gateway stays visible but counts as gone: nothing live remains.
        assertThat(ec2.describeNatGateways().natGateways()).hasSize(1);
        assertThat(server.resources()).isEmpty();
    }

    @Test
    void waitUntilNatGatewayAvailable_whenRealistic_pollsUntilAvailable() {
        start(SandboxConfig.realistic(0.003), true);
        NatGateway nat = createNat(allocate(), null);
        assertThat(nat.state()).isEqualTo(NatGatewayState.PENDING);

        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .backoffStrategyV2(BackoffStrategy.fixedDelay(WAITER_DELAY)).maxAttempts(200).build()).build()) {
            WaiterResponse<DescribeNatGatewaysResponse> response =
                    waiter.waitUntilNatGatewayAvailable(r -> r.natGatewayIds(nat.natGatewayId()));
            ResponseOrException<DescribeNatGatewaysResponse> result = response.matched();
            assertThat(result.response()).isPresent();
            assertThat(result.response().get().natGateways().get(0).state()).isEqualTo(NatGatewayState.AVAILABLE);
            // ≈100 s × 0.003 = 300 ms at 20 ms per poll: the waiter had to poll several times.
            assertThat(response.attemptsExecuted()).isGreaterThan(3);
        }
    }

    @Test
    void deleteNatGateway_whenRealistic_goesThroughDeletingToDeleted() {
        start(SandboxConfig.realistic(0.003), true);
        NatGateway nat = createNat(allocate(), null);
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .backoffStrategyV2(BackoffStrategy.fixedDelay(WAITER_DELAY)).maxAttempts(200).build()).build()) {
            waiter.waitUntilNatGatewayAvailable(r -> r.natGatewayIds(nat.natGatewayId()));
            ec2.deleteNatGateway(r -> r.natGatewayId(nat.natGatewayId()));
            assertThat(describeNat(nat.natGatewayId()).state()).isEqualTo(NatGatewayState.DELETING);
            WaiterResponse<DescribeNatGatewaysResponse> deleted =
                    waiter.waitUntilNatGatewayDeleted(r -> r.natGatewayIds(nat.natGatewayId()));
            assertThat(deleted.matched().response()).isPresent();
        }
    }

    @Test
    void createVpc_whenRealistic_isPendingUntilTheVpcWaiterSeesItAvailable() {
        start(SandboxConfig.realistic(0.5), false);
        var vpc = ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16")).vpc();
        assertThat(vpc.stateAsString()).isEqualTo("pending");
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100))).maxAttempts(100).build()).build()) {
            WaiterResponse<DescribeVpcsResponse> r = waiter.waitUntilVpcAvailable(b -> b.vpcIds(vpc.vpcId()));
            assertThat(r.matched().response().get().vpcs().get(0).stateAsString()).isEqualTo("available");
        }
    }

    @Test
    void describeNetworkInterfaces_whenFilteredByPublicIpAndType_findsTheNatInterface() {
        start(SandboxConfig.instant(), true);
        String eip = allocate();
        NatGateway nat = createNat(eip, null);
        String publicIp = ec2.describeAddresses(r -> r.allocationIds(eip)).addresses().get(0).publicIp();

        var enis = ec2.describeNetworkInterfaces(r -> r.filters(
                Filter.builder().name("association.public-ip").values(publicIp).build(),
                Filter.builder().name("interface-type").values("nat_gateway").build())).networkInterfaces();
        assertThat(enis).singleElement().satisfies(e -> assertThat(e.networkInterfaceId())
                .isEqualTo(nat.natGatewayAddresses().get(0).networkInterfaceId()));
        assertThat(ec2.describeAddresses(r -> r.publicIps(publicIp)).addresses()).extracting(Address::allocationId)
                .containsExactly(eip);
    }

    @Test
    void createSubnet_whenRealistic_isPendingUntilTheSubnetWaiterSeesItAvailable() {
        start(SandboxConfig.realistic(0.5), false);
        var subnet = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.9.0/24")).subnet();
        assertThat(subnet.stateAsString()).isEqualTo("pending");
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100))).maxAttempts(100).build()).build()) {
            var r = waiter.waitUntilSubnetAvailable(b -> b.subnetIds(subnet.subnetId()));
            assertThat(r.matched().response().get().subnets().get(0).stateAsString()).isEqualTo("available");
            assertThat(r.attemptsExecuted()).isGreaterThan(1);
        }
    }

    @Test
    void allocateAddress_whenTagged_describeAddressesFiltersByDomainAndTag() {
        start(SandboxConfig.instant(), false);
        String eip = allocate();
        var allocated = ec2.describeAddresses(r -> r.filters(Filter.builder().name("domain").values("vpc").build(),
                Filter.builder().name("tag:Name").values("nat-eip").build())).addresses();
        assertThat(allocated).singleElement().satisfies(a -> {
            assertThat(a.allocationId()).isEqualTo(eip).matches("eipalloc-[0-9a-f]{17}");
            assertThat(a.publicIp()).startsWith("3.34.");
            assertThat(a.associationId()).isNull();
        });
    }

    @Test
    void allocateAddress_whenQuotaReached_failsWithAddressLimitExceeded() {
        start(SandboxConfig.instant(), false);
        for (int i = 0; i < Addresses.ADDRESS_LIMIT; i++) {
            allocate();
        }
        assertEc2Error(this::allocate, "AddressLimitExceeded");
    }

    @Test
    void releaseAddress_whenUnknown_failsWithInvalidAllocationIdNotFound() {
        start(SandboxConfig.instant(), false);
        String eip = allocate();
        ec2.releaseAddress(r -> r.allocationId(eip));
        assertEc2Error(() -> ec2.releaseAddress(r -> r.allocationId(eip)), "InvalidAllocationID.NotFound");
    }
}
