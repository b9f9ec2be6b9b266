package dev.cairn.aws.ec2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.Message;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * NAT gateway in a public subnet with an Elastic IP (provider {@code vpc_nat_gateway.go}). Takes
 * minutes to become {@code available}; {@code failed} is final and AWS says why. {@code deleted}
 * and {@code failed} gateways stay visible for about an hour and count as absent.
 */
public final class NatGatewayHandler extends Ec2Handler {

    public NatGatewayHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.NAT_GATEWAY;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(n -> hasAddress(n.tags(), ctx, spec) && n.natGatewayId() != null && n.natGatewayId().startsWith("nat-") && !isTerminal(n))
                .findFirst()
                .map(NatGatewayHandler::live);
    }

    /** This stack's NatGateways in the region: one DescribeNatGateways shared by the run's finds ({@link #listed}). */
    static List<NatGateway> ours(HandlerContext ctx, Ec2Client ec2, String region) {
        return listed(ctx, "DescribeNatGateways", region, () -> ec2.describeNatGatewaysPaginator(r -> r.filter(ownedBy(ctx))).natGateways().stream().toList());
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String connectivity = spec.property("connectivity") == null ? "public" : spec.property("connectivity");
        NatGateway nat = ec2(spec.region()).createNatGateway(r -> {
            r.subnetId(spec.refId("subnet"))
                    .connectivityType(connectivity)
                    // Same token on a retried create returns the same gateway instead of a twin.
                    .clientToken(clientToken)
                    .tagSpecifications(tagSpec(ResourceType.NATGATEWAY, spec.tags()));
            // A private NAT gateway has no Elastic IP.
            if (spec.hasRef("eip")) {
                r.allocationId(spec.refId("eip"));
            }
        }).natGateway();
        return live(nat);
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Optional<NatGateway> nat = absentIfNotFound(() -> find(ec2(spec.region()), resource.physicalId()));
        if (nat.isEmpty()) {
            return notVisibleYet(resource.physicalId());
        }
        NatGateway n = nat.get();
        if (n.state() == NatGatewayState.AVAILABLE) {
            return Poll.done(live(n));
        }
        if (n.state() == NatGatewayState.FAILED) {
            return Poll.failed("NAT gateway " + n.natGatewayId() + " failed: " + n.failureCode() + ": " + n.failureMessage());
        }
        if (n.state() == NatGatewayState.DELETING || n.state() == NatGatewayState.DELETED) {
            return Poll.failed("NAT gateway " + n.natGatewayId() + " is " + n.stateAsString() + " while waiting for it to be available");
        }
        return Poll.pending(Message.of("aws.state", kind(), n.stateAsString()), live(n));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId()))
                .filter(n -> !isTerminal(n))
                .map(NatGatewayHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        // DeleteNatGateway on a deleting/deleted gateway succeeds; NatGatewayNotFound means gone.
        ignoreNotFound(() -> ec2(record).deleteNatGateway(r -> r.natGatewayId(record.physicalId())));
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        Optional<NatGateway> nat = absentIfNotFound(() -> find(ec2(record), record.physicalId()));
        if (nat.isEmpty() || isTerminal(nat.get())) {
            return Poll.done();
        }
        return pendingState(record.physicalId(), nat.get().stateAsString());
    }

    static boolean isTerminal(NatGateway n) {
        return n.state() == NatGatewayState.DELETED || n.state() == NatGatewayState.FAILED;
    }

    private static Optional<NatGateway> find(Ec2Client ec2, String natId) {
        return ec2.describeNatGateways(r -> r.natGatewayIds(natId)).natGateways().stream()
                .filter(n -> natId.equals(n.natGatewayId()))
                .findFirst();
    }

    private static LiveResource live(NatGateway n) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("natGatewayId", n.natGatewayId());
        attributes.put("subnetId", n.subnetId());
        for (NatGatewayAddress a : n.natGatewayAddresses()) {
            if (a.networkInterfaceId() != null) {
                attributes.put("networkInterfaceId", a.networkInterfaceId());
            }
            if (a.publicIp() != null) {
                attributes.put("publicIp", a.publicIp());
            }
            if (a.allocationId() != null) {
                attributes.put("allocationId", a.allocationId());
            }
        }
        attributes.values().removeIf(v -> v == null);
        return new LiveResource(n.natGatewayId(), attributes, n.stateAsString());
    }
}
