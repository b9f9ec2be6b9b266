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
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;

/**
 * The accepter side of a peering connection, in the peer region (the spec's region). A request
 * takes a moment to reach the other region, so {@link #create} accepts only when the request is
 * already visible there, and each {@link #awaitReady} poll accepts it once it is
 * {@code pending-acceptance}, then waits for {@code active}. Deleting does nothing here: the
 * requester side's delete removes the connection in both regions.
 */
public final class VpcPeeringAcceptanceHandler extends Ec2Handler {

    public VpcPeeringAcceptanceHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.VPC_PEERING_ACCEPTANCE;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return visible(spec).filter(p -> "active".equals(p.status().codeAsString())).map(VpcPeeringHandler::live);
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String id = spec.refId("peering");
        visible(spec).filter(p -> "pending-acceptance".equals(p.status().codeAsString())).ifPresent(p -> accept(ctx, spec, id));
        return new LiveResource(id, java.util.Map.of("peeringId", id), "");
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Optional<VpcPeeringConnection> found = visible(spec);
        if (found.isEmpty()) {
            return Poll.pending(Message.of("peering.notVisibleIn", resource.physicalId(), spec.region()));
        }
        String status = found.get().status().codeAsString();
        switch (status) {
            case "active":
                return Poll.done(VpcPeeringHandler.live(found.get()));
            case "pending-acceptance":
                accept(ctx, spec, resource.physicalId());
                return Poll.pending(Message.of("peering.accepted", resource.physicalId()));
            case "initiating-request":
            case "provisioning":
                return pendingState(resource.physicalId(), status);
            default:
                return Poll.failed("peering " + resource.physicalId() + " is " + status + ": " + found.get().status().message());
        }
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> VpcPeeringHandler.find(ec2(record), record.physicalId()))
                .filter(p -> "active".equals(p.status().codeAsString()))
                .map(VpcPeeringHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        // Nothing to undo on the accepter side alone: the requester's delete removes both sides.
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return Poll.done();
    }

    private void accept(HandlerContext ctx, ResolvedSpec spec, String id) {
        try {
            ctx.mutating("AcceptVpcPeeringConnection",
                    () -> ec2(spec.region()).acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id)));
            ctx.say("peering.acceptedIn", id, spec.region());
        } catch (Ec2Exception e) {
            // Accepted meanwhile (a resumed run): the next poll sees it provisioning or active.
            if (!Ec2Errors.is(e, "InvalidStateTransition")) {
                throw e;
            }
        }
    }

    private Optional<VpcPeeringConnection> visible(ResolvedSpec spec) {
        String id = spec.refId("peering");
        return absentIfNotFound(() -> VpcPeeringHandler.find(ec2(spec.region()), id)).filter(p -> !VpcPeeringHandler.isGone(p));
    }
}
