package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.NatGateway;
import java.util.Map;

/**
 * EC2's Create/Describe/DeleteNatGateway: parse the query parameters, call the model, render the
 * XML the SDK and the CLI read (shapes after the EC2 API reference and moto's {@code
 * ec2/responses}).
 */
final class NatGatewayResponses {
    private NatGatewayResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("CreateNatGateway", (p, b, x) -> {
            NatGateways.NatCreation c = b.natGateways().createNatGateway(p.get("SubnetId"), p.get("AllocationId"),
                    p.get("ConnectivityType"), p.get("ClientToken"), p.tagSpecs());
            x.el("clientToken", p.get("ClientToken"));
            // AWS's create response always says pending, even when the gateway is instantly ready.
            natGateway(x.start("natGateway"), b, c.nat(), c.created() ? "pending" : c.nat().state).end();
        });
        actions.readOnly("DescribeNatGateways", NatGatewayResponses::describeNatGateways);
        actions.mutating("DeleteNatGateway", (p, b, x) -> {
            String id = p.get("NatGatewayId");
            b.natGateways().deleteNatGateway(id);
            x.el("natGatewayId", id);
        });
    }

    private static Xml natGateway(Xml x, Ec2Backend b, NatGateway n, String state) {
        x.el("natGatewayId", n.id).el("subnetId", n.subnetId).el("vpcId", n.vpcId)
                .el("createTime", Describe.iso(n.createdAt)).el("state", state).el("connectivityType", n.connectivityType);
        if (n.deleteRequestedAt > 0) {
            x.el("deleteTime", Describe.iso(n.deleteRequestedAt));
        }
        x.el("failureCode", n.failureCode).el("failureMessage", n.failureMessage);
        x.start("natGatewayAddressSet");
        if (n.privateIp != null) {
            x.start("item").el("allocationId", n.allocationId).el("networkInterfaceId", n.networkInterfaceId)
                    .el("privateIp", n.privateIp).el("publicIp", n.publicIp).el("isPrimary", true)
                    .el("status", natAddressStatus(state)).end();
        }
        x.end();
        return Describe.tags(x, n.tags);
    }

    private static String natAddressStatus(String natState) {
        return switch (natState) {
            case "pending" -> "associating";
            case "available" -> "succeeded";
            case "deleting" -> "disassociating";
            default -> "failed".equals(natState) ? "failed" : "succeeded";
        };
    }

    private static final Filters<NatGateway> NAT_FILTERS = new Filters<>(Map.of(
            "nat-gateway-id", n -> Describe.one(n.id),
            "state", n -> Describe.one(n.state),
            "subnet-id", n -> Describe.one(n.subnetId),
            "vpc-id", n -> Describe.one(n.vpcId)), n -> n.tags);

    private static void describeNatGateways(QueryParams p, Ec2Backend b, Xml x) {
        // DescribeNatGateways takes "Filter" like the others (its model calls it Filter.N too).
        Describe.Page<NatGateway> nats = Describe.select(p, b.state().natGateways.values(), p.list("NatGatewayId"),
                b::natGateway, NAT_FILTERS, b, true);
        x.start("natGatewaySet");
        nats.items().forEach(n -> natGateway(x.start("item"), b, n, n.state).end());
        x.end();
        x.el("nextToken", nats.nextToken());
    }

}
