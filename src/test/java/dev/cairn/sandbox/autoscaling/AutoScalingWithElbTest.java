package dev.cairn.sandbox.autoscaling;

import static dev.cairn.sandbox.autoscaling.AsgFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * A group behind a load balancer: its instances registered with the target group as they go
 * InService, deregistered and drained before EC2 terminates them, and (health check type ELB)
 * replaced when their target is unhealthy.
 */
class AutoScalingWithElbTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The page the instances serve, so the health check of {@code /} passes. */
    private static final String USER_DATA = "#!/bin/bash\necho \"hello from the group\" > /var/www/html/index.html\n";

    private AsgFixture f;
    private ElasticLoadBalancingV2Client elb;
    private String targetGroupArn;
    private String webTemplate;

    @AfterEach
    void stop() {
        if (elb != null) {
            elb.close();
        }
        if (f != null) {
            f.close();
        }
    }

    /** ALB (internal) over both subnets, target group HTTP:80, listener 80 forwarding; the app group admits the ALB or not. */
    private void start(SandboxConfig config, boolean admitAlb) {
        f = new AsgFixture(config);
        elb = ElasticLoadBalancingV2Client.builder().endpointOverride(f.server.endpoint()).region(SandboxClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        String albGroup = f.ec2.createSecurityGroup(r -> r.groupName("alb").description("alb").vpcId(f.vpcId))
                .groupId();
        if (admitAlb) {
            f.ec2.authorizeSecurityGroupIngress(r -> r.groupId(f.securityGroupId).ipPermissions(p -> p.ipProtocol("tcp")
                    .fromPort(80).toPort(80).userIdGroupPairs(g -> g.groupId(albGroup))));
        }
        String image = f.ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                .values("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64").build())).images().get(0).imageId();
        webTemplate = f.ec2.createLaunchTemplate(r -> r.launchTemplateName("web-page")
                .launchTemplateData(d -> d.imageId(image).instanceType(InstanceType.T3_MICRO)
                        .securityGroupIds(f.securityGroupId).userData(Base64.getEncoder()
                                .encodeToString(USER_DATA.getBytes(StandardCharsets.UTF_8)))))
                .launchTemplate().launchTemplateId();
        String lb = elb.createLoadBalancer(r -> r.name("web").scheme(LoadBalancerSchemeEnum.INTERNAL)
                .subnets(f.subnetA, f.subnetC).securityGroups(albGroup)).loadBalancers().get(0).loadBalancerArn();
        targetGroupArn = elb.createTargetGroup(r -> r.name("web").protocol(ProtocolEnum.HTTP).port(80)
                .vpcId(f.vpcId).healthCheckPath("/")).targetGroups().get(0).targetGroupArn();
        elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(80)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn)));
        f.asg.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId(webTemplate).version("$Latest"))
                .minSize(1).desiredCapacity(2).maxSize(3).vpcZoneIdentifier(f.subnetA + "," + f.subnetC)
                .targetGroupARNs(targetGroupArn).healthCheckType("ELB").healthCheckGracePeriod(0));
    }

    private List<TargetHealthDescription> targets() {
        return elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)).targetHealthDescriptions();
    }

    @Test
    void group_behindTargetGroup_registersItsInstancesWhichBecomeHealthy() {
        start(SandboxConfig.instant(), true);

        assertThat(eventually(DEADLINE, () -> targets().size() == 2 && targets().stream()
                .allMatch(t -> t.targetHealth().state() == TargetHealthStateEnum.HEALTHY))).isTrue();
        assertThat(targets()).extracting(t -> t.target().id())
                .containsExactlyInAnyOrderElementsOf(f.group("web").instances().stream()
                        .map(software.amazon.awssdk.services.autoscaling.model.Instance::instanceId).toList());
    }

    @Test
    void scaleIn_behindTargetGroup_drainsTheTargetBeforeEc2TerminatesIt() {
        // Deregistration delay 300 s × 0.02 = 6 s (long enough to see it on a busy machine); instance
        // launch 0.4 s, load balancer 3 s.
        start(SandboxConfig.realistic(0.02), true);
        assertThat(eventually(DEADLINE, () -> targets().size() == 2 && targets().stream()
                .allMatch(t -> t.targetHealth().state() == TargetHealthStateEnum.HEALTHY))).isTrue();

        f.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(1));

        Activity draining = f.asg.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities().get(0);
        assertThat(draining.description()).startsWith("Terminating EC2 instance: ");
        assertThat(draining.statusCodeAsString()).isEqualTo("WaitingForELBConnectionDraining");
        String leaving = draining.description().substring("Terminating EC2 instance: ".length());
        assertThat(targets()).anySatisfy(t -> {
            assertThat(t.target().id()).isEqualTo(leaving);
            assertThat(t.targetHealth().state()).isEqualTo(TargetHealthStateEnum.DRAINING);
        });
        // While it drains EC2 still runs it.
        assertThat(f.liveInstances("web")).extracting(i -> i.instanceId()).contains(leaving);
        assertThat(eventually(DEADLINE, () -> f.liveInstances("web").size() == 1)).isTrue();
        assertThat(eventually(DEADLINE, () -> f.asg.describeScalingActivities(r -> r.activityIds(
                draining.activityId())).activities().get(0).statusCodeAsString().equals("Successful"))).isTrue();
    }

    @Test
    void forceDelete_behindTargetGroup_showsDeleteInProgressUntilItsInstancesAreGone() {
        start(SandboxConfig.realistic(0.01), true);
        assertThat(eventually(DEADLINE, () -> targets().size() == 2 && targets().stream()
                .allMatch(t -> t.targetHealth().state() == TargetHealthStateEnum.HEALTHY))).isTrue();

        f.asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName("web").forceDelete(true));

        assertThat(f.group("web").status()).isEqualTo("Delete in progress");
        assertThat(f.group("web").instances()).allSatisfy(i -> assertThat(i.lifecycleStateAsString())
                .isIn("Terminating", "Terminated"));
        assertThat(eventually(DEADLINE, () -> f.asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web"))
                .autoScalingGroups().isEmpty())).isTrue();
        assertThat(f.liveInstances("web")).isEmpty();
        assertThat(f.server.resources()).noneSatisfy(r -> assertThat(r.get("type")).isEqualTo("autoScalingGroup"));
    }

    @Test
    void group_withElbHealthCheck_replacesAnInstanceWhoseTargetIsUnhealthy() {
        // The instances' security group does not admit the load balancer: Target.Timeout.
        start(SandboxConfig.instant(), false);

        assertThat(eventually(DEADLINE, () -> f.asg.describeScalingActivities(r -> r.autoScalingGroupName("web"))
                .activities().stream().anyMatch(a -> a.cause().contains(
                        "an instance was taken out of service in response to an ELB system health check failure"))))
                .isTrue();
    }
}
