package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Shape;
import java.time.Duration;
import java.util.List;

/**
 * The EC2 kinds of the Network and Access steps. The property, ref and attribute names of each
 * kind are the contract between the step that plans it and the handler that builds it; they are
 * listed per definition. Wire names are what old journals hold: never change one.
 */
public final class Ec2Kinds {

    /** VPCs, subnets, gateways, tables, groups and key pairs are usable within seconds; this is generous. */
    public static final Duration DEFAULT_CREATE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DELETE = Duration.ofMinutes(5);
    /** Tags and attributes change in seconds. */
    public static final Duration DEFAULT_UPDATE = Duration.ofMinutes(5);
    /** NAT gateways take 1–3 minutes to become available, sometimes far longer. */
    public static final Duration NAT_GATEWAY_CREATE = Duration.ofMinutes(10);
    /** Deleting a NAT gateway releases its ENI and address, which takes minutes. */
    public static final Duration NAT_GATEWAY_DELETE = Duration.ofMinutes(10);
    /**
     * A NAT gateway's typical {@code pending → available} in AWS: 1–2 minutes (the first poll
     * waits this long, scaled by the target; after it, the usual backoff).
     */
    public static final Duration NAT_GATEWAY_TYPICAL_READY = Duration.ofSeconds(60);
    /** A NAT gateway's typical {@code deleting → deleted} in AWS: about a minute. */
    public static final Duration NAT_GATEWAY_TYPICAL_GONE = Duration.ofSeconds(30);
    /** A subnet's typical {@code pending → available} in AWS: about a second. */
    public static final Duration SUBNET_TYPICAL_READY = Duration.ofSeconds(1);
    /** An instance's typical {@code pending → running} in AWS: about 20–30 seconds. */
    public static final Duration INSTANCE_TYPICAL_READY = Duration.ofSeconds(15);
    /** An instance's typical {@code shutting-down → terminated} in AWS: about 30 seconds. */
    public static final Duration INSTANCE_TYPICAL_GONE = Duration.ofSeconds(20);
    /** An instance reaches {@code running} in under a minute; a Marketplace image can take longer. */
    public static final Duration INSTANCE_CREATE = Duration.ofMinutes(10);
    /** A type change stops the instance, modifies it and starts it again: minutes. */
    public static final Duration INSTANCE_UPDATE = Duration.ofMinutes(15);
    /** Terminating an instance takes about a minute, sometimes several. */
    public static final Duration INSTANCE_DELETE = Duration.ofMinutes(10);
    /** A cross-region peering request takes seconds to a few minutes to be visible and active. */
    public static final Duration PEERING_CREATE = Duration.ofMinutes(10);
    /** Routes and associations are synchronous; a poll only confirms them. */
    public static final Duration ROUTE_CREATE = Duration.ofMinutes(2);
    public static final Duration ROUTE_DELETE = Duration.ofMinutes(2);

    private static final String VPC_CONSOLE = "https://{region}.console.aws.amazon.com/vpcconsole/home?region={region}#";
    private static final String EC2_CONSOLE = "https://{region}.console.aws.amazon.com/ec2/home?region={region}#";

    private Ec2Kinds() {}

    private static ResourceKind.Builder ec2(String wireName, String label, String cloudFormation) {
        return ResourceKind.define(wireName).service(AwsService.EC2).label(label).cloudFormation(cloudFormation)
                .timeouts(DEFAULT_CREATE, DEFAULT_UPDATE, DEFAULT_DELETE).cost(Cost.FREE);
    }

    /** props: {@code cidr}. DNS support and DNS hostnames are turned on. */
    public static final ResourceKind VPC = ec2("VPC", "VPC", "AWS::EC2::VPC")
            .taggedOnCreate("vpc")
            .replaceOn("cidr")
            .shape(Shape.VPC)
            .icon("VPC", "#4f46e5")
            .console(VPC_CONSOLE + "VpcDetails:VpcId={id}")
            .build();

    /**
     * props: {@code cidr}, {@code zone} (e.g. {@code ap-northeast-2a}), {@code tier}
     * ({@code public|app|db}), {@code mapPublicIp} ({@code true|false}); refs: {@code vpc}.
     */
    public static final ResourceKind SUBNET = ec2("SUBNET", "Subnet", "AWS::EC2::Subnet")
            .taggedOnCreate("subnet")
            .replaceOn("cidr", "zone", "tier", "mapPublicIp")
            .ref("vpc", VPC)
            .typical(SUBNET_TYPICAL_READY, Duration.ZERO)
            .shape(Shape.SUBNET)
            .icon("SN", "#4f46e5")
            .console(VPC_CONSOLE + "SubnetDetails:subnetId={id}")
            .build();

    /** No props. Attached to its VPC by an {@link #IGW_ATTACHMENT}. */
    public static final ResourceKind INTERNET_GATEWAY = ec2("INTERNET_GATEWAY", "Internet gateway", "AWS::EC2::InternetGateway")
            .taggedOnCreate("internet-gateway")
            .shape(Shape.VPC_EDGE)
            .icon("IGW", "#7c3aed")
            .console(VPC_CONSOLE + "InternetGateway:internetGatewayId={id}")
            .build();

    /**
     * refs: {@code gateway}, {@code vpc}. Physical ID {@code igw-…:vpc-…}; attributes
     * {@code internetGatewayId}, {@code vpcId}. Not taggable.
     */
    public static final ResourceKind IGW_ATTACHMENT = ec2("IGW_ATTACHMENT", "Gateway attachment", "AWS::EC2::VPCGatewayAttachment")
            .foundThroughParent()
            .ref("gateway", INTERNET_GATEWAY)
            .ref("vpc", VPC)
            .shape(Shape.ATTACHMENT)
            .build();

    /** props: {@code tier} ({@code public|private}); refs: {@code vpc}. */
    public static final ResourceKind ROUTE_TABLE = ec2("ROUTE_TABLE", "Route table", "AWS::EC2::RouteTable")
            .taggedOnCreate("route-table")
            .replaceOn("tier")
            .ref("vpc", VPC)
            .shape(Shape.VPC_BAND)
            .icon("RT", "#2563eb")
            .console(VPC_CONSOLE + "RouteTableDetails:RouteTableId={id}")
            .build();

    /** No props. Physical ID is the allocation ID; attribute {@code publicIp}. */
    public static final ResourceKind ELASTIC_IP = ec2("ELASTIC_IP", "Elastic IP", "AWS::EC2::EIP")
            .taggedOnCreate("elastic-ip")
            .cost(Cost.publicIpv4())
            .shape(Shape.BESIDE_HOLDER)
            .icon("EIP", "#0d9488")
            .console(VPC_CONSOLE + "ElasticIpDetails:AllocationId={id}")
            .build();

    /**
     * props: {@code connectivity} ({@code public}); refs: {@code subnet}, {@code eip}. Waits for
     * {@code available}. Attribute {@code networkInterfaceId} once known. Created after its VPC's
     * gateway attachment: AWS fails a public NAT gateway in a VPC without an attached gateway.
     */
    public static final ResourceKind NAT_GATEWAY = ec2("NAT_GATEWAY", "NAT gateway", "AWS::EC2::NatGateway")
            .taggedOnCreate("natgateway")
            .replaceOn("connectivity")
            .ref("subnet", SUBNET)
            .ref("eip", ELASTIC_IP)
            .after(IGW_ATTACHMENT)
            .timeouts(NAT_GATEWAY_CREATE, DEFAULT_UPDATE, NAT_GATEWAY_DELETE)
            .typical(NAT_GATEWAY_TYPICAL_READY, NAT_GATEWAY_TYPICAL_GONE)
            .cost(Cost.hourly().withUsage("data processing", "GB processed"))
            .shape(Shape.IN_SUBNET)
            .icon("NAT", "#16a34a")
            .console(VPC_CONSOLE + "NatGatewayDetails:natGatewayId={id}")
            .build();

    /**
     * props: {@code mode} ({@code create|import|existing}), {@code keyName}, and for import
     * {@code publicKeyFile} (a path; {@code ~} is the user's home). Physical ID is the key pair
     * ID {@code key-…}; attributes {@code keyName}, {@code keyPairId}, and in create mode
     * {@code privateKeyFile} (the path of the saved {@code .pem}, never its content). Create mode
     * writes the private key to {@code <ssh dir>/<keyName>.pem}, owner-only, before create
     * returns; existing mode only adopts and is never deleted.
     */
    public static final ResourceKind KEY_PAIR = ec2("KEY_PAIR", "Key pair", "AWS::EC2::KeyPair")
            .taggedOnCreate("key-pair")
            .replaceOn("mode", "keyName", "publicKeyFile")
            .shape(Shape.SERVICE)
            .icon("KEY", "#a16207")
            .console(EC2_CONSOLE + "KeyPairs:search={id}")
            .build();

    /**
     * props: {@code groupName}, {@code description}; refs: {@code vpc}. Physical ID {@code sg-…}.
     * Created with no ingress rule (each is a {@link #SECURITY_GROUP_RULE}) and AWS's default
     * allow-all egress.
     */
    public static final ResourceKind SECURITY_GROUP = ec2("SECURITY_GROUP", "Security group", "AWS::EC2::SecurityGroup")
            .taggedOnCreate("security-group")
            .replaceOn("groupName", "description")
            .ref("vpc", VPC)
            .shape(Shape.SERVICE)
            .icon("SG", "#ea580c")
            .console(EC2_CONSOLE + "SecurityGroup:groupId={id}")
            .build();

    /**
     * One ingress rule. props: {@code protocol} ({@code tcp|udp|icmp}), {@code fromPort},
     * {@code toPort} ({@code -1} for all ICMP), and {@code cidr} unless the source is a group;
     * refs: {@code group}, and {@code sourceGroup} for a rule that lets another group in. Rules
     * are resources of their own so teardown revokes group-referencing rules before the groups
     * go. Physical ID {@code sg-…:<protocol>:<from>:<to>:<cidr or sg-…>}; attribute
     * {@code groupId}. Not taggable (found by structure).
     */
    public static final ResourceKind SECURITY_GROUP_RULE = ec2("SECURITY_GROUP_RULE", "Security group rule",
            "AWS::EC2::SecurityGroupIngress")
            .foundThroughParent()
            .replaceOn("protocol", "fromPort", "toPort", "cidr")
            .ref("group", SECURITY_GROUP)
            .ref("sourceGroup", SECURITY_GROUP)
            .shape(Shape.TRUST)
            .build();

    /**
     * props: {@code instanceType} (changed in place: stop, modify, start) and exactly one image
     * source: {@code imageParameter} (a public SSM parameter name, resolved at create),
     * {@code imageQuery} ({@code <owner>:<name pattern>}, the newest match by creation date) or
     * {@code imageId}; {@code role} ({@code bastion|vpn|private}, for views). refs: {@code subnet},
     * {@code securityGroup}, optional {@code keyPair}. IMDSv2 required, encrypted root volume, the
     * engine's client token. Physical ID {@code i-…}; attributes {@code privateIp},
     * {@code publicIp} (if any), {@code imageId}, {@code instanceType}, {@code zone}. Waits for
     * {@code running}; deleted by terminating and waiting for {@code terminated}. Deleted before
     * its VPC's gateway attachment: a public address it holds blocks the detach.
     */
    public static final ResourceKind INSTANCE = ec2("INSTANCE", "Instance", "AWS::EC2::Instance")
            .taggedOnCreate("instance")
            .replaceOn("imageParameter", "imageQuery", "imageId", "role")
            .updateOn("instanceType")
            .ref("subnet", SUBNET)
            .ref("securityGroup", SECURITY_GROUP)
            .ref("keyPair", KEY_PAIR)
            .after(IGW_ATTACHMENT)
            .timeouts(INSTANCE_CREATE, INSTANCE_UPDATE, INSTANCE_DELETE)
            .typical(INSTANCE_TYPICAL_READY, INSTANCE_TYPICAL_GONE)
            .cost(Cost.byInstanceType("instanceType"))
            .shape(Shape.IN_SUBNET)
            .icon("EC2", "#475569")
            .console(EC2_CONSOLE + "InstanceDetails:instanceId={id}")
            .build();

    /**
     * refs: {@code eip}, {@code instance}. Physical ID {@code eipassoc-…}; attributes
     * {@code allocationId}, {@code instanceId}, {@code publicIp}. Not taggable.
     */
    public static final ResourceKind EIP_ASSOCIATION = ec2("EIP_ASSOCIATION", "Elastic IP association",
            "AWS::EC2::EIPAssociation")
            .foundThroughParent()
            .ref("eip", ELASTIC_IP)
            .ref("instance", INSTANCE)
            .shape(Shape.ADDRESS_ASSOCIATION)
            .build();

    /**
     * The requester side, in the spec's region. props: {@code peerRegion}; refs: {@code vpc}
     * (this region) and {@code peerVpc} (a VPC in {@code peerRegion}). Physical ID
     * {@code pcx-…}; attributes {@code peerRegion}, {@code status}. Ready once requested
     * ({@code pending-acceptance} or {@code active}); deleted from this side, which deletes it on
     * both.
     */
    public static final ResourceKind VPC_PEERING = ec2("VPC_PEERING", "VPC peering connection",
            "AWS::EC2::VPCPeeringConnection")
            .taggedOnCreate("vpc-peering-connection")
            .replaceOn("peerRegion")
            .ref("vpc", VPC)
            .ref("peerVpc", VPC)
            .timeouts(PEERING_CREATE, DEFAULT_UPDATE, DEFAULT_DELETE)
            .shape(Shape.PEERING)
            .console(VPC_CONSOLE + "PeeringConnectionDetails:VpcPeeringConnectionId={id}")
            .build();

    /**
     * The accepter side, with the spec's region the peer region. refs: {@code peering}. Physical
     * ID the same {@code pcx-…}. Polls until the request is visible in this region, accepts it
     * (a journaled call), and waits for {@code active}. Its delete does nothing itself: the
     * {@link #VPC_PEERING} delete removes the connection on both sides. Not taggable on its own;
     * CloudFormation has no resource for it (its peering resource accepts with a role).
     */
    public static final ResourceKind VPC_PEERING_ACCEPTANCE = ec2("VPC_PEERING_ACCEPTANCE", "VPC peering acceptance", "")
            .foundThroughParent()
            .ref("peering", VPC_PEERING)
            .timeouts(PEERING_CREATE, DEFAULT_UPDATE, DEFAULT_DELETE)
            .foldedInto("peering")
            .build();

    /**
     * props: {@code destination} (a CIDR); refs: {@code routeTable} and exactly one of
     * {@code gateway} (internet gateway), {@code natGateway} or {@code peering} (a
     * {@link #VPC_PEERING}; the route may be in either region, the connection ID is the same on
     * both sides). Physical ID {@code rtb-…:<destination>}; attributes {@code routeTableId},
     * {@code destination}. Not taggable. A route to a gateway waits for its attachment and a
     * route to a peering for its acceptance: AWS refuses both before.
     */
    public static final ResourceKind ROUTE = ec2("ROUTE", "Route", "AWS::EC2::Route")
            .foundThroughParent()
            .replaceOn("destination")
            .ref("routeTable", ROUTE_TABLE)
            .ref("gateway", INTERNET_GATEWAY)
            .ref("natGateway", NAT_GATEWAY)
            .ref("peering", VPC_PEERING)
            .after(IGW_ATTACHMENT)
            .after(VPC_PEERING_ACCEPTANCE)
            .timeouts(ROUTE_CREATE, DEFAULT_UPDATE, ROUTE_DELETE)
            .shape(Shape.ROUTE)
            .build();

    /**
     * refs: {@code routeTable}, {@code subnet}. Physical ID {@code rtbassoc-…}; attributes
     * {@code routeTableId}, {@code subnetId}. Not taggable.
     */
    public static final ResourceKind ROUTE_TABLE_ASSOCIATION = ec2("ROUTE_TABLE_ASSOCIATION", "Route table association",
            "AWS::EC2::SubnetRouteTableAssociation")
            .foundThroughParent()
            .ref("routeTable", ROUTE_TABLE)
            .ref("subnet", SUBNET)
            .timeouts(ROUTE_CREATE, DEFAULT_UPDATE, ROUTE_DELETE)
            .shape(Shape.ASSOCIATION)
            .build();

    /** A golden image: a sample instance boots and installs the app, CreateImage, and the sample goes. */
    public static final Duration IMAGE_CREATE = Duration.ofMinutes(30);
    /** Deregistering is immediate; deleting the image's snapshots takes a moment each. */
    public static final Duration IMAGE_DELETE = Duration.ofMinutes(10);

    /**
     * A golden image (AMI), made as the guide makes it: a sample instance of {@code instanceType}
     * boots from {@code baseImageParameter} with {@code userData} (the app), and once it runs,
     * {@code CreateImage} with {@code NoReboot}; when the image is {@code available} the sample is
     * terminated. Each further call is journaled ({@code HandlerContext.mutating}); the sample is
     * tagged with the stack, the address {@code <step>.<type>-sample[<name>]} ({@code web.image-sample[golden]}
     * for {@code web.image[golden]}) and the image's Name with {@code -sample}, so a resumed create
     * reuses it and a teardown's scan finds one left behind. The image's snapshots are tagged like
     * the image (the scan reports a {@code snapshot} left by an interrupted delete as this kind, and
     * its delete accepts a {@code snap-…} ID). Until the image exists the physical ID is the
     * sample's instance ID. props: {@code name} (the AMI name, unique per account and region),
     * {@code baseImageParameter}, {@code instanceType}, {@code userData}; refs: {@code subnet} and
     * {@code securityGroup} (where the sample runs). Physical ID {@code ami-…}; attributes
     * {@code snapshotIds} (comma-separated), {@code sampleInstanceId} while it exists. Deleted by
     * deregistering it and then deleting its snapshots (a delete in steps). CloudFormation has no
     * resource for an image made from an instance.
     */
    public static final ResourceKind IMAGE = ec2("IMAGE", "Image (AMI)", "")
            .named(new ResourceKind.Naming(128, "a-zA-Z0-9().\\-/_ ", ResourceKind.Naming.Scope.REGION), "image")
            .replaceOn("name", "baseImageParameter", "instanceType", "userData")
            .ref("subnet", SUBNET)
            .ref("securityGroup", SECURITY_GROUP)
            .timeouts(IMAGE_CREATE, DEFAULT_UPDATE, IMAGE_DELETE)
            .cost(Cost.FREE.withUsage("snapshot storage", "GB-month"))
            .shape(Shape.SERVICE)
            .icon("AMI", "#0e7490")
            .console(EC2_CONSOLE + "ImageDetails:imageId={id}")
            .build();

    /**
     * A launch template (the Web tier's instances). props: {@code name} (its physical name, from
     * {@code PhysicalNames}), {@code instanceType}, exactly one image source — {@code imageParameter}
     * (a public SSM parameter, resolved at create) or {@code imageId} — and {@code userData} (the
     * script, plain text; the handler base64-encodes it). refs: {@code securityGroup}, and
     * {@code image} (an {@link #IMAGE}) instead of an image source for a golden image, and
     * {@code instanceProfile} (an {@link IamKinds#INSTANCE_PROFILE}: the ECS container instances'
     * role; none for the Web tier). IMDSv2
     * required and encrypted root volume, as for {@link #INSTANCE}; the instances it launches are
     * tagged with the stack and a Name (no address: the Auto Scaling group owns them). Physical ID {@code lt-…};
     * attributes {@code latestVersion}, {@code defaultVersion}. An update in place makes a new
     * version and makes it the default: the Auto Scaling group launches it from then on.
     */
    public static final ResourceKind LAUNCH_TEMPLATE = ec2("LAUNCH_TEMPLATE", "Launch template", "AWS::EC2::LaunchTemplate")
            .named(new ResourceKind.Naming(128, "a-zA-Z0-9().\\-/_", ResourceKind.Naming.Scope.REGION), "launch-template")
            .replaceOn("name")
            .updateOn("instanceType", "imageParameter", "imageId", "userData")
            .ref("securityGroup", SECURITY_GROUP)
            .ref("image", IMAGE)
            .ref("instanceProfile", IamKinds.INSTANCE_PROFILE)
            // "Invalid IAM Instance Profile" while a new profile propagates (the handler retries only that message).
            .retry("InvalidParameterValue", IamKinds.PROPAGATION_WINDOW)
            .shape(Shape.SERVICE)
            .icon("LT", "#0891b2")
            .console(EC2_CONSOLE + "LaunchTemplateDetails:launchTemplateId={id}")
            .build();

    /** Every EC2 kind, in the order the steps introduce them. */
    public static final List<ResourceKind> ALL = List.of(VPC, SUBNET, INTERNET_GATEWAY, IGW_ATTACHMENT, ROUTE_TABLE, ROUTE,
            ROUTE_TABLE_ASSOCIATION, ELASTIC_IP, NAT_GATEWAY, KEY_PAIR, SECURITY_GROUP, SECURITY_GROUP_RULE, INSTANCE,
            EIP_ASSOCIATION, VPC_PEERING, VPC_PEERING_ACCEPTANCE, IMAGE, LAUNCH_TEMPLATE);
}
