package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.core.Call;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnectionStateReasonCode;

/** VPC peering across two regions of one account: one connection, seen and driven from both sides. */
class VpcPeeringTest {
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    private SandboxServer server;
    private Ec2Client seoul;
    private Ec2Client tokyo;
    private String seoulVpc;
    private String tokyoVpc;

    private void start(SandboxConfig config, String tokyoCidr) {
        server = SandboxServer.start(config);
        seoul = SandboxClients.ec2(server, Region.AP_NORTHEAST_2, "sandbox");
        tokyo = SandboxClients.ec2(server, Region.AP_NORTHEAST_1, "sandbox");
        seoulVpc = seoul.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        tokyoVpc = tokyo.createVpc(r -> r.cidrBlock(tokyoCidr)).vpc().vpcId();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            seoul.close();
            tokyo.close();
            server.close();
        }
    }

    private VpcPeeringConnection request() {
        return seoul.createVpcPeeringConnection(r -> r.vpcId(seoulVpc).peerVpcId(tokyoVpc).peerRegion("ap-northeast-1")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VPC_PEERING_CONNECTION)
                        .tags(Tag.builder().key("Name").value("seoul-tokyo").build()).build())).vpcPeeringConnection();
    }

    private static VpcPeeringConnection get(Ec2Client ec2, String id) {
        return ec2.describeVpcPeeringConnections(r -> r.vpcPeeringConnectionIds(id)).vpcPeeringConnections().get(0);
    }

    /** Polls like a waiter until the connection reaches the state (the SDK has no peering-active waiter with filters). */
    private static VpcPeeringConnection await(Ec2Client ec2, String id, VpcPeeringConnectionStateReasonCode state)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            VpcPeeringConnection p = get(ec2, id);
            if (p.status().code() == state || System.nanoTime() > deadline) {
                return p;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    @Test
    void createVpcPeeringConnection_acrossRegions_isPendingOnBothSidesThenActiveAfterAccept() throws Exception {
        // 0.25: the 2 s initiation lasts 500 ms, long enough to look from the accepter's side.
        start(SandboxConfig.realistic(0.25), "10.1.0.0/16");

        VpcPeeringConnection created = request();
        assertThat(created.vpcPeeringConnectionId()).matches("pcx-[0-9a-f]{17}");
        assertThat(created.status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.INITIATING_REQUEST);
        String id = created.vpcPeeringConnectionId();

        // The accepter's region learns of the request only once it is sent.
        assertEc2Error(() -> tokyo.describeVpcPeeringConnections(r -> r.vpcPeeringConnectionIds(id)),
                "InvalidVpcPeeringConnectionID.NotFound");
        await(seoul, id, VpcPeeringConnectionStateReasonCode.PENDING_ACCEPTANCE);
        VpcPeeringConnection pending = get(tokyo, id);
        assertThat(pending.status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.PENDING_ACCEPTANCE);
        assertThat(pending.requesterVpcInfo().vpcId()).isEqualTo(seoulVpc);
        assertThat(pending.requesterVpcInfo().region()).isEqualTo("ap-northeast-2");
        assertThat(pending.requesterVpcInfo().cidrBlock()).isEqualTo("10.0.0.0/16");
        assertThat(pending.requesterVpcInfo().ownerId()).isEqualTo("000000000000");
        assertThat(pending.accepterVpcInfo().vpcId()).isEqualTo(tokyoVpc);
        assertThat(pending.accepterVpcInfo().region()).isEqualTo("ap-northeast-1");
        assertThat(pending.tags()).containsExactly(Tag.builder().key("Name").value("seoul-tokyo").build());
        assertThat(get(seoul, id).status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.PENDING_ACCEPTANCE);

        String wrongSide = assertEc2Error(() -> seoul.acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id)),
                "OperationNotPermitted");
        assertThat(wrongSide).contains("must be accepted in region ap-northeast-1");

        VpcPeeringConnection accepted = tokyo.acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id))
                .vpcPeeringConnection();
        assertThat(accepted.status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.PROVISIONING);
        assertThat(await(seoul, id, VpcPeeringConnectionStateReasonCode.ACTIVE).status().code())
                .isEqualTo(VpcPeeringConnectionStateReasonCode.ACTIVE);
        VpcPeeringConnection active = get(tokyo, id);
        assertThat(active.status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.ACTIVE);
        assertThat(active.accepterVpcInfo().cidrBlock()).isEqualTo("10.1.0.0/16");
        assertEc2Error(() -> tokyo.acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id)),
                "InvalidStateTransition");
    }

    @Test
    void createRoute_toActivePeering_worksFromBothSidesAndBlackholesAfterDelete() throws Exception {
        start(SandboxConfig.instant(), "10.1.0.0/16");
        String id = request().vpcPeeringConnectionId();
        tokyo.acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id));
        String seoulTable = mainTable(seoul, seoulVpc);
        String tokyoTable = mainTable(tokyo, tokyoVpc);

        seoul.createRoute(r -> r.routeTableId(seoulTable).destinationCidrBlock("10.1.0.0/16").vpcPeeringConnectionId(id));
        tokyo.createRoute(r -> r.routeTableId(tokyoTable).destinationCidrBlock("10.0.0.0/16").vpcPeeringConnectionId(id));

        assertThat(peeringRoute(seoul, seoulTable).stateAsString()).isEqualTo("active");
        assertThat(seoul.describeRouteTables(r -> r.filters(Filter.builder().name("route.vpc-peering-connection-id")
                .values(id).build())).routeTables()).hasSize(1);
        assertEc2Error(() -> seoul.createRoute(r -> r.routeTableId(seoulTable).destinationCidrBlock("10.9.0.0/16")
                .vpcPeeringConnectionId("pcx-0123456789abcdef0")), "InvalidVpcPeeringConnectionID.NotFound");

        tokyo.deleteVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id));
        assertThat(get(seoul, id).status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.DELETED);
        assertThat(get(seoul, id).status().message()).isEqualTo("Deleted by 000000000000");
        assertThat(peeringRoute(seoul, seoulTable).stateAsString()).isEqualTo("blackhole");
        assertEc2Error(() -> seoul.deleteVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id)),
                "InvalidStateTransition");
        assertThat(server.resources()).noneMatch(m -> "vpc-peering-connection".equals(m.get("type")));
    }

    private static String mainTable(Ec2Client ec2, String vpcId) {
        return ec2.describeRouteTables(r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build(),
                Filter.builder().name("association.main").values("true").build())).routeTables().get(0).routeTableId();
    }

    private static Route peeringRoute(Ec2Client ec2, String table) {
        return ec2.describeRouteTables(r -> r.routeTableIds(table)).routeTables().get(0).routes().stream()
                .filter(r -> r.vpcPeeringConnectionId() != null).findFirst().orElseThrow();
    }

    @Test
    void deleteVpcPeeringConnection_fromRequester_goesDeletingThenDeleted() throws Exception {
        start(SandboxConfig.realistic(0.25), "10.1.0.0/16");
        String id = request().vpcPeeringConnectionId();
        await(seoul, id, VpcPeeringConnectionStateReasonCode.PENDING_ACCEPTANCE);

        seoul.deleteVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id));

        assertThat(get(tokyo, id).status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.DELETING);
        assertThat(await(tokyo, id, VpcPeeringConnectionStateReasonCode.DELETED).status().code())
                .isEqualTo(VpcPeeringConnectionStateReasonCode.DELETED);
    }

    @Test
    void createVpcPeeringConnection_withOverlappingCidrs_fails() throws Exception {
        start(SandboxConfig.realistic(0.05), "10.0.128.0/17");

        String id = request().vpcPeeringConnectionId();

        VpcPeeringConnection failed = await(seoul, id, VpcPeeringConnectionStateReasonCode.FAILED);
        assertThat(failed.status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.FAILED);
        assertThat(failed.status().message()).isEqualTo(VpcPeerings.PEERING_FAILED_MESSAGE);
        // The accepter never learns of a request that failed on the way.
        assertEc2Error(() -> tokyo.describeVpcPeeringConnections(r -> r.vpcPeeringConnectionIds(id)),
                "InvalidVpcPeeringConnectionID.NotFound");
        assertThat(tokyo.describeVpcPeeringConnections().vpcPeeringConnections()).isEmpty();
    }

    @Test
    void describeVpcPeeringConnections_withFilters_selectsFromEitherSide() {
        start(SandboxConfig.instant(), "10.1.0.0/16");
        String id = request().vpcPeeringConnectionId();

        assertThat(tokyo.describeVpcPeeringConnections(r -> r.filters(Filter.builder().name("status-code")
                .values("pending-acceptance").build())).vpcPeeringConnections()).hasSize(1);
        assertThat(tokyo.describeVpcPeeringConnections(r -> r.filters(Filter.builder()
                .name("accepter-vpc-info.vpc-id").values(tokyoVpc).build())).vpcPeeringConnections()).hasSize(1);
        assertThat(seoul.describeVpcPeeringConnections(r -> r.filters(Filter.builder()
                .name("requester-vpc-info.vpc-id").values(seoulVpc).build(), Filter.builder().name("tag:Name")
                .values("seoul-*").build())).vpcPeeringConnections()).extracting(VpcPeeringConnection::vpcPeeringConnectionId)
                .containsExactly(id);
        assertThat(seoul.describeVpcPeeringConnections(r -> r.filters(Filter.builder().name("vpc-peering-connection-id")
                .values("pcx-0").build())).vpcPeeringConnections()).isEmpty();
        try (Ec2Client other = SandboxClients.ec2(server, Region.EU_WEST_1, "sandbox")) {
            assertEc2Error(() -> other.describeVpcPeeringConnections(r -> r.vpcPeeringConnectionIds(id)),
                    "InvalidVpcPeeringConnectionID.NotFound");
        }
    }

    @Test
    void rejectVpcPeeringConnection_byAccepter_endsTheRequest_whileAccepterCannotDeleteIt() {
        start(SandboxConfig.instant(), "10.1.0.0/16");
        String id = request().vpcPeeringConnectionId();

        assertEc2Error(() -> tokyo.deleteVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id)),
                "OperationNotPermitted");
        assertEc2Error(() -> seoul.rejectVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id)),
                "OperationNotPermitted");
        tokyo.rejectVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id));

        assertThat(get(seoul, id).status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.REJECTED);
        assertEc2Error(() -> tokyo.acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id)),
                "InvalidStateTransition");
    }

    @Test
    void deleteVpc_withPendingRequestFromAnotherAccount_isDependencyViolationUntilRejected() {
        start(SandboxConfig.instant(), "10.1.0.0/16");
        try (Ec2Client partner = SandboxClients.ec2(server, Region.AP_NORTHEAST_2, "partner-key")) {
            String partnerVpc = partner.createVpc(r -> r.cidrBlock("10.7.0.0/16")).vpc().vpcId();
            String id = partner.createVpcPeeringConnection(r -> r.vpcId(partnerVpc).peerVpcId(tokyoVpc)
                    .peerRegion("ap-northeast-1").peerOwnerId("000000000000")).vpcPeeringConnection()
                    .vpcPeeringConnectionId();

            assertThat(get(tokyo, id).requesterVpcInfo().ownerId()).isEqualTo(Call.accountFor("partner-key"));
            assertEc2Error(() -> tokyo.deleteVpc(r -> r.vpcId(tokyoVpc)), "DependencyViolation");
            tokyo.rejectVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id));
            tokyo.deleteVpc(r -> r.vpcId(tokyoVpc));
            assertThat(get(partner, id).status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.REJECTED);
        }
    }

    @Test
    void deleteVpc_withActivePeering_deletesThePeering() {
        start(SandboxConfig.instant(), "10.1.0.0/16");
        String id = request().vpcPeeringConnectionId();
        tokyo.acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id));

        tokyo.deleteVpc(r -> r.vpcId(tokyoVpc));

        assertThat(get(seoul, id).status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.DELETED);
    }

    @Test
    void peering_afterRestart_resumesFromThePersistedState() {
        start(SandboxConfig.instant().withDataDir(dataDir), "10.1.0.0/16");
        String id = request().vpcPeeringConnectionId();
        seoul.close();
        tokyo.close();
        server.close();

        server = SandboxServer.start(SandboxConfig.instant().withDataDir(dataDir));
        seoul = SandboxClients.ec2(server, Region.AP_NORTHEAST_2, "sandbox");
        tokyo = SandboxClients.ec2(server, Region.AP_NORTHEAST_1, "sandbox");

        tokyo.acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id));
        assertThat(get(seoul, id).status().code()).isEqualTo(VpcPeeringConnectionStateReasonCode.ACTIVE);
    }
}
