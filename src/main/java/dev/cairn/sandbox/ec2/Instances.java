package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.ec2.Ec2Model.Address;
import dev.cairn.sandbox.ec2.Ec2Model.Instance;
import dev.cairn.sandbox.ec2.Ec2Model.NetworkInterface;
import dev.cairn.sandbox.ec2.Ec2Model.SecurityGroup;
import dev.cairn.sandbox.ec2.Ec2Model.Subnet;
import dev.cairn.sandbox.ec2.Ec2Model.Volume;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Instances: RunInstances's checks (image, type, architecture, key, subnet, groups, addresses),
 * each instance's primary ENI and root volume, ClientToken idempotency, {@code pending → running}
 * and {@code shutting-down → terminated} from timestamps, and the public IP an instance shows.
 */
final class Instances extends Ec2Family {
    /** AWS keeps a terminated instance visible in DescribeInstances for about an hour. */
    static final long TERMINATED_VISIBLE_MILLIS = 60L * 60 * 1000;
    /** An instance's ClientToken is remembered this long, like the NAT gateway's. */
    static final long CLIENT_TOKEN_TTL_MILLIS = NatGateways.CLIENT_TOKEN_TTL_MILLIS;

    Instances(Ec2Backend backend) {
        super(backend);
    }

    /** Forgets instances terminated more than an hour ago. */
    void advance() {
        for (Iterator<Instance> it = s.instances.values().iterator(); it.hasNext(); ) {
            Instance i = it.next();
            if (i.terminateRequestedAt > 0 && now >= i.terminatedAt + TERMINATED_VISIBLE_MILLIS) {
                it.remove();
            }
        }
    }

    static String instanceState(Instance i, long now) {
        if (i.terminateRequestedAt > 0) {
            return now >= i.terminatedAt ? "terminated" : "shutting-down";
        }
        if (i.stopRequestedAt > 0) {
            return now >= i.stoppedAt ? "stopped" : "stopping";
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

    Instance instance(String id) {
        return b.find(s.instances, id, "InvalidInstanceID.NotFound", "The instance ID '%s' does not exist");
    }

    /** The parameters of RunInstances that the model needs. */
    record RunRequest(String imageId, String instanceType, String keyName, String subnetId, List<String> groupIds,
                      Integer minCount, Integer maxCount, String clientToken, List<QueryParams.TagSpec> tagSpecs,
                      String httpTokens, Boolean encrypted, Integer volumeSize, String volumeType, String kmsKeyId,
                      Boolean associatePublicIp, boolean networkInterfaceForm, String userData, String httpEndpoint,
                      TemplateRef launchTemplate, ProfileRef instanceProfile) {
    }

    /** {@code IamInstanceProfile}: an ARN or a name (IAM is another service; the profile is taken as given). */
    record ProfileRef(String arn, String name) {
        /** The profile's ARN: as given, or the account's profile of that name (at the root path). */
        String arnIn(String account) {
            return arn != null ? arn : "arn:aws:iam::" + account + ":instance-profile/" + name;
        }
    }

    /** RunInstances's {@code LaunchTemplate}: an ID or a name (exactly one) and a version (null: the default). */
    record TemplateRef(String id, String name, String version) {
    }

    /**
     * The request with its launch template's data under it, as AWS merges them: whatever the
     * request states wins; the template fills the rest (image, type, key, groups, user data,
     * metadata options, the root volume); the template's tags and the request's are both applied,
     * the request's value winning for a key both set.
     */
    private Merged withTemplate(RunRequest r) {
        if (r.launchTemplate() == null) {
            return new Merged(r, null, null);
        }
        TemplateRef ref = r.launchTemplate();
        Ec2Model.LaunchTemplate t = b.launchTemplates().identified(ref.id(), ref.name());
        Ec2Model.TemplateVersion v = b.launchTemplates().version(t, ref.version());
        Ec2Model.TemplateData d = v.data;
        Ec2Model.TemplateBlockDevice root = d.blockDeviceMappings.isEmpty() ? null : d.blockDeviceMappings.get(0);
        List<QueryParams.TagSpec> specs = new ArrayList<>();
        for (Ec2Model.TemplateTagSpec ts : d.tagSpecifications) {
            java.util.Map<String, String> tags = new java.util.LinkedHashMap<>(ts.tags);
            r.tagSpecs().stream().filter(rs -> rs.resourceType().equals(ts.resourceType))
                    .forEach(rs -> tags.putAll(rs.tags()));
            specs.add(new QueryParams.TagSpec(ts.resourceType, tags));
        }
        for (QueryParams.TagSpec rs : r.tagSpecs()) {
            if (specs.stream().noneMatch(x -> x.resourceType().equals(rs.resourceType()))) {
                specs.add(rs);
            }
        }
        RunRequest merged = new RunRequest(first(r.imageId(), d.imageId), first(r.instanceType(), d.instanceType),
                first(r.keyName(), d.keyName), r.subnetId(),
                r.groupIds().isEmpty() ? new ArrayList<>(d.securityGroupIds) : r.groupIds(), r.minCount(),
                r.maxCount(), r.clientToken(), specs, first(r.httpTokens(), d.httpTokens),
                r.encrypted() != null ? r.encrypted() : root == null ? null : root.encrypted,
                r.volumeSize() != null ? r.volumeSize() : root == null ? null : root.volumeSize,
                first(r.volumeType(), root == null ? null : root.volumeType),
                first(r.kmsKeyId(), root == null ? null : root.kmsKeyId), r.associatePublicIp(),
                r.networkInterfaceForm(), first(r.userData(), d.userData), first(r.httpEndpoint(), d.httpEndpoint),
                r.launchTemplate(), r.instanceProfile() != null ? r.instanceProfile()
                : d.iamInstanceProfileArn != null || d.iamInstanceProfileName != null
                ? new ProfileRef(d.iamInstanceProfileArn, d.iamInstanceProfileName) : null);
        return new Merged(merged, t.id, String.valueOf(v.number));
    }

    private record Merged(RunRequest request, String templateId, String templateVersion) {
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    List<Instance> runInstances(RunRequest asked) {
        String fingerprint = asked.toString();
        if (asked.clientToken() != null) {
            List<Instance> known = s.instances.values().stream()
                    .filter(i -> asked.clientToken().equals(i.clientToken) && now < i.createdAt + CLIENT_TOKEN_TTL_MILLIS)
                    .toList();
            if (!known.isEmpty()) {
                if (!known.get(0).clientTokenFingerprint.equals(fingerprint)) {
                    throw new AwsException("IdempotentParameterMismatch", "Arguments on this idempotent request are "
                            + "inconsistent with arguments used in previous request(s).");
                }
                return known;
            }
        }
        Merged merged = withTemplate(asked);
        RunRequest r = merged.request();
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
        Images.Source image = b.images().launchable(r.imageId());
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
            b.keyPairs().keyPairByName(r.keyName());
        }
        if (r.subnetId() == null) {
            throw new AwsException("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported "
                    + "for EC2-Classic and default VPC.");
        }
        Subnet subnet = b.subnet(r.subnetId());
        List<String> groups = new ArrayList<>();
        for (String g : r.groupIds()) {
            SecurityGroup group = b.securityGroups().securityGroup(g);
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
        String endpoint = r.httpEndpoint() == null ? "enabled" : r.httpEndpoint();
        if (!endpoint.equals("enabled") && !endpoint.equals("disabled")) {
            throw AwsException.invalidParameterValue("Value (" + endpoint + ") for parameter httpEndpoint is invalid.");
        }
        if (r.userData() != null && !r.userData().isEmpty()) {
            try {
                java.util.Base64.getMimeDecoder().decode(r.userData());
            } catch (IllegalArgumentException e) {
                throw AwsException.invalidParameterValue("Invalid BASE64 encoding of user data.");
            }
        }
        for (QueryParams.TagSpec spec : r.tagSpecs()) {
            if (!Set.of("instance", "volume", "network-interface").contains(spec.resourceType())) {
                throw AwsException.invalidParameterValue("'" + spec.resourceType()
                        + "' is not a valid taggable resource type for this operation.");
            }
        }
        long free = b.networkInterfaces().availableIpCount(subnet);
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
            i.httpEndpoint = endpoint;
            i.userData = r.userData() == null || r.userData().isEmpty() ? null : r.userData();
            if (r.instanceProfile() != null) {
                i.iamInstanceProfileArn = r.instanceProfile().arnIn(b.account());
                i.iamInstanceProfileId = "AIPA" + Catalog.stableId("x", i.iamInstanceProfileArn).substring(2)
                        .toUpperCase(java.util.Locale.ROOT);
            }
            i.launchTemplateId = merged.templateId();
            i.launchTemplateVersion = merged.templateVersion();
            Volume root = b.volumes().rootVolume(r, image, i, subnet.availabilityZone);
            i.rootVolumeId = root.id;
            i.clientToken = r.clientToken();
            i.clientTokenFingerprint = fingerprint;
            i.runningAt = now + b.scaledMillis(Ec2Durations.INSTANCE_PENDING);
            for (QueryParams.TagSpec spec : r.tagSpecs()) {
                if (spec.resourceType().equals("instance")) {
                    b.tags().putTags(i, spec.tags());
                } else if (spec.resourceType().equals("volume")) {
                    b.tags().putTags(root, spec.tags());
                }
            }
            if (merged.templateId() != null) {
                // AWS's own tags on an instance launched from a template (user tags cannot start with aws:).
                i.tags.put("aws:ec2launchtemplate:id", merged.templateId());
                i.tags.put("aws:ec2launchtemplate:version", merged.templateVersion());
            }
            NetworkInterface eni = new NetworkInterface();
            eni.id = b.newId("eni");
            eni.createdAt = now;
            eni.subnetId = subnet.id;
            eni.vpcId = subnet.vpcId;
            eni.availabilityZone = subnet.availabilityZone;
            eni.privateIp = b.networkInterfaces().nextPrivateIp(subnet);
            eni.macAddress = b.networkInterfaces().macAddress();
            eni.description = "";
            eni.interfaceType = "interface";
            eni.instanceId = i.id;
            eni.attachmentId = b.newId("eni-attach");
            eni.groupIds = new ArrayList<>(groups);
            for (QueryParams.TagSpec spec : r.tagSpecs()) {
                if (spec.resourceType().equals("network-interface")) {
                    b.tags().putTags(eni, spec.tags());
                }
            }
            s.networkInterfaces.put(eni.id, eni);
            i.networkInterfaceId = eni.id;
            i.privateIp = eni.privateIp;
            i.publicIp = publicIp ? b.addresses().nextPublicIp() : null;
            i.autoPublicIp = publicIp;
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
                i.terminatedAt = now + b.scaledMillis(Ec2Durations.INSTANCE_TERMINATE);
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

    /**
     * StopInstances: {@code pending|running → stopping → stopped}; a stopped (or stopping)
     * instance answers its state unchanged. The auto-assigned public IP is released, as in AWS;
     * an associated Elastic IP stays.
     */
    List<StateChange> stopInstances(List<String> ids) {
        List<Instance> targets = targets(ids);
        for (Instance i : targets) {
            String state = instanceState(i, now);
            if (state.equals("shutting-down") || state.equals("terminated")) {
                throw new AwsException("IncorrectInstanceState", "This instance '" + i.id
                        + "' is not in a state from which it can be stopped.");
            }
        }
        List<StateChange> out = new ArrayList<>();
        for (Instance i : targets) {
            String previous = instanceState(i, now);
            if (i.stopRequestedAt == 0) {
                i.stopRequestedAt = now;
                i.stoppedAt = now + b.scaledMillis(Ec2Durations.INSTANCE_STOP);
                i.publicIp = null;
            }
            out.add(new StateChange(i.id, previous, previous.equals("stopped") ? "stopped" : "stopping"));
        }
        return out;
    }

    /**
     * StartInstances: {@code stopped → pending → running}; a pending or running instance answers
     * its state unchanged; one still stopping cannot start yet. A new public IP if it had one.
     */
    List<StateChange> startInstances(List<String> ids) {
        List<Instance> targets = targets(ids);
        for (Instance i : targets) {
            String state = instanceState(i, now);
            if (!state.equals("stopped") && !state.equals("pending") && !state.equals("running")) {
                throw new AwsException("IncorrectInstanceState", "The instance '" + i.id
                        + "' is not in a state from which it can be started.");
            }
        }
        List<StateChange> out = new ArrayList<>();
        for (Instance i : targets) {
            String previous = instanceState(i, now);
            if (previous.equals("stopped")) {
                i.stopRequestedAt = 0;
                i.stoppedAt = 0;
                i.runningAt = now + b.scaledMillis(Ec2Durations.INSTANCE_PENDING);
                i.publicIp = i.autoPublicIp ? b.addresses().nextPublicIp() : null;
            }
            out.add(new StateChange(i.id, previous, previous.equals("stopped") ? "pending" : previous));
        }
        return out;
    }

    /**
     * ModifyInstanceAttribute's instance type: only while the instance is stopped, to a type the
     * region has with the image's architecture.
     */
    void modifyInstanceType(String id, String typeName) {
        Instance i = instance(id);
        if (!instanceState(i, now).equals("stopped")) {
            throw new AwsException("IncorrectInstanceState", "The instance '" + id + "' is not in the 'stopped' state.");
        }
        Catalog.InstanceType type = Catalog.instanceType(b.region().name(), typeName);
        if (type == null) {
            throw AwsException.invalidParameterValue("Invalid value '" + typeName + "' for InstanceType.");
        }
        if (!type.architecture().equals(i.architecture)) {
            throw AwsException.invalidParameterValue("The instance type '" + typeName + "' is " + type.architecture()
                    + " but the instance's image is " + i.architecture + ".");
        }
        i.instanceType = type.name();
    }

    private List<Instance> targets(List<String> ids) {
        if (ids.isEmpty()) {
            throw AwsException.missingParameter("InstanceId.1");
        }
        return ids.stream().map(this::instance).toList();
    }

    /** The public IP an instance shows now: its Elastic IP while one is associated, else its own. */
    String publicIpOf(Instance i) {
        if (instanceState(i, now).equals("terminated")) {
            return null;
        }
        NetworkInterface eni = s.networkInterfaces.get(i.networkInterfaceId);
        Address a = eni == null ? null : b.addresses().addressOf(eni);
        return a != null ? a.publicIp : i.publicIp;
    }
}
