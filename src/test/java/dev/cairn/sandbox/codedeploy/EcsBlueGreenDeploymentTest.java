package dev.cairn.sandbox.codedeploy;

import static dev.cairn.sandbox.codedeploy.BlueGreenFixture.CLUSTER;
import static dev.cairn.sandbox.codedeploy.BlueGreenFixture.SERVICE;
import static dev.cairn.sandbox.codedeploy.BlueGreenFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentLimitExceededException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentStatus;
import software.amazon.awssdk.services.codedeploy.model.ECSTarget;
import software.amazon.awssdk.services.codedeploy.model.InvalidEcsServiceException;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.LaunchType;

/**
 * CodeDeploy's blue/green deployments through the Sandbox's own ECS and ELB: the replacement task
 * set on green, test then production traffic moved, the original task set gone after the wait;
 * a replacement that cannot pull its image failing and rolling back.
 */
class EcsBlueGreenDeploymentTest {
    private BlueGreenFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private DeploymentInfo deployment(String id) {
        return f.deploy.getDeployment(r -> r.deploymentId(id)).deploymentInfo();
    }

    private String create(String taskDefinition) {
        return f.deploy.createDeployment(r -> r.applicationName("demo-app").deploymentGroupName("demo-bluegreen")
                .revision(v -> v.revisionType("AppSpecContent").appSpecContent(a -> a.content(
                        BlueGreenFixture.appSpec(taskDefinition))))).deploymentId();
    }

    @Test
    void createDeployment_movesProductionToGreen_andTerminatesTheOriginalTaskSet() throws Exception {
        f = new BlueGreenFixture(SandboxConfig.instant());
        f.serviceAndGroup(f.taskDefinition(BlueGreenFixture.NGINX), 0);
        String original = f.ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0)
                .taskSets().get(0).id();
        await("the original task set is stable", () -> f.ecs.describeServices(r -> r.cluster(CLUSTER)
                .services(SERVICE)).services().get(0).taskSets().get(0).stabilityStatusAsString().equals("STEADY_STATE"));
        String v2 = f.taskDefinition("public.ecr.aws/nginx/nginx:mainline-alpine");

        String id = create(v2);
        await("the deployment succeeds", () -> deployment(id).status() == DeploymentStatus.SUCCEEDED
                || deployment(id).status() == DeploymentStatus.FAILED);

        DeploymentInfo info = deployment(id);
        assertThat(info.status()).as("%s", info.errorInformation()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(f.forward(f.prod)).isEqualTo(f.green);
        assertThat(f.forward(f.test)).isEqualTo(f.green);
        var service = f.ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0);
        assertThat(service.taskDefinition()).isEqualTo(v2);
        assertThat(service.taskSets()).extracting(t -> t.id()).doesNotContain(original);
        ECSTarget target = f.deploy.batchGetDeploymentTargets(r -> r.deploymentId(id).targetIds(CLUSTER + ":" + SERVICE))
                .deploymentTargets().get(0).ecsTarget();
        assertThat(target.lifecycleEvents()).extracting(e -> e.lifecycleEventName()).containsExactly("BeforeInstall",
                "Install", "AfterInstall", "AllowTestTraffic", "AfterAllowTestTraffic", "BeforeAllowTraffic",
                "AllowTraffic", "AfterAllowTraffic");
        assertThat(target.lifecycleEvents()).extracting(e -> e.statusAsString()).containsOnly("Succeeded");
        assertThat(f.deploy.getDeploymentGroup(r -> r.applicationName("demo-app").deploymentGroupName("demo-bluegreen"))
                .deploymentGroupInfo().lastSuccessfulDeployment().deploymentId()).isEqualTo(id);

        // The next deployment goes the other way: green is production, blue takes the replacement.
        String v3 = f.taskDefinition(BlueGreenFixture.NGINX);
        String next = create(v3);
        await("the second deployment ends", () -> deployment(next).status() == DeploymentStatus.SUCCEEDED
                || deployment(next).status() == DeploymentStatus.FAILED);
        assertThat(deployment(next).status()).as("%s", deployment(next).errorInformation()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(f.forward(f.prod)).isEqualTo(f.blue);
    }

    @Test
    void createDeployment_whenTheImageCannotBePulled_failsAndKeepsProductionOnBlue() throws Exception {
        f = new BlueGreenFixture(SandboxConfig.instant());
        f.serviceAndGroup(f.taskDefinition(BlueGreenFixture.NGINX), 5);
        String broken = f.taskDefinition("000000000000.dkr.ecr.ap-northeast-2.amazonaws.com/frontend:missing");

        String id = create(broken);
        assertThat(catchThrowableOfType(DeploymentLimitExceededException.class, () -> create(broken)).getMessage())
                .contains("already has an active Deployment '" + id + "'");
        await("the deployment fails", () -> deployment(id).status() == DeploymentStatus.FAILED);

        DeploymentInfo info = deployment(id);
        assertThat(info.errorInformation().codeAsString()).isEqualTo("ECS_UPDATE_ERROR");
        assertThat(f.forward(f.prod)).isEqualTo(f.blue);
        var service = f.ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0);
        assertThat(service.taskSets()).hasSize(1);
        assertThat(service.taskSets().get(0).status()).isEqualTo("PRIMARY");
    }

    @Test
    void createDeploymentGroup_forAServiceWithTheEcsController_isRefused() {
        f = new BlueGreenFixture(SandboxConfig.instant());
        String td = f.taskDefinition(BlueGreenFixture.NGINX);
        f.ecs.createService(r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(td).desiredCount(1)
                .launchType(LaunchType.FARGATE).deploymentController(d -> d.type(DeploymentControllerType.ECS))
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(f.subnetA)))
                .loadBalancers(l -> l.targetGroupArn(f.blue).containerName("frontend").containerPort(80)));
        f.deploy.createApplication(r -> r.applicationName("demo-app").computePlatform("ECS"));

        assertThat(catchThrowableOfType(InvalidEcsServiceException.class, () -> f.deploy.createDeploymentGroup(
                r -> CodeDeployServiceTest.group(r).loadBalancerInfo(l -> l.targetGroupPairInfoList(p -> p
                        .targetGroups(t -> t.name("demo-blue"), t -> t.name("demo-green"))
                        .prodTrafficRoute(x -> x.listenerArns(f.prod)))))).getMessage())
                .contains("CODE_DEPLOY deployment controller");
    }
}
