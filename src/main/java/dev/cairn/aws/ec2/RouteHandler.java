package dev.cairn.aws.ec2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.Message;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteState;

/**
 * A route in a route table to an internet gateway, a NAT gateway or a VPC peering connection. Not taggable: found by
 * structure, physical ID {@code rtb-…:<destination>}.
 */
public final class RouteHandler extends Ec2Handler {

    public RouteHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.ROUTE;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        String tableId = spec.refId("routeTable");
        String destination = required(spec, "destination");
        // From the tables' listing: a table it lacks is this run's, and has no route of an earlier run.
        return RouteTableHandler.ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(t -> tableId.equals(t.routeTableId()))
                .findFirst()
                .flatMap(t -> t.routes().stream().filter(r -> destination.equals(r.destinationCidrBlock())).findFirst())
                .map(r -> live(tableId, destination, r));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String tableId = spec.refId("routeTable");
        String destination = required(spec, "destination");
        boolean toNat = spec.hasRef("natGateway");
        boolean toPeering = spec.hasRef("peering");
        String target = toNat ? spec.refId("natGateway") : toPeering ? spec.refId("peering") : spec.refId("gateway");
        Ec2Client ec2 = ec2(spec.region());
        try {
            ec2.createRoute(r -> {
                r.routeTableId(tableId).destinationCidrBlock(destination);
                if (toNat) {
                    r.natGatewayId(target);
                } else if (toPeering) {
                    r.vpcPeeringConnectionId(target);
                } else {
                    r.gatewayId(target);
                }
            });
        } catch (Ec2Exception e) {
            // A resumed run may find the route it created: the same target is success, another is a conflict.
            if (!Ec2Errors.is(e, Ec2Errors.ROUTE_ALREADY_EXISTS)) {
                throw e;
            }
            Optional<Route> existing = route(ec2, tableId, destination);
            if (existing.isEmpty() || !target.equals(target(existing.get()))) {
                throw e;
            }
            return live(tableId, destination, existing.get());
        }
        return new LiveResource(tableId + ":" + destination, attributes(tableId, destination, target), "active");
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (!spec.hasRef("peering") && "active".equals(resource.awsState())) {
            // Through a gateway or a NAT that is ready, the create's answer is final; through a
            // peering the route is a blackhole until the peering is active: described below.
            return Poll.done(resource);
        }
        String[] ids = split(resource.physicalId());
        Optional<Route> route = route(ec2(spec.region()), ids[0], ids[1]);
        if (route.isEmpty()) {
            return notVisibleYet(ids[0] + ":" + ids[1]);
        }
        if (route.get().state() == RouteState.BLACKHOLE) {
            return Poll.pending(Message.of("route.blackhole", ids[1], target(route.get())));
        }
        return Poll.done(live(ids[0], ids[1], route.get()));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        String[] ids = split(record.physicalId());
        return route(ec2(record), ids[0], ids[1]).map(r -> live(ids[0], ids[1], r));
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        String[] ids = split(record.physicalId());
        // InvalidRoute.NotFound and InvalidRouteTableID.NotFound both mean the route is gone.
        ignoreNotFound(() -> ec2(record).deleteRoute(r -> r.routeTableId(ids[0]).destinationCidrBlock(ids[1])));
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        String[] ids = split(record.physicalId());
        return route(ec2(record), ids[0], ids[1])
                .map(r -> stillExists(ids[0] + ":" + ids[1]))
                .orElseGet(Poll::done);
    }

    private static Optional<Route> route(Ec2Client ec2, String tableId, String destination) {
        return absentIfNotFound(() -> RouteTableHandler.find(ec2, tableId))
                .flatMap(t -> t.routes().stream().filter(r -> destination.equals(r.destinationCidrBlock())).findFirst());
    }

    private static String target(Route r) {
        if (r.vpcPeeringConnectionId() != null) {
            return r.vpcPeeringConnectionId();
        }
        return r.natGatewayId() != null ? r.natGatewayId() : r.gatewayId();
    }

    private static String[] split(String physicalId) {
        int colon = physicalId.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a route ID (rtb-…:<destination>): " + physicalId);
        }
        return new String[] {physicalId.substring(0, colon), physicalId.substring(colon + 1)};
    }

    private static Map<String, String> attributes(String tableId, String destination, String target) {
        return target == null
                ? Map.of("routeTableId", tableId, "destination", destination)
                : Map.of("routeTableId", tableId, "destination", destination, "target", target);
    }

    private static LiveResource live(String tableId, String destination, Route r) {
        return new LiveResource(tableId + ":" + destination, attributes(tableId, destination, target(r)), r.stateAsString());
    }
}
