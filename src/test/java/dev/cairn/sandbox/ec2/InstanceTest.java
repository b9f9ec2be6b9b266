package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SandboxConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** Instances: launch rules, states, ENIs, Elastic IP association, and what termination frees. */
class InstanceTest {
    /** Short waiter backoff: the default EC2 waiter sleeps 15 s between polls. */
    private static final Duration WAITER_DELAY = Duration.ofMillis(20);

    private SandboxServer server;
    private Ec2Client ec2;
    private String vpcId;
    private String subnetId;
    private String sgId;
    private String imageX86;
    private String imageArm;

    private void start(SandboxConfig config) {
        server = SandboxServer.start(config);
        ec2 = SandboxClients.ec2(server);
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16")).vpc().vpcId();
        subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.1.1.0/24").availabilityZone("ap-northeast-2a"))
                .subnet().subnetId();
        sgId = ec2.createSecurityGroup(r -> r.groupName("vpn").description("vpn").vpcId(vpcId)).groupId();
        imageX86 = image("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64");
        imageArm = image("al2023-ami-2023.6.20251110.0-kernel-6.1-arm64");
    }

    private String image(String name) {
        return ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name").values(name).build()))
                .images().get(0).imageId();
    }

    @AfterEach
    void stop() {
        if (ec2 != null) {
            ec2.close();
            server.close();
        }
    }

    private Instance run(RunInstancesRequest.Builder r) {
        return ec2.runInstances(r.imageId(imageX86).instanceType(InstanceType.T3_MICRO).subnetId(subnetId)
                .securityGroupIds(sgId).minCount(1).maxCount(1).build()).instances().get(0);
    }

    private Instance describe(String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    @Test
    void runInstances_always_createsPendingInstanceWithItsOwnEni() {
        start(SandboxConfig.instant());
        ec2.createKeyPair(r -> r.keyName("ops"));

        Instance i = run(RunInstancesRequest.builder().keyName("ops")
                .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED))
                .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.encrypted(true).volumeSize(8)))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(Tag.builder().key("Name").value("vpn").build()).build(),
                        TagSpecification.builder().resourceType(ResourceType.VOLUME)
                                .tags(Tag.builder().key("Name").value("vpn-root").build()).build()));

        assertThat(i.instanceId()).matches("i-[0-9a-f]{17}");
        assertThat(i.state().name()).isEqualTo(InstanceStateName.PENDING);
        assertThat(i.state().code()).isZero();
        assertThat(i.privateIpAddress()).isEqualTo("10.1.1.4");
        assertThat(i.publicIpAddress()).isNull();
        assertThat(i.keyName()).isEqualTo("ops");
        assertThat(i.metadataOptions().httpTokens()).isEqualTo(HttpTokensState.REQUIRED);
        assertThat(i.tags()).containsExactly(Tag.builder().key("Name").value("vpn").build());
        assertThat(i.securityGroups()).singleElement().satisfies(g -> assertThat(g.groupId()).isEqualTo(sgId));
        Instance running = describe(i.instanceId());
        assertThat(running.state().name()).isEqualTo(InstanceStateName.RUNNING);
        NetworkInterface eni = ec2.describeNetworkInterfaces(r -> r.filters(Filter.builder()
                .name("attachment.instance-id").values(i.instanceId()).build())).networkInterfaces().get(0);
        assertThat(eni.interfaceTypeAsString()).isEqualTo("interface");
        assertThat(eni.privateIpAddress()).isEqualTo("10.1.1.4");
        assertThat(eni.groups()).singleElement().satisfies(g -> assertThat(g.groupId()).isEqualTo(sgId));
        assertThat(eni.attachment().instanceId()).isEqualTo(i.instanceId());
        assertThat(ec2.describeSubnets(r -> r.subnetIds(subnetId)).subnets().get(0).availableIpAddressCount())
                .isEqualTo(250);
    }

    @Test
    void runInstances_whenSubnetMapsPublicIps_givesAPublicIp() {
        start(SandboxConfig.instant());
        ec2.modifySubnetAttribute(r -> r.subnetId(subnetId).mapPublicIpOnLaunch(a -> a.value(true)));

        Instance i = run(RunInstancesRequest.builder());

        assertThat(i.publicIpAddress()).matches("3\\.34\\.\\d+\\.\\d+");
        NetworkInterface eni = ec2.describeNetworkInterfaces(r -> r.networkInterfaceIds(
                i.networkInterfaces().get(0).networkInterfaceId())).networkInterfaces().get(0);
        assertThat(eni.association().publicIp()).isEqualTo(i.publicIpAddress());
        assertThat(eni.association().ipOwnerId()).isEqualTo("amazon");
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
        String message = assertEc2Error(() -> ec2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId)),
                "DependencyViolation");
        assertThat(message).contains("has some mapped public address(es)");
        ec2.terminateInstances(r -> r.instanceIds(i.instanceId()));
        ec2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
    }

    @Test
    void runInstances_withoutGroups_usesTheVpcDefaultGroup() {
        start(SandboxConfig.instant());
        String defaultSg = ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name")
                .values("default").build())).securityGroups().get(0).groupId();

        Instance i = ec2.runInstances(r -> r.imageId(imageX86).instanceType(InstanceType.T3_MICRO).subnetId(subnetId)
                .minCount(1).maxCount(1)).instances().get(0);

        assertThat(i.securityGroups()).singleElement().satisfies(g -> assertThat(g.groupId()).isEqualTo(defaultSg));
    }

    @Test
    void runInstances_withBadReferences_answersAwsErrors() {
        start(SandboxConfig.instant());

        String message = assertEc2Error(() -> ec2.runInstances(r -> r.imageId("ami-0123456789abcdef0")
                .instanceType(InstanceType.T3_MICRO).subnetId(subnetId).minCount(1).maxCount(1)), "InvalidAMIID.NotFound");
        assertThat(message).isEqualTo("The image id '[ami-0123456789abcdef0]' does not exist");
        assertEc2Error(() -> run(RunInstancesRequest.builder().keyName("nobody")), "InvalidKeyPair.NotFound");
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(imageX86).instanceType(InstanceType.T3_MICRO)
                .subnetId(subnetId).securityGroupIds("sg-0123456789abcdef0").minCount(1).maxCount(1)),
                "InvalidGroup.NotFound");
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(imageArm).instanceType(InstanceType.T3_MICRO)
                .subnetId(subnetId).minCount(1).maxCount(1)), "InvalidParameterValue");
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(imageX86).instanceType(InstanceType.T3_MICRO)
                .subnetId(subnetId).minCount(1).maxCount(1)
                .networkInterfaces(n -> n.deviceIndex(0).subnetId(subnetId))), "InvalidParameterCombination");
        assertThat(ec2.describeInstances().reservations()).isEmpty();
    }

    @Test
    void runInstances_withNetworkInterfaceForm_launchesInThatSubnet() {
        start(SandboxConfig.instant());

        Instance i = ec2.runInstances(r -> r.imageId(imageArm).instanceType(InstanceType.T4_G_SMALL).minCount(1)
                .maxCount(1).networkInterfaces(n -> n.deviceIndex(0).subnetId(subnetId).groups(sgId)
                        .associatePublicIpAddress(true))).instances().get(0);

        assertThat(i.subnetId()).isEqualTo(subnetId);
        assertThat(i.architectureAsString()).isEqualTo("arm64");
        assertThat(i.publicIpAddress()).isNotNull();
    }

    @Test
    void runInstances_withSameClientToken_returnsTheSameInstance() {
        start(SandboxConfig.instant());

        Instance first = run(RunInstancesRequest.builder().clientToken("launch-1"));
        Instance again = run(RunInstancesRequest.builder().clientToken("launch-1"));

        assertThat(again.instanceId()).isEqualTo(first.instanceId());
        assertThat(ec2.describeInstances().reservations()).hasSize(1);
        assertEc2Error(() -> ec2.runInstances(r -> r.clientToken("launch-1").imageId(imageX86)
                .instanceType(InstanceType.T3_SMALL).subnetId(subnetId).securityGroupIds(sgId).minCount(1).maxCount(1)),
                "IdempotentParameterMismatch");
    }

    @Test
    void runInstances_onRealisticProfile_waiterSeesPendingThenRunning() {
        start(SandboxConfig.realistic(0.1));
        Instance i = run(RunInstancesRequest.builder());
        assertThat(describe(i.instanceId()).state().name()).isEqualTo(InstanceStateName.PENDING);

        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration
                .builder().backoffStrategyV2(BackoffStrategy.fixedDelay(WAITER_DELAY)).maxAttempts(1000).build()).build()) {
            Instance running = waiter.waitUntilInstanceRunning(r -> r.instanceIds(i.instanceId())).matched().response()
                    .orElseThrow().reservations().get(0).instances().get(0);
            assertThat(running.state().name()).isEqualTo(InstanceStateName.RUNNING);
        }

        ec2.terminateInstances(r -> r.instanceIds(i.instanceId()));
        assertThat(describe(i.instanceId()).state().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration
                .builder().backoffStrategyV2(BackoffStrategy.fixedDelay(WAITER_DELAY)).maxAttempts(1000).build()).build()) {
            waiter.waitUntilInstanceTerminated(r -> r.instanceIds(i.instanceId()));
        }
        assertThat(describe(i.instanceId()).state().name()).isEqualTo(InstanceStateName.TERMINATED);
    }

    @Test
    void describeInstanceStatus_afterRunning_turnsOkAndWaiterSeesIt() {
        start(SandboxConfig.realistic(0.05));
        Instance i = run(RunInstancesRequest.builder());
        assertThat(ec2.describeInstanceStatus(r -> r.instanceIds(i.instanceId())).instanceStatuses()).isEmpty();
        assertThat(ec2.describeInstanceStatus(r -> r.instanceIds(i.instanceId()).includeAllInstances(true))
                .instanceStatuses()).singleElement()
                .satisfies(s -> assertThat(s.instanceState().name()).isEqualTo(InstanceStateName.PENDING));

        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration
                .builder().backoffStrategyV2(BackoffStrategy.fixedDelay(WAITER_DELAY)).maxAttempts(1000).build()).build()) {
            waiter.waitUntilInstanceStatusOk(r -> r.instanceIds(i.instanceId()));
        }
        var status = ec2.describeInstanceStatus(r -> r.instanceIds(i.instanceId())).instanceStatuses().get(0);
        assertThat(status.instanceStatus().statusAsString()).isEqualTo("ok");
        assertThat(status.systemStatus().statusAsString()).isEqualTo("ok");
        assertThat(status.availabilityZone()).isEqualTo("ap-northeast-2a");
    }

    @Test
    void terminateInstances_blocksSubnetAndGroupUntilTerminated_thenFreesThem() {
        start(SandboxConfig.realistic(0.1));
        Instance i = run(RunInstancesRequest.builder());

        assertEc2Error(() -> ec2.deleteSubnet(r -> r.subnetId(subnetId)), "DependencyViolation");
        String message = assertEc2Error(() -> ec2.deleteSecurityGroup(r -> r.groupId(sgId)), "DependencyViolation");
        assertThat(message).isEqualTo("resource " + sgId + " has a dependent object");
        var change = ec2.terminateInstances(r -> r.instanceIds(i.instanceId())).terminatingInstances().get(0);
        assertThat(change.currentState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
        assertEc2Error(() -> ec2.deleteSubnet(r -> r.subnetId(subnetId)), "DependencyViolation");

        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration
                .builder().backoffStrategyV2(BackoffStrategy.fixedDelay(WAITER_DELAY)).maxAttempts(1000).build()).build()) {
            waiter.waitUntilInstanceTerminated(r -> r.instanceIds(i.instanceId()));
        }
        ec2.deleteSecurityGroup(r -> r.groupId(sgId));
        ec2.deleteSubnet(r -> r.subnetId(subnetId));
        ec2.deleteVpc(r -> r.vpcId(vpcId));
        // The terminated instance stays visible (AWS keeps it about an hour) but is not live.
        assertThat(describe(i.instanceId()).state().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(server.resources()).isEmpty();
    }

    @Test
    void describeInstances_withFiltersAndPages_selectsInstances() {
        start(SandboxConfig.instant());
        ec2.createKeyPair(r -> r.keyName("ops"));
        ec2.runInstances(RunInstancesRequest.builder().imageId(imageX86).instanceType(InstanceType.T3_MICRO)
                .subnetId(subnetId).securityGroupIds(sgId).keyName("ops").minCount(6).maxCount(6)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(Tag.builder().key("role").value("vpn").build()).build()).build());

        List<Instance> all = ec2.describeInstancesPaginator(r -> r.maxResults(5)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
        assertThat(all).hasSize(6);
        assertThat(count(Filter.builder().name("tag:role").values("vpn").build())).isEqualTo(6);
        assertThat(count(Filter.builder().name("instance.group-id").values(sgId).build())).isEqualTo(6);
        assertThat(count(Filter.builder().name("key-name").values("ops").build())).isEqualTo(6);
        assertThat(count(Filter.builder().name("vpc-id").values(vpcId).build())).isEqualTo(6);
        assertThat(count(Filter.builder().name("subnet-id").values("subnet-0").build())).isZero();
        ec2.terminateInstances(r -> r.instanceIds(all.get(0).instanceId()));
        assertThat(count(Filter.builder().name("instance-state-name").values("running").build())).isEqualTo(5);
        assertThat(count(Filter.builder().name("instance-id").values(all.get(0).instanceId()).build())).isEqualTo(1);
        assertEc2Error(() -> ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0")),
                "InvalidInstanceID.NotFound");
    }

    private long count(Filter filter) {
        return ec2.describeInstances(r -> r.filters(filter)).reservations().stream()
                .mapToLong(r -> r.instances().size()).sum();
    }

    @Test
    void associateAddress_toRunningInstance_becomesItsPublicIpAndBlocksRelease() {
        start(SandboxConfig.instant());
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
        Instance i = run(RunInstancesRequest.builder());
        var eip = ec2.allocateAddress(r -> r.domain(DomainType.VPC));

        String association = ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(i.instanceId()))
                .associationId();

        assertThat(association).matches("eipassoc-[0-9a-f]{17}");
        Address a = ec2.describeAddresses(r -> r.allocationIds(eip.allocationId())).addresses().get(0);
        assertThat(a.instanceId()).isEqualTo(i.instanceId());
        assertThat(a.associationId()).isEqualTo(association);
        assertThat(a.privateIpAddress()).isEqualTo(i.privateIpAddress());
        assertThat(a.networkInterfaceId()).isNotNull();
        assertThat(describe(i.instanceId()).publicIpAddress()).isEqualTo(eip.publicIp());
        assertEc2Error(() -> ec2.releaseAddress(r -> r.allocationId(eip.allocationId())), "InvalidIPAddress.InUse");
        Instance other = run(RunInstancesRequest.builder());
        assertEc2Error(() -> ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(other.instanceId())),
                "Resource.AlreadyAssociated");

        ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(other.instanceId())
                .allowReassociation(true));
        assertThat(describe(other.instanceId()).publicIpAddress()).isEqualTo(eip.publicIp());
        assertThat(describe(i.instanceId()).publicIpAddress()).isNull();
        String current = ec2.describeAddresses().addresses().get(0).associationId();
        ec2.disassociateAddress(r -> r.associationId(current));
        ec2.releaseAddress(r -> r.allocationId(eip.allocationId()));
        assertEc2Error(() -> ec2.disassociateAddress(r -> r.associationId(current)), "InvalidAssociationID.NotFound");
    }

    @Test
    void associateAddress_whenInstancePendingTerminatedOrVpcWithoutGateway_isRefused() {
        start(SandboxConfig.realistic(0.1));
        var eip = ec2.allocateAddress(r -> r.domain(DomainType.VPC));
        Instance i = run(RunInstancesRequest.builder());

        assertEc2Error(() -> ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(i.instanceId())),
                "InvalidInstanceID");
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration
                .builder().backoffStrategyV2(BackoffStrategy.fixedDelay(WAITER_DELAY)).maxAttempts(1000).build()).build()) {
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(i.instanceId()));
        }
        assertEc2Error(() -> ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(i.instanceId())),
                "Gateway.NotAttached");
        ec2.terminateInstances(r -> r.instanceIds(i.instanceId()));
        assertEc2Error(() -> ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(i.instanceId())),
                "IncorrectInstanceState");
    }

    @Test
    void terminateInstances_withAssociatedAddress_freesTheAddress() {
        start(SandboxConfig.instant());
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
        Instance i = run(RunInstancesRequest.builder());
        var eip = ec2.allocateAddress(r -> r.domain(DomainType.VPC));
        ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(i.instanceId()));

        ec2.terminateInstances(r -> r.instanceIds(i.instanceId()));

        Address a = ec2.describeAddresses().addresses().get(0);
        assertThat(a.associationId()).isNull();
        assertThat(a.instanceId()).isNull();
        ec2.releaseAddress(r -> r.allocationId(eip.allocationId()));
        Reservation r = ec2.describeInstances(q -> q.instanceIds(i.instanceId())).reservations().get(0);
        assertThat(r.instances().get(0).state().name()).isEqualTo(InstanceStateName.TERMINATED);
    }

    @Test
    void stopModifyStart_changesTheTypeOnlyWhileStopped_andGivesANewPublicIp() {
        start(SandboxConfig.instant());
        ec2.modifySubnetAttribute(r -> r.subnetId(subnetId).mapPublicIpOnLaunch(a -> a.value(true)));
        Instance i = run(RunInstancesRequest.builder());
        String firstIp = describe(i.instanceId()).publicIpAddress();

        String whileRunning = assertEc2Error(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(i.instanceId())
                .instanceType(t -> t.value("t3.small"))), "IncorrectInstanceState");
        var stopped = ec2.stopInstances(r -> r.instanceIds(i.instanceId())).stoppingInstances().get(0);
        assertEc2Error(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(i.instanceId())
                .instanceType(t -> t.value("nosuch.type"))), "InvalidParameterValue");
        assertEc2Error(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(i.instanceId())
                .instanceType(t -> t.value("t4g.small"))), "InvalidParameterValue");
        ec2.modifyInstanceAttribute(r -> r.instanceId(i.instanceId()).instanceType(t -> t.value("t3.small")));
        Instance whileStopped = describe(i.instanceId());
        var started = ec2.startInstances(r -> r.instanceIds(i.instanceId())).startingInstances().get(0);
        Instance after = describe(i.instanceId());

        assertThat(whileRunning).contains("is not in the 'stopped' state");
        assertThat(stopped.previousState().nameAsString()).isEqualTo("running");
        assertThat(stopped.currentState().nameAsString()).isEqualTo("stopping");
        assertThat(whileStopped.state().nameAsString()).isEqualTo("stopped");
        assertThat(whileStopped.publicIpAddress()).isNull();
        assertThat(started.previousState().nameAsString()).isEqualTo("stopped");
        assertThat(started.currentState().nameAsString()).isEqualTo("pending");
        assertThat(after.instanceTypeAsString()).isEqualTo("t3.small");
        assertThat(after.state().nameAsString()).isEqualTo("running");
        assertThat(after.publicIpAddress()).isNotNull().isNotEqualTo(firstIp);
    }

    @Test
    void stopAndStart_onRealisticProfile_passThroughStoppingAndPending() {
        start(SandboxConfig.realistic(0.01));
        Instance i = run(RunInstancesRequest.builder());
        String startWhileStopping;
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration
                .builder().backoffStrategyV2(BackoffStrategy.fixedDelay(WAITER_DELAY)).maxAttempts(1000).build()).build()) {
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(i.instanceId()));
            ec2.stopInstances(r -> r.instanceIds(i.instanceId()));
            startWhileStopping = assertEc2Error(() -> ec2.startInstances(r -> r.instanceIds(i.instanceId())),
                    "IncorrectInstanceState");
            waiter.waitUntilInstanceStopped(r -> r.instanceIds(i.instanceId()));
        }
        ec2.terminateInstances(r -> r.instanceIds(i.instanceId()));
        String stopWhileTerminating = assertEc2Error(() -> ec2.stopInstances(r -> r.instanceIds(i.instanceId())),
                "IncorrectInstanceState");

        assertThat(startWhileStopping).contains("not in a state from which it can be started");
        assertThat(stopWhileTerminating).contains("not in a state from which it can be stopped");
    }
}
