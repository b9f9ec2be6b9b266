package dev.cairn.sandbox.codepipeline;

import static dev.cairn.sandbox.codedeploy.BlueGreenFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.codedeploy.BlueGreenFixture;
import dev.cairn.sandbox.git.Control;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.ComputeType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.LogsConfigStatusType;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.codeconnections.CodeConnectionsClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The release the Pipeline step promises, entirely in the Sandbox: a repository with the sample app
 * and the generated files (what {@code cairn pipeline files} writes), a V2 pipeline through an AVAILABLE connection, the
 * first execution serving {@code Version 1} on the production listener, then a commit that the
 * push watcher turns into Source → Build (the buildspec run, the image pushed to ECR) → Deploy
 * (the task definition with the image, a blue/green deployment) and production serving
 * {@code Version 2}.
 */
class PipelineReleaseEndToEndTest {
    private static final Region REGION = Region.AP_NORTHEAST_2;
    private static final String ACCOUNT = "000000000000";

    /** The buildspec the step writes. */
    static final String BUILDSPEC = dev.cairn.sandbox.codebuild.FilesMd.BUILDSPEC;
    static final String APPSPEC = """
            # CodeDeploy's instructions for a blue/green ECS deployment. CodePipeline replaces
            # <TASK_DEFINITION> with the task definition it registers from taskdef.json.
            version: 0.0
            Resources:
              - TargetService:
                  Type: AWS::ECS::Service
                  Properties:
                    TaskDefinition: <TASK_DEFINITION>
                    LoadBalancerInfo:
                      ContainerName: frontend
                      ContainerPort: 80
            """;
    static final String TASKDEF = """
            {
              "family": "demo-frontend",
              "executionRoleArn": "arn:aws:iam::000000000000:role/cairn/demo/demo-task-execution",
              "networkMode": "awsvpc",
              "requiresCompatibilities": ["FARGATE"],
              "cpu": "256",
              "memory": "512",
              "containerDefinitions": [
                {
                  "name": "frontend",
                  "image": "<IMAGE1_NAME>",
                  "essential": true,
                  "portMappings": [{ "containerPort": 80, "protocol": "tcp" }],
                  "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                      "awslogs-group": "/cairn/demo/frontend",
                      "awslogs-region": "ap-northeast-2",
                      "awslogs-stream-prefix": "frontend"
                    }
                  }
                }
              ]
            }
            """;
    static final String DOCKERFILE = "FROM public.ecr.aws/nginx/nginx:stable-alpine\n"
            + "COPY index.html /usr/share/nginx/html/index.html\n";

    static String page(int version) {
        return "<!doctype html>\n<html><body><h1>Version " + version + "</h1>\n<p>Stack demo</p></body></html>\n";
    }

    private BlueGreenFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    /** The fixture's roles ({@link dev.cairn.sandbox.DemoRoles}) trust the service and may do anything. */
    private String role(IamClient iam, String name, String principal) {
        assertThat(dev.cairn.sandbox.DemoRoles.ROLES).containsEntry(name, principal);
        return iam.getRole(r -> r.roleName(name)).role().arn();
    }

    @Test
    void commit_flowsThroughSourceBuildAndBlueGreenDeploy_untilProductionServesVersion2() throws Exception {
        f = new BlueGreenFixture(SandboxConfig.instant());
        assumeTrue(f.server.serves("codeconnections") && f.server.serves("ecr") && f.server.serves("iam")
                && f.server.serves("logs"), "needs the Sandbox's IAM, Logs, ECR and CodeConnections (branch sbxbasic)");
        try (IamClient iam = SandboxClients.noRetry(IamClient.builder(), f.server, Region.AWS_GLOBAL, "sandbox");
             CloudWatchLogsClient logs = SandboxClients.noRetry(CloudWatchLogsClient.builder(), f.server, REGION, "sandbox");
             EcrClient ecr = SandboxClients.noRetry(EcrClient.builder(), f.server, REGION, "sandbox");
             S3Client s3 = SandboxClients.noRetry(S3Client.builder().forcePathStyle(true), f.server, REGION, "sandbox");
             CodeConnectionsClient connections = SandboxClients.noRetry(CodeConnectionsClient.builder(), f.server,
                     REGION, "sandbox");
             CodeBuildClient codebuild = SandboxClients.noRetry(CodeBuildClient.builder(), f.server, REGION, "sandbox");
             CodePipelineClient pipelines = SandboxClients.noRetry(CodePipelineClient.builder(), f.server, REGION,
                     "sandbox")) {
            String pipelineRole = role(iam, "demo-codepipeline", "codepipeline.amazonaws.com");
            String buildRole = role(iam, "demo-codebuild", "codebuild.amazonaws.com");
            role(iam, "demo-codedeploy", "codedeploy.amazonaws.com");
            role(iam, "demo-task-execution", "ecs-tasks.amazonaws.com");
            logs.createLogGroup(r -> r.logGroupName("/cairn/demo/build"));
            logs.createLogGroup(r -> r.logGroupName("/cairn/demo/frontend"));
            ecr.createRepository(r -> r.repositoryName("frontend"));
            s3.createBucket(r -> r.bucket("demo-artifacts").createBucketConfiguration(c -> c.locationConstraint(
                    REGION.id())));
            String connection = connections.createConnection(r -> r.connectionName("demo-github")
                    .providerType("GitHub").tags(t -> t.key("cairn:stack").value("demo"))).connectionArn();
            assertThat(Control.post(f.server, "connections/complete", Map.of("arn", connection)).status())
                    .isEqualTo(200);
            Map<String, String> files = new LinkedHashMap<>();
            files.put("buildspec.yml", BUILDSPEC);
            files.put("appspec.yaml", APPSPEC);
            files.put("taskdef.json", TASKDEF);
            files.put("Dockerfile", DOCKERFILE);
            files.put("index.html", page(1));
            assertThat(Control.post(f.server, "repositories", Map.of("repository", "octocat/frontend",
                    "stack", "demo", "files", files)).status()).isEqualTo(201);
            codebuild.createProject(p -> p.name("demo-build").source(s -> s.type(SourceType.CODEPIPELINE))
                    .artifacts(a -> a.type(ArtifactsType.CODEPIPELINE))
                    .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER)
                            .image("aws/codebuild/amazonlinux2-x86_64-standard:5.0")
                            .computeType(ComputeType.BUILD_GENERAL1_SMALL).privilegedMode(true))
                    .serviceRole(buildRole)
                    .logsConfig(l -> l.cloudWatchLogs(c -> c.status(LogsConfigStatusType.ENABLED)
                            .groupName("/cairn/demo/build"))));
            release(pipelines, pipelineRole, connection);
        }
    }

    /** The pipeline over the prepared account: its first execution, then a commit, each to production. */
    private void release(CodePipelineClient pipelines, String pipelineRole, String connection) throws Exception {
        f.serviceAndGroup(f.taskDefinition(BlueGreenFixture.NGINX), 0);
        pipelines.createPipeline(b -> b.pipeline(CodePipelineServiceTest.declaration("demo-pipeline",
                "demo-artifacts", pipelineRole, connection)));

        await("the first execution ends", () -> latest(pipelines).statusAsString().matches("Succeeded|Failed"));
        assertThat(latest(pipelines).statusAsString()).as(state(pipelines)).isEqualTo("Succeeded");
        String production = f.listenerUrl(80);
        await("production serves Version 1", () -> f.page(production).contains("Version 1"));

        Control.post(f.server, "repositories/commit", Map.of("repository", "octocat/frontend", "branch", "main",
                "message", "Version 2", "files", Map.of("index.html", page(2))));

        await("a push starts the second execution", () -> executions(pipelines).size() == 2);
        assertThat(latest(pipelines).trigger().triggerTypeAsString()).startsWith("Webhook");
        await("the second execution ends", () -> latest(pipelines).statusAsString().matches("Succeeded|Failed"));
        assertThat(latest(pipelines).statusAsString()).as(state(pipelines)).isEqualTo("Succeeded");
        assertThat(latest(pipelines).sourceRevisions().get(0).revisionSummary()).contains("Version 2");
        await("production serves Version 2", () -> f.page(production).contains("Version 2"));
        assertThat(f.forward(f.prod)).isEqualTo(f.blue);
    }

    /**
     * The same release while the Sandbox does not serve IAM, Logs, ECR and CodeConnections yet: small
     * in-test stand-ins export the two interfaces the pipeline needs of them ({@code Connections}
     * answering AVAILABLE, {@code EcrImages} keeping pushed files), and everything else is the
     * Sandbox's own CodeBuild, S3, ECS, ELB, CodeDeploy and CodePipeline.
     */
    @Test
    void commit_withStandInsForConnectionsAndEcr_reachesProductionAsVersion2() throws Exception {
        boolean basic;
        try (dev.cairn.sandbox.SandboxServer probe = dev.cairn.sandbox.SandboxServer.start(SandboxConfig.instant())) {
            basic = probe.serves("codeconnections") || probe.serves("ecr");
        }
        assumeTrue(!basic, "the Sandbox serves CodeConnections and ECR itself: the test above covers the release");
        f = new BlueGreenFixture(SandboxConfig.instant(), List.of(StandIns.definition()));
        String connection = "arn:aws:codeconnections:ap-northeast-2:000000000000:connection/standin";
        try (S3Client s3 = SandboxClients.noRetry(S3Client.builder().forcePathStyle(true), f.server, REGION, "sandbox");
             CodeBuildClient codebuild = SandboxClients.noRetry(CodeBuildClient.builder(), f.server, REGION, "sandbox");
             CodePipelineClient pipelines = SandboxClients.noRetry(CodePipelineClient.builder(), f.server, REGION,
                     "sandbox")) {
            s3.createBucket(r -> r.bucket("demo-artifacts").createBucketConfiguration(c -> c.locationConstraint(
                    REGION.id())));
            Map<String, String> files = new LinkedHashMap<>();
            files.put("buildspec.yml", BUILDSPEC);
            files.put("appspec.yaml", APPSPEC);
            files.put("taskdef.json", TASKDEF);
            files.put("Dockerfile", DOCKERFILE);
            files.put("index.html", page(1));
            Control.post(f.server, "repositories", Map.of("repository", "octocat/frontend", "stack", "demo",
                    "files", files));
            codebuild.createProject(p -> p.name("demo-build").source(s -> s.type(SourceType.CODEPIPELINE))
                    .artifacts(a -> a.type(ArtifactsType.CODEPIPELINE))
                    .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER)
                            .image("aws/codebuild/amazonlinux2-x86_64-standard:5.0")
                            .computeType(ComputeType.BUILD_GENERAL1_SMALL).privilegedMode(true))
                    .serviceRole("arn:aws:iam::000000000000:role/cairn/demo/demo-codebuild"));
            release(pipelines, CodePipelineServiceTest.ROLE, connection);
        }
    }

    private static List<PipelineExecutionSummary> executions(CodePipelineClient pipelines) {
        return pipelines.listPipelineExecutions(b -> b.pipelineName("demo-pipeline")).pipelineExecutionSummaries();
    }

    private static PipelineExecutionSummary latest(CodePipelineClient pipelines) {
        return executions(pipelines).get(0);
    }

    private static String state(CodePipelineClient pipelines) {
        return pipelines.getPipelineState(b -> b.name("demo-pipeline")).toString();
    }

}
