package dev.cairn.sandbox;

import dev.cairn.sandbox.Ec2Model.Address;
import dev.cairn.sandbox.Ec2Model.Association;
import dev.cairn.sandbox.Ec2Model.ClientToken;
import dev.cairn.sandbox.Ec2Model.InternetGateway;
import dev.cairn.sandbox.Ec2Model.NatGateway;
import dev.cairn.sandbox.Ec2Model.NetworkInterface;
import dev.cairn.sandbox.Ec2Model.RegionState;
import dev.cairn.sandbox.Ec2Model.Route;
import dev.cairn.sandbox.Ec2Model.RouteTable;
import dev.cairn.sandbox.Ec2Model.Subnet;
import dev.cairn.sandbox.Ec2Model.Tagged;
import dev.cairn.sandbox.Ec2Model.Vpc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * The EC2 network model of one account in one region: the rules AWS applies (dependencies,
 * states, idempotency), not just storage. Parsing and rendering live in {@link Ec2Service}.
 *
 * <p>Not thread-safe: the server serialises requests on the world lock. State transitions are
 * computed from timestamps by {@link #advance()}, which the server runs before every request,
 * so no background thread is needed and a persisted state resumes where it was.
 */
final class Ec2Backend {
    /** AWS remembers a NAT gateway ClientToken for 24 hours. */
    static final long CLIENT_TOKEN_TTL_MILLIS = 24L * 60 * 60 * 1000;
    /** AWS keeps a deleted NAT gateway visible in DescribeNatGateways for about an hour. */
    static final long DELETED_NAT_VISIBLE_MILLIS = 60L * 60 * 1000;
    /** Default per-region quota of Elastic IP addresses in AWS. */
    static final int ADDRESS_LIMIT = 5;
    /** AWS's per-resource tag quota. */
    static final int TAG_LIMIT = 50;
    /** AWS reserves the first four addresses and the last address of every subnet. */
    static final int RESERVED_LEADING = 4;
    static final int RESERVED_TOTAL = 5;

    private final RegionState s;
    private final String account;
    private final Regions.Region region;
    private final SandboxConfig config;
    private final Random random;
    private final long now;
    /** The whole world, for what spans regions (VPC peering); null in backends built without it. */
    private Ec2Model.World world;

    Ec2Backend(RegionState state, String account, Regions.Region region, SandboxConfig config, Random random, long now) {
        this.s = state;
        this.account = account;
        this.region = region;
        this.config = config;
        this.random = random;
        this.now = now;
    }

    /**
     * Gives this backend the world it belongs to, so a VPC peering can reach the other region of
     * its account. The server always calls it; returns this for chaining.
     */
    Ec2Backend withWorld(Ec2Model.World world) {
        this.world = world;
        return this;
    }

    Ec2Model.World world() {
        if (world == null) {
            world = new Ec2Model.World();
        }
        return world;
    }

    SandboxConfig config() {
        return config;
    }

    /** The instance, security group, key pair and peering rules of this backend (the Access step). */
    AccessBackend access() {
        return new AccessBackend(this);
    }

    String account() {
        return account;
    }

    Regions.Region region() {
        return region;
    }

    long now() {
        return now;
    }

    RegionState state() {
        return s;
    }

    // ---------------------------------------------------------------- lazy state transitions

    /** Moves every resource to the state its timestamps say it is in now. */
    void advance() {
        // Instances and peerings first: a terminated instance sets its ENI's goneAt, which the
        // ENI sweep below honours in the same pass.
        access().advance();
        for (NatGateway nat : s.natGateways.values()) {
            if (nat.state.equals("pending") && now >= nat.availableAt) {
                boolean needsGateway = nat.connectivityType.equals("public");
                if (needsGateway && igwOfVpc(nat.vpcId) == null) {
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
                releaseNatInterface(nat, nat.deletedAt + config.effectiveEniLinger().toMillis());
            }
        }
        s.natGateways.values().removeIf(n -> n.state.equals("deleted") && now >= n.deletedAt + DELETED_NAT_VISIBLE_MILLIS);
        for (Iterator<NetworkInterface> it = s.networkInterfaces.values().iterator(); it.hasNext(); ) {
            NetworkInterface eni = it.next();
            if (eni.goneAt > 0 && now >= eni.goneAt) {
                for (Address a : s.addresses.values()) {
                    if (eni.id.equals(a.networkInterfaceId)) {
                        disassociate(a);
                    }
                }
                it.remove();
            }
        }
        s.clientTokens.values().removeIf(t -> now >= t.createdAt + CLIENT_TOKEN_TTL_MILLIS);
    }

    private void releaseNatInterface(NatGateway nat, long goneAt) {
        NetworkInterface eni = nat.networkInterfaceId == null ? null : s.networkInterfaces.get(nat.networkInterfaceId);
        if (eni != null && eni.goneAt == 0) {
            eni.goneAt = Math.max(goneAt, 1);
        }
    }

    static String vpcState(Vpc vpc, long now) {
        return now >= vpc.availableAt ? "available" : "pending";
    }

    static String subnetState(Subnet subnet, long now) {
        return now >= subnet.availableAt ? "available" : "pending";
    }

    // ---------------------------------------------------------------- lookups

    /**
     * A resource by ID, or AWS's NotFound error. Inside the consistency window after its
     * creation the resource is not yet visible, as with AWS's eventual consistency.
     */
    <T extends Tagged> T find(Map<String, T> map, String id, String code, String message) {
        T item = id == null ? null : map.get(id);
        if (item == null || !visible(item)) {
            throw new AwsException(code, message.replace("%s", String.valueOf(id)));
        }
        return item;
    }

    boolean visible(Tagged item) {
        return now >= item.createdAt + config.consistencyWindow().toMillis();
    }

    Vpc vpc(String id) {
        return find(s.vpcs, id, "InvalidVpcID.NotFound", "The vpc ID '%s' does not exist");
    }

    Subnet subnet(String id) {
        return find(s.subnets, id, "InvalidSubnetID.NotFound", "The subnet ID '%s' does not exist");
    }

    InternetGateway internetGateway(String id) {
        return find(s.internetGateways, id, "InvalidInternetGatewayID.NotFound",
                "The internetGateway ID '%s' does not exist");
    }

    RouteTable routeTable(String id) {
        return find(s.routeTables, id, "InvalidRouteTableID.NotFound", "The routeTable ID '%s' does not exist");
    }

    NatGateway natGateway(String id) {
        return find(s.natGateways, id, "NatGatewayNotFound", "NAT gateway %s was not found.");
    }

    Address address(String allocationId) {
        return find(s.addresses, allocationId, "InvalidAllocationID.NotFound",
                "The allocation ID '%s' does not exist");
    }

    Address addressByIp(String publicIp) {
        for (Address a : s.addresses.values()) {
            if (a.publicIp.equals(publicIp) && visible(a)) {
                return a;
            }
        }
        throw new AwsException("InvalidAddress.NotFound", "Address '" + publicIp + "' not found.");
    }

    NetworkInterface networkInterface(String id) {
        return find(s.networkInterfaces, id, "InvalidNetworkInterfaceID.NotFound",
                "The networkInterface ID '%s' does not exist");
    }

    /** Any taggable resource by ID, dispatching on the ID prefix like AWS. */
    Tagged anyResource(String id) {
        String prefix = id == null ? "" : id.substring(0, Math.max(0, id.indexOf('-')));
        return switch (prefix) {
            case "vpc" -> vpc(id);
            case "subnet" -> subnet(id);
            case "igw" -> internetGateway(id);
            case "rtb" -> routeTable(id);
            case "nat" -> natGateway(id);
            case "eipalloc" -> address(id);
            case "eni" -> networkInterface(id);
            case "sg" -> access().securityGroup(id);
            case "key" -> access().keyPairById(id);
            case "i" -> access().instance(id);
            case "vol" -> access().volume(id);
            case "pcx" -> access().peering(id);
            default -> throw new AwsException("InvalidID", "The ID '" + id + "' is not valid");
        };
    }

    /** The resource type name DescribeTags reports for an ID. */
    static String resourceType(String id) {
        String prefix = id.substring(0, id.indexOf('-'));
        return switch (prefix) {
            case "vpc" -> "vpc";
            case "subnet" -> "subnet";
            case "igw" -> "internet-gateway";
            case "rtb" -> "route-table";
            case "nat" -> "natgateway";
            case "eipalloc" -> "elastic-ip";
            case "eni" -> "network-interface";
            case "sg" -> "security-group";
            case "key" -> "key-pair";
            case "i" -> "instance";
            case "vol" -> "volume";
            case "pcx" -> "vpc-peering-connection";
            default -> throw new IllegalArgumentException(id);
        };
    }

    InternetGateway igwOfVpc(String vpcId) {
        return s.internetGateways.values().stream()
                .filter(g -> vpcId.equals(g.attachedVpcId)).findFirst().orElse(null);
    }

    RouteTable mainRouteTable(String vpcId) {
        return s.routeTables.values().stream()
                .filter(t -> t.vpcId.equals(vpcId) && t.isMain()).findFirst().orElse(null);
    }

    /** NAT gateways that count as present (AWS treats {@code failed} and {@code deleted} as gone). */
    static boolean natLive(NatGateway nat) {
        return !nat.state.equals("failed") && !nat.state.equals("deleted");
    }

    // ---------------------------------------------------------------- tags

    void applyTagSpecs(Tagged target, String resourceType, List<QueryParams.TagSpec> specs) {
        for (QueryParams.TagSpec spec : specs) {
            if (!resourceType.equals(spec.resourceType())) {
                throw AwsException.invalidParameterValue("'" + spec.resourceType()
                        + "' is not a valid taggable resource type for this operation.");
            }
            putTags(target, spec.tags());
        }
    }

    void putTags(Tagged target, Map<String, String> tags) {
        for (String key : tags.keySet()) {
            if (key == null || key.isEmpty() || key.length() > 128) {
                throw AwsException.invalidParameterValue("Tag key must be 1 to 128 characters.");
            }
            if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw AwsException.invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
            }
        }
        Set<String> keys = new HashSet<>(target.tags.keySet());
        keys.addAll(tags.keySet());
        if (keys.size() > TAG_LIMIT) {
            throw new AwsException("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
        }
        target.tags.putAll(tags);
    }

    void createTags(List<String> ids, Map<String, String> tags) {
        List<Tagged> targets = ids.stream().map(this::anyResource).toList();
        targets.forEach(t -> putTags(t, tags));
    }

    /** DeleteTags: a key with a value deletes only when the value matches; a bare key always. */
    void deleteTags(List<String> ids, Map<String, String> keys, Set<String> bareKeys) {
        List<Tagged> targets = ids.stream().map(this::anyResource).toList();
        for (Tagged t : targets) {
            if (keys.isEmpty() && bareKeys.isEmpty()) {
                t.tags.clear();
            }
            keys.forEach((k, v) -> {
                if (bareKeys.contains(k) || Objects.equals(t.tags.get(k), v)) {
                    t.tags.remove(k);
                }
            });
        }
    }

    /** Every visible taggable resource, in a stable order. */
    List<Tagged> allTagged() {
        List<Tagged> all = new ArrayList<>();
        all.addAll(s.vpcs.values());
        all.addAll(s.subnets.values());
        all.addAll(s.internetGateways.values());
        all.addAll(s.routeTables.values());
        all.addAll(s.natGateways.values());
        all.addAll(s.addresses.values());
        all.addAll(s.networkInterfaces.values());
        all.addAll(s.securityGroups.values());
        all.addAll(s.keyPairs.values());
        all.addAll(s.instances.values());
        all.addAll(s.volumes.values());
        all.addAll(access().peeringsOfRegion());
        return all.stream().filter(this::visible).toList();
    }

    // ---------------------------------------------------------------- IDs and addresses

    String newId(String prefix) {
        while (true) {
            StringBuilder id = new StringBuilder(prefix).append('-');
            for (int i = 0; i < 17; i++) {
                id.append(Character.forDigit(random.nextInt(16), 16));
            }
            String candidate = id.toString();
            if (!idInUse(candidate)) {
                return candidate;
            }
        }
    }

    private boolean idInUse(String id) {
        if (s.vpcs.containsKey(id) || s.subnets.containsKey(id) || s.internetGateways.containsKey(id)
                || s.routeTables.containsKey(id) || s.natGateways.containsKey(id) || s.addresses.containsKey(id)
                || s.networkInterfaces.containsKey(id) || s.securityGroups.containsKey(id)
                || s.keyPairs.containsKey(id) || s.instances.containsKey(id)
                || world().peerings(account).containsKey(id)) {
            return true;
        }
        for (RouteTable t : s.routeTables.values()) {
            for (Association a : t.associations) {
                if (a.id.equals(id)) {
                    return true;
                }
            }
        }
        for (Address a : s.addresses.values()) {
            if (id.equals(a.associationId)) {
                return true;
            }
        }
        return false;
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

    /** A display-only public address (3.34.x.x); these are never contacted. */
    String nextPublicIp() {
        Set<String> used = new HashSet<>();
        s.addresses.values().forEach(a -> used.add(a.publicIp));
        s.instances.values().forEach(i -> used.add(i.publicIp));
        while (true) {
            String ip = "3.34." + random.nextInt(256) + "." + (1 + random.nextInt(254));
            if (!used.contains(ip)) {
                return ip;
            }
        }
    }

    String macAddress() {
        StringBuilder mac = new StringBuilder("02");
        for (int i = 0; i < 5; i++) {
            mac.append(':').append(String.format("%02x", random.nextInt(256)));
        }
        return mac.toString();
    }

    long availableIpCount(Subnet subnet) {
        long inUse = s.networkInterfaces.values().stream().filter(e -> e.subnetId.equals(subnet.id)).count();
        return Cidr.parse(subnet.cidrBlock).size() - RESERVED_TOTAL - inUse;
    }

    // ---------------------------------------------------------------- VPC

    Vpc createVpc(String cidrBlock, String tenancy, List<QueryParams.TagSpec> tagSpecs) {
        if (cidrBlock == null) {
            throw AwsException.missingParameter("CidrBlock");
        }
        Cidr cidr = Cidr.parse(cidrBlock);
        if (cidr == null || cidr.prefix() < 16 || cidr.prefix() > 28) {
            throw new AwsException("InvalidVpc.Range", "The CIDR '" + cidrBlock + "' is invalid.");
        }
        if (s.vpcs.size() >= config.vpcQuota()) {
            throw new AwsException("VpcLimitExceeded", "The maximum number of VPCs has been reached.");
        }
        Vpc vpc = new Vpc();
        vpc.id = newId("vpc");
        vpc.createdAt = now;
        vpc.availableAt = now + config.scaled(LatencyProfile.VPC_PENDING).toMillis();
        vpc.cidrBlock = cidrBlock;
        vpc.cidrAssociationId = newId("vpc-cidr-assoc");
        // VPCs of one account and region share the default DHCP options set, as in AWS.
        vpc.dhcpOptionsId = String.format("dopt-%08x", (account + "/" + region.name()).hashCode());
        if (tenancy != null) {
            vpc.instanceTenancy = tenancy;
        }
        applyTagSpecs(vpc, "vpc", tagSpecs);
        s.vpcs.put(vpc.id, vpc);

        // Every new VPC comes with its main route table holding the local route.
        RouteTable main = newRouteTable(vpc);
        Association assoc = new Association();
        assoc.id = newId("rtbassoc");
        assoc.main = true;
        main.associations.add(assoc);
        s.routeTables.put(main.id, main);
        // ... and its default security group, which goes only with the VPC.
        access().createDefaultSecurityGroup(vpc);
        return vpc;
    }

    void deleteVpc(String vpcId) {
        Vpc vpc = vpc(vpcId);
        boolean dependencies = s.subnets.values().stream().anyMatch(x -> x.vpcId.equals(vpcId))
                || igwOfVpc(vpcId) != null
                || s.routeTables.values().stream().anyMatch(t -> t.vpcId.equals(vpcId) && !t.isMain())
                || s.networkInterfaces.values().stream().anyMatch(e -> e.vpcId.equals(vpcId))
                || s.securityGroups.values().stream().anyMatch(g -> g.vpcId.equals(vpcId) && !g.isDefault());
        if (dependencies) {
            throw AwsException.dependencyViolation("vpc", vpcId);
        }
        access().checkVpcDeletable(vpcId);
        s.routeTables.values().removeIf(t -> t.vpcId.equals(vpcId));
        // The default security group goes with the VPC, and so do its peering connections (AWS
        // deletes them rather than blocking the VPC's deletion).
        s.securityGroups.values().removeIf(g -> g.vpcId.equals(vpcId));
        access().vpcDeleted(vpcId);
        s.vpcs.remove(vpc.id);
    }

    void modifyVpcAttribute(String vpcId, Boolean dnsSupport, Boolean dnsHostnames) {
        Vpc vpc = vpc(vpcId);
        if (dnsSupport != null && dnsHostnames != null) {
            throw new AwsException("InvalidParameterCombination", "Only one attribute can be modified at a time");
        }
        if (dnsSupport == null && dnsHostnames == null) {
            throw new AwsException("MissingParameter", "One attribute must be specified");
        }
        if (dnsSupport != null) {
            vpc.enableDnsSupport = dnsSupport;
        } else {
            vpc.enableDnsHostnames = dnsHostnames;
        }
    }

    // ---------------------------------------------------------------- subnets

    Subnet createSubnet(String vpcId, String cidrBlock, String zone, String zoneId, List<QueryParams.TagSpec> tagSpecs) {
        if (vpcId == null) {
            throw AwsException.missingParameter("VpcId");
        }
        if (cidrBlock == null) {
            throw AwsException.missingParameter("CidrBlock");
        }
        Vpc vpc = vpc(vpcId);
        Cidr cidr = Cidr.parse(cidrBlock);
        Cidr vpcCidr = Cidr.parse(vpc.cidrBlock);
        if (cidr == null || cidr.prefix() < 16 || cidr.prefix() > 28 || !vpcCidr.contains(cidr)) {
            throw new AwsException("InvalidSubnet.Range", "The CIDR '" + cidrBlock + "' is invalid.");
        }
        for (Subnet other : s.subnets.values()) {
            if (other.vpcId.equals(vpcId) && Cidr.parse(other.cidrBlock).overlaps(cidr)) {
                throw new AwsException("InvalidSubnet.Conflict", "The CIDR '" + cidrBlock + "' conflicts with another subnet");
            }
        }
        List<String> zones = region.zoneNames();
        if (zone == null && zoneId != null) {
            zone = zones.stream().filter(z -> region.zoneId(z).equals(zoneId)).findFirst()
                    .orElseThrow(() -> AwsException.invalidParameterValue(
                            "Value (" + zoneId + ") for parameter availabilityZoneId is invalid."));
        }
        if (zone == null) {
            zone = zones.get(random.nextInt(zones.size()));
        }
        if (!zones.contains(zone)) {
            throw AwsException.invalidParameterValue("Value (" + zone + ") for parameter availabilityZone is invalid. "
                    + "Subnets can currently only be created in the following availability zones: "
                    + String.join(", ", zones) + ".");
        }
        Subnet subnet = new Subnet();
        subnet.id = newId("subnet");
        subnet.createdAt = now;
        subnet.availableAt = now + config.scaled(LatencyProfile.SUBNET_PENDING).toMillis();
        subnet.vpcId = vpcId;
        subnet.cidrBlock = cidrBlock;
        subnet.availabilityZone = zone;
        subnet.availabilityZoneId = region.zoneId(zone);
        applyTagSpecs(subnet, "subnet", tagSpecs);
        s.subnets.put(subnet.id, subnet);
        return subnet;
    }

    void deleteSubnet(String subnetId) {
        Subnet subnet = subnet(subnetId);
        // Any ENI blocks, including a deleted NAT gateway's that still lingers.
        if (s.networkInterfaces.values().stream().anyMatch(e -> e.subnetId.equals(subnetId))) {
            throw AwsException.dependencyViolation("subnet", subnetId);
        }
        // Deleting a subnet drops its explicit route table association, as AWS does.
        s.routeTables.values().forEach(t -> t.associations.removeIf(a -> subnetId.equals(a.subnetId)));
        s.subnets.remove(subnet.id);
    }

    void modifySubnetAttribute(String subnetId, Boolean mapPublicIp) {
        Subnet subnet = subnet(subnetId);
        if (mapPublicIp == null) {
            throw AwsException.missingParameter("MapPublicIpOnLaunch");
        }
        subnet.mapPublicIpOnLaunch = mapPublicIp;
    }

    // ---------------------------------------------------------------- internet gateways

    InternetGateway createInternetGateway(List<QueryParams.TagSpec> tagSpecs) {
        InternetGateway igw = new InternetGateway();
        igw.id = newId("igw");
        igw.createdAt = now;
        applyTagSpecs(igw, "internet-gateway", tagSpecs);
        s.internetGateways.put(igw.id, igw);
        return igw;
    }

    void attachInternetGateway(String igwId, String vpcId) {
        InternetGateway igw = internetGateway(igwId);
        vpc(vpcId);
        if (igw.attachedVpcId != null) {
            throw new AwsException("Resource.AlreadyAssociated",
                    "resource " + igwId + " is already attached to network " + igw.attachedVpcId);
        }
        InternetGateway existing = igwOfVpc(vpcId);
        if (existing != null) {
            throw new AwsException("Resource.AlreadyAssociated",
                    "resource " + vpcId + " is already attached to network " + existing.id);
        }
        igw.attachedVpcId = vpcId;
    }

    void detachInternetGateway(String igwId, String vpcId) {
        InternetGateway igw = internetGateway(igwId);
        vpc(vpcId);
        if (!vpcId.equals(igw.attachedVpcId)) {
            throw new AwsException("Gateway.NotAttached", "resource " + igwId + " is not attached to network " + vpcId);
        }
        if (hasMappedPublicAddresses(vpcId)) {
            throw new AwsException("DependencyViolation", "Network " + vpcId
                    + " has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.");
        }
        igw.attachedVpcId = null;
    }

    private boolean hasMappedPublicAddresses(String vpcId) {
        for (Address a : s.addresses.values()) {
            NetworkInterface eni = a.networkInterfaceId == null ? null : s.networkInterfaces.get(a.networkInterfaceId);
            if (eni != null && eni.vpcId.equals(vpcId)) {
                return true;
            }
        }
        // Auto-assigned public IPs of instances count too, until their interface is gone.
        return s.instances.values().stream().anyMatch(i -> i.vpcId.equals(vpcId) && i.publicIp != null
                && s.networkInterfaces.containsKey(i.networkInterfaceId));
    }

    void deleteInternetGateway(String igwId) {
        InternetGateway igw = internetGateway(igwId);
        if (igw.attachedVpcId != null) {
            throw AwsException.dependencyViolation("internetGateway", igwId);
        }
        s.internetGateways.remove(igw.id);
    }

    // ---------------------------------------------------------------- route tables

    private RouteTable newRouteTable(Vpc vpc) {
        RouteTable table = new RouteTable();
        table.id = newId("rtb");
        table.createdAt = now;
        table.vpcId = vpc.id;
        Route local = new Route();
        local.destinationCidrBlock = vpc.cidrBlock;
        local.gatewayId = "local";
        local.origin = "CreateRouteTable";
        table.routes.add(local);
        return table;
    }

    RouteTable createRouteTable(String vpcId, List<QueryParams.TagSpec> tagSpecs) {
        if (vpcId == null) {
            throw AwsException.missingParameter("VpcId");
        }
        Vpc vpc = vpc(vpcId);
        RouteTable table = newRouteTable(vpc);
        applyTagSpecs(table, "route-table", tagSpecs);
        // Registered only once its tags are valid, so a rejected request leaves nothing behind.
        s.routeTables.put(table.id, table);
        return table;
    }

    void deleteRouteTable(String tableId) {
        RouteTable table = routeTable(tableId);
        // The main table has its main association, so it always has a dependency.
        if (!table.associations.isEmpty()) {
            throw AwsException.dependencyViolation("routeTable", tableId);
        }
        s.routeTables.remove(table.id);
    }

    void createRoute(String tableId, String destination, String gatewayId, String natGatewayId) {
        createRoute(tableId, destination, gatewayId, natGatewayId, null);
    }

    /** CreateRoute with exactly one target: internet gateway, NAT gateway or VPC peering connection. */
    void createRoute(String tableId, String destination, String gatewayId, String natGatewayId, String peeringId) {
        RouteTable table = routeTable(tableId);
        if (destination == null) {
            throw AwsException.missingParameter("DestinationCidrBlock");
        }
        Cidr cidr = Cidr.parse(destination);
        if (cidr == null) {
            throw AwsException.invalidParameterValue("Value (" + destination
                    + ") for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.");
        }
        int targets = (gatewayId == null ? 0 : 1) + (natGatewayId == null ? 0 : 1) + (peeringId == null ? 0 : 1);
        if (targets != 1) {
            throw new AwsException("InvalidParameterCombination",
                    "The request must contain exactly one of gatewayId, natGatewayId, vpcPeeringConnectionId");
        }
        for (Route r : table.routes) {
            if (r.destinationCidrBlock.equals(destination)) {
                throw new AwsException("RouteAlreadyExists", "The route identified by " + destination + " already exists.");
            }
        }
        Route route = new Route();
        route.destinationCidrBlock = destination;
        route.origin = "CreateRoute";
        if (gatewayId != null) {
            InternetGateway igw = find(s.internetGateways, gatewayId, "InvalidGatewayID.NotFound",
                    "The gateway ID '%s' does not exist");
            if (!table.vpcId.equals(igw.attachedVpcId)) {
                throw AwsException.invalidParameterValue("route table " + tableId + " and network gateway "
                        + gatewayId + " belong to different networks");
            }
            route.gatewayId = gatewayId;
        } else if (peeringId != null) {
            access().checkPeeringRoute(table, peeringId);
            route.vpcPeeringConnectionId = peeringId;
        } else {
            NatGateway nat = natGateway(natGatewayId);
            if (!nat.vpcId.equals(table.vpcId)) {
                throw AwsException.invalidParameterValue("route table " + tableId + " and NAT gateway "
                        + natGatewayId + " belong to different networks");
            }
            if (!natLive(nat) || nat.state.equals("deleting")) {
                throw new AwsException("InvalidNatGatewayID.NotFound",
                        "The natGateway ID '" + natGatewayId + "' does not exist");
            }
            route.natGatewayId = natGatewayId;
        }
        table.routes.add(route);
    }

    void deleteRoute(String tableId, String destination) {
        RouteTable table = routeTable(tableId);
        if (destination == null) {
            throw AwsException.missingParameter("DestinationCidrBlock");
        }
        for (Iterator<Route> it = table.routes.iterator(); it.hasNext(); ) {
            Route r = it.next();
            if (r.destinationCidrBlock.equals(destination)) {
                if ("local".equals(r.gatewayId)) {
                    throw AwsException.invalidParameterValue("cannot remove local route " + destination
                            + " in route table " + tableId);
                }
                it.remove();
                return;
            }
        }
        throw new AwsException("InvalidRoute.NotFound", "no route with destination-cidr-block " + destination
                + " in route table " + tableId);
    }

    /** The route's state: {@code blackhole} when its target is gone or detached. */
    String routeState(RouteTable table, Route route) {
        if (route.gatewayId != null && !route.gatewayId.equals("local")) {
            InternetGateway igw = s.internetGateways.get(route.gatewayId);
            return igw != null && table.vpcId.equals(igw.attachedVpcId) ? "active" : "blackhole";
        }
        if (route.vpcPeeringConnectionId != null) {
            return access().peeringRouteState(route.vpcPeeringConnectionId);
        }
        if (route.natGatewayId != null) {
            NatGateway nat = s.natGateways.get(route.natGatewayId);
            return nat != null && (nat.state.equals("available") || nat.state.equals("pending")) ? "active" : "blackhole";
        }
        return "active";
    }

    Association associateRouteTable(String tableId, String subnetId) {
        RouteTable table = routeTable(tableId);
        if (subnetId == null) {
            throw AwsException.missingParameter("SubnetId");
        }
        Subnet subnet = subnet(subnetId);
        if (!subnet.vpcId.equals(table.vpcId)) {
            throw AwsException.invalidParameterValue("Route table " + tableId + " and subnet " + subnetId
                    + " belong to different networks");
        }
        for (RouteTable t : s.routeTables.values()) {
            for (Association a : t.associations) {
                if (subnetId.equals(a.subnetId)) {
                    throw new AwsException("Resource.AlreadyAssociated", "the specified association for route table "
                            + tableId + " conflicts with an existing association");
                }
            }
        }
        Association assoc = new Association();
        assoc.id = newId("rtbassoc");
        assoc.subnetId = subnetId;
        table.associations.add(assoc);
        return assoc;
    }

    void disassociateRouteTable(String associationId) {
        for (RouteTable t : s.routeTables.values()) {
            for (Iterator<Association> it = t.associations.iterator(); it.hasNext(); ) {
                Association a = it.next();
                if (a.id.equals(associationId)) {
                    if (a.main) {
                        throw AwsException.invalidParameterValue(
                                "cannot disassociate the main route table association " + associationId);
                    }
                    it.remove();
                    return;
                }
            }
        }
        throw new AwsException("InvalidAssociationID.NotFound", "The association ID '" + associationId + "' does not exist");
    }

    // ---------------------------------------------------------------- Elastic IPs

    Address allocateAddress(String domain, List<QueryParams.TagSpec> tagSpecs) {
        if (domain != null && !domain.equals("vpc")) {
            throw AwsException.invalidParameterValue("Invalid value '" + domain + "' for domain. Only 'vpc' is supported.");
        }
        if (s.addresses.size() >= ADDRESS_LIMIT) {
            throw new AwsException("AddressLimitExceeded", "The maximum number of addresses has been reached.");
        }
        Address a = new Address();
        a.id = newId("eipalloc");
        a.createdAt = now;
        a.publicIp = nextPublicIp();
        applyTagSpecs(a, "elastic-ip", tagSpecs);
        s.addresses.put(a.id, a);
        return a;
    }

    void releaseAddress(String allocationId) {
        if (allocationId == null) {
            throw AwsException.missingParameter("AllocationId");
        }
        Address a = address(allocationId);
        if (a.associationId != null) {
            throw new AwsException("InvalidIPAddress.InUse", "Address " + a.publicIp + " is in use.");
        }
        s.addresses.remove(a.id);
    }

    void associate(Address a, NetworkInterface eni) {
        a.associationId = newId("eipassoc");
        a.networkInterfaceId = eni.id;
        a.privateIpAddress = eni.privateIp;
    }

    static void disassociate(Address a) {
        a.associationId = null;
        a.networkInterfaceId = null;
        a.privateIpAddress = null;
    }

    /** The address associated to an ENI, or null. */
    Address addressOf(NetworkInterface eni) {
        return s.addresses.values().stream().filter(a -> eni.id.equals(a.networkInterfaceId)).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- NAT gateways

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
        Subnet subnet = subnet(subnetId);
        Address address = null;
        if (type.equals("public")) {
            if (allocationId == null) {
                throw new AwsException("MissingParameter", "Public NAT gateways require an AllocationId.");
            }
            address = address(allocationId);
            if (address.associationId != null) {
                throw new AwsException("Resource.AlreadyAssociated",
                        "Elastic IP address [" + allocationId + "] is already associated");
            }
        } else if (allocationId != null) {
            throw AwsException.invalidParameterValue("Private NAT gateways do not take an AllocationId.");
        }
        NatGateway nat = new NatGateway();
        nat.id = newId("nat");
        nat.createdAt = now;
        nat.subnetId = subnetId;
        nat.vpcId = subnet.vpcId;
        nat.connectivityType = type;
        nat.state = "pending";
        nat.availableAt = now + config.scaled(LatencyProfile.NAT_CREATE).toMillis();
        applyTagSpecs(nat, "natgateway", tagSpecs);

        // AWS creates a requester-managed interface for the gateway in its subnet.
        NetworkInterface eni = new NetworkInterface();
        eni.id = newId("eni");
        eni.createdAt = now;
        eni.subnetId = subnetId;
        eni.vpcId = subnet.vpcId;
        eni.availabilityZone = subnet.availabilityZone;
        eni.privateIp = nextPrivateIp(subnet);
        eni.macAddress = macAddress();
        eni.description = "Interface for NAT Gateway " + nat.id;
        eni.interfaceType = "nat_gateway";
        eni.requesterManaged = true;
        eni.natGatewayId = nat.id;
        s.networkInterfaces.put(eni.id, eni);
        nat.networkInterfaceId = eni.id;
        nat.privateIp = eni.privateIp;
        if (address != null) {
            associate(address, eni);
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
        NatGateway nat = natGateway(natId);
        switch (nat.state) {
            case "pending", "available" -> {
                nat.state = "deleting";
                nat.deleteRequestedAt = now;
                nat.deletedAt = now + config.scaled(LatencyProfile.NAT_DELETE).toMillis();
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

    // ---------------------------------------------------------------- summary

    /** Live resources of this account/region for the control API: type, id, state, tags. */
    List<Map<String, Object>> liveResources() {
        List<Map<String, Object>> out = new ArrayList<>();
        s.vpcs.values().forEach(v -> out.add(summary("vpc", v, vpcState(v, now))));
        s.subnets.values().forEach(x -> out.add(summary("subnet", x, subnetState(x, now))));
        s.internetGateways.values().forEach(g -> out.add(summary("internet-gateway", g,
                g.attachedVpcId == null ? "detached" : "attached")));
        s.routeTables.values().forEach(t -> out.add(summary("route-table", t, t.isMain() ? "main" : "active")));
        s.natGateways.values().stream().filter(Ec2Backend::natLive).forEach(n -> out.add(summary("natgateway", n, n.state)));
        s.addresses.values().forEach(a -> out.add(summary("elastic-ip", a, a.associationId == null ? "unassociated" : "associated")));
        s.networkInterfaces.values().forEach(e -> out.add(summary("network-interface", e, "in-use")));
        out.addAll(access().liveResources());
        return out;
    }

    Map<String, Object> summary(String type, Tagged item, String state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", account);
        m.put("region", region.name());
        m.put("type", type);
        m.put("id", item.id);
        m.put("state", state);
        // A copy: the summary is serialised after the world lock is released.
        m.put("tags", new LinkedHashMap<>(item.tags));
        return m;
    }
}
