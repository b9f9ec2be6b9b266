package dev.cairn.aws.ec2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AssociateRouteTableResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * The association of a subnet with a route table. Not taggable: found by structure, physical ID
 * {@code rtbassoc-…}. A subnet has at most one explicit association.
 */
public final class RouteTableAssociationHandler extends Ec2Handler {

    public RouteTableAssociationHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.ROUTE_TABLE_ASSOCIATION;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        String tableId = spec.refId("routeTable");
        String subnetId = spec.refId("subnet");
        // From the tables' listing: a table it lacks is this run's, and has no association of an earlier run.
        return RouteTableHandler.ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(t -> tableId.equals(t.routeTableId()))
                .flatMap(t -> t.associations().stream())
                .filter(a -> subnetId.equals(a.subnetId()) && isLive(a))
                .findFirst()
                .map(RouteTableAssociationHandler::live);
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String tableId = spec.refId("routeTable");
        String subnetId = spec.refId("subnet");
        Ec2Client ec2 = ec2(spec.region());
        try {
            AssociateRouteTableResponse answer = ec2.associateRouteTable(r -> r.routeTableId(tableId).subnetId(subnetId));
            // AWS answers "associated" (final) or "associating"; moto omits the state.
            String state = answer.associationState() == null || answer.associationState().stateAsString() == null
                    ? "associating"
                    : answer.associationState().stateAsString();
            return new LiveResource(answer.associationId(), Map.of("routeTableId", tableId, "subnetId", subnetId), state);
        } catch (Ec2Exception e) {
            // Already associated with this very table (a resumed run): adopt it; another table is a conflict.
            if (Ec2Errors.is(e, Ec2Errors.ALREADY_ASSOCIATED)) {
                Optional<RouteTableAssociation> existing = bySubnet(ec2, subnetId);
                if (existing.isPresent() && tableId.equals(existing.get().routeTableId())) {
                    return live(existing.get());
                }
            }
            throw e;
        }
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if ("associated".equals(resource.awsState())) {
            // The create's (or a find's) answer is final.
            return Poll.done(resource);
        }
        Optional<RouteTableAssociation> association = byId(ec2(spec.region()), resource.physicalId(), a -> true);
        if (association.isEmpty()) {
            return notVisibleYet(resource.physicalId());
        }
        String state = state(association.get());
        if ("associated".equals(state)) {
            return Poll.done(live(association.get()));
        }
        if ("associating".equals(state)) {
            return pendingState(state);
        }
        return Poll.failed("route table association " + resource.physicalId() + " is " + state
                + statusMessage(association.get()));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return byId(ec2(record), record.physicalId(), RouteTableAssociationHandler::isLive).map(RouteTableAssociationHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        ignoreNotFound(() -> ec2(record).disassociateRouteTable(r -> r.associationId(record.physicalId())));
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return byId(ec2(record), record.physicalId(), RouteTableAssociationHandler::isLive)
                .map(a -> pendingState(a.routeTableAssociationId(), state(a)))
                .orElseGet(Poll::done);
    }

    private static Optional<RouteTableAssociation> bySubnet(Ec2Client ec2, String subnetId) {
        return ec2.describeRouteTablesPaginator(r -> r.filters(filter("association.subnet-id", subnetId))).routeTables()
                .stream()
                .flatMap(t -> t.associations().stream())
                .filter(a -> subnetId.equals(a.subnetId()) && isLive(a))
                .findFirst();
    }

    private static Optional<RouteTableAssociation> byId(Ec2Client ec2, String associationId,
            Predicate<RouteTableAssociation> wanted) {
        return ec2.describeRouteTablesPaginator(r -> r.filters(filter("association.route-table-association-id", associationId)))
                .routeTables().stream()
                .flatMap(t -> t.associations().stream())
                .filter(a -> associationId.equals(a.routeTableAssociationId()) && wanted.test(a))
                .findFirst();
    }

    /** Disassociated (or failed) associations linger in describes for a while; they count as absent. */
    private static boolean isLive(RouteTableAssociation a) {
        String state = state(a);
        return !"disassociated".equals(state) && !"disassociating".equals(state) && !"failed".equals(state);
    }

    private static String state(RouteTableAssociation a) {
        // moto omits AssociationState; a listed association without one is associated.
        return a.associationState() == null || a.associationState().stateAsString() == null
                ? "associated" : a.associationState().stateAsString();
    }

    private static String statusMessage(RouteTableAssociation a) {
        return a.associationState() == null || a.associationState().statusMessage() == null
                ? "" : ": " + a.associationState().statusMessage();
    }

    private static LiveResource live(RouteTableAssociation a) {
        return new LiveResource(a.routeTableAssociationId(),
                Map.of("routeTableId", a.routeTableId(), "subnetId", a.subnetId()), state(a));
    }
}
