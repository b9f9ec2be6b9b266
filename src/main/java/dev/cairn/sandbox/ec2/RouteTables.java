package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.ec2.Ec2Model.Association;
import dev.cairn.sandbox.ec2.Ec2Model.InternetGateway;
import dev.cairn.sandbox.ec2.Ec2Model.NatGateway;
import dev.cairn.sandbox.ec2.Ec2Model.Route;
import dev.cairn.sandbox.ec2.Ec2Model.RouteTable;
import dev.cairn.sandbox.ec2.Ec2Model.Subnet;
import dev.cairn.sandbox.ec2.Ec2Model.Vpc;
import java.util.Iterator;
import java.util.List;

/**
 * Route tables: the main table every VPC gets, routes to an internet gateway, a NAT gateway or a
 * peering (with their {@code blackhole} states), and subnet associations.
 */
final class RouteTables extends Ec2Family {
    RouteTables(Ec2Backend backend) {
        super(backend);
    }

    RouteTable mainRouteTable(String vpcId) {
        return s.routeTables.values().stream()
                .filter(t -> t.vpcId.equals(vpcId) && t.isMain()).findFirst().orElse(null);
    }

    RouteTable newRouteTable(Vpc vpc) {
        RouteTable table = new RouteTable();
        table.id = b.newId("rtb");
        table.createdAt = now;
        table.vpcId = vpc.id;
        Route local = new Route();
        local.destinationCidrBlock = vpc.cidrBlock;
        local.gatewayId = "local";
        local.origin = "CreateRouteTable";
        table.routes.add(local);
        return table;
    }

    RouteTable createRouteTable(String vpcId, List<QueryParams.TagSpec> tagSpecs) {
        if (vpcId == null) {
            throw AwsException.missingParameter("VpcId");
        }
        Vpc vpc = b.vpc(vpcId);
        RouteTable table = newRouteTable(vpc);
        b.tags().applyTagSpecs(table, "route-table", tagSpecs);
        // Registered only once its tags are valid, so a rejected request leaves nothing behind.
        s.routeTables.put(table.id, table);
        return table;
    }

    void deleteRouteTable(String tableId) {
        RouteTable table = b.routeTable(tableId);
        // The main table has its main association, so it always has a dependency.
        if (!table.associations.isEmpty()) {
            throw AwsException.dependencyViolation("routeTable", tableId);
        }
        s.routeTables.remove(table.id);
    }

    void createRoute(String tableId, String destination, String gatewayId, String natGatewayId) {
        createRoute(tableId, destination, gatewayId, natGatewayId, null);
    }

    /** CreateRoute with exactly one target: internet gateway, NAT gateway or VPC peering connection. */
    void createRoute(String tableId, String destination, String gatewayId, String natGatewayId, String peeringId) {
        RouteTable table = b.routeTable(tableId);
        if (destination == null) {
            throw AwsException.missingParameter("DestinationCidrBlock");
        }
        Cidr cidr = Cidr.parse(destination);
        if (cidr == null) {
            throw AwsException.invalidParameterValue("Value (" + destination
                    + ") for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.");
        }
        int targets = (gatewayId == null ? 0 : 1) + (natGatewayId == null ? 0 : 1) + (peeringId == null ? 0 : 1);
        if (targets != 1) {
            throw new AwsException("InvalidParameterCombination",
                    "The request must contain exactly one of gatewayId, natGatewayId, vpcPeeringConnectionId");
        }
        for (Route r : table.routes) {
            if (r.destinationCidrBlock.equals(destination)) {
                throw new AwsException("RouteAlreadyExists", "The route identified by " + destination + " already exists.");
            }
        }
        Route route = new Route();
        route.destinationCidrBlock = destination;
        route.origin = "CreateRoute";
        if (gatewayId != null) {
            InternetGateway igw = b.find(s.internetGateways, gatewayId, "InvalidGatewayID.NotFound",
                    "The gateway ID '%s' does not exist");
            if (!table.vpcId.equals(igw.attachedVpcId)) {
                throw AwsException.invalidParameterValue("route table " + tableId + " and network gateway "
                        + gatewayId + " belong to different networks");
            }
            route.gatewayId = gatewayId;
        } else if (peeringId != null) {
            b.peerings().checkPeeringRoute(table, peeringId);
            route.vpcPeeringConnectionId = peeringId;
        } else {
            NatGateway nat = b.natGateway(natGatewayId);
            if (!nat.vpcId.equals(table.vpcId)) {
                throw AwsException.invalidParameterValue("route table " + tableId + " and NAT gateway "
                        + natGatewayId + " belong to different networks");
            }
            if (!NatGateways.natLive(nat) || nat.state.equals("deleting")) {
                throw new AwsException("InvalidNatGatewayID.NotFound",
                        "The natGateway ID '" + natGatewayId + "' does not exist");
            }
            route.natGatewayId = natGatewayId;
        }
        table.routes.add(route);
    }

    void deleteRoute(String tableId, String destination) {
        RouteTable table = b.routeTable(tableId);
        if (destination == null) {
            throw AwsException.missingParameter("DestinationCidrBlock");
        }
        for (Iterator<Route> it = table.routes.iterator(); it.hasNext(); ) {
            Route r = it.next();
            if (r.destinationCidrBlock.equals(destination)) {
                if ("local".equals(r.gatewayId)) {
                    throw AwsException.invalidParameterValue("cannot remove local route " + destination
                            + " in route table " + tableId);
                }
                it.remove();
                return;
            }
        }
        throw new AwsException("InvalidRoute.NotFound", "no route with destination-cidr-block " + destination
                + " in route table " + tableId);
    }

    /** The route's state: {@code blackhole} when its target is gone or detached. */
    String routeState(RouteTable table, Route route) {
        if (route.gatewayId != null && !route.gatewayId.equals("local")) {
            InternetGateway igw = s.internetGateways.get(route.gatewayId);
            return igw != null && table.vpcId.equals(igw.attachedVpcId) ? "active" : "blackhole";
        }
        if (route.vpcPeeringConnectionId != null) {
            return b.peerings().peeringRouteState(route.vpcPeeringConnectionId);
        }
        if (route.natGatewayId != null) {
            NatGateway nat = s.natGateways.get(route.natGatewayId);
            return nat != null && (nat.state.equals("available") || nat.state.equals("pending")) ? "active" : "blackhole";
        }
        return "active";
    }

    Association associateRouteTable(String tableId, String subnetId) {
        RouteTable table = b.routeTable(tableId);
        if (subnetId == null) {
            throw AwsException.missingParameter("SubnetId");
        }
        Subnet subnet = b.subnet(subnetId);
        if (!subnet.vpcId.equals(table.vpcId)) {
            throw AwsException.invalidParameterValue("Route table " + tableId + " and subnet " + subnetId
                    + " belong to different networks");
        }
        for (RouteTable t : s.routeTables.values()) {
            for (Association a : t.associations) {
                if (subnetId.equals(a.subnetId)) {
                    throw new AwsException("Resource.AlreadyAssociated", "the specified association for route table "
                            + tableId + " conflicts with an existing association");
                }
            }
        }
        Association assoc = new Association();
        assoc.id = b.newId("rtbassoc");
        assoc.subnetId = subnetId;
        table.associations.add(assoc);
        return assoc;
    }

    void disassociateRouteTable(String associationId) {
        for (RouteTable t : s.routeTables.values()) {
            for (Iterator<Association> it = t.associations.iterator(); it.hasNext(); ) {
                Association a = it.next();
                if (a.id.equals(associationId)) {
                    if (a.main) {
                        throw AwsException.invalidParameterValue(
                                "cannot disassociate the main route table association " + associationId);
                    }
                    it.remove();
                    return;
                }
            }
        }
        throw new AwsException("InvalidAssociationID.NotFound", "The association ID '" + associationId + "' does not exist");
    }
}
