package dev.cairn.aws.elbv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.Found;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Elbv2Kinds;
import dev.cairn.sandbox.IssuedCertificates;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.MotoBackend;
import dev.cairn.testing.Specs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** The load balancer, target group and listener handlers through the real SDK against each backend. */
class Elbv2HandlersTest {

    private static final String REGION = "us-east-1";
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";
    /** Long enough for several polls to see the interfaces, short enough for a unit test. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private interface Body {
        void run(WebFixture f) throws Exception;
    }

    private static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("elasticloadbalancing"), backend + " does not serve Elastic Load Balancing (v2)");
        try (WebFixture f = WebFixture.on(backend, REGION)) {
            body.run(f.network());
        }
    }

    private static Map<String, String> tags(ElasticLoadBalancingV2Client elb, String arn) {
        Map<String, String> map = new LinkedHashMap<>();
        elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags().forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void loadBalancer_roundTrip_isActiveWithItsAttributesThenGone(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ResolvedSpec spec = f.loadBalancerSpec(f.stack + "-alb");
            ResourceHandler h = f.handler(Elbv2Kinds.LOAD_BALANCER);

            ResourceRecord lb = f.apply(spec);

            assertThat(lb.physicalId()).contains(":loadbalancer/app/" + f.stack + "-alb/");
            assertThat(lb.attributes()).containsEntry("name", f.stack + "-alb").containsEntry("state", "active")
                    .containsKeys("dnsName", "canonicalHostedZoneId");
            var described = f.clients.elbv2(REGION).describeLoadBalancers(r -> r.loadBalancerArns(lb.physicalId())).loadBalancers().get(0);
            assertThat(described.availabilityZones()).extracting(z -> z.subnetId())
                    .containsExactlyInAnyOrder(f.subnets.get("public-a"), f.subnets.get("public-b"));
            assertThat(described.securityGroups()).containsExactly(f.lbGroupId);
            assertThat(tags(f.clients.elbv2(REGION), lb.physicalId())).containsEntry("cairn:stack", f.stack)
                    .containsEntry("cairn:address", "web.load-balancer").containsEntry("team", "cairn-tests");
            assertThat(Specs.ours(h.find(f.ctx, spec))).map(LiveResource::physicalId).contains(lb.physicalId());
            assertThat(h.read(f.ctx, lb)).map(LiveResource::physicalId).contains(lb.physicalId());

            f.destroy(lb);

            assertThat(Specs.ours(h.find(f.ctx, spec))).isEmpty();
            assertThat(h.read(f.ctx, lb)).isEmpty();
            assertThat(f.ec2().describeNetworkInterfaces(r -> r.filters(fl -> fl.name("description")
                    .values(LoadBalancerHandler.interfaceDescription(lb.physicalId())))).networkInterfaces()).isEmpty();
        });
    }

    /**
     * The load balancer's interfaces outlive it (the Sandbox lets them linger as AWS does; here
     * for {@link #LINGER}, on a Sandbox of its own): the wait names them and ends once they are gone.
     */
    @Test
    void loadBalancer_awaitGone_whileItsInterfacesLinger_namesThemAndWaits() throws Exception {
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withEniLinger(LINGER));
                WebFixture f = new WebFixture(AwsClients.sandbox(server.endpoint()), REGION, WebFixture.LOCAL_TIMEOUT)) {
            f.network();
            ResourceHandler h = f.handler(Elbv2Kinds.LOAD_BALANCER);
            ResourceRecord lb = f.apply(f.loadBalancerSpec(f.stack + "-alb"));
            List<String> interfaces = f.ec2().describeNetworkInterfaces(r -> r.filters(fl -> fl.name("description")
                    .values(LoadBalancerHandler.interfaceDescription(lb.physicalId())))).networkInterfaces().stream()
                    .map(NetworkInterface::networkInterfaceId).toList();
            assertThat(interfaces).hasSize(2);

            assertThat(h.delete(f.ctx, lb).outcome()).isEqualTo(Poll.Outcome.DONE);
            Poll first = Specs.poll(() -> {
                Poll p = h.awaitGone(f.ctx, lb);
                return p.message().english().contains("network interfaces") ? Poll.done(null) : p;
            }, WebFixture.LOCAL_TIMEOUT, Duration.ofMillis(20));
            assertThat(h.awaitGone(f.ctx, lb).outcome()).isEqualTo(Poll.Outcome.PENDING);
            Poll waiting = h.awaitGone(f.ctx, lb);

            assertThat(first.outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(waiting.message().english()).contains(f.stack + "-alb").contains(interfaces.get(0)).contains(interfaces.get(1));
            assertThat(Specs.poll(() -> h.awaitGone(f.ctx, lb), WebFixture.LOCAL_TIMEOUT).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(f.ec2().describeNetworkInterfaces(r -> r.filters(fl -> fl.name("description")
                    .values(LoadBalancerHandler.interfaceDescription(lb.physicalId())))).networkInterfaces()).isEmpty();
        }
    }

    /**
     * moto makes no interfaces for a load balancer, so one is made by hand with the description
     * AWS gives a load balancer's: the wait names it, and ends once it is deleted.
     */
    @Test
    void loadBalancer_awaitGone_onMotoWithAHandMadeInterface_namesItAndWaits() throws Exception {
        try (WebFixture f = WebFixture.on(MotoBackend.instance(), REGION)) {
            f.network();
            ResourceHandler h = f.handler(Elbv2Kinds.LOAD_BALANCER);
            ResourceRecord lb = f.apply(f.loadBalancerSpec(f.stack + "-alb"));
            assertThat(h.delete(f.ctx, lb).outcome()).isEqualTo(Poll.Outcome.DONE);
            String eni = f.ec2().createNetworkInterface(r -> r.subnetId(f.subnets.get("public-a"))
                    .description(LoadBalancerHandler.interfaceDescription(lb.physicalId()))).networkInterface().networkInterfaceId();

            Poll waiting = h.awaitGone(f.ctx, lb);

            assertThat(waiting.outcome()).isEqualTo(Poll.Outcome.PENDING);
            assertThat(waiting.message().english()).contains("network interfaces").contains(eni).contains(f.stack + "-alb");
            f.ec2().deleteNetworkInterface(r -> r.networkInterfaceId(eni));
            assertThat(Specs.poll(() -> h.awaitGone(f.ctx, lb), WebFixture.LOCAL_TIMEOUT).outcome()).isEqualTo(Poll.Outcome.DONE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void loadBalancer_whenNameHeldWithoutOurTags_isTakenAndNotAdopted(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = f.stack + "-alb";
            String arn = f.clients.elbv2(REGION).createLoadBalancer(r -> r.name(name)
                    .subnets(f.subnets.get("public-a"), f.subnets.get("public-b")).securityGroups(f.lbGroupId))
                    .loadBalancers().get(0).loadBalancerArn();

            Found found = f.handler(Elbv2Kinds.LOAD_BALANCER).find(f.ctx, f.loadBalancerSpec(name));

            assertThat(found).isInstanceOf(Found.Taken.class);
            assertThat(((Found.Taken) found).what()).contains(name).contains(arn).contains("without Cairn's tags");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void loadBalancer_updateTags_changesThemInPlace(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ResolvedSpec spec = f.loadBalancerSpec(f.stack + "-alb");
            ResourceRecord lb = f.apply(spec);
            Map<String, String> newTags = new LinkedHashMap<>(spec.tags());
            newTags.remove("team");
            newTags.put("owner", "web");
            ResolvedSpec retagged = new ResolvedSpec(spec.spec(), spec.refs(), newTags);
            ResourceRecord before = new ResourceRecord(spec.spec().withTags(Map.of("team", "cairn-tests")), lb.physicalId(),
                    lb.attributes(), lb.status(), lb.updated());

            f.update(retagged, before, Set.of(ResourceHandler.TAGS));

            assertThat(tags(f.clients.elbv2(REGION), lb.physicalId())).containsEntry("owner", "web").doesNotContainKey("team")
                    .containsEntry("cairn:stack", f.stack);
            f.destroy(lb);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void targetGroup_roundTrip_setsHealthCheckAndDelay_andChangesThemInPlace(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ElasticLoadBalancingV2Client elb = f.clients.elbv2(REGION);
            ResolvedSpec spec = f.targetGroupSpec(f.stack + "-tg", Map.of());
            ResourceHandler h = f.handler(Elbv2Kinds.TARGET_GROUP);

            ResourceRecord tg = f.apply(spec);

            TargetGroup described = elb.describeTargetGroups(r -> r.targetGroupArns(tg.physicalId())).targetGroups().get(0);
            assertThat(described.vpcId()).isEqualTo(f.vpcId);
            assertThat(described.healthCheckPath()).isEqualTo("/");
            assertThat(described.healthCheckIntervalSeconds()).isEqualTo(10);
            assertThat(described.healthyThresholdCount()).isEqualTo(2);
            assertThat(delay(elb, tg.physicalId())).isEqualTo("30");
            assertThat(tg.attributes()).containsEntry("name", f.stack + "-tg");
            assertThat(Specs.ours(h.find(f.ctx, spec))).map(LiveResource::physicalId).contains(tg.physicalId());

            ResolvedSpec changed = f.targetGroupSpec(f.stack + "-tg", Map.of("healthCheckPath", "/health",
                    "deregistrationDelaySeconds", "5", "healthyThresholdCount", "3"));
            ResourceRecord updated = f.update(changed, tg, Set.of("healthCheckPath", "deregistrationDelaySeconds", "healthyThresholdCount"));

            assertThat(updated.physicalId()).isEqualTo(tg.physicalId());
            described = elb.describeTargetGroups(r -> r.targetGroupArns(tg.physicalId())).targetGroups().get(0);
            assertThat(described.healthCheckPath()).isEqualTo("/health");
            assertThat(described.healthyThresholdCount()).isEqualTo(3);
            assertThat(delay(elb, tg.physicalId())).isEqualTo("5");

            f.destroy(tg);
            assertThat(Specs.ours(h.find(f.ctx, spec))).isEmpty();
            assertThat(h.read(f.ctx, tg)).isEmpty();
        });
    }

    /** A create killed before its attribute call: the wait sets the delay. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void targetGroup_awaitReady_whenDelayNotYetSet_setsIt(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ElasticLoadBalancingV2Client elb = f.clients.elbv2(REGION);
            ResolvedSpec spec = f.targetGroupSpec(f.stack + "-tg", Map.of());
            ResourceRecord tg = f.apply(spec);
            elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg.physicalId()).attributes(a -> a
                    .key(TargetGroupHandler.DEREGISTRATION_DELAY).value("300")));

            assertThat(f.handler(Elbv2Kinds.TARGET_GROUP).awaitReady(f.ctx, spec, LiveResource.of(tg.physicalId())).outcome())
                    .isEqualTo(Poll.Outcome.DONE);

            assertThat(delay(elb, tg.physicalId())).isEqualTo("30");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void targetGroup_deleteWhileAListenerForwardsToIt_isRetryableResourceInUse(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ResourceRecord lb = f.apply(f.loadBalancerSpec(f.stack + "-alb"));
            ResourceRecord tg = f.apply(f.targetGroupSpec(f.stack + "-tg", Map.of()));
            ResourceRecord listener = f.apply(f.listenerSpec(lb, tg, "forward"));

            assertThatThrownBy(() -> f.handler(Elbv2Kinds.TARGET_GROUP).delete(f.ctx, tg))
                    .isInstanceOf(RetryableException.class)
                    .hasMessageContaining(f.stack + "-tg").hasMessageContaining("listener")
                    .satisfies(e -> assertThat(((RetryableException) e).awsCode()).isEqualTo("ResourceInUse"));

            f.destroy(listener);
            f.destroy(tg);
            f.destroy(lb);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void listener_forwardFoundByPort_thenRedirectInPlace_thenGone(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ElasticLoadBalancingV2Client elb = f.clients.elbv2(REGION);
            ResourceRecord lb = f.apply(f.loadBalancerSpec(f.stack + "-alb"));
            ResourceRecord tg = f.apply(f.targetGroupSpec(f.stack + "-tg", Map.of()));
            ResolvedSpec spec = f.listenerSpec(lb, tg, "forward");
            ResourceHandler h = f.handler(Elbv2Kinds.LISTENER);

            ResourceRecord listener = f.apply(spec);

            assertThat(Specs.ours(h.find(f.ctx, spec))).map(LiveResource::physicalId).contains(listener.physicalId());
            Listener described = elb.describeListeners(r -> r.listenerArns(listener.physicalId())).listeners().get(0);
            assertThat(described.port()).isEqualTo(80);
            assertThat(described.defaultActions().get(0).type()).isEqualTo(ActionTypeEnum.FORWARD);
            assertThat(described.defaultActions().get(0).targetGroupArn()).isEqualTo(tg.physicalId());

            ResolvedSpec redirect = f.listenerSpec(lb, tg, "redirect");
            ResourceRecord updated = f.update(redirect, listener, Set.of("action"));

            assertThat(updated.physicalId()).isEqualTo(listener.physicalId());
            described = elb.describeListeners(r -> r.listenerArns(listener.physicalId())).listeners().get(0);
            assertThat(described.defaultActions().get(0).type()).isEqualTo(ActionTypeEnum.REDIRECT);
            assertThat(described.defaultActions().get(0).redirectConfig().protocol()).isEqualTo("HTTPS");
            assertThat(described.defaultActions().get(0).redirectConfig().port()).isEqualTo("443");
            assertThat(described.defaultActions().get(0).redirectConfig().statusCodeAsString()).isEqualTo("HTTP_301");

            f.destroy(listener);
            assertThat(Specs.ours(h.find(f.ctx, spec))).isEmpty();
            assertThat(h.read(f.ctx, listener)).isEmpty();
            f.destroy(tg);
            f.destroy(lb);
        });
    }

    /**
     * An HTTPS listener carries the certificate ref. AWS and the Sandbox need a certificate ACM has
     * issued, so there it is issued first as a person would (zone, DNS validation record, ISSUED);
     * moto accepts one ACM has not issued yet, so there it is only requested.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void listener_https_carriesTheCertificate(AwsBackend backend) throws Exception {
        assumeTrue(backend.serves("acm"), backend + " does not serve ACM");
        with(backend, f -> {
            String domain = "autoscaling.example.com";
            String certificate = backend.followsAwsDependencyRules()
                    ? IssuedCertificates.issue(f.clients.acm(REGION), f.clients.route53(), domain)
                    : IssuedCertificates.requestPending(f.clients.acm(REGION), domain);
            ResourceRecord lb = f.apply(f.loadBalancerSpec(f.stack + "-alb"));
            ResourceRecord tg = f.apply(f.targetGroupSpec(f.stack + "-tg", Map.of()));
            ResolvedSpec spec = f.spec(Elbv2Kinds.LISTENER, "web.listener[443]", Map.of("port", "443", "protocol", "HTTPS",
                    "action", "forward"), Map.of("loadBalancer", lb, "targetGroup", tg,
                    "certificate", f.existing(dev.cairn.model.kinds.AcmKinds.CERTIFICATE, "web.certificate", certificate)));

            ResourceRecord listener = f.apply(spec);

            Listener described = f.clients.elbv2(REGION).describeListeners(r -> r.listenerArns(listener.physicalId())).listeners().get(0);
            assertThat(described.protocolAsString()).isEqualTo("HTTPS");
            assertThat(described.certificates()).extracting(c -> c.certificateArn()).containsExactly(certificate);
            f.destroy(listener);
        });
    }

    @Test
    void interfaceDescription_isElbAndTheArnsResourcePath() {
        assertThat(LoadBalancerHandler.interfaceDescription(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/50dc6c495c0c9188"))
                .isEqualTo("ELB app/web-alb/50dc6c495c0c9188");
    }

    private static String delay(ElasticLoadBalancingV2Client elb, String arn) {
        return elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes().stream()
                .filter(a -> a.key().equals(TargetGroupHandler.DEREGISTRATION_DELAY))
                .findFirst().orElseThrow().value();
    }
}
