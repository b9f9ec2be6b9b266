package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.TaggedResource;
import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.ec2.Ec2Model.Address;
import dev.cairn.sandbox.ec2.Ec2Model.Association;
import dev.cairn.sandbox.ec2.Ec2Model.InternetGateway;
import dev.cairn.sandbox.ec2.Ec2Model.NatGateway;
import dev.cairn.sandbox.ec2.Ec2Model.NetworkInterface;
import dev.cairn.sandbox.ec2.Ec2Model.RegionState;
import dev.cairn.sandbox.ec2.Ec2Model.RouteTable;
import dev.cairn.sandbox.ec2.Ec2Model.Subnet;
import dev.cairn.sandbox.ec2.Ec2Model.Vpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * EC2 of one account in one region, for one request: the state, the clock, the lookups by ID
 * (with AWS's NotFound errors and eventual consistency), ID generation, and the resource
 * families that hold the rules ({@link Vpcs}, {@link Subnets}, {@link InternetGateways},
 * {@link RouteTables}, {@link Addresses}, {@link NatGateways}, {@link NetworkInterfaces},
 * {@link SecurityGroups}, {@link KeyPairs}, {@link Instances}, {@link Volumes},
 * {@link VpcPeerings}, {@link Ec2Tags}). Parsing and rendering live in the {@code …Responses}.
 *
 * <p>Not thread-safe: the server's world lock serialises requests. State transitions are
 * computed from timestamps by {@link #advance()}, run before every request, so no background
 * thread is needed and a persisted state resumes where it was.
 */
final class Ec2Backend {
    private final Ec2Store store;
    private final RegionState s;
    private final String account;
    private final Regions.Region region;
    private final Ec2Settings settings;
    private final Timing timing;
    private final Random random;
    private final long now;

    Ec2Backend(Ec2Store store, String account, Regions.Region region, Ec2Settings settings, Timing timing,
               Random random, long now) {
        this.store = store;
        this.s = store.region(account, region.name());
        this.account = account;
        this.region = region;
        this.settings = settings;
        this.timing = timing;
        this.random = random;
        this.now = now;
    }

    Ec2Store store() {
        return store;
    }

    RegionState state() {
        return s;
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

    Ec2Settings settings() {
        return settings;
    }

    Timing timing() {
        return timing;
    }

    /** A real-AWS duration as this Sandbox plays it, in milliseconds. */
    long scaledMillis(java.time.Duration real) {
        return timing.scaledMillis(real);
    }

    Random random() {
        return random;
    }

    Vpcs vpcs() {
        return new Vpcs(this);
    }

    Subnets subnets() {
        return new Subnets(this);
    }

    InternetGateways internetGateways() {
        return new InternetGateways(this);
    }

    RouteTables routeTables() {
        return new RouteTables(this);
    }

    Addresses addresses() {
        return new Addresses(this);
    }

    NatGateways natGateways() {
        return new NatGateways(this);
    }

    NetworkInterfaces networkInterfaces() {
        return new NetworkInterfaces(this);
    }

    SecurityGroups securityGroups() {
        return new SecurityGroups(this);
    }

    KeyPairs keyPairs() {
        return new KeyPairs(this);
    }

    Instances instances() {
        return new Instances(this);
    }

    Volumes volumes() {
        return new Volumes(this);
    }

    VpcPeerings peerings() {
        return new VpcPeerings(this);
    }

    LaunchTemplates launchTemplates() {
        return new LaunchTemplates(this);
    }

    Images images() {
        return new Images(this);
    }

    Ec2Tags tags() {
        return new Ec2Tags(this);
    }

    // ---------------------------------------------------------------- lazy state transitions

    /** Moves every resource to the state its timestamps say it is in now. */
    void advance() {
        // Instances first: a terminated instance sets its ENI's goneAt, which the ENI sweep
        // honours in the same pass.
        instances().advance();
        volumes().advance();
        peerings().advance();
        natGateways().advance();
        networkInterfaces().advance();
        images().advance();
    }

    // ---------------------------------------------------------------- lookups

    /**
     * A resource by ID, or AWS's NotFound error. Inside the consistency window after its
     * creation the resource is not yet visible, as with AWS's eventual consistency.
     */
    <T extends TaggedResource> T find(Map<String, T> map, String id, String code, String message) {
        T item = id == null ? null : map.get(id);
        if (item == null || !visible(item)) {
            throw new AwsException(code, message.replace("%s", String.valueOf(id)));
        }
        return item;
    }

    boolean visible(TaggedResource item) {
        return now >= item.createdAt + timing.consistencyWindow().toMillis();
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

    /** A required parameter of a model call; {@code MissingParameter} when absent or empty. */
    static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw AwsException.missingParameter(name);
        }
        return value;
    }

    // ---------------------------------------------------------------- IDs

    /** A new ID of AWS's form ({@code vpc-} and 17 hex digits), unused in this account and region. */
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
                || s.keyPairs.containsKey(id) || s.instances.containsKey(id) || s.volumes.containsKey(id)
                || s.launchTemplates.containsKey(id) || s.images.containsKey(id) || s.snapshots.containsKey(id)
                || store.peerings(account).containsKey(id)) {
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

    // ---------------------------------------------------------------- inventory

    /** Live resources of this account and region: what the control API lists and the tagging API finds. */
    List<LiveResource> liveResources() {
        List<LiveResource> out = new ArrayList<>();
        s.vpcs.values().forEach(v -> out.add(live(v, Vpcs.vpcState(v, now))));
        s.subnets.values().forEach(x -> out.add(live(x, Subnets.subnetState(x, now))));
        s.internetGateways.values().forEach(g -> out.add(live(g, g.attachedVpcId == null ? "detached" : "attached")));
        s.routeTables.values().forEach(t -> out.add(live(t, t.isMain() ? "main" : "active")));
        s.natGateways.values().stream().filter(NatGateways::natLive).forEach(n -> out.add(live(n, n.state)));
        s.addresses.values().forEach(a -> out.add(live(a, a.associationId == null ? "unassociated" : "associated")));
        s.networkInterfaces.values().forEach(e -> out.add(live(e, "in-use")));
        s.securityGroups.values().forEach(g -> out.add(live(g, g.isDefault() ? "default" : "active")));
        s.keyPairs.values().forEach(k -> out.add(live(k, "available")));
        s.instances.values().stream().filter(i -> !Instances.instanceState(i, now).equals("terminated"))
                .forEach(i -> out.add(live(i, Instances.instanceState(i, now))));
        s.volumes.values().forEach(v -> out.add(live(v, Volumes.volumeState(v))));
        s.launchTemplates.values().forEach(t -> out.add(live(t, "available")));
        s.images.values().stream().filter(i -> i.deregisteredAt == 0)
                .forEach(i -> out.add(live(i, Images.imageState(i, now))));
        s.snapshots.values().forEach(x -> out.add(live(x, Images.snapshotState(x, now))));
        // Each live peering once, from the requester's side.
        store.peerings(account).values().stream()
                .filter(p -> p.requesterRegion.equals(region.name()) && !VpcPeerings.PEERING_ENDED.contains(p.state))
                .forEach(p -> out.add(live(p, p.state)));
        return out;
    }

    private LiveResource live(TaggedResource item, String state) {
        String type = Ec2Tags.resourceType(item.id);
        return new LiveResource(account, region.name(), type, item.id, arn(type, item.id), state, item.tags);
    }

    /** The ARN of an EC2 resource of this account and region ({@code arn:aws:ec2:…:vpc/vpc-…}). */
    Arn arn(String type, String id) {
        return Arn.of("ec2", region.name(), account, type + "/" + id);
    }
}
