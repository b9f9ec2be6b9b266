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
     * {@code gateway} (internet gateway) or {@code natGateway}. Physical ID
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
    NAT_GATEWAY("NAT gateway", true);

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
