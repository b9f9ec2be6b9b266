package dev.cairn.sandbox.elbv2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static dev.cairn.sandbox.elbv2.ElbFixture.assertElbError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;

/** Application Load Balancers: names, subnets and groups, states, interfaces, attributes, delete. */
class LoadBalancerTest {
    private ElbFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private List<NetworkInterface> elbInterfaces() {
        return f.ec2.describeNetworkInterfaces(r -> r.filters(Filter.builder().name("vpc-id").values(f.vpcId).build()))
                .networkInterfaces().stream().filter(n -> n.description() != null && n.description().startsWith("ELB app/"))
                .toList();
    }

    @Test
    void createLoadBalancer_always_answersArnDnsNameZoneAndOneInterfacePerSubnet() {
        f = new ElbFixture(SandboxConfig.instant());
        LoadBalancer lb = f.createLoadBalancer("web-alb");

        assertThat(lb.loadBalancerArn()).matches(
                "arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:loadbalancer/app/web-alb/[0-9a-f]{16}");
        assertThat(lb.dnsName()).matches("web-alb-\\d{9,10}\\.ap-northeast-2\\.elb\\.amazonaws\\.com");
        assertThat(lb.canonicalHostedZoneId()).isEqualTo("ZWKZPGTI48KDX");
        assertThat(lb.scheme()).isEqualTo(LoadBalancerSchemeEnum.INTERNET_FACING);
        assertThat(lb.vpcId()).isEqualTo(f.vpcId);
        assertThat(lb.securityGroups()).containsExactly(f.lbGroup);
        assertThat(lb.availabilityZones()).extracting(z -> z.zoneName() + "/" + z.subnetId())
                .containsExactly("ap-northeast-2a/" + f.subnetA, "ap-northeast-2c/" + f.subnetB);
        String lbId = lb.loadBalancerArn().substring(lb.loadBalancerArn().lastIndexOf('/') + 1);
        List<NetworkInterface> enis = elbInterfaces();
        assertThat(enis).hasSize(2);
        assertThat(enis).allSatisfy(n -> {
            assertThat(n.description()).isEqualTo("ELB app/web-alb/" + lbId);
            assertThat(n.requesterManaged()).isTrue();
            assertThat(n.groups()).extracting(g -> g.groupId()).containsExactly(f.lbGroup);
        });
        assertThat(enis).extracting(NetworkInterface::subnetId).containsExactlyInAnyOrder(f.subnetA, f.subnetB);
    }

    @Test
    void createLoadBalancer_whenRealistic_isProvisioningThenActive() throws Exception {
        // 150 s × 0.002 = 0.3 s.
        f = new ElbFixture(SandboxConfig.realistic(0.002));
        LoadBalancer lb = f.createLoadBalancer("web-alb");
        assertThat(lb.state().code()).isEqualTo(LoadBalancerStateEnum.PROVISIONING);

        f.elb.waiter().waitUntilLoadBalancerAvailable(r -> r.loadBalancerArns(lb.loadBalancerArn()),
                o -> o.backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(Duration.ofMillis(50)))
                        .maxAttempts(100));

        assertThat(f.elb.describeLoadBalancers(r -> r.names("web-alb")).loadBalancers().get(0).state().code())
                .isEqualTo(LoadBalancerStateEnum.ACTIVE);
    }

    @Test
    void createLoadBalancer_whenNameBreaksAwsRules_failsWithValidationError() {
        f = new ElbFixture(SandboxConfig.instant());
        for (String bad : List.of("a".repeat(33), "web_alb", "-web", "web-", "internal-web")) {
            assertElbError(() -> f.createLoadBalancer(bad), "ValidationError");
        }
        assertThat(f.elb.describeLoadBalancers().loadBalancers()).isEmpty();
    }

    @Test
    void createLoadBalancer_whenSameNameAndSettings_returnsTheSameLoadBalancer() {
        f = new ElbFixture(SandboxConfig.instant());
        LoadBalancer first = f.createLoadBalancer("web-alb");
        LoadBalancer again = f.createLoadBalancer("web-alb");

        assertThat(again.loadBalancerArn()).isEqualTo(first.loadBalancerArn());
        assertThat(elbInterfaces()).hasSize(2);
    }

    @Test
    void createLoadBalancer_whenSameNameOtherSettings_failsWithDuplicateLoadBalancerName() {
        f = new ElbFixture(SandboxConfig.instant());
        f.createLoadBalancer("web-alb");

        assertElbError(() -> f.elb.createLoadBalancer(r -> r.name("web-alb").subnets(f.subnetA, f.subnetB)
                .securityGroups(f.lbGroup).scheme(LoadBalancerSchemeEnum.INTERNAL)), "DuplicateLoadBalancerName");
    }

    @Test
    void createLoadBalancer_whenSubnetsBreakTheRules_failsWithAwsCodes() {
        f = new ElbFixture(SandboxConfig.instant());
        String sameZone = f.ec2.createSubnet(r -> r.vpcId(f.vpcId).cidrBlock("10.0.2.0/24")
                .availabilityZone("ap-northeast-2a")).subnet().subnetId();
        String otherVpc = f.ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        String otherSubnet = f.ec2.createSubnet(r -> r.vpcId(otherVpc).cidrBlock("10.9.0.0/24")
                .availabilityZone("ap-northeast-2c")).subnet().subnetId();
        String otherGroup = f.ec2.createSecurityGroup(r -> r.groupName("x").description("x").vpcId(otherVpc)).groupId();

        assertElbError(() -> f.elb.createLoadBalancer(r -> r.name("one").subnets(f.subnetA)), "ValidationError");
        assertElbError(() -> f.elb.createLoadBalancer(r -> r.name("same-zone").subnets(f.subnetA, sameZone)),
                "InvalidConfigurationRequest");
        assertElbError(() -> f.elb.createLoadBalancer(r -> r.name("missing").subnets(f.subnetA,
                "subnet-0123456789abcdef0")), "SubnetNotFound");
        assertElbError(() -> f.elb.createLoadBalancer(r -> r.name("two-vpcs").subnets(f.subnetA, otherSubnet)),
                "InvalidSubnet");
        assertElbError(() -> f.elb.createLoadBalancer(r -> r.name("no-group").subnets(f.subnetA, f.subnetB)
                .securityGroups("sg-0123456789abcdef0")), "InvalidSecurityGroup");
        assertElbError(() -> f.elb.createLoadBalancer(r -> r.name("other-group").subnets(f.subnetA, f.subnetB)
                .securityGroups(otherGroup)), "InvalidSecurityGroup");
        assertThat(elbInterfaces()).isEmpty();
    }

    @Test
    void describeLoadBalancers_whenPaged_walksEveryLoadBalancer() {
        f = new ElbFixture(SandboxConfig.instant());
        for (int i = 0; i < 3; i++) {
            f.createLoadBalancer("alb-" + i);
        }
        DescribeLoadBalancersResponse first = f.elb.describeLoadBalancers(r -> r.pageSize(2));
        assertThat(first.loadBalancers()).hasSize(2);
        assertThat(first.nextMarker()).isNotNull();

        List<String> all = f.elb.describeLoadBalancersPaginator(r -> r.pageSize(2)).loadBalancers().stream()
                .map(LoadBalancer::loadBalancerName).toList();
        assertThat(all).containsExactly("alb-0", "alb-1", "alb-2");
    }

    @Test
    void describeLoadBalancers_whenUnknown_failsWithLoadBalancerNotFound() {
        f = new ElbFixture(SandboxConfig.instant());
        assertElbError(() -> f.elb.describeLoadBalancers(r -> r.names("nope")), "LoadBalancerNotFound");
        assertElbError(() -> f.elb.describeLoadBalancers(r -> r.loadBalancerArns(
                "arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:loadbalancer/app/nope/0123456789abcdef")),
                "LoadBalancerNotFound");
    }

    @Test
    void deleteLoadBalancer_whenDeletionProtected_failsWithOperationNotPermittedUntilTurnedOff() {
        f = new ElbFixture(SandboxConfig.instant());
        String arn = f.createLoadBalancer("web-alb").loadBalancerArn();
        f.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(
                a -> a.key("deletion_protection.enabled").value("true"),
                a -> a.key("idle_timeout.timeout_seconds").value("120")));
        Map<String, String> attrs = f.elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(arn)).attributes()
                .stream().collect(Collectors.toMap(a -> a.key(), a -> a.value()));
        assertThat(attrs).containsEntry("deletion_protection.enabled", "true")
                .containsEntry("idle_timeout.timeout_seconds", "120").containsEntry("routing.http2.enabled", "true");

        assertElbError(() -> f.elb.deleteLoadBalancer(r -> r.loadBalancerArn(arn)), "OperationNotPermitted");
        f.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(
                a -> a.key("deletion_protection.enabled").value("false")));
        f.elb.deleteLoadBalancer(r -> r.loadBalancerArn(arn));

        assertThat(f.elb.describeLoadBalancers().loadBalancers()).isEmpty();
    }

    @Test
    void modifyLoadBalancerAttributes_whenKeyOrValueIsWrong_failsAndChangesNothing() {
        f = new ElbFixture(SandboxConfig.instant());
        String arn = f.createLoadBalancer("web-alb").loadBalancerArn();
        assertElbError(() -> f.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(
                a -> a.key("idle_timeout.timeout_seconds").value("120"), a -> a.key("no.such").value("1"))),
                "InvalidConfigurationRequest");
        assertElbError(() -> f.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(
                a -> a.key("idle_timeout.timeout_seconds").value("0"))), "InvalidConfigurationRequest");

        assertThat(f.elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(arn)).attributes())
                .anySatisfy(a -> assertThat(a.key() + "=" + a.value()).isEqualTo("idle_timeout.timeout_seconds=60"));
    }

    @Test
    void deleteLoadBalancer_whenInterfacesLinger_blocksDeleteSecurityGroupUntilTheyAreGone() throws Exception {
        // The interfaces linger 15 s here (minutes in AWS): long enough to see them block on a loaded machine,
        // short enough to wait out.
        f = new ElbFixture(SandboxConfig.realistic(0.02).withEniLinger(Duration.ofSeconds(15)));
        String arn = f.createLoadBalancer("web-alb").loadBalancerArn();
        f.elb.deleteLoadBalancer(r -> r.loadBalancerArn(arn));
        f.elb.deleteLoadBalancer(r -> r.loadBalancerArn(arn));

        assertThat(f.elb.describeLoadBalancers().loadBalancers()).isEmpty();
        assertThat(elbInterfaces()).isNotEmpty();
        assertEc2Error(() -> f.ec2.deleteSecurityGroup(r -> r.groupId(f.lbGroup)), "DependencyViolation");
        assertEc2Error(() -> f.ec2.deleteSubnet(r -> r.subnetId(f.subnetA)), "DependencyViolation");

        long deadline = System.currentTimeMillis() + 60_000;
        while (!elbInterfaces().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }
        assertThat(elbInterfaces()).isEmpty();
        f.ec2.deleteSecurityGroup(r -> r.groupId(f.lbGroup));
        f.ec2.deleteSubnet(r -> r.subnetId(f.subnetA));
    }

    @Test
    void setSecurityGroups_whenGroupsOfTheVpc_replacesThemAndRefusesOthers() {
        f = new ElbFixture(SandboxConfig.instant());
        String arn = f.createLoadBalancer("web-alb").loadBalancerArn();
        String extra = f.ec2.createSecurityGroup(r -> r.groupName("extra").description("extra").vpcId(f.vpcId)).groupId();

        assertThat(f.elb.setSecurityGroups(r -> r.loadBalancerArn(arn).securityGroups(f.lbGroup, extra))
                .securityGroupIds()).containsExactly(f.lbGroup, extra);
        assertElbError(() -> f.elb.setSecurityGroups(r -> r.loadBalancerArn(arn).securityGroups("sg-0123456789abcdef0")),
                "InvalidSecurityGroup");
        assertThat(f.elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().get(0).securityGroups())
                .containsExactly(f.lbGroup, extra);
    }

    @Test
    void deleteLoadBalancer_whenUnknown_succeedsAsAwsDocuments() {
        f = new ElbFixture(SandboxConfig.instant());
        f.elb.deleteLoadBalancer(r -> r.loadBalancerArn(
                "arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:loadbalancer/app/gone/0123456789abcdef"));
    }
}
