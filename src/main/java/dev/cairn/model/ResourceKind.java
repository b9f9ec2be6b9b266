package dev.cairn.model;

/**
 * Every kind of resource Cairn manages. The property, reference and attribute names each kind
 * uses are the contract between the planner (which fills {@link ResourceSpec}) and the AWS
 * handlers (which read it); they are listed per constant.
 */
public enum ResourceKind {
    /** props: {@code cidr}. DNS support and DNS hostnames are turned on. */
    VPC("VPC", true),
    /**
     * props: {@code cidr}, {@code zone} (e.g. {@code ap-northeast-2a}), {@code tier}
     * ({@code public|app|db}), {@code mapPublicIp} ({@code true|false}); refs: {@code vpc}.
     */
    SUBNET("Subnet", true),
    /** No props. */
    INTERNET_GATEWAY("Internet gateway", true),
    /**
     * refs: {@code gateway}, {@code vpc}. Physical ID {@code igw-…:vpc-…}; attributes
     * {@code internetGatewayId}, {@code vpcId}. Not taggable.
     */
    IGW_ATTACHMENT("Gateway attachment", false),
    /** props: {@code tier} ({@code public|private}); refs: {@code vpc}. */
    ROUTE_TABLE("Route table", true),
    /**
     * props: {@code destination} (a CIDR); refs: {@code routeTable} and exactly one of
     * {@code gateway} (internet gateway), {@code natGateway} or {@code peering} (a
     * {@link #VPC_PEERING}; the route may be in either region, the connection ID is the same on
     * both sides). Physical ID
     * {@code rtb-…:<destination>}; attributes {@code routeTableId}, {@code destination}. Not taggable.
     */
    ROUTE("Route", false),
    /**
     * refs: {@code routeTable}, {@code subnet}. Physical ID {@code rtbassoc-…}; attributes
     * {@code routeTableId}, {@code subnetId}. Not taggable.
     */
    ROUTE_TABLE_ASSOCIATION("Route table association", false),
    /** No props. Physical ID is the allocation ID; attribute {@code publicIp}. */
    ELASTIC_IP("Elastic IP", true),
    /**
     * props: {@code connectivity} ({@code public}); refs: {@code subnet}, {@code eip}. Waits for
     * {@code available}. Attribute {@code networkInterfaceId} once known.
     */
    NAT_GATEWAY("NAT gateway", true),
    /**
     * props: {@code mode} ({@code create|import|existing}), {@code keyName}, and for import
     * {@code publicKeyFile} (a path; {@code ~} is the user's home). Physical ID is the key pair
     * ID {@code key-…}; attributes {@code keyName}, {@code keyPairId}, and in create mode
     * {@code privateKeyFile} (the path of the saved {@code .pem}, never its content). Create mode
     * writes the private key to {@code <ssh dir>/<keyName>.pem}, owner-only, before create
     * returns; existing mode only adopts and is never deleted.
     */
    KEY_PAIR("Key pair", true),
    /**
     * props: {@code groupName}, {@code description}; refs: {@code vpc}. Physical ID {@code sg-…}.
     * Created with no ingress rule (each is a {@link #SECURITY_GROUP_RULE}) and AWS's default
     * allow-all egress.
     */
    SECURITY_GROUP("Security group", true),
    /**
     * One ingress rule. props: {@code protocol} ({@code tcp|udp|icmp}), {@code fromPort},
     * {@code toPort} ({@code -1} for all ICMP), and {@code cidr} unless the source is a group;
     * refs: {@code group}, and {@code sourceGroup} for a rule that lets another group in. Rules
     * are resources of their own so teardown revokes group-referencing rules before the groups
     * go. Physical ID {@code sg-…:<protocol>:<from>:<to>:<cidr or sg-…>}; attribute
     * {@code groupId}. Not taggable (found by structure).
     */
    SECURITY_GROUP_RULE("Security group rule", false),
    /**
     * props: {@code instanceType} and exactly one image source: {@code imageParameter} (a public
     * SSM parameter name, resolved at create), {@code imageQuery} ({@code <owner>:<name
     * pattern>}, the newest match by creation date) or {@code imageId}; {@code role}
     * ({@code bastion|vpn|private}, for views). refs: {@code subnet}, {@code securityGroup},
     * optional {@code keyPair}. IMDSv2 required, encrypted root volume, the engine's client
     * token. Physical ID {@code i-…}; attributes {@code privateIp}, {@code publicIp} (if any),
     * {@code imageId}, {@code instanceType}, {@code zone}. Waits for {@code running}; deleted
     * by terminating and waiting for {@code terminated}.
     */
    INSTANCE("Instance", true),
    /**
     * refs: {@code eip}, {@code instance}. Physical ID {@code eipassoc-…}; attributes
     * {@code allocationId}, {@code instanceId}, {@code publicIp}. Not taggable.
     */
    EIP_ASSOCIATION("Elastic IP association", false),
    /**
     * The requester side, in the spec's region. props: {@code peerRegion}; refs: {@code vpc}
     * (this region) and {@code peerVpc} (a VPC in {@code peerRegion}). Physical ID
     * {@code pcx-…}; attributes {@code peerRegion}, {@code status}. Ready once requested
     * ({@code pending-acceptance} or {@code active}); deleted from this side, which deletes it on
     * both.
     */
    VPC_PEERING("VPC peering connection", true),
    /**
     * The accepter side, with the spec's region the peer region. refs: {@code peering}. Physical
     * ID the same {@code pcx-…}. Polls until the request is visible in this region, accepts it,
     * and waits for {@code active}. Its delete does nothing itself: the {@link #VPC_PEERING}
     * delete removes the connection on both sides. Not taggable on its own.
     */
    VPC_PEERING_ACCEPTANCE("VPC peering acceptance", false);

    private final String label;
    private final boolean taggable;

    ResourceKind(String label, boolean taggable) {
        this.label = label;
        this.taggable = taggable;
    }

    /** Human label in English (the GUI translates by enum name). */
    public String label() {
        return label;
    }

    /** Whether AWS lets this kind carry tags; untaggable kinds are adopted by structure. */
    public boolean taggable() {
        return taggable;
    }
}
