package dev.cairn.step.access;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.model.Regions;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.network.SubnetTier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resources of the Access step, derived from a validated blueprint whose {@code myIp} has
 * been resolved (see {@link #resolvedMyIp}). Main-region resources live under the step
 * {@code access}; the peered VPC and everything in it under {@code peer}, with the peer region.
 * Property and ref names follow {@link ResourceKind}'s contract.
 *
 * <p>Choices: every host's security group starts empty and each ingress rule is its own
 * resource (group-referencing rules are revoked before the groups are deleted); the private
 * instance's SSH comes only from the bastion's and the VPN's groups; the peer instance has no key
 * pair (key pairs are regional, and it is reached only by ping); routes to the peering wait for
 * the acceptance, since AWS refuses a route to a connection that is not active.
 */
public final class AccessResources {

    public static final String STEP = AccessSection.KEY.name();
    public static final String PEER_STEP = "peer";
    public static final Address KEY_PAIR = Address.of(STEP, "key-pair");
    public static final Address PEERING = Address.of(STEP, "peering");
    public static final Address PEER_VPC = Address.of(PEER_STEP, "vpc");
    public static final Address PEER_IGW = Address.of(PEER_STEP, "igw");
    public static final Address PEER_IGW_ATTACHMENT = Address.of(PEER_STEP, "igw-attachment");
    public static final Address PEER_PUBLIC_TABLE = Address.of(PEER_STEP, "route-table", "public");
    public static final Address PEER_PRIVATE_TABLE = Address.of(PEER_STEP, "route-table", "private");
    public static final Address PEERING_ACCEPTANCE = Address.of(PEER_STEP, "peering-acceptance");

    /** Amazon Linux 2023, resolved at create from AWS's public SSM parameter (never a fixed AMI). */
    public static final String AL2023_X86 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
    public static final String AL2023_ARM = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
    /** The newest OpenVPN Access Server image in the AWS Marketplace ({@code owner:name pattern}). */
    public static final String OPENVPN_QUERY = "aws-marketplace:OpenVPN Access Server*";
    /** The OpenVPN Access Server's ports: SSH, admin and client web UI, HTTPS, the VPN itself. */
    public static final List<String> VPN_PORTS = List.of("tcp-22", "tcp-943", "tcp-443", "udp-1194");

    private AccessResources() {}

    public static Address securityGroup(String role) {
        return Address.of(STEP, "sg", role);
    }

    public static Address rule(String name) {
        return Address.of(STEP, "sg-rule", name);
    }

    public static Address instance(String role) {
        return Address.of(STEP, "instance", role);
    }

    public static Address eip(String role) {
        return Address.of(STEP, "eip", role);
    }

    public static Address eipAssociation(String role) {
        return Address.of(STEP, "eip-association", role);
    }

    public static Address peerSubnet(String name) {
        return Address.of(PEER_STEP, "subnet", name);
    }

    public static Address peerInstance() {
        return Address.of(PEER_STEP, "instance", "private");
    }

    /**
     * The {@code myIp} as a CIDR for the rules: {@code 203.0.113.10} → {@code 203.0.113.10/32}.
     *
     * @throws IllegalArgumentException when it is still {@code auto} (the caller resolves it
     *     first: planning is pure and makes no network call)
     */
    public static String resolvedMyIp(AccessSection access) {
        String ip = access.myIp();
        if (ip == null || AccessSection.MY_IP_AUTO.equals(ip)) {
            throw new IllegalArgumentException("access.myIp is \"" + ip + "\"; resolve it to an address before planning");
        }
        return ip.contains("/") ? ip : ip + "/32";
    }

    /**
     * @param blueprint validated, defaults filled, {@code access.myIp} resolved
     * @return empty when the blueprint has no access section
     */
    public static List<ResourceSpec> specs(Blueprint blueprint) {
        AccessSection access = blueprint.section(AccessSection.KEY);
        if (access == null) {
            return List.of();
        }
        NetworkSection network = blueprint.section(NetworkSection.KEY);
        String region = blueprint.region();
        String myIp = resolvedMyIp(access);
        List<ResourceSpec> specs = new ArrayList<>();
        if (access.anyInstance()) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("mode", access.keyPair().mode().yamlName());
            props.put("keyName", access.keyPair().name());
            if (access.keyPair().publicKeyFile() != null) {
                props.put("publicKeyFile", access.keyPair().publicKeyFile());
            }
            specs.add(spec(KEY_PAIR, Ec2Kinds.KEY_PAIR, region, props, Map.of(), Set.of()));
        }
        Address publicSubnet = NetworkResources.subnet(first(network, SubnetTier.PUBLIC));
        if (access.bastionOn()) {
            specs.add(group(blueprint, "bastion", "SSH from my IP"));
            specs.add(cidrRule(region, "bastion-ssh", "bastion", "tcp", 22, 22, myIp));
            specs.addAll(publicHost(region, "bastion", access.bastion().instanceType(),
                    "imageParameter", al2023(access.bastion().instanceType()), publicSubnet));
        }
        if (access.vpnOn()) {
            specs.add(group(blueprint, "vpn", "OpenVPN Access Server ports from my IP"));
            for (String port : VPN_PORTS) {
                String[] p = port.split("-");
                int n = Integer.parseInt(p[1]);
                specs.add(cidrRule(region, "vpn-" + port, "vpn", p[0], n, n, myIp));
            }
            boolean own = access.vpn().amiId() != null;
            specs.addAll(publicHost(region, "vpn", access.vpn().instanceType(),
                    own ? "imageId" : "imageQuery", own ? access.vpn().amiId() : OPENVPN_QUERY, publicSubnet));
        }
        if (access.privateInstanceOn()) {
            specs.add(group(blueprint, "private", "SSH only from the bastion and VPN groups"));
            if (access.bastionOn()) {
                specs.add(groupRule(region, "private-ssh-bastion", "private", "bastion"));
            }
            if (access.vpnOn()) {
                specs.add(groupRule(region, "private-ssh-vpn", "private", "vpn"));
            }
            specs.add(instanceSpec(instance("private"), region, "private", access.privateInstance().instanceType(),
                    "imageParameter", al2023(access.privateInstance().instanceType()),
                    NetworkResources.subnet(first(network, SubnetTier.APP)), securityGroup("private"), true));
        }
        if (access.peeringOn()) {
            specs.addAll(peering(blueprint, access.peering()));
        }
        return List.copyOf(specs);
    }

    private static List<ResourceSpec> publicHost(String region, String role, String type, String imageKey, String image,
            Address subnet) {
        List<ResourceSpec> out = new ArrayList<>();
        // A public instance holds a mapped public address, which blocks detaching the internet
        // gateway: the dependency makes teardown terminate it first.
        ResourceSpec host = instanceSpec(instance(role), region, role, type, imageKey, image, subnet, securityGroup(role), true);
        out.add(new ResourceSpec(host.address(), host.kind(), host.region(), host.properties(), host.refs(),
                Set.of(NetworkResources.IGW_ATTACHMENT)));
        out.add(spec(eip(role), Ec2Kinds.ELASTIC_IP, region, Map.of(), Map.of(), Set.of()));
        // AWS refuses to associate an address in a VPC with no internet gateway attached.
        out.add(spec(eipAssociation(role), Ec2Kinds.EIP_ASSOCIATION, region, Map.of(),
                refs("eip", eip(role), "instance", instance(role)), Set.of(NetworkResources.IGW_ATTACHMENT)));
        return out;
    }

    private static List<ResourceSpec> peering(Blueprint blueprint, AccessSection.Peering p) {
        String region = blueprint.region();
        String peerRegion = p.region();
        NetworkSection network = blueprint.section(NetworkSection.KEY);
        String mainCidr = network.vpcCidr();
        List<PeerLayout.PeerSubnet> subnets = PeerLayout.compute(p.vpcCidr(), p.zones())
                .orElseThrow(() -> new IllegalArgumentException("access.peering.vpcCidr " + p.vpcCidr()
                        + " cannot hold the peer's subnets"));
        List<ResourceSpec> out = new ArrayList<>();
        out.add(spec(PEER_VPC, Ec2Kinds.VPC, peerRegion, Map.of("cidr", p.vpcCidr()), Map.of(), Set.of()));
        for (PeerLayout.PeerSubnet s : subnets) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("cidr", s.cidr());
            props.put("zone", s.zone());
            props.put("tier", s.isPublic() ? "public" : "app");
            props.put("mapPublicIp", String.valueOf(s.isPublic()));
            out.add(spec(peerSubnet(s.name()), Ec2Kinds.SUBNET, peerRegion, props, Map.of("vpc", PEER_VPC), Set.of()));
        }
        out.add(spec(PEER_IGW, Ec2Kinds.INTERNET_GATEWAY, peerRegion, Map.of(), Map.of(), Set.of()));
        out.add(spec(PEER_IGW_ATTACHMENT, Ec2Kinds.IGW_ATTACHMENT, peerRegion, Map.of(),
                refs("gateway", PEER_IGW, "vpc", PEER_VPC), Set.of()));
        out.add(spec(PEER_PUBLIC_TABLE, Ec2Kinds.ROUTE_TABLE, peerRegion, Map.of("tier", "public"),
                Map.of("vpc", PEER_VPC), Set.of()));
        out.add(spec(Address.of(PEER_STEP, "route", "public-default"), Ec2Kinds.ROUTE, peerRegion,
                Map.of("destination", NetworkResources.ANYWHERE), refs("routeTable", PEER_PUBLIC_TABLE, "gateway", PEER_IGW),
                Set.of(PEER_IGW_ATTACHMENT)));
        out.add(spec(PEER_PRIVATE_TABLE, Ec2Kinds.ROUTE_TABLE, peerRegion, Map.of("tier", "private"),
                Map.of("vpc", PEER_VPC), Set.of()));
        for (PeerLayout.PeerSubnet s : subnets) {
            out.add(spec(Address.of(PEER_STEP, "rta", s.name()), Ec2Kinds.ROUTE_TABLE_ASSOCIATION, peerRegion, Map.of(),
                    refs("routeTable", s.isPublic() ? PEER_PUBLIC_TABLE : PEER_PRIVATE_TABLE, "subnet", peerSubnet(s.name())),
                    Set.of()));
        }
        Address peerGroup = Address.of(PEER_STEP, "sg", "private");
        out.add(spec(peerGroup, Ec2Kinds.SECURITY_GROUP, peerRegion,
                groupProps(blueprint.name() + "-peer-private", "ICMP from the main VPC"), Map.of("vpc", PEER_VPC), Set.of()));
        out.add(spec(Address.of(PEER_STEP, "sg-rule", "private-icmp-main"), Ec2Kinds.SECURITY_GROUP_RULE, peerRegion,
                ruleProps("icmp", -1, -1, mainCidr), Map.of("group", peerGroup), Set.of()));
        String firstPrivate = subnets.stream().filter(s -> !s.isPublic()).findFirst().orElseThrow().name();
        out.add(instanceSpec(peerInstance(), peerRegion, "peer", p.instanceType(), "imageParameter", al2023(p.instanceType()),
                peerSubnet(firstPrivate), peerGroup, false));

        out.add(spec(PEERING, Ec2Kinds.VPC_PEERING, region, Map.of("peerRegion", peerRegion),
                refs("vpc", NetworkResources.VPC, "peerVpc", PEER_VPC), Set.of()));
        out.add(spec(PEERING_ACCEPTANCE, Ec2Kinds.VPC_PEERING_ACCEPTANCE, peerRegion, Map.of(),
                Map.of("peering", PEERING), Set.of()));
        for (Address table : mainPrivateTables(network)) {
            String name = table.name() + "-peer";
            out.add(spec(Address.of(STEP, "route", name), Ec2Kinds.ROUTE, region, Map.of("destination", p.vpcCidr()),
                    refs("routeTable", table, "peering", PEERING), Set.of(PEERING_ACCEPTANCE)));
        }
        out.add(spec(Address.of(PEER_STEP, "route", "private-main"), Ec2Kinds.ROUTE, peerRegion,
                Map.of("destination", mainCidr), refs("routeTable", PEER_PRIVATE_TABLE, "peering", PEERING),
                Set.of(PEERING_ACCEPTANCE)));
        return out;
    }

    /** The Network step's private route tables, as {@link NetworkResources} names them. */
    static List<Address> mainPrivateTables(NetworkSection network) {
        if (network.nat() == NatMode.PER_ZONE) {
            return network.zones().stream()
                    .map(z -> Address.of(NetworkResources.STEP, "route-table", "private-" + Regions.zoneLetter(z))).toList();
        }
        return List.of(Address.of(NetworkResources.STEP, "route-table", "private"));
    }

    private static String first(NetworkSection network, SubnetTier tier) {
        return network.subnets().stream().filter(s -> s.tier() == tier).map(SubnetSpec::name).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the network has no " + tier.yamlName() + " subnet"));
    }

    /** Graviton types ({@code t4g}) need the arm64 image. */
    static String al2023(String instanceType) {
        return InstanceTypeName.parse(instanceType).filter(t -> t.attributes().contains("g")).isPresent() ? AL2023_ARM : AL2023_X86;
    }

    private static ResourceSpec group(Blueprint blueprint, String role, String description) {
        return spec(securityGroup(role), Ec2Kinds.SECURITY_GROUP, blueprint.region(),
                groupProps(blueprint.name() + "-" + role, description), Map.of("vpc", NetworkResources.VPC), Set.of());
    }

    private static Map<String, String> groupProps(String name, String description) {
        Map<String, String> props = new LinkedHashMap<>();
        // "cairn-" keeps the name clear of the "sg-" prefix AWS reserves.
        props.put("groupName", "cairn-" + name);
        props.put("description", description);
        return props;
    }

    private static ResourceSpec cidrRule(String region, String name, String role, String protocol, int from, int to, String cidr) {
        return spec(rule(name), Ec2Kinds.SECURITY_GROUP_RULE, region, ruleProps(protocol, from, to, cidr),
                Map.of("group", securityGroup(role)), Set.of());
    }

    private static ResourceSpec groupRule(String region, String name, String role, String sourceRole) {
        return spec(rule(name), Ec2Kinds.SECURITY_GROUP_RULE, region, ruleProps("tcp", 22, 22, null),
                refs("group", securityGroup(role), "sourceGroup", securityGroup(sourceRole)), Set.of());
    }

    private static Map<String, String> ruleProps(String protocol, int from, int to, String cidr) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("protocol", protocol);
        props.put("fromPort", String.valueOf(from));
        props.put("toPort", String.valueOf(to));
        if (cidr != null) {
            props.put("cidr", cidr);
        }
        return props;
    }

    private static ResourceSpec instanceSpec(Address address, String region, String role, String type, String imageKey,
            String image, Address subnet, Address group, boolean withKey) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("role", role);
        props.put("instanceType", type);
        props.put(imageKey, image);
        Map<String, Address> refs = new LinkedHashMap<>();
        refs.put("subnet", subnet);
        refs.put("securityGroup", group);
        if (withKey) {
            refs.put("keyPair", KEY_PAIR);
        }
        return spec(address, Ec2Kinds.INSTANCE, region, props, refs, Set.of());
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
