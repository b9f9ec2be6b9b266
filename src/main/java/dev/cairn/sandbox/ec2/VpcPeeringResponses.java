package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.VpcPeering;
import java.util.Map;
import java.util.function.Function;

/**
 * EC2's Create/Accept/Delete/Reject/DescribeVpcPeeringConnection(s) ({@code
 * vpcPeeringConnectionSet}): parse the query parameters, call the model, render the XML the SDK
 * and the CLI read (shapes after the EC2 API reference and moto's {@code ec2/responses}).
 */
final class VpcPeeringResponses {
    private VpcPeeringResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("CreateVpcPeeringConnection", (p, b, x) -> {
            VpcPeering pcx = b.peerings().createPeering(p.get("VpcId"), p.get("PeerVpcId"), p.get("PeerOwnerId"),
                    p.get("PeerRegion"), p.tagSpecs());
            peering(x.start("vpcPeeringConnection"), pcx).end();
        });
        actions.mutating("AcceptVpcPeeringConnection", (p, b, x) ->
                peering(x.start("vpcPeeringConnection"), b.peerings().acceptPeering(p.get("VpcPeeringConnectionId"))).end());
        actions.mutating("DeleteVpcPeeringConnection", (p, b, x) -> {
            b.peerings().deletePeering(p.get("VpcPeeringConnectionId"));
            x.el("return", true);
        });
        actions.mutating("RejectVpcPeeringConnection", (p, b, x) -> {
            b.peerings().rejectPeering(p.get("VpcPeeringConnectionId"));
            x.el("return", true);
        });
        actions.readOnly("DescribeVpcPeeringConnections", VpcPeeringResponses::describePeerings);
    }

    private static Xml peering(Xml x, VpcPeering p) {
        x.start("accepterVpcInfo").el("ownerId", p.accepterOwnerId).el("vpcId", p.accepterVpcId)
                .el("region", p.accepterRegion);
        if (p.state.equals("active") || p.state.equals("provisioning")) {
            // AWS shows the accepter's CIDR once the connection is accepted.
            x.el("cidrBlock", p.accepterCidr).start("cidrBlockSet").start("item").el("cidrBlock", p.accepterCidr)
                    .end().end();
            peeringOptions(x);
        }
        x.end().start("requesterVpcInfo").el("ownerId", p.ownerId).el("vpcId", p.requesterVpcId)
                .el("region", p.requesterRegion).el("cidrBlock", p.requesterCidr).start("cidrBlockSet").start("item")
                .el("cidrBlock", p.requesterCidr).end().end();
        if (p.state.equals("active") || p.state.equals("provisioning")) {
            peeringOptions(x);
        }
        x.end().start("status").el("code", p.state).el("message", VpcPeerings.statusMessage(p)).end();
        if (p.state.equals("pending-acceptance") || p.state.equals("initiating-request")) {
            x.el("expirationTime", Describe.iso(p.expiresAt));
        }
        return Describe.tags(x, p.tags).el("vpcPeeringConnectionId", p.id);
    }

    private static void peeringOptions(Xml x) {
        x.start("peeringOptions").el("allowDnsResolutionFromRemoteVpc", false)
                .el("allowEgressFromLocalClassicLinkToRemoteVpc", false)
                .el("allowEgressFromLocalVpcToRemoteClassicLink", false).end();
    }

    private static final Filters<VpcPeering> PEERING_FILTERS = new Filters<>(Map.ofEntries(
            Map.entry("vpc-peering-connection-id", p -> Describe.one(p.id)),
            Map.entry("status-code", p -> Describe.one(p.state)),
            Map.entry("status-message", p -> Describe.one(VpcPeerings.statusMessage(p))),
            Map.entry("requester-vpc-info.vpc-id", p -> Describe.one(p.requesterVpcId)),
            Map.entry("requester-vpc-info.cidr-block", p -> Describe.one(p.requesterCidr)),
            Map.entry("requester-vpc-info.owner-id", p -> Describe.one(p.ownerId)),
            Map.entry("accepter-vpc-info.vpc-id", p -> Describe.one(p.accepterVpcId)),
            Map.entry("accepter-vpc-info.cidr-block", p -> Describe.one(p.accepterCidr)),
            Map.entry("accepter-vpc-info.owner-id", p -> Describe.one(p.accepterOwnerId)),
            Map.entry("expiration-time", p -> Describe.one(Describe.iso(p.expiresAt)))), p -> p.tags);

    private static void describePeerings(QueryParams p, Ec2Backend b, Xml x) {
        Function<String, VpcPeering> lookup = b.peerings()::peering;
        Describe.Page<VpcPeering> page = Describe.select(p, b.peerings().peeringsOfRegion(),
                p.list("VpcPeeringConnectionId"), lookup, PEERING_FILTERS, b, true);
        x.start("vpcPeeringConnectionSet");
        page.items().forEach(pcx -> peering(x.start("item"), pcx).end());
        x.end().el("nextToken", page.nextToken());
    }
}
