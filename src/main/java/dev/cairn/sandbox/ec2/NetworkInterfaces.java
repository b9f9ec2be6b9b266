package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.ec2.Ec2Model.Address;
import dev.cairn.sandbox.ec2.Ec2Model.NetworkInterface;
import dev.cairn.sandbox.ec2.Ec2Model.RegionState;
import dev.cairn.sandbox.ec2.Ec2Model.Subnet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Network interfaces: the private address each takes from its subnet (after AWS's reserved
 * ones), and their end — an interface whose owner is gone disappears at its {@code goneAt},
 * taking its Elastic IP association with it.
 */
final class NetworkInterfaces {
    /** AWS reserves the first four addresses and the last address of every subnet. */
    static final int RESERVED_LEADING = 4;
    static final int RESERVED_TOTAL = 5;

    private final Ec2Backend b;
    private final RegionState s;
    private final long now;

    NetworkInterfaces(Ec2Backend backend) {
        this.b = backend;
        this.s = backend.state();
        this.now = backend.now();
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
}
