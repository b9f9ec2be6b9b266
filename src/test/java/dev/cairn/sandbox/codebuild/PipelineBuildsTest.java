package dev.cairn.sandbox.codebuild;

import dev.cairn.sandbox.DemoRoles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SignedHttp;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.s3.S3Artifacts;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link PipelineBuilds} and {@link S3Artifacts} as CodePipeline sees them through {@code Call.peer}:
 * a test-only service stands in for the pipeline's build action and asks them.
 */
class PipelineBuildsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PEERS = "cairn-test-pipeline";
    static final String COMMIT = "9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d";

    private SandboxServer server;
    private CodeBuildClient cb;
    private S3Client s3;

    /** The pipeline's side: starts builds, reads their state, puts and gets artifacts. */
    static ServiceDefinition pipeline() {
        return ServiceDefinition.builder(PEERS, ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix("CairnTestPipeline")
                .json("Start", ServiceDefinition.Effect.WRITES, call -> {
                    JsonNode in = call.json();
                    String id = call.peer(PipelineBuilds.class).start(in.path("project").asText(),
                            in.path("bucket").asText(), in.path("sourceKey").asText(), in.path("commit").asText(),
                            in.path("bucket").asText(), in.path("outputKey").asText());
                    return JSON.createObjectNode().put("id", id);
                })
                .json("State", ServiceDefinition.Effect.WRITES, call -> {
                    ObjectNode out = JSON.createObjectNode();
                    call.peer(PipelineBuilds.class).state(call.json().path("id").asText()).ifPresent(s -> {
                        out.put("status", s.status()).put("phase", s.currentPhase()).put("group", s.logGroup())
                                .put("stream", s.logStream());
                        s.failure().ifPresent(f -> out.put("failure", f));
                    });
                    return out;
                })
                .json("Put", ServiceDefinition.Effect.WRITES, call -> {
                    call.peer(S3Artifacts.class).put(call.json().path("bucket").asText(), call.json().path("key").asText(),
                            Base64.getDecoder().decode(call.json().path("body").asText()));
                    return JSON.createObjectNode();
                })
                .json("Get", ServiceDefinition.Effect.READS, call -> {
                    ObjectNode out = JSON.createObjectNode();
                    call.peer(S3Artifacts.class).get(call.json().path("bucket").asText(), call.json().path("key").asText())
                            .ifPresent(b -> out.put("body", Base64.getEncoder().encodeToString(b)));
                    return out;
                })
                .build();
    }

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant(), List.of(pipeline()));
        DemoRoles.create(server);
        cb = CodeBuildFixture.codeBuild(server);
        s3 = CodeBuildFixture.s3(server);
        s3.createBucket(c -> c.bucket("demo-artifacts").createBucketConfiguration(
                cfg -> cfg.locationConstraint("ap-northeast-2")));
    }

    @AfterEach
    void stop() {
        cb.close();
        s3.close();
        server.close();
    }

    static JsonNode ask(SandboxServer server, String operation, ObjectNode body) throws Exception {
        var r = SignedHttp.send(server.endpoint(), PEERS, "ap-northeast-2", "POST", "/",
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "CairnTestPipeline." + operation),
                JSON.writeValueAsBytes(body));
        JsonNode out = JSON.readTree(r.body());
        return r.statusCode() == 200 ? out : JSON.createObjectNode().put("error", out.path("__type").asText());
    }

    @Test
    void pipelineBuild_readsTheSourceZip_andWritesTheOutputZip() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("buildspec.yml", """
                version: 0.2
                phases:
                  post_build:
                    commands:
                      - IMAGE_TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)
                      - printf '{"ImageURI":"%s"}' repo:$IMAGE_TAG > imageDetail.json
                artifacts:
                  files:
                    - imageDetail.json
                """.getBytes(StandardCharsets.UTF_8));
        s3.putObject(p -> p.bucket("demo-artifacts").key("demo-pipeline/SourceArti/abc.zip"),
                RequestBody.fromBytes(CodeBuildFixture.zip(files)));
        cb.createProject(CodeBuildProjectsTest.pipelineProject("demo-build"));

        String id = ask(server, "Start", JSON.createObjectNode().put("project", "demo-build")
                .put("bucket", "demo-artifacts").put("sourceKey", "demo-pipeline/SourceArti/abc.zip")
                .put("commit", COMMIT).put("outputKey", "demo-pipeline/BuildArtif/def.zip")).path("id").asText();
        assertThat(id).startsWith("demo-build:");
        JsonNode state = ask(server, "State", JSON.createObjectNode().put("id", id));
        assertThat(state.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(state.path("phase").asText()).isEqualTo("COMPLETED");
        assertThat(state.path("group").asText()).isEqualTo("/cairn/demo/build");
        assertThat(state.path("stream").asText()).isEqualTo(id.substring("demo-build:".length()));
        assertThat(state.has("failure")).isFalse();

        byte[] out = s3.getObjectAsBytes(g -> g.bucket("demo-artifacts").key("demo-pipeline/BuildArtif/def.zip"))
                .asByteArray();
        assertThat(new String(CodeBuildFixture.unzip(out).get("imageDetail.json"), StandardCharsets.UTF_8))
                .isEqualTo("{\"ImageURI\":\"repo:9c1d8e7\"}");
        Build b = cb.batchGetBuilds(g -> g.ids(id)).builds().get(0);
        assertThat(b.initiator()).isEqualTo("codepipeline");
        assertThat(b.sourceVersion()).isEqualTo(COMMIT);
        assertThat(b.source().location()).isEqualTo("demo-artifacts/demo-pipeline/SourceArti/abc.zip");
    }

    @Test
    void pipelineBuild_ofAnUnknownProject_isNotFound_andAnUnknownBuildHasNoState() throws Exception {
        JsonNode r = ask(server, "Start", JSON.createObjectNode().put("project", "nope").put("bucket", "demo-artifacts")
                .put("sourceKey", "a").put("commit", COMMIT).put("outputKey", "b"));
        assertThat(r.path("error").asText()).isEqualTo("ResourceNotFoundException");
        assertThat(ask(server, "State", JSON.createObjectNode().put("id", "nope:1"))).isEmpty();
    }

    @Test
    void s3Artifacts_putAndGet_followTheBucketsVersioning() throws Exception {
        s3.putBucketVersioning(v -> v.bucket("demo-artifacts").versioningConfiguration(c -> c.status("Enabled")));
        for (String body : List.of("one", "two")) {
            ask(server, "Put", JSON.createObjectNode().put("bucket", "demo-artifacts").put("key", "p/a.zip")
                    .put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))));
        }
        JsonNode got = ask(server, "Get", JSON.createObjectNode().put("bucket", "demo-artifacts").put("key", "p/a.zip"));
        assertThat(new String(Base64.getDecoder().decode(got.path("body").asText()), StandardCharsets.UTF_8))
                .isEqualTo("two");
        assertThat(s3.listObjectVersions(l -> l.bucket("demo-artifacts")).versions()).hasSize(2);
        assertThat(s3.getObjectAsBytes(g -> g.bucket("demo-artifacts").key("p/a.zip")).asUtf8String()).isEqualTo("two");
        assertThat(ask(server, "Get", JSON.createObjectNode().put("bucket", "demo-artifacts").put("key", "none")))
                .isEmpty();
        assertThat(ask(server, "Get", JSON.createObjectNode().put("bucket", "no-bucket").put("key", "x"))).isEmpty();
        JsonNode refused = ask(server, "Put", JSON.createObjectNode().put("bucket", "no-bucket").put("key", "x")
                .put("body", ""));
        assertThat(refused.path("error").asText()).isEqualTo("NoSuchBucket");
    }
}
