package dev.cairn.sandbox.ecs;

import static dev.cairn.sandbox.ecs.EcsFixture.CLUSTER;
import static dev.cairn.sandbox.ecs.EcsFixture.assertEcsError;
import static dev.cairn.sandbox.ecs.EcsFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/** A Fargate service behind an ALB: tasks with interfaces, ip targets, the loopback listener's page, the rules. */
class EcsFargateServiceTest {
    private EcsFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private List<TargetHealthDescription> targets(String tg) {
        return f.elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions();
    }

    private List<Task> tasks(String service, DesiredStatus status) {
        List<String> arns = f.ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(service).desiredStatus(status))
                .taskArns();
        return arns.isEmpty() ? List.of() : f.ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arns)).tasks();
    }

    @Test
    void createService_onFargate_runsTasksRegisteredAsHealthyIpTargetsAndTheListenerServesNginx() throws Exception {
        f = new EcsFixture(SandboxConfig.instant());
        String td = f.fargateTaskDefinition(EcsFixture.NGINX);

        Service created = f.fargateService("web", td, 2);

        assertThat(created.status()).isEqualTo("ACTIVE");
        assertThat(created.launchType()).isEqualTo(LaunchType.FARGATE);
        assertThat(created.deployments()).hasSize(1);
        assertThat(created.deployments().get(0).status()).isEqualTo("PRIMARY");
        await("two tasks run", () -> f.describe("web").runningCount() == 2);
        List<Task> running = tasks("web", DesiredStatus.RUNNING);
        assertThat(running).extracting(Task::lastStatus).containsOnly("RUNNING");
        assertThat(running).extracting(Task::availabilityZone)
                .containsExactlyInAnyOrder("ap-northeast-2a", "ap-northeast-2c");
        List<String> ips = running.stream().map(t -> t.attachments().get(0).details().stream()
                .filter(d -> d.name().equals("privateIPv4Address")).findFirst().orElseThrow().value()).toList();
        assertThat(ips).allMatch(ip -> ip.startsWith("10.0."));
        // The task's interface is EC2's own: DescribeNetworkInterfaces shows it in its subnet.
        assertThat(f.ec2.describeNetworkInterfaces(r -> r.filters(x -> x.name("vpc-id").values(f.vpcId)))
                .networkInterfaces()).anyMatch(n -> ips.contains(n.privateIpAddress()));
        await("both targets healthy", () -> targets(f.targetGroupArn).stream()
                .filter(t -> t.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count() == 2);
        assertThat(targets(f.targetGroupArn)).extracting(t -> t.target().id()).containsExactlyInAnyOrderElementsOf(ips);
        await("steady", () -> f.describe("web").events().stream().anyMatch(e -> e.message().contains("steady state")));

        HttpResponse<String> page = f.get(f.listenerUrl(80));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Welcome to nginx!");
        assertThat(page.headers().firstValue("Server")).hasValue("nginx/1.28.0");
    }

    @Test
    void createService_whenTheImageIsNotInEcr_stopsTasksWithCannotPullContainerError() throws Exception {
        f = new EcsFixture(SandboxConfig.instant());
        String td = f.fargateTaskDefinition("000000000000.dkr.ecr.ap-northeast-2.amazonaws.com/frontend:abc1234");

        f.fargateService("web", td, 1);

        await("a task stopped", () -> !tasks("web", DesiredStatus.STOPPED).isEmpty());
        Task stopped = tasks("web", DesiredStatus.STOPPED).get(0);
        assertThat(stopped.stoppedReason()).startsWith("CannotPullContainerError:");
        assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(f.describe("web").runningCount()).isZero();
        assertThat(targets(f.targetGroupArn)).isEmpty();
    }

    @Test
    void createService_withATargetGroupNoListenerUses_failsWithoutAssociatedLoadBalancer() {
        f = new EcsFixture(SandboxConfig.instant());
        String td = f.fargateTaskDefinition(EcsFixture.NGINX);
        String lonely = f.ipTargetGroup("lonely");

        String message = assertEcsError(() -> f.ecs.createService(r -> r.cluster(CLUSTER).serviceName("web")
                .taskDefinition(td).desiredCount(1).launchType(LaunchType.FARGATE)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(f.subnetA)))
                .loadBalancers(l -> l.targetGroupArn(lonely).containerName("web").containerPort(80))),
                "InvalidParameterException");

        assertThat(message).isEqualTo("The target group with targetGroupArn " + lonely
                + " does not have an associated load balancer.");
    }

    @Test
    void createService_awsvpcWithoutNetworkConfiguration_fails() {
        f = new EcsFixture(SandboxConfig.instant());
        String td = f.fargateTaskDefinition(EcsFixture.NGINX);

        String message = assertEcsError(() -> f.ecs.createService(r -> r.cluster(CLUSTER).serviceName("web")
                .taskDefinition(td).desiredCount(1).launchType(LaunchType.FARGATE)), "InvalidParameterException");

        assertThat(message).isEqualTo("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    }

    @Test
    void deleteService_scaledAboveZeroWithoutForce_isRefusedThenDrainsToInactive() throws Exception {
        f = new EcsFixture(SandboxConfig.instant());
        String td = f.fargateTaskDefinition(EcsFixture.NGINX);
        f.fargateService("web", td, 1);
        await("a task runs", () -> f.describe("web").runningCount() == 1);

        assertThat(assertEcsError(() -> f.ecs.deleteService(r -> r.cluster(CLUSTER).service("web")),
                "InvalidParameterException")).isEqualTo("The service cannot be stopped while it is scaled above 0.");
        assertThat(assertEcsError(() -> f.ecs.deleteCluster(r -> r.cluster(CLUSTER)),
                "ClusterContainsServicesException"))
                .isEqualTo("The Cluster cannot be deleted while Services are active.");

        Service deleted = f.ecs.deleteService(r -> r.cluster(CLUSTER).service("web").force(true)).service();

        assertThat(deleted.status()).isIn("DRAINING", "INACTIVE");
        await("inactive", () -> f.describe("web").status().equals("INACTIVE"));
        assertThat(tasks("web", DesiredStatus.RUNNING)).isEmpty();
        assertThat(f.ecs.listServices(r -> r.cluster(CLUSTER)).serviceArns()).isEmpty();
        await("target drained", () -> targets(f.targetGroupArn).isEmpty());
        f.ecs.deleteCluster(r -> r.cluster(CLUSTER));
        assertThat(f.ecs.describeClusters(r -> r.clusters(CLUSTER)).clusters().get(0).status()).isEqualTo("INACTIVE");
        assertThat(f.server.resources()).noneMatch(r -> r.get("type").toString().matches("task|service|cluster"));
    }
}
