package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.InternetGateway;
import java.util.List;
import java.util.Map;

/**
 * EC2's Create/Describe/Delete/Attach/DetachInternetGateway: parse the query parameters, call the
 * model, render the XML the SDK and the CLI read (shapes after the EC2 API reference and moto's
 * {@code ec2/responses}).
 */
final class InternetGatewayResponses {
    private InternetGatewayResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("CreateInternetGateway", (p, b, x) ->
                internetGateway(x.start("internetGateway"), b, b.internetGateways().createInternetGateway(p.tagSpecs())).end());
        actions.readOnly("DescribeInternetGateways", InternetGatewayResponses::describeInternetGateways);
        actions.mutating("DeleteInternetGateway", (p, b, x) -> {
            b.internetGateways().deleteInternetGateway(p.required("InternetGatewayId"));
            x.el("return", true);
        });
        actions.mutating("AttachInternetGateway", (p, b, x) -> {
            b.internetGateways().attachInternetGateway(p.required("InternetGatewayId"), p.required("VpcId"));
            x.el("return", true);
        });
        actions.mutating("DetachInternetGateway", (p, b, x) -> {
            b.internetGateways().detachInternetGateway(p.required("InternetGatewayId"), p.required("VpcId"));
            x.el("return", true);
        });
    }

    private static Xml internetGateway(Xml x, Ec2Backend b, InternetGateway g) {
        x.el("internetGatewayId", g.id).el("ownerId", b.account()).start("attachmentSet");
        if (g.attachedVpcId != null) {
            // AWS reports an attached internet gateway's attachment state as "available".
            x.start("item").el("vpcId", g.attachedVpcId).el("state", "available").end();
        }
        x.end();
        return Describe.tags(x, g.tags);
    }

    private static final Filters<InternetGateway> IGW_FILTERS = new Filters<>(Map.of(
            "internet-gateway-id", g -> Describe.one(g.id),
            "attachment.vpc-id", g -> Describe.one(g.attachedVpcId),
            "attachment.state", g -> g.attachedVpcId == null ? List.of() : List.of("available")), g -> g.tags);

    private static void describeInternetGateways(QueryParams p, Ec2Backend b, Xml x) {
        Filters<InternetGateway> filters = IGW_FILTERS.with(Map.of("owner-id", g -> Describe.one(b.account())));
        Describe.Page<InternetGateway> igws = Describe.select(p, b.state().internetGateways.values(), p.list("InternetGatewayId"),
                b::internetGateway, filters, b, true);
        x.start("internetGatewaySet");
        igws.items().forEach(g -> internetGateway(x.start("item"), b, g).end());
        x.end();
        x.el("nextToken", igws.nextToken());
    }

}
