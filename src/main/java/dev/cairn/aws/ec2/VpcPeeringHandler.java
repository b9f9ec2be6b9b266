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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;

/**
 * The requester side of a cross-region VPC peering connection, in the spec's region. Ready once
 * the request exists ({@code pending-acceptance} or later): accepting is the
 * {@link VpcPeeringAcceptanceHandler}'s job in the peer region. Deleted from this side, which
 * deletes it on both; gone when {@code deleted} here and in the peer region (or absent).
 */
public final class VpcPeeringHandler extends Ec2Handler {

    /** Terminal states: the connection is listed for a while but no longer exists. */
    static final Set<String> GONE = Set.of("deleted", "rejected", "failed", "expired");

    public VpcPeeringHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.VPC_PEERING;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return ours(ctx, ec2(spec.region()), spec.region())
                .stream()
                .filter(p -> !isGone(p) && !"deleting".equals(p.status().codeAsString()) && hasAddress(p.tags(), ctx, spec))
                .findFirst()
                .map(VpcPeeringHandler::live);
    }

    /** This stack's VpcPeeringConnections in the region: one DescribeVpcPeeringConnections shared by the run's finds ({@link #listed}). */
    static List<VpcPeeringConnection> ours(HandlerContext ctx, Ec2Client ec2, String region) {
        return listed(ctx, "DescribeVpcPeeringConnections", region, () -> ec2.describeVpcPeeringConnectionsPaginator(r -> r.filters(ownedBy(ctx))).vpcPeeringConnections().stream().toList());
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String peerRegion = required(spec, "peerRegion");
        VpcPeeringConnection p = ec2(spec.region()).createVpcPeeringConnection(r -> r.vpcId(spec.refId("vpc"))
                .peerVpcId(spec.refId("peerVpc")).peerRegion(peerRegion)
                .tagSpecifications(tagSpec(ResourceType.VPC_PEERING_CONNECTION, spec.tags()))).vpcPeeringConnection();
        return live(p);
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Optional<VpcPeeringConnection> found = absentIfNotFound(() -> find(ec2(spec.region()), resource.physicalId()));
        if (found.isEmpty()) {
            return notVisibleYet(resource.physicalId());
        }
        VpcPeeringConnection p = found.get();
        String status = p.status().codeAsString();
        if (GONE.contains(status) || "deleting".equals(status)) {
            return Poll.failed("peering connection " + p.vpcPeeringConnectionId() + " is " + status + ": " + p.status().message());
        }
        if ("initiating-request".equals(status)) {
            return Poll.pending(Message.of("peering.requesting", p.vpcPeeringConnectionId()));
        }
        return Poll.done(live(p));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId())).filter(p -> !isGone(p)).map(VpcPeeringHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        ignoreNotFound(() -> ec2(record).deleteVpcPeeringConnection(r -> r.vpcPeeringConnectionId(record.physicalId())));
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        Optional<VpcPeeringConnection> here = absentIfNotFound(() -> find(ec2(record), record.physicalId())).filter(p -> !isGone(p));
        if (here.isPresent()) {
            return pendingState(record.physicalId(), here.get().status().codeAsString());
        }
        String peerRegion = record.spec().property("peerRegion");
        if (peerRegion != null) {
            Optional<VpcPeeringConnection> there = absentIfNotFound(() -> find(ec2(peerRegion), record.physicalId()))
                    .filter(p -> !isGone(p));
            if (there.isPresent()) {
                return Poll.pending(Message.of("peering.stillIn", record.physicalId(),
                        there.get().status().codeAsString(), peerRegion));
            }
        }
        return Poll.done();
    }

    static boolean isGone(VpcPeeringConnection p) {
        return p.status() != null && GONE.contains(p.status().codeAsString());
    }

    static Optional<VpcPeeringConnection> find(Ec2Client ec2, String id) {
        return ec2.describeVpcPeeringConnections(r -> r.vpcPeeringConnectionIds(id)).vpcPeeringConnections().stream()
                .filter(p -> id.equals(p.vpcPeeringConnectionId())).findFirst();
    }

    static LiveResource live(VpcPeeringConnection p) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("peeringId", p.vpcPeeringConnectionId());
        if (p.accepterVpcInfo() != null && p.accepterVpcInfo().region() != null) {
            a.put("peerRegion", p.accepterVpcInfo().region());
        }
        String status = p.status() == null ? "" : p.status().codeAsString();
        a.put("status", status);
        return new LiveResource(p.vpcPeeringConnectionId(), a, status);
    }
}
