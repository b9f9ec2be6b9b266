package dev.cairn.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.DynamoDbKinds;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The DynamoDB table through the real SDK against each backend that serves DynamoDB: create
 * (on-demand, key schema, tags, protection), ready with point-in-time recovery, found by name and
 * tags (a stranger's table of the name is taken), updated in place, deleted and waited for until
 * DescribeTable no longer knows it, and refused while deletion protection is on.
 */
class TableHandlerTest {

    private static final String REGION = "ap-northeast-2";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(20);

    record Fixture(AwsClients clients, ResourceHandler h, String stack, HandlerContext ctx, List<String> said) {
        DynamoDbClient ddb() {
            return clients.dynamoDb(REGION);
        }

        ResolvedSpec spec(String name, Map<String, String> overrides) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("name", name);
            p.put("partitionKeyName", "pk");
            p.put("partitionKeyType", "S");
            p.put("sortKeyName", "sk");
            p.put("sortKeyType", "N");
            p.put("billingMode", "PAY_PER_REQUEST");
            p.put("pointInTimeRecovery", "true");
            p.put("deletionProtection", "false");
            p.putAll(overrides);
            return Specs.resolved(stack, REGION, DynamoDbKinds.TABLE, "storage.table", p, Map.of());
        }

        ResourceRecord apply(ResolvedSpec spec) {
            LiveResource created = h.create(ctx, spec, UUID.randomUUID().toString());
            Poll ready = Specs.poll(() -> h.awaitReady(ctx, spec, created), TIMEOUT, POLL);
            assertThat(ready.outcome()).as("%s", ready.message()).isEqualTo(Poll.Outcome.DONE);
            return Specs.record(spec, ready.resource());
        }

        Poll update(ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
            return Specs.poll(() -> h.update(ctx, spec, current, changed), TIMEOUT, POLL);
        }
    }

    interface Body {
        void run(Fixture f) throws Exception;
    }

    private static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("dynamodb"), backend.name() + " does not serve DynamoDB");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
            List<String> said = new CopyOnWriteArrayList<>();
            body.run(new Fixture(clients, AwsHandlers.forClients(clients).get(DynamoDbKinds.TABLE), stack,
                    Specs.context(stack, said), said));
        }
    }

    private static String tableName() {
        return "cairn-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static PointInTimeRecoveryStatus pitr(DynamoDbClient ddb, String name) {
        return ddb.describeContinuousBackups(r -> r.tableName(name)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void table_createFindUpdateDelete_followTheSpecAndWaitUntilGone(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = tableName();
            ResolvedSpec spec = f.spec(name, Map.of());
            assertThat(f.h().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);

            ResourceRecord table = f.apply(spec);

            TableDescription t = f.ddb().describeTable(r -> r.tableName(name)).table();
            assertThat(t.tableStatusAsString()).isEqualTo("ACTIVE");
            assertThat(t.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
            assertThat(t.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                    .containsExactly("pk:" + KeyType.HASH, "sk:" + KeyType.RANGE);
            assertThat(TableHandler.tags(f.ddb(), t.tableArn())).containsEntry(Tags.STACK, f.stack())
                    .containsEntry(Tags.ADDRESS, "storage.table");
            assertThat(pitr(f.ddb(), name)).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
            assertThat(table.physicalId()).isEqualTo(name);
            assertThat(table.attributes()).containsEntry("arn", t.tableArn()).containsEntry("status", "ACTIVE");
            assertThat(Specs.ours(f.h().find(f.ctx(), spec))).map(LiveResource::physicalId).contains(name);
            assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                    .filteredOn(r -> r.resourceType().equals("dynamodb:table"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.physicalId()).isEqualTo(name);
                        assertThat(r.kind()).isEqualTo(DynamoDbKinds.TABLE);
                        assertThat(r.address()).isEqualTo("storage.table");
                    });

            ResolvedSpec changed = f.spec(name, Map.of("pointInTimeRecovery", "false", "deletionProtection", "true"));
            assertThat(f.update(changed, table, Set.of("pointInTimeRecovery", "deletionProtection")).outcome())
                    .isEqualTo(Poll.Outcome.DONE);
            assertThat(pitr(f.ddb(), name)).isEqualTo(PointInTimeRecoveryStatus.DISABLED);
            assertThat(f.ddb().describeTable(r -> r.tableName(name)).table().deletionProtectionEnabled()).isTrue();

            // Deletion protection on: the delete refuses, naming the field, and the table stays.
            Poll refused = f.h().delete(f.ctx(), table);
            assertThat(refused.outcome()).isEqualTo(Poll.Outcome.FAILED);
            assertThat(refused.message().english()).contains(TableHandler.PROTECTION_FIELD).contains(name);
            assertThat(f.h().read(f.ctx(), table)).isPresent();

            ResolvedSpec unprotected = f.spec(name, Map.of("pointInTimeRecovery", "false", "deletionProtection", "false"));
            assertThat(f.update(unprotected, table, Set.of("deletionProtection")).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(Specs.poll(() -> f.h().delete(f.ctx(), table), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(Specs.poll(() -> f.h().awaitGone(f.ctx(), table), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);

            assertThat(f.h().read(f.ctx(), table)).isEmpty();
            assertThat(f.h().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);
            assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                    .extracting(TaggedResource::physicalId).doesNotContain(name);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void table_find_ofAnUntaggedTableOfTheName_isTaken(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = tableName();
            f.ddb().createTable(r -> r.tableName(name).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));

            assertThat(f.h().find(f.ctx().withCreatePending(), f.spec(name, Map.of())))
                    .isInstanceOfSatisfying(Found.Taken.class, t -> assertThat(t.what()).contains(name).contains("without"));
            assertThat(f.ddb().describeTable(r -> r.tableName(name)).table()).isNotNull();
        });
    }
}
