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
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * A security group in the spec's VPC, created without ingress rules (each rule is a
 * {@link SecurityGroupRuleHandler} resource). While another group's rule references it or an
 * instance's network interface uses it, AWS refuses the delete with {@code DependencyViolation};
 * {@link #delete} then names what blocks it, and the engine retries within its window.
 */
public final class SecurityGroupHandler extends Ec2Handler {

    private static final String DUPLICATE = "InvalidGroup.Duplicate";

    public SecurityGroupHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.SECURITY_GROUP;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(g -> hasAddress(g.tags(), ctx, spec))
                .findFirst()
                .map(SecurityGroupHandler::live);
    }

    /** This stack's SecurityGroups in the region: one DescribeSecurityGroups shared by the run's finds ({@link #listed}). */
    static List<SecurityGroup> ours(HandlerContext ctx, Ec2Client ec2, String region) {
        return listed(ctx, "DescribeSecurityGroups", region, () -> ec2.describeSecurityGroupsPaginator(r -> r.filters(ownedBy(ctx))).securityGroups().stream().toList());
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String vpcId = spec.refId("vpc");
        String name = required(spec, "groupName");
        Ec2Client ec2 = ec2(spec.region());
        try {
            String id = ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName(name).description(required(spec, "description"))
                    .tagSpecifications(tagSpec(ResourceType.SECURITY_GROUP, spec.tags()))).groupId();
            return new LiveResource(id, Map.of("groupId", id, "groupName", name, "vpcId", vpcId), "available");
        } catch (Ec2Exception e) {
            if (Ec2Errors.is(e, DUPLICATE)) {
                throw new IllegalStateException("a security group named " + name + " already exists in " + vpcId
                        + " and does not carry this stack's tags; rename or delete it", e);
            }
            throw e;
        }
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        return readyOnAnswer(resource, "available", () -> absentIfNotFound(() -> find(ec2(spec.region()), resource.physicalId()))
                .map(g -> Poll.done(live(g)))
                .orElseGet(() -> notVisibleYet(resource.physicalId())));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId())).map(SecurityGroupHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        Ec2Client ec2 = ec2(record);
        String id = record.physicalId();
        try {
            ignoreNotFound(() -> ec2.deleteSecurityGroup(r -> r.groupId(id)));
        } catch (Ec2Exception e) {
            if (Ec2Errors.is(e, Ec2Errors.DEPENDENCY_VIOLATION)) {
                throw new RetryableException(Ec2Errors.DEPENDENCY_VIOLATION,
                        Message.of("sg.waitingUsers", blockers(ec2, id), id), e);
            }
            throw e;
        }
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId()))
                .map(g -> stillExists(g.groupId()))
                .orElseGet(Poll::done);
    }

    /** The groups whose rules reference the group, and the network interfaces (instances) in it. */
    static String blockers(Ec2Client ec2, String groupId) {
        List<String> names = new ArrayList<>();
        ec2.describeSecurityGroupsPaginator(r -> r.filters(filter("ip-permission.group-id", groupId))).securityGroups().stream()
                .filter(g -> !groupId.equals(g.groupId()))
                .forEach(g -> names.add("the rule in security group " + g.groupId() + " (" + g.groupName() + ")"));
        ec2.describeNetworkInterfacesPaginator(r -> r.filters(filter("group-id", groupId))).networkInterfaces()
                .forEach(n -> names.add("network interface " + n.networkInterfaceId()
                        + (n.attachment() != null && n.attachment().instanceId() != null ? " of instance " + n.attachment().instanceId() : "")));
        return names.isEmpty() ? "whatever still references it" : String.join(", ", names);
    }

    static Optional<SecurityGroup> find(Ec2Client ec2, String groupId) {
        return ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().stream()
                .filter(g -> groupId.equals(g.groupId())).findFirst();
    }

    private static LiveResource live(SecurityGroup g) {
        return new LiveResource(g.groupId(), Map.of("groupId", g.groupId(), "groupName", g.groupName(), "vpcId", g.vpcId()),
                "available");
    }
}
