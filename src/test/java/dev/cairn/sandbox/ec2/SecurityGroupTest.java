package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SandboxConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/** Security groups and their rules: default group, duplicates, references, AWS's dependency rules. */
class SecurityGroupTest {
    private SandboxServer server;
    private Ec2Client ec2;
    private String vpcId;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        ec2 = SandboxClients.ec2(server);
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    }

    @AfterEach
    void stop() {
        ec2.close();
        server.close();
    }

    private String createGroup(String name) {
        return ec2.createSecurityGroup(r -> r.groupName(name).description(name + " group").vpcId(vpcId)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                        .tags(Tag.builder().key("Name").value(name).build()).build())).groupId();
    }

    private static IpPermission ssh(String cidr) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
                .ipRanges(IpRange.builder().cidrIp(cidr).description("ssh").build()).build();
    }

    private SecurityGroup group(String id) {
        return ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
    }

    @Test
    void createVpc_always_createsUndeletableDefaultGroup() {
        List<SecurityGroup> groups = ec2.describeSecurityGroups(r -> r.filters(
                Filter.builder().name("vpc-id").values(vpcId).build())).securityGroups();

        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.groupName()).isEqualTo("default");
            assertThat(g.description()).isEqualTo("default VPC security group");
            assertThat(g.ipPermissions()).singleElement().satisfies(p -> {
                assertThat(p.ipProtocol()).isEqualTo("-1");
                assertThat(p.userIdGroupPairs()).extracting(UserIdGroupPair::groupId).containsExactly(g.groupId());
            });
            assertThat(g.ipPermissionsEgress()).singleElement()
                    .satisfies(p -> assertThat(p.ipRanges()).extracting(IpRange::cidrIp).containsExactly("0.0.0.0/0"));
        });
        String message = assertEc2Error(() -> ec2.deleteSecurityGroup(r -> r.groupId(groups.get(0).groupId())),
                "CannotDelete");
        assertThat(message).contains(groups.get(0).groupId());
    }

    @Test
    void deleteVpc_withOnlyItsDefaultGroup_deletesTheGroupToo() {
        ec2.deleteVpc(r -> r.vpcId(vpcId));

        assertThat(ec2.describeSecurityGroups().securityGroups()).isEmpty();
        assertThat(server.resources()).isEmpty();
    }

    @Test
    void deleteVpc_withAnotherGroup_isDependencyViolation() {
        String sg = createGroup("web");

        assertEc2Error(() -> ec2.deleteVpc(r -> r.vpcId(vpcId)), "DependencyViolation");
        ec2.deleteSecurityGroup(r -> r.groupId(sg));
        ec2.deleteVpc(r -> r.vpcId(vpcId));
    }

    @Test
    void createSecurityGroup_whenNameTaken_isDuplicate() {
        createGroup("web");

        String message = assertEc2Error(() -> createGroup("web"), "InvalidGroup.Duplicate");
        assertThat(message).isEqualTo("The security group 'web' already exists for VPC '" + vpcId + "'");
    }

    @Test
    void createSecurityGroup_always_hasAllowAllEgressAndTags() {
        SecurityGroup g = group(createGroup("web"));

        assertThat(g.ipPermissions()).isEmpty();
        assertThat(g.ipPermissionsEgress()).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isEqualTo("-1");
            assertThat(p.ipRanges()).extracting(IpRange::cidrIp).containsExactly("0.0.0.0/0");
        });
        assertThat(g.tags()).containsExactly(Tag.builder().key("Name").value("web").build());
        assertThat(g.groupId()).matches("sg-[0-9a-f]{17}");
    }

    @Test
    void describeSecurityGroups_withFilters_selectsByNameIdTagAndKey() {
        String web = createGroup("web");
        createGroup("db");

        assertThat(ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name").values("web").build()))
                .securityGroups()).extracting(SecurityGroup::groupId).containsExactly(web);
        assertThat(ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-id").values(web).build()))
                .securityGroups()).hasSize(1);
        assertThat(ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("tag:Name").values("d*").build()))
                .securityGroups()).extracting(SecurityGroup::groupName).containsExactly("db");
        assertThat(ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("tag-key").values("Name").build()))
                .securityGroups()).hasSize(2);
        assertEc2Error(() -> ec2.describeSecurityGroups(r -> r.groupIds("sg-0123456789abcdef0")), "InvalidGroup.NotFound");
        assertEc2Error(() -> ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("nope").values("x").build())),
                "InvalidParameterValue");
    }

    @Test
    void authorizeIngress_always_returnsRuleIdsAndRejectsDuplicates() {
        String sg = createGroup("web");

        AuthorizeSecurityGroupIngressResponse added = ec2.authorizeSecurityGroupIngress(r -> r.groupId(sg)
                .ipPermissions(ssh("203.0.113.0/24"), IpPermission.builder().ipProtocol("tcp").fromPort(443).toPort(443)
                        .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));

        assertThat(added.returnValue()).isTrue();
        assertThat(added.securityGroupRules()).hasSize(2).allSatisfy(rule -> {
            assertThat(rule.securityGroupRuleId()).matches("sgr-[0-9a-f]{17}");
            assertThat(rule.groupId()).isEqualTo(sg);
            assertThat(rule.isEgress()).isFalse();
        });
        assertThat(group(sg).ipPermissions()).hasSize(2);
        String message = assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(sg)
                .ipPermissions(ssh("203.0.113.0/24"))), "InvalidPermission.Duplicate");
        assertThat(message).contains("203.0.113.0/24").contains("already exists");
    }

    @Test
    void authorizeIngress_withBadInput_answersAwsErrors() {
        String sg = createGroup("web");

        assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(IpRange.builder().cidrIp("10.0.0.300/8").build())
                .build())), "InvalidParameterValue");
        assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(25).toPort(22).ipRanges(IpRange.builder().cidrIp("10.0.0.0/8").build())
                .build())), "InvalidParameterValue");
        assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(22).toPort(22)
                .userIdGroupPairs(UserIdGroupPair.builder().groupId("sg-0123456789abcdef0").build()).build())),
                "InvalidGroup.NotFound");
        assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId("sg-0123456789abcdef0")
                .ipPermissions(ssh("10.0.0.0/8"))), "InvalidGroup.NotFound");
    }

    @Test
    void revokeIngress_removesTheRuleAndRejectsUnknownOnes() {
        String sg = createGroup("web");
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(ssh("203.0.113.0/24")));

        ec2.revokeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(ssh("203.0.113.0/24")));

        assertThat(group(sg).ipPermissions()).isEmpty();
        String message = assertEc2Error(() -> ec2.revokeSecurityGroupIngress(r -> r.groupId(sg)
                .ipPermissions(ssh("203.0.113.0/24"))), "InvalidPermission.NotFound");
        assertThat(message).isEqualTo("The specified rule does not exist in this security group.");
    }

    @Test
    void authorizeAndRevokeEgress_replaceTheDefaultEgressRule() {
        String sg = createGroup("locked");
        ec2.revokeSecurityGroupEgress(r -> r.groupId(sg).ipPermissions(IpPermission.builder().ipProtocol("-1")
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));

        ec2.authorizeSecurityGroupEgress(r -> r.groupId(sg).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(443).toPort(443).ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));

        assertThat(group(sg).ipPermissionsEgress()).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isEqualTo("tcp");
            assertThat(p.fromPort()).isEqualTo(443);
        });
    }

    @Test
    void deleteSecurityGroup_whenReferencedByAnotherGroup_isDependencyViolationUntilRevoked() {
        String app = createGroup("app");
        String db = createGroup("db");
        IpPermission fromApp = IpPermission.builder().ipProtocol("tcp").fromPort(5432).toPort(5432)
                .userIdGroupPairs(UserIdGroupPair.builder().groupId(app).build()).build();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(db).ipPermissions(fromApp));

        String message = assertEc2Error(() -> ec2.deleteSecurityGroup(r -> r.groupId(app)), "DependencyViolation");
        assertThat(message).isEqualTo("resource " + app + " has a dependent object");

        ec2.revokeSecurityGroupIngress(r -> r.groupId(db).ipPermissions(fromApp));
        ec2.deleteSecurityGroup(r -> r.groupId(app));
        assertEc2Error(() -> ec2.describeSecurityGroups(r -> r.groupIds(app)), "InvalidGroup.NotFound");
    }

    @Test
    void describeSecurityGroupRules_byGroupAndRuleId_listsEveryRule() {
        String sg = createGroup("web");
        String ruleId = ec2.authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(ssh("198.51.100.7/32")))
                .securityGroupRules().get(0).securityGroupRuleId();

        List<SecurityGroupRule> rules = ec2.describeSecurityGroupRules(r -> r.filters(
                Filter.builder().name("group-id").values(sg).build())).securityGroupRules();
        assertThat(rules).hasSize(2);
        assertThat(rules).filteredOn(SecurityGroupRule::isEgress).singleElement()
                .satisfies(rule -> assertThat(rule.cidrIpv4()).isEqualTo("0.0.0.0/0"));

        SecurityGroupRule one = ec2.describeSecurityGroupRules(r -> r.filters(
                Filter.builder().name("security-group-rule-id").values(ruleId).build())).securityGroupRules().get(0);
        assertThat(one.cidrIpv4()).isEqualTo("198.51.100.7/32");
        assertThat(one.fromPort()).isEqualTo(22);
        assertThat(one.description()).isEqualTo("ssh");

        ec2.revokeSecurityGroupIngress(r -> r.groupId(sg).securityGroupRuleIds(ruleId));
        assertThat(group(sg).ipPermissions()).isEmpty();
    }
}
