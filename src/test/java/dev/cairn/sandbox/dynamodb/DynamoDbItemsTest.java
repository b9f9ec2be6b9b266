package dev.cairn.sandbox.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * DynamoDB items through the SDK v2 client: Put/Get/Delete, conditional writes (including two
 * racing {@code attribute_not_exists} puts, of which exactly one wins), key validation with AWS's
 * messages, update expressions, Query and Scan with their pagination and AWS's key order.
 */
class DynamoDbItemsTest {
    private SandboxServer server;
    private DynamoDbClient ddb;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        ddb = DynamoDbTablesTest.client(server);
        ddb.createTable(DynamoDbTablesTest.onDemand("locks", "LockID", null));
        ddb.createTable(DynamoDbTablesTest.onDemand("events", "pk", "sk"));
    }

    @AfterEach
    void stop() {
        ddb.close();
        server.close();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static String validation(Runnable call) {
        DynamoDbException e = catchThrowableOfType(call::run, DynamoDbException.class);
        assertThat(e).as("the call fails").isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        return e.awsErrorDetails().errorMessage();
    }

    // ------------------------------------------------------------------ put, get, delete

    @Test
    void putGetDelete_roundTripEveryAttributeType() {
        Map<String, AttributeValue> item = Map.of(
                "LockID", s("stack/demo"),
                "n", n("01.50"),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")),
                "ok", AttributeValue.fromBool(true),
                "none", AttributeValue.fromNul(true),
                "m", AttributeValue.fromM(Map.of("who", s("ana"), "at", n("3"))),
                "l", AttributeValue.fromL(List.of(s("x"), n("2"))),
                "ss", AttributeValue.fromSs(List.of("a", "b")),
                "ns", AttributeValue.fromNs(List.of("1", "2.0")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("q"))));

        ddb.putItem(r -> r.tableName("locks").item(item));
        Map<String, AttributeValue> read = ddb.getItem(r -> r.tableName("locks")
                .key(Map.of("LockID", s("stack/demo"))).consistentRead(true)).item();
        Map<String, AttributeValue> old = ddb.deleteItem(r -> r.tableName("locks")
                .key(Map.of("LockID", s("stack/demo"))).returnValues(ReturnValue.ALL_OLD)).attributes();
        boolean afterDelete = ddb.getItem(r -> r.tableName("locks").key(Map.of("LockID", s("stack/demo")))).hasItem();

        assertThat(read).hasSize(10);
        assertThat(read.get("n").n()).isEqualTo("1.5");
        assertThat(read.get("b").b().asUtf8String()).isEqualTo("bytes");
        assertThat(read.get("m").m().get("who").s()).isEqualTo("ana");
        assertThat(read.get("l").l()).extracting(AttributeValue::s).containsExactly("x", null);
        assertThat(read.get("ns").ns()).containsExactly("1", "2");
        assertThat(read.get("none").nul()).isTrue();
        assertThat(old.get("LockID").s()).isEqualTo("stack/demo");
        assertThat(afterDelete).isFalse();
    }

    @Test
    void putItem_withAttributeNotExists_failsWhenTheItemExists() {
        Map<String, AttributeValue> lock = Map.of("LockID", s("stack/demo"), "Who", s("ana"));
        ddb.putItem(r -> r.tableName("locks").item(lock).conditionExpression("attribute_not_exists(LockID)"));

        ConditionalCheckFailedException second = catchThrowableOfType(() -> ddb.putItem(r -> r.tableName("locks")
                .item(Map.of("LockID", s("stack/demo"), "Who", s("ben")))
                .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", "LockID"))
                .returnValuesOnConditionCheckFailure("ALL_OLD")), ConditionalCheckFailedException.class);
        String holder = ddb.getItem(r -> r.tableName("locks").key(Map.of("LockID", s("stack/demo")))).item()
                .get("Who").s();
        ConditionalCheckFailedException wrongOwner = catchThrowableOfType(() -> ddb.deleteItem(r -> r
                .tableName("locks").key(Map.of("LockID", s("stack/demo"))).conditionExpression("Who = :me")
                .expressionAttributeValues(Map.of(":me", s("ben")))), ConditionalCheckFailedException.class);
        ddb.deleteItem(r -> r.tableName("locks").key(Map.of("LockID", s("stack/demo"))).conditionExpression("Who = :me")
                .expressionAttributeValues(Map.of(":me", s("ana"))));

        assertThat(second.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
        assertThat(second.item()).containsEntry("Who", s("ana"));
        assertThat(wrongOwner.hasItem()).isFalse();
        assertThat(holder).isEqualTo("ana");
        assertThat(wrongOwner).isNotNull();
        assertThat(ddb.scan(r -> r.tableName("locks")).count()).isZero();
    }

    @Test
    void putItem_twoRacingAttributeNotExistsPuts_exactlyOneWins() throws Exception {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                String who = "racer-" + i;
                Callable<Boolean> put = () -> {
                    go.await();
                    try {
                        ddb.putItem(r -> r.tableName("locks").item(Map.of("LockID", s("race"), "Who", s(who)))
                                .conditionExpression("attribute_not_exists(LockID)"));
                        return true;
                    } catch (ConditionalCheckFailedException lost) {
                        return false;
                    }
                };
                results.add(pool.submit(put));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ddb.scan(r -> r.tableName("locks")).items()).hasSize(1);
    }

    @Test
    void items_whenKeyInvalid_failWithAwsMessages() {
        String missing = validation(() -> ddb.putItem(r -> r.tableName("events").item(Map.of("pk", s("a")))));
        String mismatch = validation(() -> ddb.putItem(r -> r.tableName("events")
                .item(Map.of("pk", s("a"), "sk", s("not a number")))));
        String emptyKey = validation(() -> ddb.putItem(r -> r.tableName("locks").item(Map.of("LockID", s("")))));
        String schema = validation(() -> ddb.getItem(r -> r.tableName("events").key(Map.of("pk", s("a")))));
        String badNumber = validation(() -> ddb.putItem(r -> r.tableName("events")
                .item(Map.of("pk", s("a"), "sk", n("one")))));
        String unused = validation(() -> ddb.putItem(r -> r.tableName("locks").item(Map.of("LockID", s("x")))
                .conditionExpression("attribute_not_exists(LockID)").expressionAttributeValues(Map.of(":v", s("1")))));
        String reserved = validation(() -> ddb.putItem(r -> r.tableName("locks").item(Map.of("LockID", s("x")))
                .conditionExpression("attribute_not_exists(status)")));
        String syntax = validation(() -> ddb.putItem(r -> r.tableName("locks").item(Map.of("LockID", s("x")))
                .conditionExpression("attribute_not_exists(LockID) AND")));
        ResourceNotFoundException noTable = catchThrowableOfType(() -> ddb.getItem(r -> r.tableName("nope")
                .key(Map.of("pk", s("a")))), ResourceNotFoundException.class);

        assertThat(missing).isEqualTo("One or more parameter values were invalid: Missing the key sk in the item");
        assertThat(mismatch).isEqualTo("One or more parameter values were invalid: Type mismatch for key sk expected: "
                + "N actual: S");
        assertThat(emptyKey).contains("The AttributeValue for a key attribute cannot contain an empty string value. "
                + "Key: LockID");
        assertThat(schema).isEqualTo("The provided key element does not match the schema");
        assertThat(badNumber).isEqualTo("The parameter cannot be converted to a numeric value: one");
        assertThat(unused).contains("Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}");
        assertThat(reserved).isEqualTo("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
                + "keyword: status");
        assertThat(syntax).startsWith("Invalid ConditionExpression: Syntax error; token: \"<EOF>\"");
        assertThat(noTable.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found");
        assertThat(ddb.scan(r -> r.tableName("events")).count()).isZero();
    }

    @Test
    void batchWriteAndGet_applyAllOrNothing_andReadAcrossTables() {
        ddb.putItem(r -> r.tableName("locks").item(Map.of("LockID", s("old"))));
        var put = software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                .putRequest(p -> p.item(Map.of("LockID", s("a")))).build();
        var putB = software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                .putRequest(p -> p.item(Map.of("LockID", s("b")))).build();
        var delete = software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                .deleteRequest(d -> d.key(Map.of("LockID", s("old")))).build();
        var event = software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                .putRequest(p -> p.item(Map.of("pk", s("e"), "sk", n("1")))).build();

        String duplicates = validation(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of("locks",
                List.of(put, put)))));
        long afterRefused = ddb.scan(r -> r.tableName("locks")).count();
        var written = ddb.batchWriteItem(r -> r.requestItems(Map.of("locks", List.of(put, putB, delete),
                "events", List.of(event))));
        var read = ddb.batchGetItem(r -> r.requestItems(Map.of(
                "locks", software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .keys(Map.of("LockID", s("a")), Map.of("LockID", s("old")), Map.of("LockID", s("b"))).build(),
                "events", software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .keys(Map.of("pk", s("e"), "sk", n("1"))).build())));

        assertThat(duplicates).isEqualTo("Provided list of item keys contains duplicates");
        assertThat(afterRefused).isEqualTo(1);
        assertThat(written.unprocessedItems()).isEmpty();
        assertThat(read.responses().get("locks")).extracting(i -> i.get("LockID").s())
                .containsExactlyInAnyOrder("a", "b");
        assertThat(read.responses().get("events")).hasSize(1);
        assertThat(read.unprocessedKeys()).isEmpty();
    }

    // ------------------------------------------------------------------ conditions and updates

    @Test
    void conditionExpression_comparisonsLogicAndFunctions_decideTheWrite() {
        ddb.putItem(r -> r.tableName("locks").item(Map.of("LockID", s("k"), "v", n("10"), "tag", s("blue-sky"))));
        Map<String, AttributeValue> values = Map.of(":five", n("5"), ":ten", n("10.0"), ":pre", s("blue"),
                ":red", s("red"));

        List<String> holding = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        for (String condition : List.of("v = :ten", "v > :five AND v <= :ten", "NOT (v < :five)",
                "v < :five OR begins_with(tag, :pre)", "v BETWEEN :five AND :ten", "tag <> :red",
                "attribute_exists(v) AND attribute_not_exists(gone)", "(v >= :ten) AND (tag IN (:red, :pre) OR "
                        + "size(tag) > :five)", "contains(tag, :pre)", "v < :five", "begins_with(tag, :red)",
                "absent = :red", "v = :pre", "NOT attribute_exists(tag)")) {
            Map<String, AttributeValue> used = new java.util.HashMap<>();
            values.forEach((k, val) -> {
                if (condition.contains(k)) {
                    used.put(k, val);
                }
            });
            try {
                ddb.putItem(r -> r.tableName("locks").item(Map.of("LockID", s("k"), "v", n("10"), "tag", s("blue-sky")))
                        .conditionExpression(condition).expressionAttributeValues(used.isEmpty() ? null : used));
                holding.add(condition);
            } catch (ConditionalCheckFailedException e) {
                failing.add(condition);
            }
        }

        assertThat(failing).containsExactly("v < :five", "begins_with(tag, :red)", "absent = :red", "v = :pre",
                "NOT attribute_exists(tag)");
        assertThat(holding).hasSize(9);
    }

    @Test
    void updateItem_setArithmeticRemoveAdd_andReturnValues() {
        ddb.putItem(r -> r.tableName("locks").item(Map.of("LockID", s("c"), "count", n("1"), "stale", s("x"),
                "tags", AttributeValue.fromSs(List.of("a")))));

        Map<String, AttributeValue> updatedNew = ddb.updateItem(r -> r.tableName("locks")
                .key(Map.of("LockID", s("c")))
                .updateExpression("SET #c = #c + :one, who = if_not_exists(who, :me), entries = list_append(:l, :l) "
                        + "REMOVE stale ADD tags :b, tally :ten")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":one", n("1"), ":me", s("ana"), ":l", AttributeValue.fromL(List.of(
                        s("i"))), ":b", AttributeValue.fromSs(List.of("b")), ":ten", n("10")))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        Map<String, AttributeValue> allOld = ddb.updateItem(r -> r.tableName("locks").key(Map.of("LockID", s("c")))
                .updateExpression("DELETE tags :a").expressionAttributeValues(Map.of(":a",
                        AttributeValue.fromSs(List.of("a")))).returnValues(ReturnValue.ALL_OLD)).attributes();
        Map<String, AttributeValue> now = ddb.getItem(r -> r.tableName("locks").key(Map.of("LockID", s("c")))).item();
        Map<String, AttributeValue> created = ddb.updateItem(r -> r.tableName("locks").key(Map.of("LockID", s("new")))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", n("7")))
                .conditionExpression("attribute_not_exists(LockID)").returnValues(ReturnValue.ALL_NEW)).attributes();
        String keyUpdate = validation(() -> ddb.updateItem(r -> r.tableName("locks").key(Map.of("LockID", s("c")))
                .updateExpression("SET LockID = :v").expressionAttributeValues(Map.of(":v", s("z")))));
        String missingOperand = validation(() -> ddb.updateItem(r -> r.tableName("locks").key(Map.of("LockID", s("c")))
                .updateExpression("SET v = nothing + :v").expressionAttributeValues(Map.of(":v", n("1")))));

        assertThat(updatedNew.get("count").n()).isEqualTo("2");
        assertThat(updatedNew.get("who").s()).isEqualTo("ana");
        assertThat(updatedNew.get("entries").l()).hasSize(2);
        assertThat(updatedNew.get("tags").ss()).containsExactlyInAnyOrder("a", "b");
        assertThat(updatedNew.get("tally").n()).isEqualTo("10");
        assertThat(updatedNew).doesNotContainKey("stale");
        assertThat(allOld.get("tags").ss()).containsExactlyInAnyOrder("a", "b");
        assertThat(now.get("tags").ss()).containsExactly("b");
        assertThat(now).doesNotContainKey("stale");
        assertThat(created).containsEntry("v", n("7")).containsEntry("LockID", s("new"));
        assertThat(keyUpdate).isEqualTo("One or more parameter values were invalid: Cannot update attribute LockID. "
                + "This attribute is part of the key");
        assertThat(missingOperand).isEqualTo("The provided expression refers to an attribute that does not exist in "
                + "the item");
    }

    // ------------------------------------------------------------------ query and scan

    private void putEvents() {
        for (String sk : List.of("10", "2", "-3.5", "100", "7")) {
            ddb.putItem(r -> r.tableName("events").item(Map.of("pk", s("user#1"), "sk", n(sk), "kind",
                    s(sk.startsWith("1") ? "big" : "small"))));
        }
        ddb.putItem(r -> r.tableName("events").item(Map.of("pk", s("user#2"), "sk", n("1"))));
    }

    @Test
    void query_sortKeyConditions_orderAndPages() {
        putEvents();
        Map<String, AttributeValue> user = Map.of(":u", s("user#1"));

        List<String> ascending = sks(ddb.query(r -> r.tableName("events").keyConditionExpression("pk = :u")
                .expressionAttributeValues(user)));
        List<String> descending = sks(ddb.query(r -> r.tableName("events").keyConditionExpression("pk = :u")
                .expressionAttributeValues(user).scanIndexForward(false)));
        List<String> between = sks(ddb.query(r -> r.tableName("events")
                .keyConditionExpression("pk = :u AND sk BETWEEN :lo AND :hi")
                .expressionAttributeValues(Map.of(":u", s("user#1"), ":lo", n("2"), ":hi", n("10")))));
        List<String> greater = sks(ddb.query(r -> r.tableName("events").keyConditionExpression("pk = :u AND sk > :v")
                .expressionAttributeValues(Map.of(":u", s("user#1"), ":v", n("7")))));
        QueryResponse filtered = ddb.query(r -> r.tableName("events").keyConditionExpression("pk = :u")
                .filterExpression("kind = :k").expressionAttributeValues(Map.of(":u", s("user#1"), ":k", s("big"))));
        QueryResponse firstPage = ddb.query(r -> r.tableName("events").keyConditionExpression("pk = :u")
                .expressionAttributeValues(user).limit(2));
        List<String> paged = new ArrayList<>();
        ddb.queryPaginator(r -> r.tableName("events").keyConditionExpression("pk = :u").expressionAttributeValues(user)
                .limit(2)).items().forEach(i -> paged.add(i.get("sk").n()));
        String filterOnKey = validation(() -> ddb.query(r -> r.tableName("events").keyConditionExpression("pk = :u")
                .filterExpression("sk > :v").expressionAttributeValues(Map.of(":u", s("user#1"), ":v", n("1")))));
        String noPartition = validation(() -> ddb.query(r -> r.tableName("events").keyConditionExpression("sk > :v")
                .expressionAttributeValues(Map.of(":v", n("1")))));

        assertThat(ascending).containsExactly("-3.5", "2", "7", "10", "100");
        assertThat(descending).containsExactly("100", "10", "7", "2", "-3.5");
        assertThat(between).containsExactly("2", "7", "10");
        assertThat(greater).containsExactly("10", "100");
        assertThat(sks(filtered)).containsExactly("10", "100");
        assertThat(filtered.scannedCount()).isEqualTo(5);
        assertThat(firstPage.lastEvaluatedKey()).containsEntry("sk", n("2")).containsEntry("pk", s("user#1"));
        assertThat(paged).containsExactly("-3.5", "2", "7", "10", "100");
        assertThat(filterOnKey).isEqualTo("Filter Expression can only contain non-primary key attributes: Primary key "
                + "attribute: sk");
        assertThat(noPartition).isEqualTo("Query condition missed key schema element: pk");
    }

    @Test
    void query_stringSortKeys_followUtf8ByteOrderAndBeginsWith() {
        ddb.createTable(DynamoDbTablesTest.onDemand("names", "pk", null).toBuilder()
                .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("name").keyType("RANGE"))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"),
                        a -> a.attributeName("name").attributeType("S")).build());
        // UTF-16 order would put U+FF21 (Ａ) after U+1F600 (😀); UTF-8 byte order puts it before.
        for (String name : List.of("b", "B", "a", "\uFF21", "\uD83D\uDE00", "ab")) {
            ddb.putItem(r -> r.tableName("names").item(Map.of("pk", s("p"), "name", s(name))));
        }

        List<String> all = new ArrayList<>();
        ddb.query(r -> r.tableName("names").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))).items().forEach(i -> all.add(i.get("name").s()));
        List<String> prefixed = new ArrayList<>();
        ddb.query(r -> r.tableName("names").keyConditionExpression("pk = :p AND begins_with(#n, :a)")
                .expressionAttributeNames(Map.of("#n", "name"))
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", s("a")))).items()
                .forEach(i -> prefixed.add(i.get("name").s()));

        assertThat(all).containsExactly("B", "a", "ab", "b", "\uFF21", "\uD83D\uDE00");
        assertThat(prefixed).containsExactly("a", "ab");
    }

    @Test
    void scan_paginatesEveryItemOnce_withFilterAndProjection() {
        putEvents();

        List<Map<String, AttributeValue>> all = new ArrayList<>();
        ddb.scanPaginator(r -> r.tableName("events").limit(2)).items().forEach(all::add);
        var projected = ddb.scan(r -> r.tableName("events").filterExpression("kind = :k")
                .projectionExpression("sk, kind").expressionAttributeValues(Map.of(":k", s("small"))));
        var counted = ddb.scan(r -> r.tableName("events").select("COUNT"));

        assertThat(all).hasSize(6);
        assertThat(all).extracting(i -> i.get("pk").s() + "/" + i.get("sk").n()).doesNotHaveDuplicates();
        assertThat(projected.items()).hasSize(3).allSatisfy(i -> assertThat(i.keySet())
                .containsExactlyInAnyOrder("sk", "kind"));
        assertThat(counted.count()).isEqualTo(6);
        assertThat(counted.items()).isEmpty();
    }

    private static List<String> sks(QueryResponse r) {
        return r.items().stream().map(i -> i.get("sk").n()).toList();
    }
}
