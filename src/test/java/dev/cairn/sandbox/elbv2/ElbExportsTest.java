package dev.cairn.sandbox.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.core.ServiceDefinition;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What ELB exports to other services, called as Auto Scaling and ACM will call it: through a
 * small probe service that forwards to {@link ElbTargets} and {@link ElbCertificateUsers}.
 */
class ElbExportsTest {
    private static final String PROBE = "elb-probe";
    private final HttpClient http = HttpClient.newHttpClient();
    private ElbFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    /** A query service whose operations call ELB's exported interfaces for the caller. */
    private static ServiceDefinition probe() {
        return ServiceDefinition.builder(PROBE, ServiceDefinition.Protocol.QUERY)
                .apiVersion("2000-01-01")
                .query("Register", ServiceDefinition.Effect.WRITES, (call, x) -> call.peer(ElbTargets.class)
                        .register(call.params().get("TargetGroupArn"), call.params().get("InstanceId")))
                .query("Deregister", ServiceDefinition.Effect.WRITES, (call, x) -> call.peer(ElbTargets.class)
                        .deregister(call.params().get("TargetGroupArn"), call.params().get("InstanceId")))
                .query("Probe", ServiceDefinition.Effect.READS, (call, x) -> {
                    ElbTargets targets = call.peer(ElbTargets.class);
                    String tg = call.params().get("TargetGroupArn");
                    String instance = call.params().get("InstanceId");
                    x.el("Exists", targets.targetGroupExists(tg))
                            .el("Health", targets.health(tg, instance).orElse("none"))
                            .el("Drained", targets.drained(tg, instance))
                            .el("CertificateInUse", call.peer(ElbCertificateUsers.class)
                                    .inUse(call.params().get("CertificateArn")));
                })
                .build();
    }

    private String call(String action, String tg, String instance, String cert) throws Exception {
        String body = "Action=" + action + "&Version=2000-01-01&TargetGroupArn=" + enc(tg) + "&InstanceId=" + enc(instance)
                + "&CertificateArn=" + enc(cert);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(f.server.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=sandbox/20261206/ap-northeast-2/" + PROBE
                        + "/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    @Test
    void elbTargets_registerHealthDeregister_followTheTargetGroup_andCertificateUseFollowsListeners() throws Exception {
        f = new ElbFixture(SandboxConfig.instant(), List.of(probe()));
        String lb = f.createLoadBalancer("web-alb").loadBalancerArn();
        String tg = f.createTargetGroup("web-tg").targetGroupArn();
        f.forward(lb, 80, tg);
        f.admitLoadBalancer(80);
        String instance = f.runInstance(f.subnetA, ElbFixture.APP_USER_DATA);
        String cert = "arn:aws:acm:ap-northeast-2:000000000000:certificate/11111111-1111-1111-1111-111111111111";

        assertThat(call("Probe", tg, instance, cert)).contains("<Exists>true</Exists>").contains("<Health>none</Health>")
                .contains("<Drained>true</Drained>").contains("<CertificateInUse>false</CertificateInUse>");
        call("Register", tg, instance, cert);
        assertThat(call("Probe", tg, instance, cert)).contains("<Health>healthy</Health>")
                .contains("<Drained>false</Drained>");
        assertThat(f.elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions()).hasSize(1);

        call("Deregister", tg, instance, cert);
        assertThat(call("Probe", tg, instance, cert)).contains("<Health>none</Health>").contains("<Drained>true</Drained>");
        assertThat(call("Probe", tg.replace("web-tg", "other"), instance, cert)).contains("<Exists>false</Exists>");

        // Without ACM in this build the listener's certificate is not checked: the use is still seen.
        org.junit.jupiter.api.Assumptions.assumeFalse(f.server.serves("acm"), "ACM is served: its tests cover in-use");
        f.elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTPS").port(443)
                .certificates(c -> c.certificateArn(cert))
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        assertThat(call("Probe", tg, instance, cert)).contains("<CertificateInUse>true</CertificateInUse>");
    }
}
