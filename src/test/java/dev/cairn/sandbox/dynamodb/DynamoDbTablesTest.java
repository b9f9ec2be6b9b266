package dev.cairn.sandbox.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.internal.waiters.ResponseOrException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;

/**
 * DynamoDB tables through the SDK v2 client: the lifecycle ({@code CREATING → ACTIVE},
 * {@code DELETING} → gone) on both latency profiles and through the SDK's own waiters, key schema
 * validation with AWS's messages, updates, deletion protection, point-in-time recovery, tags,
 * the tagging API and persistence across a restart.
 */
class DynamoDbTablesTest {
    static final Region SEOUL = Region.AP_NORTHEAST_2;
    static final String ARN_PREFIX = "arn:aws:dynamodb:ap-northeast-2:000000000000:table/";
    /**
     * Realistic profile at half speed: a table is CREATING (and UPDATING) for 5 s and DELETING for
     * 2.5 s, long enough for a loaded machine to observe each state between two calls.
     */
    static final double TIME_SCALE = 0.5;
    /** A generous bound on a wait of a second or two: the machine is shared and often loaded. */
    static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

    private SandboxServer server;
    private DynamoDbClient ddb;

    @TempDir
    Path data;

    private void start(SandboxConfig config) {
        server = SandboxServer.start(config);
        ddb = client(server);
    }

    static DynamoDbClient client(SandboxServer server) {
        return SandboxClients.noRetry(DynamoDbClient.builder(), server, SEOUL, SandboxClients.ACCESS_KEY);
    }

    @AfterEach
    void stop() {
        if (ddb != null) {
            ddb.close();
            ddb = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }

    static CreateTableRequest onDemand(String name, String hashKey, String rangeKey) {
        List<KeySchemaElement> schema = new ArrayList<>();
        List<AttributeDefinition> definitions = new ArrayList<>();
        schema.add(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build());
        definitions.add(AttributeDefinition.builder().attributeName(hashKey).attributeType(ScalarAttributeType.S).build());
        if (rangeKey != null) {
            schema.add(KeySchemaElement.builder().attributeName(rangeKey).keyType(KeyType.RANGE).build());
            definitions.add(AttributeDefinition.builder().attributeName(rangeKey)
                    .attributeType(ScalarAttributeType.N).build());
        }
        return CreateTableRequest.builder().tableName(name).keySchema(schema).attributeDefinitions(definitions)
                .billingMode(BillingMode.PAY_PER_REQUEST).build();
    }

    /** The SDK's waiters, polling every 100 ms instead of their default backoff. */
    static void quickPolls(WaiterOverrideConfiguration.Builder o) {
        o.maxAttempts(600).backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))
                .waitTimeout(WAIT_LIMIT);
    }

    private static String errorCode(DynamoDbException e) {
        return e.awsErrorDetails().errorCode();
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void createTable_onInstant_answersCreatingThenDescribesActive() {
        start(SandboxConfig.instant());

        TableDescription created = ddb.createTable(onDemand("orders", "pk", "sk")
                .toBuilder().tags(Tag.builder().key("cairn:stack").value("demo").build()).build()).tableDescription();
        TableDescription described = ddb.describeTable(r -> r.tableName("orders")).table();

        assertThat(created.tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThat(created.tableArn()).isEqualTo(ARN_PREFIX + "orders");
        assertThat(created.tableId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(described.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(described.keySchema()).extracting(KeySchemaElement::attributeName).containsExactly("pk", "sk");
        assertThat(described.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(described.deletionProtectionEnabled()).isFalse();
        assertThat(described.itemCount()).isZero();
        assertThat(ddb.listTagsOfResource(r -> r.resourceArn(ARN_PREFIX + "orders")).tags())
                .containsExactly(Tag.builder().key("cairn:stack").value("demo").build());
    }

    @Test
    void sdkWaiters_onRealisticProfile_pollThroughCreatingAndDeleting() {
        start(SandboxConfig.realistic(TIME_SCALE));

        ddb.createTable(onDemand("slow", "pk", null));
        String whileCreating = ddb.describeTable(r -> r.tableName("slow")).table().tableStatusAsString();
        ContinuousBackupsUnavailableException early = catchThrowableOfType(() -> ddb.updateContinuousBackups(r -> r
                .tableName("slow").pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))),
                ContinuousBackupsUnavailableException.class);
        ResourceInUseException deleteWhileCreating = catchThrowableOfType(() -> ddb.deleteTable(r -> r.tableName("slow")),
                ResourceInUseException.class);
        ResponseOrException<DescribeTableResponse> exists = ddb.waiter()
                .waitUntilTableExists(r -> r.tableName("slow"), DynamoDbTablesTest::quickPolls).matched();
        ddb.deleteTable(r -> r.tableName("slow"));
        String whileDeleting = ddb.describeTable(r -> r.tableName("slow")).table().tableStatusAsString();
        ddb.waiter().waitUntilTableNotExists(r -> r.tableName("slow"), DynamoDbTablesTest::quickPolls);

        assertThat(whileCreating).isEqualTo("CREATING");
        assertThat(early).isNotNull();
        assertThat(early.getMessage()).contains("Backups are being enabled for the table: slow");
        assertThat(deleteWhileCreating.getMessage()).contains("Table is being created: slow");
        assertThat(exists.response()).hasValueSatisfying(d -> assertThat(d.table().tableStatus())
                .isEqualTo(TableStatus.ACTIVE));
        assertThat(whileDeleting).isEqualTo("DELETING");
        assertThat(catchThrowableOfType(() -> ddb.describeTable(r -> r.tableName("slow")),
                ResourceNotFoundException.class).getMessage())
                .startsWith("Requested resource not found: Table: slow not found");
    }

    @Test
    void createTable_whenNameTaken_failsWithResourceInUse_andListTablesPages() {
        start(SandboxConfig.instant());
        for (String name : List.of("delta", "alpha", "charlie", "bravo")) {
            ddb.createTable(onDemand(name, "pk", null));
        }

        ResourceInUseException taken = catchThrowableOfType(() -> ddb.createTable(onDemand("alpha", "id", null)),
                ResourceInUseException.class);
        var first = ddb.listTables(r -> r.limit(3));
        var second = ddb.listTables(r -> r.limit(3).exclusiveStartTableName(first.lastEvaluatedTableName()));
        List<String> all = ddb.listTablesPaginator(r -> r.limit(1)).tableNames().stream().toList();

        assertThat(taken.getMessage()).startsWith("Table already exists: alpha");
        assertThat(first.tableNames()).containsExactly("alpha", "bravo", "charlie");
        assertThat(first.lastEvaluatedTableName()).isEqualTo("charlie");
        assertThat(second.tableNames()).containsExactly("delta");
        assertThat(second.lastEvaluatedTableName()).isNull();
        assertThat(all).containsExactly("alpha", "bravo", "charlie", "delta");
    }

    // ------------------------------------------------------------------ validation

    @Test
    void createTable_whenKeySchemaInvalid_failsWithAwsValidationMessages() {
        start(SandboxConfig.instant());

        String noHashFirst = validationMessage(CreateTableRequest.builder().tableName("table1")
                .keySchema(KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(def("sk", ScalarAttributeType.S)).billingMode(BillingMode.PAY_PER_REQUEST).build());
        String undefined = validationMessage(onDemand("table2", "pk", "sk").toBuilder()
                .attributeDefinitions(def("pk", ScalarAttributeType.S)).build());
        String extra = validationMessage(onDemand("table3", "pk", null).toBuilder()
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("other", ScalarAttributeType.S)).build());
        String wrongName = validationMessage(onDemand("table4", "pk", null).toBuilder()
                .attributeDefinitions(def("id", ScalarAttributeType.S)).build());
        String badType = validationMessage(onDemand("table5", "pk", null).toBuilder()
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("BOOL").build())
                .build());
        String throughputOnDemand = validationMessage(onDemand("table6", "pk", null).toBuilder()
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L)).build());
        String provisionedWithout = validationMessage(onDemand("table7", "pk", null).toBuilder()
                .billingMode(BillingMode.PROVISIONED).build());
        String shortName = validationMessage(onDemand("ab", "pk", null));
        String badName = validationMessage(onDemand("no spaces", "pk", null));

        assertThat(noHashFirst).isEqualTo("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        assertThat(undefined).isEqualTo("Invalid KeySchema: Some index key attribute have no definition");
        assertThat(extra).isEqualTo("One or more parameter values were invalid: Number of attributes in KeySchema "
                + "does not exactly match number of attributes defined in AttributeDefinitions");
        assertThat(wrongName).isEqualTo("One or more parameter values were invalid: Some index key attributes are not "
                + "defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [id]");
        assertThat(badType).contains("at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [B, N, S]");
        assertThat(throughputOnDemand).contains("can be specified when BillingMode is PAY_PER_REQUEST");
        assertThat(provisionedWithout).isEqualTo("One or more parameter values were invalid: ReadCapacityUnits and "
                + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        assertThat(shortName).contains("Member must have length greater than or equal to 3");
        assertThat(badName).contains("Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        assertThat(ddb.listTables().tableNames()).isEmpty();
    }

    private static AttributeDefinition def(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private String validationMessage(CreateTableRequest request) {
        DynamoDbException e = catchThrowableOfType(() -> ddb.createTable(request), DynamoDbException.class);
        assertThat(e).as("CreateTable %s fails", request.tableName()).isNotNull();
        assertThat(errorCode(e)).isEqualTo("ValidationException");
        return e.awsErrorDetails().errorMessage();
    }

    // ------------------------------------------------------------------ updates, protection, backups

    @Test
    void deleteTable_whenProtected_failsUntilProtectionIsTurnedOff() {
        start(SandboxConfig.instant());
        ddb.createTable(onDemand("keep", "pk", null).toBuilder().deletionProtectionEnabled(true).build());

        DynamoDbException refused = catchThrowableOfType(() -> ddb.deleteTable(r -> r.tableName("keep")),
                DynamoDbException.class);
        boolean stillThere = ddb.describeTable(r -> r.tableName("keep")).table().deletionProtectionEnabled();
        ddb.updateTable(r -> r.tableName("keep").deletionProtectionEnabled(false));
        TableDescription deleting = ddb.deleteTable(r -> r.tableName("keep")).tableDescription();

        assertThat(errorCode(refused)).isEqualTo("ValidationException");
        assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo("Resource cannot be deleted as it is currently "
                + "protected against deletion. Disable deletion protection first.");
        assertThat(stillThere).isTrue();
        assertThat(deleting.tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(catchThrowableOfType(() -> ddb.describeTable(r -> r.tableName("keep")),
                ResourceNotFoundException.class)).isNotNull();
        assertThat(server.resources()).isEmpty();
    }

    @Test
    void updateTable_billingMode_passesThroughUpdating_andEmptyUpdateIsRefused() {
        start(SandboxConfig.realistic(TIME_SCALE));
        ddb.createTable(onDemand("bill", "pk", null));
        ddb.waiter().waitUntilTableExists(r -> r.tableName("bill"), DynamoDbTablesTest::quickPolls);

        DynamoDbException nothing = catchThrowableOfType(() -> ddb.updateTable(r -> r.tableName("bill")),
                DynamoDbException.class);
        TableDescription updating = ddb.updateTable(r -> r.tableName("bill").billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(2L))).tableDescription();
        ResourceInUseException busy = catchThrowableOfType(() -> ddb.updateTable(r -> r.tableName("bill")
                .billingMode(BillingMode.PAY_PER_REQUEST)), ResourceInUseException.class);
        TableDescription after = ddb.waiter().waitUntilTableExists(r -> r.tableName("bill"), DynamoDbTablesTest::quickPolls).matched()
                .response().orElseThrow().table();

        assertThat(errorCode(nothing)).isEqualTo("ValidationException");
        assertThat(updating.tableStatus()).isEqualTo(TableStatus.UPDATING);
        assertThat(busy.getMessage()).contains("Table is being updated: bill");
        assertThat(after.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(after.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(after.provisionedThroughput().writeCapacityUnits()).isEqualTo(2L);
    }

    @Test
    void continuousBackups_turnOnAndOff_andUnknownTableIsTableNotFound() {
        start(SandboxConfig.instant());
        ddb.createTable(onDemand("pitr", "pk", null));

        var before = ddb.describeContinuousBackups(r -> r.tableName("pitr")).continuousBackupsDescription();
        var on = ddb.updateContinuousBackups(r -> r.tableName("pitr")
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))).continuousBackupsDescription();
        var read = ddb.describeContinuousBackups(r -> r.tableName("pitr")).continuousBackupsDescription();
        var off = ddb.updateContinuousBackups(r -> r.tableName("pitr")
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false))).continuousBackupsDescription();
        TableNotFoundException missing = catchThrowableOfType(() -> ddb.describeContinuousBackups(r -> r
                .tableName("nope")), TableNotFoundException.class);

        assertThat(before.continuousBackupsStatusAsString()).isEqualTo("ENABLED");
        assertThat(before.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                .isEqualTo(PointInTimeRecoveryStatus.DISABLED);
        assertThat(on.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                .isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(read.pointInTimeRecoveryDescription().recoveryPeriodInDays()).isEqualTo(35);
        assertThat(read.pointInTimeRecoveryDescription().earliestRestorableDateTime()).isNotNull();
        assertThat(off.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                .isEqualTo(PointInTimeRecoveryStatus.DISABLED);
        assertThat(missing.getMessage()).startsWith("Table not found: nope");
    }

    @Test
    void timeToLive_isDisabledUntilTurnedOn() {
        start(SandboxConfig.instant());
        ddb.createTable(onDemand("ttl", "pk", null));

        String before = ddb.describeTimeToLive(r -> r.tableName("ttl")).timeToLiveDescription().timeToLiveStatusAsString();
        ddb.updateTimeToLive(r -> r.tableName("ttl").timeToLiveSpecification(s -> s.attributeName("expires").enabled(true)));
        var after = ddb.describeTimeToLive(r -> r.tableName("ttl")).timeToLiveDescription();

        assertThat(before).isEqualTo("DISABLED");
        assertThat(after.timeToLiveStatusAsString()).isEqualTo("ENABLED");
        assertThat(after.attributeName()).isEqualTo("expires");
    }

    // ------------------------------------------------------------------ tags, inventory, persistence

    @Test
    void tags_addRemoveAndList_andTaggingApiFindsTaggedTables() {
        start(SandboxConfig.instant());
        ddb.createTable(onDemand("tagged", "pk", null));
        ddb.createTable(onDemand("plain", "pk", null));
        String arn = ARN_PREFIX + "tagged";

        ddb.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("cairn:stack").value("demo").build(),
                Tag.builder().key("team").value("a").build()));
        ddb.untagResource(r -> r.resourceArn(arn).tagKeys("team"));
        List<Tag> tags = ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags();
        ResourceNotFoundException unknown = catchThrowableOfType(() -> ddb.listTagsOfResource(r -> r
                .resourceArn(ARN_PREFIX + "nope")), ResourceNotFoundException.class);
        List<String> found;
        try (ResourceGroupsTaggingApiClient tagging = SandboxClients.noRetry(ResourceGroupsTaggingApiClient.builder(),
                server, SEOUL, SandboxClients.ACCESS_KEY)) {
            found = tagging.getResources(r -> r.resourceTypeFilters("dynamodb:table")
                    .tagFilters(f -> f.key("cairn:stack").values("demo"))).resourceTagMappingList().stream()
                    .map(m -> m.resourceARN()).toList();
        }

        assertThat(tags).containsExactly(Tag.builder().key("cairn:stack").value("demo").build());
        assertThat(unknown).isNotNull();
        assertThat(found).containsExactly(arn);
        assertThat(server.resources()).extracting(r -> r.get("id"), r -> r.get("type"), r -> r.get("state"))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("tagged", "table", "ACTIVE"),
                        org.assertj.core.groups.Tuple.tuple("plain", "table", "ACTIVE"));
    }

    @Test
    void tablesAndItems_afterRestart_areReadFromDynamodbJson() throws Exception {
        start(SandboxConfig.instant().withDataDir(data));
        ddb.createTable(onDemand("kept", "pk", null).toBuilder()
                .tags(Tag.builder().key("cairn:stack").value("demo").build()).build());
        ddb.putItem(r -> r.tableName("kept").item(Map.of("pk",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("a"))));
        stop();

        JsonNode file = new ObjectMapper().readTree(Files.readString(data.resolve("dynamodb.json")));
        start(SandboxConfig.instant().withDataDir(data));

        assertThat(file.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(ddb.describeTable(r -> r.tableName("kept")).table().itemCount()).isEqualTo(1);
        assertThat(ddb.getItem(r -> r.tableName("kept").key(Map.of("pk",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("a")))).hasItem()).isTrue();
        assertThat(ddb.listTagsOfResource(r -> r.resourceArn(ARN_PREFIX + "kept")).tags()).hasSize(1);
    }
}
