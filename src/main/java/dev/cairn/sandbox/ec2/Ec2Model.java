package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The persisted records of EC2: the schema of {@code ec2.json} in one place, so a change to it is
 * seen whole (and versioned in {@link Ec2Store}). Plain mutable data with public fields so Jackson
 * writes and reads them as they are; the rules live in the resource families ({@link Vpcs},
 * {@link Subnets}, …). Times are epoch milliseconds of the wall clock, so states computed from
 * them resume after a restart.
 */
final class Ec2Model {
    private Ec2Model() {
    }

    static final class Vpc extends TaggedResource {
        public String cidrBlock;
        public String cidrAssociationId;
        public String instanceTenancy = "default";
        public String dhcpOptionsId;
        public long availableAt;
        public boolean enableDnsSupport = true;
        public boolean enableDnsHostnames;
    }

    static final class Subnet extends TaggedResource {
        public String vpcId;
        public String cidrBlock;
        public String availabilityZone;
        public String availabilityZoneId;
        public long availableAt;
        public boolean mapPublicIpOnLaunch;
    }

    static final class InternetGateway extends TaggedResource {
        /** The VPC it is attached to, or null. */
        public String attachedVpcId;
    }

    static final class Route {
        public String destinationCidrBlock;
        /** {@code local} for the VPC's own route, an {@code igw-} ID, or null. */
        public String gatewayId;
        public String natGatewayId;
        public String vpcPeeringConnectionId;
        /** {@code CreateRouteTable} for the local route, {@code CreateRoute} otherwise. */
        public String origin;
    }

    static final class Association {
        public String id;
        /** Null for the main association. */
        public String subnetId;
        public boolean main;
    }

    static final class RouteTable extends TaggedResource {
        public String vpcId;
        public List<Route> routes = new ArrayList<>();
        public List<Association> associations = new ArrayList<>();

        boolean isMain() {
            return associations.stream().anyMatch(a -> a.main);
        }
    }

    static final class NatGateway extends TaggedResource {
        public String subnetId;
        public String vpcId;
        public String connectivityType;
        public String allocationId;
        public String networkInterfaceId;
        public String privateIp;
        public String publicIp;
        /** pending, available, failed, deleting, deleted: advanced lazily from the times below. */
        public String state;
        public long availableAt;
        /** 0 until DeleteNatGateway. */
        public long deleteRequestedAt;
        public long deletedAt;
        public String failureCode;
        public String failureMessage;
    }

    static final class Address extends TaggedResource {
        public String publicIp;
        public String domain = "vpc";
        public String associationId;
        public String networkInterfaceId;
        public String privateIpAddress;
    }

    static final class NetworkInterface extends TaggedResource {
        public String subnetId;
        public String vpcId;
        public String availabilityZone;
        public String privateIp;
        public String macAddress;
        public String description;
        public String interfaceType;
        public boolean requesterManaged;
        /** Who placed a requester-managed interface for another service ({@code amazon-elb}), or null. */
        public String requesterId;
        /** The NAT gateway that owns it, or null. */
        public String natGatewayId;
        /** 0 while its owner lives; otherwise when it disappears (owner deleted + linger). */
        public long goneAt;
        /** The instance whose primary interface this is, or null. */
        public String instanceId;
        public String attachmentId;
        /** Security groups of the interface (instances' interfaces; NAT interfaces have none). */
        public List<String> groupIds = new ArrayList<>();
    }

    /** One security group rule, ingress or egress: exactly one of cidrIpv4 and referencedGroupId. */
    static final class SecurityGroupRule {
        public String id;
        public boolean egress;
        /** {@code tcp}, {@code udp}, {@code icmp} or {@code -1}, lower case as AWS renders it. */
        public String ipProtocol;
        /** Null for {@code -1}, as AWS omits the ports of an all-traffic rule. */
        public Integer fromPort;
        public Integer toPort;
        public String cidrIpv4;
        public String referencedGroupId;
        public String description;

        /** A rule as a request states it: no ID and no direction yet (the backend gives both). */
        static SecurityGroupRule of(String protocol, Integer from, Integer to, String cidr, String groupId,
                                    String description) {
            SecurityGroupRule r = new SecurityGroupRule();
            r.ipProtocol = protocol;
            r.fromPort = from;
            r.toPort = to;
            r.cidrIpv4 = cidr;
            r.referencedGroupId = groupId;
            r.description = description;
            return r;
        }
    }

    static final class SecurityGroup extends TaggedResource {
        public String name;
        public String description;
        public String vpcId;
        public List<SecurityGroupRule> rules = new ArrayList<>();

        boolean isDefault() {
            return "default".equals(name);
        }
    }

    /** A key pair: only public material and the fingerprint; the private key is never kept. */
    static final class KeyPair extends TaggedResource {
        public String name;
        /** {@code rsa} or {@code ed25519}. */
        public String keyType;
        public String fingerprint;
        /** The OpenSSH public key line ({@code ssh-rsa AAAA…}). */
        public String publicKey;
    }

    static final class Instance extends TaggedResource {
        public String reservationId;
        public String imageId;
        public String instanceType;
        public String architecture;
        public String keyName;
        public String subnetId;
        public String vpcId;
        public String availabilityZone;
        public String networkInterfaceId;
        public String privateIp;
        /** The auto-assigned public IP (subnet maps public IPs), or null; an associated EIP takes over. */
        public String publicIp;
        public List<String> groupIds = new ArrayList<>();
        public int launchIndex;
        public String httpTokens = "optional";
        /** IMDS on or off ({@code enabled}/{@code disabled}), as MetadataOptions.HttpEndpoint says. */
        public String httpEndpoint = "enabled";
        /** The user data as given (base64), or null. */
        public String userData;
        /** The instance profile it runs with ({@code IamInstanceProfile}), or null; and its {@code AIPA…} ID. */
        public String iamInstanceProfileArn;
        public String iamInstanceProfileId;
        /** The launch template it was launched from, or null; and the version number it resolved to. */
        public String launchTemplateId;
        public String launchTemplateVersion;
        /** The root EBS volume RunInstances made (a {@link Volume}, gone with the instance). */
        public String rootVolumeId;
        public String clientToken;
        /** The parameters a ClientToken was first used with, for IdempotentParameterMismatch. */
        public String clientTokenFingerprint;
        public long runningAt;
        /** Whether it got a public IP at launch: a stopped instance loses it and gets a new one when started. */
        public boolean autoPublicIp;
        /** 0 unless StopInstances was called (and no StartInstances since). */
        public long stopRequestedAt;
        public long stoppedAt;
        /** 0 until TerminateInstances. */
        public long terminateRequestedAt;
        public long terminatedAt;
    }

    /**
     * An EBS volume. The Sandbox makes only instances' root volumes (RunInstances's first
     * BlockDeviceMapping), always attached as {@code /dev/xvda} with DeleteOnTermination true:
     * {@code in-use} while the instance exists, deleted once it is terminated.
     */
    static final class Volume extends TaggedResource {
        public int size;
        public String volumeType;
        public boolean encrypted;
        /** The KMS key of an encrypted volume (AWS's default: the account's {@code alias/aws/ebs}). */
        public String kmsKeyId;
        public Integer iops;
        public Integer throughput;
        public String snapshotId;
        public String availabilityZone;
        public String instanceId;
        public String device;
        public boolean deleteOnTermination;
    }

    /**
     * A VPC peering connection. Shared by the two regional backends of an account (kept in
     * {@link Ec2Store.Account#peerings}), so the accepter region sees the request the requester made.
     */
    static final class VpcPeering extends TaggedResource {
        public String requesterVpcId;
        public String requesterRegion;
        public String requesterCidr;
        public String accepterVpcId;
        public String accepterRegion;
        public String accepterCidr;
        public String ownerId;
        public String accepterOwnerId;
        /** initiating-request, pending-acceptance, provisioning, active, deleting, deleted, failed. */
        public String state;
        /** When the current timed step ends (initiating → pending/failed, provisioning → active, deleting → deleted). */
        public long stepEndsAt;
        public boolean overlapping;
        public String deletedBy;
        public long deletedAt;
        public long expiresAt;
    }

    /** One block device of a launch template: an EBS root volume's settings. */
    static final class TemplateBlockDevice {
        public String deviceName;
        public Boolean encrypted;
        public Integer volumeSize;
        public String volumeType;
        public String kmsKeyId;
        public Boolean deleteOnTermination;
    }

    /** Tags a launch template gives the resources launched from it. */
    static final class TemplateTagSpec {
        public String resourceType;
        public LinkedHashMap<String, String> tags = new LinkedHashMap<>();
    }

    /** The launch parameters one launch template version holds (null: not set). */
    static final class TemplateData {
        public String imageId;
        public String instanceType;
        public String keyName;
        public List<String> securityGroupIds = new ArrayList<>();
        /** Base64, as the request gave it. */
        public String userData;
        /** {@code IamInstanceProfile.Arn} / {@code .Name}, as the request gave them (null: not set). */
        public String iamInstanceProfileArn;
        public String iamInstanceProfileName;
        public String httpTokens;
        public String httpEndpoint;
        public Integer httpPutResponseHopLimit;
        public List<TemplateBlockDevice> blockDeviceMappings = new ArrayList<>();
        public List<TemplateTagSpec> tagSpecifications = new ArrayList<>();
    }

    static final class TemplateVersion {
        public long number;
        public String description;
        public long createdAt;
        public TemplateData data = new TemplateData();
    }

    /** A launch template: its numbered versions (never renumbered; deleted numbers are not reused). */
    static final class LaunchTemplate extends TaggedResource {
        public String name;
        public long defaultVersion = 1;
        public long latestVersion = 1;
        public LinkedHashMap<Long, TemplateVersion> versions = new LinkedHashMap<>();
    }

    /** One block device of an own image: the snapshot its volume is made from. */
    static final class ImageBlockDevice {
        public String deviceName;
        public String snapshotId;
        public int volumeSize;
        public String volumeType;
        public boolean encrypted;
        public boolean deleteOnTermination = true;
    }

    /** An image the account made with CreateImage. */
    static final class Image extends TaggedResource {
        public String name;
        public String description;
        public String architecture;
        public String sourceInstanceId;
        /** When it becomes {@code available} (its snapshots are completed). */
        public long availableAt;
        /** 0 while registered; else when DeregisterImage was called. */
        public long deregisteredAt;
        /** The source instance's user data (base64), inherited by instances launched without their own. */
        public String userData;
        public List<ImageBlockDevice> blockDevices = new ArrayList<>();
    }

    /** An EBS snapshot (CreateImage makes one per volume of the instance). */
    static final class Snapshot extends TaggedResource {
        public String volumeId;
        public int volumeSize;
        public boolean encrypted;
        public String kmsKeyId;
        public String description;
        /** When it becomes {@code completed}. */
        public long completedAt;
    }

    /** A NAT gateway ClientToken, remembered for {@link NatGateways#CLIENT_TOKEN_TTL_MILLIS}. */
    static final class ClientToken {
        public String natGatewayId;
        public String fingerprint;
        public long createdAt;
    }

    /** The whole EC2 state of one account in one region. */
    static final class RegionState {
        public LinkedHashMap<String, Vpc> vpcs = new LinkedHashMap<>();
        public LinkedHashMap<String, Subnet> subnets = new LinkedHashMap<>();
        public LinkedHashMap<String, InternetGateway> internetGateways = new LinkedHashMap<>();
        public LinkedHashMap<String, RouteTable> routeTables = new LinkedHashMap<>();
        public LinkedHashMap<String, NatGateway> natGateways = new LinkedHashMap<>();
        public LinkedHashMap<String, Address> addresses = new LinkedHashMap<>();
        public LinkedHashMap<String, NetworkInterface> networkInterfaces = new LinkedHashMap<>();
        public LinkedHashMap<String, ClientToken> clientTokens = new LinkedHashMap<>();
        public LinkedHashMap<String, SecurityGroup> securityGroups = new LinkedHashMap<>();
        public LinkedHashMap<String, KeyPair> keyPairs = new LinkedHashMap<>();
        public LinkedHashMap<String, Instance> instances = new LinkedHashMap<>();
        public LinkedHashMap<String, Volume> volumes = new LinkedHashMap<>();
        public LinkedHashMap<String, LaunchTemplate> launchTemplates = new LinkedHashMap<>();
        public LinkedHashMap<String, Image> images = new LinkedHashMap<>();
        public LinkedHashMap<String, Snapshot> snapshots = new LinkedHashMap<>();
    }
}
