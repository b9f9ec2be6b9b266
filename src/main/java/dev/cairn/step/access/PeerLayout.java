package dev.cairn.step.access;

import dev.cairn.model.Cidr;
import dev.cairn.model.Regions;
import dev.cairn.step.network.SubnetLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The subnets of a peered VPC, computed from its CIDR and zones: the CIDR is split into equal
 * blocks, enough for a public and a private subnet per zone; publics come first, zone by zone,
 * then privates. {@code 192.168.10.0/24} over two zones gives {@code public-a 192.168.10.0/26},
 * {@code public-c .64/26}, {@code private-a .128/26}, {@code private-c .192/26}.
 */
public final class PeerLayout {

    /** A peer subnet: its name ({@code public-a}), zone, whether public, and CIDR. */
    public record PeerSubnet(String name, String zone, boolean isPublic, String cidr) {}

    private PeerLayout() {}

    /** Empty when the CIDR is unreadable, there are no zones, or the blocks would be smaller than /28. */
    public static Optional<List<PeerSubnet>> compute(String vpcCidr, List<String> zones) {
        if (vpcCidr == null || zones == null || zones.isEmpty() || !Cidr.isValid(vpcCidr)) {
            return Optional.empty();
        }
        Cidr vpc = Cidr.parse(vpcCidr);
        int needed = zones.size() * 2;
        int bits = 0;
        while ((1 << bits) < needed) {
            bits++;
        }
        int prefix = vpc.prefix() + bits;
        if (prefix > SubnetLayout.SMALLEST_SUBNET_PREFIX) {
            return Optional.empty();
        }
        List<Cidr> blocks = vpc.subdivide(prefix);
        List<PeerSubnet> out = new ArrayList<>();
        for (int i = 0; i < zones.size(); i++) {
            String zone = zones.get(i);
            out.add(new PeerSubnet("public-" + Regions.zoneLetter(zone), zone, true, blocks.get(i).toString()));
        }
        for (int i = 0; i < zones.size(); i++) {
            String zone = zones.get(i);
            out.add(new PeerSubnet("private-" + Regions.zoneLetter(zone), zone, false, blocks.get(zones.size() + i).toString()));
        }
        return Optional.of(List.copyOf(out));
    }
}
