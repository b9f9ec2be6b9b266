package dev.cairn.sandbox.codepipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.codebuild.PipelineBuilds;
import dev.cairn.sandbox.codedeploy.CodeDeployments;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.Execution;
import dev.cairn.sandbox.codepipeline.CodePipelineStore.Pipeline;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.ecs.EcsDeployments;
import dev.cairn.sandbox.git.GitRepositories;
import dev.cairn.sandbox.s3.S3Artifacts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pipeline executions against a real local repository and in-test S3, CodeBuild, ECS and
 * CodeDeploy: Source → Build → Deploy with the files' placeholders replaced, a pending connection
 * failing the source as AWS's does, and QUEUED executions one a stage.
 */
class RunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_800_000_000_000L;
    private static final String TASKDEF = "{\"family\":\"demo-frontend\",\"containerDefinitions\":[{\"name\":\"frontend\","
            + "\"image\":\"<IMAGE1_NAME>\"}]}";
    private static final String APPSPEC = "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n"
            + "      Properties:\n        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo:\n"
            + "          ContainerName: frontend\n          ContainerPort: 80\n";
    private static final String IMAGE = "000000000000.dkr.ecr.ap-northeast-2.amazonaws.com/frontend:abc1234";

    private final GitRepositories repos = GitRepositories.under(null);
    private final Map<String, byte[]> objects = new HashMap<>();
    private final List<String> registered = new ArrayList<>();
    private final List<String> appSpecs = new ArrayList<>();
    private String connectionStatus = "AVAILABLE";
    private String buildStatus = "SUCCEEDED";
    private String deploymentStatus = "Succeeded";

    @AfterEach
    void close() {
        repos.close();
    }

    private Runner.Peers peers() {
        S3Artifacts s3 = new S3Artifacts() {
            @Override
            public void put(String bucket, String key, byte[] body) {
                if (!bucket.equals("demo-artifacts")) {
                    throw new AwsException("NoSuchBucket", "The specified bucket does not exist");
                }
                objects.put(bucket + "/" + key, body);
            }

            @Override
            public Optional<byte[]> get(String bucket, String key) {
                return Optional.ofNullable(objects.get(bucket + "/" + key));
            }
        };
        PipelineBuilds builds = new PipelineBuilds() {
            @Override
            public String start(String project, String srcBucket, String srcKey, String version, String outBucket,
                    String outKey) {
                if (!project.equals("demo-build")) {
                    throw new AwsException("ResourceNotFoundException", "Project cannot be found: " + project);
                }
                assertThat(objects).containsKey(srcBucket + "/" + srcKey);
                objects.put(outBucket + "/" + outKey, zip(Map.of("imageDetail.json", "{\"ImageURI\":\"" + IMAGE + "\"}")));
                return project + ":build-1";
            }

            @Override
            public Optional<BuildState> state(String buildId) {
                return Optional.of(new BuildState(buildId, buildStatus, buildStatus.equals("FAILED") ? "BUILD"
                        : "COMPLETED", "/cairn/demo/build", "stream", buildStatus.equals("FAILED")
                        ? Optional.of("COMMAND_EXECUTION_ERROR: docker build failed") : Optional.empty()));
            }
        };
        EcsDeployments ecs = new EcsDeployments() {
            @Override
            public String registerTaskDefinition(String requestJson) {
                registered.add(requestJson);
                return "arn:aws:ecs:ap-northeast-2:000000000000:task-definition/demo-frontend:" + (registered.size() + 1);
            }

            @Override
            public Optional<ServiceView> service(String cluster, String service) {
                return Optional.empty();
            }

            @Override
            public TaskSetView createTaskSet(String c, String s, String td, String tg, String name, int port) {
                throw new UnsupportedOperationException("the deploy action leaves task sets to CodeDeploy");
            }

            @Override
            public Optional<TaskSetView> taskSet(String cluster, String service, String taskSetId) {
                return Optional.empty();
            }

            @Override
            public void makePrimary(String cluster, String service, String taskSetId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void deleteTaskSet(String cluster, String service, String taskSetId) {
                throw new UnsupportedOperationException();
            }
        };
        CodeDeployments deploy = new CodeDeployments() {
            @Override
            public String create(String app, String group, String appSpec, String description, String externalId) {
                appSpecs.add(appSpec);
                return "d-ABCDEFGHI";
            }

            @Override
            public Optional<DeploymentView> deployment(String id) {
                return Optional.of(new DeploymentView(id, deploymentStatus, deploymentStatus.equals("Failed")
                        ? Optional.of("The ECS deployment timed out") : Optional.empty()));
            }

            @Override
            public void stop(String id) {
            }
        };
        return new Runner.Peers(Optional.of(arn -> Optional.of(connectionStatus)), Optional.of(repos), Optional.of(s3),
                Optional.of(builds), Optional.of(deploy), Optional.of(ecs));
    }

    static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private Runner runner(long now, Timing timing) {
        return new Runner(timing, now, new Random(1), peers(), "000000000000", "ap-northeast-2");
    }

    static Pipeline pipeline(String json) throws IOException {
        Pipeline p = new Pipeline();
        p.declaration = Pipelines.normalise(JSON.readTree(json));
        p.id = p.declaration.path("name").asText();
        return p;
    }

    static final String DECLARATION = """
            {"name":"demo-pipeline","roleArn":"arn:aws:iam::000000000000:role/cairn/demo/demo-codepipeline","pipelineType":"V2",
             "executionMode":"QUEUED","artifactStore":{"type":"S3","location":"demo-artifacts"},
             "stages":[
              {"name":"Source","actions":[{"name":"Source","actionTypeId":{"category":"Source","owner":"AWS",
                "provider":"CodeStarSourceConnection","version":"1"},"configuration":{"ConnectionArn":"arn:c",
                "FullRepositoryId":"octocat/frontend","BranchName":"main"},"outputArtifacts":[{"name":"SourceArtifact"}]}]},
              {"name":"Build","actions":[{"name":"Build","actionTypeId":{"category":"Build","owner":"AWS",
                "provider":"CodeBuild","version":"1"},"configuration":{"ProjectName":"demo-build"},
                "inputArtifacts":[{"name":"SourceArtifact"}],"outputArtifacts":[{"name":"BuildArtifact"}]}]},
              {"name":"Deploy","actions":[{"name":"Deploy","actionTypeId":{"category":"Deploy","owner":"AWS",
                "provider":"CodeDeployToECS","version":"1"},"configuration":{"ApplicationName":"demo-app",
                "DeploymentGroupName":"demo-bluegreen","TaskDefinitionTemplateArtifact":"SourceArtifact",
                "AppSpecTemplateArtifact":"SourceArtifact","Image1ArtifactName":"BuildArtifact",
                "Image1ContainerName":"IMAGE1_NAME"},"inputArtifacts":[{"name":"SourceArtifact"},{"name":"BuildArtifact"}]}]}]}
            """;

    private void sampleRepository() {
        repos.commit("octocat/frontend", "main", "Version 1", Map.of("taskdef.json", TASKDEF, "appspec.yaml", APPSPEC,
                "Dockerfile", "FROM nginx\n", "index.html", "<h1>Version 1</h1>"));
    }

    @Test
    void advance_runsSourceBuildDeploy_replacingTheImageAndTaskDefinitionPlaceholders() throws IOException {
        sampleRepository();
        Pipeline p = pipeline(DECLARATION);
        List<Execution> executions = new ArrayList<>();
        Runner runner = runner(T0, new Timing(false, 1, Duration.ZERO));
        Execution e = runner.start(p, executions, "StartPipelineExecution", "arn:user", Map.of(), List.of());

        runner.advance(executions);

        assertThat(e.status).isEqualTo("Succeeded");
        assertThat(e.stages).extracting(s -> s.status).containsExactly("Succeeded", "Succeeded", "Succeeded");
        assertThat(e.sourceRevisions.get(0).revisionId).isEqualTo(repos.head("octocat/frontend", "main").orElseThrow().id());
        assertThat(e.sourceRevisions.get(0).summary).isEqualTo("Version 1");
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0)).contains(IMAGE).doesNotContain("<IMAGE1_NAME>");
        assertThat(appSpecs.get(0)).contains("TaskDefinition: arn:aws:ecs:ap-northeast-2:000000000000:task-definition/"
                + "demo-frontend:2").doesNotContain("<TASK_DEFINITION>");
        assertThat(e.stages.get(2).actions.get(0).externalExecutionId).isEqualTo("d-ABCDEFGHI");
    }

    @Test
    void advance_whenTheConnectionIsPending_failsTheSourceWithTheConnectionsState() throws IOException {
        sampleRepository();
        connectionStatus = "PENDING";
        Pipeline p = pipeline(DECLARATION);
        List<Execution> executions = new ArrayList<>();
        Runner runner = runner(T0, new Timing(false, 1, Duration.ZERO));
        Execution e = runner.start(p, executions, "CreatePipeline", "arn:user", Map.of(), List.of());

        runner.advance(executions);

        assertThat(e.status).isEqualTo("Failed");
        assertThat(e.stages.get(0).status).isEqualTo("Failed");
        assertThat(e.stages.get(0).actions.get(0).errorMessage).contains("Unable to use Connection").contains("PENDING");
        assertThat(e.stages.get(1).status).isNull();
    }

    @Test
    void advance_whenTheBuildFails_failsTheExecutionWithTheBuildsPhase() throws IOException {
        sampleRepository();
        buildStatus = "FAILED";
        Pipeline p = pipeline(DECLARATION);
        List<Execution> executions = new ArrayList<>();
        Runner runner = runner(T0, new Timing(false, 1, Duration.ZERO));
        Execution e = runner.start(p, executions, "StartPipelineExecution", "arn:user", Map.of(), List.of());

        runner.advance(executions);

        assertThat(e.status).isEqualTo("Failed");
        assertThat(e.stages.get(1).actions.get(0).errorMessage).contains("Build terminated with state: FAILED")
                .contains("BUILD");
        assertThat(appSpecs).isEmpty();
    }

    @Test
    void advance_whenQueued_keepsOneExecutionAStage_inOrder() throws IOException {
        sampleRepository();
        buildStatus = "IN_PROGRESS";
        Pipeline p = pipeline(DECLARATION);
        List<Execution> executions = new ArrayList<>();
        Timing real = new Timing(true, 1, Duration.ZERO);
        Runner first = runner(T0, real);
        Execution a = first.start(p, executions, "StartPipelineExecution", "arn:user", Map.of(), List.of());
        Execution b = first.start(p, executions, "StartPipelineExecution", "arn:user", Map.of(), List.of());
        first.advance(executions);
        assertThat(a.stages.get(0).status).isEqualTo("InProgress");
        assertThat(b.stages.get(0).status).isNull();

        // Source done after its fetch: a builds, b takes the source stage.
        runner(T0 + Runner.SOURCE_FETCH.toMillis(), real).advance(executions);
        assertThat(a.stages.get(1).status).isEqualTo("InProgress");
        assertThat(b.stages.get(0).status).isEqualTo("InProgress");

        runner(T0 + 2 * Runner.SOURCE_FETCH.toMillis(), real).advance(executions);
        assertThat(b.stages.get(0).status).isEqualTo("Succeeded");
        assertThat(b.stages.get(1).status).as("b waits while a builds").isNull();
    }
}
