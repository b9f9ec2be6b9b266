package dev.cairn.sandbox;

import dev.cairn.sandbox.Ec2Model.Address;
import dev.cairn.sandbox.Ec2Model.Instance;
import dev.cairn.sandbox.Ec2Model.KeyPair;
import dev.cairn.sandbox.Ec2Model.NetworkInterface;
import dev.cairn.sandbox.Ec2Model.RegionState;
import dev.cairn.sandbox.Ec2Model.RouteTable;
import dev.cairn.sandbox.Ec2Model.SecurityGroup;
import dev.cairn.sandbox.Ec2Model.SecurityGroupRule;
import dev.cairn.sandbox.Ec2Model.Subnet;
import dev.cairn.sandbox.Ec2Model.Volume;
import dev.cairn.sandbox.Ec2Model.Vpc;
import dev.cairn.sandbox.Ec2Model.VpcPeering;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The EC2 rules of the Access step, beside {@link Ec2Backend}'s network rules and on the same
 * state: security groups and their rules, key pairs, instances (each with its primary ENI),
 * Elastic IP association, and VPC peering connections, which span two regions of an account.
 *
 * <p>Like {@link Ec2Backend}, not thread-safe (the server's world lock serialises requests) and
 * lazy: {@link #advance()} derives instance and peering states from their timestamps.
 */
final class AccessBackend {
    /** AWS keeps a terminated instance visible in DescribeInstances for about an hour. */
    static final long TERMINATED_VISIBLE_MILLIS = 60L * 60 * 1000;
    /** A peering request not accepted within 7 days expires (AWS). */
    static final long PEERING_EXPIRY_MILLIS = 7L * 24 * 60 * 60 * 1000;
    /** Deleted, failed and expired peerings stay visible for about two hours (AWS). */
    static final long ENDED_PEERING_VISIBLE_MILLIS = 2L * 60 * 60 * 1000;
    /** An instance's ClientToken is remembered this long, like the NAT gateway's. */
    static final long CLIENT_TOKEN_TTL_MILLIS = Ec2Backend.CLIENT_TOKEN_TTL_MILLIS;
    /** AWS's default quota of inbound (and, separately, outbound) rules per security group. */
    static final int RULES_PER_DIRECTION = 60;
    /** AWS's message for a peering that failed because of overlap, wrong VPC or wrong account. */
    static final String PEERING_FAILED_MESSAGE = "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range";
    private static final Set<String> PEERING_ENDED = Set.of("deleted", "failed", "expired", "rejected");

    /** What AWS gives a volume whose mapping names no type. */
    static final String DEFAULT_VOLUME_TYPE = "gp3";
    static final String ROOT_DEVICE = "/dev/xvda";
    /** The AWS-managed key that encrypts EBS volumes when no KmsKeyId is given. */
    static final String DEFAULT_EBS_KEY_ALIAS = "alias/aws/ebs";
    static final int GP3_BASELINE_IOPS = 3000;
    static final int GP3_BASELINE_THROUGHPUT = 125;

    private final Ec2Backend b;
    private final RegionState s;
    private final long now;

    AccessBackend(Ec2Backend backend) {
        this.b = backend;
        this.s = backend.state();
        this.now = backend.now();
    }

    // ---------------------------------------------------------------- lazy transitions

    void advance() {
        for (Iterator<Instance> it = s.instances.values().iterator(); it.hasNext(); ) {
            Instance i = it.next();
            if (i.terminateRequestedAt > 0 && now >= i.terminatedAt + TERMINATED_VISIBLE_MILLIS) {
                it.remove();
            }
        }
        // A DeleteOnTermination volume goes when its instance is terminated (or forgotten).
        s.volumes.values().removeIf(v -> v.deleteOnTermination && v.instanceId != null
                && (!s.instances.containsKey(v.instanceId) || instanceState(s.instances.get(v.instanceId), now).equals("terminated")));
        for (Iterator<VpcPeering> it = b.world().peerings(b.account()).values().iterator(); it.hasNext(); ) {
            VpcPeering p = it.next();
            advance(p);
            if (PEERING_ENDED.contains(p.state) && now >= p.deletedAt + ENDED_PEERING_VISIBLE_MILLIS) {
                it.remove();
            }
        }
    }

    private void advance(VpcPeering p) {
        if (p.state.equals("initiating-request") && now >= p.stepEndsAt) {
            if (p.overlapping) {
                p.state = "failed";
                p.deletedAt = p.stepEndsAt;
            } else {
                p.state = "pending-acceptance";
            }
        }
        if (p.state.equals("pending-acceptance") && now >= p.expiresAt) {
            p.state = "expired";
            p.deletedAt = p.expiresAt;
        }
        if (p.state.equals("provisioning") && now >= p.stepEndsAt) {
            p.state = "active";
        }
        if (p.state.equals("deleting") && now >= p.stepEndsAt) {
            p.state = "deleted";
            p.deletedAt = p.stepEndsAt;
        }
    }

    static String instanceState(Instance i, long now) {
        if (i.terminateRequestedAt > 0) {
            return now >= i.terminatedAt ? "terminated" : "shutting-down";
        }
        return now >= i.runningAt ? "running" : "pending";
    }

    static int stateCode(String state) {
        return switch (state) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            case "stopping" -> 64;
            default -> 80;
        };
    }

    // ---------------------------------------------------------------- security groups

    SecurityGroup securityGroup(String id) {
        return b.find(s.securityGroups, id, "InvalidGroup.NotFound", "The security group '%s' does not exist");
    }

    /**
     * A group by name. The Sandbox has no default VPC, and AWS resolves {@code GroupName} only in
     * the default VPC (other groups are found with the {@code group-name} filter), so this fails
     * as AWS does in an account without a default VPC.
     */
    SecurityGroup securityGroupByName(String name) {
        throw new AwsException("InvalidGroup.NotFound",
                "The security group '" + name + "' does not exist in default VPC 'none'");
    }

    void createDefaultSecurityGroup(Vpc vpc) {
        SecurityGroup g = newGroup("default", "default VPC security group", vpc.id);
        SecurityGroupRule self = rule(false, "-1", null, null, null, g.id, null);
        g.rules.add(0, self);
        s.securityGroups.put(g.id, g);
    }

    private SecurityGroup newGroup(String name, String description, String vpcId) {
        SecurityGroup g = new SecurityGroup();
        g.id = b.newId("sg");
        g.createdAt = now;
        g.name = name;
        g.description = description;
        g.vpcId = vpcId;
        // Every new group allows all outbound IPv4 traffic until told otherwise.
        g.rules.add(rule(true, "-1", null, null, "0.0.0.0/0", null, null));
        return g;
    }

    private SecurityGroupRule rule(boolean egress, String protocol, Integer from, Integer to, String cidr,
                                   String groupId, String description) {
        SecurityGroupRule r = SecurityGroupRule.of(protocol, from, to, cidr, groupId, description);
        r.id = b.newId("sgr");
        r.egress = egress;
        return r;
    }

    SecurityGroup createSecurityGroup(String name, String description, String vpcId, List<QueryParams.TagSpec> tags) {
        if (name == null || name.isEmpty()) {
            throw AwsException.missingParameter("GroupName");
        }
        if (description == null || description.isEmpty()) {
            throw AwsException.missingParameter("GroupDescription");
        }
        if (name.length() > 255 || description.length() > 255) {
            throw AwsException.invalidParameterValue("Value for parameter groupName or groupDescription is too long. "
                    + "The maximum length is 255 characters.");
        }
        if (name.startsWith("sg-")) {
            throw AwsException.invalidParameterValue("Group names may not be in the format sg-*");
        }
        if (vpcId == null) {
            throw new AwsException("VPCIdNotSpecified", "No default VPC for this user");
        }
        Vpc vpc = b.vpc(vpcId);
        for (SecurityGroup g : s.securityGroups.values()) {
            if (g.vpcId.equals(vpc.id) && g.name.equals(name)) {
                throw new AwsException("InvalidGroup.Duplicate",
                        "The security group '" + name + "' already exists for VPC '" + vpc.id + "'");
            }
        }
        SecurityGroup g = newGroup(name, description, vpc.id);
        b.applyTagSpecs(g, "security-group", tags);
        s.securityGroups.put(g.id, g);
        return g;
    }

    void deleteSecurityGroup(String groupId, String groupName) {
        SecurityGroup g;
        if (groupId != null) {
            g = securityGroup(groupId);
        } else if (groupName != null) {
            g = securityGroupByName(groupName);
        } else {
            throw AwsException.missingParameter("GroupId");
        }
        if (g.isDefault()) {
            throw new AwsException("CannotDelete", "the specified group: \"" + g.id
                    + "\" name: \"default\" cannot be deleted by a user");
        }
        boolean referenced = s.securityGroups.values().stream().filter(o -> o != g)
                .anyMatch(o -> o.rules.stream().anyMatch(r -> g.id.equals(r.referencedGroupId)));
        boolean used = s.networkInterfaces.values().stream().anyMatch(e -> e.groupIds.contains(g.id));
        if (referenced || used) {
            throw new AwsException("DependencyViolation", "resource " + g.id + " has a dependent object");
        }
        s.securityGroups.remove(g.id);
    }

    /**
     * AuthorizeSecurityGroupIngress/Egress: each requested rule (one per CIDR or group pair) is
     * validated, none may exist already, and all are added together or none.
     */
    List<SecurityGroupRule> authorize(String groupId, boolean egress, List<SecurityGroupRule> requested) {
        SecurityGroup g = securityGroup(required(groupId, "GroupId"));
        if (requested.isEmpty()) {
            throw AwsException.missingParameter("IpPermissions");
        }
        List<SecurityGroupRule> added = new ArrayList<>();
        for (SecurityGroupRule r : requested) {
            validateRule(g, r);
            r.egress = egress;
            boolean exists = g.rules.stream().anyMatch(o -> sameRule(o, r))
                    || added.stream().anyMatch(o -> sameRule(o, r));
            if (exists) {
                throw new AwsException("InvalidPermission.Duplicate", "the specified rule \"peer: "
                        + (r.cidrIpv4 != null ? r.cidrIpv4 : r.referencedGroupId) + ", "
                        + (r.ipProtocol.equals("-1") ? "ALL" : r.ipProtocol.toUpperCase(java.util.Locale.ROOT))
                        + (r.fromPort == null ? "" : ", from port: " + r.fromPort + ", to port: " + r.toPort)
                        + ", ALLOW\" already exists");
            }
            r.id = b.newId("sgr");
            added.add(r);
        }
        long count = g.rules.stream().filter(r -> r.egress == egress).count();
        if (count + added.size() > RULES_PER_DIRECTION) {
            throw new AwsException("RulesPerSecurityGroupLimitExceeded",
                    "The maximum number of rules per security group has been reached.");
        }
        g.rules.addAll(added);
        return added;
    }

    /** Revokes by rule IDs or by permissions; every one must exist, else nothing changes. */
    void revoke(String groupId, boolean egress, List<SecurityGroupRule> requested, List<String> ruleIds) {
        SecurityGroup g = securityGroup(required(groupId, "GroupId"));
        List<SecurityGroupRule> gone = new ArrayList<>();
        for (String id : ruleIds) {
            SecurityGroupRule r = g.rules.stream().filter(o -> o.id.equals(id) && o.egress == egress).findFirst()
                    .orElseThrow(() -> new AwsException("InvalidSecurityGroupRuleId.NotFound",
                            "The security group rule ID '" + id + "' does not exist"));
            gone.add(r);
        }
        for (SecurityGroupRule r : requested) {
            validateRule(g, r);
            r.egress = egress;
            SecurityGroupRule match = g.rules.stream().filter(o -> sameRule(o, r)).findFirst()
                    .orElseThrow(() -> new AwsException("InvalidPermission.NotFound",
                            "The specified rule does not exist in this security group."));
            gone.add(match);
        }
        if (gone.isEmpty()) {
            throw AwsException.missingParameter("IpPermissions");
        }
        g.rules.removeAll(gone);
    }

    private void validateRule(SecurityGroup g, SecurityGroupRule r) {
        String protocol = r.ipProtocol == null ? null : r.ipProtocol.toLowerCase(java.util.Locale.ROOT);
        if (protocol == null) {
            throw AwsException.missingParameter("IpPermissions.1.IpProtocol");
        }
        protocol = switch (protocol) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "all" -> "-1";
            default -> protocol;
        };
        if (!Set.of("tcp", "udp", "icmp", "-1").contains(protocol)) {
            throw AwsException.invalidParameterValue("Invalid value '" + r.ipProtocol + "' for IP protocol. "
                    + "Unknown protocol.");
        }
        r.ipProtocol = protocol;
        if (protocol.equals("-1")) {
            // All traffic has no ports; AWS ignores any given.
            r.fromPort = null;
            r.toPort = null;
        } else if (protocol.equals("icmp")) {
            r.fromPort = r.fromPort == null ? -1 : r.fromPort;
            r.toPort = r.toPort == null ? -1 : r.toPort;
        } else {
            if (r.fromPort == null || r.toPort == null) {
                throw new AwsException("InvalidParameterValue", "Invalid value 'Must specify both from and to ports "
                        + "with TCP/UDP.' for portRange.");
            }
            if (r.fromPort < 0 || r.toPort > 65535 || r.fromPort > r.toPort) {
                throw AwsException.invalidParameterValue("Invalid value 'Invalid port range.' for portRange.");
            }
        }
        if ((r.cidrIpv4 == null) == (r.referencedGroupId == null)) {
            throw AwsException.missingParameter("IpPermissions.1.IpRanges");
        }
        if (r.cidrIpv4 != null) {
            Cidr cidr = Cidr.parse(r.cidrIpv4);
            if (cidr == null) {
                throw AwsException.invalidParameterValue("CIDR block " + r.cidrIpv4 + " is malformed");
            }
        } else {
            SecurityGroup other = securityGroup(r.referencedGroupId);
            if (!other.vpcId.equals(g.vpcId)) {
                throw new AwsException("InvalidGroup.NotFound", "You have specified two resources that belong to "
                        + "different networks.");
            }
        }
    }

    private static boolean sameRule(SecurityGroupRule a, SecurityGroupRule r) {
        return a.egress == r.egress && a.ipProtocol.equals(r.ipProtocol) && Objects.equals(a.fromPort, r.fromPort)
                && Objects.equals(a.toPort, r.toPort) && Objects.equals(a.cidrIpv4, r.cidrIpv4)
                && Objects.equals(a.referencedGroupId, r.referencedGroupId);
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw AwsException.missingParameter(name);
        }
        return value;
    }

    // ---------------------------------------------------------------- key pairs

    /** A created key pair and its private key, which is returned once and never stored. */
    record CreatedKey(KeyPair pair, String privateKeyPem) {
        @Override
        public String toString() {
            return "CreatedKey[" + pair.name + "]";
        }
    }

    KeyPair keyPairById(String id) {
        return b.find(s.keyPairs, id, "InvalidKeyPair.NotFound", "The key pair ID '%s' does not exist");
    }

    KeyPair keyPairByName(String name) {
        for (KeyPair k : s.keyPairs.values()) {
            if (k.name.equals(name) && b.visible(k)) {
                return k;
            }
        }
        throw new AwsException("InvalidKeyPair.NotFound", "The key pair '" + name + "' does not exist");
    }

    CreatedKey createKeyPair(String name, String keyType, String keyFormat, List<QueryParams.TagSpec> tags) {
        String type = keyType == null ? "rsa" : keyType;
        if (!type.equals("rsa") && !type.equals("ed25519")) {
            throw AwsException.invalidParameterValue("Value (" + keyType + ") for parameter keyType is invalid.");
        }
        if (keyFormat != null && !keyFormat.equals("pem")) {
            throw AwsException.invalidParameterValue("Value (" + keyFormat
                    + ") for parameter keyFormat is invalid: the Sandbox returns pem only.");
        }
        KeyPair k = newKeyPair(name, type);
        b.applyTagSpecs(k, "key-pair", tags);
        KeyMaterial.Created made = KeyMaterial.create(type);
        k.publicKey = made.publicKey();
        k.fingerprint = made.fingerprint();
        s.keyPairs.put(k.id, k);
        return new CreatedKey(k, made.privateKeyPem());
    }

    KeyPair importKeyPair(String name, byte[] material, List<QueryParams.TagSpec> tags) {
        if (material == null) {
            throw AwsException.missingParameter("PublicKeyMaterial");
        }
        KeyMaterial.Imported parsed = KeyMaterial.parse(material);
        KeyPair k = newKeyPair(name, parsed.keyType());
        b.applyTagSpecs(k, "key-pair", tags);
        k.publicKey = parsed.publicKey();
        k.fingerprint = parsed.fingerprint();
        s.keyPairs.put(k.id, k);
        return k;
    }

    private KeyPair newKeyPair(String name, String type) {
        if (name == null || name.isEmpty()) {
            throw AwsException.missingParameter("KeyName");
        }
        if (name.length() > 255 || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw AwsException.invalidParameterValue("Value (" + name + ") for parameter keyName is invalid.");
        }
        if (s.keyPairs.values().stream().anyMatch(k -> k.name.equals(name))) {
            throw new AwsException("InvalidKeyPair.Duplicate", "The keypair '" + name + "' already exists.");
        }
        KeyPair k = new KeyPair();
        k.id = b.newId("key");
        k.createdAt = now;
        k.name = name;
        k.keyType = type;
        return k;
    }

    /** DeleteKeyPair is idempotent in AWS: an unknown name or ID succeeds and changes nothing. */
    String deleteKeyPair(String name, String id) {
        if (name == null && id == null) {
            throw AwsException.missingParameter("KeyName");
        }
        for (Iterator<KeyPair> it = s.keyPairs.values().iterator(); it.hasNext(); ) {
            KeyPair k = it.next();
            if ((name != null && k.name.equals(name)) || (id != null && k.id.equals(id))) {
                it.remove();
                return k.id;
            }
        }
        return id;
    }

    // ---------------------------------------------------------------- instances

    /** The parameters of RunInstances that the model needs. */
    record RunRequest(String imageId, String instanceType, String keyName, String subnetId, List<String> groupIds,
                      Integer minCount, Integer maxCount, String clientToken, List<QueryParams.TagSpec> tagSpecs,
                      String httpTokens, Boolean encrypted, Integer volumeSize, String volumeType, String kmsKeyId,
                      Boolean associatePublicIp, boolean networkInterfaceForm) {
    }

    /** The root volume an instance launches with, as its BlockDeviceMapping asks (AWS defaults otherwise). */
    private Volume rootVolume(RunRequest r, Catalog.Image image, Instance i, String zone) {
        Volume v = new Volume();
        v.id = b.newId("vol");
        v.createdAt = now;
        v.size = r.volumeSize() == null ? image.volumeSize() : r.volumeSize();
        v.volumeType = r.volumeType() == null ? DEFAULT_VOLUME_TYPE : r.volumeType();
        v.encrypted = Boolean.TRUE.equals(r.encrypted()) || r.kmsKeyId() != null;
        v.kmsKeyId = !v.encrypted ? null : r.kmsKeyId() != null ? r.kmsKeyId()
                : "arn:aws:kms:" + b.region().name() + ":" + b.account() + ":" + DEFAULT_EBS_KEY_ALIAS;
        if (v.volumeType.equals("gp3")) {
            // gp3's baseline, which AWS reports whatever the size.
            v.iops = GP3_BASELINE_IOPS;
            v.throughput = GP3_BASELINE_THROUGHPUT;
        }
        v.snapshotId = image.snapshotId();
        v.availabilityZone = zone;
        v.instanceId = i.id;
        v.device = ROOT_DEVICE;
        v.deleteOnTermination = true;
        s.volumes.put(v.id, v);
        return v;
    }

    Volume volume(String id) {
        return b.find(s.volumes, id, "InvalidVolume.NotFound", "The volume '%s' does not exist.");
    }

    /** {@code in-use}: every Sandbox volume is an instance's root volume, attached until it goes. */
    static String volumeState(Volume v) {
        return v.instanceId == null ? "available" : "in-use";
    }

    Instance instance(String id) {
        return b.find(s.instances, id, "InvalidInstanceID.NotFound", "The instance ID '%s' does not exist");
    }

    List<Instance> runInstances(RunRequest r) {
        String fingerprint = r.toString();
        if (r.clientToken() != null) {
            List<Instance> known = s.instances.values().stream()
                    .filter(i -> r.clientToken().equals(i.clientToken) && now < i.createdAt + CLIENT_TOKEN_TTL_MILLIS)
                    .toList();
            if (!known.isEmpty()) {
                if (!known.get(0).clientTokenFingerprint.equals(fingerprint)) {
                    throw new AwsException("IdempotentParameterMismatch", "Arguments on this idempotent request are "
                            + "inconsistent with arguments used in previous request(s).");
                }
                return known;
            }
        }
        if (r.imageId() == null) {
            throw AwsException.missingParameter("ImageId");
        }
        if (r.minCount() == null || r.maxCount() == null) {
            throw AwsException.missingParameter(r.minCount() == null ? "MinCount" : "MaxCount");
        }
        if (r.minCount() < 1 || r.maxCount() < r.minCount()) {
            throw AwsException.invalidParameterValue("Value (" + r.minCount() + ") for parameter minCount is invalid. "
                    + "MinCount must be at least 1 and no more than MaxCount.");
        }
        if (!r.imageId().startsWith("ami-")) {
            throw new AwsException("InvalidAMIID.Malformed", "Invalid id: \"" + r.imageId() + "\" (expecting \"ami-...\")");
        }
        Catalog.Image image = Catalog.image(b.region().name(), r.imageId());
        if (image == null) {
            throw new AwsException("InvalidAMIID.NotFound", "The image id '[" + r.imageId() + "]' does not exist");
        }
        String typeName = r.instanceType() == null ? "m1.small" : r.instanceType();
        Catalog.InstanceType type = Catalog.instanceType(b.region().name(), typeName);
        if (type == null) {
            throw AwsException.invalidParameterValue("Invalid value '" + typeName + "' for InstanceType.");
        }
        if (!type.architecture().equals(image.architecture())) {
            throw AwsException.invalidParameterValue("The architecture '" + type.architecture()
                    + "' of the specified instance type does not match the architecture '" + image.architecture()
                    + "' of the specified AMI. Specify an instance type and an AMI that have matching architectures,"
                    + " and try again. You can use 'describe-instance-types' or 'describe-images' to discover the "
                    + "architecture of the instance type or AMI.");
        }
        if (r.keyName() != null) {
            keyPairByName(r.keyName());
        }
        if (r.subnetId() == null) {
            throw new AwsException("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported "
                    + "for EC2-Classic and default VPC.");
        }
        Subnet subnet = b.subnet(r.subnetId());
        List<String> groups = new ArrayList<>();
        for (String g : r.groupIds()) {
            SecurityGroup group = securityGroup(g);
            if (!group.vpcId.equals(subnet.vpcId)) {
                throw new AwsException("InvalidParameter", "Security group " + g + " and subnet " + subnet.id
                        + " belong to different networks.");
            }
            groups.add(group.id);
        }
        if (groups.isEmpty()) {
            s.securityGroups.values().stream().filter(g -> g.vpcId.equals(subnet.vpcId) && g.isDefault())
                    .findFirst().ifPresent(g -> groups.add(g.id));
        }
        String tokens = r.httpTokens() == null ? "optional" : r.httpTokens();
        if (!tokens.equals("optional") && !tokens.equals("required")) {
            throw AwsException.invalidParameterValue("Value (" + tokens + ") for parameter httpTokens is invalid.");
        }
        for (QueryParams.TagSpec spec : r.tagSpecs()) {
            if (!Set.of("instance", "volume", "network-interface").contains(spec.resourceType())) {
                throw AwsException.invalidParameterValue("'" + spec.resourceType()
                        + "' is not a valid taggable resource type for this operation.");
            }
        }
        long free = b.availableIpCount(subnet);
        if (free < r.minCount()) {
            throw new AwsException("InsufficientFreeAddressesInSubnet", "There are not enough free addresses in "
                    + "subnet '" + subnet.id + "' to satisfy the requested number of instances.");
        }
        int count = (int) Math.min(r.maxCount(), free);
        boolean publicIp = r.associatePublicIp() != null ? r.associatePublicIp() : subnet.mapPublicIpOnLaunch;
        String reservation = b.newId("r");
        List<Instance> launched = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Instance i = new Instance();
            i.id = b.newId("i");
            i.createdAt = now;
            i.reservationId = reservation;
            i.imageId = image.id();
            i.instanceType = type.name();
            i.architecture = type.architecture();
            i.keyName = r.keyName();
            i.subnetId = subnet.id;
            i.vpcId = subnet.vpcId;
            i.availabilityZone = subnet.availabilityZone;
            i.groupIds = new ArrayList<>(groups);
            i.launchIndex = n;
            i.httpTokens = tokens;
            Volume root = rootVolume(r, image, i, subnet.availabilityZone);
            i.rootVolumeId = root.id;
            i.clientToken = r.clientToken();
            i.clientTokenFingerprint = fingerprint;
            i.runningAt = now + b.config().scaled(LatencyProfile.INSTANCE_PENDING).toMillis();
            for (QueryParams.TagSpec spec : r.tagSpecs()) {
                if (spec.resourceType().equals("instance")) {
                    b.putTags(i, spec.tags());
                } else if (spec.resourceType().equals("volume")) {
                    b.putTags(root, spec.tags());
                }
            }
            NetworkInterface eni = new NetworkInterface();
            eni.id = b.newId("eni");
            eni.createdAt = now;
            eni.subnetId = subnet.id;
            eni.vpcId = subnet.vpcId;
            eni.availabilityZone = subnet.availabilityZone;
            eni.privateIp = b.nextPrivateIp(subnet);
            eni.macAddress = b.macAddress();
            eni.description = "";
            eni.interfaceType = "interface";
            eni.instanceId = i.id;
            eni.attachmentId = b.newId("eni-attach");
            eni.groupIds = new ArrayList<>(groups);
            for (QueryParams.TagSpec spec : r.tagSpecs()) {
                if (spec.resourceType().equals("network-interface")) {
                    b.putTags(eni, spec.tags());
                }
            }
            s.networkInterfaces.put(eni.id, eni);
            i.networkInterfaceId = eni.id;
            i.privateIp = eni.privateIp;
            i.publicIp = publicIp ? b.nextPublicIp() : null;
            s.instances.put(i.id, i);
            launched.add(i);
        }
        return launched;
    }

    /** The state change of one instance, as TerminateInstances reports it. */
    record StateChange(String instanceId, String previous, String current) {
    }

    List<StateChange> terminateInstances(List<String> ids) {
        if (ids.isEmpty()) {
            throw AwsException.missingParameter("InstanceId.1");
        }
        List<Instance> targets = ids.stream().map(this::instance).toList();
        List<StateChange> out = new ArrayList<>();
        for (Instance i : targets) {
            String previous = instanceState(i, now);
            if (i.terminateRequestedAt == 0) {
                i.terminateRequestedAt = now;
                i.terminatedAt = now + b.config().scaled(LatencyProfile.INSTANCE_TERMINATE).toMillis();
                // The primary ENI (and with it the subnet address, the groups and any Elastic IP
                // association) goes only when the instance is terminated.
                NetworkInterface eni = s.networkInterfaces.get(i.networkInterfaceId);
                if (eni != null) {
                    eni.goneAt = Math.max(i.terminatedAt, 1);
                }
            }
            // AWS's answer says shutting-down even when the instance is instantly gone.
            String current = previous.equals("terminated") ? "terminated" : "shutting-down";
            out.add(new StateChange(i.id, previous, current));
        }
        return out;
    }

    /** The public IP an instance shows now: its Elastic IP while one is associated, else its own. */
    String publicIpOf(Instance i) {
        if (instanceState(i, now).equals("terminated")) {
            return null;
        }
        NetworkInterface eni = s.networkInterfaces.get(i.networkInterfaceId);
        Address a = eni == null ? null : b.addressOf(eni);
        return a != null ? a.publicIp : i.publicIp;
    }

    // ---------------------------------------------------------------- Elastic IP association

    String associateAddress(String allocationId, String instanceId, String eniId, boolean allowReassociation) {
        if (allocationId == null) {
            throw AwsException.missingParameter("AllocationId");
        }
        Address a = b.address(allocationId);
        if (instanceId == null && eniId == null) {
            throw new AwsException("MissingParameter", "Either instance ID or network interface ID must be specified");
        }
        if (instanceId != null && eniId != null) {
            throw new AwsException("InvalidParameterCombination",
                    "You may specify either an instance ID or a network interface ID, but not both");
        }
        NetworkInterface eni;
        if (instanceId != null) {
            Instance i = instance(instanceId);
            String state = instanceState(i, now);
            if (state.equals("pending")) {
                throw new AwsException("InvalidInstanceID", "The pending instance '" + i.id
                        + "' is not in a valid state for this operation.");
            }
            if (!state.equals("running")) {
                throw new AwsException("IncorrectInstanceState", "The instance '" + i.id
                        + "' is not in a valid state for this operation.");
            }
            eni = s.networkInterfaces.get(i.networkInterfaceId);
        } else {
            eni = b.networkInterface(eniId);
        }
        if (b.igwOfVpc(eni.vpcId) == null) {
            throw new AwsException("Gateway.NotAttached", "Network " + eni.vpcId
                    + " is not attached to any internet gateway");
        }
        Address current = b.addressOf(eni);
        if (a.associationId != null && !allowReassociation && !eni.id.equals(a.networkInterfaceId)) {
            throw new AwsException("Resource.AlreadyAssociated", "resource " + a.id
                    + " is already associated with associate-id " + a.associationId);
        }
        if (current != null && current != a) {
            if (!allowReassociation) {
                throw new AwsException("Resource.AlreadyAssociated", "resource " + eni.id
                        + " is already associated with associate-id " + current.associationId);
            }
            Ec2Backend.disassociate(current);
        }
        b.associate(a, eni);
        return a.associationId;
    }

    void disassociateAddress(String associationId) {
        if (associationId == null) {
            throw AwsException.missingParameter("AssociationId");
        }
        for (Address a : s.addresses.values()) {
            if (associationId.equals(a.associationId)) {
                NetworkInterface eni = s.networkInterfaces.get(a.networkInterfaceId);
                if (eni != null && eni.natGatewayId != null) {
                    throw new AwsException("AuthFailure", "You do not have permission to access the specified resource.");
                }
                Ec2Backend.disassociate(a);
                return;
            }
        }
        throw new AwsException("InvalidAssociationID.NotFound", "The association ID '" + associationId
                + "' does not exist");
    }

    /** The instance that owns an address's ENI, or null. */
    String instanceOf(Address a) {
        NetworkInterface eni = a.networkInterfaceId == null ? null : s.networkInterfaces.get(a.networkInterfaceId);
        return eni == null ? null : eni.instanceId;
    }

    // ---------------------------------------------------------------- VPC peering

    /** Peerings this region of this account sees: those it requested, and those it may accept once sent. */
    List<VpcPeering> peeringsOfRegion() {
        List<VpcPeering> out = new ArrayList<>();
        for (Map<String, VpcPeering> byId : b.world().peerings.values()) {
            for (VpcPeering p : byId.values()) {
                // A peering of another account (cross-account accepter) is advanced here, lazily.
                advance(p);
                if (seesPeering(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private boolean isRequesterSide(VpcPeering p) {
        return p.ownerId.equals(b.account()) && p.requesterRegion.equals(b.region().name());
    }

    private boolean isAccepterSide(VpcPeering p) {
        return p.accepterOwnerId.equals(b.account()) && p.accepterRegion.equals(b.region().name());
    }

    private boolean seesPeering(VpcPeering p) {
        if (isRequesterSide(p)) {
            return true;
        }
        // The accepter learns of a request only once it is sent (and never of one that failed on the way).
        return isAccepterSide(p) && !p.state.equals("initiating-request") && !(p.state.equals("failed"));
    }

    VpcPeering peering(String id) {
        VpcPeering p = null;
        for (Map<String, VpcPeering> byId : b.world().peerings.values()) {
            if (id != null && byId.containsKey(id)) {
                p = byId.get(id);
            }
        }
        if (p != null) {
            advance(p);
        }
        if (p == null || !seesPeering(p) || !b.visible(p)) {
            throw new AwsException("InvalidVpcPeeringConnectionID.NotFound",
                    "The vpcPeeringConnection ID '" + id + "' does not exist");
        }
        return p;
    }

    VpcPeering createPeering(String vpcId, String peerVpcId, String peerOwnerId, String peerRegion,
                             List<QueryParams.TagSpec> tags) {
        Vpc vpc = b.vpc(required(vpcId, "VpcId"));
        required(peerVpcId, "PeerVpcId");
        String region = peerRegion == null ? b.region().name() : peerRegion;
        if (!Regions.ALL.containsKey(region)) {
            throw AwsException.invalidParameterValue("Value (" + region + ") for parameter peerRegion is invalid.");
        }
        String owner = peerOwnerId == null ? b.account() : peerOwnerId;
        boolean sameRegion = region.equals(b.region().name()) && owner.equals(b.account());
        if (peerVpcId.equals(vpc.id) && sameRegion) {
            throw AwsException.invalidParameterValue("The requester VPC and accepter VPC cannot be the same.");
        }
        // The accepter VPC of another region or account is checked asynchronously by AWS: a
        // wrong ID ends in `failed`, like overlapping CIDRs. In the same region it is checked now.
        RegionState peerState = b.world().accounts.containsKey(owner)
                ? b.world().accounts.get(owner).get(region) : null;
        Vpc peer = peerState == null ? null : peerState.vpcs.get(peerVpcId);
        if (peer == null && sameRegion) {
            b.vpc(peerVpcId);
        }
        VpcPeering p = new VpcPeering();
        p.id = b.newId("pcx");
        p.createdAt = now;
        p.ownerId = b.account();
        p.requesterVpcId = vpc.id;
        p.requesterRegion = b.region().name();
        p.requesterCidr = vpc.cidrBlock;
        p.accepterOwnerId = owner;
        p.accepterVpcId = peerVpcId;
        p.accepterRegion = region;
        p.accepterCidr = peer == null ? null : peer.cidrBlock;
        p.overlapping = peer == null || Cidr.parse(peer.cidrBlock).overlaps(Cidr.parse(vpc.cidrBlock));
        p.state = "initiating-request";
        p.stepEndsAt = now + b.config().scaled(LatencyProfile.PEERING_INITIATE).toMillis();
        p.expiresAt = now + PEERING_EXPIRY_MILLIS;
        b.applyTagSpecs(p, "vpc-peering-connection", tags);
        b.world().peerings(b.account()).put(p.id, p);
        return p;
    }

    VpcPeering acceptPeering(String id) {
        VpcPeering p = peering(required(id, "VpcPeeringConnectionId"));
        if (!isAccepterSide(p)) {
            if (p.accepterOwnerId.equals(b.account())) {
                throw new AwsException("OperationNotPermitted", "Incorrect region (" + b.region().name()
                        + ") specified for this request. VPC peering connection " + p.id
                        + " must be accepted in region " + p.accepterRegion);
            }
            throw new AwsException("OperationNotPermitted", "User " + b.account() + " cannot accept peering " + p.id);
        }
        if (!p.state.equals("pending-acceptance")) {
            throw new AwsException("InvalidStateTransition", "Invalid state transition for " + p.id
                    + ", attempted to transition from " + p.state + " to provisioning");
        }
        p.state = "provisioning";
        p.stepEndsAt = now + b.config().scaled(LatencyProfile.PEERING_PROVISION).toMillis();
        return p;
    }

    void deletePeering(String id) {
        VpcPeering p = peering(required(id, "VpcPeeringConnectionId"));
        if (p.state.equals("pending-acceptance") && !isRequesterSide(p)) {
            // Only the requester may withdraw a pending request; the accepter rejects it instead.
            throw new AwsException("OperationNotPermitted", "User " + b.account()
                    + " cannot delete pending-acceptance VPC peering connection " + p.id
                    + "; reject it instead");
        }
        switch (p.state) {
            case "active", "provisioning", "pending-acceptance", "initiating-request" -> {
                p.state = "deleting";
                p.deletedBy = b.account();
                p.stepEndsAt = now + b.config().scaled(LatencyProfile.PEERING_DELETE).toMillis();
            }
            case "deleting" -> {
                // AWS answers true again and changes nothing.
            }
            default -> throw new AwsException("InvalidStateTransition", "Invalid state transition for " + p.id
                    + ", attempted to transition from " + p.state + " to deleting");
        }
    }

    /** RejectVpcPeeringConnection: the accepter turns down a pending request. */
    void rejectPeering(String id) {
        VpcPeering p = peering(required(id, "VpcPeeringConnectionId"));
        if (!isAccepterSide(p)) {
            throw new AwsException("OperationNotPermitted", "User " + b.account() + " cannot reject peering " + p.id);
        }
        if (!p.state.equals("pending-acceptance")) {
            throw new AwsException("InvalidStateTransition", "Invalid state transition for " + p.id
                    + ", attempted to transition from " + p.state + " to rejected");
        }
        p.state = "rejected";
        p.deletedAt = now;
    }

    /**
     * AWS refuses to delete a VPC that has a pending-acceptance request from another account
     * (it must be rejected first); other peerings do not block DeleteVpc.
     */
    void checkVpcDeletable(String vpcId) {
        for (VpcPeering p : peeringsOfRegion()) {
            if (isAccepterSide(p) && p.accepterVpcId.equals(vpcId) && p.state.equals("pending-acceptance")
                    && !p.ownerId.equals(b.account())) {
                throw AwsException.dependencyViolation("vpc", vpcId);
            }
        }
    }

    /** Deleting a VPC deletes its peering connections (AWS does not block DeleteVpc on them). */
    void vpcDeleted(String vpcId) {
        for (VpcPeering p : peeringsOfRegion()) {
            boolean mine = (isRequesterSide(p) && p.requesterVpcId.equals(vpcId))
                    || (isAccepterSide(p) && p.accepterVpcId.equals(vpcId));
            if (mine && !PEERING_ENDED.contains(p.state)) {
                p.state = "deleted";
                p.deletedBy = b.account();
                p.deletedAt = now;
            }
        }
    }

    /** CreateRoute to a peering: it must be visible here, join this table's VPC, and not be over. */
    void checkPeeringRoute(RouteTable table, String peeringId) {
        VpcPeering p = peering(peeringId);
        String localVpc = isRequesterSide(p) && p.requesterVpcId.equals(table.vpcId) ? p.requesterVpcId
                : isAccepterSide(p) && p.accepterVpcId.equals(table.vpcId) ? p.accepterVpcId : null;
        if (localVpc == null) {
            throw AwsException.invalidParameterValue("route table " + table.id + " and peering connection "
                    + peeringId + " belong to different networks");
        }
        if (!Set.of("active", "pending-acceptance", "provisioning").contains(p.state)) {
            throw new AwsException("InvalidVpcPeeringConnectionID.NotFound",
                    "The vpcPeeringConnection ID '" + peeringId + "' does not exist");
        }
    }

    /** A route to a peering carries traffic only while the connection is active. */
    String peeringRouteState(String peeringId) {
        for (Map<String, VpcPeering> byId : b.world().peerings.values()) {
            VpcPeering p = byId.get(peeringId);
            if (p != null) {
                advance(p);
                return p.state.equals("active") ? "active" : "blackhole";
            }
        }
        return "blackhole";
    }

    /** The status message AWS shows for a peering state. */
    static String statusMessage(VpcPeering p) {
        return switch (p.state) {
            case "initiating-request" -> "Initiating Request to " + p.accepterOwnerId;
            case "pending-acceptance" -> "Pending Acceptance by " + p.accepterOwnerId;
            case "provisioning" -> "Provisioning";
            case "active" -> "Active";
            case "deleting" -> "Deleting";
            case "deleted" -> "Deleted by " + p.deletedBy;
            case "expired" -> "Expired";
            case "failed" -> PEERING_FAILED_MESSAGE;
            case "rejected" -> "Rejected by " + p.accepterOwnerId;
            default -> p.state;
        };
    }

    // ---------------------------------------------------------------- summary

    List<Map<String, Object>> liveResources() {
        List<Map<String, Object>> out = new ArrayList<>();
        s.securityGroups.values().forEach(g -> out.add(b.summary("security-group", g, g.isDefault() ? "default" : "active")));
        s.keyPairs.values().forEach(k -> out.add(b.summary("key-pair", k, "available")));
        s.instances.values().stream().filter(i -> !instanceState(i, now).equals("terminated"))
                .forEach(i -> out.add(b.summary("instance", i, instanceState(i, now))));
        s.volumes.values().forEach(v -> out.add(b.summary("volume", v, volumeState(v))));
        // Each live peering once, from the requester's side.
        b.world().peerings(b.account()).values().stream()
                .filter(p -> isRequesterSide(p) && !PEERING_ENDED.contains(p.state))
                .forEach(p -> out.add(b.summary("vpc-peering-connection", p, p.state)));
        return out;
    }
}
