package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.ec2.Ec2Model.Address;
import dev.cairn.sandbox.ec2.Ec2Model.NetworkInterface;
import dev.cairn.sandbox.ec2.Ec2Model.Subnet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Network interfaces: the private address each takes from its subnet (after AWS's reserved
 * ones), and their end — an interface whose owner is gone disappears at its {@code goneAt},
 * taking its Elastic IP association with it.
 */
final class NetworkInterfaces extends Ec2Family {
    /** AWS reserves the first four addresses and the last address of every subnet. */
    static final int RESERVED_LEADING = 4;
    static final int RESERVED_TOTAL = 5;

    NetworkInterfaces(Ec2Backend backend) {
        super(backend);
    }

    /** Removes the interfaces whose owner is gone and whose linger is over. */
    void advance() {
        for (Iterator<NetworkInterface> it = s.networkInterfaces.values().iterator(); it.hasNext(); ) {
            NetworkInterface eni = it.next();
            if (eni.goneAt > 0 && now >= eni.goneAt) {
                for (Address a : s.addresses.values()) {
                    if (eni.id.equals(a.networkInterfaceId)) {
                        Addresses.disassociate(a);
                    }
                }
                it.remove();
            }
        }
    }

    /** The lowest free private address of a subnet, past AWS's four reserved ones. */
    String nextPrivateIp(Subnet subnet) {
        Cidr cidr = Cidr.parse(subnet.cidrBlock);
        Set<String> used = new HashSet<>();
        s.networkInterfaces.values().stream().filter(e -> e.subnetId.equals(subnet.id)).forEach(e -> used.add(e.privateIp));
        for (long ip = cidr.base() + RESERVED_LEADING; ip < cidr.last(); ip++) {
            String dotted = Cidr.dotted(ip);
            if (!used.contains(dotted)) {
                return dotted;
            }
        }
        throw new AwsException("InsufficientFreeAddressesInSubnet",
                "There are not enough free addresses in subnet '" + subnet.id + "' to satisfy the requested number of instances.");
    }

    String macAddress() {
        StringBuilder mac = new StringBuilder("02");
        for (int i = 0; i < 5; i++) {
            mac.append(':').append(String.format("%02x", b.random().nextInt(256)));
        }
        return mac.toString();
    }

    long availableIpCount(Subnet subnet) {
        long inUse = s.networkInterfaces.values().stream().filter(e -> e.subnetId.equals(subnet.id)).count();
        return Cidr.parse(subnet.cidrBlock).size() - RESERVED_TOTAL - inUse;
    }

    /**
     * A requester-managed interface that AWS makes in a subnet for a service's own resource (a
     * NAT gateway, a load balancer node): it takes an address of the subnet and blocks the
     * subnet's and the VPC's deletion until it is gone.
     */
    NetworkInterface createManaged(Subnet subnet, String description, String interfaceType, List<String> groupIds) {
        NetworkInterface eni = new NetworkInterface();
        eni.id = b.newId("eni");
        eni.createdAt = now;
        eni.subnetId = subnet.id;
        eni.vpcId = subnet.vpcId;
        eni.availabilityZone = subnet.availabilityZone;
        eni.privateIp = nextPrivateIp(subnet);
        eni.macAddress = macAddress();
        eni.description = description;
        eni.interfaceType = interfaceType;
        eni.requesterManaged = true;
        eni.groupIds = new ArrayList<>(groupIds);
        s.networkInterfaces.put(eni.id, eni);
        return eni;
    }

    /**
     * Lets a managed interface go, by ID, for the service that asked for it. Not an API lookup:
     * the interface is found whether or not a caller's lookup could see it yet. EC2's consistency
     * window hides a new ID from API callers, and a request's clock is stamped when it arrives,
     * so a request that arrived before the create reached the world lock after it sees the
     * interface as not yet made. Its owner still holds it, and a release refused then is never
     * retried: the interface would block its subnet and groups for good.
     *
     * @throws AwsException {@code InvalidNetworkInterfaceID.NotFound} once the interface is really gone
     */
    void releaseOwned(String networkInterfaceId) {
        NetworkInterface eni = networkInterfaceId == null ? null : s.networkInterfaces.get(networkInterfaceId);
        if (eni == null) {
            throw new AwsException("InvalidNetworkInterfaceID.NotFound",
                    "The networkInterface ID '" + networkInterfaceId + "' does not exist");
        }
        release(eni);
    }

    /** Lets a managed interface go after the profile's linger, as a NAT gateway's does; a second release changes nothing. */
    void release(NetworkInterface eni) {
        if (eni.goneAt == 0) {
            eni.goneAt = Math.max(now + b.settings().effectiveEniLinger(b.timing()).toMillis(), 1);
        }
    }
}
