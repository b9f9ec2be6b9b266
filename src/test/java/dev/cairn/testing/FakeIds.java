package dev.cairn.testing;

import dev.cairn.model.ResourceKind;
import dev.cairn.model.kinds.Ec2Kinds;
import java.util.Map;

/** The ID prefixes AWS gives each kind ({@code vpc-}, {@code subnet-}), for fixtures that fake physical IDs. */
public final class FakeIds {
    private static final Map<ResourceKind, String> PREFIXES = Map.ofEntries(
            Map.entry(Ec2Kinds.VPC, "vpc"),
            Map.entry(Ec2Kinds.SUBNET, "subnet"),
            Map.entry(Ec2Kinds.INTERNET_GATEWAY, "igw"),
            Map.entry(Ec2Kinds.ROUTE_TABLE, "rtb"),
            Map.entry(Ec2Kinds.ELASTIC_IP, "eipalloc"),
            Map.entry(Ec2Kinds.NAT_GATEWAY, "nat"),
            Map.entry(Ec2Kinds.INSTANCE, "i"),
            Map.entry(Ec2Kinds.SECURITY_GROUP, "sg"),
            Map.entry(Ec2Kinds.KEY_PAIR, "key"),
            Map.entry(Ec2Kinds.VPC_PEERING, "pcx"));

    private FakeIds() {}

    /** AWS's prefix for the kind's IDs, or {@code id} for kinds whose IDs are composite. */
    public static String prefix(ResourceKind kind) {
        return PREFIXES.getOrDefault(kind, "id");
    }
}
