package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.ec2.Ec2Model.Address;
import dev.cairn.sandbox.ec2.Ec2Model.Instance;
import dev.cairn.sandbox.ec2.Ec2Model.NetworkInterface;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Elastic IP addresses: allocation within the quota, release (refused while associated), and
 * association with an instance's or a NAT gateway's network interface.
 */
final class Addresses extends Ec2Family {
    /** Default per-region quota of Elastic IP addresses in AWS. */
    static final int ADDRESS_LIMIT = 5;

    Addresses(Ec2Backend backend) {
        super(backend);
    }

    Address allocateAddress(String domain, List<QueryParams.TagSpec> tagSpecs) {
        if (domain != null && !domain.equals("vpc")) {
            throw AwsException.invalidParameterValue("Invalid value '" + domain + "' for domain. Only 'vpc' is supported.");
        }
        if (s.addresses.size() >= ADDRESS_LIMIT) {
            throw new AwsException("AddressLimitExceeded", "The maximum number of addresses has been reached.");
        }
        Address a = new Address();
        a.id = b.newId("eipalloc");
        a.createdAt = now;
        a.publicIp = nextPublicIp();
        b.tags().applyTagSpecs(a, "elastic-ip", tagSpecs);
        s.addresses.put(a.id, a);
        return a;
    }

    void releaseAddress(String allocationId) {
        if (allocationId == null) {
            throw AwsException.missingParameter("AllocationId");
        }
        Address a = b.address(allocationId);
        if (a.associationId != null) {
            throw new AwsException("InvalidIPAddress.InUse", "Address " + a.publicIp + " is in use.");
        }
        s.addresses.remove(a.id);
    }

    void associate(Address a, NetworkInterface eni) {
        a.associationId = b.newId("eipassoc");
        a.networkInterfaceId = eni.id;
        a.privateIpAddress = eni.privateIp;
    }

    static void disassociate(Address a) {
        a.associationId = null;
        a.networkInterfaceId = null;
        a.privateIpAddress = null;
    }

    /** The address associated to an ENI, or null. */
    Address addressOf(NetworkInterface eni) {
        return s.addresses.values().stream().filter(a -> eni.id.equals(a.networkInterfaceId)).findFirst().orElse(null);
    }

    /** A display-only public address (3.34.x.x); these are never contacted. */
    String nextPublicIp() {
        Set<String> used = new HashSet<>();
        s.addresses.values().forEach(a -> used.add(a.publicIp));
        s.instances.values().forEach(i -> used.add(i.publicIp));
        while (true) {
            String ip = "3.34." + b.random().nextInt(256) + "." + (1 + b.random().nextInt(254));
            if (!used.contains(ip)) {
                return ip;
            }
        }
    }

    String associateAddress(String allocationId, String instanceId, String eniId, boolean allowReassociation) {
        if (allocationId == null) {
            throw AwsException.missingParameter("AllocationId");
        }
        Address a = b.address(allocationId);
        if (instanceId == null && eniId == null) {
            throw new AwsException("MissingParameter", "Either instance ID or network interface ID must be specified");
        }
        if (instanceId != null && eniId != null) {
            throw new AwsException("InvalidParameterCombination",
                    "You may specify either an instance ID or a network interface ID, but not both");
        }
        NetworkInterface eni;
        if (instanceId != null) {
            Instance i = b.instances().instance(instanceId);
            String state = Instances.instanceState(i, now);
            if (state.equals("pending")) {
                throw new AwsException("InvalidInstanceID", "The pending instance '" + i.id
                        + "' is not in a valid state for this operation.");
            }
            if (!state.equals("running")) {
                throw new AwsException("IncorrectInstanceState", "The instance '" + i.id
                        + "' is not in a valid state for this operation.");
            }
            eni = s.networkInterfaces.get(i.networkInterfaceId);
        } else {
            eni = b.networkInterface(eniId);
        }
        if (b.internetGateways().igwOfVpc(eni.vpcId) == null) {
            throw new AwsException("Gateway.NotAttached", "Network " + eni.vpcId
                    + " is not attached to any internet gateway");
        }
        Address current = addressOf(eni);
        if (a.associationId != null && !allowReassociation && !eni.id.equals(a.networkInterfaceId)) {
            throw new AwsException("Resource.AlreadyAssociated", "resource " + a.id
                    + " is already associated with associate-id " + a.associationId);
        }
        if (current != null && current != a) {
            if (!allowReassociation) {
                throw new AwsException("Resource.AlreadyAssociated", "resource " + eni.id
                        + " is already associated with associate-id " + current.associationId);
            }
            Addresses.disassociate(current);
        }
        associate(a, eni);
        return a.associationId;
    }

    void disassociateAddress(String associationId) {
        if (associationId == null) {
            throw AwsException.missingParameter("AssociationId");
        }
        for (Address a : s.addresses.values()) {
            if (associationId.equals(a.associationId)) {
                NetworkInterface eni = s.networkInterfaces.get(a.networkInterfaceId);
                if (eni != null && eni.natGatewayId != null) {
                    throw new AwsException("AuthFailure", "You do not have permission to access the specified resource.");
                }
                Addresses.disassociate(a);
                return;
            }
        }
        throw new AwsException("InvalidAssociationID.NotFound", "The association ID '" + associationId
                + "' does not exist");
    }

    /** The instance that owns an address's ENI, or null. */
    String instanceOf(Address a) {
        NetworkInterface eni = a.networkInterfaceId == null ? null : s.networkInterfaces.get(a.networkInterfaceId);
        return eni == null ? null : eni.instanceId;
    }
}
