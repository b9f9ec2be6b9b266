package dev.cairn.sandbox.codepipeline;

import dev.cairn.sandbox.DemoRoles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.codedeploy.CodeDeployServiceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI v2 against the Sandbox's CodePipeline and CodeDeploy: {@code codepipeline
 * get-pipeline-state} and {@code deploy get-deployment} parse what the Sandbox answers, errors
 * included.
 */
class PipelineCliV2Test {
    private static final String REGION = "ap-northeast-2";
    @TempDir
    Path home;
    private SandboxServer server;

    @BeforeEach
    void start() {
        AwsCli.assumeV2();
        server = SandboxServer.start(SandboxConfig.instant());
        DemoRoles.create(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private AwsCli.Result aws(String... args) {
        return AwsCli.run(server, home, REGION, args);
    }

    @Test
    void getPipelineState_showsTheStagesAndTheFirstExecutionsSourceFailure() throws Exception {
        // CLI 2.9.19's model predates V2 pipelines: it refuses pipelineType and executionMode, so the CLI
        // creates the V1 form of the same pipeline.
        com.fasterxml.jackson.databind.node.ObjectNode declaration = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(RunnerTest.DECLARATION);
        declaration.remove("pipelineType");
        declaration.remove("executionMode");
        String pipeline = declaration.toString();
        aws("codepipeline", "create-pipeline", "--pipeline", pipeline).json();

        JsonNode state = aws("codepipeline", "get-pipeline-state", "--name", "demo-pipeline").json();

        assertThat(state.path("pipelineName").asText()).isEqualTo("demo-pipeline");
        assertThat(state.path("stageStates")).hasSize(3);
        JsonNode source = state.path("stageStates").get(0);
        assertThat(source.path("latestExecution").path("status").asText()).isEqualTo("Failed");
        assertThat(source.path("actionStates").get(0).path("latestExecution").path("errorDetails").path("message")
                .asText()).isNotEmpty();
        JsonNode executions = aws("codepipeline", "list-pipeline-executions", "--pipeline-name", "demo-pipeline").json();
        assertThat(executions.path("pipelineExecutionSummaries").get(0).path("trigger").path("triggerType").asText())
                .isEqualTo("CreatePipeline");

        AwsCli.Result missing = aws("codepipeline", "get-pipeline-state", "--name", "nope");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("PipelineNotFoundException");
    }

    @Test
    void getDeployment_showsTheDeploymentWithItsStatusAndLifecycle() {
        // CodeDeploy checks the ECS service and the listeners a group names: the fixture makes them.
        server.close();
        dev.cairn.sandbox.codedeploy.BlueGreenFixture f = new dev.cairn.sandbox.codedeploy.BlueGreenFixture(
                SandboxConfig.instant());
        server = f.server;
        f.service(f.taskDefinition(dev.cairn.sandbox.codedeploy.BlueGreenFixture.NGINX));
        aws("deploy", "create-application", "--application-name", "demo-app", "--compute-platform", "ECS").json();
        aws("deploy", "create-deployment-group", "--application-name", "demo-app", "--deployment-group-name",
                "demo-bluegreen", "--service-role-arn", CodeDeployServiceTest.ROLE,
                "--deployment-style", "deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL",
                "--ecs-services", "clusterName=demo,serviceName=frontend",
                "--load-balancer-info", "{\"targetGroupPairInfoList\":[{\"targetGroups\":[{\"name\":\"demo-blue\"},"
                        + "{\"name\":\"demo-green\"}],\"prodTrafficRoute\":{\"listenerArns\":[\""
                        + f.prod + "\"]}}]}").json();
        String appSpec = "{\"version\":0.0,\"Resources\":[{\"TargetService\":{\"Type\":\"AWS::ECS::Service\","
                + "\"Properties\":{\"TaskDefinition\":\"arn:aws:ecs:ap-northeast-2:000000000000:task-definition/"
                + "demo-frontend:2\",\"LoadBalancerInfo\":{\"ContainerName\":\"frontend\",\"ContainerPort\":80}}}}]}";
        String id = aws("deploy", "create-deployment", "--application-name", "demo-app", "--deployment-group-name",
                "demo-bluegreen", "--revision", "{\"revisionType\":\"AppSpecContent\",\"appSpecContent\":{\"content\":"
                        + new com.fasterxml.jackson.databind.node.TextNode(appSpec) + "}}").json()
                .path("deploymentId").asText();

        JsonNode info = aws("deploy", "get-deployment", "--deployment-id", id).json().path("deploymentInfo");

        assertThat(id).matches("d-[A-Z0-9]{9}");
        assertThat(info.path("applicationName").asText()).isEqualTo("demo-app");
        assertThat(info.path("computePlatform").asText()).isEqualTo("ECS");
        assertThat(info.path("status").asText()).isIn("Created", "InProgress", "Failed");
        assertThat(info.path("deploymentStyle").path("deploymentType").asText()).isEqualTo("BLUE_GREEN");
        JsonNode targets = aws("deploy", "list-deployment-targets", "--deployment-id", id).json();
        assertThat(targets.path("targetIds").get(0).asText()).isEqualTo("demo:frontend");
        JsonNode target = aws("deploy", "batch-get-deployment-targets", "--deployment-id", id, "--target-ids",
                "demo:frontend").json().path("deploymentTargets").get(0);
        assertThat(target.path("deploymentTargetType").asText()).isEqualTo("ECSTarget");
        assertThat(target.path("ecsTarget").path("lifecycleEvents").get(0).path("lifecycleEventName").asText())
                .isEqualTo("BeforeInstall");

        AwsCli.Result second = aws("deploy", "get-deployment", "--deployment-id", "d-NOPE12345");
        assertThat(second.err()).contains("DeploymentDoesNotExistException");
    }
}
