package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.ec2.Ec2Model.SecurityGroup;
import dev.cairn.sandbox.ec2.Ec2Model.SecurityGroupRule;
import dev.cairn.sandbox.ec2.Ec2Model.Vpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Security groups and their rules: the default group of every VPC, one rule per CIDR or group
 * pair with AWS's validation, duplicates and quotas, and the references and ENIs that block
 * deletion.
 */
final class SecurityGroups extends Ec2Family {
    /** AWS's default quota of inbound (and, separately, outbound) rules per security group. */
    static final int RULES_PER_DIRECTION = 60;

    SecurityGroups(Ec2Backend backend) {
        super(backend);
    }

    SecurityGroup securityGroup(String id) {
        return b.find(s.securityGroups, id, "InvalidGroup.NotFound", "The security group '%s' does not exist");
    }

    /**
     * A group by name. The Sandbox has no default VPC, and AWS resolves {@code GroupName} only in
     * the default VPC (other groups are found with the {@code group-name} filter), so this fails
     * as AWS does in an account without a default VPC.
     */
    SecurityGroup securityGroupByName(String name) {
        throw new AwsException("InvalidGroup.NotFound",
                "The security group '" + name + "' does not exist in default VPC 'none'");
    }

    void createDefaultSecurityGroup(Vpc vpc) {
        SecurityGroup g = newGroup("default", "default VPC security group", vpc.id);
        SecurityGroupRule self = rule(false, "-1", null, null, null, g.id, null);
        g.rules.add(0, self);
        s.securityGroups.put(g.id, g);
    }

    private SecurityGroup newGroup(String name, String description, String vpcId) {
        SecurityGroup g = new SecurityGroup();
        g.id = b.newId("sg");
        g.createdAt = now;
        g.name = name;
        g.description = description;
        g.vpcId = vpcId;
        // Every new group allows all outbound IPv4 traffic until told otherwise.
        g.rules.add(rule(true, "-1", null, null, "0.0.0.0/0", null, null));
        return g;
    }

    private SecurityGroupRule rule(boolean egress, String protocol, Integer from, Integer to, String cidr,
                                   String groupId, String description) {
        SecurityGroupRule r = SecurityGroupRule.of(protocol, from, to, cidr, groupId, description);
        r.id = b.newId("sgr");
        r.egress = egress;
        return r;
    }

    SecurityGroup createSecurityGroup(String name, String description, String vpcId, List<QueryParams.TagSpec> tags) {
        if (name == null || name.isEmpty()) {
            throw AwsException.missingParameter("GroupName");
        }
        if (description == null || description.isEmpty()) {
            throw AwsException.missingParameter("GroupDescription");
        }
        if (name.length() > 255 || description.length() > 255) {
            throw AwsException.invalidParameterValue("Value for parameter groupName or groupDescription is too long. "
                    + "The maximum length is 255 characters.");
        }
        if (name.startsWith("sg-")) {
            throw AwsException.invalidParameterValue("Group names may not be in the format sg-*");
        }
        if (vpcId == null) {
            throw new AwsException("VPCIdNotSpecified", "No default VPC for this user");
        }
        Vpc vpc = b.vpc(vpcId);
        for (SecurityGroup g : s.securityGroups.values()) {
            if (g.vpcId.equals(vpc.id) && g.name.equals(name)) {
                throw new AwsException("InvalidGroup.Duplicate",
                        "The security group '" + name + "' already exists for VPC '" + vpc.id + "'");
            }
        }
        SecurityGroup g = newGroup(name, description, vpc.id);
        b.tags().applyTagSpecs(g, "security-group", tags);
        s.securityGroups.put(g.id, g);
        return g;
    }

    void deleteSecurityGroup(String groupId, String groupName) {
        SecurityGroup g;
        if (groupId != null) {
            g = securityGroup(groupId);
        } else if (groupName != null) {
            g = securityGroupByName(groupName);
        } else {
            throw AwsException.missingParameter("GroupId");
        }
        if (g.isDefault()) {
            throw new AwsException("CannotDelete", "the specified group: \"" + g.id
                    + "\" name: \"default\" cannot be deleted by a user");
        }
        boolean referenced = s.securityGroups.values().stream().filter(o -> o != g)
                .anyMatch(o -> o.rules.stream().anyMatch(r -> g.id.equals(r.referencedGroupId)));
        boolean used = s.networkInterfaces.values().stream().anyMatch(e -> e.groupIds.contains(g.id));
        if (referenced || used) {
            throw new AwsException("DependencyViolation", "resource " + g.id + " has a dependent object");
        }
        s.securityGroups.remove(g.id);
    }

    /**
     * AuthorizeSecurityGroupIngress/Egress: each requested rule (one per CIDR or group pair) is
     * validated, none may exist already, and all are added together or none.
     */
    List<SecurityGroupRule> authorize(String groupId, boolean egress, List<SecurityGroupRule> requested) {
        SecurityGroup g = securityGroup(Ec2Backend.required(groupId, "GroupId"));
        if (requested.isEmpty()) {
            throw AwsException.missingParameter("IpPermissions");
        }
        List<SecurityGroupRule> added = new ArrayList<>();
        for (SecurityGroupRule r : requested) {
            validateRule(g, r);
            r.egress = egress;
            boolean exists = g.rules.stream().anyMatch(o -> sameRule(o, r))
                    || added.stream().anyMatch(o -> sameRule(o, r));
            if (exists) {
                throw new AwsException("InvalidPermission.Duplicate", "the specified rule \"peer: "
                        + (r.cidrIpv4 != null ? r.cidrIpv4 : r.referencedGroupId) + ", "
                        + (r.ipProtocol.equals("-1") ? "ALL" : r.ipProtocol.toUpperCase(java.util.Locale.ROOT))
                        + (r.fromPort == null ? "" : ", from port: " + r.fromPort + ", to port: " + r.toPort)
                        + ", ALLOW\" already exists");
            }
            r.id = b.newId("sgr");
            added.add(r);
        }
        long count = g.rules.stream().filter(r -> r.egress == egress).count();
        if (count + added.size() > RULES_PER_DIRECTION) {
            throw new AwsException("RulesPerSecurityGroupLimitExceeded",
                    "The maximum number of rules per security group has been reached.");
        }
        g.rules.addAll(added);
        return added;
    }

    /** Revokes by rule IDs or by permissions; every one must exist, else nothing changes. */
    void revoke(String groupId, boolean egress, List<SecurityGroupRule> requested, List<String> ruleIds) {
        SecurityGroup g = securityGroup(Ec2Backend.required(groupId, "GroupId"));
        List<SecurityGroupRule> gone = new ArrayList<>();
        for (String id : ruleIds) {
            SecurityGroupRule r = g.rules.stream().filter(o -> o.id.equals(id) && o.egress == egress).findFirst()
                    .orElseThrow(() -> new AwsException("InvalidSecurityGroupRuleId.NotFound",
                            "The security group rule ID '" + id + "' does not exist"));
            gone.add(r);
        }
        for (SecurityGroupRule r : requested) {
            validateRule(g, r);
            r.egress = egress;
            SecurityGroupRule match = g.rules.stream().filter(o -> sameRule(o, r)).findFirst()
                    .orElseThrow(() -> new AwsException("InvalidPermission.NotFound",
                            "The specified rule does not exist in this security group."));
            gone.add(match);
        }
        if (gone.isEmpty()) {
            throw AwsException.missingParameter("IpPermissions");
        }
        g.rules.removeAll(gone);
    }

    private void validateRule(SecurityGroup g, SecurityGroupRule r) {
        String protocol = r.ipProtocol == null ? null : r.ipProtocol.toLowerCase(java.util.Locale.ROOT);
        if (protocol == null) {
            throw AwsException.missingParameter("IpPermissions.1.IpProtocol");
        }
        protocol = switch (protocol) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "all" -> "-1";
            default -> protocol;
        };
        if (!Set.of("tcp", "udp", "icmp", "-1").contains(protocol)) {
            throw AwsException.invalidParameterValue("Invalid value '" + r.ipProtocol + "' for IP protocol. "
                    + "Unknown protocol.");
        }
        r.ipProtocol = protocol;
        if (protocol.equals("-1")) {
            // All traffic has no ports; AWS ignores any given.
            r.fromPort = null;
            r.toPort = null;
        } else if (protocol.equals("icmp")) {
            r.fromPort = r.fromPort == null ? -1 : r.fromPort;
            r.toPort = r.toPort == null ? -1 : r.toPort;
        } else {
            if (r.fromPort == null || r.toPort == null) {
                throw new AwsException("InvalidParameterValue", "Invalid value 'Must specify both from and to ports "
                        + "with TCP/UDP.' for portRange.");
            }
            if (r.fromPort < 0 || r.toPort > 65535 || r.fromPort > r.toPort) {
                throw AwsException.invalidParameterValue("Invalid value 'Invalid port range.' for portRange.");
            }
        }
        if ((r.cidrIpv4 == null) == (r.referencedGroupId == null)) {
            throw AwsException.missingParameter("IpPermissions.1.IpRanges");
        }
        if (r.cidrIpv4 != null) {
            Cidr cidr = Cidr.parse(r.cidrIpv4);
            if (cidr == null) {
                throw AwsException.invalidParameterValue("CIDR block " + r.cidrIpv4 + " is malformed");
            }
        } else {
            SecurityGroup other = securityGroup(r.referencedGroupId);
            if (!other.vpcId.equals(g.vpcId)) {
                throw new AwsException("InvalidGroup.NotFound", "You have specified two resources that belong to "
                        + "different networks.");
            }
        }
    }

    private static boolean sameRule(SecurityGroupRule a, SecurityGroupRule r) {
        return a.egress == r.egress && a.ipProtocol.equals(r.ipProtocol) && Objects.equals(a.fromPort, r.fromPort)
                && Objects.equals(a.toPort, r.toPort) && Objects.equals(a.cidrIpv4, r.cidrIpv4)
                && Objects.equals(a.referencedGroupId, r.referencedGroupId);
    }
}
