package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.ec2.Ec2Model.Address;
import dev.cairn.sandbox.ec2.Ec2Model.InternetGateway;
import dev.cairn.sandbox.ec2.Ec2Model.NetworkInterface;
import java.util.List;

/**
 * Internet gateways: one per VPC, attached or not; detaching is refused while public addresses
 * are mapped in the VPC, deleting while attached.
 */
final class InternetGateways extends Ec2Family {
    InternetGateways(Ec2Backend backend) {
        super(backend);
    }

    InternetGateway igwOfVpc(String vpcId) {
        return s.internetGateways.values().stream()
                .filter(g -> vpcId.equals(g.attachedVpcId)).findFirst().orElse(null);
    }

    InternetGateway createInternetGateway(List<QueryParams.TagSpec> tagSpecs) {
        InternetGateway igw = new InternetGateway();
        igw.id = b.newId("igw");
        igw.createdAt = now;
        b.tags().applyTagSpecs(igw, "internet-gateway", tagSpecs);
        s.internetGateways.put(igw.id, igw);
        return igw;
    }

    void attachInternetGateway(String igwId, String vpcId) {
        InternetGateway igw = b.internetGateway(igwId);
        b.vpc(vpcId);
        if (igw.attachedVpcId != null) {
            throw new AwsException("Resource.AlreadyAssociated",
                    "resource " + igwId + " is already attached to network " + igw.attachedVpcId);
        }
        InternetGateway existing = igwOfVpc(vpcId);
        if (existing != null) {
            throw new AwsException("Resource.AlreadyAssociated",
                    "resource " + vpcId + " is already attached to network " + existing.id);
        }
        igw.attachedVpcId = vpcId;
    }

    void detachInternetGateway(String igwId, String vpcId) {
        InternetGateway igw = b.internetGateway(igwId);
        b.vpc(vpcId);
        if (!vpcId.equals(igw.attachedVpcId)) {
            throw new AwsException("Gateway.NotAttached", "resource " + igwId + " is not attached to network " + vpcId);
        }
        if (hasMappedPublicAddresses(vpcId)) {
            throw new AwsException("DependencyViolation", "Network " + vpcId
                    + " has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.");
        }
        igw.attachedVpcId = null;
    }

    private boolean hasMappedPublicAddresses(String vpcId) {
        for (Address a : s.addresses.values()) {
            NetworkInterface eni = a.networkInterfaceId == null ? null : s.networkInterfaces.get(a.networkInterfaceId);
            if (eni != null && eni.vpcId.equals(vpcId)) {
                return true;
            }
        }
        // Auto-assigned public IPs of instances count too, until their interface is gone.
        return s.instances.values().stream().anyMatch(i -> i.vpcId.equals(vpcId) && i.publicIp != null
                && s.networkInterfaces.containsKey(i.networkInterfaceId));
    }

    void deleteInternetGateway(String igwId) {
        InternetGateway igw = b.internetGateway(igwId);
        if (igw.attachedVpcId != null) {
            throw AwsException.dependencyViolation("internetGateway", igwId);
        }
        s.internetGateways.remove(igw.id);
    }
}
