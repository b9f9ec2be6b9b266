package dev.cairn.sandbox.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SignedHttp;
import dev.cairn.sandbox.core.ServiceDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Tag;
import software.amazon.awssdk.services.ecr.model.TagStatus;

/**
 * The Sandbox's ECR through SDK v2 (rules and error codes), through {@link EcrImages} as CodeBuild
 * and ECS reach it (a test-only service asks it and answers what it said), and through the AWS CLI.
 */
class EcrServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PEERS = "cairn-test-ecr-peers";
    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "ap-northeast-2";

    @TempDir
    Path home;
    private SandboxServer server;
    private EcrClient ecr;

    /** Pushes the files it is given and answers the digest, or answers an image's files. */
    private static ServiceDefinition peers() {
        return ServiceDefinition.builder(PEERS, ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix("CairnTestEcrPeers")
                .json("Push", ServiceDefinition.Effect.WRITES, call -> {
                    JsonNode b = call.json();
                    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
                    b.path("files").fields().forEachRemaining(f -> files.put(f.getKey(),
                            f.getValue().asText().getBytes(StandardCharsets.UTF_8)));
                    String digest = call.peer(EcrImages.class).push(b.path("repository").asText(),
                            b.path("tag").asText(), files);
                    return JSON.createObjectNode().put("digest", digest);
                })
                .json("Files", ServiceDefinition.Effect.READS, call -> {
                    ObjectNode out = JSON.createObjectNode();
                    call.peer(EcrImages.class).files(call.json().path("uri").asText()).ifPresent(files ->
                            files.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8))));
                    return out;
                })
                .build();
    }

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant(), List.of(peers()));
        ecr = SandboxClients.noRetry(EcrClient.builder(), server, Region.AP_NORTHEAST_2, SandboxClients.ACCESS_KEY);
    }

    @AfterEach
    void stop() {
        ecr.close();
        server.close();
    }

    private JsonNode ask(String operation, String body) throws Exception {
        var r = SignedHttp.send(server.endpoint(), PEERS, REGION, "POST", "/",
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "CairnTestEcrPeers." + operation),
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String push(String repo, String tag, String indexHtml) throws Exception {
        ObjectNode b = JSON.createObjectNode().put("repository", repo).put("tag", tag);
        b.putObject("files").put("Dockerfile", "FROM public.ecr.aws/nginx/nginx:stable-alpine\n")
                .put("index.html", indexHtml);
        return ask("Push", b.toString()).get("digest").asText();
    }

    private static String code(Throwable t) {
        assertThat(t).isInstanceOf(EcrException.class);
        return ((EcrException) t).awsErrorDetails().errorCode();
    }

    @Test
    void createRepository_givesArnUriAndTags_andRefusesADuplicate() {
        var repo = ecr.createRepository(b -> b.repositoryName("frontend")
                .tags(Tag.builder().key("cairn:stack").value("demo").build())).repository();

        assertThat(repo.repositoryArn()).isEqualTo("arn:aws:ecr:" + REGION + ":" + ACCOUNT + ":repository/frontend");
        assertThat(repo.repositoryUri()).isEqualTo(ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/frontend");
        assertThat(repo.imageTagMutability()).isEqualTo(ImageTagMutability.MUTABLE);
        assertThat(ecr.listTagsForResource(b -> b.resourceArn(repo.repositoryArn())).tags())
                .containsExactly(Tag.builder().key("cairn:stack").value("demo").build());
        assertThat(code(catchThrowable(() -> ecr.createRepository(b -> b.repositoryName("frontend")))))
                .isEqualTo("RepositoryAlreadyExistsException");
    }

    @Test
    void createRepository_whenNameHasCapitals_failsWithInvalidParameter() {
        assertThat(code(catchThrowable(() -> ecr.createRepository(b -> b.repositoryName("Frontend")))))
                .isEqualTo("InvalidParameterException");
        assertThat(code(catchThrowable(() -> ecr.createRepository(b -> b.repositoryName("a//b")))))
                .isEqualTo("InvalidParameterException");
        assertThat(ecr.createRepository(b -> b.repositoryName("team/front-end_1.x")).repository().repositoryName())
                .isEqualTo("team/front-end_1.x");
    }

    @Test
    void describeRepositories_whenNamedRepositoryIsMissing_failsWithNotFound() {
        ecr.createRepository(b -> b.repositoryName("frontend"));

        assertThat(ecr.describeRepositories(b -> b.repositoryNames("frontend")).repositories()).hasSize(1);
        assertThat(code(catchThrowable(() -> ecr.describeRepositories(b -> b.repositoryNames("nope")))))
                .isEqualTo("RepositoryNotFoundException");
        assertThat(code(catchThrowable(() -> ecr.deleteRepository(b -> b.repositoryName("nope")))))
                .isEqualTo("RepositoryNotFoundException");
    }

    @Test
    void deleteRepository_withImages_needsForce() throws Exception {
        ecr.createRepository(b -> b.repositoryName("frontend"));
        push("frontend", "abc1234", "<h1>Version 1</h1>");

        assertThat(code(catchThrowable(() -> ecr.deleteRepository(b -> b.repositoryName("frontend")))))
                .isEqualTo("RepositoryNotEmptyException");
        ecr.deleteRepository(b -> b.repositoryName("frontend").force(true));
        assertThat(ecr.describeRepositories(b -> { }).repositories()).isEmpty();
    }

    @Test
    void push_showsInListAndDescribeImages_andServesItsFilesByTagAndDigest() throws Exception {
        ecr.createRepository(b -> b.repositoryName("frontend"));
        String digest = push("frontend", "abc1234", "<h1>Version 1</h1>");
        String uri = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/frontend";

        var details = ecr.describeImages(b -> b.repositoryName("frontend")).imageDetails();
        assertThat(details).hasSize(1);
        assertThat(details.get(0).imageDigest()).isEqualTo(digest).startsWith("sha256:");
        assertThat(details.get(0).imageTags()).containsExactly("abc1234");
        assertThat(details.get(0).imageSizeInBytes()).isPositive();
        assertThat(details.get(0).imagePushedAt()).isNotNull();
        assertThat(ecr.listImages(b -> b.repositoryName("frontend")).imageIds())
                .containsExactly(ImageIdentifier.builder().imageDigest(digest).imageTag("abc1234").build());
        assertThat(ask("Files", "{\"uri\":\"" + uri + ":abc1234\"}").get("index.html").asText())
                .isEqualTo("<h1>Version 1</h1>");
        assertThat(ask("Files", "{\"uri\":\"" + uri + "@" + digest + "\"}").has("Dockerfile")).isTrue();
        assertThat(ask("Files", "{\"uri\":\"" + uri + ":other\"}")).isEmpty();
        assertThat(ask("Files", "{\"uri\":\"public.ecr.aws/nginx/nginx:stable-alpine\"}")).isEmpty();
    }

    @Test
    void push_whenTagIsTakenInImmutableRepository_failsWithTagAlreadyExists() throws Exception {
        ecr.createRepository(b -> b.repositoryName("frontend"));
        push("frontend", "latest", "v1");
        String second = push("frontend", "latest", "v2");

        // Mutable: the tag moved, the first image stays untagged.
        assertThat(ecr.listImages(b -> b.repositoryName("frontend").filter(f -> f.tagStatus(TagStatus.UNTAGGED)))
                .imageIds()).hasSize(1);
        assertThat(ecr.describeImages(b -> b.repositoryName("frontend")
                .imageIds(i -> i.imageTag("latest"))).imageDetails().get(0).imageDigest()).isEqualTo(second);

        ecr.putImageTagMutability(b -> b.repositoryName("frontend").imageTagMutability(ImageTagMutability.IMMUTABLE));
        var r = SignedHttp.send(server.endpoint(), PEERS, REGION, "POST", "/",
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "CairnTestEcrPeers.Push"),
                "{\"repository\":\"frontend\",\"tag\":\"latest\",\"files\":{\"index.html\":\"v3\"}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("ImageTagAlreadyExistsException");
    }

    @Test
    void describeImages_whenTagIsMissing_failsWithImageNotFound() {
        ecr.createRepository(b -> b.repositoryName("frontend"));

        assertThat(code(catchThrowable(() -> ecr.describeImages(b -> b.repositoryName("frontend")
                .imageIds(i -> i.imageTag("nope")))))).isEqualTo("ImageNotFoundException");
    }

    @Test
    void batchDeleteImage_byTag_removesTheImageWithItsLastTag_andReportsMissingOnes() throws Exception {
        ecr.createRepository(b -> b.repositoryName("frontend"));
        push("frontend", "abc1234", "v1");

        var out = ecr.batchDeleteImage(b -> b.repositoryName("frontend").imageIds(
                ImageIdentifier.builder().imageTag("abc1234").build(),
                ImageIdentifier.builder().imageTag("nope").build()));

        assertThat(out.imageIds()).hasSize(1);
        assertThat(out.failures()).hasSize(1);
        assertThat(out.failures().get(0).failureCodeAsString()).isEqualTo("ImageNotFound");
        assertThat(ecr.describeImages(b -> b.repositoryName("frontend")).imageDetails()).isEmpty();
    }

    @Test
    void putImage_thenBatchGetImage_returnsTheManifest_andRefusesTheSameTagTwice() {
        ecr.createRepository(b -> b.repositoryName("frontend"));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + EcrService.MANIFEST_TYPE + "\",\"layers\":[]}";

        ecr.putImage(b -> b.repositoryName("frontend").imageTag("v1").imageManifest(manifest));

        assertThat(ecr.batchGetImage(b -> b.repositoryName("frontend").imageIds(i -> i.imageTag("v1"))).images()
                .get(0).imageManifest()).isEqualTo(manifest);
        assertThat(code(catchThrowable(() -> ecr.putImage(b -> b.repositoryName("frontend").imageTag("v1")
                .imageManifest(manifest))))).isEqualTo("ImageAlreadyExistsException");
    }

    @Test
    void lifecyclePolicy_imageCountMoreThan_expiresTheOldestAfterAPush() throws Exception {
        ecr.createRepository(b -> b.repositoryName("frontend"));
        String policy = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\","
                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":2},\"action\":{\"type\":\"expire\"}}]}";
        ecr.putLifecyclePolicy(b -> b.repositoryName("frontend").lifecyclePolicyText(policy));

        push("frontend", "c1", "v1");
        Thread.sleep(5);
        push("frontend", "c2", "v2");
        Thread.sleep(5);
        push("frontend", "c3", "v3");

        assertThat(ecr.listImages(b -> b.repositoryName("frontend")).imageIds())
                .extracting(ImageIdentifier::imageTag).containsExactlyInAnyOrder("c2", "c3");
        assertThat(ecr.getLifecyclePolicy(b -> b.repositoryName("frontend")).lifecyclePolicyText()).isEqualTo(policy);
        ecr.deleteLifecyclePolicy(b -> b.repositoryName("frontend"));
        assertThat(code(catchThrowable(() -> ecr.getLifecyclePolicy(b -> b.repositoryName("frontend")))))
                .isEqualTo("LifecyclePolicyNotFoundException");
    }

    @Test
    void putLifecyclePolicy_whenCountTypeIsUnknown_failsWithInvalidParameter() {
        ecr.createRepository(b -> b.repositoryName("frontend"));
        String bad = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\","
                + "\"countType\":\"mostOf\",\"countNumber\":2},\"action\":{\"type\":\"expire\"}}]}";

        assertThat(code(catchThrowable(() -> ecr.putLifecyclePolicy(b -> b.repositoryName("frontend")
                .lifecyclePolicyText(bad))))).isEqualTo("InvalidParameterException");
        assertThat(code(catchThrowable(() -> ecr.putLifecyclePolicy(b -> b.repositoryName("frontend")
                .lifecyclePolicyText("{}"))))).isEqualTo("InvalidParameterException");
    }

    @Test
    void getAuthorizationToken_givesBase64UserAwsAndTheRegistryEndpoint() {
        var data = ecr.getAuthorizationToken(b -> { }).authorizationData().get(0);

        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        assertThat(decoded).startsWith("AWS:").hasSizeGreaterThan(10);
        assertThat(data.proxyEndpoint()).isEqualTo("https://" + ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com");
        assertThat(data.expiresAt()).isAfter(java.time.Instant.now().plusSeconds(11 * 3600));
    }

    @Test
    void tagResource_thenUntag_changesListTags_andScanningConfigurationSticks() {
        String arn = ecr.createRepository(b -> b.repositoryName("frontend")).repository().repositoryArn();

        ecr.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("a").value("1").build(),
                Tag.builder().key("b").value("2").build()));
        ecr.untagResource(b -> b.resourceArn(arn).tagKeys("a"));
        ecr.putImageScanningConfiguration(b -> b.repositoryName("frontend")
                .imageScanningConfiguration(c -> c.scanOnPush(true)));

        assertThat(ecr.listTagsForResource(b -> b.resourceArn(arn)).tags())
                .containsExactly(Tag.builder().key("b").value("2").build());
        assertThat(ecr.describeRepositories(b -> { }).repositories().get(0).imageScanningConfiguration().scanOnPush())
                .isTrue();
    }

    @Test
    void awsCliV2_describeRepositories_listsTheRepository() {
        AwsCli.assumeV2();
        ecr.createRepository(b -> b.repositoryName("frontend"));

        AwsCli.Result r = AwsCli.run(server, home, REGION, "ecr", "describe-repositories");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().path("repositories").get(0).path("repositoryName").asText()).isEqualTo("frontend");
        AwsCli.Result missing = AwsCli.run(server, home, REGION, "ecr", "describe-repositories",
                "--repository-names", "nope");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("RepositoryNotFoundException");
    }

    @Test
    void pushedImage_survivesARestart_withItsFiles() throws Exception {
        Path data = home.resolve("data");
        ecr.close();
        server.close();
        server = SandboxServer.start(SandboxConfig.instant().withDataDir(data), List.of(peers()));
        ecr = SandboxClients.noRetry(EcrClient.builder(), server, Region.AP_NORTHEAST_2, SandboxClients.ACCESS_KEY);
        ecr.createRepository(b -> b.repositoryName("frontend"));
        String digest = push("frontend", "abc1234", "<h1>Version 2</h1>");
        ecr.close();
        server.close();

        server = SandboxServer.start(SandboxConfig.instant().withDataDir(data), List.of(peers()));
        ecr = SandboxClients.noRetry(EcrClient.builder(), server, Region.AP_NORTHEAST_2, SandboxClients.ACCESS_KEY);

        assertThat(ecr.describeImages(b -> b.repositoryName("frontend")).imageDetails().get(0).imageDigest())
                .isEqualTo(digest);
        assertThat(ask("Files", "{\"uri\":\"" + ACCOUNT + ".dkr.ecr." + REGION
                + ".amazonaws.com/frontend:abc1234\"}").get("index.html").asText()).isEqualTo("<h1>Version 2</h1>");
    }

    @Test
    void taggingApi_findsTaggedRepositoriesAsEcrRepository() throws Exception {
        ecr.createRepository(b -> b.repositoryName("frontend")
                .tags(Tag.builder().key("cairn:stack").value("demo").build()));
        ecr.createRepository(b -> b.repositoryName("untagged"));

        var r = SignedHttp.send(server.endpoint(), "tagging", REGION, "POST", "/",
                Map.of("Content-Type", "application/x-amz-json-1.1",
                        "X-Amz-Target", "ResourceGroupsTaggingAPI_20170126.GetResources"),
                "{\"ResourceTypeFilters\":[\"ecr:repository\"]}".getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode list = JSON.readTree(r.body()).path("ResourceTagMappingList");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("ResourceARN").asText())
                .isEqualTo("arn:aws:ecr:" + REGION + ":" + ACCOUNT + ":repository/frontend");
    }
}
