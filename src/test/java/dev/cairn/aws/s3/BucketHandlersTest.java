package dev.cairn.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.S3Kinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The bucket and its policy through the real SDK against each backend that serves S3: create
 * with every setting, find (ours, absent, another account's), update one setting at a time, the
 * policy's put and replace, a resume after a stop between CreateBucket and its tags, and the
 * delete that empties first. moto lets an account read another's bucket (its cross-account
 * access is on by default), so "another account's" is asserted as taken on both: by HeadBucket's
 * 403 in AWS and the Sandbox, by this account's ListBuckets in moto.
 */
class BucketHandlersTest {

    static final String REGION = "ap-northeast-2";
    static final String BACKENDS = "dev.cairn.testing.Backends#all";
    /** moto picks an account by this header; the Sandbox by the access key. */
    static final String STRANGER_ACCOUNT = "111122223333";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(20);

    record Fixture(AwsClients clients, Map<ResourceKind, ResourceHandler> handlers, String stack, HandlerContext ctx,
            List<String> said) {
        ResourceHandler bucketHandler() {
            return handlers.get(S3Kinds.BUCKET);
        }

        ResourceHandler policyHandler() {
            return handlers.get(S3Kinds.BUCKET_POLICY);
        }

        S3Client s3() {
            return clients.s3(REGION);
        }

        ResolvedSpec bucketSpec(String name, Map<String, String> overrides) {
            Map<String, String> props = new LinkedHashMap<>(defaults(name));
            props.putAll(overrides);
            return Specs.resolved(stack, REGION, S3Kinds.BUCKET, "storage.bucket", props, Map.of());
        }

        ResourceRecord apply(ResolvedSpec spec) {
            return apply(ctx, spec);
        }

        ResourceRecord apply(HandlerContext context, ResolvedSpec spec) {
            ResourceHandler h = handlers.get(spec.spec().kind());
            LiveResource created = h.create(context, spec, UUID.randomUUID().toString());
            Poll ready = Specs.poll(() -> h.awaitReady(context, spec, created), TIMEOUT, POLL);
            assertThat(ready.outcome()).as("%s", ready.message()).isEqualTo(Poll.Outcome.DONE);
            return Specs.record(spec, ready.resource());
        }

        void destroy(ResourceRecord record) {
            ResourceHandler h = handlers.get(record.kind());
            assertThat(Specs.poll(() -> h.delete(ctx, record), Duration.ofMinutes(3), POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(Specs.poll(() -> h.awaitGone(ctx, record), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
        }
    }

    static Map<String, String> defaults(String name) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("versioning", "Enabled");
        p.put("encryption", "AES256");
        p.put("objectOwnership", "BucketOwnerEnforced");
        p.put("blockPublicAcls", "true");
        p.put("ignorePublicAcls", "true");
        p.put("blockPublicPolicy", "true");
        p.put("restrictPublicBuckets", "true");
        p.put("noncurrentExpirationDays", "30");
        p.put("role", "data");
        return p;
    }

    interface Body {
        void run(Fixture f) throws Exception;
    }

    static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("s3"), backend.name() + " does not serve S3");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
            List<String> said = new CopyOnWriteArrayList<>();
            body.run(new Fixture(clients, AwsHandlers.forClients(clients), stack, Specs.context(stack, said), said));
        }
    }

    static String bucketName() {
        return "cairn-test-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** An S3 client of another account of the same backend. */
    static S3Client stranger(AwsBackend backend) {
        return S3Client.builder().endpointOverride(backend.endpoint()).region(Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(STRANGER_ACCOUNT, "stranger")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                        return context.httpRequest().toBuilder().putHeader("x-moto-account-id", STRANGER_ACCOUNT).build();
                    }
                }))
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void bucket_create_appliesEverySettingAndIsFoundByNameAndTags(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = bucketName();
            ResolvedSpec spec = f.bucketSpec(name, Map.of());
            ResourceHandler h = f.bucketHandler();
            assertThat(h.find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);

            ResourceRecord bucket = f.apply(spec);

            assertThat(bucket.physicalId()).isEqualTo(name);
            assertThat(bucket.attributes()).containsEntry("arn", "arn:aws:s3:::" + name)
                    .containsEntry("region", REGION)
                    .containsEntry("regionalDomainName", name + ".s3." + REGION + ".amazonaws.com");
            S3Client s3 = f.s3();
            assertThat(s3.headBucket(r -> r.bucket(name)).bucketRegion()).isEqualTo(REGION);
            assertThat(BucketHandler.tags(s3, name)).containsEntry(Tags.STACK, f.stack())
                    .containsEntry(Tags.ADDRESS, "storage.bucket").containsEntry("team", "cairn-tests");
            assertThat(s3.getBucketVersioning(r -> r.bucket(name)).statusAsString()).isEqualTo("Enabled");
            assertThat(s3.getPublicAccessBlock(r -> r.bucket(name)).publicAccessBlockConfiguration())
                    .isEqualTo(PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true)
                            .blockPublicPolicy(true).restrictPublicBuckets(true).build());
            assertThat(s3.getBucketOwnershipControls(r -> r.bucket(name)).ownershipControls().rules())
                    .singleElement().satisfies(rule -> assertThat(rule.objectOwnershipAsString()).isEqualTo("BucketOwnerEnforced"));
            assertThat(s3.getBucketEncryption(r -> r.bucket(name)).serverSideEncryptionConfiguration().rules())
                    .singleElement().satisfies(rule -> assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
                            .isEqualTo("AES256"));
            assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket(name)).rules()).singleElement().satisfies(rule -> {
                assertThat(rule.id()).isEqualTo(BucketHandler.LIFECYCLE_RULE_ID);
                assertThat(rule.status()).isEqualTo(ExpirationStatus.ENABLED);
                assertThat(rule.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(30);
            });
            assertThat(Specs.ours(h.find(f.ctx(), spec))).map(LiveResource::physicalId).contains(name);
            assertThat(h.read(f.ctx(), bucket)).isPresent();
            assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION, "us-east-1")))
                    .filteredOn(t -> t.resourceType().equals("s3:bucket"))
                    .singleElement().satisfies(t -> {
                        assertThat(t.physicalId()).isEqualTo(name);
                        assertThat(t.kind()).isEqualTo(S3Kinds.BUCKET);
                        assertThat(t.address()).isEqualTo("storage.bucket");
                        assertThat(t.region()).isEqualTo(REGION);
                    });

            f.destroy(bucket);

            assertThat(h.read(f.ctx(), bucket)).isEmpty();
            assertThat(h.find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);
            assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                    .extracting(TaggedResource::physicalId).doesNotContain(name);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void bucket_update_changesOnlyTheChangedSettings(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = bucketName();
            ResourceRecord bucket = f.apply(f.bucketSpec(name, Map.of()));
            ResolvedSpec relaxed = f.bucketSpec(name, Map.of("blockPublicPolicy", "false", "restrictPublicBuckets", "false",
                    "versioning", "Suspended", "noncurrentExpirationDays", ""));
            f.said().clear();

            Poll p = f.bucketHandler().update(f.ctx(), relaxed, bucket,
                    Set.of("blockPublicPolicy", "restrictPublicBuckets", "versioning", "noncurrentExpirationDays"));

            assertThat(p.outcome()).isEqualTo(Poll.Outcome.DONE);
            S3Client s3 = f.s3();
            assertThat(s3.getPublicAccessBlock(r -> r.bucket(name)).publicAccessBlockConfiguration())
                    .isEqualTo(PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true)
                            .blockPublicPolicy(false).restrictPublicBuckets(false).build());
            assertThat(s3.getBucketVersioning(r -> r.bucket(name)).statusAsString()).isEqualTo("Suspended");
            assertThat(catchThrowable(() -> s3.getBucketLifecycleConfiguration(r -> r.bucket(name))))
                    .isInstanceOfSatisfying(S3Exception.class,
                            e -> assertThat(dev.cairn.aws.AwsErrors.code(e)).isEqualTo("NoSuchLifecycleConfiguration"));
            // One call per changed setting; nothing said about the settings that did not change.
            assertThat(f.said()).containsExactly("setting Block Public Access on bucket " + name,
                    "setting versioning on bucket " + name, "setting noncurrentExpirationDays on bucket " + name);

            f.said().clear();
            assertThat(f.bucketHandler().update(f.ctx(), relaxed, bucket, Set.of("blockPublicPolicy", "versioning")).outcome())
                    .isEqualTo(Poll.Outcome.DONE);
            assertThat(f.said()).as("a repeated update writes nothing").isEmpty();
            f.destroy(bucket);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void bucket_find_whenAnotherAccountHoldsTheName_isTakenAndNothingIsDeleted(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = bucketName();
            try (S3Client theirs = stranger(backend)) {
                theirs.createBucket(r -> r.bucket(name).createBucketConfiguration(c -> c.locationConstraint(REGION)));

                Found found = f.bucketHandler().find(f.ctx(), f.bucketSpec(name, Map.of()));

                assertThat(found).isInstanceOfSatisfying(Found.Taken.class, t -> assertThat(t.what())
                        .contains(name).contains("another AWS account").contains("global"));
                assertThat(theirs.headBucket(r -> r.bucket(name)).sdkHttpResponse().isSuccessful()).isTrue();
                theirs.deleteBucket(r -> r.bucket(name));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void bucket_find_whenUntaggedInThisAccount_isTakenUnlessOurCreateIsPending(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = bucketName();
            ResolvedSpec spec = f.bucketSpec(name, Map.of());
            // What a run killed between CreateBucket and PutBucketTagging leaves.
            f.s3().createBucket(r -> r.bucket(name).createBucketConfiguration(c -> c.locationConstraint(REGION)));

            assertThat(f.bucketHandler().find(f.ctx(), spec)).isInstanceOfSatisfying(Found.Taken.class,
                    t -> assertThat(t.what()).contains("this account").contains("without Cairn's tags"));
            HandlerContext resumed = f.ctx().withCreatePending();
            Found found = f.bucketHandler().find(resumed, spec);
            assertThat(found).isInstanceOf(Found.Ours.class);

            Poll ready = Specs.poll(() -> f.bucketHandler().awaitReady(resumed, spec, ((Found.Ours) found).resource()), TIMEOUT, POLL);

            assertThat(ready.outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(BucketHandler.tags(f.s3(), name)).containsEntry(Tags.STACK, f.stack());
            assertThat(f.s3().getBucketVersioning(r -> r.bucket(name)).statusAsString()).isEqualTo("Enabled");
            assertThat(f.bucketHandler().find(f.ctx(), spec)).as("tagged now: ours without the pending intent")
                    .isInstanceOf(Found.Ours.class);
            f.destroy(Specs.record(spec, ready.resource()));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void bucket_find_ofAnotherStacksBucket_isTakenEvenWhileACreateIsPending(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = bucketName();
            ResourceRecord theirs = f.apply(Specs.context("otherstack"), Specs.resolved("otherstack", REGION, S3Kinds.BUCKET,
                    "storage.bucket", defaults(name), Map.of()));

            assertThat(f.bucketHandler().find(f.ctx().withCreatePending(), f.bucketSpec(name, Map.of())))
                    .isInstanceOfSatisfying(Found.Taken.class, t -> assertThat(t.what()).contains("otherstack"));
            f.destroy(theirs);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void policy_putReplaceAndDelete_followTheSpec(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = bucketName();
            ResourceRecord bucket = f.apply(f.bucketSpec(name, Map.of()));
            ResolvedSpec tlsOnly = policySpec(f, bucket, tlsOnly(name, ""));
            ResourceHandler h = f.policyHandler();
            assertThat(h.find(f.ctx(), tlsOnly)).isInstanceOf(Found.Absent.class);

            ResourceRecord policy = f.apply(tlsOnly);

            assertThat(BucketPolicyHandler.policy(f.s3(), name)).hasValueSatisfying(
                    p -> assertThat(BucketPolicyHandler.samePolicy(p, tlsOnly.property("policy"))).isTrue());
            assertThat(h.find(f.ctx(), tlsOnly)).isInstanceOf(Found.Ours.class);

            ResolvedSpec other = policySpec(f, bucket, tlsOnly(name, "logs/"));
            assertThat(h.update(f.ctx(), other, policy, Set.of("policy")).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(BucketPolicyHandler.policy(f.s3(), name)).hasValueSatisfying(
                    p -> assertThat(BucketPolicyHandler.samePolicy(p, other.property("policy"))).isTrue());

            f.destroy(policy);
            assertThat(BucketPolicyHandler.policy(f.s3(), name)).isEmpty();
            f.destroy(bucket);
            assertThat(h.delete(f.ctx(), policy).outcome()).as("a gone bucket took its policy").isEqualTo(Poll.Outcome.DONE);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void policy_public_whileBlockPublicAccessBlocksIt_isRetryableAccessDenied(AwsBackend backend) throws Exception {
        assumeTrue(backend.followsAwsDependencyRules(), backend.name() + " does not refuse a public policy under Block Public Access");
        with(backend, f -> {
            String name = bucketName();
            ResourceRecord bucket = f.apply(f.bucketSpec(name, Map.of()));
            ResolvedSpec publicRead = policySpec(f, bucket, publicRead(name));

            Throwable thrown = catchThrowable(() -> f.policyHandler().create(f.ctx(), publicRead, "t"));

            assertThat(thrown).isInstanceOfSatisfying(RetryableException.class,
                    e -> assertThat(e.awsCode()).isEqualTo(BucketPolicyHandler.ACCESS_DENIED));
            f.bucketHandler().update(f.ctx(), f.bucketSpec(name, Map.of("blockPublicPolicy", "false",
                    "restrictPublicBuckets", "false")), bucket, Set.of("blockPublicPolicy", "restrictPublicBuckets"));
            ResourceRecord policy = f.apply(publicRead);
            f.destroy(policy);
            f.destroy(bucket);
        });
    }

    private static ResolvedSpec policySpec(Fixture f, ResourceRecord bucket, String policy) {
        return Specs.resolved(f.stack(), REGION, S3Kinds.BUCKET_POLICY, "storage.bucket-policy", Map.of("policy", policy),
                Map.of("bucket", bucket));
    }

    static String tlsOnly(String bucket, String prefix) {
        return """
                {"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*",
                 "Action":"s3:*","Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/%2$s*"],
                 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""".formatted(bucket, prefix);
    }

    static String publicRead(String bucket) {
        return """
                {"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*",
                 "Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*"}]}""".formatted(bucket);
    }

}
