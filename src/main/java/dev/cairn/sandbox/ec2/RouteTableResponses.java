package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.Association;
import dev.cairn.sandbox.ec2.Ec2Model.Route;
import dev.cairn.sandbox.ec2.Ec2Model.RouteTable;
import java.util.List;
import java.util.Map;

/**
 * EC2's Create/Describe/DeleteRouteTable, Create/DeleteRoute, Associate/DisassociateRouteTable:
 * parse the query parameters, call the model, render the XML the SDK and the CLI read (shapes
 * after the EC2 API reference and moto's {@code ec2/responses}).
 */
final class RouteTableResponses {
    private RouteTableResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("CreateRouteTable", (p, b, x) ->
                routeTable(x.start("routeTable"), b, b.routeTables().createRouteTable(p.get("VpcId"), p.tagSpecs())).end());
        actions.readOnly("DescribeRouteTables", RouteTableResponses::describeRouteTables);
        actions.mutating("DeleteRouteTable", (p, b, x) -> {
            b.routeTables().deleteRouteTable(p.required("RouteTableId"));
            x.el("return", true);
        });
        actions.mutating("CreateRoute", (p, b, x) -> {
            b.routeTables().createRoute(p.required("RouteTableId"), p.get("DestinationCidrBlock"), p.get("GatewayId"),
                    p.get("NatGatewayId"), p.get("VpcPeeringConnectionId"));
            x.el("return", true);
        });
        actions.mutating("DeleteRoute", (p, b, x) -> {
            b.routeTables().deleteRoute(p.required("RouteTableId"), p.get("DestinationCidrBlock"));
            x.el("return", true);
        });
        actions.mutating("AssociateRouteTable", (p, b, x) -> {
            Association a = b.routeTables().associateRouteTable(p.required("RouteTableId"), p.get("SubnetId"));
            x.el("associationId", a.id).start("associationState").el("state", "associated").end();
        });
        actions.mutating("DisassociateRouteTable", (p, b, x) -> {
            b.routeTables().disassociateRouteTable(p.required("AssociationId"));
            x.el("return", true);
        });
    }

    private static Xml routeTable(Xml x, Ec2Backend b, RouteTable t) {
        x.el("routeTableId", t.id).el("vpcId", t.vpcId).el("ownerId", b.account()).start("routeSet");
        for (Route r : t.routes) {
            x.start("item").el("destinationCidrBlock", r.destinationCidrBlock).el("gatewayId", r.gatewayId)
                    .el("natGatewayId", r.natGatewayId).el("vpcPeeringConnectionId", r.vpcPeeringConnectionId)
                    .el("state", b.routeTables().routeState(t, r)).el("origin", r.origin).end();
        }
        x.end().start("associationSet");
        for (Association a : t.associations) {
            x.start("item").el("routeTableAssociationId", a.id).el("routeTableId", t.id).el("subnetId", a.subnetId)
                    .el("main", a.main).start("associationState").el("state", "associated").end().end();
        }
        x.end().start("propagatingVgwSet").end();
        return Describe.tags(x, t.tags);
    }

    private static final Filters<RouteTable> RTB_FILTERS = new Filters<>(Map.ofEntries(
            Map.entry("route-table-id", t -> Describe.one(t.id)),
            Map.entry("vpc-id", t -> Describe.one(t.vpcId)),
            Map.entry("association.subnet-id", t -> t.associations.stream().map(a -> a.subnetId).toList()),
            Map.entry("association.route-table-id", t -> t.associations.isEmpty() ? List.of() : List.of(t.id)),
            Map.entry("association.route-table-association-id", t -> t.associations.stream().map(a -> a.id).toList()),
            Map.entry("association.main", t -> t.associations.stream().map(a -> String.valueOf(a.main)).toList()),
            Map.entry("route.destination-cidr-block", t -> t.routes.stream().map(r -> r.destinationCidrBlock).toList()),
            Map.entry("route.gateway-id", t -> t.routes.stream().map(r -> r.gatewayId).toList()),
            Map.entry("route.nat-gateway-id", t -> t.routes.stream().map(r -> r.natGatewayId).toList()),
            Map.entry("route.vpc-peering-connection-id", t -> t.routes.stream().map(r -> r.vpcPeeringConnectionId).toList()),
            Map.entry("route.origin", t -> t.routes.stream().map(r -> r.origin).toList())), t -> t.tags);

    private static void describeRouteTables(QueryParams p, Ec2Backend b, Xml x) {
        Filters<RouteTable> filters = RTB_FILTERS.with(Map.of("owner-id", t -> Describe.one(b.account()),
                "route.state", t -> t.routes.stream().map(r -> b.routeTables().routeState(t, r)).toList()));
        Describe.Page<RouteTable> tables = Describe.select(p, b.state().routeTables.values(), p.list("RouteTableId"),
                b::routeTable, filters, b, true);
        x.start("routeTableSet");
        tables.items().forEach(t -> routeTable(x.start("item"), b, t).end());
        x.end();
        x.el("nextToken", tables.nextToken());
    }

}
