package dev.cairn.aws.ec2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.TagScanner;
import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.ResourceKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/**
 * Finds every EC2 resource tagged {@code cairn:stack=<stack>}: one {@code DescribeTags} per
 * region finds them whatever their type, then one describe per known type (filtered by the same
 * tag) supplies the state and drops what is terminal — NAT gateways {@code deleted} or
 * {@code failed} and instances {@code terminated} linger in describes for an hour, peering
 * connections {@code deleted} for a while; a released address is simply absent. The Web tier's
 * images, their snapshots (reported as the image's kind, whose handler deletes a snapshot an
 * interrupted delete left) and launch templates are described too. Types
 * without a describe here (later steps' resources) are reported with an empty state.
 *
 * <p>Instances an Auto Scaling group launched ({@code aws:autoscaling:groupName}) are left out
 * while their group exists, and reported once it is gone.
 */
public final class Ec2TagScanner implements TagScanner {

    private final AwsClients clients;

    /**
     * The tag Auto Scaling puts on every instance it launches. Such an instance carries the
     * stack's tags too (the group propagates them), but belongs to its group.
     */
    static final String AUTO_SCALING_GROUP_TAG = "aws:autoscaling:groupName";
    /** DescribeAutoScalingGroups takes the names of up to 100 groups per call (MaxRecords 100). */
    private static final int GROUP_NAMES_PER_CALL = 50;

    /** Per EC2 resource type word: the live resources of the stack, ID → (address tag, state). */
    private static final Map<String, BiFunction<Ec2Client, List<Filter>, Map<String, Found>>> DESCRIBERS = Map.ofEntries(
            Map.entry("vpc", (ec2, f) -> collect(ec2.describeVpcsPaginator(r -> r.filters(f)).vpcs().stream()
                    .map(v -> new Found(v.vpcId(), address(v.tags()), v.stateAsString())))),
            Map.entry("subnet", (ec2, f) -> collect(ec2.describeSubnetsPaginator(r -> r.filters(f)).subnets().stream()
                    .map(s -> new Found(s.subnetId(), address(s.tags()), s.stateAsString())))),
            Map.entry("internet-gateway", (ec2, f) -> collect(ec2.describeInternetGatewaysPaginator(r -> r.filters(f)).internetGateways()
                    .stream().map(g -> new Found(g.internetGatewayId(), address(g.tags()),
                            g.attachments().isEmpty() ? "detached" : "attached")))),
            Map.entry("route-table", (ec2, f) -> collect(ec2.describeRouteTablesPaginator(r -> r.filters(f)).routeTables().stream()
                    .map(t -> new Found(t.routeTableId(), address(t.tags()), "available")))),
            Map.entry("elastic-ip", (ec2, f) -> collect(ec2.describeAddresses(r -> r.filters(f)).addresses().stream()
                    .map(a -> new Found(a.allocationId(), address(a.tags()),
                            a.associationId() == null ? "allocated" : "associated")))),
            Map.entry("natgateway", (ec2, f) -> collect(ec2.describeNatGatewaysPaginator(r -> r.filter(f)).natGateways().stream()
                    .filter(n -> !NatGatewayHandler.isTerminal(n))
                    .map(n -> new Found(n.natGatewayId(), address(n.tags()), n.stateAsString())))),
            Map.entry("instance", (ec2, f) -> collect(ec2.describeInstancesPaginator(r -> r.filters(f)).reservations().stream()
                    .flatMap(res -> res.instances().stream())
                    .filter(i -> !InstanceHandler.isGone(i))
                    .map(i -> new Found(i.instanceId(), address(i.tags()), i.state().nameAsString(),
                            Ec2Handler.fromTags(i.tags()).get(AUTO_SCALING_GROUP_TAG))))),
            Map.entry("security-group", (ec2, f) -> collect(ec2.describeSecurityGroupsPaginator(r -> r.filters(f)).securityGroups().stream()
                    .map(g -> new Found(g.groupId(), address(g.tags()), "available")))),
            Map.entry("key-pair", (ec2, f) -> collect(ec2.describeKeyPairs(r -> r.filters(f)).keyPairs().stream()
                    .map(k -> new Found(k.keyPairId(), address(k.tags()), "available")))),
            Map.entry("vpc-peering-connection", (ec2, f) -> collect(ec2.describeVpcPeeringConnectionsPaginator(r -> r.filters(f))
                    .vpcPeeringConnections().stream()
                    .filter(p -> !VpcPeeringHandler.isGone(p))
                    .map(p -> new Found(p.vpcPeeringConnectionId(), address(p.tags()), p.status().codeAsString())))),
            Map.entry("image", (ec2, f) -> collect(ec2.describeImagesPaginator(r -> r.owners("self").filters(f)).images().stream()
                    .filter(i -> !"deregistered".equals(i.stateAsString()))
                    .map(i -> new Found(i.imageId(), address(i.tags()), i.stateAsString())))),
            // A golden image's snapshots carry its tags: one left by an interrupted delete is
            // found here, and deleted by the image's handler.
            Map.entry("snapshot", (ec2, f) -> collect(ec2.describeSnapshotsPaginator(r -> r.ownerIds("self").filters(f)).snapshots()
                    .stream().map(s -> new Found(s.snapshotId(), address(s.tags()), s.stateAsString())))),
            Map.entry("launch-template", (ec2, f) -> collect(ec2.describeLaunchTemplatesPaginator(r -> r.filters(f))
                    .launchTemplates().stream()
                    .map(t -> new Found(t.launchTemplateId(), address(t.tags()), "available")))));

    /**
     * Resource type words some AWS-compatible endpoints use instead of EC2's own (moto says
     * {@code vpc-elastic-ip} and {@code nat-gateway}); reported under EC2's word.
     */
    private static final Map<String, String> TYPE_ALIASES = Map.of(
            "vpc-elastic-ip", "elastic-ip",
            "nat-gateway", "natgateway");

    /** EC2's resource type word → the registered kind that word names (its {@code scanType}). */
    private static final Map<String, ResourceKind> KIND_BY_TYPE = kindsByScanType();

    private static Map<String, ResourceKind> kindsByScanType() {
        Map<String, ResourceKind> map = new LinkedHashMap<>();
        for (ResourceKind k : ResourceKinds.ofService(AwsService.EC2)) {
            k.scanType().ifPresent(type -> map.put(type, k));
        }
        map.put("snapshot", ImageHandler.snapshotOwnerKind());
        return Map.copyOf(map);
    }

    public Ec2TagScanner(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public List<TaggedResource> scan(String stack, Set<String> regions) {
        List<TaggedResource> found = new ArrayList<>();
        for (String region : new TreeSet<>(regions)) {
            found.addAll(scanRegion(clients.ec2(region), region, stack));
        }
        return found;
    }

    private List<TaggedResource> scanRegion(Ec2Client ec2, String region, String stack) {
        // resource type → IDs, in the order DescribeTags lists them
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (TagDescription t : ec2.describeTagsPaginator(r -> r.filters(
                Ec2Handler.filter("key", Tags.STACK), Ec2Handler.filter("value", stack))).tags()) {
            // DescribeTags matches key and value patterns per tag; check both exactly anyway.
            if (Tags.STACK.equals(t.key()) && stack.equals(t.value())) {
                String type = TYPE_ALIASES.getOrDefault(t.resourceTypeAsString(), t.resourceTypeAsString());
                byType.computeIfAbsent(type, k -> new ArrayList<>()).add(t.resourceId());
            }
        }
        List<Filter> ownedByStack = List.of(Ec2Handler.filter("tag:" + Tags.STACK, stack));
        List<TaggedResource> result = new ArrayList<>();
        Map<String, String> unknownAddresses = null;
        // Auto Scaling group name → the stack's instances it launched (they carry its tags by propagation)
        Map<String, List<TaggedResource>> launchedByGroup = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : byType.entrySet()) {
            String type = e.getKey();
            var describer = DESCRIBERS.get(type);
            if (describer != null) {
                Map<String, Found> live = describer.apply(ec2, ownedByStack);
                for (String id : e.getValue()) {
                    Found f = live.get(id);
                    if (f != null) {
                        TaggedResource r = new TaggedResource(region, type, KIND_BY_TYPE.get(type), id, f.address(), f.state());
                        if (f.autoScalingGroup() != null) {
                            launchedByGroup.computeIfAbsent(f.autoScalingGroup(), g -> new ArrayList<>()).add(r);
                        } else {
                            result.add(r);
                        }
                    }
                }
            } else {
                if (unknownAddresses == null) {
                    unknownAddresses = addressTags(ec2);
                }
                for (String id : e.getValue()) {
                    result.add(new TaggedResource(region, type, KIND_BY_TYPE.get(type), id,
                            unknownAddresses.getOrDefault(id, ""), ""));
                }
            }
        }
        if (!launchedByGroup.isEmpty()) {
            // A group's instances are the group's to remove: while the group exists, a teardown
            // that terminated them would fight it (it launches replacements). Once the group is
            // gone, what it left is reported like any other instance.
            Set<String> groups = existingGroups(region, launchedByGroup.keySet());
            launchedByGroup.forEach((group, instances) -> {
                if (!groups.contains(group)) {
                    result.addAll(instances);
                }
            });
        }
        return result;
    }

    /** Which of the named Auto Scaling groups exist (in any status, a delete in progress included). */
    private Set<String> existingGroups(String region, Set<String> names) {
        Set<String> existing = new TreeSet<>();
        List<String> all = List.copyOf(names);
        for (int from = 0; from < all.size(); from += GROUP_NAMES_PER_CALL) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + GROUP_NAMES_PER_CALL));
            clients.autoScaling(region).describeAutoScalingGroupsPaginator(r -> r.autoScalingGroupNames(batch))
                    .autoScalingGroups()
                    .forEach(g -> existing.add(g.autoScalingGroupName()));
        }
        return existing;
    }

    /** ID → {@code cairn:address} tag of every resource carrying one, for types without a describe here. */
    private static Map<String, String> addressTags(Ec2Client ec2) {
        Map<String, String> addresses = new LinkedHashMap<>();
        ec2.describeTagsPaginator(r -> r.filters(Ec2Handler.filter("key", Tags.ADDRESS))).tags()
                .stream()
                .filter(t -> Tags.ADDRESS.equals(t.key()))
                .forEach(t -> addresses.put(t.resourceId(), t.value()));
        return addresses;
    }

    private static String address(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
        return Ec2Handler.fromTags(tags).getOrDefault(Tags.ADDRESS, "");
    }

    private static Map<String, Found> collect(java.util.stream.Stream<Found> found) {
        Map<String, Found> map = new LinkedHashMap<>();
        found.forEach(f -> map.put(f.id(), f));
        return map;
    }

    private record Found(String id, String address, String state, String autoScalingGroup) {
        Found(String id, String address, String state) {
            this(id, address, state, null);
        }
    }
}
