package dev.cairn.sandbox.s3;

import static dev.cairn.sandbox.s3.S3Fixture.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/** Buckets: AWS's naming rules, one namespace across accounts, regions, deletes, and every bucket setting. */
class S3BucketsTest {
    private SandboxServer server;
    private S3Client s3;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        s3 = S3Fixture.s3(server);
    }

    @AfterEach
    void stop() {
        s3.close();
        server.close();
    }

    private void create(String name) {
        s3.createBucket(r -> r.bucket(name).createBucketConfiguration(c -> c.locationConstraint(S3Fixture.REGION.id())));
    }

    @Test
    void createBucket_inRegion_isFoundByHeadLocationAndList() {
        create("team-data");

        assertThat(s3.headBucket(r -> r.bucket("team-data")).bucketRegion()).isEqualTo("ap-northeast-2");
        assertThat(s3.getBucketLocation(r -> r.bucket("team-data")).locationConstraint())
                .isEqualTo(BucketLocationConstraint.AP_NORTHEAST_2);
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("team-data");
        assertThat(server.resources()).singleElement().satisfies(r -> {
            assertThat(r.get("type")).isEqualTo("bucket");
            assertThat(r.get("id")).isEqualTo("team-data");
            assertThat(r.get("region")).isEqualTo("ap-northeast-2");
        });
    }

    @Test
    void createBucket_whenNameBreaksAwsRules_failsWithInvalidBucketName() {
        // Signed by hand: the SDK refuses some of these names itself before sending.
        byte[] config = ("<CreateBucketConfiguration><LocationConstraint>ap-northeast-2</LocationConstraint>"
                + "</CreateBucketConfiguration>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (String bad : List.of("ab", "Upper-case", "double..dot", "192.168.5.4", "-leading", "xn--punycode",
                "ends-s3alias-x-s3alias", "under_score", "trailing-", "a".repeat(64))) {
            var answer = dev.cairn.sandbox.SignedHttp.send(server.endpoint(), "s3", "ap-northeast-2", "PUT", "/" + bad,
                    Map.of(), config);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(answer.body()).as(bad).contains("<Code>InvalidBucketName</Code>");
        }
        assertThat(server.resources()).isEmpty();
        assertThat(Buckets.validName("ab")).isFalse();
        assertThat(Buckets.validName("a".repeat(64))).isFalse();
        assertThat(Buckets.validName("a".repeat(63))).isTrue();
        assertThat(Buckets.validName("my.bucket-1")).isTrue();
    }

    @Test
    void createBucket_whenNameTaken_isAlreadyExistsForOthersAndOwnedByYouForTheOwner() {
        create("shared-name");
        try (S3Client other = S3Fixture.s3(server, S3Fixture.REGION, S3Fixture.OTHER_KEY)) {
            assertS3Error(() -> other.createBucket(r -> r.bucket("shared-name")
                    .createBucketConfiguration(c -> c.locationConstraint("ap-northeast-2"))), 409, "BucketAlreadyExists");
            // Another account's bucket: 403 on HEAD, AccessDenied on everything else.
            assertS3Error(() -> other.headBucket(r -> r.bucket("shared-name")), 403, null);
            assertS3Error(() -> other.listObjectsV2(r -> r.bucket("shared-name")), 403, "AccessDenied");
        }
        assertS3Error(() -> create("shared-name"), 409, "BucketAlreadyOwnedByYou");
    }

    @Test
    void createBucket_againInUsEast1_answersOkAsAwsLegacyDoes() {
        try (S3Client east = S3Fixture.s3(server, Region.US_EAST_1, SandboxClients.ACCESS_KEY)) {
            east.createBucket(r -> r.bucket("virginia-bucket"));
            east.createBucket(r -> r.bucket("virginia-bucket"));
            assertThat(east.getBucketLocation(r -> r.bucket("virginia-bucket")).locationConstraintAsString()).isEmpty();
            assertThat(east.listBuckets().buckets()).hasSize(1);
        }
    }

    @Test
    void createBucket_whenConstraintDoesNotMatchTheEndpoint_failsWithIllegalLocationConstraint() {
        assertS3Error(() -> s3.createBucket(r -> r.bucket("wrong-region")
                        .createBucketConfiguration(c -> c.locationConstraint("eu-west-1"))), 400,
                "IllegalLocationConstraintException");
    }

    @Test
    void bucketRequests_fromAnotherRegionsEndpoint_areRedirected() {
        create("seoul-bucket");
        try (S3Client tokyo = S3Fixture.s3(server, Region.AP_NORTHEAST_1, SandboxClients.ACCESS_KEY)) {
            assertS3Error(() -> tokyo.listObjectsV2(r -> r.bucket("seoul-bucket")), 301, null);
            var redirect = (software.amazon.awssdk.services.s3.model.S3Exception) org.assertj.core.api.Assertions
                    .catchThrowable(() -> tokyo.listObjectsV2(r -> r.bucket("seoul-bucket")));
            assertThat(redirect.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region"))
                    .hasValue("ap-northeast-2");
            // The location is how a client finds the right endpoint: any region answers it.
            assertThat(tokyo.getBucketLocation(r -> r.bucket("seoul-bucket")).locationConstraintAsString())
                    .isEqualTo("ap-northeast-2");
        }
    }

    @Test
    void headBucket_whenMissing_is404AndDeleteIsNoSuchBucket() {
        assertS3Error(() -> s3.headBucket(r -> r.bucket("nothing-here")), 404, null);
        assertS3Error(() -> s3.deleteBucket(r -> r.bucket("nothing-here")), 404, "NoSuchBucket");
    }

    @Test
    void deleteBucket_whileAnObjectOrMarkerRemains_failsWithBucketNotEmpty() {
        create("full-bucket");
        s3.putBucketVersioning(r -> r.bucket("full-bucket").versioningConfiguration(v -> v.status("Enabled")));
        String version = s3.putObject(r -> r.bucket("full-bucket").key("k"), RequestBody.fromString("x")).versionId();
        s3.deleteObject(r -> r.bucket("full-bucket").key("k"));
        assertS3Error(() -> s3.deleteBucket(r -> r.bucket("full-bucket")), 409, "BucketNotEmpty");

        s3.deleteObject(r -> r.bucket("full-bucket").key("k").versionId(version));
        // Only the delete marker is left: still not empty.
        assertS3Error(() -> s3.deleteBucket(r -> r.bucket("full-bucket")), 409, "BucketNotEmpty");
        String marker = s3.listObjectVersions(r -> r.bucket("full-bucket")).deleteMarkers().get(0).versionId();
        s3.deleteObject(r -> r.bucket("full-bucket").key("k").versionId(marker));
        s3.deleteBucket(r -> r.bucket("full-bucket"));
        assertThat(server.resources()).isEmpty();
    }

    @Test
    void newBucket_hasAwsDefaults_blockPublicAccessOwnerEnforcedSseS3() {
        create("defaults");
        var pab = s3.getPublicAccessBlock(r -> r.bucket("defaults")).publicAccessBlockConfiguration();
        assertThat(List.of(pab.blockPublicAcls(), pab.ignorePublicAcls(), pab.blockPublicPolicy(),
                pab.restrictPublicBuckets())).containsOnly(true);
        assertThat(s3.getBucketOwnershipControls(r -> r.bucket("defaults")).ownershipControls().rules().get(0)
                .objectOwnership()).isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        assertThat(s3.getBucketEncryption(r -> r.bucket("defaults")).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(s3.getBucketVersioning(r -> r.bucket("defaults")).status()).isNull();
        assertS3Error(() -> s3.getBucketPolicy(r -> r.bucket("defaults")), 404, "NoSuchBucketPolicy");
        assertS3Error(() -> s3.getBucketTagging(r -> r.bucket("defaults")), 404, "NoSuchTagSet");
        assertS3Error(() -> s3.getBucketLifecycleConfiguration(r -> r.bucket("defaults")), 404,
                "NoSuchLifecycleConfiguration");

        s3.deletePublicAccessBlock(r -> r.bucket("defaults"));
        assertS3Error(() -> s3.getPublicAccessBlock(r -> r.bucket("defaults")), 404,
                "NoSuchPublicAccessBlockConfiguration");
        s3.deleteBucketOwnershipControls(r -> r.bucket("defaults"));
        assertS3Error(() -> s3.getBucketOwnershipControls(r -> r.bucket("defaults")), 404,
                "OwnershipControlsNotFoundError");
    }

    @Test
    void settings_putThenGet_roundTrip() {
        create("settings");
        s3.putBucketVersioning(r -> r.bucket("settings").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putBucketEncryption(r -> r.bucket("settings").serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256))
                .bucketKeyEnabled(true))));
        s3.putBucketLifecycleConfiguration(r -> r.bucket("settings").lifecycleConfiguration(c -> c.rules(rule -> rule
                .id("old-versions").status("Enabled").filter(f -> f.prefix(""))
                .noncurrentVersionExpiration(n -> n.noncurrentDays(30)))));
        s3.putBucketTagging(r -> r.bucket("settings").tagging(t -> t.tagSet(
                Tag.builder().key("cairn:stack").value("demo").build())));

        assertThat(s3.getBucketVersioning(r -> r.bucket("settings")).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(s3.getBucketEncryption(r -> r.bucket("settings")).serverSideEncryptionConfiguration().rules().get(0)
                .bucketKeyEnabled()).isTrue();
        var rule = s3.getBucketLifecycleConfiguration(r -> r.bucket("settings")).rules().get(0);
        assertThat(rule.id()).isEqualTo("old-versions");
        assertThat(rule.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(30);
        assertThat(s3.getBucketTagging(r -> r.bucket("settings")).tagSet())
                .containsExactly(Tag.builder().key("cairn:stack").value("demo").build());

        s3.deleteBucketLifecycle(r -> r.bucket("settings"));
        s3.deleteBucketTagging(r -> r.bucket("settings"));
        assertS3Error(() -> s3.getBucketTagging(r -> r.bucket("settings")), 404, "NoSuchTagSet");
        assertS3Error(() -> s3.putBucketVersioning(r -> r.bucket("settings")
                .versioningConfiguration(v -> v.status("Off"))), 400, "MalformedXML");
    }

    @Test
    void putBucketLifecycle_withoutAnyAction_failsAsAwsDoes() {
        create("lifecycle");
        assertS3Error(() -> s3.putBucketLifecycleConfiguration(r -> r.bucket("lifecycle").lifecycleConfiguration(c -> c
                .rules(rule -> rule.id("x").status("Enabled").filter(f -> f.prefix("logs/"))))), 400, "InvalidRequest");
        assertS3Error(() -> s3.putBucketLifecycleConfiguration(r -> r.bucket("lifecycle").lifecycleConfiguration(c -> c
                .rules(rule -> rule.id("x").status("Enabled").filter(f -> f.prefix(""))
                        .noncurrentVersionExpiration(n -> n.noncurrentDays(0))))), 400, "InvalidArgument");
    }

    @Test
    void putBucketTagging_withAnAwsKey_failsWithInvalidTag() {
        create("tags");
        assertS3Error(() -> s3.putBucketTagging(r -> r.bucket("tags").tagging(t -> t.tagSet(
                Tag.builder().key("aws:cloudformation:stack").value("x").build()))), 400, "InvalidTag");
    }

    @Test
    void taggingApi_listsTaggedBucketsByArnInTheirRegion() {
        create("tagged-bucket");
        create("untagged-bucket");
        s3.putBucketTagging(r -> r.bucket("tagged-bucket").tagging(t -> t.tagSet(
                Tag.builder().key("cairn:stack").value("demo").build())));
        try (ResourceGroupsTaggingApiClient tagging = SandboxClients.noRetry(ResourceGroupsTaggingApiClient.builder(),
                server, S3Fixture.REGION, SandboxClients.ACCESS_KEY);
             ResourceGroupsTaggingApiClient elsewhere = SandboxClients.noRetry(ResourceGroupsTaggingApiClient.builder(),
                     server, Region.EU_WEST_1, SandboxClients.ACCESS_KEY)) {
            var found = tagging.getResources(r -> r.resourceTypeFilters("s3:bucket")
                    .tagFilters(f -> f.key("cairn:stack").values("demo"))).resourceTagMappingList();
            assertThat(found).singleElement().satisfies(m -> {
                assertThat(m.resourceARN()).isEqualTo("arn:aws:s3:::tagged-bucket");
                assertThat(m.tags()).extracting(t -> Map.entry(t.key(), t.value()))
                        .containsExactly(Map.entry("cairn:stack", "demo"));
            });
            assertThat(elsewhere.getResources(r -> r.resourceTypeFilters("s3:bucket")).resourceTagMappingList()).isEmpty();
        }
    }
}
