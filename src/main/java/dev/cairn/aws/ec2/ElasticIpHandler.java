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
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Elastic IP in the VPC domain. Physical ID is the allocation ID; attribute {@code publicIp}.
 * While a NAT gateway holds the address AWS refuses to release it, so {@link #delete} names the
 * NAT gateway it waits for.
 */
public final class ElasticIpHandler extends Ec2Handler {

    public ElasticIpHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.ELASTIC_IP;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(a -> hasAddress(a.tags(), ctx, spec) && a.allocationId() != null && a.allocationId().startsWith("eipalloc-"))
                .findFirst()
                .map(ElasticIpHandler::live);
    }

    /** This stack's addresses in the region: one DescribeAddresses shared by the run's finds ({@link #listed}). */
    static List<Address> ours(HandlerContext ctx, Ec2Client ec2, String region) {
        return listed(ctx, "DescribeAddresses", region, () -> ec2.describeAddresses(r -> r.filters(ownedBy(ctx))).addresses());
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        AllocateAddressResponse r = ec2(spec.region()).allocateAddress(a -> a.domain(DomainType.VPC)
                .tagSpecifications(tagSpec(ResourceType.ELASTIC_IP, spec.tags())));
        return new LiveResource(r.allocationId(), Map.of("allocationId", r.allocationId(), "publicIp", r.publicIp()), "allocated");
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        return readyOnAnswer(resource, "allocated", () -> absentIfNotFound(() -> find(ec2(spec.region()), resource.physicalId()))
                .map(a -> Poll.done(live(a)))
                .orElseGet(() -> notVisibleYet(resource.physicalId())));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId())).map(ElasticIpHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        Ec2Client ec2 = ec2(record);
        String allocationId = record.physicalId();
        Optional<Address> address = absentIfNotFound(() -> find(ec2, allocationId));
        if (address.isEmpty()) {
            return;
        }
        if (address.get().networkInterfaceId() != null || address.get().associationId() != null) {
            Optional<String> nat = holdingNat(ec2, allocationId);
            if (nat.isPresent()) {
                throw new RetryableException(Ec2Errors.IP_IN_USE,
                        Message.of("eip.waitingRelease", nat.get(), address.get().publicIp()), null);
            }
            // No live NAT gateway holds it: a deleted gateway's association may still be listed
            // for a moment. Try the release; AWS is the judge, and refuses while it is in use.
        }
        try {
            ignoreNotFound(() -> ec2.releaseAddress(r -> r.allocationId(allocationId)));
        } catch (Ec2Exception e) {
            if (Ec2Errors.is(e, Ec2Errors.IP_IN_USE) || Ec2Errors.is(e, "AuthFailure")) {
                String holder = address.get().networkInterfaceId() != null
                        ? "network interface " + address.get().networkInterfaceId()
                        : "association " + address.get().associationId();
                throw new RetryableException(Ec2Errors.code(e),
                        Message.of("eip.waitingRelease", holder, address.get().publicIp()), e);
            }
            throw e;
        }
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId()))
                .map(a -> Poll.pending(Message.of("eip.stillAllocated", a.publicIp())))
                .orElseGet(Poll::done);
    }

    /** The NAT gateway (not deleted or failed) that holds the allocation, if any. */
    private static Optional<String> holdingNat(Ec2Client ec2, String allocationId) {
        return ec2.describeNatGatewaysPaginator(r -> r.filter(filter("state", "pending", "available", "deleting")))
                .natGateways().stream()
                .filter(n -> n.natGatewayAddresses().stream().anyMatch(a -> allocationId.equals(a.allocationId())))
                .map(n -> "NAT gateway " + n.natGatewayId())
                .findFirst();
    }

    private static Optional<Address> find(Ec2Client ec2, String allocationId) {
        return ec2.describeAddresses(r -> r.allocationIds(allocationId)).addresses().stream()
                .filter(a -> allocationId.equals(a.allocationId()))
                .findFirst();
    }

    private static LiveResource live(Address a) {
        return new LiveResource(a.allocationId(),
                Map.of("allocationId", a.allocationId(), "publicIp", a.publicIp()),
                a.associationId() == null ? "allocated" : "associated");
    }
}
