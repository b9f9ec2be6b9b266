package dev.cairn.sandbox.codebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.ecr.EcrImages;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.InvalidInputException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole path with the Sandbox's IAM, CloudWatch Logs and ECR: the exact buildspec the step writes run by a
 * pipeline build from the sample app's source zip pushes an image whose files are the source, hands
 * over imageDetail.json with {@code <uri>:<7 characters of the commit>}, and logs every command in the
 * project's group; a role CodeBuild may not assume, or may not push with, fails as AWS's does.
 */
class CodeBuildFullPathTest {
    private static final String COMMIT = PipelineBuildsTest.COMMIT;
    private static final String TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},
            "Action":"sts:AssumeRole"}]}""";
    private static final String EC2_TRUST = TRUST.replace("codebuild", "ec2");
    private static final String POLICY = """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"},
             {"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"},
             {"Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:InitiateLayerUpload",
               "ecr:UploadLayerPart","ecr:CompleteLayerUpload","ecr:PutImage"],
              "Resource":"arn:aws:ecr:ap-northeast-2:000000000000:repository/frontend"},
             {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}""";

    private SandboxServer server;
    private CodeBuildClient cb;
    private S3Client s3;
    private IamClient iam;
    private EcrClient ecr;
    private CloudWatchLogsClient logs;

    /** The pipeline stand-in, plus a question to ECR: the files of an image URI. */
    private static ServiceDefinition peers() {
        ServiceDefinition base = PipelineBuildsTest.pipeline();
        return ServiceDefinition.builder("cairn-test-ecr-files", ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix("CairnTestEcrFiles")
                .json("Files", ServiceDefinition.Effect.READS, call -> {
                    ObjectNode out = PipelineBuildsTest.JSON.createObjectNode();
                    call.peer(EcrImages.class).files(call.json().path("uri").asText()).ifPresent(files ->
                            files.forEach((k, v) -> out.put(k, Base64.getEncoder().encodeToString(v))));
                    return out;
                })
                .build();
    }

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant(), List.of(PipelineBuildsTest.pipeline(), peers()));
        cb = CodeBuildFixture.codeBuild(server);
        s3 = CodeBuildFixture.s3(server);
        iam = SandboxClients.noRetry(IamClient.builder(), server, Region.AWS_GLOBAL, SandboxClients.ACCESS_KEY);
        ecr = SandboxClients.noRetry(EcrClient.builder(), server, CodeBuildFixture.REGION, SandboxClients.ACCESS_KEY);
        logs = SandboxClients.noRetry(CloudWatchLogsClient.builder(), server, CodeBuildFixture.REGION,
                SandboxClients.ACCESS_KEY);
        boolean served;
        try {
            ecr.describeRepositories(d -> { });
            iam.listRoles(l -> { });
            logs.describeLogGroups(d -> { });
            served = true;
        } catch (RuntimeException e) {
            served = false;
        }
        assumeTrue(served, "the Sandbox serves IAM, ECR and CloudWatch Logs (branch sbxbasic)");
        s3.createBucket(c -> c.bucket("demo-artifacts").createBucketConfiguration(
                cfg -> cfg.locationConstraint("ap-northeast-2")));
        s3.putObject(p -> p.bucket("demo-artifacts").key("src.zip"),
                RequestBody.fromBytes(CodeBuildFixture.zip(FilesMd.sampleApp())));
        ecr.createRepository(r -> r.repositoryName("frontend"));
        logs.createLogGroup(g -> g.logGroupName("/cairn/demo/build"));
        iam.createRole(r -> r.roleName("demo-codebuild").path("/cairn/demo/").assumeRolePolicyDocument(TRUST));
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {cb, s3, iam, ecr, logs}) {
            try {
                c.close();
            } catch (Exception e) {
                // closing clients of a stopped test
            }
        }
        server.close();
    }

    private JsonNode runPipelineBuild() throws Exception {
        cb.createProject(CodeBuildProjectsTest.pipelineProject("demo-build"));
        String id = PipelineBuildsTest.ask(server, "Start", PipelineBuildsTest.JSON.createObjectNode()
                .put("project", "demo-build").put("bucket", "demo-artifacts").put("sourceKey", "src.zip")
                .put("commit", COMMIT).put("outputKey", "out.zip")).path("id").asText();
        return ((ObjectNode) PipelineBuildsTest.ask(server, "State",
                PipelineBuildsTest.JSON.createObjectNode().put("id", id))).put("id", id);
    }

    private List<String> logLines(JsonNode state) {
        return logs.getLogEvents(g -> g.logGroupName(state.path("group").asText())
                .logStreamName(state.path("stream").asText()).startFromHead(true)).events().stream()
                .map(OutputLogEvent::message).toList();
    }

    @Test
    void filesMdBuildspec_pushesTheSourceAsTheImage_andHandsOverItsUri() throws Exception {
        iam.putRolePolicy(p -> p.roleName("demo-codebuild").policyName("build").policyDocument(POLICY));
        JsonNode state = runPipelineBuild();
        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("SUCCEEDED");

        String uri = "000000000000.dkr.ecr.ap-northeast-2.amazonaws.com/frontend:" + COMMIT.substring(0, 7);
        byte[] out = s3.getObjectAsBytes(g -> g.bucket("demo-artifacts").key("out.zip")).asByteArray();
        assertThat(new String(CodeBuildFixture.unzip(out).get("imageDetail.json"), StandardCharsets.UTF_8))
                .isEqualTo("{\"ImageURI\":\"" + uri + "\"}");
        assertThat(ecr.describeImages(d -> d.repositoryName("frontend")).imageDetails())
                .singleElement().satisfies(i -> assertThat(i.imageTags()).containsExactly(COMMIT.substring(0, 7)));
        var req = PipelineBuildsTest.JSON.createObjectNode().put("uri", uri);
        var r = dev.cairn.sandbox.SignedHttp.send(server.endpoint(), "cairn-test-ecr-files", "ap-northeast-2", "POST",
                "/", Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "CairnTestEcrFiles.Files"),
                PipelineBuildsTest.JSON.writeValueAsBytes(req));
        JsonNode files = PipelineBuildsTest.JSON.readTree(r.body());
        assertThat(files.has("Dockerfile")).as(r.body()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(files.path("index.html").asText()), StandardCharsets.UTF_8))
                .isEqualTo(FilesMd.INDEX);

        List<String> lines = logLines(state);
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                "\\[Container] \\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} Running command docker push .*"));
        assertThat(lines).contains("Login Succeeded", "Logging in to Amazon ECR");
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("Phase complete: POST_BUILD State: SUCCEEDED"));
        Build b = cb.batchGetBuilds(g -> g.ids(state.path("id").asText())).builds().get(0);
        assertThat(b.logs().groupName()).isEqualTo("/cairn/demo/build");
        assertThat(b.logs().deepLink()).contains("group=/cairn/demo/build");
    }

    @Test
    void roleWithoutPushRights_failsThePushWithDockersDenial() throws Exception {
        iam.putRolePolicy(p -> p.roleName("demo-codebuild").policyName("build").policyDocument(
                POLICY.replace("\"ecr:PutImage\"", "\"ecr:DescribeImages\"")));
        JsonNode state = runPipelineBuild();
        assertThat(state.path("status").asText()).isEqualTo("FAILED");
        assertThat(state.path("failure").asText()).startsWith("POST_BUILD: COMMAND_EXECUTION_ERROR");
        assertThat(logLines(state)).anySatisfy(l -> assertThat(l).startsWith("denied: User: arn:aws:sts::000000000000:"
                + "assumed-role/demo-codebuild/AWSCodeBuild-").contains("is not authorized to perform: ecr:PutImage"));
        assertThat(ecr.describeImages(d -> d.repositoryName("frontend")).imageDetails()).isEmpty();
    }

    @Test
    void createProject_withARoleCodeBuildMayNotAssume_failsWithInvalidInput() {
        iam.createRole(r -> r.roleName("ec2-only").path("/cairn/demo/").assumeRolePolicyDocument(EC2_TRUST));
        String arn = "arn:aws:iam::000000000000:role/cairn/demo/ec2-only";
        var e = catchThrowableOfType(() -> cb.createProject(CodeBuildProjectsTest.pipelineProject("demo-build")
                .toBuilder().serviceRole(arn).build()), InvalidInputException.class);
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("CodeBuild is not authorized to perform: sts:AssumeRole on " + arn);
        var missing = catchThrowableOfType(() -> cb.createProject(CodeBuildProjectsTest.pipelineProject("demo-build")
                .toBuilder().serviceRole("arn:aws:iam::000000000000:role/none").build()), InvalidInputException.class);
        assertThat(missing).isNotNull();
    }
}
