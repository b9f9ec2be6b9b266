package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.SecurityGroup;
import dev.cairn.sandbox.ec2.Ec2Model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EC2's Create/Describe/DeleteSecurityGroup, Authorize/RevokeSecurityGroupIngress/Egress,
 * DescribeSecurityGroupRules (shapes: {@code securityGroupInfo}, {@code securityGroupRuleSet}):
 * parse the query parameters, call the model, render the XML the SDK and the CLI read (shapes
 * after the EC2 API reference and moto's {@code ec2/responses}).
 */
final class SecurityGroupResponses {
    private SecurityGroupResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("CreateSecurityGroup", (p, b, x) -> {
            SecurityGroup g = b.securityGroups().createSecurityGroup(p.get("GroupName"), p.get("GroupDescription"),
                    p.get("VpcId"), p.tagSpecs());
            x.el("return", true).el("groupId", g.id).el("securityGroupArn", Describe.arn(b, "security-group", g.id));
            Describe.tags(x, g.tags);
        });
        actions.readOnly("DescribeSecurityGroups", SecurityGroupResponses::describeSecurityGroups);
        actions.mutating("DeleteSecurityGroup", (p, b, x) -> {
            String id = p.get("GroupId");
            b.securityGroups().deleteSecurityGroup(id, p.get("GroupName"));
            x.el("return", true).el("groupId", id);
        });
        actions.mutating("AuthorizeSecurityGroupIngress", (p, b, x) -> authorize(p, b, x, false));
        actions.mutating("AuthorizeSecurityGroupEgress", (p, b, x) -> authorize(p, b, x, true));
        actions.mutating("RevokeSecurityGroupIngress", (p, b, x) -> {
            b.securityGroups().revoke(p.get("GroupId"), false, permissions(p), p.list("SecurityGroupRuleId"));
            x.el("return", true);
        });
        actions.mutating("RevokeSecurityGroupEgress", (p, b, x) -> {
            b.securityGroups().revoke(p.get("GroupId"), true, permissions(p), p.list("SecurityGroupRuleId"));
            x.el("return", true);
        });
        actions.readOnly("DescribeSecurityGroupRules", SecurityGroupResponses::describeSecurityGroupRules);
    }

    /**
     * The {@code IpPermissions.N} of a request as one rule per CIDR range or group pair (AWS
     * stores and reports rules that way), plus the legacy top-level CidrIp form.
     */
    static List<SecurityGroupRule> permissions(QueryParams p) {
        List<SecurityGroupRule> out = new ArrayList<>();
        for (int n = 1; p.get("IpPermissions." + n + ".IpProtocol") != null; n++) {
            String prefix = "IpPermissions." + n + ".";
            String protocol = p.get(prefix + "IpProtocol");
            Integer from = p.integer(prefix + "FromPort");
            Integer to = p.integer(prefix + "ToPort");
            for (int m = 1; p.get(prefix + "IpRanges." + m + ".CidrIp") != null; m++) {
                out.add(SecurityGroupRule.of(protocol, from, to, p.get(prefix + "IpRanges." + m + ".CidrIp"), null,
                        p.get(prefix + "IpRanges." + m + ".Description")));
            }
            for (int m = 1; p.get(prefix + "Groups." + m + ".GroupId") != null; m++) {
                out.add(SecurityGroupRule.of(protocol, from, to, null, p.get(prefix + "Groups." + m + ".GroupId"),
                        p.get(prefix + "Groups." + m + ".Description")));
            }
            if (p.get(prefix + "IpRanges.1.CidrIp") == null && p.get(prefix + "Groups.1.GroupId") == null) {
                throw AwsException.missingParameter(prefix + "IpRanges");
            }
        }
        if (p.get("CidrIp") != null) {
            out.add(SecurityGroupRule.of(p.get("IpProtocol"), p.integer("FromPort"), p.integer("ToPort"), p.get("CidrIp"),
                    null, null));
        }
        return out;
    }

    private static void authorize(QueryParams p, Ec2Backend b, Xml x, boolean egress) {
        List<SecurityGroupRule> added = b.securityGroups().authorize(p.get("GroupId"), egress, permissions(p));
        x.el("return", true).start("securityGroupRuleSet");
        for (SecurityGroupRule r : added) {
            rule(x.start("item"), b, p.get("GroupId"), r).end();
        }
        x.end();
    }

    private static Xml rule(Xml x, Ec2Backend b, String groupId, SecurityGroupRule r) {
        x.el("securityGroupRuleId", r.id).el("groupId", groupId).el("groupOwnerId", b.account())
                .el("isEgress", r.egress).el("ipProtocol", r.ipProtocol)
                .el("fromPort", r.fromPort == null ? -1 : r.fromPort).el("toPort", r.toPort == null ? -1 : r.toPort)
                .el("cidrIpv4", r.cidrIpv4);
        if (r.referencedGroupId != null) {
            x.start("referencedGroupInfo").el("groupId", r.referencedGroupId).el("userId", b.account()).end();
        }
        return x.el("description", r.description).el("securityGroupRuleArn", Describe.arn(b, "security-group-rule", r.id))
                .start("tagSet").end();
    }

    /** IpPermissions as DescribeSecurityGroups groups them: one entry per protocol and port range. */
    private static void permissionSet(Xml x, Ec2Backend b, String element, List<SecurityGroupRule> rules) {
        Map<String, List<SecurityGroupRule>> grouped = new LinkedHashMap<>();
        for (SecurityGroupRule r : rules) {
            grouped.computeIfAbsent(r.ipProtocol + "|" + r.fromPort + "|" + r.toPort, k -> new ArrayList<>()).add(r);
        }
        x.start(element);
        for (List<SecurityGroupRule> same : grouped.values()) {
            SecurityGroupRule first = same.get(0);
            x.start("item").el("ipProtocol", first.ipProtocol).el("fromPort", first.fromPort).el("toPort", first.toPort)
                    .start("groups");
            same.stream().filter(r -> r.referencedGroupId != null).forEach(r -> x.start("item")
                    .el("userId", b.account()).el("groupId", r.referencedGroupId).el("description", r.description).end());
            x.end().start("ipRanges");
            same.stream().filter(r -> r.cidrIpv4 != null).forEach(r -> x.start("item")
                    .el("cidrIp", r.cidrIpv4).el("description", r.description).end());
            x.end().start("ipv6Ranges").end().start("prefixListIds").end().end();
        }
        x.end();
    }

    private static final Filters<SecurityGroup> SG_FILTERS = new Filters<>(Map.of(
            "group-id", g -> Describe.one(g.id),
            "group-name", g -> Describe.one(g.name),
            "vpc-id", g -> Describe.one(g.vpcId),
            "description", g -> Describe.one(g.description),
            "ip-permission.cidr", g -> g.rules.stream().filter(r -> !r.egress).map(r -> r.cidrIpv4).toList(),
            "ip-permission.group-id", g -> g.rules.stream().filter(r -> !r.egress).map(r -> r.referencedGroupId).toList(),
            "ip-permission.protocol", g -> g.rules.stream().filter(r -> !r.egress).map(r -> r.ipProtocol).toList(),
            "egress.ip-permission.cidr", g -> g.rules.stream().filter(r -> r.egress).map(r -> r.cidrIpv4).toList()),
            g -> g.tags);

    private static void describeSecurityGroups(QueryParams p, Ec2Backend b, Xml x) {
        List<String> ids = new ArrayList<>(p.list("GroupId"));
        p.list("GroupName").forEach(n -> ids.add(b.securityGroups().securityGroupByName(n).id));
        Filters<SecurityGroup> filters = SG_FILTERS.with(Map.of("owner-id", g -> Describe.one(b.account())));
        Describe.Page<SecurityGroup> groups = Describe.select(p, b.state().securityGroups.values(), ids,
                b.securityGroups()::securityGroup, filters, b, true);
        x.start("securityGroupInfo");
        for (SecurityGroup g : groups.items()) {
            x.start("item").el("ownerId", b.account()).el("groupId", g.id).el("groupName", g.name)
                    .el("groupDescription", g.description).el("vpcId", g.vpcId);
            permissionSet(x, b, "ipPermissions", g.rules.stream().filter(r -> !r.egress).toList());
            permissionSet(x, b, "ipPermissionsEgress", g.rules.stream().filter(r -> r.egress).toList());
            x.el("securityGroupArn", Describe.arn(b, "security-group", g.id));
            Describe.tags(x, g.tags).end();
        }
        x.end().el("nextToken", groups.nextToken());
    }

    /** One rule with its group, for DescribeSecurityGroupRules. */
    private record RuleRow(SecurityGroup group, SecurityGroupRule rule) {
    }

    private static final Filters<RuleRow> RULE_FILTERS = new Filters<>(Map.of(
            "group-id", r -> Describe.one(r.group().id),
            "security-group-rule-id", r -> Describe.one(r.rule().id)), null);

    private static void describeSecurityGroupRules(QueryParams p, Ec2Backend b, Xml x) {
        List<QueryParams.Filter> fs = p.filters();
        RULE_FILTERS.validate(fs);
        List<String> ids = p.list("SecurityGroupRuleId");
        List<RuleRow> rows = new ArrayList<>();
        for (SecurityGroup g : b.state().securityGroups.values()) {
            if (b.visible(g)) {
                g.rules.forEach(r -> rows.add(new RuleRow(g, r)));
            }
        }
        for (String id : ids) {
            if (rows.stream().noneMatch(r -> r.rule().id.equals(id))) {
                throw new AwsException("InvalidSecurityGroupRuleId.NotFound",
                        "The security group rule ID '" + id + "' does not exist");
            }
        }
        rows.removeIf(r -> (!ids.isEmpty() && !ids.contains(r.rule().id)) || !RULE_FILTERS.matches(r, fs));
        Describe.Page<RuleRow> page = Describe.page(p, rows);
        x.start("securityGroupRuleSet");
        page.items().forEach(r -> rule(x.start("item"), b, r.group().id, r.rule()).end());
        x.end().el("nextToken", page.nextToken());
    }

}
