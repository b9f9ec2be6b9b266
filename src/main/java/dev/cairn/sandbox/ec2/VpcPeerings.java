package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.ec2.Ec2Model.RegionState;
import dev.cairn.sandbox.ec2.Ec2Model.RouteTable;
import dev.cairn.sandbox.ec2.Ec2Model.Vpc;
import dev.cairn.sandbox.ec2.Ec2Model.VpcPeering;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * VPC peering connections, which span two regions (and maybe two accounts): one record per
 * connection in the requester's account, seen from both sides; {@code initiating-request →
 * pending-acceptance → provisioning → active}, deletion, rejection, expiry; the routes that may
 * use them and the VPC deletions they block.
 */
final class VpcPeerings extends Ec2Family {
    /** A peering request not accepted within 7 days expires (AWS). */
    static final long PEERING_EXPIRY_MILLIS = 7L * 24 * 60 * 60 * 1000;
    /** Deleted, failed and expired peerings stay visible for about two hours (AWS). */
    static final long ENDED_PEERING_VISIBLE_MILLIS = 2L * 60 * 60 * 1000;
    /** AWS's message for a peering that failed because of overlap, wrong VPC or wrong account. */
    static final String PEERING_FAILED_MESSAGE = "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range";
    static final Set<String> PEERING_ENDED = Set.of("deleted", "failed", "expired", "rejected");

    VpcPeerings(Ec2Backend backend) {
        super(backend);
    }

    /** Advances this account's peerings and forgets those ended long ago. */
    void advance() {
        for (Iterator<VpcPeering> it = b.store().peerings(b.account()).values().iterator(); it.hasNext(); ) {
            VpcPeering p = it.next();
            advance(p);
            if (PEERING_ENDED.contains(p.state) && now >= p.deletedAt + ENDED_PEERING_VISIBLE_MILLIS) {
                it.remove();
            }
        }
    }

    private void advance(VpcPeering p) {
        if (p.state.equals("initiating-request") && now >= p.stepEndsAt) {
            if (p.overlapping) {
                p.state = "failed";
                p.deletedAt = p.stepEndsAt;
            } else {
                p.state = "pending-acceptance";
            }
        }
        if (p.state.equals("pending-acceptance") && now >= p.expiresAt) {
            p.state = "expired";
            p.deletedAt = p.expiresAt;
        }
        if (p.state.equals("provisioning") && now >= p.stepEndsAt) {
            p.state = "active";
        }
        if (p.state.equals("deleting") && now >= p.stepEndsAt) {
            p.state = "deleted";
            p.deletedAt = p.stepEndsAt;
        }
    }

    /** Peerings this region of this account sees: those it requested, and those it may accept once sent. */
    List<VpcPeering> peeringsOfRegion() {
        List<VpcPeering> out = new ArrayList<>();
        for (Map<String, VpcPeering> byId : b.store().allPeerings()) {
            for (VpcPeering p : byId.values()) {
                // A peering of another account (cross-account accepter) is advanced here, lazily.
                advance(p);
                if (seesPeering(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private boolean isRequesterSide(VpcPeering p) {
        return p.ownerId.equals(b.account()) && p.requesterRegion.equals(b.region().name());
    }

    private boolean isAccepterSide(VpcPeering p) {
        return p.accepterOwnerId.equals(b.account()) && p.accepterRegion.equals(b.region().name());
    }

    private boolean seesPeering(VpcPeering p) {
        if (isRequesterSide(p)) {
            return true;
        }
        // The accepter learns of a request only once it is sent (and never of one that failed on the way).
        return isAccepterSide(p) && !p.state.equals("initiating-request") && !(p.state.equals("failed"));
    }

    VpcPeering peering(String id) {
        VpcPeering p = null;
        for (Map<String, VpcPeering> byId : b.store().allPeerings()) {
            if (id != null && byId.containsKey(id)) {
                p = byId.get(id);
            }
        }
        if (p != null) {
            advance(p);
        }
        if (p == null || !seesPeering(p) || !b.visible(p)) {
            throw new AwsException("InvalidVpcPeeringConnectionID.NotFound",
                    "The vpcPeeringConnection ID '" + id + "' does not exist");
        }
        return p;
    }

    VpcPeering createPeering(String vpcId, String peerVpcId, String peerOwnerId, String peerRegion,
                             List<QueryParams.TagSpec> tags) {
        Vpc vpc = b.vpc(Ec2Backend.required(vpcId, "VpcId"));
        Ec2Backend.required(peerVpcId, "PeerVpcId");
        String region = peerRegion == null ? b.region().name() : peerRegion;
        if (!Regions.ALL.containsKey(region)) {
            throw AwsException.invalidParameterValue("Value (" + region + ") for parameter peerRegion is invalid.");
        }
        String owner = peerOwnerId == null ? b.account() : peerOwnerId;
        boolean sameRegion = region.equals(b.region().name()) && owner.equals(b.account());
        if (peerVpcId.equals(vpc.id) && sameRegion) {
            throw AwsException.invalidParameterValue("The requester VPC and accepter VPC cannot be the same.");
        }
        // The accepter VPC of another region or account is checked asynchronously by AWS: a
        // wrong ID ends in `failed`, like overlapping CIDRs. In the same region it is checked now.
        RegionState peerState = b.store().existingRegion(owner, region);
        Vpc peer = peerState == null ? null : peerState.vpcs.get(peerVpcId);
        if (peer == null && sameRegion) {
            b.vpc(peerVpcId);
        }
        VpcPeering p = new VpcPeering();
        p.id = b.newId("pcx");
        p.createdAt = now;
        p.ownerId = b.account();
        p.requesterVpcId = vpc.id;
        p.requesterRegion = b.region().name();
        p.requesterCidr = vpc.cidrBlock;
        p.accepterOwnerId = owner;
        p.accepterVpcId = peerVpcId;
        p.accepterRegion = region;
        p.accepterCidr = peer == null ? null : peer.cidrBlock;
        p.overlapping = peer == null || Cidr.parse(peer.cidrBlock).overlaps(Cidr.parse(vpc.cidrBlock));
        p.state = "initiating-request";
        p.stepEndsAt = now + b.scaledMillis(Ec2Durations.PEERING_INITIATE);
        p.expiresAt = now + PEERING_EXPIRY_MILLIS;
        b.tags().applyTagSpecs(p, "vpc-peering-connection", tags);
        b.store().peerings(b.account()).put(p.id, p);
        return p;
    }

    VpcPeering acceptPeering(String id) {
        VpcPeering p = peering(Ec2Backend.required(id, "VpcPeeringConnectionId"));
        if (!isAccepterSide(p)) {
            if (p.accepterOwnerId.equals(b.account())) {
                throw new AwsException("OperationNotPermitted", "Incorrect region (" + b.region().name()
                        + ") specified for this request. VPC peering connection " + p.id
                        + " must be accepted in region " + p.accepterRegion);
            }
            throw new AwsException("OperationNotPermitted", "User " + b.account() + " cannot accept peering " + p.id);
        }
        if (!p.state.equals("pending-acceptance")) {
            throw new AwsException("InvalidStateTransition", "Invalid state transition for " + p.id
                    + ", attempted to transition from " + p.state + " to provisioning");
        }
        p.state = "provisioning";
        p.stepEndsAt = now + b.scaledMillis(Ec2Durations.PEERING_PROVISION);
        return p;
    }

    void deletePeering(String id) {
        VpcPeering p = peering(Ec2Backend.required(id, "VpcPeeringConnectionId"));
        if (p.state.equals("pending-acceptance") && !isRequesterSide(p)) {
            // Only the requester may withdraw a pending request; the accepter rejects it instead.
            throw new AwsException("OperationNotPermitted", "User " + b.account()
                    + " cannot delete pending-acceptance VPC peering connection " + p.id
                    + "; reject it instead");
        }
        switch (p.state) {
            case "active", "provisioning", "pending-acceptance", "initiating-request" -> {
                p.state = "deleting";
                p.deletedBy = b.account();
                p.stepEndsAt = now + b.scaledMillis(Ec2Durations.PEERING_DELETE);
            }
            case "deleting" -> {
                // AWS answers true again and changes nothing.
            }
            default -> throw new AwsException("InvalidStateTransition", "Invalid state transition for " + p.id
                    + ", attempted to transition from " + p.state + " to deleting");
        }
    }

    /** RejectVpcPeeringConnection: the accepter turns down a pending request. */
    void rejectPeering(String id) {
        VpcPeering p = peering(Ec2Backend.required(id, "VpcPeeringConnectionId"));
        if (!isAccepterSide(p)) {
            throw new AwsException("OperationNotPermitted", "User " + b.account() + " cannot reject peering " + p.id);
        }
        if (!p.state.equals("pending-acceptance")) {
            throw new AwsException("InvalidStateTransition", "Invalid state transition for " + p.id
                    + ", attempted to transition from " + p.state + " to rejected");
        }
        p.state = "rejected";
        p.deletedAt = now;
    }

    /**
     * AWS refuses to delete a VPC that has a pending-acceptance request from another account
     * (it must be rejected first); other peerings do not block DeleteVpc.
     */
    void checkVpcDeletable(String vpcId) {
        for (VpcPeering p : peeringsOfRegion()) {
            if (isAccepterSide(p) && p.accepterVpcId.equals(vpcId) && p.state.equals("pending-acceptance")
                    && !p.ownerId.equals(b.account())) {
                throw AwsException.dependencyViolation("vpc", vpcId);
            }
        }
    }

    /** Deleting a VPC deletes its peering connections (AWS does not block DeleteVpc on them). */
    void vpcDeleted(String vpcId) {
        for (VpcPeering p : peeringsOfRegion()) {
            boolean mine = (isRequesterSide(p) && p.requesterVpcId.equals(vpcId))
                    || (isAccepterSide(p) && p.accepterVpcId.equals(vpcId));
            if (mine && !PEERING_ENDED.contains(p.state)) {
                p.state = "deleted";
                p.deletedBy = b.account();
                p.deletedAt = now;
            }
        }
    }

    /** CreateRoute to a peering: it must be visible here, join this table's VPC, and not be over. */
    void checkPeeringRoute(RouteTable table, String peeringId) {
        VpcPeering p = peering(peeringId);
        String localVpc = isRequesterSide(p) && p.requesterVpcId.equals(table.vpcId) ? p.requesterVpcId
                : isAccepterSide(p) && p.accepterVpcId.equals(table.vpcId) ? p.accepterVpcId : null;
        if (localVpc == null) {
            throw AwsException.invalidParameterValue("route table " + table.id + " and peering connection "
                    + peeringId + " belong to different networks");
        }
        if (!Set.of("active", "pending-acceptance", "provisioning").contains(p.state)) {
            throw new AwsException("InvalidVpcPeeringConnectionID.NotFound",
                    "The vpcPeeringConnection ID '" + peeringId + "' does not exist");
        }
    }

    /** A route to a peering carries traffic only while the connection is active. */
    String peeringRouteState(String peeringId) {
        for (Map<String, VpcPeering> byId : b.store().allPeerings()) {
            VpcPeering p = byId.get(peeringId);
            if (p != null) {
                advance(p);
                return p.state.equals("active") ? "active" : "blackhole";
            }
        }
        return "blackhole";
    }

    /** The status message AWS shows for a peering state. */
    static String statusMessage(VpcPeering p) {
        return switch (p.state) {
            case "initiating-request" -> "Initiating Request to " + p.accepterOwnerId;
            case "pending-acceptance" -> "Pending Acceptance by " + p.accepterOwnerId;
            case "provisioning" -> "Provisioning";
            case "active" -> "Active";
            case "deleting" -> "Deleting";
            case "deleted" -> "Deleted by " + p.deletedBy;
            case "expired" -> "Expired";
            case "failed" -> PEERING_FAILED_MESSAGE;
            case "rejected" -> "Rejected by " + p.accepterOwnerId;
            default -> p.state;
        };
    }
}
