package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.ec2.Ec2Model.Subnet;
import dev.cairn.sandbox.ec2.Ec2Model.Vpc;
import java.util.List;

/**
 * Subnets: the CIDR and zone rules of creation, the ENIs that block deletion, and the public-IP
 * mapping. {@code pending → available} after {@link Ec2Durations#SUBNET_PENDING} (scaled).
 */
final class Subnets extends Ec2Family {
    Subnets(Ec2Backend backend) {
        super(backend);
    }

    static String subnetState(Subnet subnet, long now) {
        return now >= subnet.availableAt ? "available" : "pending";
    }

    Subnet createSubnet(String vpcId, String cidrBlock, String zone, String zoneId, List<QueryParams.TagSpec> tagSpecs) {
        if (vpcId == null) {
            throw AwsException.missingParameter("VpcId");
        }
        if (cidrBlock == null) {
            throw AwsException.missingParameter("CidrBlock");
        }
        Vpc vpc = b.vpc(vpcId);
        Cidr cidr = Cidr.parse(cidrBlock);
        Cidr vpcCidr = Cidr.parse(vpc.cidrBlock);
        if (cidr == null || cidr.prefix() < 16 || cidr.prefix() > 28 || !vpcCidr.contains(cidr)) {
            throw new AwsException("InvalidSubnet.Range", "The CIDR '" + cidrBlock + "' is invalid.");
        }
        for (Subnet other : s.subnets.values()) {
            if (other.vpcId.equals(vpcId) && Cidr.parse(other.cidrBlock).overlaps(cidr)) {
                throw new AwsException("InvalidSubnet.Conflict", "The CIDR '" + cidrBlock + "' conflicts with another subnet");
            }
        }
        List<String> zones = b.region().zoneNames();
        if (zone == null && zoneId != null) {
            zone = zones.stream().filter(z -> b.region().zoneId(z).equals(zoneId)).findFirst()
                    .orElseThrow(() -> AwsException.invalidParameterValue(
                            "Value (" + zoneId + ") for parameter availabilityZoneId is invalid."));
        }
        if (zone == null) {
            zone = zones.get(b.random().nextInt(zones.size()));
        }
        if (!zones.contains(zone)) {
            throw AwsException.invalidParameterValue("Value (" + zone + ") for parameter availabilityZone is invalid. "
                    + "Subnets can currently only be created in the following availability zones: "
                    + String.join(", ", zones) + ".");
        }
        Subnet subnet = new Subnet();
        subnet.id = b.newId("subnet");
        subnet.createdAt = now;
        subnet.availableAt = now + b.scaledMillis(Ec2Durations.SUBNET_PENDING);
        subnet.vpcId = vpcId;
        subnet.cidrBlock = cidrBlock;
        subnet.availabilityZone = zone;
        subnet.availabilityZoneId = b.region().zoneId(zone);
        b.tags().applyTagSpecs(subnet, "subnet", tagSpecs);
        s.subnets.put(subnet.id, subnet);
        return subnet;
    }

    void deleteSubnet(String subnetId) {
        Subnet subnet = b.subnet(subnetId);
        // Any ENI blocks, including a deleted NAT gateway's that still lingers.
        if (s.networkInterfaces.values().stream().anyMatch(e -> e.subnetId.equals(subnetId))) {
            throw AwsException.dependencyViolation("subnet", subnetId);
        }
        // Deleting a subnet drops its explicit route table association, as AWS does.
        s.routeTables.values().forEach(t -> t.associations.removeIf(a -> subnetId.equals(a.subnetId)));
        s.subnets.remove(subnet.id);
    }

    void modifySubnetAttribute(String subnetId, Boolean mapPublicIp) {
        Subnet subnet = b.subnet(subnetId);
        if (mapPublicIp == null) {
            throw AwsException.missingParameter("MapPublicIpOnLaunch");
        }
        subnet.mapPublicIpOnLaunch = mapPublicIp;
    }
}
