package dev.cairn.topology;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.testing.FakeIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Spec lists shaped like the planner's Network step, small and large. */
final class NetworkFixtures {

    static final String REGION = "ap-northeast-2";
    static final Address VPC = Address.of("network", "vpc");
    static final Address IGW = Address.of("network", "igw");

    private NetworkFixtures() {}

    static ResourceSpec spec(Address a, ResourceKind kind, Map<String, String> props, Map<String, Address> refs) {
        return new ResourceSpec(a, kind, REGION, props, refs, Set.of());
    }

    /**
     * The Network step: a VPC over {@code zones} zones with public/app/db subnets, an internet
     * gateway, one public route table, and per zone a NAT gateway with its Elastic IP and a
     * private route table. {@code extraSubnetsPerTier} adds more subnets per cell.
     */
    static List<ResourceSpec> network(int zones, int extraSubnetsPerTier) {
        List<ResourceSpec> specs = new ArrayList<>();
        specs.add(spec(VPC, Ec2Kinds.VPC, Map.of("cidr", "10.0.0.0/16"), Map.of()));
        specs.add(spec(IGW, Ec2Kinds.INTERNET_GATEWAY, Map.of(), Map.of()));
        specs.add(spec(Address.of("network", "igwattach"), Ec2Kinds.IGW_ATTACHMENT, Map.of(),
                Map.of("gateway", IGW, "vpc", VPC)));
        Address publicRt = Address.of("network", "rtb", "public");
        specs.add(spec(publicRt, Ec2Kinds.ROUTE_TABLE, Map.of("tier", "public"), Map.of("vpc", VPC)));
        specs.add(spec(Address.of("network", "route", "public-default"), Ec2Kinds.ROUTE,
                Map.of("destination", "0.0.0.0/0"), Map.of("routeTable", publicRt, "gateway", IGW)));
        int cidr = 0;
        for (int z = 0; z < zones; z++) {
            String zone = REGION + (char) ('a' + z);
            String zs = zoneSuffix(z);
            Address privateRt = Address.of("network", "rtb", "private-" + zs);
            specs.add(spec(privateRt, Ec2Kinds.ROUTE_TABLE, Map.of("tier", "private"), Map.of("vpc", VPC)));
            for (String tier : List.of("public", "app", "db")) {
                for (int n = 0; n <= extraSubnetsPerTier; n++) {
                    String name = tier + "-" + zs + (n == 0 ? "" : "-" + n);
                    Address subnet = Address.of("network", "subnet", name);
                    Map<String, String> props = new LinkedHashMap<>();
                    props.put("cidr", "10.0." + cidr++ + ".0/24");
                    props.put("zone", zone);
                    props.put("tier", tier);
                    props.put("mapPublicIp", String.valueOf(tier.equals("public")));
                    specs.add(spec(subnet, Ec2Kinds.SUBNET, props, Map.of("vpc", VPC)));
                    specs.add(spec(Address.of("network", "rtassoc", name), Ec2Kinds.ROUTE_TABLE_ASSOCIATION, Map.of(),
                            Map.of("routeTable", tier.equals("public") ? publicRt : privateRt, "subnet", subnet)));
                    if (tier.equals("public")) {
                        Address eip = Address.of("network", "eip", name);
                        Address nat = Address.of("network", "nat", name);
                        specs.add(spec(eip, Ec2Kinds.ELASTIC_IP, Map.of(), Map.of()));
                        specs.add(spec(nat, Ec2Kinds.NAT_GATEWAY, Map.of("connectivity", "public"),
                                Map.of("subnet", subnet, "eip", eip)));
                        if (n == 0) {
                            specs.add(spec(Address.of("network", "route", "private-" + zs), Ec2Kinds.ROUTE,
                                    Map.of("destination", "0.0.0.0/0"), Map.of("routeTable", privateRt, "natGateway", nat)));
                        }
                    }
                }
            }
        }
        return specs;
    }

    static String zoneSuffix(int z) {
        return String.valueOf((char) ('a' + z));
    }

    /**
     * Exactly {@code target} resources: a 4-zone network with as many extra subnets (each with a
     * NAT gateway and Elastic IP when public) as fit in four fifths of it, then filler alternating between extra
     * private route tables (many rows in the route-table band) and Elastic IPs no NAT holds
     * (services lane).
     */
    static List<ResourceSpec> large(int target) {
        List<ResourceSpec> specs = new ArrayList<>();
        int extra = 0;
        while (true) {
            List<ResourceSpec> next = network(4, extra + 1);
            if (next.size() > target * 4 / 5) {
                break;
            }
            extra++;
        }
        specs.addAll(network(4, extra));
        int i = 0;
        while (specs.size() < target) {
            String name = "spare-" + i;
            specs.add(i % 2 == 0
                    ? spec(Address.of("network", "rtb", name), Ec2Kinds.ROUTE_TABLE, Map.of("tier", "private"),
                            Map.of("vpc", VPC))
                    : spec(Address.of("network", "eip", name), Ec2Kinds.ELASTIC_IP, Map.of(), Map.of()));
            i++;
        }
        return specs;
    }

    /** A state in which every spec of the list exists, with IDs like AWS gives. */
    static StackState created(String stack, List<ResourceSpec> specs) {
        Map<Address, ResourceRecord> records = new LinkedHashMap<>();
        int n = 0;
        for (ResourceSpec s : specs) {
            Map<String, String> attrs = new LinkedHashMap<>();
            if (s.kind() == Ec2Kinds.ELASTIC_IP) {
                attrs.put("publicIp", "3.34.0." + (n % 250));
            }
            if (s.kind() == Ec2Kinds.INSTANCE) {
                attrs.put("privateIp", "10.0.0." + (10 + n % 240));
            }
            records.put(s.address(), new ResourceRecord(s, String.format("%s-%017x", prefix(s.kind()), n++), attrs,
                    ItemStatus.READY, Instant.EPOCH));
        }
        return new StackState(stack, records, Map.of());
    }

    private static String prefix(ResourceKind k) {
        return FakeIds.prefix(k);
    }
}
