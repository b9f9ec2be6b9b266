package dev.cairn.sandbox.codebuild;

import dev.cairn.sandbox.DemoRoles;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.ComputeType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.SourceType;

/** A build running when the Sandbox stops resumes from codebuild.json, its shell variables and source included. */
class CodeBuildPersistenceTest {
    @TempDir
    Path data;

    @Test
    void runningBuild_afterRestart_finishesWithItsShellState() throws Exception {
        SandboxConfig config = SandboxConfig.realistic(0.05).withDataDir(data);
        String id;
        try (SandboxServer server = SandboxServer.start(config)) {
            DemoRoles.create(server);
            var s3 = CodeBuildFixture.s3(server);
            var cb = CodeBuildFixture.codeBuild(server);
            s3.createBucket(c -> c.bucket("src-bucket").createBucketConfiguration(
                    cfg -> cfg.locationConstraint("ap-northeast-2")));
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("buildspec.yml", """
                    version: 0.2
                    phases:
                      pre_build:
                        commands:
                          - TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-3)
                      post_build:
                        commands:
                          - printf '%s' $TAG > tag.txt
                    artifacts:
                      files:
                        - tag.txt
                    """.getBytes(StandardCharsets.UTF_8));
            s3.putObject(p -> p.bucket("src-bucket").key("app.zip"), RequestBody.fromBytes(CodeBuildFixture.zip(files)));
            cb.createProject(p -> p.name("resume").source(s -> s.type(SourceType.S3).location("src-bucket/app.zip"))
                    .artifacts(a -> a.type(ArtifactsType.S3).location("src-bucket").name("out.zip"))
                    .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER).image("aws/codebuild/standard:7.0")
                            .computeType(ComputeType.BUILD_GENERAL1_SMALL))
                    .serviceRole(CodeBuildProjectsTest.ROLE));
            id = cb.startBuild(b -> b.projectName("resume").sourceVersion("abcdef")).build().id();
            assertThat(Files.readString(data.resolve("codebuild.json"))).contains(id);
        }
        Thread.sleep(1_500);
        try (SandboxServer server = SandboxServer.start(config)) {
            var cb = CodeBuildFixture.codeBuild(server);
            Build b = cb.batchGetBuilds(g -> g.ids(id)).builds().get(0);
            for (int i = 0; i < 100 && !b.buildComplete(); i++) {
                Thread.sleep(50);
                b = cb.batchGetBuilds(g -> g.ids(id)).builds().get(0);
            }
            assertThat(b.buildStatusAsString()).isEqualTo("SUCCEEDED");
            byte[] out = CodeBuildFixture.s3(server).getObjectAsBytes(g -> g.bucket("src-bucket").key("out.zip"))
                    .asByteArray();
            assertThat(CodeBuildFixture.unzip(out).get("tag.txt")).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        }
    }
}
