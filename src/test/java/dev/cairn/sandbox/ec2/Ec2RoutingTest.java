package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Internet gateways, route tables, routes and associations, with AWS's dependency rules. */
class Ec2RoutingTest {
    private SandboxServer server;
    private Ec2Client ec2;
    private String vpcId;
    private String subnetId;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        ec2 = SandboxClients.ec2(server);
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.0.0/24")).subnet().subnetId();
    }

    @AfterEach
    void stop() {
        ec2.close();
        server.close();
    }

    private String igw() {
        return ec2.createInternetGateway(r -> r.tagSpecifications(TagSpecification.builder()
                .resourceType(ResourceType.INTERNET_GATEWAY).tags(Tag.builder().key("Name").value("igw").build()).build()))
                .internetGateway().internetGatewayId();
    }

    private String attachedIgw() {
        String id = igw();
        ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpcId));
        return id;
    }

    private String routeTable() {
        return ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
    }

    @Test
    void attachInternetGateway_whenAttached_describeShowsAvailableAttachment() {
        String igw = attachedIgw();

        InternetGateway described = ec2.describeInternetGateways(r -> r.filters(
                Filter.builder().name("attachment.vpc-id").values(vpcId).build(),
                Filter.builder().name("attachment.state").values("available").build())).internetGateways().get(0);
        assertThat(described.internetGatewayId()).isEqualTo(igw).matches("igw-[0-9a-f]{17}");
        assertThat(described.attachments()).singleElement().satisfies(a -> {
            assertThat(a.vpcId()).isEqualTo(vpcId);
            assertThat(a.stateAsString()).isEqualTo("available");
        });
        assertThat(described.tags()).extracting(Tag::value).containsExactly("igw");
    }

    @Test
    void attachInternetGateway_whenVpcAlreadyHasOne_failsWithResourceAlreadyAssociated() {
        attachedIgw();
        String second = igw();
        assertEc2Error(() -> ec2.attachInternetGateway(r -> r.internetGatewayId(second).vpcId(vpcId)),
                "Resource.AlreadyAssociated");
    }

    @Test
    void detachInternetGateway_whenNotAttached_failsWithGatewayNotAttached() {
        String igw = igw();
        assertEc2Error(() -> ec2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId)), "Gateway.NotAttached");
    }

    @Test
    void deleteInternetGateway_whenAttached_failsWithDependencyViolation() {
        String igw = attachedIgw();
        assertEc2Error(() -> ec2.deleteInternetGateway(r -> r.internetGatewayId(igw)), "DependencyViolation");

        ec2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
        ec2.deleteInternetGateway(r -> r.internetGatewayId(igw));
        assertEc2Error(() -> ec2.describeInternetGateways(r -> r.internetGatewayIds(igw)),
                "InvalidInternetGatewayID.NotFound");
    }

    @Test
    void deleteVpc_whenGatewayAttached_failsWithDependencyViolation() {
        ec2.deleteSubnet(r -> r.subnetId(subnetId));
        attachedIgw();
        assertEc2Error(() -> ec2.deleteVpc(r -> r.vpcId(vpcId)), "DependencyViolation");
    }

    @Test
    void deleteVpc_whenCustomRouteTableRemains_failsWithDependencyViolation() {
        ec2.deleteSubnet(r -> r.subnetId(subnetId));
        String table = routeTable();
        assertEc2Error(() -> ec2.deleteVpc(r -> r.vpcId(vpcId)), "DependencyViolation");

        ec2.deleteRouteTable(r -> r.routeTableId(table));
        ec2.deleteVpc(r -> r.vpcId(vpcId));
        assertThat(server.resources()).isEmpty();
    }

    @Test
    void createRoute_toAttachedGateway_addsActiveRoute() {
        String igw = attachedIgw();
        String table = routeTable();
        ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));

        RouteTable described = ec2.describeRouteTables(r -> r.routeTableIds(table)).routeTables().get(0);
        assertThat(described.routeTableId()).matches("rtb-[0-9a-f]{17}");
        assertThat(described.associations()).isEmpty();
        assertThat(described.routes()).extracting(Route::destinationCidrBlock, Route::gatewayId, Route::stateAsString)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.0/16", "local", "active"),
                        org.assertj.core.groups.Tuple.tuple("0.0.0.0/0", igw, "active"));
    }

    @Test
    void createRoute_whenDestinationExists_failsWithRouteAlreadyExists() {
        String igw = attachedIgw();
        String table = routeTable();
        ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        String message = assertEc2Error(() -> ec2.createRoute(r -> r.routeTableId(table)
                .destinationCidrBlock("0.0.0.0/0").gatewayId(igw)), "RouteAlreadyExists");
        assertThat(message).contains("0.0.0.0/0");
    }

    @Test
    void createRoute_whenGatewayNotAttachedToVpc_failsWithInvalidParameterValue() {
        String igw = igw();
        String table = routeTable();
        String message = assertEc2Error(() -> ec2.createRoute(r -> r.routeTableId(table)
                .destinationCidrBlock("0.0.0.0/0").gatewayId(igw)), "InvalidParameterValue");
        assertThat(message).isEqualTo("route table " + table + " and network gateway " + igw + " belong to different networks");
    }

    @Test
    void createRoute_whenGatewayUnknown_failsWithInvalidGatewayIdNotFound() {
        String table = routeTable();
        assertEc2Error(() -> ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0")
                .gatewayId("igw-00000000000000000")), "InvalidGatewayID.NotFound");
    }

    @Test
    void deleteRoute_whenAbsent_failsWithInvalidRouteNotFound() {
        String table = routeTable();
        assertEc2Error(() -> ec2.deleteRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0")),
                "InvalidRoute.NotFound");
    }

    @Test
    void deleteRoute_whenPresent_removesIt() {
        String igw = attachedIgw();
        String table = routeTable();
        ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        ec2.deleteRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0"));
        assertThat(ec2.describeRouteTables(r -> r.routeTableIds(table)).routeTables().get(0).routes()).hasSize(1);
    }

    @Test
    void deleteRoute_whenLocal_failsWithInvalidParameterValue() {
        String table = routeTable();
        assertEc2Error(() -> ec2.deleteRoute(r -> r.routeTableId(table).destinationCidrBlock("10.0.0.0/16")),
                "InvalidParameterValue");
    }

    @Test
    void detachInternetGateway_whenRouteUsesIt_leavesBlackholeRoute() {
        String igw = attachedIgw();
        String table = routeTable();
        ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        ec2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));

        assertThat(ec2.describeRouteTables(r -> r.routeTableIds(table)).routeTables().get(0).routes())
                .filteredOn(r -> igw.equals(r.gatewayId())).singleElement()
                .satisfies(r -> assertThat(r.stateAsString()).isEqualTo("blackhole"));
    }

    @Test
    void associateRouteTable_whenSubnetFree_filtersFindItBySubnet() {
        String table = routeTable();
        String assoc = ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(subnetId)).associationId();
        assertThat(assoc).matches("rtbassoc-[0-9a-f]{17}");

        var found = ec2.describeRouteTables(r -> r.filters(Filter.builder().name("association.subnet-id").values(subnetId).build()))
                .routeTables();
        assertThat(found).extracting(RouteTable::routeTableId).containsExactly(table);
        assertThat(found.get(0).associations()).singleElement().satisfies(a -> {
            assertThat(a.main()).isFalse();
            assertThat(a.routeTableAssociationId()).isEqualTo(assoc);
            assertThat(a.associationState().stateAsString()).isEqualTo("associated");
        });
        var main = ec2.describeRouteTables(r -> r.filters(Filter.builder().name("association.main").values("true").build(),
                Filter.builder().name("vpc-id").values(vpcId).build())).routeTables();
        assertThat(main).singleElement().satisfies(t -> assertThat(t.routeTableId()).isNotEqualTo(table));
    }

    @Test
    void associateRouteTable_whenSubnetAlreadyAssociated_failsWithResourceAlreadyAssociated() {
        String first = routeTable();
        String second = routeTable();
        ec2.associateRouteTable(r -> r.routeTableId(first).subnetId(subnetId));
        assertEc2Error(() -> ec2.associateRouteTable(r -> r.routeTableId(second).subnetId(subnetId)),
                "Resource.AlreadyAssociated");
    }

    @Test
    void deleteRouteTable_whenAssociated_failsWithDependencyViolation() {
        String table = routeTable();
        String assoc = ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(subnetId)).associationId();
        assertEc2Error(() -> ec2.deleteRouteTable(r -> r.routeTableId(table)), "DependencyViolation");

        ec2.disassociateRouteTable(r -> r.associationId(assoc));
        ec2.deleteRouteTable(r -> r.routeTableId(table));
        assertEc2Error(() -> ec2.describeRouteTables(r -> r.routeTableIds(table)), "InvalidRouteTableID.NotFound");
    }

    @Test
    void deleteRouteTable_whenMain_failsWithDependencyViolation() {
        String main = ec2.describeRouteTables(r -> r.filters(Filter.builder().name("association.main").values("true").build()))
                .routeTables().get(0).routeTableId();
        assertEc2Error(() -> ec2.deleteRouteTable(r -> r.routeTableId(main)), "DependencyViolation");
    }

    @Test
    void disassociateRouteTable_whenMainAssociation_failsWithInvalidParameterValue() {
        String mainAssoc = ec2.describeRouteTables(r -> r.filters(Filter.builder().name("association.main").values("true").build()))
                .routeTables().get(0).associations().get(0).routeTableAssociationId();
        assertEc2Error(() -> ec2.disassociateRouteTable(r -> r.associationId(mainAssoc)), "InvalidParameterValue");
    }

    @Test
    void disassociateRouteTable_whenUnknown_failsWithInvalidAssociationIdNotFound() {
        assertEc2Error(() -> ec2.disassociateRouteTable(r -> r.associationId("rtbassoc-00000000000000000")),
                "InvalidAssociationID.NotFound");
    }

    @Test
    void createRouteTable_whenTagged_carriesTagsAndTagSpecForOtherTypeLeavesNothing() {
        String table = ec2.createRouteTable(r -> r.vpcId(vpcId).tagSpecifications(TagSpecification.builder()
                .resourceType(ResourceType.ROUTE_TABLE).tags(Tag.builder().key("Name").value("public").build()).build()))
                .routeTable().routeTableId();
        assertThat(ec2.describeRouteTables(r -> r.filters(Filter.builder().name("tag:Name").values("public").build()))
                .routeTables()).extracting(RouteTable::routeTableId).containsExactly(table);

        assertEc2Error(() -> ec2.createRouteTable(r -> r.vpcId(vpcId).tagSpecifications(TagSpecification.builder()
                .resourceType(ResourceType.VPC).tags(Tag.builder().key("Name").value("x").build()).build())),
                "InvalidParameterValue");
        assertThat(ec2.describeRouteTables(r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
                .routeTables()).hasSize(2);
    }

    @Test
    void deleteSubnet_whenExplicitlyAssociated_dropsTheAssociation() {
        String table = routeTable();
        ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(subnetId));
        ec2.deleteSubnet(r -> r.subnetId(subnetId));
        assertThat(ec2.describeRouteTables(r -> r.routeTableIds(table)).routeTables().get(0).associations()).isEmpty();
    }
}
