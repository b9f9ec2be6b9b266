package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.Vpc;
import java.util.Map;

/**
 * EC2's CreateVpc, DescribeVpcs, DeleteVpc, Modify/DescribeVpcAttribute: parse the query
 * parameters, call the model, render the XML the SDK and the CLI read (shapes after the EC2 API
 * reference and moto's {@code ec2/responses}).
 */
final class VpcResponses {
    private VpcResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("CreateVpc", VpcResponses::createVpc);
        actions.readOnly("DescribeVpcs", VpcResponses::describeVpcs);
        actions.mutating("DeleteVpc", (p, b, x) -> {
            b.vpcs().deleteVpc(p.required("VpcId"));
            x.el("return", true);
        });
        actions.mutating("ModifyVpcAttribute", (p, b, x) -> {
            b.vpcs().modifyVpcAttribute(p.required("VpcId"), p.bool("EnableDnsSupport.Value"), p.bool("EnableDnsHostnames.Value"));
            x.el("return", true);
        });
        actions.readOnly("DescribeVpcAttribute", VpcResponses::describeVpcAttribute);
    }

    private static void createVpc(QueryParams p, Ec2Backend b, Xml x) {
        Vpc vpc = b.vpcs().createVpc(p.get("CidrBlock"), p.get("InstanceTenancy"), p.tagSpecs());
        vpc(x.start("vpc"), b, vpc).end();
    }

    private static Xml vpc(Xml x, Ec2Backend b, Vpc v) {
        x.el("vpcId", v.id).el("ownerId", b.account()).el("state", Vpcs.vpcState(v, b.now()))
                .el("cidrBlock", v.cidrBlock)
                .start("cidrBlockAssociationSet").start("item").el("associationId", v.cidrAssociationId)
                .el("cidrBlock", v.cidrBlock).start("cidrBlockState").el("state", "associated").end().end().end()
                .el("dhcpOptionsId", v.dhcpOptionsId).el("instanceTenancy", v.instanceTenancy)
                .el("isDefault", false);
        return Describe.tags(x, v.tags);
    }

    private static final Filters<Vpc> VPC_FILTERS = new Filters<>(Map.of(
            "vpc-id", v -> Describe.one(v.id),
            "cidr-block", v -> Describe.one(v.cidrBlock),
            "cidr", v -> Describe.one(v.cidrBlock),
            "cidr-block-association.cidr-block", v -> Describe.one(v.cidrBlock),
            "dhcp-options-id", v -> Describe.one(v.dhcpOptionsId),
            "is-default", v -> Describe.one(false),
            "instance-tenancy", v -> Describe.one(v.instanceTenancy)), v -> v.tags);

    private static void describeVpcs(QueryParams p, Ec2Backend b, Xml x) {
        // "state" and "owner-id" need the backend's clock and account, so they are bound per call.
        Filters<Vpc> filters = Describe.withState(VPC_FILTERS, v -> Vpcs.vpcState(v, b.now()), b);
        Describe.Page<Vpc> vpcs = Describe.select(p, b.state().vpcs.values(), p.list("VpcId"), b::vpc, filters, b, true);
        x.start("vpcSet");
        vpcs.items().forEach(v -> vpc(x.start("item"), b, v).end());
        x.end();
        x.el("nextToken", vpcs.nextToken());
    }

    private static void describeVpcAttribute(QueryParams p, Ec2Backend b, Xml x) {
        Vpc vpc = b.vpc(p.required("VpcId"));
        String attribute = p.required("Attribute");
        x.el("vpcId", vpc.id);
        switch (attribute) {
            case "enableDnsSupport" -> x.start("enableDnsSupport").el("value", vpc.enableDnsSupport).end();
            case "enableDnsHostnames" -> x.start("enableDnsHostnames").el("value", vpc.enableDnsHostnames).end();
            default -> throw AwsException.invalidParameterValue("Value (" + attribute
                    + ") for parameter attribute is invalid. Unknown attribute.");
        }
    }

}
