package dev.cairn.sandbox.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.core.ServiceDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * A Sandbox with what an ECS service behind a load balancer needs, made through the real APIs:
 * a VPC with an internet gateway, two subnets in two zones, a group for the load balancer and
 * one for the tasks admitting it on port 80, an Application Load Balancer with an {@code ip}
 * target group forwarded to from port 80, and a cluster.
 */
final class EcsFixture implements AutoCloseable {
    static final String CLUSTER = "demo";
    static final String NGINX = "public.ecr.aws/nginx/nginx:stable-alpine";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    final SandboxServer server;
    final Ec2Client ec2;
    final ElasticLoadBalancingV2Client elb;
    final EcsClient ecs;
    final String vpcId;
    final String subnetA;
    final String subnetB;
    final String lbGroup;
    final String taskGroup;
    final String loadBalancerArn;
    final String targetGroupArn;
    final String listenerArn;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    EcsFixture(SandboxConfig config) {
        this(config, List.of());
    }

    EcsFixture(SandboxConfig config, List<ServiceDefinition> more) {
        server = SandboxServer.start(config, more);
        ec2 = SandboxClients.ec2(server);
        elb = SandboxClients.noRetry(ElasticLoadBalancingV2Client.builder(), server, SandboxClients.REGION,
                SandboxClients.ACCESS_KEY);
        ecs = SandboxClients.noRetry(EcsClient.builder(), server, SandboxClients.REGION, SandboxClients.ACCESS_KEY);
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
        subnetA = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.0.0/24").availabilityZone("ap-northeast-2a"))
                .subnet().subnetId();
        subnetB = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.1.0/24").availabilityZone("ap-northeast-2c"))
                .subnet().subnetId();
        lbGroup = ec2.createSecurityGroup(r -> r.groupName("alb").description("alb").vpcId(vpcId)).groupId();
        taskGroup = ec2.createSecurityGroup(r -> r.groupName("tasks").description("tasks").vpcId(vpcId)).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(taskGroup).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(80).toPort(80).userIdGroupPairs(g -> g.groupId(lbGroup))));
        loadBalancerArn = elb.createLoadBalancer(r -> r.name("demo-alb").subnets(subnetA, subnetB)
                .securityGroups(lbGroup)).loadBalancers().get(0).loadBalancerArn();
        targetGroupArn = ipTargetGroup("demo-blue");
        listenerArn = elb.createListener(r -> r.loadBalancerArn(loadBalancerArn).protocol(ProtocolEnum.HTTP).port(80)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn)))
                .listeners().get(0).listenerArn();
        ecs.createCluster(r -> r.clusterName(CLUSTER));
    }

    String ipTargetGroup(String name) {
        return elb.createTargetGroup(r -> r.name(name).protocol(ProtocolEnum.HTTP).port(80).vpcId(vpcId)
                .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
    }

    /** A Fargate revision of family {@code web} running one container {@code web} on port 80. */
    String fargateTaskDefinition(String image) {
        return ecs.registerTaskDefinition(r -> r.family("web").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .executionRoleArn("arn:aws:iam::000000000000:role/demo-task-execution")
                .containerDefinitions(c -> c.name("web").image(image).essential(true)
                        .portMappings(p -> p.containerPort(80)))).taskDefinition().taskDefinitionArn();
    }

    /** A Fargate service of {@code count} tasks in both subnets behind the blue target group. */
    Service fargateService(String name, String taskDefinition, int count) {
        return ecs.createService(r -> r.cluster(CLUSTER).serviceName(name).taskDefinition(taskDefinition)
                .desiredCount(count).launchType(LaunchType.FARGATE)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnetA, subnetB)
                        .securityGroups(taskGroup).assignPublicIp(AssignPublicIp.DISABLED)))
                .loadBalancers(l -> l.targetGroupArn(targetGroupArn).containerName("web").containerPort(80)))
                .service();
    }

    Service describe(String service) {
        return ecs.describeServices(r -> r.cluster(CLUSTER).services(service)).services().get(0);
    }

    /** Polls until the condition holds (each poll is a request, which settles ECS). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    /** The loopback URL of the load balancer's listener on a port, once served. */
    String listenerUrl(int port) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/_sandbox/load-balancers"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode lb : JSON.readTree(r.body())) {
                for (JsonNode l : lb.path("listeners")) {
                    if (l.path("port").asInt() == port && l.hasNonNull("url")) {
                        return l.path("url").asText();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no loopback URL for port " + port);
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Asserts the call fails with this ECS error code; answers the message. */
    static String assertEcsError(ThrowableAssert.ThrowingCallable call, String code) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(EcsException.class);
        EcsException e = (EcsException) thrown;
        assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
        return e.awsErrorDetails().errorMessage();
    }

    @Override
    public void close() {
        ecs.close();
        elb.close();
        ec2.close();
        server.close();
    }
}
