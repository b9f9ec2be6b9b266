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
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * One ingress rule of a security group, from a CIDR or from another group. Not taggable: found by
 * structure, physical ID {@code sg-…:<protocol>:<from>:<to>:<cidr or sg-…>}, which holds all a
 * delete needs, so a rule is revoked even when its spec is lost.
 */
public final class SecurityGroupRuleHandler extends Ec2Handler {

    private static final String DUPLICATE = "InvalidPermission.Duplicate";

    /** The parts of a rule, parsed from the spec or the physical ID. */
    record Rule(String groupId, String protocol, int from, int to, String source) {
        static Rule parse(String physicalId) {
            String[] p = physicalId.split(":", 5);
            if (p.length != 5) {
                throw new IllegalArgumentException("not a security group rule ID (sg-…:proto:from:to:source): " + physicalId);
            }
            return new Rule(p[0], p[1], Integer.parseInt(p[2]), Integer.parseInt(p[3]), p[4]);
        }

        String id() {
            return groupId + ":" + protocol + ":" + from + ":" + to + ":" + source;
        }

        boolean fromGroup() {
            return source.startsWith("sg-");
        }

        IpPermission permission() {
            return IpPermission.builder().ipProtocol(protocol).fromPort(from).toPort(to)
                    .applyMutation(b -> {
                        if (fromGroup()) {
                            b.userIdGroupPairs(u -> u.groupId(source));
                        } else {
                            b.ipRanges(r -> r.cidrIp(source));
                        }
                    }).build();
        }

        /** Whether the group's permission holds this rule (AWS may merge sources into one entry). */
        boolean in(IpPermission p) {
            if (!protocol.equals(p.ipProtocol()) || !Objects.equals(from, p.fromPort()) || !Objects.equals(to, p.toPort())) {
                return false;
            }
            return fromGroup()
                    ? p.userIdGroupPairs().stream().anyMatch(u -> source.equals(u.groupId()))
                    : p.ipRanges().stream().anyMatch(r -> source.equals(r.cidrIp()));
        }
    }

    public SecurityGroupRuleHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.SECURITY_GROUP_RULE;
    }

    static Rule rule(ResolvedSpec spec) {
        String source = spec.hasRef("sourceGroup") ? spec.refId("sourceGroup") : required(spec, "cidr");
        return new Rule(spec.refId("group"), required(spec, "protocol"), Integer.parseInt(required(spec, "fromPort")),
                Integer.parseInt(required(spec, "toPort")), source);
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        Rule rule = rule(spec);
        // From the groups' listing: a group it lacks is this run's, and has no rule of an earlier run.
        boolean exists = SecurityGroupHandler.ours(ctx, ec2(spec.region()), spec.region()).stream()
                .filter(g -> rule.groupId().equals(g.groupId()))
                .anyMatch(g -> g.ipPermissions().stream().anyMatch(rule::in));
        return exists ? Optional.of(live(rule)) : Optional.empty();
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        Rule rule = rule(spec);
        try {
            ec2(spec.region()).authorizeSecurityGroupIngress(r -> r.groupId(rule.groupId()).ipPermissions(rule.permission()));
        } catch (Ec2Exception e) {
            // A resumed run may find the rule it added: the same rule is success.
            if (!Ec2Errors.is(e, DUPLICATE)) {
                throw e;
            }
        }
        return live(rule);
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Rule rule = Rule.parse(resource.physicalId());
        return readyOnAnswer(resource, "active", () -> exists(ec2(spec.region()), rule) ? Poll.done(live(rule)) : notVisibleYet(rule.id()));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        Rule rule = Rule.parse(record.physicalId());
        return exists(ec2(record), rule) ? Optional.of(live(rule)) : Optional.empty();
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        Rule rule = Rule.parse(record.physicalId());
        // InvalidPermission.NotFound and InvalidGroup.NotFound both mean the rule is gone.
        ignoreNotFound(() -> ec2(record).revokeSecurityGroupIngress(r -> r.groupId(rule.groupId()).ipPermissions(rule.permission())));
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        Rule rule = Rule.parse(record.physicalId());
        return exists(ec2(record), rule) ? Poll.pending(Message.of("rule.stillInGroup", rule.id())) : Poll.done();
    }

    private static boolean exists(Ec2Client ec2, Rule rule) {
        return absentIfNotFound(() -> SecurityGroupHandler.find(ec2, rule.groupId()))
                .map(g -> g.ipPermissions().stream().anyMatch(rule::in))
                .orElse(false);
    }

    private static LiveResource live(Rule rule) {
        return new LiveResource(rule.id(), Map.of("groupId", rule.groupId()), "active");
    }
}
