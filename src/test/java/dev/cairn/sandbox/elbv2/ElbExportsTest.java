package dev.cairn.sandbox.elbv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.sandbox.IssuedCertificates;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.route53.DnsClients;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.ResourceInUseException;
import software.amazon.awssdk.services.acm.model.ResourceNotFoundException;
import software.amazon.awssdk.services.route53.Route53Client;

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

        // ElbCertificateUsers, seen by the probe and by ACM itself: a certificate an HTTPS listener uses
        // cannot be deleted; once the listener is gone it can.
        try (AcmClient acm = DnsClients.acm(f.server, SandboxClients.REGION);
                Route53Client r53 = DnsClients.route53(f.server)) {
            String issued = IssuedCertificates.issue(acm, r53, "web.example.test");
            String listener = f.https(lb, 443, tg, issued).listenerArn();
            assertThat(call("Probe", tg, instance, issued)).contains("<CertificateInUse>true</CertificateInUse>");

            ResourceInUseException inUse = catchThrowableOfType(
                    () -> acm.deleteCertificate(r -> r.certificateArn(issued)), ResourceInUseException.class);
            assertThat(inUse).as("DeleteCertificate while a listener uses it").isNotNull();
            assertThat(inUse.awsErrorDetails().errorMessage()).contains(issued);

            f.elb.deleteListener(r -> r.listenerArn(listener));
            assertThat(call("Probe", tg, instance, issued)).contains("<CertificateInUse>false</CertificateInUse>");
            acm.deleteCertificate(r -> r.certificateArn(issued));
            assertThat(catchThrowableOfType(() -> acm.describeCertificate(r -> r.certificateArn(issued)),
                    ResourceNotFoundException.class)).isNotNull();
        }
    }
}
