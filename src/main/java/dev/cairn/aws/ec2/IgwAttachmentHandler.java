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
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;

/**
 * The attachment of an internet gateway to a VPC. Not taggable: found by structure, physical ID
 * {@code igw-…:vpc-…}. AWS reports an attached gateway's attachment state as {@code available}.
 */
public final class IgwAttachmentHandler extends Ec2Handler {

    public IgwAttachmentHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.IGW_ATTACHMENT;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        String igwId = spec.refId("gateway");
        String vpcId = spec.refId("vpc");
        // From the gateways' listing: a gateway it lacks is this run's, attached by no earlier run.
        return InternetGatewayHandler.ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(g -> igwId.equals(g.internetGatewayId()))
                .flatMap(g -> g.attachments().stream())
                .filter(a -> vpcId.equals(a.vpcId()) && !"detached".equals(a.stateAsString()))
                .findFirst()
                .map(a -> live(igwId, vpcId, a.stateAsString()));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String igwId = spec.refId("gateway");
        String vpcId = spec.refId("vpc");
        Ec2Client ec2 = ec2(spec.region());
        try {
            ec2.attachInternetGateway(r -> r.internetGatewayId(igwId).vpcId(vpcId));
        } catch (Ec2Exception e) {
            // Already attached to this very VPC (a resumed run): that is the resource we want.
            if (!Ec2Errors.is(e, Ec2Errors.ALREADY_ASSOCIATED) || find(ec2, igwId, vpcId).isEmpty()) {
                throw e;
            }
        }
        return live(igwId, vpcId, "attaching");
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        String[] ids = split(resource.physicalId());
        Optional<InternetGatewayAttachment> attachment = attachment(ec2(spec.region()), ids[0], ids[1]);
        if (attachment.isEmpty()) {
            return notVisibleYet(ids[0] + ":" + ids[1]);
        }
        String state = attachment.get().stateAsString();
        if ("available".equals(state) || "attached".equals(state)) {
            return Poll.done(live(ids[0], ids[1], state));
        }
        return pendingState(state);
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        String[] ids = split(record.physicalId());
        return find(ec2(record), ids[0], ids[1]);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        String[] ids = split(record.physicalId());
        detach(ec2(record), ids[0], ids[1]);
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        String[] ids = split(record.physicalId());
        return attachment(ec2(record), ids[0], ids[1])
                .map(a -> pendingState(ids[0] + ":" + ids[1], a.stateAsString()))
                .orElseGet(Poll::done);
    }

    /**
     * Detaches; not attached or gone counts as success. AWS refuses while the VPC has public
     * addresses mapped (a NAT gateway's Elastic IP): the message names them.
     */
    static void detach(Ec2Client ec2, String igwId, String vpcId) {
        try {
            ec2.detachInternetGateway(r -> r.internetGatewayId(igwId).vpcId(vpcId));
        } catch (Ec2Exception e) {
            if (Ec2Errors.isNotFound(e) || Ec2Errors.is(e, Ec2Errors.GATEWAY_NOT_ATTACHED)) {
                return;
            }
            if (Ec2Errors.is(e, Ec2Errors.DEPENDENCY_VIOLATION)) {
                throw new RetryableException(Ec2Errors.DEPENDENCY_VIOLATION,
                        Message.of("igw.waitingUnmap", mappedAddresses(ec2, vpcId), vpcId, igwId), e);
            }
            throw e;
        }
    }

    /** The public addresses mapped in a VPC, with the interface that holds each. */
    static String mappedAddresses(Ec2Client ec2, String vpcId) {
        List<String> mapped = ec2.describeNetworkInterfacesPaginator(r -> r.filters(filter("vpc-id", vpcId)))
                .networkInterfaces().stream()
                .filter(n -> n.association() != null && n.association().publicIp() != null)
                .map(n -> "public address " + n.association().publicIp() + " (" + n.networkInterfaceId()
                        + ", " + n.interfaceTypeAsString() + ")")
                .toList();
        return mapped.isEmpty() ? "its mapped public addresses" : String.join(", ", mapped);
    }

    private static Optional<LiveResource> find(Ec2Client ec2, String igwId, String vpcId) {
        return attachment(ec2, igwId, vpcId)
                .filter(a -> !"detached".equals(a.stateAsString()))
                .map(a -> live(igwId, vpcId, a.stateAsString()));
    }

    private static Optional<InternetGatewayAttachment> attachment(Ec2Client ec2, String igwId, String vpcId) {
        return absentIfNotFound(() -> InternetGatewayHandler.find(ec2, igwId))
                .flatMap(g -> g.attachments().stream().filter(a -> vpcId.equals(a.vpcId())).findFirst());
    }

    private static String[] split(String physicalId) {
        int colon = physicalId.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a gateway attachment ID (igw-…:vpc-…): " + physicalId);
        }
        return new String[] {physicalId.substring(0, colon), physicalId.substring(colon + 1)};
    }

    private static LiveResource live(String igwId, String vpcId, String state) {
        return new LiveResource(igwId + ":" + vpcId, Map.of("internetGatewayId", igwId, "vpcId", vpcId), state);
    }
}
