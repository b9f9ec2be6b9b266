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
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ec2.model.VpcState;

/** VPCs, subnets, attributes, tags, filters, pagination, zones and regions, through the real SDK. */
class Ec2NetworkTest {
    private SandboxServer server;
    private Ec2Client ec2;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        ec2 = SandboxClients.ec2(server);
    }

    @AfterEach
    void stop() {
        ec2.close();
        server.close();
    }

    private static TagSpecification tags(ResourceType type, String name) {
        return TagSpecification.builder().resourceType(type)
                .tags(Tag.builder().key("Name").value(name).build(), Tag.builder().key("cairn:stack").value("demo").build())
                .build();
    }

    private Vpc vpc(String cidr) {
        return ec2.createVpc(r -> r.cidrBlock(cidr).tagSpecifications(tags(ResourceType.VPC, "v-" + cidr))).vpc();
    }

    @Test
    void createVpc_whenTagged_returnsRealShapeWithTagsAndMainRouteTable() {
        Vpc vpc = vpc("10.0.0.0/16");

        assertThat(vpc.vpcId()).matches("vpc-[0-9a-f]{17}");
        assertThat(vpc.state()).isEqualTo(VpcState.AVAILABLE);
        assertThat(vpc.ownerId()).isEqualTo("000000000000");
        assertThat(vpc.cidrBlockAssociationSet()).singleElement()
                .satisfies(a -> assertThat(a.cidrBlock()).isEqualTo("10.0.0.0/16"));
        assertThat(vpc.tags()).contains(Tag.builder().key("Name").value("v-10.0.0.0/16").build());
        var tables = ec2.describeRouteTables(r -> r.filters(Filter.builder().name("vpc-id").values(vpc.vpcId()).build())).routeTables();
        assertThat(tables).singleElement().satisfies(t -> {
            assertThat(t.associations()).singleElement().satisfies(a -> assertThat(a.main()).isTrue());
            assertThat(t.routes()).singleElement().satisfies(r -> {
                assertThat(r.gatewayId()).isEqualTo("local");
                assertThat(r.destinationCidrBlock()).isEqualTo("10.0.0.0/16");
            });
        });
    }

    @Test
    void createVpc_whenDryRun_failsWithDryRunOperationAndCreatesNothing() {
        assertEc2Error(() -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16").dryRun(true)), "DryRunOperation");
        assertThat(ec2.describeVpcs().vpcs()).isEmpty();
    }

    @Test
    void createVpc_whenCidrTooLarge_failsWithInvalidVpcRange() {
        assertEc2Error(() -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/8")), "InvalidVpc.Range");
    }

    @Test
    void createVpc_whenQuotaReached_failsWithVpcLimitExceeded() {
        for (int i = 0; i < SandboxConfig.DEFAULT_VPC_QUOTA; i++) {
            vpc("10." + i + ".0.0/16");
        }
        assertEc2Error(() -> vpc("10.99.0.0/16"), "VpcLimitExceeded");
    }

    @Test
    void describeVpcs_whenIdUnknown_failsWithInvalidVpcIdNotFound() {
        String message = assertEc2Error(() -> ec2.describeVpcs(r -> r.vpcIds("vpc-0123456789abcdef0")),
                "InvalidVpcID.NotFound");
        assertThat(message).isEqualTo("The vpc ID 'vpc-0123456789abcdef0' does not exist");
    }

    @Test
    void describeVpcs_whenFilterNameUnknown_failsWithInvalidParameterValue() {
        assertEc2Error(() -> ec2.describeVpcs(r -> r.filters(Filter.builder().name("colour").values("blue").build())),
                "InvalidParameterValue");
    }

    @Test
    void describeVpcs_whenFilteredByTagStateAndCidr_returnsOnlyMatches() {
        Vpc a = vpc("10.0.0.0/16");
        vpc("10.1.0.0/16");

        List<Vpc> byTag = ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag:Name").values("v-10.0.0.0/16").build())).vpcs();
        List<Vpc> byWildcard = ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag-value").values("v-10.1.*").build())).vpcs();
        List<Vpc> byTagKey = ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag-key").values("cairn:stack").build())).vpcs();
        List<Vpc> byCidrAndState = ec2.describeVpcs(r -> r.filters(
                Filter.builder().name("cidr-block").values("10.0.0.0/16").build(),
                Filter.builder().name("state").values("available").build())).vpcs();

        assertThat(byTag).extracting(Vpc::vpcId).containsExactly(a.vpcId());
        assertThat(byWildcard).extracting(Vpc::cidrBlock).containsExactly("10.1.0.0/16");
        assertThat(byTagKey).hasSize(2);
        assertThat(byCidrAndState).extracting(Vpc::vpcId).containsExactly(a.vpcId());
    }

    @Test
    void describeVpcsPaginator_whenMoreVpcsThanPage_followsNextToken() {
        server.close();
        server = SandboxServer.start(SandboxConfig.instant().withVpcQuota(20));
        ec2.close();
        ec2 = SandboxClients.ec2(server);
        for (int i = 0; i < 12; i++) {
            vpc("10." + i + ".0.0/16");
        }
        var first = ec2.describeVpcs(r -> r.maxResults(5));
        assertThat(first.vpcs()).hasSize(5);
        assertThat(first.nextToken()).isNotNull();

        var pages = ec2.describeVpcsPaginator(r -> r.maxResults(5));
        assertThat(pages.stream().count()).isEqualTo(3);
        assertThat(pages.vpcs().stream().map(Vpc::cidrBlock).toList()).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void describeSubnetsPaginator_whenMoreSubnetsThanPage_followsNextToken() {
        Vpc vpc = vpc("10.0.0.0/16");
        for (int i = 0; i < 12; i++) {
            int third = i;
            ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0." + third + ".0/24").availabilityZone("ap-northeast-2a"));
        }
        var first = ec2.describeSubnets(r -> r.maxResults(5));
        assertThat(first.subnets()).hasSize(5);
        assertThat(first.nextToken()).isNotNull();

        List<String> all = ec2.describeSubnetsPaginator(r -> r.maxResults(5)).subnets().stream()
                .map(Subnet::cidrBlock).toList();
        assertThat(all).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void describeVpcs_whenMaxResultsBelowMinimum_failsWithInvalidParameterValue() {
        assertEc2Error(() -> ec2.describeVpcs(r -> r.maxResults(2)), "InvalidParameterValue");
    }

    @Test
    void modifyVpcAttribute_whenDnsHostnamesEnabled_describeVpcAttributeShowsIt() {
        Vpc vpc = vpc("10.0.0.0/16");
        ec2.modifyVpcAttribute(r -> r.vpcId(vpc.vpcId()).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
        ec2.modifyVpcAttribute(r -> r.vpcId(vpc.vpcId()).enableDnsSupport(AttributeBooleanValue.builder().value(false).build()));

        assertThat(ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId()).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                .enableDnsHostnames().value()).isTrue();
        assertThat(ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId()).attribute(VpcAttributeName.ENABLE_DNS_SUPPORT))
                .enableDnsSupport().value()).isFalse();
    }

    @Test
    void modifyVpcAttribute_whenTwoAttributesAtOnce_failsLikeAws() {
        Vpc vpc = vpc("10.0.0.0/16");
        assertEc2Error(() -> ec2.modifyVpcAttribute(r -> r.vpcId(vpc.vpcId())
                .enableDnsHostnames(AttributeBooleanValue.builder().value(true).build())
                .enableDnsSupport(AttributeBooleanValue.builder().value(true).build())), "InvalidParameterCombination");
    }

    @Test
    void createSubnet_whenValid_reportsZoneCountsAndState() {
        Vpc vpc = vpc("10.0.0.0/16");
        Subnet subnet = ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.1.0/24")
                .availabilityZone("ap-northeast-2c").tagSpecifications(tags(ResourceType.SUBNET, "app-c"))).subnet();

        assertThat(subnet.subnetId()).matches("subnet-[0-9a-f]{17}");
        assertThat(subnet.availableIpAddressCount()).isEqualTo(251);
        assertThat(subnet.availabilityZone()).isEqualTo("ap-northeast-2c");
        assertThat(subnet.availabilityZoneId()).isEqualTo("apne2-az3");
        assertThat(subnet.mapPublicIpOnLaunch()).isFalse();
        assertThat(subnet.stateAsString()).isEqualTo("available");
        assertThat(ec2.describeSubnets(r -> r.filters(
                Filter.builder().name("vpc-id").values(vpc.vpcId()).build(),
                Filter.builder().name("availability-zone").values("ap-northeast-2c").build(),
                Filter.builder().name("tag:Name").values("app-c").build())).subnets())
                .extracting(Subnet::subnetId).containsExactly(subnet.subnetId());
    }

    @Test
    void createSubnet_whenOutsideVpc_failsWithInvalidSubnetRange() {
        Vpc vpc = vpc("10.0.0.0/16");
        assertEc2Error(() -> ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.1.0.0/24")), "InvalidSubnet.Range");
    }

    @Test
    void createSubnet_whenOverlapping_failsWithInvalidSubnetConflict() {
        Vpc vpc = vpc("10.0.0.0/16");
        ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.0/24"));
        assertEc2Error(() -> ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.128/25")), "InvalidSubnet.Conflict");
    }

    @Test
    void createSubnet_whenZoneNotInRegion_failsWithInvalidParameterValue() {
        Vpc vpc = vpc("10.0.0.0/16");
        assertEc2Error(() -> ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.0/24")
                .availabilityZone("us-east-1a")), "InvalidParameterValue");
    }

    @Test
    void createSubnet_whenVpcUnknown_failsWithInvalidVpcIdNotFound() {
        assertEc2Error(() -> ec2.createSubnet(r -> r.vpcId("vpc-00000000000000000").cidrBlock("10.0.0.0/24")),
                "InvalidVpcID.NotFound");
    }

    @Test
    void modifySubnetAttribute_whenMapPublicIpSet_subnetReportsIt() {
        Vpc vpc = vpc("10.0.0.0/16");
        String id = ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.0/24")).subnet().subnetId();
        ec2.modifySubnetAttribute(r -> r.subnetId(id).mapPublicIpOnLaunch(AttributeBooleanValue.builder().value(true).build()));

        assertThat(ec2.describeSubnets(r -> r.subnetIds(id)).subnets().get(0).mapPublicIpOnLaunch()).isTrue();
    }

    @Test
    void deleteSubnet_whenEmpty_removesIt() {
        Vpc vpc = vpc("10.0.0.0/16");
        String id = ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.0/24")).subnet().subnetId();
        ec2.deleteSubnet(r -> r.subnetId(id));
        assertEc2Error(() -> ec2.describeSubnets(r -> r.subnetIds(id)), "InvalidSubnetID.NotFound");
    }

    @Test
    void deleteVpc_whenSubnetRemains_failsWithDependencyViolation() {
        Vpc vpc = vpc("10.0.0.0/16");
        ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.0/24"));

        String message = assertEc2Error(() -> ec2.deleteVpc(r -> r.vpcId(vpc.vpcId())), "DependencyViolation");
        assertThat(message).isEqualTo("The vpc '" + vpc.vpcId() + "' has dependencies and cannot be deleted.");
    }

    @Test
    void deleteVpc_whenOnlyMainRouteTable_deletesVpcAndItsMainTable() {
        Vpc vpc = vpc("10.0.0.0/16");
        ec2.deleteVpc(r -> r.vpcId(vpc.vpcId()));

        assertThat(ec2.describeVpcs().vpcs()).isEmpty();
        assertThat(ec2.describeRouteTables().routeTables()).isEmpty();
        assertThat(server.resources()).isEmpty();
    }

    @Test
    void createTags_thenDeleteTags_describeTagsFollows() {
        Vpc vpc = vpc("10.0.0.0/16");
        ec2.createTags(r -> r.resources(vpc.vpcId()).tags(Tag.builder().key("env").value("dev").build()));
        assertThat(ec2.describeTags(r -> r.filters(Filter.builder().name("resource-id").values(vpc.vpcId()).build(),
                Filter.builder().name("key").values("env").build())).tags())
                .singleElement().satisfies(t -> {
                    assertThat(t.value()).isEqualTo("dev");
                    assertThat(t.resourceTypeAsString()).isEqualTo("vpc");
                });

        ec2.deleteTags(r -> r.resources(vpc.vpcId()).tags(Tag.builder().key("env").build()));

        assertThat(ec2.describeTags(r -> r.filters(Filter.builder().name("resource-id").values(vpc.vpcId()).build()))
                .tags()).extracting(TagDescription::key).containsExactlyInAnyOrder("Name", "cairn:stack");
    }

    @Test
    void deleteTags_whenValueDiffers_keepsTheTag() {
        Vpc vpc = vpc("10.0.0.0/16");
        ec2.deleteTags(r -> r.resources(vpc.vpcId()).tags(Tag.builder().key("Name").value("other").build()));
        assertThat(ec2.describeVpcs(r -> r.vpcIds(vpc.vpcId())).vpcs().get(0).tags()).extracting(Tag::key).contains("Name");
    }

    @Test
    void createTags_whenResourceUnknown_failsWithItsNotFoundCode() {
        assertEc2Error(() -> ec2.createTags(r -> r.resources("subnet-00000000000000000")
                .tags(Tag.builder().key("a").value("b").build())), "InvalidSubnetID.NotFound");
    }

    @Test
    void describeTags_whenFilteredByResourceType_returnsOnlyThatType() {
        Vpc vpc = vpc("10.0.0.0/16");
        ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.0/24").tagSpecifications(tags(ResourceType.SUBNET, "s")));
        assertThat(ec2.describeTags(r -> r.filters(Filter.builder().name("resource-type").values("subnet").build())).tags())
                .extracting(TagDescription::resourceTypeAsString).containsOnly("subnet").hasSize(2);
    }

    @Test
    void describeTagsPaginator_whenMoreTagsThanPage_followsNextToken() {
        Vpc vpc = vpc("10.0.0.0/16");
        for (int i = 0; i < 10; i++) {
            int n = i;
            ec2.createTags(r -> r.resources(vpc.vpcId()).tags(Tag.builder().key("k" + n).value("v").build()));
        }
        var first = ec2.describeTags(r -> r.maxResults(5));
        assertThat(first.tags()).hasSize(5);
        assertThat(first.nextToken()).isNotNull();
        assertThat(ec2.describeTagsPaginator(r -> r.maxResults(5)).tags()).hasSize(12);
    }

    @Test
    void createVpc_whenTagSpecificationTypeWrong_failsWithInvalidParameterValue() {
        assertEc2Error(() -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")
                .tagSpecifications(tags(ResourceType.SUBNET, "x"))), "InvalidParameterValue");
    }

    @Test
    void describeAvailabilityZones_inSeoul_returnsFourRealZones() {
        List<AvailabilityZone> zones = ec2.describeAvailabilityZones().availabilityZones();
        assertThat(zones).extracting(AvailabilityZone::zoneName)
                .containsExactly("ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d");
        assertThat(zones).allSatisfy(z -> {
            assertThat(z.stateAsString()).isEqualTo("available");
            assertThat(z.regionName()).isEqualTo("ap-northeast-2");
        });
        assertThat(ec2.describeAvailabilityZones(r -> r.filters(Filter.builder().name("zone-name").values("ap-northeast-2b").build()))
                .availabilityZones()).extracting(AvailabilityZone::zoneId).containsExactly("apne2-az2");
    }

    @Test
    void describeAvailabilityZones_inTokyo_skipsZoneB() {
        try (Ec2Client tokyo = SandboxClients.ec2(server, software.amazon.awssdk.regions.Region.AP_NORTHEAST_1, "sandbox")) {
            assertThat(tokyo.describeAvailabilityZones().availabilityZones()).extracting(AvailabilityZone::zoneName)
                    .containsExactly("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d");
        }
    }

    @Test
    void describeRegions_whenFilteredByName_returnsThatRegion() {
        var all = ec2.describeRegions().regions();
        assertThat(all).extracting(r -> r.regionName()).contains("us-east-1", "eu-west-1", "ap-northeast-2");
        assertThat(ec2.describeRegions(r -> r.regionNames("eu-west-1")).regions()).singleElement()
                .satisfies(r -> assertThat(r.endpoint()).isEqualTo("ec2.eu-west-1.amazonaws.com"));
        assertThat(ec2.describeRegions(r -> r.filters(Filter.builder().name("region-name").values("us-west-2").build())).regions())
                .hasSize(1);
    }
}
