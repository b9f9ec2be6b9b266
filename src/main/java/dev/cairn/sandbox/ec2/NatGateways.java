package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.ec2.Ec2Model.Address;
import dev.cairn.sandbox.ec2.Ec2Model.ClientToken;
import dev.cairn.sandbox.ec2.Ec2Model.NatGateway;
import dev.cairn.sandbox.ec2.Ec2Model.NetworkInterface;
import dev.cairn.sandbox.ec2.Ec2Model.Subnet;
import java.util.List;

/**
 * NAT gateways: {@code pending → available} (or {@code failed} without an internet gateway),
 * {@code deleting → deleted}, the requester-managed ENI each owns and its lingering after
 * deletion, and ClientToken idempotency.
 */
final class NatGateways extends Ec2Family {
    /** AWS remembers a NAT gateway ClientToken for 24 hours. */
    static final long CLIENT_TOKEN_TTL_MILLIS = 24L * 60 * 60 * 1000;
    /** AWS keeps a deleted NAT gateway visible in DescribeNatGateways for about an hour. */
    static final long DELETED_NAT_VISIBLE_MILLIS = 60L * 60 * 1000;

    NatGateways(Ec2Backend backend) {
        super(backend);
    }

    /** Moves every NAT gateway to the state its timestamps say; forgets old ones and old tokens. */
    void advance() {
        for (NatGateway nat : s.natGateways.values()) {
            if (nat.state.equals("pending") && now >= nat.availableAt) {
                boolean needsGateway = nat.connectivityType.equals("public");
                if (needsGateway && b.internetGateways().igwOfVpc(nat.vpcId) == null) {
                    nat.state = "failed";
                    nat.failureCode = "Gateway.NotAttached";
                    nat.failureMessage = "Network " + nat.vpcId + " has no Internet gateway attached";
                    // A failed NAT gateway releases its interface and address at once.
                    releaseNatInterface(nat, now);
                } else {
                    nat.state = "available";
                }
            }
            if (nat.state.equals("deleting") && now >= nat.deletedAt) {
                nat.state = "deleted";
                releaseNatInterface(nat, nat.deletedAt + b.settings().effectiveEniLinger(b.timing()).toMillis());
            }
        }
        s.natGateways.values().removeIf(n -> n.state.equals("deleted") && now >= n.deletedAt + DELETED_NAT_VISIBLE_MILLIS);
        s.clientTokens.values().removeIf(t -> now >= t.createdAt + CLIENT_TOKEN_TTL_MILLIS);
    }

    private void releaseNatInterface(NatGateway nat, long goneAt) {
        NetworkInterface eni = nat.networkInterfaceId == null ? null : s.networkInterfaces.get(nat.networkInterfaceId);
        if (eni != null && eni.goneAt == 0) {
            eni.goneAt = Math.max(goneAt, 1);
        }
    }

    /** NAT gateways that count as present (AWS treats {@code failed} and {@code deleted} as gone). */
    static boolean natLive(NatGateway nat) {
        return !nat.state.equals("failed") && !nat.state.equals("deleted");
    }

    /** Result of CreateNatGateway: the gateway, and whether it was made by this call. */
    record NatCreation(NatGateway nat, boolean created) {
    }

    NatCreation createNatGateway(String subnetId, String allocationId, String connectivityType, String clientToken,
                                 List<QueryParams.TagSpec> tagSpecs) {
        String type = connectivityType == null ? "public" : connectivityType;
        String fingerprint = subnetId + "|" + allocationId + "|" + type + "|" + tagSpecs;
        if (clientToken != null) {
            ClientToken known = s.clientTokens.get(clientToken);
            if (known != null) {
                if (!known.fingerprint.equals(fingerprint)) {
                    throw new AwsException("IdempotentParameterMismatch", "Client token " + clientToken
                            + " was already used with different parameters.");
                }
                NatGateway existing = s.natGateways.get(known.natGatewayId);
                if (existing != null) {
                    return new NatCreation(existing, false);
                }
            }
        }
        if (subnetId == null) {
            throw AwsException.missingParameter("SubnetId");
        }
        if (!type.equals("public") && !type.equals("private")) {
            throw AwsException.invalidParameterValue("Value (" + type + ") for parameter connectivityType is invalid.");
        }
        Subnet subnet = b.subnet(subnetId);
        Address address = null;
        if (type.equals("public")) {
            if (allocationId == null) {
                throw new AwsException("MissingParameter", "Public NAT gateways require an AllocationId.");
            }
            address = b.address(allocationId);
            if (address.associationId != null) {
                throw new AwsException("Resource.AlreadyAssociated",
                        "Elastic IP address [" + allocationId + "] is already associated");
            }
        } else if (allocationId != null) {
            throw AwsException.invalidParameterValue("Private NAT gateways do not take an AllocationId.");
        }
        NatGateway nat = new NatGateway();
        nat.id = b.newId("nat");
        nat.createdAt = now;
        nat.subnetId = subnetId;
        nat.vpcId = subnet.vpcId;
        nat.connectivityType = type;
        nat.state = "pending";
        nat.availableAt = now + b.scaledMillis(Ec2Durations.NAT_CREATE);
        b.tags().applyTagSpecs(nat, "natgateway", tagSpecs);

        // AWS creates a requester-managed interface for the gateway in its subnet.
        NetworkInterface eni = b.networkInterfaces().createManaged(subnet, "Interface for NAT Gateway " + nat.id,
                "nat_gateway", List.of());
        eni.natGatewayId = nat.id;
        nat.networkInterfaceId = eni.id;
        nat.privateIp = eni.privateIp;
        if (address != null) {
            b.addresses().associate(address, eni);
            nat.allocationId = address.id;
            nat.publicIp = address.publicIp;
        }
        s.natGateways.put(nat.id, nat);
        if (clientToken != null) {
            ClientToken token = new ClientToken();
            token.natGatewayId = nat.id;
            token.fingerprint = fingerprint;
            token.createdAt = now;
            s.clientTokens.put(clientToken, token);
        }
        return new NatCreation(nat, true);
    }

    void deleteNatGateway(String natId) {
        if (natId == null) {
            throw AwsException.missingParameter("NatGatewayId");
        }
        NatGateway nat = b.natGateway(natId);
        switch (nat.state) {
            case "pending", "available" -> {
                nat.state = "deleting";
                nat.deleteRequestedAt = now;
                nat.deletedAt = now + b.scaledMillis(Ec2Durations.NAT_DELETE);
            }
            case "failed" -> {
                nat.state = "deleted";
                nat.deleteRequestedAt = now;
                nat.deletedAt = now;
            }
            default -> {
                // deleting or deleted: AWS answers with the ID again and changes nothing.
            }
        }
    }
}
