package dev.cairn.step.network;

import dev.cairn.model.Cidr;
import dev.cairn.model.Regions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The default subnet layout computed from a VPC CIDR when the blueprint lists no subnets: the VPC
 * is split into equal blocks, enough for one public, one app and one db subnet per zone (8 blocks
 * for 2 zones, 16 for 3–5, …), taken in order public-a, public-c, app-a, app-c, db-a, db-c. The
 * unused blocks stay free for later growth.
 */
public final class SubnetLayout {

    /** AWS refuses subnets smaller than /28. */
    public static final int SMALLEST_SUBNET_PREFIX = 28;
    private static final List<SubnetTier> ORDER = List.of(SubnetTier.PUBLIC, SubnetTier.APP, SubnetTier.DB);

    private SubnetLayout() {}

    /**
     * @return the subnets, or empty if the VPC CIDR does not parse, no zones are given, or the
     *     blocks would be smaller than /28 (then the user must set subnets by hand)
     */
    public static Optional<List<SubnetSpec>> compute(String vpcCidr, List<String> zones) {
        if (zones == null || zones.isEmpty() || !Cidr.isValid(vpcCidr)) {
            return Optional.empty();
        }
        Cidr vpc = Cidr.parse(vpcCidr);
        int needed = ORDER.size() * zones.size();
        int extraBits = 32 - Integer.numberOfLeadingZeros(needed - 1);
        // The guide's 2-zone layout uses 8 blocks (prefix + 3) even though 6 would fit in 8 anyway.
        extraBits = Math.max(extraBits, 3);
        int newPrefix = vpc.prefix() + extraBits;
        if (newPrefix > SMALLEST_SUBNET_PREFIX) {
            return Optional.empty();
        }
        List<Cidr> blocks = vpc.subdivide(newPrefix);
        List<SubnetSpec> subnets = new ArrayList<>();
        int next = 0;
        for (SubnetTier tier : ORDER) {
            for (String zone : zones) {
                String name = tier.yamlName() + "-" + Regions.zoneLetter(zone);
                subnets.add(new SubnetSpec(name, zone, tier, blocks.get(next++).toString()));
            }
        }
        return Optional.of(List.copyOf(subnets));
    }
}
