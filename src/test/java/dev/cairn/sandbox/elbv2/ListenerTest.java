package dev.cairn.sandbox.elbv2;

import static dev.cairn.sandbox.elbv2.ElbFixture.assertElbError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.IssuedCertificates;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.route53.DnsClients;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.route53.Route53Client;

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

    /**
     * A certificate got as a person gets one (zone, DNS-validated request, its CNAME written,
     * ISSUED) makes an HTTPS listener; one still pending validation, or an ARN ACM does not
     * hold, is {@code CertificateNotFound}.
     */
    @Test
    void createListener_https_needsACertificateAcmHasIssued() {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        try (AcmClient acm = DnsClients.acm(f.server, SandboxClients.REGION);
                Route53Client r53 = DnsClients.route53(f.server)) {
            String issued = IssuedCertificates.issue(acm, r53, "web.example.test");
            String pending = IssuedCertificates.requestPending(acm, "pending.example.test");
            String unknown = "arn:aws:acm:ap-northeast-2:000000000000:certificate/00000000-0000-4000-8000-000000000000";
            assertThat(acm.describeCertificate(r -> r.certificateArn(issued)).certificate().status())
                    .isEqualTo(CertificateStatus.ISSUED);
            assertThat(acm.describeCertificate(r -> r.certificateArn(pending)).certificate().status())
                    .isEqualTo(CertificateStatus.PENDING_VALIDATION);

            for (String cert : List.of(pending, unknown)) {
                assertThat(assertElbError(() -> f.https(lb, 443, tg, cert), "CertificateNotFound")).contains(cert);
            }
            assertThat(f.elb.describeListeners(r -> r.loadBalancerArn(lb)).listeners()).isEmpty();
            Listener https = f.https(lb, 443, tg, issued);

            assertThat(https.protocol()).isEqualTo(ProtocolEnum.HTTPS);
            assertThat(https.certificates()).extracting(c -> c.certificateArn()).containsExactly(issued);
            assertThat(https.sslPolicy()).isEqualTo("ELBSecurityPolicy-2016-08");
            assertThat(f.elb.describeListeners(r -> r.listenerArns(https.listenerArn())).listeners().get(0)
                    .certificates()).extracting(c -> c.certificateArn()).containsExactly(issued);
        }
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
