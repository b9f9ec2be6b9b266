package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.Subnet;
import java.util.Map;

/**
 * EC2's CreateSubnet, DescribeSubnets, DeleteSubnet, ModifySubnetAttribute: parse the query
 * parameters, call the model, render the XML the SDK and the CLI read (shapes after the EC2 API
 * reference and moto's {@code ec2/responses}).
 */
final class SubnetResponses {
    private SubnetResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("CreateSubnet", (p, b, x) -> {
            Subnet subnet = b.subnets().createSubnet(p.get("VpcId"), p.get("CidrBlock"), p.get("AvailabilityZone"),
                    p.get("AvailabilityZoneId"), p.tagSpecs());
            subnet(x.start("subnet"), b, subnet).end();
        });
        actions.readOnly("DescribeSubnets", SubnetResponses::describeSubnets);
        actions.mutating("DeleteSubnet", (p, b, x) -> {
            b.subnets().deleteSubnet(p.required("SubnetId"));
            x.el("return", true);
        });
        actions.mutating("ModifySubnetAttribute", (p, b, x) -> {
            b.subnets().modifySubnetAttribute(p.required("SubnetId"), p.bool("MapPublicIpOnLaunch.Value"));
            x.el("return", true);
        });
    }

    private static Xml subnet(Xml x, Ec2Backend b, Subnet s) {
        x.el("subnetId", s.id).el("subnetArn", "arn:aws:ec2:" + b.region().name() + ":" + b.account() + ":subnet/" + s.id)
                .el("state", Subnets.subnetState(s, b.now())).el("ownerId", b.account())
                .el("vpcId", s.vpcId).el("cidrBlock", s.cidrBlock)
                .el("availableIpAddressCount", b.networkInterfaces().availableIpCount(s))
                .el("availabilityZone", s.availabilityZone).el("availabilityZoneId", s.availabilityZoneId)
                .el("defaultForAz", false).el("mapPublicIpOnLaunch", s.mapPublicIpOnLaunch)
                .el("assignIpv6AddressOnCreation", false);
        return Describe.tags(x, s.tags);
    }

    private static final Filters<Subnet> SUBNET_FILTERS = new Filters<>(Map.of(
            "subnet-id", s -> Describe.one(s.id),
            "vpc-id", s -> Describe.one(s.vpcId),
            "cidr-block", s -> Describe.one(s.cidrBlock),
            "cidr", s -> Describe.one(s.cidrBlock),
            "cidrBlock", s -> Describe.one(s.cidrBlock),
            "availability-zone", s -> Describe.one(s.availabilityZone),
            "availabilityZone", s -> Describe.one(s.availabilityZone),
            "availability-zone-id", s -> Describe.one(s.availabilityZoneId),
            "map-public-ip-on-launch", s -> Describe.one(s.mapPublicIpOnLaunch),
            "default-for-az", s -> Describe.one(false)), s -> s.tags);

    private static void describeSubnets(QueryParams p, Ec2Backend b, Xml x) {
        Filters<Subnet> filters = Describe.withState(SUBNET_FILTERS, s -> Subnets.subnetState(s, b.now()), b);
        Describe.Page<Subnet> subnets = Describe.select(p, b.state().subnets.values(), p.list("SubnetId"), b::subnet, filters, b, true);
        x.start("subnetSet");
        subnets.items().forEach(s -> subnet(x.start("item"), b, s).end());
        x.end();
        x.el("nextToken", subnets.nextToken());
    }

}
