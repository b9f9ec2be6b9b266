package dev.cairn.sandbox.ecs;

import static dev.cairn.sandbox.ecs.EcsFixture.CLUSTER;
import static dev.cairn.sandbox.ecs.EcsFixture.assertEcsError;
import static dev.cairn.sandbox.ecs.EcsFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskSet;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/** A CODE_DEPLOY service: its first task set, a replacement on the green group, the primary switch, the rules. */
class EcsTaskSetsTest {
    private EcsFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void codeDeployService_withAReplacementTaskSet_servesItOnTheTestListenerAndSwitchesPrimary() throws Exception {
        f = new EcsFixture(SandboxConfig.instant());
        String green = f.ipTargetGroup("demo-green");
        f.ec2.authorizeSecurityGroupIngress(r -> r.groupId(f.taskGroup).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(8080).toPort(8080).userIdGroupPairs(g -> g.groupId(f.lbGroup))));
        String testListener = f.elb.createListener(r -> r.loadBalancerArn(f.loadBalancerArn).protocol(ProtocolEnum.HTTP)
                .port(8080).defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(green)))
                .listeners().get(0).listenerArn();
        String first = f.fargateTaskDefinition(EcsFixture.NGINX);
        Service created = f.ecs.createService(r -> r.cluster(CLUSTER).serviceName("web").taskDefinition(first)
                .desiredCount(1).launchType(LaunchType.FARGATE)
                .deploymentController(d -> d.type(DeploymentControllerType.CODE_DEPLOY))
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(f.subnetA, f.subnetB)
                        .securityGroups(f.taskGroup)))
                .loadBalancers(l -> l.targetGroupArn(f.targetGroupArn).containerName("web").containerPort(80)))
                .service();
        assertThat(created.taskSets()).hasSize(1);
        assertThat(created.taskSets().get(0).status()).isEqualTo("PRIMARY");
        assertThat(created.deployments()).isEmpty();
        String second = f.ecs.registerTaskDefinition(r -> r.family("web").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .containerDefinitions(c -> c.name("web").image("httpd:2.4").portMappings(p -> p.containerPort(80))))
                .taskDefinition().taskDefinitionArn();
        assertThat(assertEcsError(() -> f.ecs.updateService(r -> r.cluster(CLUSTER).service("web")
                .taskDefinition(second)), "InvalidParameterException"))
                .startsWith("Unable to update task definition on services with a CODE_DEPLOY deployment controller.");

        TaskSet replacement = f.ecs.createTaskSet(r -> r.cluster(CLUSTER).service("web").taskDefinition(second)
                .externalId("d-TEST").loadBalancers(l -> l.targetGroupArn(green).containerName("web").containerPort(80)))
                .taskSet();

        assertThat(replacement.status()).isEqualTo("ACTIVE");
        await("both task sets steady", () -> f.describe("web").taskSets().stream()
                .allMatch(ts -> ts.stabilityStatusAsString().equals("STEADY_STATE") && ts.runningCount() == 1));
        assertThat(f.get(f.listenerUrl(80)).body()).contains("Welcome to nginx!");
        assertThat(f.get(f.listenerUrl(8080)).body()).contains("It works!");

        f.elb.modifyListener(r -> r.listenerArn(f.listenerArn)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(green)));
        f.ecs.updateServicePrimaryTaskSet(r -> r.cluster(CLUSTER).service("web").primaryTaskSet(replacement.id()));
        String original = created.taskSets().get(0).id();
        f.ecs.deleteTaskSet(r -> r.cluster(CLUSTER).service("web").taskSet(original));

        await("original task set gone", () -> f.describe("web").taskSets().size() == 1);
        Service after = f.describe("web");
        assertThat(after.taskSets().get(0).id()).isEqualTo(replacement.id());
        assertThat(after.taskSets().get(0).status()).isEqualTo("PRIMARY");
        assertThat(after.taskDefinition()).isEqualTo(second);
        assertThat(f.get(f.listenerUrl(80)).body()).contains("It works!");
        assertThat(testListener).isNotNull();
    }

    @Test
    void registerTaskDefinition_breakingTheRules_failsWithEcsMessages() {
        f = new EcsFixture(SandboxConfig.instant());
        assertThat(assertEcsError(() -> f.ecs.registerTaskDefinition(r -> r.family("web")
                .containerDefinitions(c -> c.name("web").image("nginx").memory(128)).tags(java.util.List.of())),
                "ClientException")).isEqualTo("Tags can not be empty.");
        assertThat(assertEcsError(() -> f.ecs.registerTaskDefinition(r -> r.family("web")
                .containerDefinitions(c -> c.name("web").memory(128))), "ClientException"))
                .isEqualTo("Container.image should not be null or empty.");
        assertThat(assertEcsError(() -> f.ecs.registerTaskDefinition(r -> r.family("web")
                .requiresCompatibilities(Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC).cpu("256").memory("4096")
                .containerDefinitions(c -> c.name("web").image("nginx"))), "ClientException"))
                .startsWith("No Fargate configuration exists for given values: 256 CPU, 4096 memory.");
        assertThat(assertEcsError(() -> f.ecs.registerTaskDefinition(r -> r.family("web")
                .requiresCompatibilities(Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                .containerDefinitions(c -> c.name("web").image("nginx").portMappings(p -> p.containerPort(80).hostPort(8080)))),
                "ClientException"))
                .isEqualTo("When networkMode=awsvpc, the host ports and container ports in port mappings must match.");
        assertThat(assertEcsError(() -> f.ecs.registerTaskDefinition(r -> r.family("web")
                .requiresCompatibilities(Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                .containerDefinitions(c -> c.name("web").image("nginx")
                        .logConfiguration(l -> l.logDriver("awslogs")))), "ClientException"))
                .isEqualTo("Fargate requires task definition to have execution role ARN to support log driver awslogs.");

        String one = f.fargateTaskDefinition(EcsFixture.NGINX);
        String two = f.fargateTaskDefinition(EcsFixture.NGINX);
        assertThat(one).endsWith(":task-definition/web:1");
        assertThat(two).endsWith(":task-definition/web:2");
        assertThat(f.ecs.describeTaskDefinition(r -> r.taskDefinition("web")).taskDefinition().taskDefinitionArn())
                .isEqualTo(two);
        assertThat(f.ecs.deleteTaskDefinitions(r -> r.taskDefinitions("web:1")).failures().get(0).reason())
                .contains("still in ACTIVE status");
        assertThat(f.ecs.deregisterTaskDefinition(r -> r.taskDefinition("web:1")).taskDefinition().statusAsString())
                .isEqualTo("INACTIVE");
        assertThat(f.ecs.deleteTaskDefinitions(r -> r.taskDefinitions("web:1")).taskDefinitions().get(0)
                .statusAsString()).isEqualTo("DELETE_IN_PROGRESS");
    }
}
