package dev.cairn.aws.ec2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.Message;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * Route table. {@link #delete} first removes the table's subnet associations (never the main
 * one), so a table found only by tag still goes.
 */
public final class RouteTableHandler extends Ec2Handler {

    public RouteTableHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.ROUTE_TABLE;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(t -> hasAddress(t.tags(), ctx, spec) && t.routeTableId() != null && t.routeTableId().startsWith("rtb-"))
                .findFirst()
                .map(RouteTableHandler::live);
    }

    /** This stack's RouteTables in the region: one DescribeRouteTables shared by the run's finds ({@link #listed}). */
    static List<RouteTable> ours(HandlerContext ctx, Ec2Client ec2, String region) {
        return listed(ctx, "DescribeRouteTables", region, () -> ec2.describeRouteTablesPaginator(r -> r.filters(ownedBy(ctx))).routeTables().stream().toList());
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        RouteTable table = ec2(spec.region()).createRouteTable(r -> r.vpcId(spec.refId("vpc"))
                .tagSpecifications(tagSpec(ResourceType.ROUTE_TABLE, spec.tags()))).routeTable();
        return live(table);
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        return readyOnAnswer(resource, "available", () -> absentIfNotFound(() -> find(ec2(spec.region()), resource.physicalId()))
                .map(t -> Poll.done(live(t)))
                .orElseGet(() -> notVisibleYet(resource.physicalId())));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId())).map(RouteTableHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        Ec2Client ec2 = ec2(record);
        String tableId = record.physicalId();
        Optional<RouteTable> table = absentIfNotFound(() -> find(ec2, tableId));
        if (table.isEmpty()) {
            return;
        }
        for (RouteTableAssociation association : table.get().associations()) {
            if (!Boolean.TRUE.equals(association.main())) {
                ctx.say("rtb.disassociating", tableId, association.subnetId());
                ignoreNotFound(() -> ec2.disassociateRouteTable(r -> r.associationId(association.routeTableAssociationId())));
            }
        }
        try {
            ignoreNotFound(() -> ec2.deleteRouteTable(r -> r.routeTableId(tableId)));
        } catch (Ec2Exception e) {
            if (Ec2Errors.is(e, Ec2Errors.DEPENDENCY_VIOLATION)) {
                throw new RetryableException(Ec2Errors.DEPENDENCY_VIOLATION,
                        Message.of("aws.waitingRelease", kind(), tableId, Ec2Errors.message(e)), e);
            }
            throw e;
        }
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId()))
                .map(t -> stillExists(t.routeTableId()))
                .orElseGet(Poll::done);
    }

    static Optional<RouteTable> find(Ec2Client ec2, String tableId) {
        return ec2.describeRouteTables(r -> r.routeTableIds(tableId)).routeTables().stream()
                .filter(t -> tableId.equals(t.routeTableId()))
                .findFirst();
    }

    private static LiveResource live(RouteTable t) {
        return new LiveResource(t.routeTableId(), Map.of("routeTableId", t.routeTableId(), "vpcId", t.vpcId()), "available");
    }
}
