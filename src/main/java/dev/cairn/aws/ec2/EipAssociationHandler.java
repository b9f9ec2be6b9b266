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
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;

/**
 * The association of an Elastic IP with an instance. Not taggable: found by structure (the
 * address's association names the instance). Physical ID {@code eipassoc-…}; deleting
 * disassociates, after which the Elastic IP can be released.
 */
public final class EipAssociationHandler extends Ec2Handler {

    public EipAssociationHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.EIP_ASSOCIATION;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        String instanceId = spec.refId("instance");
        String allocationId = spec.refId("eip");
        // From the addresses' listing: an address it lacks is this run's, associated by no earlier run.
        return ElasticIpHandler.ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(a -> allocationId.equals(a.allocationId()))
                .filter(a -> instanceId.equals(a.instanceId()) && a.associationId() != null)
                .findFirst()
                .map(EipAssociationHandler::live);
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String allocationId = spec.refId("eip");
        String instanceId = spec.refId("instance");
        // allowReassociation false: an address held by something else is an error, not taken away.
        String associationId = ec2(spec.region()).associateAddress(r -> r.allocationId(allocationId).instanceId(instanceId)
                .allowReassociation(false)).associationId();
        Map<String, String> attributes = new java.util.LinkedHashMap<>(Map.of("associationId", associationId,
                "allocationId", allocationId, "instanceId", instanceId));
        // The address's public IP, as the describe would give it: the create's answer is final.
        String publicIp = spec.refs().get("eip").attributes().get("publicIp");
        if (publicIp != null) {
            attributes.put("publicIp", publicIp);
        }
        return new LiveResource(associationId, attributes, "associated");
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        return readyOnAnswer(resource, "associated", () -> byAllocation(ec2(spec.region()), spec.refId("eip"))
                .filter(a -> resource.physicalId().equals(a.associationId()))
                .map(a -> Poll.done(live(a)))
                .orElseGet(() -> notVisibleYet(resource.physicalId())));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return byAssociation(ec2(record), record).map(EipAssociationHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        ignoreNotFound(() -> ec2(record).disassociateAddress(r -> r.associationId(record.physicalId())));
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return byAssociation(ec2(record), record)
                .map(a -> Poll.pending(Message.of("eip.stillAssociated", a.publicIp(), a.instanceId())))
                .orElseGet(Poll::done);
    }

    private static Optional<Address> byAllocation(Ec2Client ec2, String allocationId) {
        return absentIfNotFound(() -> ec2.describeAddresses(r -> r.allocationIds(allocationId)).addresses().stream()
                .filter(a -> allocationId.equals(a.allocationId())).findFirst());
    }

    /** The address still associated under the record's association ID, looked up by its allocation. */
    private static Optional<Address> byAssociation(Ec2Client ec2, ResourceRecord record) {
        String allocationId = record.attributes().get("allocationId");
        if (allocationId == null) {
            return absentIfNotFound(() -> ec2.describeAddresses(r -> r.filters(filter("association-id", record.physicalId())))
                    .addresses().stream().filter(a -> record.physicalId().equals(a.associationId())).findFirst());
        }
        return byAllocation(ec2, allocationId).filter(a -> record.physicalId().equals(a.associationId()));
    }

    private static LiveResource live(Address a) {
        return new LiveResource(a.associationId(), Map.of("associationId", a.associationId(), "allocationId", a.allocationId(),
                "instanceId", a.instanceId(), "publicIp", a.publicIp()), "associated");
    }
}
