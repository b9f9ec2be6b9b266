package dev.cairn.sandbox.elbv2;

import static dev.cairn.sandbox.elbv2.ElbFixture.assertElbError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.acm.AcmCertificates;
import dev.cairn.sandbox.core.ServiceDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

/** Listeners, their default rules, certificates, and tags on every ELB resource. */
class ListenerTest {
    private ElbFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private Listener redirect(String lb) {
        return f.elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(80)
                .defaultActions(a -> a.type(ActionTypeEnum.REDIRECT).redirectConfig(c -> c.protocol("HTTPS")
                        .port("443").statusCode(RedirectActionStatusCodeEnum.HTTP_301)))).listeners().get(0);
    }

    @Test
    void createListener_forward_answersArnAndDefaultRule() {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        Listener l = f.forward(lb, 80, tg);

        assertThat(l.listenerArn()).matches("arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:"
                + "listener/app/web-alb/[0-9a-f]{16}/[0-9a-f]{16}");
        assertThat(l.defaultActions().get(0).targetGroupArn()).isEqualTo(tg);
        assertThat(l.defaultActions().get(0).forwardConfig().targetGroups().get(0).targetGroupArn()).isEqualTo(tg);
        List<Rule> rules = f.elb.describeRules(r -> r.listenerArn(l.listenerArn())).rules();
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).isDefault()).isTrue();
        assertThat(rules.get(0).priority()).isEqualTo("default");
        assertThat(rules.get(0).ruleArn()).contains(":listener-rule/app/web-alb/");
        assertThat(rules.get(0).actions().get(0).targetGroupArn()).isEqualTo(tg);
        assertThat(f.elb.describeListeners(r -> r.loadBalancerArn(lb)).listeners()).extracting(Listener::port)
                .containsExactly(80);
    }

    @Test
    void createListener_whenPortTaken_isIdempotentForSameSettingsElseDuplicateListener() {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        String arn = f.forward(lb, 80, tg).listenerArn();

        assertThat(f.forward(lb, 80, tg).listenerArn()).isEqualTo(arn);
        assertElbError(() -> redirect(lb), "DuplicateListener");
        assertThat(f.elb.describeListeners(r -> r.loadBalancerArn(lb)).listeners()).hasSize(1);
    }

    @Test
    void createListener_whenTargetGroupUnknownOrProtocolWrong_fails() {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        assertElbError(() -> f.forward(lb, 80,
                "arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:targetgroup/x/0123456789abcdef"),
                "TargetGroupNotFound");
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        assertElbError(() -> f.elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.TCP).port(80)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg))), "ValidationError");
        assertElbError(() -> f.elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTPS).port(443)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg))), "ValidationError");
        assertElbError(() -> f.elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(80)
                .certificates(c -> c.certificateArn("arn:aws:acm:ap-northeast-2:000000000000:certificate/x"))
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg))), "ValidationError");
    }

    @Test
    void createListener_https_needsACertificateAcmHasIssued() {
        f = new ElbFixture(SandboxConfig.instant());
        boolean acmServed = f.server.serves("acm");
        f.close();
        f = null;
        String issued = "arn:aws:acm:ap-northeast-2:000000000000:certificate/11111111-1111-1111-1111-111111111111";
        String pending = "arn:aws:acm:ap-northeast-2:000000000000:certificate/22222222-2222-2222-2222-222222222222";
        // Without ACM in this build, a stand-in exports what ACM tells ELB (its certificates and their status).
        Map<String, AcmCertificates.Certificate> certs = Map.of(
                issued, new AcmCertificates.Certificate(issued, "autoscaling.example.com", "ISSUED"),
                pending, new AcmCertificates.Certificate(pending, "autoscaling.example.com", "PENDING_VALIDATION"));
        org.junit.jupiter.api.Assumptions.assumeFalse(acmServed,
                "ACM is served: its own tests cover HTTPS listeners with real certificates");
        f = new ElbFixture(SandboxConfig.instant(), List.of(ServiceDefinition
                .builder("acm-stand-in", ServiceDefinition.Protocol.QUERY)
                .export(AcmCertificates.class, call -> arn -> Optional.ofNullable(certs.get(arn))).build()));
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();

        for (String cert : List.of(pending, issued.replace("1111-1111-1111", "3333-3333-3333"))) {
            assertElbError(() -> f.elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTPS).port(443)
                    .certificates(c -> c.certificateArn(cert))
                    .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg))), "CertificateNotFound");
        }
        Listener https = f.elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTPS).port(443)
                .certificates(c -> c.certificateArn(issued))
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg))).listeners().get(0);

        assertThat(https.certificates()).extracting(c -> c.certificateArn()).containsExactly(issued);
        assertThat(https.sslPolicy()).isEqualTo("ELBSecurityPolicy-2016-08");
    }

    @Test
    void modifyListener_fromRedirectToForward_changesTheDefaultAction() {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        Listener l = redirect(lb);
        assertThat(l.defaultActions().get(0).redirectConfig().port()).isEqualTo("443");
        assertThat(l.defaultActions().get(0).redirectConfig().host()).isEqualTo("#{host}");

        Listener changed = f.elb.modifyListener(r -> r.listenerArn(l.listenerArn())
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg))).listeners().get(0);

        assertThat(changed.defaultActions().get(0).typeAsString()).isEqualTo("forward");
        assertThat(f.elb.describeListeners(r -> r.listenerArns(l.listenerArn())).listeners().get(0).defaultActions()
                .get(0).targetGroupArn()).isEqualTo(tg);
    }

    @Test
    void deleteLoadBalancer_always_deletesItsListeners() {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        String listener = f.forward(lb, 80, tg).listenerArn();
        f.elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb));

        assertElbError(() -> f.elb.describeListeners(r -> r.listenerArns(listener)), "ListenerNotFound");
        f.elb.deleteTargetGroup(r -> r.targetGroupArn(tg));
    }

    @Test
    void tags_onLoadBalancersTargetGroupsAndListeners_areAddedDescribedRemovedAndFoundByTheTaggingApi() {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.elb.createLoadBalancer(r -> r.name("web-alb").subnets(f.subnetA, f.subnetB)
                .securityGroups(f.lbGroup).tags(Tag.builder().key("cairn:stack").value("demo").build()))
                .loadBalancers().get(0).loadBalancerArn();
        String tg = f.elb.createTargetGroup(r -> r.name("web-tg").protocol(ProtocolEnum.HTTP).port(80).vpcId(f.vpcId)
                .tags(Tag.builder().key("cairn:stack").value("demo").build())).targetGroups().get(0).targetGroupArn();
        String listener = f.forward(lb, 80, tg).listenerArn();
        f.elb.addTags(r -> r.resourceArns(listener, tg).tags(Tag.builder().key("cairn:address").value("web.x").build()));

        assertThat(f.elb.describeTags(r -> r.resourceArns(lb, tg, listener)).tagDescriptions())
                .extracting(d -> d.tags().size()).containsExactly(1, 2, 1);
        f.elb.removeTags(r -> r.resourceArns(tg).tagKeys("cairn:address"));
        assertThat(f.elb.describeTags(r -> r.resourceArns(tg)).tagDescriptions().get(0).tags())
                .extracting(Tag::key).containsExactly("cairn:stack");
        assertElbError(() -> f.elb.addTags(r -> r.resourceArns(
                "arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:loadbalancer/app/x/0123456789abcdef")
                .tags(Tag.builder().key("a").value("b").build())), "LoadBalancerNotFound");

        try (ResourceGroupsTaggingApiClient tagging = ResourceGroupsTaggingApiClient.builder()
                .endpointOverride(f.server.endpoint()).region(SandboxClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .httpClientBuilder(ApacheHttpClient.builder()).build()) {
            List<String> found = tagging.getResources(r -> r.resourceTypeFilters("elasticloadbalancing:loadbalancer",
                    "elasticloadbalancing:targetgroup").tagFilters(t -> t.key("cairn:stack").values("demo")))
                    .resourceTagMappingList().stream().map(ResourceTagMapping::resourceARN).toList();
            assertThat(found).containsExactlyInAnyOrder(lb, tg);
        }
    }
}
