package dev.cairn.sandbox;

import dev.cairn.sandbox.Ec2Model.Address;
import dev.cairn.sandbox.Ec2Model.Association;
import dev.cairn.sandbox.Ec2Model.InternetGateway;
import dev.cairn.sandbox.Ec2Model.NatGateway;
import dev.cairn.sandbox.Ec2Model.NetworkInterface;
import dev.cairn.sandbox.Ec2Model.Route;
import dev.cairn.sandbox.Ec2Model.RouteTable;
import dev.cairn.sandbox.Ec2Model.Subnet;
import dev.cairn.sandbox.Ec2Model.Tagged;
import dev.cairn.sandbox.Ec2Model.Vpc;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The EC2 query protocol ({@code Version=2016-11-15}): parses each action's parameters, calls
 * {@link Ec2Backend}, renders the XML the SDK and the CLI read (shapes after the EC2 API
 * reference and moto's {@code ec2/responses} templates: {@code <item>} lists, {@code requestId}).
 */
final class Ec2Service {
    static final String VERSION = "2016-11-15";
    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/" + VERSION + "/";
    /** AWS's MaxResults range on the paginated Describe calls. */
    static final int MIN_RESULTS = 5;
    static final int MAX_RESULTS = 1000;

    /** One action: reads the request, drives the backend, writes the response body. */
    @FunctionalInterface
    interface Action {
        void handle(QueryParams p, Ec2Backend b, Xml x);
    }

    private final Map<String, Action> actions = new HashMap<>();
    private final Set<String> readOnly = new LinkedHashSet<>();

    Ec2Service() {
        mutating("CreateVpc", this::createVpc);
        readOnly("DescribeVpcs", this::describeVpcs);
        mutating("DeleteVpc", (p, b, x) -> {
            b.deleteVpc(p.required("VpcId"));
            x.el("return", true);
        });
        mutating("ModifyVpcAttribute", (p, b, x) -> {
            b.modifyVpcAttribute(p.required("VpcId"), p.bool("EnableDnsSupport.Value"), p.bool("EnableDnsHostnames.Value"));
            x.el("return", true);
        });
        readOnly("DescribeVpcAttribute", this::describeVpcAttribute);
        mutating("CreateSubnet", (p, b, x) -> {
            Subnet subnet = b.createSubnet(p.get("VpcId"), p.get("CidrBlock"), p.get("AvailabilityZone"),
                    p.get("AvailabilityZoneId"), p.tagSpecs());
            subnet(x.start("subnet"), b, subnet).end();
        });
        readOnly("DescribeSubnets", this::describeSubnets);
        mutating("DeleteSubnet", (p, b, x) -> {
            b.deleteSubnet(p.required("SubnetId"));
            x.el("return", true);
        });
        mutating("ModifySubnetAttribute", (p, b, x) -> {
            b.modifySubnetAttribute(p.required("SubnetId"), p.bool("MapPublicIpOnLaunch.Value"));
            x.el("return", true);
        });
        mutating("CreateInternetGateway", (p, b, x) ->
                internetGateway(x.start("internetGateway"), b, b.createInternetGateway(p.tagSpecs())).end());
        readOnly("DescribeInternetGateways", this::describeInternetGateways);
        mutating("DeleteInternetGateway", (p, b, x) -> {
            b.deleteInternetGateway(p.required("InternetGatewayId"));
            x.el("return", true);
        });
        mutating("AttachInternetGateway", (p, b, x) -> {
            b.attachInternetGateway(p.required("InternetGatewayId"), p.required("VpcId"));
            x.el("return", true);
        });
        mutating("DetachInternetGateway", (p, b, x) -> {
            b.detachInternetGateway(p.required("InternetGatewayId"), p.required("VpcId"));
            x.el("return", true);
        });
        mutating("CreateRouteTable", (p, b, x) ->
                routeTable(x.start("routeTable"), b, b.createRouteTable(p.get("VpcId"), p.tagSpecs())).end());
        readOnly("DescribeRouteTables", this::describeRouteTables);
        mutating("DeleteRouteTable", (p, b, x) -> {
            b.deleteRouteTable(p.required("RouteTableId"));
            x.el("return", true);
        });
        mutating("CreateRoute", (p, b, x) -> {
            b.createRoute(p.required("RouteTableId"), p.get("DestinationCidrBlock"), p.get("GatewayId"),
                    p.get("NatGatewayId"), p.get("VpcPeeringConnectionId"));
            x.el("return", true);
        });
        mutating("DeleteRoute", (p, b, x) -> {
            b.deleteRoute(p.required("RouteTableId"), p.get("DestinationCidrBlock"));
            x.el("return", true);
        });
        mutating("AssociateRouteTable", (p, b, x) -> {
            Association a = b.associateRouteTable(p.required("RouteTableId"), p.get("SubnetId"));
            x.el("associationId", a.id).start("associationState").el("state", "associated").end();
        });
        mutating("DisassociateRouteTable", (p, b, x) -> {
            b.disassociateRouteTable(p.required("AssociationId"));
            x.el("return", true);
        });
        mutating("AllocateAddress", (p, b, x) -> {
            Address a = b.allocateAddress(p.get("Domain"), p.tagSpecs());
            x.el("publicIp", a.publicIp).el("domain", a.domain).el("allocationId", a.id)
                    .el("publicIpv4Pool", "amazon").el("networkBorderGroup", b.region().name());
        });
        mutating("ReleaseAddress", (p, b, x) -> {
            b.releaseAddress(p.get("AllocationId"));
            x.el("return", true);
        });
        readOnly("DescribeAddresses", this::describeAddresses);
        mutating("CreateNatGateway", (p, b, x) -> {
            Ec2Backend.NatCreation c = b.createNatGateway(p.get("SubnetId"), p.get("AllocationId"),
                    p.get("ConnectivityType"), p.get("ClientToken"), p.tagSpecs());
            x.el("clientToken", p.get("ClientToken"));
            // AWS's create response always says pending, even when the gateway is instantly ready.
            natGateway(x.start("natGateway"), b, c.nat(), c.created() ? "pending" : c.nat().state).end();
        });
        readOnly("DescribeNatGateways", this::describeNatGateways);
        mutating("DeleteNatGateway", (p, b, x) -> {
            String id = p.get("NatGatewayId");
            b.deleteNatGateway(id);
            x.el("natGatewayId", id);
        });
        readOnly("DescribeNetworkInterfaces", this::describeNetworkInterfaces);
        mutating("CreateTags", (p, b, x) -> {
            b.createTags(requiredList(p, "ResourceId"), p.tags("Tag"));
            x.el("return", true);
        });
        mutating("DeleteTags", (p, b, x) -> {
            Map<String, String> keys = new LinkedHashMap<>();
            Set<String> bare = new LinkedHashSet<>();
            for (int i = 1; p.get("Tag." + i + ".Key") != null; i++) {
                String key = p.get("Tag." + i + ".Key");
                String value = p.get("Tag." + i + ".Value");
                keys.put(key, value);
                if (value == null) {
                    bare.add(key);
                }
            }
            b.deleteTags(requiredList(p, "ResourceId"), keys, bare);
            x.el("return", true);
        });
        readOnly("DescribeTags", this::describeTags);
        readOnly("DescribeAvailabilityZones", this::describeAvailabilityZones);
        readOnly("DescribeRegions", this::describeRegions);
        new AccessService().register(this::mutating, this::readOnly);
    }

    void mutating(String name, Action action) {
        actions.put(name, action);
    }

    void readOnly(String name, Action action) {
        actions.put(name, action);
        readOnly.add(name);
    }

    boolean knows(String action) {
        return actions.containsKey(action);
    }

    /** Whether the action may change state (so the server persists after it). */
    boolean isMutating(String action) {
        return actions.containsKey(action) && !readOnly.contains(action);
    }

    /** Handles one known action and returns the complete response document. */
    String handle(String action, QueryParams params, Ec2Backend backend, String requestId) {
        if (!VERSION.equals(params.get("Version"))) {
            throw new AwsException("InvalidParameterValue", "Invalid API version: " + params.get("Version"));
        }
        Action a = actions.get(action);
        if (a == null) {
            throw new AwsException("InvalidAction", "The action " + action + " is not valid for this web service.");
        }
        if (Boolean.TRUE.equals(params.bool("DryRun"))) {
            // AWS answers a permitted dry run with this error (HTTP 412) and changes nothing.
            throw new AwsException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
        }
        Xml x = new Xml().root(action + "Response", NAMESPACE).el("requestId", requestId);
        a.handle(params, backend, x);
        return x.end().toString();
    }

    private static List<String> requiredList(QueryParams p, String prefix) {
        List<String> ids = p.list(prefix);
        if (ids.isEmpty()) {
            throw AwsException.missingParameter(prefix + ".1");
        }
        return ids;
    }

    // ---------------------------------------------------------------- describe plumbing

    /**
     * Shared Describe logic: explicit IDs must all exist (else the type's NotFound, naming the
     * missing ID), then filters, then MaxResults/NextToken pages when the call has them.
     */
    static <T extends Tagged> Page<T> select(QueryParams p, Collection<T> all, List<String> ids,
                                              Function<String, T> lookup, Filters<T> filters,
                                              Ec2Backend b, boolean paginated) {
        List<QueryParams.Filter> fs = p.filters();
        filters.validate(fs);
        List<T> chosen = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (String id : new LinkedHashSet<>(ids)) {
                chosen.add(lookup.apply(id));
            }
        } else {
            all.stream().filter(b::visible).forEach(chosen::add);
        }
        chosen.removeIf(item -> !filters.matches(item, fs));
        return paginated ? page(p, chosen) : new Page<>(chosen, null);
    }

    /** One page of a Describe answer and the token of the next page (null on the last). */
    record Page<T>(List<T> items, String nextToken) {
    }

    /** Cuts the page that MaxResults and NextToken ask for; the token is an opaque offset. */
    static <T> Page<T> page(QueryParams p, List<T> items) {
        Integer max = p.integer("MaxResults");
        String token = p.get("NextToken");
        int offset = 0;
        if (token != null && !token.isEmpty()) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
                        .replace("offset:", ""));
            } catch (IllegalArgumentException e) {
                throw AwsException.invalidParameterValue("Invalid value '" + token + "' for nextToken.");
            }
        }
        if (max != null && (max < MIN_RESULTS || max > MAX_RESULTS)) {
            throw AwsException.invalidParameterValue("Value ( " + max + " ) for parameter maxResults is invalid. "
                    + "Expecting a value between " + MIN_RESULTS + " and " + MAX_RESULTS + ".");
        }
        int end = max == null ? items.size() : Math.min(items.size(), offset + max);
        offset = Math.min(offset, items.size());
        String next = end < items.size()
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Page<>(items.subList(offset, end), next);
    }

    static Xml tags(Xml x, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            x.start("tagSet");
            tags.forEach((k, v) -> x.start("item").el("key", k).el("value", v).end());
            x.end();
        }
        return x;
    }

    static Collection<String> one(Object value) {
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    // ---------------------------------------------------------------- VPCs

    private void createVpc(QueryParams p, Ec2Backend b, Xml x) {
        Vpc vpc = b.createVpc(p.get("CidrBlock"), p.get("InstanceTenancy"), p.tagSpecs());
        vpc(x.start("vpc"), b, vpc).end();
    }

    private static Xml vpc(Xml x, Ec2Backend b, Vpc v) {
        x.el("vpcId", v.id).el("ownerId", b.account()).el("state", Ec2Backend.vpcState(v, b.now()))
                .el("cidrBlock", v.cidrBlock)
                .start("cidrBlockAssociationSet").start("item").el("associationId", v.cidrAssociationId)
                .el("cidrBlock", v.cidrBlock).start("cidrBlockState").el("state", "associated").end().end().end()
                .el("dhcpOptionsId", v.dhcpOptionsId).el("instanceTenancy", v.instanceTenancy)
                .el("isDefault", false);
        return tags(x, v.tags);
    }

    private static final Filters<Vpc> VPC_FILTERS = new Filters<>(Map.of(
            "vpc-id", v -> one(v.id),
            "cidr-block", v -> one(v.cidrBlock),
            "cidr", v -> one(v.cidrBlock),
            "cidr-block-association.cidr-block", v -> one(v.cidrBlock),
            "dhcp-options-id", v -> one(v.dhcpOptionsId),
            "is-default", v -> one(false),
            "instance-tenancy", v -> one(v.instanceTenancy)), v -> v.tags);

    private void describeVpcs(QueryParams p, Ec2Backend b, Xml x) {
        // "state" and "owner-id" need the backend's clock and account, so they are bound per call.
        Filters<Vpc> filters = withState(VPC_FILTERS, v -> Ec2Backend.vpcState(v, b.now()), b);
        Page<Vpc> vpcs = select(p, b.state().vpcs.values(), p.list("VpcId"), b::vpc, filters, b, true);
        x.start("vpcSet");
        vpcs.items().forEach(v -> vpc(x.start("item"), b, v).end());
        x.end();
        x.el("nextToken", vpcs.nextToken());
    }

    /** Adds the clock- and account-dependent {@code state} and {@code owner-id} filters. */
    private static <T extends Tagged> Filters<T> withState(Filters<T> base, Function<T, String> state, Ec2Backend b) {
        return base.with(Map.of("state", t -> one(state.apply(t)), "owner-id", t -> one(b.account())));
    }

    private void describeVpcAttribute(QueryParams p, Ec2Backend b, Xml x) {
        Vpc vpc = b.vpc(p.required("VpcId"));
        String attribute = p.required("Attribute");
        x.el("vpcId", vpc.id);
        switch (attribute) {
            case "enableDnsSupport" -> x.start("enableDnsSupport").el("value", vpc.enableDnsSupport).end();
            case "enableDnsHostnames" -> x.start("enableDnsHostnames").el("value", vpc.enableDnsHostnames).end();
            default -> throw AwsException.invalidParameterValue("Value (" + attribute
                    + ") for parameter attribute is invalid. Unknown attribute.");
        }
    }

    // ---------------------------------------------------------------- subnets

    private static Xml subnet(Xml x, Ec2Backend b, Subnet s) {
        x.el("subnetId", s.id).el("subnetArn", "arn:aws:ec2:" + b.region().name() + ":" + b.account() + ":subnet/" + s.id)
                .el("state", Ec2Backend.subnetState(s, b.now())).el("ownerId", b.account())
                .el("vpcId", s.vpcId).el("cidrBlock", s.cidrBlock)
                .el("availableIpAddressCount", b.availableIpCount(s))
                .el("availabilityZone", s.availabilityZone).el("availabilityZoneId", s.availabilityZoneId)
                .el("defaultForAz", false).el("mapPublicIpOnLaunch", s.mapPublicIpOnLaunch)
                .el("assignIpv6AddressOnCreation", false);
        return tags(x, s.tags);
    }

    private static final Filters<Subnet> SUBNET_FILTERS = new Filters<>(Map.of(
            "subnet-id", s -> one(s.id),
            "vpc-id", s -> one(s.vpcId),
            "cidr-block", s -> one(s.cidrBlock),
            "cidr", s -> one(s.cidrBlock),
            "cidrBlock", s -> one(s.cidrBlock),
            "availability-zone", s -> one(s.availabilityZone),
            "availabilityZone", s -> one(s.availabilityZone),
            "availability-zone-id", s -> one(s.availabilityZoneId),
            "map-public-ip-on-launch", s -> one(s.mapPublicIpOnLaunch),
            "default-for-az", s -> one(false)), s -> s.tags);

    private void describeSubnets(QueryParams p, Ec2Backend b, Xml x) {
        Filters<Subnet> filters = withState(SUBNET_FILTERS, s -> Ec2Backend.subnetState(s, b.now()), b);
        Page<Subnet> subnets = select(p, b.state().subnets.values(), p.list("SubnetId"), b::subnet, filters, b, true);
        x.start("subnetSet");
        subnets.items().forEach(s -> subnet(x.start("item"), b, s).end());
        x.end();
        x.el("nextToken", subnets.nextToken());
    }

    // ---------------------------------------------------------------- internet gateways

    private static Xml internetGateway(Xml x, Ec2Backend b, InternetGateway g) {
        x.el("internetGatewayId", g.id).el("ownerId", b.account()).start("attachmentSet");
        if (g.attachedVpcId != null) {
            // AWS reports an attached internet gateway's attachment state as "available".
            x.start("item").el("vpcId", g.attachedVpcId).el("state", "available").end();
        }
        x.end();
        return tags(x, g.tags);
    }

    private static final Filters<InternetGateway> IGW_FILTERS = new Filters<>(Map.of(
            "internet-gateway-id", g -> one(g.id),
            "attachment.vpc-id", g -> one(g.attachedVpcId),
            "attachment.state", g -> g.attachedVpcId == null ? List.of() : List.of("available")), g -> g.tags);

    private void describeInternetGateways(QueryParams p, Ec2Backend b, Xml x) {
        Filters<InternetGateway> filters = IGW_FILTERS.with(Map.of("owner-id", g -> one(b.account())));
        Page<InternetGateway> igws = select(p, b.state().internetGateways.values(), p.list("InternetGatewayId"),
                b::internetGateway, filters, b, true);
        x.start("internetGatewaySet");
        igws.items().forEach(g -> internetGateway(x.start("item"), b, g).end());
        x.end();
        x.el("nextToken", igws.nextToken());
    }

    // ---------------------------------------------------------------- route tables

    private static Xml routeTable(Xml x, Ec2Backend b, RouteTable t) {
        x.el("routeTableId", t.id).el("vpcId", t.vpcId).el("ownerId", b.account()).start("routeSet");
        for (Route r : t.routes) {
            x.start("item").el("destinationCidrBlock", r.destinationCidrBlock).el("gatewayId", r.gatewayId)
                    .el("natGatewayId", r.natGatewayId).el("vpcPeeringConnectionId", r.vpcPeeringConnectionId)
                    .el("state", b.routeState(t, r)).el("origin", r.origin).end();
        }
        x.end().start("associationSet");
        for (Association a : t.associations) {
            x.start("item").el("routeTableAssociationId", a.id).el("routeTableId", t.id).el("subnetId", a.subnetId)
                    .el("main", a.main).start("associationState").el("state", "associated").end().end();
        }
        x.end().start("propagatingVgwSet").end();
        return tags(x, t.tags);
    }

    private static final Filters<RouteTable> RTB_FILTERS = new Filters<>(Map.ofEntries(
            Map.entry("route-table-id", t -> one(t.id)),
            Map.entry("vpc-id", t -> one(t.vpcId)),
            Map.entry("association.subnet-id", t -> t.associations.stream().map(a -> a.subnetId).toList()),
            Map.entry("association.route-table-id", t -> t.associations.isEmpty() ? List.of() : List.of(t.id)),
            Map.entry("association.route-table-association-id", t -> t.associations.stream().map(a -> a.id).toList()),
            Map.entry("association.main", t -> t.associations.stream().map(a -> String.valueOf(a.main)).toList()),
            Map.entry("route.destination-cidr-block", t -> t.routes.stream().map(r -> r.destinationCidrBlock).toList()),
            Map.entry("route.gateway-id", t -> t.routes.stream().map(r -> r.gatewayId).toList()),
            Map.entry("route.nat-gateway-id", t -> t.routes.stream().map(r -> r.natGatewayId).toList()),
            Map.entry("route.vpc-peering-connection-id", t -> t.routes.stream().map(r -> r.vpcPeeringConnectionId).toList()),
            Map.entry("route.origin", t -> t.routes.stream().map(r -> r.origin).toList())), t -> t.tags);

    private void describeRouteTables(QueryParams p, Ec2Backend b, Xml x) {
        Filters<RouteTable> filters = RTB_FILTERS.with(Map.of("owner-id", t -> one(b.account()),
                "route.state", t -> t.routes.stream().map(r -> b.routeState(t, r)).toList()));
        Page<RouteTable> tables = select(p, b.state().routeTables.values(), p.list("RouteTableId"),
                b::routeTable, filters, b, true);
        x.start("routeTableSet");
        tables.items().forEach(t -> routeTable(x.start("item"), b, t).end());
        x.end();
        x.el("nextToken", tables.nextToken());
    }

    // ---------------------------------------------------------------- Elastic IPs

    private static final Filters<Address> ADDRESS_FILTERS = new Filters<>(Map.of(
            "allocation-id", a -> one(a.id),
            "association-id", a -> one(a.associationId),
            "domain", a -> one(a.domain),
            "network-interface-id", a -> one(a.networkInterfaceId),
            "private-ip-address", a -> one(a.privateIpAddress),
            "public-ip", a -> one(a.publicIp)), a -> a.tags);

    private void describeAddresses(QueryParams p, Ec2Backend b, Xml x) {
        List<String> ids = new ArrayList<>(p.list("AllocationId"));
        p.list("PublicIp").forEach(ip -> ids.add(b.addressByIp(ip).id));
        // DescribeAddresses has no MaxResults/NextToken in AWS.
        Page<Address> addresses = select(p, b.state().addresses.values(), ids, b::address,
                ADDRESS_FILTERS.with(Map.of("instance-id", a -> one(b.access().instanceOf(a)))), b, false);
        x.start("addressesSet");
        for (Address a : addresses.items()) {
            x.start("item").el("instanceId", b.access().instanceOf(a)).el("publicIp", a.publicIp)
                    .el("allocationId", a.id).el("domain", a.domain)
                    .el("associationId", a.associationId).el("networkInterfaceId", a.networkInterfaceId)
                    .el("networkInterfaceOwnerId", a.networkInterfaceId == null ? null : b.account())
                    .el("privateIpAddress", a.privateIpAddress).el("publicIpv4Pool", "amazon")
                    .el("networkBorderGroup", b.region().name());
            tags(x, a.tags).end();
        }
        x.end();
    }

    // ---------------------------------------------------------------- NAT gateways

    private static Xml natGateway(Xml x, Ec2Backend b, NatGateway n, String state) {
        x.el("natGatewayId", n.id).el("subnetId", n.subnetId).el("vpcId", n.vpcId)
                .el("createTime", iso(n.createdAt)).el("state", state).el("connectivityType", n.connectivityType);
        if (n.deleteRequestedAt > 0) {
            x.el("deleteTime", iso(n.deleteRequestedAt));
        }
        x.el("failureCode", n.failureCode).el("failureMessage", n.failureMessage);
        x.start("natGatewayAddressSet");
        if (n.privateIp != null) {
            x.start("item").el("allocationId", n.allocationId).el("networkInterfaceId", n.networkInterfaceId)
                    .el("privateIp", n.privateIp).el("publicIp", n.publicIp).el("isPrimary", true)
                    .el("status", natAddressStatus(state)).end();
        }
        x.end();
        return tags(x, n.tags);
    }

    private static String natAddressStatus(String natState) {
        return switch (natState) {
            case "pending" -> "associating";
            case "available" -> "succeeded";
            case "deleting" -> "disassociating";
            default -> "failed".equals(natState) ? "failed" : "succeeded";
        };
    }

    private static final Filters<NatGateway> NAT_FILTERS = new Filters<>(Map.of(
            "nat-gateway-id", n -> one(n.id),
            "state", n -> one(n.state),
            "subnet-id", n -> one(n.subnetId),
            "vpc-id", n -> one(n.vpcId)), n -> n.tags);

    private void describeNatGateways(QueryParams p, Ec2Backend b, Xml x) {
        // DescribeNatGateways takes "Filter" like the others (its model calls it Filter.N too).
        Page<NatGateway> nats = select(p, b.state().natGateways.values(), p.list("NatGatewayId"),
                b::natGateway, NAT_FILTERS, b, true);
        x.start("natGatewaySet");
        nats.items().forEach(n -> natGateway(x.start("item"), b, n, n.state).end());
        x.end();
        x.el("nextToken", nats.nextToken());
    }

    // ---------------------------------------------------------------- network interfaces

    private static final Filters<NetworkInterface> ENI_FILTERS = new Filters<>(Map.ofEntries(
            Map.entry("network-interface-id", e -> one(e.id)),
            Map.entry("subnet-id", e -> one(e.subnetId)),
            Map.entry("vpc-id", e -> one(e.vpcId)),
            Map.entry("availability-zone", e -> one(e.availabilityZone)),
            Map.entry("status", e -> one("in-use")),
            Map.entry("interface-type", e -> one(e.interfaceType)),
            Map.entry("description", e -> one(e.description)),
            Map.entry("requester-managed", e -> one(e.requesterManaged)),
            Map.entry("private-ip-address", e -> one(e.privateIp)),
            Map.entry("addresses.private-ip-address", e -> one(e.privateIp)),
            Map.entry("mac-address", e -> one(e.macAddress)),
            Map.entry("group-id", e -> e.groupIds),
            Map.entry("attachment.instance-id", e -> one(e.instanceId))), e -> e.tags);

    private void describeNetworkInterfaces(QueryParams p, Ec2Backend b, Xml x) {
        Filters<NetworkInterface> filters = ENI_FILTERS.with(Map.of(
                "owner-id", e -> one(b.account()),
                "association.allocation-id", e -> addressField(b, e, a -> a.id),
                "association.public-ip", e -> addressField(b, e, a -> a.publicIp)));
        Page<NetworkInterface> enis = select(p, b.state().networkInterfaces.values(), p.list("NetworkInterfaceId"),
                b::networkInterface, filters, b, true);
        x.start("networkInterfaceSet");
        for (NetworkInterface e : enis.items()) {
            Address a = b.addressOf(e);
            x.start("item").el("networkInterfaceId", e.id).el("subnetId", e.subnetId).el("vpcId", e.vpcId)
                    .el("availabilityZone", e.availabilityZone).el("description", e.description)
                    .el("ownerId", b.account()).el("requesterManaged", e.requesterManaged).el("status", "in-use")
                    .el("macAddress", e.macAddress).el("privateIpAddress", e.privateIp)
                    .el("sourceDestCheck", e.instanceId != null).el("interfaceType", e.interfaceType).start("groupSet");
            for (String g : e.groupIds) {
                Ec2Model.SecurityGroup group = b.state().securityGroups.get(g);
                x.start("item").el("groupId", g).el("groupName", group == null ? null : group.name).end();
            }
            x.end();
            if (e.instanceId != null) {
                x.start("attachment").el("attachmentId", e.attachmentId).el("instanceId", e.instanceId)
                        .el("instanceOwnerId", b.account()).el("deviceIndex", 0).el("status", "attached")
                        .el("deleteOnTermination", true).end();
            }
            association(x, b, a, e);
            x.start("privateIpAddressesSet").start("item").el("privateIpAddress", e.privateIp).el("primary", true);
            association(x, b, a, e);
            x.end().end();
            tags(x, e.tags).end();
        }
        x.end();
        x.el("nextToken", enis.nextToken());
    }

    private static Collection<String> addressField(Ec2Backend b, NetworkInterface e, Function<Address, String> field) {
        Address a = b.addressOf(e);
        return a == null ? List.of() : List.of(field.apply(a));
    }

    private static void association(Xml x, Ec2Backend b, Address a, NetworkInterface e) {
        if (a != null) {
            x.start("association").el("publicIp", a.publicIp).el("ipOwnerId", b.account())
                    .el("allocationId", a.id).el("associationId", a.associationId).end();
        } else if (e.instanceId != null && b.state().instances.containsKey(e.instanceId)
                && b.state().instances.get(e.instanceId).publicIp != null) {
            // An auto-assigned public IP belongs to Amazon, not to the account.
            x.start("association").el("publicIp", b.state().instances.get(e.instanceId).publicIp)
                    .el("ipOwnerId", "amazon").end();
        }
    }

    // ---------------------------------------------------------------- tags

    /** One row of DescribeTags. */
    private record TagRow(String resourceId, String resourceType, String key, String value) {
    }

    private static final Filters<TagRow> TAG_FILTERS = new Filters<>(Map.of(
            "resource-id", r -> one(r.resourceId()),
            "resource-type", r -> one(r.resourceType()),
            "key", r -> one(r.key()),
            "value", r -> one(r.value())), null);

    private void describeTags(QueryParams p, Ec2Backend b, Xml x) {
        List<QueryParams.Filter> fs = p.filters();
        // tag:<key> on DescribeTags selects rows of resources carrying that tag; handled here.
        List<QueryParams.Filter> plain = fs.stream().filter(f -> !f.name().startsWith("tag:")).toList();
        TAG_FILTERS.validate(plain);
        List<TagRow> rows = new ArrayList<>();
        for (Tagged t : b.allTagged()) {
            boolean tagFiltersMatch = fs.stream().filter(f -> f.name().startsWith("tag:"))
                    .allMatch(f -> f.values().contains(t.tags.get(f.name().substring(4))));
            if (!tagFiltersMatch) {
                continue;
            }
            t.tags.forEach((k, v) -> rows.add(new TagRow(t.id, Ec2Backend.resourceType(t.id), k, v)));
        }
        rows.removeIf(r -> !TAG_FILTERS.matches(r, plain));
        Page<TagRow> pageRows = page(p, rows);
        x.start("tagSet");
        pageRows.items().forEach(r -> x.start("item").el("resourceId", r.resourceId()).el("resourceType", r.resourceType())
                .el("key", r.key()).el("value", r.value()).end());
        x.end();
        x.el("nextToken", pageRows.nextToken());
    }

    // ---------------------------------------------------------------- zones and regions

    /** One zone as DescribeAvailabilityZones reports it. */
    private record Zone(Regions.Region region, String name) {
    }

    private static final Filters<Zone> ZONE_FILTERS = new Filters<>(Map.of(
            "region-name", z -> one(z.region().name()),
            "zone-name", z -> one(z.name()),
            "zone-id", z -> one(z.region().zoneId(z.name())),
            "state", z -> one("available"),
            "zone-type", z -> one("availability-zone"),
            "group-name", z -> one(z.region().name()),
            "opt-in-status", z -> one("opt-in-not-required")), null);

    private void describeAvailabilityZones(QueryParams p, Ec2Backend b, Xml x) {
        List<QueryParams.Filter> fs = p.filters();
        ZONE_FILTERS.validate(fs);
        Regions.Region region = b.region();
        List<String> names = p.list("ZoneName");
        List<String> zoneIds = p.list("ZoneId");
        for (String n : names) {
            if (!region.zoneNames().contains(n)) {
                throw AwsException.invalidParameterValue("The zone '" + n + "' does not exist.");
            }
        }
        x.start("availabilityZoneInfo");
        for (String zone : region.zoneNames()) {
            Zone z = new Zone(region, zone);
            boolean byName = names.isEmpty() || names.contains(zone);
            boolean byId = zoneIds.isEmpty() || zoneIds.contains(region.zoneId(zone));
            if (byName && byId && ZONE_FILTERS.matches(z, fs)) {
                x.start("item").el("zoneName", zone).el("zoneState", "available").el("regionName", region.name())
                        .el("zoneId", region.zoneId(zone)).el("zoneType", "availability-zone")
                        .el("groupName", region.name()).el("networkBorderGroup", region.name())
                        .el("optInStatus", "opt-in-not-required").start("messageSet").end().end();
            }
        }
        x.end();
    }

    private static final Filters<Regions.Region> REGION_FILTERS = new Filters<>(Map.of(
            "region-name", r -> one(r.name()),
            "endpoint", r -> one("ec2." + r.name() + ".amazonaws.com"),
            "opt-in-status", r -> one(r.optInStatus())), null);

    private void describeRegions(QueryParams p, Ec2Backend b, Xml x) {
        List<QueryParams.Filter> fs = p.filters();
        REGION_FILTERS.validate(fs);
        List<String> names = p.list("RegionName");
        for (String n : names) {
            if (!Regions.ALL.containsKey(n)) {
                throw AwsException.invalidParameterValue("Invalid region name: " + n);
            }
        }
        x.start("regionInfo");
        for (Regions.Region r : Regions.ALL.values()) {
            if ((names.isEmpty() || names.contains(r.name())) && REGION_FILTERS.matches(r, fs)) {
                x.start("item").el("regionName", r.name()).el("regionEndpoint", "ec2." + r.name() + ".amazonaws.com")
                        .el("optInStatus", r.optInStatus()).end();
            }
        }
        x.end();
    }
}
