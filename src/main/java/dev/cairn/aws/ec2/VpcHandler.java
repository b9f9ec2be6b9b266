package dev.cairn.aws.ec2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.Message;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ec2.model.VpcState;

/** VPC with DNS support and DNS hostnames turned on (provider {@code vpc_.go}). */
public final class VpcHandler extends Ec2Handler {

    private static final Logger LOG = LoggerFactory.getLogger(VpcHandler.class);

    public VpcHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.VPC;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(v -> hasAddress(v.tags(), ctx, spec) && v.vpcId() != null && v.vpcId().startsWith("vpc-"))
                .findFirst()
                .map(VpcHandler::live);
    }

    /** This stack's Vpcs in the region: one DescribeVpcs shared by the run's finds ({@link #listed}). */
    static List<Vpc> ours(HandlerContext ctx, Ec2Client ec2, String region) {
        return listed(ctx, "DescribeVpcs", region, () -> ec2.describeVpcsPaginator(r -> r.filters(ownedBy(ctx))).vpcs().stream().toList());
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        Ec2Client ec2 = ec2(spec.region());
        Vpc vpc = ec2.createVpc(r -> r.cidrBlock(required(spec, "cidr"))
                .tagSpecifications(tagSpec(ResourceType.VPC, spec.tags()))).vpc();
        ctx.say("aws.created", vpc.vpcId());
        try {
            // A new VPC: set both attributes without reading them first (two calls, not four).
            turnOnDns(ctx, ec2, vpc.vpcId());
            LiveResource made = live(vpc);
            Map<String, String> attributes = new java.util.LinkedHashMap<>(made.attributes());
            attributes.put(DNS_SET, "true");
            return new LiveResource(made.physicalId(), attributes, made.awsState());
        } catch (Ec2Exception e) {
            // Just after CreateVpc the VPC may not be visible to ModifyVpcAttribute yet;
            // awaitReady re-asserts both attributes, so the create itself has succeeded.
            if (!Ec2Errors.isNotFound(e)) {
                throw e;
            }
            LOG.debug("DNS attributes of {} deferred to awaitReady: {}", vpc.vpcId(), Ec2Errors.message(e));
        }
        return live(vpc);
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Ec2Client ec2 = ec2(spec.region());
        Optional<Vpc> vpc = absentIfNotFound(() -> find(ec2, resource.physicalId()));
        if (vpc.isEmpty()) {
            return notVisibleYet(resource.physicalId());
        }
        if (vpc.get().state() != VpcState.AVAILABLE) {
            return pendingState(vpc.get().stateAsString());
        }
        if ("true".equals(resource.attributes().get(DNS_SET))) {
            // This run's create set both attributes: nothing to re-assert.
            return Poll.done(live(vpc.get()));
        }
        // A resumed run may find a VPC whose create was interrupted before the attributes were set.
        List<String> turnedOn = ensureDns(ctx, ec2, resource.physicalId());
        if (!turnedOn.isEmpty()) {
            return Poll.pending(Message.of("vpc.dnsTurnedOn", String.join(" and ", turnedOn)));
        }
        return Poll.done(live(vpc.get()));
    }

    /** The attribute a create sets when it turned on both DNS attributes itself. */
    static final String DNS_SET = "dnsAttributesSet";

    /** Turns on DNS support, then DNS hostnames (which needs support), each call journaled. */
    private static void turnOnDns(HandlerContext ctx, Ec2Client ec2, String vpcId) {
        ctx.mutating("ModifyVpcAttribute", () -> ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsSupport(v -> v.value(true))));
        ctx.mutating("ModifyVpcAttribute", () -> ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(v -> v.value(true))));
    }

    /**
     * Turns on DNS support, then DNS hostnames (which needs support); one attribute per call,
     * each journaled (they run after the create's outcome, or while waiting). Returns what was off.
     */
    private static List<String> ensureDns(HandlerContext ctx, Ec2Client ec2, String vpcId) {
        List<String> turnedOn = new ArrayList<>();
        Boolean support = ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(VpcAttributeName.ENABLE_DNS_SUPPORT))
                .enableDnsSupport().value();
        if (!Boolean.TRUE.equals(support)) {
            ctx.mutating("ModifyVpcAttribute", () -> ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsSupport(v -> v.value(true))));
            turnedOn.add("DNS support");
        }
        Boolean hostnames = ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                .enableDnsHostnames().value();
        if (!Boolean.TRUE.equals(hostnames)) {
            ctx.mutating("ModifyVpcAttribute",
                    () -> ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(v -> v.value(true))));
            turnedOn.add("DNS hostnames");
        }
        return turnedOn;
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId())).map(VpcHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        Ec2Client ec2 = ec2(record);
        String vpcId = record.physicalId();
        try {
            ignoreNotFound(() -> ec2.deleteVpc(r -> r.vpcId(vpcId)));
        } catch (Ec2Exception e) {
            if (Ec2Errors.is(e, Ec2Errors.DEPENDENCY_VIOLATION)) {
                throw new RetryableException(Ec2Errors.DEPENDENCY_VIOLATION,
                        Message.of("vpc.waitingRemains", describeRemains(ec2, vpcId), vpcId), e);
            }
            throw e;
        }
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId()))
                .map(v -> stillExists(v.vpcId()))
                .orElseGet(Poll::done);
    }

    /** What keeps a VPC from being deleted: subnets, attached gateways, NAT gateways, non-main tables, ENIs. */
    static String describeRemains(Ec2Client ec2, String vpcId) {
        List<String> remains = new ArrayList<>();
        ec2.describeSubnetsPaginator(r -> r.filters(filter("vpc-id", vpcId))).subnets()
                .forEach(s -> remains.add("subnet " + s.subnetId()));
        ec2.describeInternetGatewaysPaginator(r -> r.filters(filter("attachment.vpc-id", vpcId))).internetGateways()
                .forEach(g -> remains.add("internet gateway " + g.internetGatewayId()));
        ec2.describeNatGatewaysPaginator(r -> r.filter(filter("vpc-id", vpcId), filter("state", "pending", "available", "deleting")))
                .natGateways().stream().map(NatGateway::natGatewayId).forEach(id -> remains.add("NAT gateway " + id));
        ec2.describeRouteTablesPaginator(r -> r.filters(filter("vpc-id", vpcId))).routeTables().stream()
                .filter(t -> !isMain(t))
                .forEach(t -> remains.add("route table " + t.routeTableId()));
        ec2.describeNetworkInterfacesPaginator(r -> r.filters(filter("vpc-id", vpcId))).networkInterfaces()
                .forEach(n -> remains.add("network interface " + n.networkInterfaceId() + " (" + n.interfaceTypeAsString() + ")"));
        return remains.isEmpty() ? "its remaining dependencies" : String.join(", ", remains);
    }

    static boolean isMain(RouteTable table) {
        return table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()));
    }

    private static Optional<Vpc> find(Ec2Client ec2, String vpcId) {
        // Check the returned ID: a filter typo would otherwise adopt someone else's VPC.
        return ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs().stream()
                .filter(v -> vpcId.equals(v.vpcId()))
                .findFirst();
    }

    private static LiveResource live(Vpc vpc) {
        return new LiveResource(vpc.vpcId(), Map.of("vpcId", vpc.vpcId(), "cidr", vpc.cidrBlock()), vpc.stateAsString());
    }
}
