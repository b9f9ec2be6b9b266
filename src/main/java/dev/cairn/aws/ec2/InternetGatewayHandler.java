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
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Internet gateway. Its attachment is a resource of its own ({@link IgwAttachmentHandler}), but
 * {@link #delete} detaches it from every VPC first, so a gateway found only by tag still goes.
 */
public final class InternetGatewayHandler extends Ec2Handler {

    public InternetGatewayHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.INTERNET_GATEWAY;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(g -> hasAddress(g.tags(), ctx, spec) && g.internetGatewayId() != null && g.internetGatewayId().startsWith("igw-"))
                .findFirst()
                .map(InternetGatewayHandler::live);
    }

    /** This stack's InternetGateways in the region: one DescribeInternetGateways shared by the run's finds ({@link #listed}). */
    static List<InternetGateway> ours(HandlerContext ctx, Ec2Client ec2, String region) {
        return listed(ctx, "DescribeInternetGateways", region, () -> ec2.describeInternetGatewaysPaginator(r -> r.filters(ownedBy(ctx))).internetGateways().stream().toList());
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        InternetGateway igw = ec2(spec.region()).createInternetGateway(r -> r
                .tagSpecifications(tagSpec(ResourceType.INTERNET_GATEWAY, spec.tags()))).internetGateway();
        return live(igw);
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        return readyOnAnswer(resource, "available", () -> absentIfNotFound(() -> find(ec2(spec.region()), resource.physicalId()))
                .map(g -> Poll.done(live(g)))
                .orElseGet(() -> notVisibleYet(resource.physicalId())));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId())).map(InternetGatewayHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        Ec2Client ec2 = ec2(record);
        String igwId = record.physicalId();
        Optional<InternetGateway> igw = absentIfNotFound(() -> find(ec2, igwId));
        if (igw.isEmpty()) {
            return;
        }
        for (InternetGatewayAttachment attachment : igw.get().attachments()) {
            ctx.say("igw.detaching", igwId, attachment.vpcId());
            IgwAttachmentHandler.detach(ec2, igwId, attachment.vpcId());
        }
        try {
            ignoreNotFound(() -> ec2.deleteInternetGateway(r -> r.internetGatewayId(igwId)));
        } catch (Ec2Exception e) {
            if (Ec2Errors.is(e, Ec2Errors.DEPENDENCY_VIOLATION)) {
                throw new RetryableException(Ec2Errors.DEPENDENCY_VIOLATION,
                        Message.of("aws.waitingRelease", kind(), igwId, Ec2Errors.message(e)), e);
            }
            throw e;
        }
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId()))
                .map(g -> stillExists(g.internetGatewayId()))
                .orElseGet(Poll::done);
    }

    static Optional<InternetGateway> find(Ec2Client ec2, String igwId) {
        return ec2.describeInternetGateways(r -> r.internetGatewayIds(igwId)).internetGateways().stream()
                .filter(g -> igwId.equals(g.internetGatewayId()))
                .findFirst();
    }

    private static LiveResource live(InternetGateway g) {
        return new LiveResource(g.internetGatewayId(), Map.of("internetGatewayId", g.internetGatewayId()), "available");
    }
}
