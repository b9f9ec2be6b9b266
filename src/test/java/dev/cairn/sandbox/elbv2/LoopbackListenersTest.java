package dev.cairn.sandbox.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.SandboxConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;

/** The load balancers answer on the loopback: round robin over healthy targets, 503, redirects, the control list. */
class LoopbackListenersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private ElbFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private JsonNode loadBalancers() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(f.server.endpoint().resolve("/_sandbox/load-balancers"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The loopback URL of the listener on a port, once it is served. */
    private String url(int port) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode lb : loadBalancers()) {
                for (JsonNode l : lb.path("listeners")) {
                    if (l.path("port").asInt() == port && l.hasNonNull("url")) {
                        return l.path("url").asText();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no loopback URL for port " + port + ": " + loadBalancers());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forwardListener_withTwoHealthyInstances_answersFromBothInTurn() throws Exception {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        f.forward(lb, 80, tg);
        f.admitLoadBalancer(80);
        String a = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);
        String b = f.runInstance(f.subnetB, ElbFixture.APP_USER_DATA);
        f.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(a), t -> t.id(b)));
        String url = url(80);

        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = get(url);
            assertThat(r.statusCode()).isEqualTo(200);
            bodies.add(r.body().trim());
        }

        assertThat(bodies).containsExactlyInAnyOrder("<h1>Hello from " + a + " in ap-northeast-2a</h1>",
                "<h1>Hello from " + b + " in ap-northeast-2c</h1>");
        assertThat(get(url + "missing.html").statusCode()).isEqualTo(404);
    }

    @Test
    void forwardListener_withoutHealthyTargets_answers503AsAnAlbDoes() throws Exception {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        f.forward(lb, 80, tg);
        String a = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);
        // Registered, but the instance's group does not admit the load balancer: Target.Timeout.
        f.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(a)));

        HttpResponse<String> r = get(url(80));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Server")).contains("awselb/2.0");
        assertThat(r.body()).contains("503 Service Temporarily Unavailable");
    }

    @Test
    void redirectListener_always_answers301ToTheLoopbackListenerOfTheRedirectPort() throws Exception {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        // In the Sandbox an HTTPS listener is served as plain HTTP; without ACM its certificate is not checked.
        f.elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(443)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg)));
        f.elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(80)
                .defaultActions(a -> a.type(ActionTypeEnum.REDIRECT).redirectConfig(c -> c.protocol("HTTPS")
                        .port("443").statusCode(RedirectActionStatusCodeEnum.HTTP_301))));
        String secure = url(443);
        String plain = url(80);

        HttpResponse<String> r = get(plain + "page?x=1");

        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).contains(secure + "page?x=1");
    }

    @Test
    void controlPath_listsEveryLoadBalancerWithItsStateAndListeners() throws Exception {
        f = new ElbFixture(SandboxConfig.realistic(1.0));
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        f.forward(lb, 80, tg);

        JsonNode list = loadBalancers();

        assertThat(list).hasSize(1);
        JsonNode item = list.get(0);
        assertThat(item.path("account").asText()).isEqualTo("000000000000");
        assertThat(item.path("region").asText()).isEqualTo("ap-northeast-2");
        assertThat(item.path("name").asText()).isEqualTo("web-alb");
        assertThat(item.path("arn").asText()).isEqualTo(lb);
        assertThat(item.path("dnsName").asText()).startsWith("web-alb-");
        // Provisioning for 150 s: not served yet.
        assertThat(item.path("state").asText()).isEqualTo("provisioning");
        assertThat(item.path("listeners").get(0).path("port").asInt()).isEqualTo(80);
        assertThat(item.path("listeners").get(0).path("protocol").asText()).isEqualTo("HTTP");
        assertThat(item.path("listeners").get(0).path("url").isNull()).isTrue();
    }

    @Test
    void deletedLoadBalancer_stopsBeingServed() throws Exception {
        f = new ElbFixture(SandboxConfig.instant());
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        f.forward(lb, 80, tg);
        String url = url(80);
        assertThat(get(url).statusCode()).isEqualTo(503);

        f.elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb));

        assertThat(loadBalancers()).isEmpty();
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        boolean refused = false;
        while (!refused && System.currentTimeMillis() < deadline) {
            try {
                get(url);
                Thread.sleep(50);
            } catch (java.io.IOException e) {
                refused = true;
            }
        }
        assertThat(refused).as("the listener's port stops answering").isTrue();
    }
}
