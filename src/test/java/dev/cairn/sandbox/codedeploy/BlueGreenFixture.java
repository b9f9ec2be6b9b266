package dev.cairn.sandbox.codedeploy;

import dev.cairn.sandbox.DemoRoles;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.ComputePlatform;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * What a blue/green ECS deployment needs, made through the real APIs as the Pipeline step makes
 * it: a VPC with two subnets, an ALB with a production listener (80 → blue) and a test listener
 * (8080 → green), two {@code ip} target groups, a cluster and a Fargate service with the
 * {@code CODE_DEPLOY} controller, and a CodeDeploy application with its blue/green group.
 */
public final class BlueGreenFixture implements AutoCloseable {
    public static final String CLUSTER = "demo";
    public static final String SERVICE = "frontend";
    public static final String NGINX = "public.ecr.aws/nginx/nginx:stable-alpine";
    private static final Duration WAIT = Duration.ofSeconds(40);

    public final SandboxServer server;
    public final Ec2Client ec2;
    public final ElasticLoadBalancingV2Client elb;
    public final EcsClient ecs;
    public final CodeDeployClient deploy;
    public final String subnetA;
    public final String subnetB;
    public final String taskGroup;
    public final String blue;
    public final String green;
    public final String prod;
    public final String test;

    public BlueGreenFixture(SandboxConfig config) {
        this(config, java.util.List.of());
    }

    /** With more services beside the standard ones (stand-ins for services a branch has not delivered yet). */
    public BlueGreenFixture(SandboxConfig config, java.util.List<dev.cairn.sandbox.core.ServiceDefinition> more) {
        server = SandboxServer.start(config, more);
        DemoRoles.create(server);
        ec2 = SandboxClients.ec2(server);
        elb = SandboxClients.noRetry(ElasticLoadBalancingV2Client.builder(), server, SandboxClients.REGION, "sandbox");
        ecs = SandboxClients.noRetry(EcsClient.builder(), server, SandboxClients.REGION, "sandbox");
        deploy = SandboxClients.noRetry(CodeDeployClient.builder(), server, SandboxClients.REGION, "sandbox");
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
        subnetA = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.0.0/24").availabilityZone("ap-northeast-2a"))
                .subnet().subnetId();
        subnetB = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("ap-northeast-2c"))
                .subnet().subnetId();
        String lbGroup = ec2.createSecurityGroup(r -> r.groupName("alb").description("alb").vpcId(vpc)).groupId();
        taskGroup = ec2.createSecurityGroup(r -> r.groupName("tasks").description("tasks").vpcId(vpc)).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(taskGroup).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(80).toPort(80).userIdGroupPairs(g -> g.groupId(lbGroup))));
        String lb = elb.createLoadBalancer(r -> r.name("demo-pipe").subnets(subnetA, subnetB).securityGroups(lbGroup))
                .loadBalancers().get(0).loadBalancerArn();
        blue = targetGroup(vpc, "demo-blue");
        green = targetGroup(vpc, "demo-green");
        prod = elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(80)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(blue))).listeners().get(0)
                .listenerArn();
        test = elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(8080)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(green))).listeners().get(0)
                .listenerArn();
        ecs.createCluster(r -> r.clusterName(CLUSTER));
    }

    private String targetGroup(String vpc, String name) {
        return elb.createTargetGroup(r -> r.name(name).protocol(ProtocolEnum.HTTP).port(80).vpcId(vpc)
                .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
    }

    /** A Fargate revision of family {@code demo-frontend}, container {@code frontend} on 80. */
    public String taskDefinition(String image) {
        return ecs.registerTaskDefinition(r -> r.family("demo-frontend").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .executionRoleArn("arn:aws:iam::000000000000:role/cairn/demo/demo-task-execution")
                .containerDefinitions(c -> c.name("frontend").image(image).essential(true)
                        .portMappings(p -> p.containerPort(80)))).taskDefinition().taskDefinitionArn();
    }

    /** The service on the blue target group with the CODE_DEPLOY controller, and CodeDeploy's application and group. */
    public void serviceAndGroup(String taskDefinition, int terminationWaitMinutes) {
        service(taskDefinition);
        deploy.createApplication(r -> r.applicationName("demo-app").computePlatform(ComputePlatform.ECS));
        deploy.createDeploymentGroup(r -> CodeDeployServiceTest.group(r)
                .blueGreenDeploymentConfiguration(c -> c.terminateBlueInstancesOnDeploymentSuccess(t -> t
                        .action("TERMINATE").terminationWaitTimeInMinutes(terminationWaitMinutes)))
                .loadBalancerInfo(l -> l.targetGroupPairInfoList(p -> p
                        .targetGroups(t -> t.name("demo-blue"), t -> t.name("demo-green"))
                        .prodTrafficRoute(x -> x.listenerArns(prod))
                        .testTrafficRoute(x -> x.listenerArns(test)))));
    }

    /** The Fargate service on the blue target group with the CODE_DEPLOY controller. */
    public void service(String taskDefinition) {
        ecs.createService(r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(taskDefinition).desiredCount(1)
                .launchType(LaunchType.FARGATE).deploymentController(d -> d.type(DeploymentControllerType.CODE_DEPLOY))
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnetA, subnetB)
                        .securityGroups(taskGroup).assignPublicIp(AssignPublicIp.DISABLED)))
                .loadBalancers(l -> l.targetGroupArn(blue).containerName("frontend").containerPort(80)));
    }

    /** An appspec for a task definition, as the pipeline's deploy action hands it over. */
    public static String appSpec(String taskDefinitionArn) {
        return "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n"
                + "        TaskDefinition: " + taskDefinitionArn + "\n        LoadBalancerInfo:\n"
                + "          ContainerName: frontend\n          ContainerPort: 80\n";
    }

    /** Where a listener forwards now. */
    public String forward(String listener) {
        return elb.describeListeners(r -> r.listenerArns(listener)).listeners().get(0).defaultActions().get(0)
                .targetGroupArn();
    }

    /** Polls until the condition holds (each poll is a request, which settles every service). */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    /** The loopback URL of the load balancer's listener on a port. */
    public String listenerUrl(int port) throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var http = java.net.http.HttpClient.newHttpClient();
        var r = http.send(java.net.http.HttpRequest.newBuilder(server.endpoint().resolve("/_sandbox/load-balancers"))
                .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        for (var lb : mapper.readTree(r.body())) {
            for (var l : lb.path("listeners")) {
                if (l.path("port").asInt() == port && l.hasNonNull("url")) {
                    return l.path("url").asText();
                }
            }
        }
        throw new AssertionError("no loopback URL for port " + port + ": " + r.body());
    }

    /** A page from a loopback listener (empty text when it does not answer 200). */
    public String page(String url) {
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() {
        deploy.close();
        ecs.close();
        elb.close();
        ec2.close();
        server.close();
    }
}
