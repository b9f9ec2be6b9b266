package dev.cairn.gui.topology;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.testing.FakeIds;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.TopologyInput;
import dev.cairn.topology.TopologyLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Diagrams for the view's tests and benchmark: the demo blueprint, and a synthetic large network. */
final class Topologies {

    static final Blueprint DEMO = BlueprintExample.demo();
    static final List<ResourceSpec> DEMO_SPECS = NetworkResources.specs(DEMO);

    private Topologies() {}

    static Diagram demoPlanned() {
        return TopologyLayout.layout(TopologyInput.planned(DEMO.name(), DEMO.region(), DEMO_SPECS));
    }

    /** The demo with every resource created, and {@code live} statuses on top. */
    static Diagram demoCreated(Map<Address, ItemStatus> live) {
        return TopologyLayout.layout(new TopologyInput(DEMO.name(), DEMO.region(), DEMO_SPECS,
                created(DEMO.name(), DEMO_SPECS), live));
    }

    /** A state in which every spec exists, with IDs shaped like AWS's. */
    static StackState created(String stack, List<ResourceSpec> specs) {
        Map<Address, ResourceRecord> records = new LinkedHashMap<>();
        int n = 0;
        for (ResourceSpec s : specs) {
            Map<String, String> attrs = new LinkedHashMap<>();
            if (s.kind() == Ec2Kinds.ELASTIC_IP) {
                attrs.put("publicIp", "3.34.0." + (n % 250));
            }
            records.put(s.address(), new ResourceRecord(s, String.format("%s-%017x", prefix(s.kind()), n++), attrs,
                    ItemStatus.READY, Instant.EPOCH));
        }
        return new StackState(stack, records, Map.of());
    }

    static String prefix(ResourceKind k) {
        return FakeIds.prefix(k);
    }

    /**
     * Exactly {@code target} resources shaped like the Network step over four zones (as in
     * {@code dev.cairn.topology.NetworkFixtures.large}): extra subnets per tier, each public one with
     * a NAT gateway and Elastic IP, then spare route tables and Elastic IPs to reach the count.
     */
    static List<ResourceSpec> large(String region, int target) {
        int extra = 0;
        while (network(region, 4, extra + 1).size() <= target * 4 / 5) {
            extra++;
        }
        List<ResourceSpec> specs = new ArrayList<>(network(region, 4, extra));
        Address vpc = Address.of("network", "vpc");
        for (int i = 0; specs.size() < target; i++) {
            String name = "spare-" + i;
            specs.add(i % 2 == 0
                    ? spec(region, Address.of("network", "rtb", name), Ec2Kinds.ROUTE_TABLE, Map.of("tier", "private"),
                            Map.of("vpc", vpc))
                    : spec(region, Address.of("network", "eip", name), Ec2Kinds.ELASTIC_IP, Map.of(), Map.of()));
        }
        return specs;
    }

    private static List<ResourceSpec> network(String region, int zones, int extraPerTier) {
        List<ResourceSpec> specs = new ArrayList<>();
        Address vpc = Address.of("network", "vpc");
        Address igw = Address.of("network", "igw");
        specs.add(spec(region, vpc, Ec2Kinds.VPC, Map.of("cidr", "10.0.0.0/16"), Map.of()));
        specs.add(spec(region, igw, Ec2Kinds.INTERNET_GATEWAY, Map.of(), Map.of()));
        specs.add(spec(region, Address.of("network", "igwattach"), Ec2Kinds.IGW_ATTACHMENT, Map.of(),
                Map.of("gateway", igw, "vpc", vpc)));
        Address publicRt = Address.of("network", "rtb", "public");
        specs.add(spec(region, publicRt, Ec2Kinds.ROUTE_TABLE, Map.of("tier", "public"), Map.of("vpc", vpc)));
        specs.add(spec(region, Address.of("network", "route", "public-default"), Ec2Kinds.ROUTE,
                Map.of("destination", "0.0.0.0/0"), Map.of("routeTable", publicRt, "gateway", igw)));
        int cidr = 0;
        for (int z = 0; z < zones; z++) {
            String zs = String.valueOf((char) ('a' + z));
            Address privateRt = Address.of("network", "rtb", "private-" + zs);
            specs.add(spec(region, privateRt, Ec2Kinds.ROUTE_TABLE, Map.of("tier", "private"), Map.of("vpc", vpc)));
            for (String tier : List.of("public", "app", "db")) {
                for (int n = 0; n <= extraPerTier; n++) {
                    String name = tier + "-" + zs + (n == 0 ? "" : "-" + n);
                    Address subnet = Address.of("network", "subnet", name);
                    specs.add(spec(region, subnet, Ec2Kinds.SUBNET, Map.of("cidr", "10.0." + cidr++ + ".0/24",
                            "zone", region + zs, "tier", tier, "mapPublicIp", String.valueOf(tier.equals("public"))),
                            Map.of("vpc", vpc)));
                    specs.add(spec(region, Address.of("network", "rtassoc", name), Ec2Kinds.ROUTE_TABLE_ASSOCIATION,
                            Map.of(), Map.of("routeTable", tier.equals("public") ? publicRt : privateRt, "subnet", subnet)));
                    if (tier.equals("public")) {
                        Address eip = Address.of("network", "eip", name);
                        Address nat = Address.of("network", "nat", name);
                        specs.add(spec(region, eip, Ec2Kinds.ELASTIC_IP, Map.of(), Map.of()));
                        specs.add(spec(region, nat, Ec2Kinds.NAT_GATEWAY, Map.of("connectivity", "public"),
                                Map.of("subnet", subnet, "eip", eip)));
                        if (n == 0) {
                            specs.add(spec(region, Address.of("network", "route", "private-" + zs), Ec2Kinds.ROUTE,
                                    Map.of("destination", "0.0.0.0/0"), Map.of("routeTable", privateRt, "natGateway", nat)));
                        }
                    }
                }
            }
        }
        return specs;
    }

    private static ResourceSpec spec(String region, Address a, ResourceKind kind, Map<String, String> props,
            Map<String, Address> refs) {
        return new ResourceSpec(a, kind, region, props, refs, Set.of());
    }

    /** A box's status pseudo-classes ({@code status-…}), sorted: exactly one on a drawn box. */
    static List<String> states(javafx.scene.Node box) {
        return box.getPseudoClassStates().stream().map(javafx.css.PseudoClass::getPseudoClassName)
                .filter(n -> n.startsWith("status-")).sorted().toList();
    }
}
