package dev.cairn.step.network;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.Regions;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.Ec2Kinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resources of the Network step, derived from a (validated) blueprint. Property and ref
 * names follow {@link ResourceKind}'s contract. The list is in a natural creation order (VPC,
 * subnets, gateway, tables, NAT), which the planner keeps as its tie-break.
 */
public final class NetworkResources {

    public static final String STEP = NetworkSection.KEY.name();
    public static final Address VPC = Address.of(STEP, "vpc");
    public static final Address IGW = Address.of(STEP, "igw");
    public static final Address IGW_ATTACHMENT = Address.of(STEP, "igw-attachment");
    public static final Address PUBLIC_TABLE = Address.of(STEP, "route-table", "public");
    public static final Address PUBLIC_DEFAULT_ROUTE = Address.of(STEP, "route", "public-default");
    /** The destination of every default route. */
    public static final String ANYWHERE = "0.0.0.0/0";

    private NetworkResources() {}

    public static Address subnet(String name) {
        return Address.of(STEP, "subnet", name);
    }

    public static Address association(String subnetName) {
        return Address.of(STEP, "rta", subnetName);
    }

    public static Address nat(String zoneLetter) {
        return Address.of(STEP, "nat", zoneLetter);
    }

    public static Address natEip(String zoneLetter) {
        return Address.of(STEP, "eip", "nat-" + zoneLetter);
    }

    /**
     * @param blueprint a blueprint that passed {@link dev.cairn.step.BlueprintValidator}, with
     *     defaults filled (zones, subnets)
     * @throws IllegalArgumentException if the blueprint has no network section or NAT mode
     */
    public static List<ResourceSpec> specs(Blueprint blueprint) {
        NetworkSection network = blueprint.section(NetworkSection.KEY);
        if (network == null || network.nat() == null || network.subnets() == null || network.zones() == null) {
            throw new IllegalArgumentException("blueprint " + blueprint.name() + " has an incomplete network section");
        }
        String region = blueprint.region();
        List<ResourceSpec> specs = new ArrayList<>();
        specs.add(spec(VPC, Ec2Kinds.VPC, region, Map.of("cidr", network.vpcCidr()), Map.of(), Set.of()));

        for (SubnetSpec s : network.subnets()) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("cidr", s.cidr());
            props.put("zone", s.zone());
            props.put("tier", s.tier().yamlName());
            props.put("mapPublicIp", String.valueOf(s.tier() == SubnetTier.PUBLIC));
            specs.add(spec(subnet(s.name()), Ec2Kinds.SUBNET, region, props, Map.of("vpc", VPC), Set.of()));
        }

        specs.add(spec(IGW, Ec2Kinds.INTERNET_GATEWAY, region, Map.of(), Map.of(), Set.of()));
        specs.add(spec(IGW_ATTACHMENT, Ec2Kinds.IGW_ATTACHMENT, region, Map.of(),
                refs("gateway", IGW, "vpc", VPC), Set.of()));

        specs.add(spec(PUBLIC_TABLE, Ec2Kinds.ROUTE_TABLE, region, Map.of("tier", "public"), Map.of("vpc", VPC), Set.of()));
        // A route to a gateway that is not attached yet fails, hence the extra dependency.
        specs.add(spec(PUBLIC_DEFAULT_ROUTE, Ec2Kinds.ROUTE, region, Map.of("destination", ANYWHERE),
                refs("routeTable", PUBLIC_TABLE, "gateway", IGW), Set.of(IGW_ATTACHMENT)));
        for (SubnetSpec s : network.subnets()) {
            if (s.tier() == SubnetTier.PUBLIC) {
                specs.add(association(region, s, PUBLIC_TABLE));
            }
        }

        // NAT gateways live in a public subnet of their zone and need an attached IGW first:
        // AWS fails a public NAT gateway in a VPC without one.
        List<String> natZones = switch (network.nat()) {
            case NONE -> List.of();
            case SINGLE -> List.of(network.zones().get(0));
            case PER_ZONE -> network.zones();
        };
        for (String zone : natZones) {
            String letter = Regions.zoneLetter(zone);
            SubnetSpec publicSubnet = subnetOf(network, zone, SubnetTier.PUBLIC);
            specs.add(spec(natEip(letter), Ec2Kinds.ELASTIC_IP, region, Map.of(), Map.of(), Set.of()));
            specs.add(spec(nat(letter), Ec2Kinds.NAT_GATEWAY, region, Map.of("connectivity", "public"),
                    refs("subnet", subnet(publicSubnet.name()), "eip", natEip(letter)), Set.of(IGW_ATTACHMENT)));
        }

        if (network.nat() == NatMode.PER_ZONE) {
            for (String zone : network.zones()) {
                String letter = Regions.zoneLetter(zone);
                Address table = Address.of(STEP, "route-table", "private-" + letter);
                specs.add(spec(table, Ec2Kinds.ROUTE_TABLE, region, Map.of("tier", "private"), Map.of("vpc", VPC), Set.of()));
                specs.add(spec(Address.of(STEP, "route", "private-" + letter + "-default"), Ec2Kinds.ROUTE, region,
                        Map.of("destination", ANYWHERE), refs("routeTable", table, "natGateway", nat(letter)), Set.of()));
                for (SubnetSpec s : network.subnets()) {
                    if (s.tier() != SubnetTier.PUBLIC && s.zone().equals(zone)) {
                        specs.add(association(region, s, table));
                    }
                }
            }
        } else {
            Address table = Address.of(STEP, "route-table", "private");
            specs.add(spec(table, Ec2Kinds.ROUTE_TABLE, region, Map.of("tier", "private"), Map.of("vpc", VPC), Set.of()));
            if (network.nat() == NatMode.SINGLE) {
                specs.add(spec(Address.of(STEP, "route", "private-default"), Ec2Kinds.ROUTE, region,
                        Map.of("destination", ANYWHERE),
                        refs("routeTable", table, "natGateway", nat(Regions.zoneLetter(network.zones().get(0)))), Set.of()));
            }
            for (SubnetSpec s : network.subnets()) {
                if (s.tier() != SubnetTier.PUBLIC) {
                    specs.add(association(region, s, table));
                }
            }
        }
        return List.copyOf(specs);
    }

    private static SubnetSpec subnetOf(NetworkSection network, String zone, SubnetTier tier) {
        return network.subnets().stream()
                .filter(s -> s.tier() == tier && zone.equals(s.zone()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + tier.yamlName() + " subnet in zone " + zone));
    }

    private static ResourceSpec association(String region, SubnetSpec s, Address table) {
        return spec(association(s.name()), Ec2Kinds.ROUTE_TABLE_ASSOCIATION, region, Map.of(),
                refs("routeTable", table, "subnet", subnet(s.name())), Set.of());
    }

    private static Map<String, Address> refs(String k1, Address v1, String k2, Address v2) {
        Map<String, Address> refs = new LinkedHashMap<>();
        refs.put(k1, v1);
        refs.put(k2, v2);
        return refs;
    }

    private static ResourceSpec spec(Address address, ResourceKind kind, String region, Map<String, String> props,
            Map<String, Address> refs, Set<Address> extra) {
        return new ResourceSpec(address, kind, region, props, refs, extra);
    }
}
