package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tags on every EC2 resource: {@code TagSpecification}s on create, CreateTags/DeleteTags by ID
 * (the type is read from the ID's prefix, as AWS does), and AWS's tag rules and quota.
 */
final class Ec2Tags extends Ec2Family {
    /** AWS's per-resource tag quota. */
    static final int TAG_LIMIT = 50;

    Ec2Tags(Ec2Backend backend) {
        super(backend);
    }

    /** Any taggable resource by ID, dispatching on the ID prefix like AWS. */
    TaggedResource anyResource(String id) {
        String prefix = id == null ? "" : id.substring(0, Math.max(0, id.indexOf('-')));
        return switch (prefix) {
            case "vpc" -> b.vpc(id);
            case "subnet" -> b.subnet(id);
            case "igw" -> b.internetGateway(id);
            case "rtb" -> b.routeTable(id);
            case "nat" -> b.natGateway(id);
            case "eipalloc" -> b.address(id);
            case "eni" -> b.networkInterface(id);
            case "sg" -> b.securityGroups().securityGroup(id);
            case "key" -> b.keyPairs().keyPairById(id);
            case "i" -> b.instances().instance(id);
            case "vol" -> b.volumes().volume(id);
            case "pcx" -> b.peerings().peering(id);
            case "lt" -> b.launchTemplates().byId(id);
            case "ami" -> b.images().image(id);
            case "snap" -> b.images().snapshot(id);
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
            case "lt" -> "launch-template";
            case "ami" -> "image";
            case "snap" -> "snapshot";
            default -> throw new IllegalArgumentException(id);
        };
    }

    void applyTagSpecs(TaggedResource target, String resourceType, List<QueryParams.TagSpec> specs) {
        for (QueryParams.TagSpec spec : specs) {
            if (!resourceType.equals(spec.resourceType())) {
                throw AwsException.invalidParameterValue("'" + spec.resourceType()
                        + "' is not a valid taggable resource type for this operation.");
            }
            putTags(target, spec.tags());
        }
    }

    void putTags(TaggedResource target, Map<String, String> tags) {
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
        List<TaggedResource> targets = ids.stream().map(this::anyResource).toList();
        targets.forEach(t -> putTags(t, tags));
    }

    /** DeleteTags: a key with a value deletes only when the value matches; a bare key always. */
    void deleteTags(List<String> ids, Map<String, String> keys, Set<String> bareKeys) {
        List<TaggedResource> targets = ids.stream().map(this::anyResource).toList();
        for (TaggedResource t : targets) {
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
    List<TaggedResource> allTagged() {
        List<TaggedResource> all = new ArrayList<>();
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
        all.addAll(s.launchTemplates.values());
        all.addAll(s.images.values());
        all.addAll(s.snapshots.values());
        all.addAll(b.peerings().peeringsOfRegion());
        return all.stream().filter(b::visible).toList();
    }
}
