package dev.cairn.sandbox;

import dev.cairn.sandbox.Ec2Model.Instance;
import dev.cairn.sandbox.Ec2Model.KeyPair;
import dev.cairn.sandbox.Ec2Model.SecurityGroup;
import dev.cairn.sandbox.Ec2Model.SecurityGroupRule;
import dev.cairn.sandbox.Ec2Model.Volume;
import dev.cairn.sandbox.Ec2Model.VpcPeering;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The EC2 query actions of the Access step: parse, call {@link AccessBackend}, render (shapes
 * after the EC2 API reference: {@code securityGroupInfo}, {@code securityGroupRuleSet},
 * {@code keySet}, {@code imagesSet}, {@code instanceTypeSet}, {@code reservationSet},
 * {@code vpcPeeringConnectionSet}). Registered into {@link Ec2Service}, which owns the plumbing.
 */
final class AccessService {
    /** AWS's MaxResults range on DescribeInstanceTypes. */
    static final int INSTANCE_TYPES_MAX_RESULTS = 100;

    void register(BiConsumer<String, Ec2Service.Action> mutating, BiConsumer<String, Ec2Service.Action> readOnly) {
        mutating.accept("CreateSecurityGroup", (p, b, x) -> {
            SecurityGroup g = b.access().createSecurityGroup(p.get("GroupName"), p.get("GroupDescription"),
                    p.get("VpcId"), p.tagSpecs());
            x.el("return", true).el("groupId", g.id).el("securityGroupArn", arn(b, "security-group", g.id));
            Ec2Service.tags(x, g.tags);
        });
        readOnly.accept("DescribeSecurityGroups", this::describeSecurityGroups);
        mutating.accept("DeleteSecurityGroup", (p, b, x) -> {
            String id = p.get("GroupId");
            b.access().deleteSecurityGroup(id, p.get("GroupName"));
            x.el("return", true).el("groupId", id);
        });
        mutating.accept("AuthorizeSecurityGroupIngress", (p, b, x) -> authorize(p, b, x, false));
        mutating.accept("AuthorizeSecurityGroupEgress", (p, b, x) -> authorize(p, b, x, true));
        mutating.accept("RevokeSecurityGroupIngress", (p, b, x) -> {
            b.access().revoke(p.get("GroupId"), false, permissions(p), p.list("SecurityGroupRuleId"));
            x.el("return", true);
        });
        mutating.accept("RevokeSecurityGroupEgress", (p, b, x) -> {
            b.access().revoke(p.get("GroupId"), true, permissions(p), p.list("SecurityGroupRuleId"));
            x.el("return", true);
        });
        readOnly.accept("DescribeSecurityGroupRules", this::describeSecurityGroupRules);

        mutating.accept("CreateKeyPair", (p, b, x) -> {
            AccessBackend.CreatedKey k = b.access().createKeyPair(p.get("KeyName"), p.get("KeyType"),
                    p.get("KeyFormat"), p.tagSpecs());
            x.el("keyName", k.pair().name).el("keyFingerprint", k.pair().fingerprint)
                    .el("keyMaterial", k.privateKeyPem()).el("keyPairId", k.pair().id);
            Ec2Service.tags(x, k.pair().tags);
        });
        mutating.accept("ImportKeyPair", (p, b, x) -> {
            String material = p.get("PublicKeyMaterial");
            byte[] bytes;
            try {
                bytes = material == null ? null : Base64.getDecoder().decode(material);
            } catch (IllegalArgumentException e) {
                throw new AwsException("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
            }
            KeyPair k = b.access().importKeyPair(p.get("KeyName"), bytes, p.tagSpecs());
            x.el("keyFingerprint", k.fingerprint).el("keyName", k.name).el("keyPairId", k.id);
            Ec2Service.tags(x, k.tags);
        });
        readOnly.accept("DescribeKeyPairs", this::describeKeyPairs);
        mutating.accept("DeleteKeyPair", (p, b, x) -> {
            String id = b.access().deleteKeyPair(p.get("KeyName"), p.get("KeyPairId"));
            x.el("return", true).el("keyPairId", id);
        });

        readOnly.accept("DescribeImages", this::describeImages);
        readOnly.accept("DescribeInstanceTypes", this::describeInstanceTypes);

        mutating.accept("RunInstances", this::runInstances);
        readOnly.accept("DescribeInstances", this::describeInstances);
        readOnly.accept("DescribeInstanceStatus", this::describeInstanceStatus);
        readOnly.accept("DescribeVolumes", this::describeVolumes);
        mutating.accept("TerminateInstances", (p, b, x) -> {
            List<AccessBackend.StateChange> changes = b.access().terminateInstances(p.list("InstanceId"));
            x.start("instancesSet");
            for (AccessBackend.StateChange c : changes) {
                x.start("item").el("instanceId", c.instanceId());
                state(x, "currentState", c.current());
                state(x, "previousState", c.previous());
                x.end();
            }
            x.end();
        });

        mutating.accept("AssociateAddress", (p, b, x) -> {
            String id = b.access().associateAddress(p.get("AllocationId"), p.get("InstanceId"),
                    p.get("NetworkInterfaceId"), Boolean.TRUE.equals(p.bool("AllowReassociation")));
            x.el("return", true).el("associationId", id);
        });
        mutating.accept("DisassociateAddress", (p, b, x) -> {
            b.access().disassociateAddress(p.get("AssociationId"));
            x.el("return", true);
        });

        mutating.accept("CreateVpcPeeringConnection", (p, b, x) -> {
            VpcPeering pcx = b.access().createPeering(p.get("VpcId"), p.get("PeerVpcId"), p.get("PeerOwnerId"),
                    p.get("PeerRegion"), p.tagSpecs());
            peering(x.start("vpcPeeringConnection"), pcx).end();
        });
        mutating.accept("AcceptVpcPeeringConnection", (p, b, x) ->
                peering(x.start("vpcPeeringConnection"), b.access().acceptPeering(p.get("VpcPeeringConnectionId"))).end());
        mutating.accept("DeleteVpcPeeringConnection", (p, b, x) -> {
            b.access().deletePeering(p.get("VpcPeeringConnectionId"));
            x.el("return", true);
        });
        mutating.accept("RejectVpcPeeringConnection", (p, b, x) -> {
            b.access().rejectPeering(p.get("VpcPeeringConnectionId"));
            x.el("return", true);
        });
        readOnly.accept("DescribeVpcPeeringConnections", this::describePeerings);
    }

    private static String arn(Ec2Backend b, String type, String id) {
        return "arn:aws:ec2:" + b.region().name() + ":" + b.account() + ":" + type + "/" + id;
    }

    private static Collection<String> one(Object value) {
        return Ec2Service.one(value);
    }

    // ---------------------------------------------------------------- security groups

    /**
     * The {@code IpPermissions.N} of a request as one rule per CIDR range or group pair (AWS
     * stores and reports rules that way), plus the legacy top-level CidrIp form.
     */
    static List<SecurityGroupRule> permissions(QueryParams p) {
        List<SecurityGroupRule> out = new ArrayList<>();
        for (int n = 1; p.get("IpPermissions." + n + ".IpProtocol") != null; n++) {
            String prefix = "IpPermissions." + n + ".";
            String protocol = p.get(prefix + "IpProtocol");
            Integer from = p.integer(prefix + "FromPort");
            Integer to = p.integer(prefix + "ToPort");
            for (int m = 1; p.get(prefix + "IpRanges." + m + ".CidrIp") != null; m++) {
                out.add(SecurityGroupRule.of(protocol, from, to, p.get(prefix + "IpRanges." + m + ".CidrIp"), null,
                        p.get(prefix + "IpRanges." + m + ".Description")));
            }
            for (int m = 1; p.get(prefix + "Groups." + m + ".GroupId") != null; m++) {
                out.add(SecurityGroupRule.of(protocol, from, to, null, p.get(prefix + "Groups." + m + ".GroupId"),
                        p.get(prefix + "Groups." + m + ".Description")));
            }
            if (p.get(prefix + "IpRanges.1.CidrIp") == null && p.get(prefix + "Groups.1.GroupId") == null) {
                throw AwsException.missingParameter(prefix + "IpRanges");
            }
        }
        if (p.get("CidrIp") != null) {
            out.add(SecurityGroupRule.of(p.get("IpProtocol"), p.integer("FromPort"), p.integer("ToPort"), p.get("CidrIp"),
                    null, null));
        }
        return out;
    }

    private void authorize(QueryParams p, Ec2Backend b, Xml x, boolean egress) {
        List<SecurityGroupRule> added = b.access().authorize(p.get("GroupId"), egress, permissions(p));
        x.el("return", true).start("securityGroupRuleSet");
        for (SecurityGroupRule r : added) {
            rule(x.start("item"), b, p.get("GroupId"), r).end();
        }
        x.end();
    }

    private static Xml rule(Xml x, Ec2Backend b, String groupId, SecurityGroupRule r) {
        x.el("securityGroupRuleId", r.id).el("groupId", groupId).el("groupOwnerId", b.account())
                .el("isEgress", r.egress).el("ipProtocol", r.ipProtocol)
                .el("fromPort", r.fromPort == null ? -1 : r.fromPort).el("toPort", r.toPort == null ? -1 : r.toPort)
                .el("cidrIpv4", r.cidrIpv4);
        if (r.referencedGroupId != null) {
            x.start("referencedGroupInfo").el("groupId", r.referencedGroupId).el("userId", b.account()).end();
        }
        return x.el("description", r.description).el("securityGroupRuleArn", arn(b, "security-group-rule", r.id))
                .start("tagSet").end();
    }

    /** IpPermissions as DescribeSecurityGroups groups them: one entry per protocol and port range. */
    private static void permissionSet(Xml x, Ec2Backend b, String element, List<SecurityGroupRule> rules) {
        Map<String, List<SecurityGroupRule>> grouped = new LinkedHashMap<>();
        for (SecurityGroupRule r : rules) {
            grouped.computeIfAbsent(r.ipProtocol + "|" + r.fromPort + "|" + r.toPort, k -> new ArrayList<>()).add(r);
        }
        x.start(element);
        for (List<SecurityGroupRule> same : grouped.values()) {
            SecurityGroupRule first = same.get(0);
            x.start("item").el("ipProtocol", first.ipProtocol).el("fromPort", first.fromPort).el("toPort", first.toPort)
                    .start("groups");
            same.stream().filter(r -> r.referencedGroupId != null).forEach(r -> x.start("item")
                    .el("userId", b.account()).el("groupId", r.referencedGroupId).el("description", r.description).end());
            x.end().start("ipRanges");
            same.stream().filter(r -> r.cidrIpv4 != null).forEach(r -> x.start("item")
                    .el("cidrIp", r.cidrIpv4).el("description", r.description).end());
            x.end().start("ipv6Ranges").end().start("prefixListIds").end().end();
        }
        x.end();
    }

    private static final Filters<SecurityGroup> SG_FILTERS = new Filters<>(Map.of(
            "group-id", g -> one(g.id),
            "group-name", g -> one(g.name),
            "vpc-id", g -> one(g.vpcId),
            "description", g -> one(g.description),
            "ip-permission.cidr", g -> g.rules.stream().filter(r -> !r.egress).map(r -> r.cidrIpv4).toList(),
            "ip-permission.group-id", g -> g.rules.stream().filter(r -> !r.egress).map(r -> r.referencedGroupId).toList(),
            "ip-permission.protocol", g -> g.rules.stream().filter(r -> !r.egress).map(r -> r.ipProtocol).toList(),
            "egress.ip-permission.cidr", g -> g.rules.stream().filter(r -> r.egress).map(r -> r.cidrIpv4).toList()),
            g -> g.tags);

    private void describeSecurityGroups(QueryParams p, Ec2Backend b, Xml x) {
        List<String> ids = new ArrayList<>(p.list("GroupId"));
        p.list("GroupName").forEach(n -> ids.add(b.access().securityGroupByName(n).id));
        Filters<SecurityGroup> filters = SG_FILTERS.with(Map.of("owner-id", g -> one(b.account())));
        Ec2Service.Page<SecurityGroup> groups = Ec2Service.select(p, b.state().securityGroups.values(), ids,
                b.access()::securityGroup, filters, b, true);
        x.start("securityGroupInfo");
        for (SecurityGroup g : groups.items()) {
            x.start("item").el("ownerId", b.account()).el("groupId", g.id).el("groupName", g.name)
                    .el("groupDescription", g.description).el("vpcId", g.vpcId);
            permissionSet(x, b, "ipPermissions", g.rules.stream().filter(r -> !r.egress).toList());
            permissionSet(x, b, "ipPermissionsEgress", g.rules.stream().filter(r -> r.egress).toList());
            x.el("securityGroupArn", arn(b, "security-group", g.id));
            Ec2Service.tags(x, g.tags).end();
        }
        x.end().el("nextToken", groups.nextToken());
    }

    /** One rule with its group, for DescribeSecurityGroupRules. */
    private record RuleRow(SecurityGroup group, SecurityGroupRule rule) {
    }

    private static final Filters<RuleRow> RULE_FILTERS = new Filters<>(Map.of(
            "group-id", r -> one(r.group().id),
            "security-group-rule-id", r -> one(r.rule().id)), null);

    private void describeSecurityGroupRules(QueryParams p, Ec2Backend b, Xml x) {
        List<QueryParams.Filter> fs = p.filters();
        RULE_FILTERS.validate(fs);
        List<String> ids = p.list("SecurityGroupRuleId");
        List<RuleRow> rows = new ArrayList<>();
        for (SecurityGroup g : b.state().securityGroups.values()) {
            if (b.visible(g)) {
                g.rules.forEach(r -> rows.add(new RuleRow(g, r)));
            }
        }
        for (String id : ids) {
            if (rows.stream().noneMatch(r -> r.rule().id.equals(id))) {
                throw new AwsException("InvalidSecurityGroupRuleId.NotFound",
                        "The security group rule ID '" + id + "' does not exist");
            }
        }
        rows.removeIf(r -> (!ids.isEmpty() && !ids.contains(r.rule().id)) || !RULE_FILTERS.matches(r, fs));
        Ec2Service.Page<RuleRow> page = Ec2Service.page(p, rows);
        x.start("securityGroupRuleSet");
        page.items().forEach(r -> rule(x.start("item"), b, r.group().id, r.rule()).end());
        x.end().el("nextToken", page.nextToken());
    }

    // ---------------------------------------------------------------- key pairs

    private static final Filters<KeyPair> KEY_FILTERS = new Filters<>(Map.of(
            "key-name", k -> one(k.name),
            "key-pair-id", k -> one(k.id),
            "fingerprint", k -> one(k.fingerprint),
            "key-type", k -> one(k.keyType)), k -> k.tags);

    private void describeKeyPairs(QueryParams p, Ec2Backend b, Xml x) {
        List<String> ids = new ArrayList<>(p.list("KeyPairId"));
        p.list("KeyName").forEach(n -> ids.add(b.access().keyPairByName(n).id));
        Ec2Service.Page<KeyPair> keys = Ec2Service.select(p, b.state().keyPairs.values(), ids,
                b.access()::keyPairById, KEY_FILTERS, b, false);
        boolean includePublic = Boolean.TRUE.equals(p.bool("IncludePublicKey"));
        x.start("keySet");
        for (KeyPair k : keys.items()) {
            x.start("item").el("keyPairId", k.id).el("keyType", k.keyType).el("createTime", Ec2Service.iso(k.createdAt))
                    .el("keyName", k.name).el("keyFingerprint", k.fingerprint)
                    .el("publicKey", includePublic ? k.publicKey + " " + k.name : null);
            Ec2Service.tags(x, k.tags).end();
        }
        x.end();
    }

    // ---------------------------------------------------------------- volumes

    private static final Filters<Volume> VOLUME_FILTERS = new Filters<>(Map.of(
            "volume-id", v -> one(v.id),
            "attachment.instance-id", v -> one(v.instanceId),
            "attachment.device", v -> one(v.device),
            "attachment.delete-on-termination", v -> one(v.instanceId == null ? null : String.valueOf(v.deleteOnTermination)),
            "availability-zone", v -> one(v.availabilityZone),
            "encrypted", v -> one(String.valueOf(v.encrypted)),
            "status", v -> one(AccessBackend.volumeState(v)),
            "volume-type", v -> one(v.volumeType),
            "size", v -> one(String.valueOf(v.size))), v -> v.tags);

    private void describeVolumes(QueryParams p, Ec2Backend b, Xml x) {
        Ec2Service.Page<Volume> volumes = Ec2Service.select(p, b.state().volumes.values(), p.list("VolumeId"),
                b.access()::volume, VOLUME_FILTERS, b, true);
        x.start("volumeSet");
        for (Volume v : volumes.items()) {
            x.start("item").el("volumeId", v.id).el("size", v.size).el("snapshotId", v.snapshotId)
                    .el("availabilityZone", v.availabilityZone).el("status", AccessBackend.volumeState(v))
                    .el("createTime", Ec2Service.iso(v.createdAt)).start("attachmentSet");
            if (v.instanceId != null) {
                x.start("item").el("volumeId", v.id).el("instanceId", v.instanceId).el("device", v.device)
                        .el("status", "attached").el("attachTime", Ec2Service.iso(v.createdAt))
                        .el("deleteOnTermination", v.deleteOnTermination).end();
            }
            x.end().el("volumeType", v.volumeType).el("iops", v.iops).el("throughput", v.throughput)
                    .el("encrypted", v.encrypted).el("kmsKeyId", v.kmsKeyId).el("multiAttachEnabled", false);
            Ec2Service.tags(x, v.tags).end();
        }
        x.end().el("nextToken", volumes.nextToken());
    }

    // ---------------------------------------------------------------- images and instance types

    private static final Filters<Catalog.Image> IMAGE_FILTERS = new Filters<>(Map.ofEntries(
            Map.entry("image-id", i -> one(i.id())),
            Map.entry("name", i -> one(i.name())),
            Map.entry("description", i -> one(i.description())),
            Map.entry("owner-alias", i -> one(i.ownerAlias())),
            Map.entry("owner-id", i -> one(i.ownerId())),
            Map.entry("architecture", i -> one(i.architecture())),
            Map.entry("state", i -> one("available")),
            Map.entry("image-type", i -> one("machine")),
            Map.entry("is-public", i -> one(true)),
            Map.entry("root-device-type", i -> one("ebs")),
            Map.entry("root-device-name", i -> one("/dev/xvda")),
            Map.entry("virtualization-type", i -> one("hvm")),
            Map.entry("hypervisor", i -> one("xen")),
            Map.entry("ena-support", i -> one(true)),
            Map.entry("product-code", i -> one(i.productCode())),
            Map.entry("product-code.type", i -> i.productCode() == null ? List.of() : List.of("marketplace"))), null);

    private void describeImages(QueryParams p, Ec2Backend b, Xml x) {
        List<QueryParams.Filter> fs = p.filters();
        IMAGE_FILTERS.validate(fs);
        String region = b.region().name();
        List<String> ids = p.list("ImageId");
        for (String id : ids) {
            if (Catalog.image(region, id) == null) {
                throw new AwsException("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
            }
        }
        List<String> owners = p.list("Owner");
        List<Catalog.Image> images = new ArrayList<>();
        for (Catalog.Image i : Catalog.images(region)) {
            boolean byId = ids.isEmpty() || ids.contains(i.id());
            boolean byOwner = owners.isEmpty() || owners.stream().anyMatch(o -> o.equals(i.ownerAlias())
                    || o.equals(i.ownerId()) || (o.equals("self") && i.ownerId().equals(b.account())));
            if (byId && byOwner && IMAGE_FILTERS.matches(i, fs)) {
                images.add(i);
            }
        }
        Ec2Service.Page<Catalog.Image> page = Ec2Service.page(p, images);
        x.start("imagesSet");
        for (Catalog.Image i : page.items()) {
            x.start("item").el("imageId", i.id()).el("imageLocation", i.ownerAlias() + "/" + i.name())
                    .el("imageState", "available").el("imageOwnerId", i.ownerId()).el("creationDate", i.creationDate())
                    .el("isPublic", true).start("productCodes");
            if (i.productCode() != null) {
                x.start("item").el("productCode", i.productCode()).el("type", "marketplace").end();
            }
            x.end().el("architecture", i.architecture()).el("imageType", "machine").el("imageOwnerAlias", i.ownerAlias())
                    .el("name", i.name()).el("description", i.description()).el("rootDeviceType", "ebs")
                    .el("rootDeviceName", "/dev/xvda").start("blockDeviceMapping").start("item")
                    .el("deviceName", "/dev/xvda").start("ebs").el("snapshotId", i.snapshotId())
                    .el("volumeSize", i.volumeSize()).el("deleteOnTermination", true).el("volumeType", "gp3")
                    .el("iops", 3000).el("throughput", 125).el("encrypted", false).end().end().end()
                    .el("virtualizationType", "hvm").el("hypervisor", "xen").el("enaSupport", true)
                    .el("sriovNetSupport", "simple").el("platformDetails", "Linux/UNIX").el("usageOperation", "RunInstances")
                    .el("bootMode", i.architecture().equals("arm64") ? "uefi" : "uefi-preferred")
                    .el("imdsSupport", i.ownerAlias().equals("amazon") ? "v2.0" : null).end();
        }
        x.end().el("nextToken", page.nextToken());
    }

    private void describeInstanceTypes(QueryParams p, Ec2Backend b, Xml x) {
        String region = b.region().name();
        Filters<Catalog.InstanceType> filters = new Filters<>(Map.of(
                "instance-type", t -> one(t.name()),
                "free-tier-eligible", t -> one(Catalog.freeTierEligible(region, t.name())),
                "processor-info.supported-architecture", t -> one(t.architecture()),
                "current-generation", t -> one(!t.name().startsWith("t2.")),
                "burstable-performance-supported", t -> one(t.burstable()),
                "vcpu-info.default-vcpus", t -> one(t.vcpus()),
                "memory-info.size-in-mib", t -> one(t.memoryMib())), null);
        List<QueryParams.Filter> fs = p.filters();
        filters.validate(fs);
        List<String> names = p.list("InstanceType");
        for (String n : names) {
            if (Catalog.instanceType(region, n) == null) {
                throw new AwsException("InvalidInstanceType", "The following supplied instance types do not exist: ["
                        + n + "]");
            }
        }
        Integer max = p.integer("MaxResults");
        if (max != null && max > INSTANCE_TYPES_MAX_RESULTS) {
            throw AwsException.invalidParameterValue("Value ( " + max + " ) for parameter maxResults is invalid. "
                    + "Expecting a value between 5 and " + INSTANCE_TYPES_MAX_RESULTS + ".");
        }
        List<Catalog.InstanceType> types = Catalog.instanceTypes(region).stream()
                .filter(t -> (names.isEmpty() || names.contains(t.name())) && filters.matches(t, fs)).toList();
        Ec2Service.Page<Catalog.InstanceType> page = Ec2Service.page(p, types);
        x.start("instanceTypeSet");
        for (Catalog.InstanceType t : page.items()) {
            x.start("item").el("instanceType", t.name()).el("currentGeneration", !t.name().startsWith("t2."))
                    .el("freeTierEligible", Catalog.freeTierEligible(region, t.name()))
                    .start("supportedUsageClasses").el("item", "on-demand").el("item", "spot").end()
                    .start("supportedRootDeviceTypes").el("item", "ebs").end()
                    .start("supportedVirtualizationTypes").el("item", "hvm").end()
                    .el("bareMetal", false).el("hypervisor", "nitro")
                    .start("processorInfo").start("supportedArchitectures").el("item", t.architecture()).end()
                    .el("sustainedClockSpeedInGhz", t.clockGhz()).end()
                    .start("vCpuInfo").el("defaultVCpus", t.vcpus()).el("defaultCores", t.cores())
                    .el("defaultThreadsPerCore", t.vcpus() / t.cores()).end()
                    .start("memoryInfo").el("sizeInMiB", t.memoryMib()).end()
                    .el("instanceStorageSupported", false)
                    .start("ebsInfo").el("ebsOptimizedSupport", "default").el("encryptionSupport", "supported")
                    .el("nvmeSupport", "required").end()
                    .start("networkInfo").el("networkPerformance", t.network()).el("maximumNetworkInterfaces", 3)
                    .el("ipv4AddressesPerInterface", 6).el("ipv6Supported", true).el("enaSupport", "required").end()
                    .el("burstablePerformanceSupported", t.burstable()).end();
        }
        x.end().el("nextToken", page.nextToken());
    }

    // ---------------------------------------------------------------- instances

    private void runInstances(QueryParams p, Ec2Backend b, Xml x) {
        boolean nicForm = p.get("NetworkInterface.1.DeviceIndex") != null || p.get("NetworkInterface.1.SubnetId") != null;
        String subnetId = p.get("SubnetId");
        List<String> groups = new ArrayList<>(p.list("SecurityGroupId"));
        Boolean publicIp = null;
        if (nicForm) {
            if (subnetId != null) {
                throw new AwsException("InvalidParameterCombination",
                        "Network interfaces and an instance-level subnet ID may not be specified on the same request");
            }
            if (!groups.isEmpty()) {
                throw new AwsException("InvalidParameterCombination",
                        "Network interfaces and an instance-level security groups may not be specified on the same request");
            }
            if (p.get("NetworkInterface.2.DeviceIndex") != null) {
                throw AwsException.invalidParameterValue("The Sandbox launches instances with one network interface.");
            }
            subnetId = p.get("NetworkInterface.1.SubnetId");
            groups.addAll(p.list("NetworkInterface.1.SecurityGroupId"));
            publicIp = p.bool("NetworkInterface.1.AssociatePublicIpAddress");
        }
        if (!p.list("SecurityGroup").isEmpty()) {
            p.list("SecurityGroup").forEach(n -> b.access().securityGroupByName(n));
        }
        AccessBackend.RunRequest request = new AccessBackend.RunRequest(p.get("ImageId"), p.get("InstanceType"),
                p.get("KeyName"), subnetId, groups, p.integer("MinCount"), p.integer("MaxCount"), p.get("ClientToken"),
                p.tagSpecs(), p.get("MetadataOptions.HttpTokens"), p.bool("BlockDeviceMapping.1.Ebs.Encrypted"),
                p.integer("BlockDeviceMapping.1.Ebs.VolumeSize"), p.get("BlockDeviceMapping.1.Ebs.VolumeType"),
                p.get("BlockDeviceMapping.1.Ebs.KmsKeyId"), publicIp, nicForm);
        List<Instance> launched = b.access().runInstances(request);
        Instance first = launched.get(0);
        x.el("reservationId", first.reservationId).el("ownerId", b.account()).start("groupSet").end()
                .start("instancesSet");
        // AWS's answer says pending, even when the instance is instantly running.
        launched.forEach(i -> instance(x.start("item"), b, i, i.terminateRequestedAt == 0 && first.createdAt == b.now()
                ? "pending" : AccessBackend.instanceState(i, b.now())).end());
        x.end();
    }

    private static void state(Xml x, String element, String state) {
        x.start(element).el("code", AccessBackend.stateCode(state)).el("name", state).end();
    }

    private static Xml instance(Xml x, Ec2Backend b, Instance i, String state) {
        boolean terminated = state.equals("terminated");
        String publicIp = b.access().publicIpOf(i);
        String zone = i.availabilityZone;
        String privateDns = "ip-" + i.privateIp.replace('.', '-') + "." + b.region().name() + ".compute.internal";
        x.el("instanceId", i.id).el("imageId", i.imageId);
        state(x, "instanceState", state);
        x.el("privateDnsName", terminated ? null : privateDns).el("dnsName", publicIp == null ? null
                        : "ec2-" + publicIp.replace('.', '-') + "." + b.region().name() + ".compute.amazonaws.com")
                .el("reason", terminated || state.equals("shutting-down") ? "User initiated" : null)
                .el("keyName", i.keyName).el("amiLaunchIndex", i.launchIndex).el("instanceType", i.instanceType)
                .el("launchTime", Ec2Service.iso(i.createdAt))
                .start("placement").el("availabilityZone", zone).el("groupName", "").el("tenancy", "default").end()
                .start("monitoring").el("state", "disabled").end()
                .el("subnetId", terminated ? null : i.subnetId).el("vpcId", terminated ? null : i.vpcId)
                .el("privateIpAddress", terminated ? null : i.privateIp).el("ipAddress", publicIp)
                .el("sourceDestCheck", true).start("groupSet");
        for (String g : terminated ? List.<String>of() : i.groupIds) {
            SecurityGroup group = b.state().securityGroups.get(g);
            x.start("item").el("groupId", g).el("groupName", group == null ? null : group.name).end();
        }
        x.end();
        if (terminated || state.equals("shutting-down")) {
            x.start("stateReason").el("code", "Client.UserInitiatedShutdown")
                    .el("message", "Client.UserInitiatedShutdown: User initiated shutdown").end();
        }
        x.el("architecture", i.architecture).el("rootDeviceType", "ebs").el("rootDeviceName", "/dev/xvda")
                .start("blockDeviceMapping");
        if (!terminated) {
            x.start("item").el("deviceName", "/dev/xvda").start("ebs").el("volumeId", i.rootVolumeId)
                    .el("status", "attached").el("attachTime", Ec2Service.iso(i.createdAt))
                    .el("deleteOnTermination", true).end().end();
        }
        x.end().el("virtualizationType", "hvm").el("clientToken", i.clientToken == null ? "" : i.clientToken);
        Ec2Service.tags(x, i.tags);
        x.el("hypervisor", "xen").start("networkInterfaceSet");
        if (!terminated) {
            x.start("item").el("networkInterfaceId", i.networkInterfaceId).el("subnetId", i.subnetId)
                    .el("vpcId", i.vpcId).el("description", "").el("ownerId", b.account()).el("status", "in-use")
                    .el("privateIpAddress", i.privateIp).el("sourceDestCheck", true).el("interfaceType", "interface")
                    .start("groupSet");
            for (String g : i.groupIds) {
                SecurityGroup group = b.state().securityGroups.get(g);
                x.start("item").el("groupId", g).el("groupName", group == null ? null : group.name).end();
            }
            x.end().start("attachment").el("deviceIndex", 0).el("status", "attached")
                    .el("deleteOnTermination", true).end();
            if (publicIp != null) {
                x.start("association").el("publicIp", publicIp).el("ipOwnerId", "amazon").end();
            }
            x.end();
        }
        x.end().el("ebsOptimized", false).el("enaSupport", true)
                .start("metadataOptions").el("state", "applied").el("httpTokens", i.httpTokens)
                .el("httpPutResponseHopLimit", 2).el("httpEndpoint", "enabled").el("instanceMetadataTags", "disabled").end();
        return x;
    }

    private void describeInstances(QueryParams p, Ec2Backend b, Xml x) {
        long now = b.now();
        Filters<Instance> filters = new Filters<>(Map.ofEntries(
                Map.entry("instance-id", i -> one(i.id)),
                Map.entry("instance-state-name", i -> one(AccessBackend.instanceState(i, now))),
                Map.entry("instance-state-code", i -> one(AccessBackend.stateCode(AccessBackend.instanceState(i, now)))),
                Map.entry("vpc-id", i -> one(i.vpcId)),
                Map.entry("subnet-id", i -> one(i.subnetId)),
                Map.entry("instance.group-id", i -> i.groupIds),
                Map.entry("key-name", i -> one(i.keyName)),
                Map.entry("image-id", i -> one(i.imageId)),
                Map.entry("instance-type", i -> one(i.instanceType)),
                Map.entry("reservation-id", i -> one(i.reservationId)),
                Map.entry("availability-zone", i -> one(i.availabilityZone)),
                Map.entry("private-ip-address", i -> one(i.privateIp)),
                Map.entry("ip-address", i -> one(b.access().publicIpOf(i))),
                Map.entry("client-token", i -> one(i.clientToken))), i -> i.tags);
        List<String> ids = p.list("InstanceId");
        if (!ids.isEmpty() && p.get("MaxResults") != null) {
            throw new AwsException("InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults");
        }
        Ec2Service.Page<Instance> page = Ec2Service.select(p, b.state().instances.values(), ids,
                b.access()::instance, filters, b, true);
        x.start("reservationSet");
        // Instances of one reservation that are next to each other share one reservation item.
        List<List<Instance>> reservations = new ArrayList<>();
        for (Instance i : page.items()) {
            List<Instance> last = reservations.isEmpty() ? null : reservations.get(reservations.size() - 1);
            if (last != null && last.get(0).reservationId.equals(i.reservationId)) {
                last.add(i);
            } else {
                reservations.add(new ArrayList<>(List.of(i)));
            }
        }
        for (List<Instance> r : reservations) {
            x.start("item").el("reservationId", r.get(0).reservationId).el("ownerId", b.account())
                    .start("groupSet").end().start("instancesSet");
            r.forEach(i -> instance(x.start("item"), b, i, AccessBackend.instanceState(i, now)).end());
            x.end().end();
        }
        x.end().el("nextToken", page.nextToken());
    }

    /** Status checks: {@code initializing} for a while after the instance runs, then {@code ok}. */
    private static String checkStatus(Ec2Backend b, Instance i) {
        String state = AccessBackend.instanceState(i, b.now());
        if (!state.equals("running")) {
            return "not-applicable";
        }
        long okAt = i.runningAt + b.config().scaled(LatencyProfile.INSTANCE_STATUS_CHECKS).toMillis();
        return b.now() >= okAt ? "ok" : "initializing";
    }

    private void describeInstanceStatus(QueryParams p, Ec2Backend b, Xml x) {
        long now = b.now();
        boolean all = Boolean.TRUE.equals(p.bool("IncludeAllInstances"));
        Filters<Instance> filters = new Filters<>(Map.of(
                "instance-state-name", i -> one(AccessBackend.instanceState(i, now)),
                "instance-state-code", i -> one(AccessBackend.stateCode(AccessBackend.instanceState(i, now))),
                "availability-zone", i -> one(i.availabilityZone),
                "instance-status.status", i -> one(checkStatus(b, i)),
                "system-status.status", i -> one(checkStatus(b, i))), null);
        List<String> ids = p.list("InstanceId");
        // Only running instances unless IncludeAllInstances, as in AWS.
        List<Instance> candidates = b.state().instances.values().stream()
                .filter(i -> all || AccessBackend.instanceState(i, now).equals("running")).toList();
        for (String id : ids) {
            b.access().instance(id);
        }
        List<QueryParams.Filter> fs = p.filters();
        filters.validate(fs);
        List<Instance> chosen = candidates.stream().filter(b::visible)
                .filter(i -> ids.isEmpty() || ids.contains(i.id)).filter(i -> filters.matches(i, fs)).toList();
        Ec2Service.Page<Instance> page = Ec2Service.page(p, chosen);
        x.start("instanceStatusSet");
        for (Instance i : page.items()) {
            String status = checkStatus(b, i);
            x.start("item").el("instanceId", i.id).el("availabilityZone", i.availabilityZone);
            state(x, "instanceState", AccessBackend.instanceState(i, now));
            for (String check : List.of("systemStatus", "instanceStatus")) {
                x.start(check).el("status", status).start("details");
                if (!status.equals("not-applicable")) {
                    x.start("item").el("name", "reachability").el("status", status.equals("ok") ? "passed" : "initializing")
                            .end();
                }
                x.end().end();
            }
            x.end();
        }
        x.end().el("nextToken", page.nextToken());
    }

    // ---------------------------------------------------------------- VPC peering

    private static Xml peering(Xml x, VpcPeering p) {
        x.start("accepterVpcInfo").el("ownerId", p.accepterOwnerId).el("vpcId", p.accepterVpcId)
                .el("region", p.accepterRegion);
        if (p.state.equals("active") || p.state.equals("provisioning")) {
            // AWS shows the accepter's CIDR once the connection is accepted.
            x.el("cidrBlock", p.accepterCidr).start("cidrBlockSet").start("item").el("cidrBlock", p.accepterCidr)
                    .end().end();
            peeringOptions(x);
        }
        x.end().start("requesterVpcInfo").el("ownerId", p.ownerId).el("vpcId", p.requesterVpcId)
                .el("region", p.requesterRegion).el("cidrBlock", p.requesterCidr).start("cidrBlockSet").start("item")
                .el("cidrBlock", p.requesterCidr).end().end();
        if (p.state.equals("active") || p.state.equals("provisioning")) {
            peeringOptions(x);
        }
        x.end().start("status").el("code", p.state).el("message", AccessBackend.statusMessage(p)).end();
        if (p.state.equals("pending-acceptance") || p.state.equals("initiating-request")) {
            x.el("expirationTime", Ec2Service.iso(p.expiresAt));
        }
        return Ec2Service.tags(x, p.tags).el("vpcPeeringConnectionId", p.id);
    }

    private static void peeringOptions(Xml x) {
        x.start("peeringOptions").el("allowDnsResolutionFromRemoteVpc", false)
                .el("allowEgressFromLocalClassicLinkToRemoteVpc", false)
                .el("allowEgressFromLocalVpcToRemoteClassicLink", false).end();
    }

    private static final Filters<VpcPeering> PEERING_FILTERS = new Filters<>(Map.ofEntries(
            Map.entry("vpc-peering-connection-id", p -> one(p.id)),
            Map.entry("status-code", p -> one(p.state)),
            Map.entry("status-message", p -> one(AccessBackend.statusMessage(p))),
            Map.entry("requester-vpc-info.vpc-id", p -> one(p.requesterVpcId)),
            Map.entry("requester-vpc-info.cidr-block", p -> one(p.requesterCidr)),
            Map.entry("requester-vpc-info.owner-id", p -> one(p.ownerId)),
            Map.entry("accepter-vpc-info.vpc-id", p -> one(p.accepterVpcId)),
            Map.entry("accepter-vpc-info.cidr-block", p -> one(p.accepterCidr)),
            Map.entry("accepter-vpc-info.owner-id", p -> one(p.accepterOwnerId)),
            Map.entry("expiration-time", p -> one(Ec2Service.iso(p.expiresAt)))), p -> p.tags);

    private void describePeerings(QueryParams p, Ec2Backend b, Xml x) {
        Function<String, VpcPeering> lookup = b.access()::peering;
        Ec2Service.Page<VpcPeering> page = Ec2Service.select(p, b.access().peeringsOfRegion(),
                p.list("VpcPeeringConnectionId"), lookup, PEERING_FILTERS, b, true);
        x.start("vpcPeeringConnectionSet");
        page.items().forEach(pcx -> peering(x.start("item"), pcx).end());
        x.end().el("nextToken", page.nextToken());
    }
}
