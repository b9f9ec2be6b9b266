package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SignedHttp;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.Xml;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;

/**
 * Another service asking EC2 for network interfaces through {@link Ec2Network}, as a load
 * balancer does: a service the test registers under ELBv2's wire names (it is not ELBv2) makes
 * an interface per subnet. EC2 shows and enforces them, the change is saved in EC2's file
 * though it came through the other service, and EC2's errors reach the caller in its envelope.
 */
class Ec2NetworkPeerTest {
    @TempDir
    Path dataDir;
    private SandboxServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The test's balancer store: name → the interfaces EC2 made for it. */
    static final class Balancers {
        static final StoreSpec<Balancers> SPEC = StoreSpec.of("practice-balancers.json", Balancers.class, Balancers::new);
        public LinkedHashMap<String, List<String>> interfaces = new LinkedHashMap<>();
    }

    private static ServiceDefinition balancers() {
        // Not ELB's own signing name or version: the Sandbox serves the real ELBv2 beside it.
        return ServiceDefinition.builder("practice-elb", ServiceDefinition.Protocol.QUERY)
                .apiVersion("2099-12-01")
                .xmlNamespace("http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/")
                .store(Balancers.SPEC)
                .query("CreateLoadBalancer", Effect.WRITES, Ec2NetworkPeerTest::create)
                .query("DeleteLoadBalancer", Effect.WRITES, (call, x) -> {
                    List<String> enis = call.state(Balancers.class).interfaces.remove(call.params().required("Name"));
                    enis.forEach(call.peer(Ec2Network.class)::releaseInterface);
                })
                .build();
    }

    private static void create(Call call, Xml x) {
        String name = call.params().required("Name");
        List<String> subnets = call.params().list("Subnets.member");
        if (subnets.isEmpty()) {
            throw AwsException.missingParameter("Subnets.member.1");
        }
        Ec2Network ec2 = call.peer(Ec2Network.class);
        List<String> made = new ArrayList<>();
        for (String subnet : subnets) {
            made.add(ec2.createInterface(subnet, List.of(), "ELB app/" + name + "/50dc6c495c0c9188", "interface").id());
        }
        call.state(Balancers.class).interfaces.put(name, made);
        x.start("LoadBalancers").start("member").el("LoadBalancerName", name).end().end();
    }

    private HttpResponse<String> balancerCall(String form) {
        return SignedHttp.send(server.endpoint(), "practice-elb", "ap-northeast-2", "POST", "/",
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                ("Version=2099-12-01&" + form).getBytes(StandardCharsets.UTF_8));
    }

    private List<NetworkInterface> interfacesIn(Ec2Client ec2, String subnetId) {
        return ec2.describeNetworkInterfaces(r -> r.filters(Filter.builder().name("subnet-id").values(subnetId).build()))
                .networkInterfaces();
    }

    @Test
    void createInterface_forAnotherService_isEc2sBlocksTheSubnetAndIsSavedWithEc2() {
        SandboxConfig config = SandboxConfig.instant().withDataDir(dataDir);
        server = SandboxServer.start(config, List.of(balancers()));
        String subnetId;
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.1.0/24")).subnet().subnetId();

            HttpResponse<String> created = balancerCall("Action=CreateLoadBalancer&Name=web&Subnets.member.1=" + subnetId);

            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(created.body()).contains("<CreateLoadBalancerResult>").contains("<LoadBalancerName>web<");
            assertThat(interfacesIn(ec2, subnetId)).singleElement().satisfies(eni -> {
                assertThat(eni.requesterManaged()).isTrue();
                assertThat(eni.description()).startsWith("ELB app/web/");
                assertThat(eni.privateIpAddress()).isEqualTo("10.0.1.4");
            });
            assertEc2Error(() -> ec2.deleteSubnet(r -> r.subnetId(subnetId)), "DependencyViolation");
        }
        server.close();

        server = SandboxServer.start(config, List.of(balancers()));
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            assertThat(interfacesIn(ec2, subnetId)).hasSize(1);
            assertThat(balancerCall("Action=DeleteLoadBalancer&Name=web").statusCode()).isEqualTo(200);
            assertThat(interfacesIn(ec2, subnetId)).isEmpty();
            ec2.deleteSubnet(r -> r.subnetId(subnetId));
        }
    }

    @Test
    void createInterface_whenSubnetUnknown_answersEc2sErrorInTheCallersEnvelope() {
        server = SandboxServer.start(SandboxConfig.instant(), List.of(balancers()));

        HttpResponse<String> r = balancerCall("Action=CreateLoadBalancer&Name=web&Subnets.member.1=subnet-0123456789abcdef0");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">")
                .contains("<Code>InvalidSubnetID.NotFound</Code>");
    }
}
