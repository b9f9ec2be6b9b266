package dev.cairn.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.aws.CallerIdentity;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.DynamoDbKinds;
import dev.cairn.model.kinds.S3Kinds;
import dev.cairn.testing.Specs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Storage handlers against a real account: the default credential chain and region. Builds
 * a versioned bucket with a TLS-only policy and an on-demand table, writes a few object versions,
 * then tears everything down (emptying the bucket first) even when an assertion fails, and proves
 * with the tagging API that nothing of the stack remains. Costs fractions of a cent. Run with
 * {@code mvn -Dgroups=aws -DexcludedGroups=bench -Dtest=StorageHandlersIT test}.
 */
@Tag("aws")
class StorageHandlersIT {

    /** AWS's own figures: a bucket settles within seconds, an on-demand table is ACTIVE within a minute. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofSeconds(2);

    @Test
    void storage_inDefaultRegion_isBuiltThenTornDownWithNothingTagged() {
        String region = AwsClients.defaultRegion(Optional.empty())
                .orElseThrow(() -> new IllegalStateException("no default region: set AWS_REGION or a profile region"));
        try (AwsClients clients = AwsClients.fromEnvironment(Optional.empty(), Optional.empty())) {
            CallerIdentity me = clients.whoAmI(region);
            String stack = "cairn-it-" + UUID.randomUUID().toString().substring(0, 8);
            HandlerContext ctx = HandlerContext.unjournaled(stack, me.account(), "aws", m -> { });
            Map<ResourceKind, ResourceHandler> handlers = AwsHandlers.forClients(clients);
            String bucketName = stack + "-" + me.account() + "-" + region;
            List<ResourceRecord> created = new ArrayList<>();
            try {
                Map<String, String> props = new LinkedHashMap<>(BucketHandlersTest.defaults(bucketName));
                ResolvedSpec bucketSpec = Specs.resolved(stack, region, S3Kinds.BUCKET, "storage.bucket", props, Map.of());
                assertThat(handlers.get(S3Kinds.BUCKET).find(ctx, bucketSpec)).isInstanceOf(Found.Absent.class);
                ResourceRecord bucket = apply(handlers, ctx, bucketSpec);
                created.add(bucket);
                ResourceRecord policy = apply(handlers, ctx, Specs.resolved(stack, region, S3Kinds.BUCKET_POLICY,
                        "storage.bucket-policy", Map.of("policy", BucketHandlersTest.tlsOnly(bucketName, "")),
                        Map.of("bucket", bucket)));
                created.add(0, policy);
                S3Client s3 = clients.s3(region);
                for (int i = 0; i < 3; i++) {
                    String body = "v" + i;
                    s3.putObject(r -> r.bucket(bucketName).key("k"), RequestBody.fromString(body));
                }
                assertThat(BucketContents.count(s3, bucketName).versions()).isEqualTo(3);

                Map<String, String> table = new LinkedHashMap<>();
                table.put("name", stack + "-items");
                table.put("partitionKeyName", "pk");
                table.put("partitionKeyType", "S");
                table.put("billingMode", "PAY_PER_REQUEST");
                table.put("pointInTimeRecovery", "true");
                table.put("deletionProtection", "false");
                created.add(0, apply(handlers, ctx, Specs.resolved(stack, region, DynamoDbKinds.TABLE, "storage.table", table,
                        Map.of())));

                assertThat(AwsHandlers.scanner(clients).scan(stack, Set.of(region))).extracting(TaggedResource::resourceType)
                        .contains("s3:bucket", "dynamodb:table");
            } finally {
                // Dependents first (the policy before its bucket); whatever became ready is removed.
                for (ResourceRecord r : created) {
                    ResourceHandler h = handlers.get(r.kind());
                    Specs.poll(() -> h.delete(ctx, r), TIMEOUT, POLL);
                    Specs.poll(() -> h.awaitGone(ctx, r), TIMEOUT, POLL);
                }
            }
            // The tagging API may list a just-deleted resource for a while; the live checks drop those.
            assertThat(AwsHandlers.scanner(clients).scan(stack, Set.of(region))).isEmpty();
        }
    }

    private static ResourceRecord apply(Map<ResourceKind, ResourceHandler> handlers, HandlerContext ctx, ResolvedSpec spec) {
        ResourceHandler h = handlers.get(spec.spec().kind());
        LiveResource created = h.create(ctx, spec, UUID.randomUUID().toString());
        Poll ready = Specs.poll(() -> h.awaitReady(ctx, spec, created), TIMEOUT, POLL);
        assertThat(ready.outcome()).as("%s", ready.message()).isEqualTo(Poll.Outcome.DONE);
        return Specs.record(spec, ready.resource());
    }
}
