package dev.cairn.sandbox.codebuild;

import dev.cairn.sandbox.DemoRoles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.ComputeType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.InvalidInputException;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds through the SDK: phases in AWS's order on the Sandbox clock, the buildspec's commands, artifacts, stops. */
class CodeBuildBuildsTest {
    private SandboxServer server;
    private CodeBuildClient cb;
    private S3Client s3;

    private void start(SandboxConfig config) {
        server = SandboxServer.start(config);
        DemoRoles.create(server);
        cb = CodeBuildFixture.codeBuild(server);
        s3 = CodeBuildFixture.s3(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            cb.close();
            s3.close();
            server.close();
        }
    }

    private void inlineProject(String name, String buildspec) {
        cb.createProject(p -> p.name(name)
                .source(s -> s.type(SourceType.NO_SOURCE).buildspec(buildspec))
                .artifacts(a -> a.type(ArtifactsType.NO_ARTIFACTS))
                .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER)
                        .image("aws/codebuild/amazonlinux2-x86_64-standard:5.0")
                        .computeType(ComputeType.BUILD_GENERAL1_SMALL).privilegedMode(true))
                .serviceRole(CodeBuildProjectsTest.ROLE));
    }

    private Build get(String id) {
        return cb.batchGetBuilds(b -> b.ids(id)).builds().get(0);
    }

    private static List<String> phaseTypes(Build b) {
        return b.phases().stream().map(BuildPhase::phaseTypeAsString).toList();
    }

    @Test
    void startBuild_inline_isSubmitted_thenGoesThroughEveryPhase() {
        start(SandboxConfig.instant());
        inlineProject("hello", """
                version: 0.2
                phases:
                  build:
                    commands:
                      - echo hello
                """);
        Build started = cb.startBuild(b -> b.projectName("hello")).build();
        assertThat(started.id()).startsWith("hello:");
        assertThat(started.buildStatusAsString()).isEqualTo("IN_PROGRESS");
        assertThat(started.currentPhase()).isEqualTo("SUBMITTED");
        assertThat(started.buildNumber()).isEqualTo(1L);
        assertThat(started.logs().groupName()).isEqualTo("/aws/codebuild/hello");

        Build done = get(started.id());
        assertThat(done.buildStatusAsString()).isEqualTo("SUCCEEDED");
        assertThat(done.buildComplete()).isTrue();
        assertThat(phaseTypes(done)).containsExactly("SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE",
                "INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED");
        assertThat(done.phases().subList(0, 10)).allSatisfy(p -> {
            assertThat(p.phaseStatusAsString()).isEqualTo("SUCCEEDED");
            assertThat(p.durationInSeconds()).isNotNull();
        });
        assertThat(done.phases().get(10).phaseStatus()).isNull();
        assertThat(cb.listBuildsForProject(b -> b.projectName("hello")).ids()).containsExactly(started.id());
        assertThat(cb.listBuilds(b -> { }).ids()).containsExactly(started.id());
    }

    @Test
    void realisticBuild_showsThePhaseInProgress_andDurationsInOrder() throws Exception {
        // 1/20 of AWS's durations: about 1.5 s for the whole build.
        start(SandboxConfig.realistic(0.05));
        inlineProject("slow", """
                version: 0.2
                phases:
                  build:
                    commands:
                      - echo one
                """);
        String id = cb.startBuild(b -> b.projectName("slow")).build().id();
        Build early = get(id);
        assertThat(early.buildStatusAsString()).isEqualTo("IN_PROGRESS");
        assertThat(early.phases().get(early.phases().size() - 1).phaseStatus())
                .as("the running phase has no status yet").isNull();
        Build b = early;
        for (int i = 0; i < 200 && !b.buildComplete(); i++) {
            Thread.sleep(50);
            b = get(id);
        }
        assertThat(b.buildStatusAsString()).isEqualTo("SUCCEEDED");
        for (int i = 1; i < b.phases().size(); i++) {
            assertThat(b.phases().get(i).startTime()).isEqualTo(b.phases().get(i - 1).endTime());
        }
        BuildPhase provisioning = b.phases().get(2);
        assertThat(provisioning.phaseTypeAsString()).isEqualTo("PROVISIONING");
        // AWS: about 15 s; scaled 0.05 → 0.75 s, shown rounded to a second.
        assertThat(provisioning.durationInSeconds()).isEqualTo(1L);
        assertThat(b.endTime()).isAfter(b.startTime());
    }

    @Test
    void buildFromS3Source_withoutDockerfile_failsInBuild_stillRunsPostBuildAndUpload() {
        start(SandboxConfig.instant());
        s3.createBucket(c -> c.bucket("src-bucket").createBucketConfiguration(
                cfg -> cfg.locationConstraint("ap-northeast-2")));
        Map<String, byte[]> files = new LinkedHashMap<>(FilesMd.sampleApp());
        files.remove("Dockerfile");
        files.put("buildspec.yml", """
                version: 0.2
                phases:
                  build:
                    commands:
                      - echo building
                      - docker build -t 000000000000.dkr.ecr.ap-northeast-2.amazonaws.com/frontend:abc .
                  post_build:
                    commands:
                      - printf '{"ImageURI":"%s"}' none > imageDetail.json
                artifacts:
                  files:
                    - imageDetail.json
                """.getBytes(StandardCharsets.UTF_8));
        s3.putObject(p -> p.bucket("src-bucket").key("app.zip"), RequestBody.fromBytes(CodeBuildFixture.zip(files)));
        cb.createProject(p -> p.name("from-s3")
                .source(s -> s.type(SourceType.S3).location("src-bucket/app.zip"))
                .artifacts(a -> a.type(ArtifactsType.S3).location("src-bucket").path("out").name("result.zip"))
                .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER).image("aws/codebuild/standard:7.0")
                        .computeType(ComputeType.BUILD_GENERAL1_SMALL).privilegedMode(true))
                .serviceRole(CodeBuildProjectsTest.ROLE));
        String id = cb.startBuild(b -> b.projectName("from-s3").sourceVersion("abc")).build().id();
        Build b = get(id);
        assertThat(b.buildStatusAsString()).isEqualTo("FAILED");
        assertThat(phaseTypes(b)).containsExactly("SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE",
                "INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED");
        BuildPhase build = b.phases().get(6);
        assertThat(build.phaseStatusAsString()).isEqualTo("FAILED");
        assertThat(build.contexts().get(0).statusCode()).isEqualTo("COMMAND_EXECUTION_ERROR");
        assertThat(build.contexts().get(0).message()).isEqualTo("Error while executing command: docker build -t "
                + "000000000000.dkr.ecr.ap-northeast-2.amazonaws.com/frontend:abc .. Reason: exit status 1");
        assertThat(b.phases().get(7).phaseStatusAsString()).isEqualTo("SUCCEEDED");
        assertThat(b.phases().get(8).phaseStatusAsString()).isEqualTo("SUCCEEDED");
        assertThat(b.artifacts().location()).isEqualTo("arn:aws:s3:::src-bucket/out/result.zip");
        byte[] out = s3.getObjectAsBytes(g -> g.bucket("src-bucket").key("out/result.zip")).asByteArray();
        assertThat(CodeBuildFixture.unzip(out)).containsOnlyKeys("imageDetail.json");
        assertThat(b.resolvedSourceVersion()).isEqualTo("abc");
    }

    @Test
    void unsupportedCommand_failsItsPhase_andPreBuildFailureSkipsToFinalizing() {
        start(SandboxConfig.instant());
        inlineProject("odd", """
                version: 0.2
                phases:
                  pre_build:
                    commands:
                      - npm ci
                  build:
                    commands:
                      - echo never
                """);
        Build b = get(cb.startBuild(s -> s.projectName("odd")).build().id());
        assertThat(b.buildStatusAsString()).isEqualTo("FAILED");
        assertThat(phaseTypes(b)).containsExactly("SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE",
                "INSTALL", "PRE_BUILD", "FINALIZING", "COMPLETED");
        assertThat(b.phases().get(5).contexts().get(0).message())
                .isEqualTo("Error while executing command: npm ci. Reason: exit status 127");
    }

    @Test
    void missingSourceObject_failsDownloadSource() {
        start(SandboxConfig.instant());
        s3.createBucket(c -> c.bucket("src-bucket").createBucketConfiguration(
                cfg -> cfg.locationConstraint("ap-northeast-2")));
        inlineProject("x-build", "version: 0.2\n");
        Build b = get(cb.startBuild(s -> s.projectName("x-build").sourceTypeOverride(SourceType.S3)
                .sourceLocationOverride("src-bucket/missing.zip")).build().id());
        assertThat(b.buildStatusAsString()).isEqualTo("FAILED");
        BuildPhase download = b.phases().get(3);
        assertThat(download.phaseStatusAsString()).isEqualTo("FAILED");
        assertThat(download.contexts().get(0).statusCode()).isEqualTo("CLIENT_ERROR");
        assertThat(download.contexts().get(0).message()).startsWith("NoSuchKey");
    }

    @Test
    void stopBuild_stopsTheRunningPhase_andTheBuildEndsStopped() throws Exception {
        start(SandboxConfig.realistic(0.2));
        inlineProject("long", "version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n");
        String id = cb.startBuild(b -> b.projectName("long")).build().id();
        Build stopped = cb.stopBuild(s -> s.id(id)).build();
        assertThat(stopped.buildStatusAsString()).isEqualTo("IN_PROGRESS");
        assertThat(stopped.phases()).anySatisfy(p -> assertThat(p.phaseStatusAsString()).isEqualTo("STOPPED"));
        assertThat(phaseTypes(stopped)).doesNotContain("BUILD").endsWith("FINALIZING");
        Build b = stopped;
        for (int i = 0; i < 100 && !b.buildComplete(); i++) {
            Thread.sleep(50);
            b = get(id);
        }
        assertThat(b.buildStatusAsString()).isEqualTo("STOPPED");
        var notDeleted = cb.batchDeleteBuilds(d -> d.ids(id, "long:00000000-0000-0000-0000-000000000000"));
        assertThat(notDeleted.buildsDeleted()).containsExactly(id);
        assertThat(cb.batchGetBuilds(g -> g.ids(id)).buildsNotFound()).containsExactly(id);
    }

    @Test
    void startBuild_ofAPipelineProject_outsideAPipeline_failsWithInvalidInput() {
        start(SandboxConfig.instant());
        cb.createProject(CodeBuildProjectsTest.pipelineProject("demo-build"));
        var e = catchThrowableOfType(() -> cb.startBuild(b -> b.projectName("demo-build")),
                InvalidInputException.class);
        assertThat(e.awsErrorDetails().errorMessage()).contains("CODEPIPELINE");
        assertThat(cb.listBuilds(b -> { }).ids()).isEmpty();
    }
}
