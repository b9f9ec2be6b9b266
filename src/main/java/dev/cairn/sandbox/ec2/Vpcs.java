package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.ec2.Ec2Model.Association;
import dev.cairn.sandbox.ec2.Ec2Model.RouteTable;
import dev.cairn.sandbox.ec2.Ec2Model.Vpc;
import java.util.List;

/**
 * VPCs: creation with their main route table and default security group, the dependencies
 * that block deletion, and the DNS attributes. {@code pending → available} after
 * {@link Ec2Durations#VPC_PENDING} (scaled).
 */
final class Vpcs extends Ec2Family {
    Vpcs(Ec2Backend backend) {
        super(backend);
    }

    static String vpcState(Vpc vpc, long now) {
        return now >= vpc.availableAt ? "available" : "pending";
    }

    Vpc createVpc(String cidrBlock, String tenancy, List<QueryParams.TagSpec> tagSpecs) {
        if (cidrBlock == null) {
            throw AwsException.missingParameter("CidrBlock");
        }
        Cidr cidr = Cidr.parse(cidrBlock);
        if (cidr == null || cidr.prefix() < 16 || cidr.prefix() > 28) {
            throw new AwsException("InvalidVpc.Range", "The CIDR '" + cidrBlock + "' is invalid.");
        }
        if (s.vpcs.size() >= b.settings().vpcQuota()) {
            throw new AwsException("VpcLimitExceeded", "The maximum number of VPCs has been reached.");
        }
        Vpc vpc = new Vpc();
        vpc.id = b.newId("vpc");
        vpc.createdAt = now;
        vpc.availableAt = now + b.scaledMillis(Ec2Durations.VPC_PENDING);
        vpc.cidrBlock = cidrBlock;
        vpc.cidrAssociationId = b.newId("vpc-cidr-assoc");
        // VPCs of one account and region share the default DHCP options set, as in AWS.
        vpc.dhcpOptionsId = String.format("dopt-%08x", (b.account() + "/" + b.region().name()).hashCode());
        if (tenancy != null) {
            vpc.instanceTenancy = tenancy;
        }
        b.tags().applyTagSpecs(vpc, "vpc", tagSpecs);
        s.vpcs.put(vpc.id, vpc);

        // Every new VPC comes with its main route table holding the local route.
        RouteTable main = b.routeTables().newRouteTable(vpc);
        Association assoc = new Association();
        assoc.id = b.newId("rtbassoc");
        assoc.main = true;
        main.associations.add(assoc);
        s.routeTables.put(main.id, main);
        // ... and its default security group, which goes only with the VPC.
        b.securityGroups().createDefaultSecurityGroup(vpc);
        return vpc;
    }

    void deleteVpc(String vpcId) {
        Vpc vpc = b.vpc(vpcId);
        boolean dependencies = s.subnets.values().stream().anyMatch(x -> x.vpcId.equals(vpcId))
                || b.internetGateways().igwOfVpc(vpcId) != null
                || s.routeTables.values().stream().anyMatch(t -> t.vpcId.equals(vpcId) && !t.isMain())
                || s.networkInterfaces.values().stream().anyMatch(e -> e.vpcId.equals(vpcId))
                || s.securityGroups.values().stream().anyMatch(g -> g.vpcId.equals(vpcId) && !g.isDefault());
        if (dependencies) {
            throw AwsException.dependencyViolation("vpc", vpcId);
        }
        b.peerings().checkVpcDeletable(vpcId);
        s.routeTables.values().removeIf(t -> t.vpcId.equals(vpcId));
        // The default security group goes with the VPC, and so do its peering connections (AWS
        // deletes them rather than blocking the VPC's deletion).
        s.securityGroups.values().removeIf(g -> g.vpcId.equals(vpcId));
        b.peerings().vpcDeleted(vpcId);
        s.vpcs.remove(vpc.id);
    }

    void modifyVpcAttribute(String vpcId, Boolean dnsSupport, Boolean dnsHostnames) {
        Vpc vpc = b.vpc(vpcId);
        if (dnsSupport != null && dnsHostnames != null) {
            throw new AwsException("InvalidParameterCombination", "Only one attribute can be modified at a time");
        }
        if (dnsSupport == null && dnsHostnames == null) {
            throw new AwsException("MissingParameter", "One attribute must be specified");
        }
        if (dnsSupport != null) {
            vpc.enableDnsSupport = dnsSupport;
        } else {
            vpc.enableDnsHostnames = dnsHostnames;
        }
    }
}
