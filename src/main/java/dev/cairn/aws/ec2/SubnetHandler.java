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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.SubnetState;

/** Subnet in one zone; public subnets map a public IP on launch (provider {@code vpc_subnet.go}). */
public final class SubnetHandler extends Ec2Handler {

    private static final Logger LOG = LoggerFactory.getLogger(SubnetHandler.class);

    public SubnetHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.SUBNET;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(s -> hasAddress(s.tags(), ctx, spec) && s.subnetId() != null && s.subnetId().startsWith("subnet-"))
                .findFirst()
                .map(SubnetHandler::live);
    }

    /** This stack's Subnets in the region: one DescribeSubnets shared by the run's finds ({@link #listed}). */
    static List<Subnet> ours(HandlerContext ctx, Ec2Client ec2, String region) {
        return listed(ctx, "DescribeSubnets", region, () -> ec2.describeSubnetsPaginator(r -> r.filters(ownedBy(ctx))).subnets().stream().toList());
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        Ec2Client ec2 = ec2(spec.region());
        Subnet subnet = ec2.createSubnet(r -> r.vpcId(spec.refId("vpc"))
                .cidrBlock(required(spec, "cidr"))
                .availabilityZone(required(spec, "zone"))
                .tagSpecifications(tagSpec(ResourceType.SUBNET, spec.tags()))).subnet();
        ctx.say("aws.created", subnet.subnetId());
        if (wantsPublicIp(spec)) {
            try {
                ec2.modifySubnetAttribute(r -> r.subnetId(subnet.subnetId()).mapPublicIpOnLaunch(v -> v.value(true)));
            } catch (Ec2Exception e) {
                // Not visible yet right after CreateSubnet: awaitReady sets it.
                if (!Ec2Errors.isNotFound(e)) {
                    throw e;
                }
                LOG.debug("MapPublicIpOnLaunch of {} deferred to awaitReady", subnet.subnetId());
            }
        }
        return live(subnet);
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Ec2Client ec2 = ec2(spec.region());
        Optional<Subnet> subnet = absentIfNotFound(() -> find(ec2, resource.physicalId()));
        if (subnet.isEmpty()) {
            return notVisibleYet(resource.physicalId());
        }
        if (subnet.get().state() != SubnetState.AVAILABLE) {
            return pendingState(subnet.get().stateAsString());
        }
        if (wantsPublicIp(spec) && !Boolean.TRUE.equals(subnet.get().mapPublicIpOnLaunch())) {
            ec2.modifySubnetAttribute(r -> r.subnetId(resource.physicalId()).mapPublicIpOnLaunch(v -> v.value(true)));
            return Poll.pending(Message.of("subnet.publicIpsOn"));
        }
        return Poll.done(live(subnet.get()));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId())).map(SubnetHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        Ec2Client ec2 = ec2(record);
        String subnetId = record.physicalId();
        try {
            ignoreNotFound(() -> ec2.deleteSubnet(r -> r.subnetId(subnetId)));
        } catch (Ec2Exception e) {
            if (Ec2Errors.is(e, Ec2Errors.DEPENDENCY_VIOLATION)) {
                throw new RetryableException(Ec2Errors.DEPENDENCY_VIOLATION,
                        Message.of("subnet.waitingInterfaces", interfacesIn(ec2, subnetId), subnetId), e);
            }
            throw e;
        }
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId()))
                .map(s -> stillExists(s.subnetId()))
                .orElseGet(Poll::done);
    }

    /** The ENIs that keep a subnet from being deleted, e.g. {@code network interface eni-1 (nat_gateway)}. */
    static String interfacesIn(Ec2Client ec2, String subnetId) {
        List<String> enis = ec2.describeNetworkInterfacesPaginator(r -> r.filters(filter("subnet-id", subnetId)))
                .networkInterfaces().stream()
                .map(n -> "network interface " + n.networkInterfaceId() + " (" + n.interfaceTypeAsString() + ")")
                .toList();
        return enis.isEmpty() ? "its network interfaces" : String.join(", ", enis);
    }

    private static boolean wantsPublicIp(ResolvedSpec spec) {
        return Boolean.parseBoolean(spec.property("mapPublicIp"));
    }

    private static Optional<Subnet> find(Ec2Client ec2, String subnetId) {
        return ec2.describeSubnets(r -> r.subnetIds(subnetId)).subnets().stream()
                .filter(s -> subnetId.equals(s.subnetId()))
                .findFirst();
    }

    private static LiveResource live(Subnet s) {
        return new LiveResource(s.subnetId(), Map.of(
                "subnetId", s.subnetId(),
                "vpcId", s.vpcId(),
                "cidr", s.cidrBlock(),
                "zone", s.availabilityZone()), s.stateAsString());
    }
}
