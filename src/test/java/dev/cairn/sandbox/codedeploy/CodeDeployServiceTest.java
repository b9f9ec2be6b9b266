package dev.cairn.sandbox.codedeploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.ApplicationAlreadyExistsException;
import software.amazon.awssdk.services.codedeploy.model.ApplicationDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.ComputePlatform;
import software.amazon.awssdk.services.codedeploy.model.CreateDeploymentGroupRequest;
import software.amazon.awssdk.services.codedeploy.model.DeploymentConfigDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupAlreadyExistsException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupInfo;
import software.amazon.awssdk.services.codedeploy.model.InvalidDeploymentStyleException;
import software.amazon.awssdk.services.codedeploy.model.InvalidTargetGroupPairException;
import software.amazon.awssdk.services.codedeploy.model.TrafficRoutingType;

/**
 * CodeDeploy's applications, ECS deployment groups and predefined configurations through the SDK
 * v2 client: what is kept, what is refused with which code.
 */
public class CodeDeployServiceTest {
    public static final String ROLE = "arn:aws:iam::000000000000:role/cairn/demo/demo-codedeploy";
    public static final String PROD = "arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:listener/app/demo-pipe/"
            + "0123456789abcdef/1111111111111111";
    static final String TEST = "arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:listener/app/demo-pipe/"
            + "0123456789abcdef/2222222222222222";

    private BlueGreenFixture f;
    private CodeDeployClient deploy;

    /** The ECS service and the listeners a group names must exist: the fixture makes them. */
    @BeforeEach
    void start() {
        f = new BlueGreenFixture(SandboxConfig.instant());
        f.service(f.taskDefinition(BlueGreenFixture.NGINX));
        deploy = f.deploy;
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** {@link #group} on the fixture's listeners. */
    private CreateDeploymentGroupRequest.Builder here(CreateDeploymentGroupRequest.Builder b) {
        return group(b).loadBalancerInfo(l -> l.targetGroupPairInfoList(p -> p
                .targetGroups(t -> t.name("demo-blue"), t -> t.name("demo-green"))
                .prodTrafficRoute(r -> r.listenerArns(f.prod))
                .testTrafficRoute(r -> r.listenerArns(f.test))));
    }

    /** The Pipeline step's group: blue/green with traffic control, one service, a pair with both routes. */
    public static CreateDeploymentGroupRequest.Builder group(CreateDeploymentGroupRequest.Builder b) {
        return b.applicationName("demo-app").deploymentGroupName("demo-bluegreen").serviceRoleArn(ROLE)
                .deploymentConfigName("CodeDeployDefault.ECSAllAtOnce")
                .deploymentStyle(s -> s.deploymentType("BLUE_GREEN").deploymentOption("WITH_TRAFFIC_CONTROL"))
                .blueGreenDeploymentConfiguration(c -> c
                        .terminateBlueInstancesOnDeploymentSuccess(t -> t.action("TERMINATE")
                                .terminationWaitTimeInMinutes(5))
                        .deploymentReadyOption(r -> r.actionOnTimeout("CONTINUE_DEPLOYMENT")))
                .autoRollbackConfiguration(r -> r.enabled(true).eventsWithStrings("DEPLOYMENT_FAILURE"))
                .ecsServices(s -> s.clusterName("demo").serviceName("frontend"))
                .loadBalancerInfo(l -> l.targetGroupPairInfoList(p -> p
                        .targetGroups(t -> t.name("demo-blue"), t -> t.name("demo-green"))
                        .prodTrafficRoute(r -> r.listenerArns(PROD))
                        .testTrafficRoute(r -> r.listenerArns(TEST))))
                .tags(t -> t.key("cairn:stack").value("demo"));
    }

    @Test
    void createApplication_thenGetListAndDelete_roundTrips() {
        String id = deploy.createApplication(b -> b.applicationName("demo-app").computePlatform(ComputePlatform.ECS))
                .applicationId();

        assertThat(deploy.getApplication(b -> b.applicationName("demo-app")).application().applicationId()).isEqualTo(id);
        assertThat(deploy.getApplication(b -> b.applicationName("demo-app")).application().computePlatform())
                .isEqualTo(ComputePlatform.ECS);
        assertThat(deploy.listApplications(b -> { }).applications()).containsExactly("demo-app");
        assertThat(deploy.batchGetApplications(b -> b.applicationNames("demo-app")).applicationsInfo()).hasSize(1);
        assertThat(catchThrowableOfType(ApplicationAlreadyExistsException.class, () -> deploy.createApplication(
                b -> b.applicationName("demo-app").computePlatform(ComputePlatform.ECS)))).isNotNull();

        deploy.deleteApplication(b -> b.applicationName("demo-app"));

        assertThat(catchThrowableOfType(ApplicationDoesNotExistException.class,
                () -> deploy.getApplication(b -> b.applicationName("demo-app"))).getMessage())
                .contains("No application found for name: demo-app");
        // Deleting again is no error, as in AWS.
        deploy.deleteApplication(b -> b.applicationName("demo-app"));
    }

    @Test
    void createDeploymentGroup_keepsTheEcsSettings_andGetAnswersThem() {
        deploy.createApplication(b -> b.applicationName("demo-app").computePlatform(ComputePlatform.ECS));

        String id = deploy.createDeploymentGroup(b -> here(b)).deploymentGroupId();

        DeploymentGroupInfo g = deploy.getDeploymentGroup(b -> b.applicationName("demo-app")
                .deploymentGroupName("demo-bluegreen")).deploymentGroupInfo();
        assertThat(g.deploymentGroupId()).isEqualTo(id);
        assertThat(g.computePlatform()).isEqualTo(ComputePlatform.ECS);
        assertThat(g.ecsServices().get(0).serviceName()).isEqualTo("frontend");
        assertThat(g.loadBalancerInfo().targetGroupPairInfoList().get(0).testTrafficRoute().listenerArns())
                .containsExactly(f.test);
        assertThat(g.blueGreenDeploymentConfiguration().terminateBlueInstancesOnDeploymentSuccess()
                .terminationWaitTimeInMinutes()).isEqualTo(5);
        assertThat(g.autoRollbackConfiguration().enabled()).isTrue();
        assertThat(deploy.listDeploymentGroups(b -> b.applicationName("demo-app")).deploymentGroups())
                .containsExactly("demo-bluegreen");
        assertThat(deploy.listTagsForResource(b -> b.resourceArn("arn:aws:codedeploy:ap-northeast-2:000000000000:"
                + "deploymentgroup:demo-app/demo-bluegreen")).tags()).extracting(t -> t.key() + "=" + t.value())
                .containsExactly("cairn:stack=demo");
        assertThat(catchThrowableOfType(DeploymentGroupAlreadyExistsException.class,
                () -> deploy.createDeploymentGroup(b -> here(b)))).isNotNull();
    }

    @Test
    void createDeploymentGroup_refusesWhatAwsRefuses() {
        deploy.createApplication(b -> b.applicationName("demo-app").computePlatform(ComputePlatform.ECS));

        assertThat(catchThrowableOfType(InvalidDeploymentStyleException.class, () -> deploy.createDeploymentGroup(
                b -> group(b).deploymentStyle(s -> s.deploymentType("IN_PLACE"))))).isNotNull();
        assertThat(catchThrowableOfType(InvalidTargetGroupPairException.class, () -> deploy.createDeploymentGroup(
                b -> group(b).loadBalancerInfo(l -> l.targetGroupPairInfoList(p -> p.targetGroups(t -> t.name("a"))
                        .prodTrafficRoute(r -> r.listenerArns(PROD))))))).isNotNull();
        assertThat(catchThrowableOfType(DeploymentConfigDoesNotExistException.class, () -> deploy.createDeploymentGroup(
                b -> group(b).deploymentConfigName("CodeDeployDefault.Nope")))).isNotNull();
        assertThat(catchThrowableOfType(ApplicationDoesNotExistException.class, () -> deploy.createDeploymentGroup(
                b -> group(b).applicationName("other-app")))).isNotNull();
        assertThat(catchThrowableOfType(DeploymentGroupDoesNotExistException.class, () -> deploy.getDeploymentGroup(
                b -> b.applicationName("demo-app").deploymentGroupName("none")))).isNotNull();
    }

    @Test
    void deploymentConfigs_arePredefinedWithTheirTrafficRouting() {
        assertThat(deploy.listDeploymentConfigs(b -> { }).deploymentConfigsList())
                .contains("CodeDeployDefault.ECSAllAtOnce", "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
                        "CodeDeployDefault.ECSCanary10Percent5Minutes");
        var canary = deploy.getDeploymentConfig(b -> b.deploymentConfigName(
                "CodeDeployDefault.ECSCanary10Percent5Minutes")).deploymentConfigInfo();
        assertThat(canary.computePlatform()).isEqualTo(ComputePlatform.ECS);
        assertThat(canary.trafficRoutingConfig().type()).isEqualTo(TrafficRoutingType.TIME_BASED_CANARY);
        assertThat(canary.trafficRoutingConfig().timeBasedCanary().canaryPercentage()).isEqualTo(10);
        assertThat(canary.trafficRoutingConfig().timeBasedCanary().canaryInterval()).isEqualTo(5);
    }
}
