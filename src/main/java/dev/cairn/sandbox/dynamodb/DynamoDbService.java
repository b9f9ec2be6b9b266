package dev.cairn.sandbox.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.dynamodb.DynamoDbStore.Table;
import dev.cairn.sandbox.dynamodb.Expressions.Condition;
import dev.cairn.sandbox.dynamodb.Expressions.Path;
import dev.cairn.sandbox.dynamodb.Expressions.Placeholders;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Amazon DynamoDB (awsJson 1.0, {@code X-Amz-Target: DynamoDB_20120810.<Op>}, signing name
 * {@code dynamodb}): tables that move {@code CREATING → ACTIVE} and {@code DELETING} → gone on the
 * Sandbox's latency profile, deletion protection, point-in-time recovery, time to live, tags, and
 * items with conditional writes, update expressions, Query and Scan. Responses parse and render
 * here; {@link Tables} and {@link Items} decide, {@link Expressions} parses the expression language
 * and {@link Evaluation} runs it.
 */
public final class DynamoDbService {
    static final String SIGNING_NAME = "dynamodb";
    static final String TARGET_PREFIX = "DynamoDB_20120810";
    /** AWS's largest BatchWriteItem (put and delete requests in all) and BatchGetItem (keys in all). */
    static final int MAX_BATCH_WRITE = 25;
    static final int MAX_BATCH_GET = 100;
    /** Query/Scan {@code Limit}: at least one item. */
    static final int MIN_LIMIT = 1;

    private DynamoDbService() {
    }

    /** DynamoDB's definition. */
    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.JSON_1_0)
                .targetPrefix(TARGET_PREFIX)
                .store(DynamoDbStore.SPEC)
                .precheck(call -> Regions.require(call.region()))
                .json("CreateTable", Effect.WRITES, DynamoDbService::createTable)
                .json("DescribeTable", Effect.READS, DynamoDbService::describeTable)
                .json("ListTables", Effect.READS, DynamoDbService::listTables)
                .json("UpdateTable", Effect.WRITES, DynamoDbService::updateTable)
                .json("DeleteTable", Effect.WRITES, DynamoDbService::deleteTable)
                .json("DescribeContinuousBackups", Effect.READS, DynamoDbService::describeContinuousBackups)
                .json("UpdateContinuousBackups", Effect.WRITES, DynamoDbService::updateContinuousBackups)
                .json("DescribeTimeToLive", Effect.READS, DynamoDbService::describeTimeToLive)
                .json("UpdateTimeToLive", Effect.WRITES, DynamoDbService::updateTimeToLive)
                .json("TagResource", Effect.WRITES, DynamoDbService::tagResource)
                .json("UntagResource", Effect.WRITES, DynamoDbService::untagResource)
                .json("ListTagsOfResource", Effect.READS, DynamoDbService::listTags)
                .json("PutItem", Effect.WRITES, DynamoDbService::putItem)
                .json("GetItem", Effect.READS, DynamoDbService::getItem)
                .json("DeleteItem", Effect.WRITES, DynamoDbService::deleteItem)
                .json("UpdateItem", Effect.WRITES, DynamoDbService::updateItem)
                .json("BatchWriteItem", Effect.WRITES, DynamoDbService::batchWriteItem)
                .json("BatchGetItem", Effect.READS, DynamoDbService::batchGetItem)
                .json("Query", Effect.READS, DynamoDbService::query)
                .json("Scan", Effect.READS, DynamoDbService::scan)
                .inventory(DynamoDbService::live)
                .build();
    }

    private static Tables writing(Call call) {
        Tables tables = new Tables(call.state(DynamoDbStore.class).region(call.accountId(), call.region()),
                call.accountId(), call.region(), call.world().timing(), call.now());
        tables.purge();
        return tables;
    }

    /** A read's view: a region without state reads as empty and is not created. */
    private static Tables reading(Call call) {
        DynamoDbStore.RegionState state = call.state(DynamoDbStore.class).existing(call.accountId(), call.region());
        return new Tables(state == null ? new DynamoDbStore.RegionState() : state, call.accountId(), call.region(),
                call.world().timing(), call.now());
    }

    private static ObjectNode object() {
        return AttributeValues.NODES.objectNode();
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long longOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static Boolean boolOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    // ------------------------------------------------------------------ tables

    private static ObjectNode createTable(Call call) {
        JsonNode body = call.json();
        List<Tables.KeyElement> schema = new ArrayList<>();
        body.path("KeySchema").forEach(k -> schema.add(new Tables.KeyElement(text(k, "AttributeName"),
                text(k, "KeyType"))));
        Map<String, String> attributes = null;
        if (body.has("AttributeDefinitions")) {
            attributes = new LinkedHashMap<>();
            for (JsonNode a : body.get("AttributeDefinitions")) {
                attributes.put(text(a, "AttributeName"), text(a, "AttributeType"));
            }
        }
        if (body.path("GlobalSecondaryIndexes").size() > 0 || body.path("LocalSecondaryIndexes").size() > 0) {
            throw Tables.validation("The Sandbox's DynamoDB does not model secondary indexes: create the table without "
                    + "GlobalSecondaryIndexes and LocalSecondaryIndexes.");
        }
        JsonNode throughput = body.get("ProvisionedThroughput");
        Tables.Spec spec = new Tables.Spec(text(body, "TableName"), schema, attributes, text(body, "BillingMode"),
                throughput == null ? null : longOrNull(throughput, "ReadCapacityUnits"),
                throughput == null ? null : longOrNull(throughput, "WriteCapacityUnits"),
                body.path("DeletionProtectionEnabled").asBoolean(false), tags(body.path("Tags")));
        Tables tables = writing(call);
        Table t = tables.create(spec, call.world().random());
        ObjectNode out = object();
        // AWS always answers CreateTable with CREATING, however fast the table then becomes ACTIVE.
        out.set("TableDescription", describe(tables, t, "CREATING"));
        return out;
    }

    private static ObjectNode describeTable(Call call) {
        Tables tables = reading(call);
        Table t = tables.table(text(call.json(), "TableName"));
        ObjectNode out = object();
        out.set("Table", describe(tables, t, tables.status(t)));
        return out;
    }

    private static ObjectNode describe(Tables tables, Table t, String status) {
        ObjectNode d = object();
        ArrayNode definitions = d.putArray("AttributeDefinitions");
        definitions.addObject().put("AttributeName", t.hashKey).put("AttributeType", t.hashType);
        if (t.rangeKey != null) {
            definitions.addObject().put("AttributeName", t.rangeKey).put("AttributeType", t.rangeType);
        }
        d.put("TableName", t.id);
        ArrayNode schema = d.putArray("KeySchema");
        schema.addObject().put("AttributeName", t.hashKey).put("KeyType", "HASH");
        if (t.rangeKey != null) {
            schema.addObject().put("AttributeName", t.rangeKey).put("KeyType", "RANGE");
        }
        d.put("TableStatus", status);
        d.put("CreationDateTime", seconds(t.createdAt));
        d.putObject("ProvisionedThroughput").put("NumberOfDecreasesToday", 0)
                .put("ReadCapacityUnits", t.readCapacity).put("WriteCapacityUnits", t.writeCapacity);
        long bytes = 0;
        for (ObjectNode item : t.items.values()) {
            bytes += Items.size(item);
        }
        d.put("TableSizeBytes", bytes);
        d.put("ItemCount", t.items.size());
        d.put("TableArn", tables.arn(t));
        d.put("TableId", t.tableId);
        ObjectNode billing = d.putObject("BillingModeSummary").put("BillingMode", t.billingMode);
        if (t.payPerRequestSince != null) {
            billing.put("LastUpdateToPayPerRequestDateTime", seconds(t.payPerRequestSince));
        }
        d.put("DeletionProtectionEnabled", t.deletionProtection);
        return d;
    }

    private static double seconds(long epochMillis) {
        return epochMillis / 1000.0;
    }

    private static ObjectNode listTables(Call call) {
        JsonNode body = call.json();
        Long limit = longOrNull(body, "Limit");
        if (limit != null && (limit < 1 || limit > Tables.MAX_LIST)) {
            throw Tables.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy "
                    + "constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1"
                    : "less than or equal to " + Tables.MAX_LIST));
        }
        int max = limit == null ? Tables.MAX_LIST : limit.intValue();
        String start = text(body, "ExclusiveStartTableName");
        List<Table> all = reading(call).all();
        List<String> names = new ArrayList<>();
        for (Table t : all) {
            if (start == null || compareNames(t.id, start) > 0) {
                names.add(t.id);
            }
        }
        ObjectNode out = object();
        ArrayNode list = out.putArray("TableNames");
        names.stream().limit(max).forEach(list::add);
        if (names.size() > max) {
            out.put("LastEvaluatedTableName", names.get(max - 1));
        }
        return out;
    }

    private static int compareNames(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static ObjectNode updateTable(Call call) {
        JsonNode body = call.json();
        Tables tables = writing(call);
        Table t = tables.table(text(body, "TableName"));
        if (body.path("GlobalSecondaryIndexUpdates").size() > 0 || body.has("StreamSpecification")
                || body.has("SSESpecification") || body.has("ReplicaUpdates")) {
            throw Tables.validation("The Sandbox's DynamoDB models UpdateTable for BillingMode, ProvisionedThroughput "
                    + "and DeletionProtectionEnabled only.");
        }
        JsonNode throughput = body.get("ProvisionedThroughput");
        tables.update(t, text(body, "BillingMode"),
                throughput == null ? null : longOrNull(throughput, "ReadCapacityUnits"),
                throughput == null ? null : longOrNull(throughput, "WriteCapacityUnits"),
                boolOrNull(body, "DeletionProtectionEnabled"));
        ObjectNode out = object();
        out.set("TableDescription", describe(tables, t, tables.status(t)));
        return out;
    }

    private static ObjectNode deleteTable(Call call) {
        Tables tables = writing(call);
        Table t = tables.table(text(call.json(), "TableName"));
        tables.delete(t);
        ObjectNode out = object();
        // AWS answers DELETING, even when the table is gone by the next call.
        out.set("TableDescription", describe(tables, t, "DELETING"));
        return out;
    }

    // ------------------------------------------------------------------ backups, time to live

    private static ObjectNode describeContinuousBackups(Call call) {
        Table t = reading(call).forBackups(text(call.json(), "TableName"));
        return continuousBackups(t, call.now());
    }

    private static ObjectNode continuousBackups(Table t, long now) {
        ObjectNode out = object();
        ObjectNode d = out.putObject("ContinuousBackupsDescription").put("ContinuousBackupsStatus", "ENABLED");
        ObjectNode pitr = d.putObject("PointInTimeRecoveryDescription");
        pitr.put("PointInTimeRecoveryStatus", t.pointInTimeRecovery ? "ENABLED" : "DISABLED");
        if (t.pointInTimeRecovery) {
            pitr.put("RecoveryPeriodInDays", t.recoveryPeriodInDays);
            long window = t.recoveryPeriodInDays * 24L * 3600 * 1000;
            pitr.put("EarliestRestorableDateTime", seconds(Math.max(t.pointInTimeRecoverySince, now - window)));
            // AWS: the latest restorable time trails the present by about five minutes.
            pitr.put("LatestRestorableDateTime", seconds(Math.max(t.pointInTimeRecoverySince, now - 5 * 60 * 1000)));
        }
        return out;
    }

    private static ObjectNode updateContinuousBackups(Call call) {
        JsonNode body = call.json();
        JsonNode spec = body.get("PointInTimeRecoverySpecification");
        if (spec == null || !spec.has("PointInTimeRecoveryEnabled")) {
            throw Tables.validation("1 validation error detected: Value null at 'pointInTimeRecoverySpecification"
                    + (spec == null ? "" : ".pointInTimeRecoveryEnabled") + "' failed to satisfy constraint: Member "
                    + "must not be null");
        }
        Tables tables = writing(call);
        Table t = tables.forBackups(text(body, "TableName"));
        Long days = longOrNull(spec, "RecoveryPeriodInDays");
        tables.pointInTimeRecovery(t, spec.get("PointInTimeRecoveryEnabled").asBoolean(),
                days == null ? null : days.intValue());
        return continuousBackups(t, call.now());
    }

    private static ObjectNode describeTimeToLive(Call call) {
        Table t = reading(call).table(text(call.json(), "TableName"));
        ObjectNode out = object();
        ObjectNode d = out.putObject("TimeToLiveDescription");
        d.put("TimeToLiveStatus", t.ttlEnabled ? "ENABLED" : "DISABLED");
        if (t.ttlEnabled) {
            d.put("AttributeName", t.ttlAttribute);
        }
        return out;
    }

    private static ObjectNode updateTimeToLive(Call call) {
        JsonNode body = call.json();
        JsonNode spec = body.path("TimeToLiveSpecification");
        Tables tables = writing(call);
        Table t = tables.table(text(body, "TableName"));
        tables.timeToLive(t, text(spec, "AttributeName"), boolOrNull(spec, "Enabled"));
        ObjectNode out = object();
        out.putObject("TimeToLiveSpecification").put("Enabled", t.ttlEnabled)
                .put("AttributeName", text(spec, "AttributeName"));
        return out;
    }

    // ------------------------------------------------------------------ tags

    private static ObjectNode tagResource(Call call) {
        JsonNode body = call.json();
        if (!body.has("Tags")) {
            throw Tables.validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        Tables tables = writing(call);
        Table t = tables.byArn(text(body, "ResourceArn"));
        tables.tag(t, tags(body.get("Tags")));
        return object();
    }

    private static ObjectNode untagResource(Call call) {
        JsonNode body = call.json();
        if (!body.has("TagKeys")) {
            throw Tables.validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        Tables tables = writing(call);
        Table t = tables.byArn(text(body, "ResourceArn"));
        List<String> keys = new ArrayList<>();
        body.get("TagKeys").forEach(k -> keys.add(k.asText()));
        tables.untag(t, keys);
        return object();
    }

    private static ObjectNode listTags(Call call) {
        Table t = reading(call).byArn(text(call.json(), "ResourceArn"));
        ObjectNode out = object();
        ArrayNode tags = out.putArray("Tags");
        t.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        return out;
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode t : tags) {
            String key = text(t, "Key");
            String value = text(t, "Value");
            if (key == null || value == null) {
                throw Tables.validation("1 validation error detected: Value null at 'tags.1.member."
                        + (key == null ? "key" : "value") + "' failed to satisfy constraint: Member must not be null");
            }
            out.put(key, value);
        }
        return out;
    }

    // ------------------------------------------------------------------ items: parameters

    /**
     * The request's ExpressionAttributeNames and Values, checked as AWS does: not empty when
     * given, keys with their {@code #}/{@code :} prefix, values valid AttributeValues; and not
     * given at all when the request has no expression.
     *
     * @param expressions    whether the request carries any expression
     * @param valuesNullText how AWS words the missing expressions when values come without one
     */
    private static Placeholders placeholders(JsonNode body, boolean expressions, String valuesNullText) {
        JsonNode names = body.get("ExpressionAttributeNames");
        JsonNode values = body.get("ExpressionAttributeValues");
        Map<String, String> nameMap = new LinkedHashMap<>();
        Map<String, JsonNode> valueMap = new LinkedHashMap<>();
        if (names != null && !names.isNull()) {
            if (!expressions) {
                throw Items.validation("ExpressionAttributeNames can only be specified when using expressions");
            }
            if (names.isEmpty()) {
                throw Items.validation("ExpressionAttributeNames must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = names.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().startsWith("#") || e.getKey().length() < 2) {
                    throw Items.validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \""
                            + e.getKey() + "\"");
                }
                nameMap.put(e.getKey(), e.getValue().asText());
            }
        }
        if (values != null && !values.isNull()) {
            if (!expressions) {
                throw Items.validation("ExpressionAttributeValues can only be specified when using expressions: "
                        + valuesNullText);
            }
            if (values.isEmpty()) {
                throw Items.validation("ExpressionAttributeValues must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().startsWith(":") || e.getKey().length() < 2) {
                    throw Items.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \""
                            + e.getKey() + "\"");
                }
                try {
                    valueMap.put(e.getKey(), AttributeValues.canonical(e.getValue()));
                } catch (AwsException bad) {
                    if (!bad.code().equals("ValidationException")) {
                        throw bad;
                    }
                    throw Items.validation("ExpressionAttributeValues contains invalid value: " + bad.getMessage()
                            + " for key " + e.getKey());
                }
            }
        }
        return new Placeholders(nameMap, valueMap);
    }

    /**
     * The write's condition: its ConditionExpression, or the legacy {@code Expected} map (the
     * forms {@code Exists}/{@code Value} and the comparison operators EQ, NE, NULL, NOT_NULL);
     * not both.
     */
    private static Condition writeCondition(JsonNode body, Placeholders placeholders) {
        String expression = text(body, "ConditionExpression");
        JsonNode expected = body.get("Expected");
        if (expression != null && expected != null) {
            throw Items.validation("Can not use both expression and non-expression parameters in the same request: "
                    + "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
        }
        if (expression != null) {
            return Expressions.condition(expression, "ConditionExpression", placeholders);
        }
        return expected == null ? null : Legacy.expected(expected, text(body, "ConditionalOperator"));
    }

    private static List<Path> projection(JsonNode body, Placeholders placeholders) {
        String text = text(body, "ProjectionExpression");
        if (text != null && body.has("AttributesToGet")) {
            throw Items.validation("Can not use both expression and non-expression parameters in the same request: "
                    + "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
        }
        if (text != null) {
            return Expressions.projection(text, placeholders);
        }
        if (body.has("AttributesToGet")) {
            List<Path> out = new ArrayList<>();
            body.get("AttributesToGet").forEach(a -> out.add(new Path(List.of(a.asText()))));
            return out;
        }
        return null;
    }

    private static String returnValues(JsonNode body, Set<String> allowed) {
        String value = text(body, "ReturnValues");
        if (value == null) {
            return "NONE";
        }
        if (!Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW").contains(value)) {
            throw Items.validation("1 validation error detected: Value '" + value + "' at 'returnValues' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, "
                    + "UPDATED_NEW]");
        }
        if (!allowed.contains(value)) {
            throw Items.validation("Return values set to invalid value");
        }
        return value;
    }

    /** Whether a failed condition should answer the current item ({@code ReturnValuesOnConditionCheckFailure}). */
    private static boolean itemOnFailure(JsonNode body) {
        String value = text(body, "ReturnValuesOnConditionCheckFailure");
        if (value == null || value.equals("NONE")) {
            return false;
        }
        if (!value.equals("ALL_OLD")) {
            throw Items.validation("1 validation error detected: Value '" + value + "' at "
                    + "'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum "
                    + "value set: [ALL_OLD, NONE]");
        }
        return true;
    }

    /**
     * {@code ConsumedCapacity} when {@code ReturnConsumedCapacity} asks for it: on-demand request
     * units as AWS counts them (a write unit per KB written, a read unit per 4 KB read strongly,
     * half that eventually consistent).
     */
    private static void capacity(JsonNode body, ObjectNode out, String table, double units) {
        String mode = text(body, "ReturnConsumedCapacity");
        if (mode == null || mode.equals("NONE")) {
            return;
        }
        if (!mode.equals("TOTAL") && !mode.equals("INDEXES")) {
            throw Items.validation("1 validation error detected: Value '" + mode + "' at 'returnConsumedCapacity' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
        }
        ObjectNode c = out.putObject("ConsumedCapacity").put("TableName", table).put("CapacityUnits", units);
        if (mode.equals("INDEXES")) {
            c.putObject("Table").put("CapacityUnits", units);
        }
    }

    private static double writeUnits(ObjectNode a, ObjectNode b) {
        long bytes = Math.max(a == null ? 0 : Items.size(a), b == null ? 0 : Items.size(b));
        return Math.max(1, (bytes + 1023) / 1024);
    }

    private static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2;
    }

    // ------------------------------------------------------------------ items: operations

    private static ObjectNode putItem(Call call) {
        JsonNode body = call.json();
        Table t = writing(call).forItems(text(body, "TableName"));
        Items items = new Items(t);
        String returnValues = returnValues(body, Set.of("NONE", "ALL_OLD"));
        ObjectNode item = items.item(body.get("Item"));
        Placeholders placeholders = placeholders(body, body.has("ConditionExpression"), "ConditionExpression is null");
        Condition condition = writeCondition(body, placeholders);
        placeholders.requireAllUsed(true);
        ObjectNode old = items.put(item, condition, itemOnFailure(body));
        ObjectNode out = object();
        if (returnValues.equals("ALL_OLD") && old != null) {
            out.set("Attributes", old.deepCopy());
        }
        capacity(body, out, t.id, writeUnits(old, item));
        return out;
    }

    private static ObjectNode getItem(Call call) {
        JsonNode body = call.json();
        Table t = reading(call).forItems(text(body, "TableName"));
        Items items = new Items(t);
        ObjectNode key = items.key(body.get("Key"), "");
        Placeholders placeholders = placeholders(body, body.has("ProjectionExpression"), "ProjectionExpression is null");
        List<Path> projection = projection(body, placeholders);
        placeholders.requireAllUsed(false);
        ObjectNode item = items.get(key);
        ObjectNode out = object();
        if (item != null) {
            out.set("Item", Items.view(item, projection));
        }
        capacity(body, out, t.id, readUnits(item == null ? 0 : Items.size(item),
                body.path("ConsistentRead").asBoolean(false)));
        return out;
    }

    private static ObjectNode deleteItem(Call call) {
        JsonNode body = call.json();
        Table t = writing(call).forItems(text(body, "TableName"));
        Items items = new Items(t);
        String returnValues = returnValues(body, Set.of("NONE", "ALL_OLD"));
        ObjectNode key = items.key(body.get("Key"), "");
        Placeholders placeholders = placeholders(body, body.has("ConditionExpression"), "ConditionExpression is null");
        Condition condition = writeCondition(body, placeholders);
        placeholders.requireAllUsed(true);
        ObjectNode old = items.delete(key, condition, itemOnFailure(body));
        ObjectNode out = object();
        if (returnValues.equals("ALL_OLD") && old != null) {
            out.set("Attributes", old.deepCopy());
        }
        capacity(body, out, t.id, writeUnits(old, null));
        return out;
    }

    private static ObjectNode updateItem(Call call) {
        JsonNode body = call.json();
        Table t = writing(call).forItems(text(body, "TableName"));
        Items items = new Items(t);
        String returnValues = returnValues(body, Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        ObjectNode key = items.key(body.get("Key"), "");
        if (body.has("AttributeUpdates")) {
            throw Items.validation("The Sandbox's DynamoDB models UpdateExpression, not the legacy AttributeUpdates "
                    + "parameter.");
        }
        String expression = text(body, "UpdateExpression");
        Placeholders placeholders = placeholders(body, expression != null || body.has("ConditionExpression"),
                "UpdateExpression and ConditionExpression are null");
        List<Expressions.Action> actions = expression == null ? List.of() : Expressions.update(expression, placeholders);
        Condition condition = writeCondition(body, placeholders);
        placeholders.requireAllUsed(true);
        Items.Updated updated = items.update(key, actions, condition, itemOnFailure(body));
        ObjectNode out = object();
        ObjectNode attributes = switch (returnValues) {
            case "ALL_OLD" -> updated.before() == null ? null : updated.before().deepCopy();
            case "ALL_NEW" -> updated.after().deepCopy();
            case "UPDATED_OLD" -> updated.before() == null ? null : touched(updated.before(), actions);
            case "UPDATED_NEW" -> touched(updated.after(), actions);
            default -> null;
        };
        if (attributes != null && !attributes.isEmpty()) {
            out.set("Attributes", attributes);
        }
        capacity(body, out, t.id, writeUnits(updated.before(), updated.after()));
        return out;
    }

    /**
     * BatchWriteItem: up to 25 puts and deletes over any tables, every one checked before any is
     * applied (a bad request changes nothing); no conditions, as AWS. All are processed, so
     * {@code UnprocessedItems} is empty.
     */
    private static ObjectNode batchWriteItem(Call call) {
        JsonNode requests = call.json().get("RequestItems");
        if (requests == null || !requests.isObject() || requests.isEmpty()) {
            throw Items.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        Tables tables = writing(call);
        record Write(Items items, ObjectNode item, ObjectNode key) {
        }
        List<Write> writes = new ArrayList<>();
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requests.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Items items = new Items(tables.forItems(e.getKey()));
            Set<String> seen = new java.util.HashSet<>();
            for (JsonNode request : e.getValue()) {
                count++;
                if (count > MAX_BATCH_WRITE) {
                    throw Items.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                            + "constraint: Map value must satisfy constraint: [Member must have length less than or "
                            + "equal to " + MAX_BATCH_WRITE + ", Member must have length greater than or equal to 1]");
                }
                boolean put = request.has("PutRequest");
                if (put == request.has("DeleteRequest")) {
                    throw Items.validation("One or more parameter values were invalid: a WriteRequest must contain "
                            + "exactly one of PutRequest and DeleteRequest");
                }
                Write w = put ? new Write(items, items.item(request.get("PutRequest").get("Item")), null)
                        : new Write(items, null, items.key(request.get("DeleteRequest").get("Key"), ""));
                if (!seen.add(items.keyString(put ? w.item() : w.key()))) {
                    throw Items.validation("Provided list of item keys contains duplicates");
                }
                writes.add(w);
            }
        }
        for (Write w : writes) {
            if (w.item() != null) {
                w.items().put(w.item(), null, false);
            } else {
                w.items().delete(w.key(), null, false);
            }
        }
        ObjectNode out = object();
        out.putObject("UnprocessedItems");
        return out;
    }

    /** BatchGetItem: up to 100 keys over any tables; items that exist, per table. */
    private static ObjectNode batchGetItem(Call call) {
        JsonNode requests = call.json().get("RequestItems");
        if (requests == null || !requests.isObject() || requests.isEmpty()) {
            throw Items.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        Tables tables = reading(call);
        int count = 0;
        for (JsonNode r : requests) {
            count += r.path("Keys").size();
        }
        if (count > MAX_BATCH_GET) {
            throw Items.validation("Too many items requested for the BatchGetItem call");
        }
        ObjectNode out = object();
        ObjectNode responses = out.putObject("Responses");
        for (Iterator<Map.Entry<String, JsonNode>> it = requests.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Table t = tables.forItems(e.getKey());
            Items items = new Items(t);
            JsonNode request = e.getValue();
            Placeholders placeholders = placeholders(request, request.has("ProjectionExpression"),
                    "ProjectionExpression is null");
            List<Path> projection = projection(request, placeholders);
            placeholders.requireAllUsed(false);
            ArrayNode found = responses.putArray(t.id);
            Set<String> seen = new java.util.HashSet<>();
            for (JsonNode k : request.path("Keys")) {
                ObjectNode key = items.key(k, "");
                if (!seen.add(items.keyString(key))) {
                    throw Items.validation("Provided list of item keys contains duplicates");
                }
                ObjectNode item = items.get(key);
                if (item != null) {
                    found.add(Items.view(item, projection));
                }
            }
        }
        out.putObject("UnprocessedKeys");
        return out;
    }

    /** The top-level attributes the actions touched, as they are in {@code item}. */
    private static ObjectNode touched(ObjectNode item, List<Expressions.Action> actions) {
        ObjectNode out = object();
        for (Expressions.Action a : actions) {
            JsonNode v = item.get(a.path().top());
            if (v != null) {
                out.set(a.path().top(), v.deepCopy());
            }
        }
        return out;
    }

    private static ObjectNode query(Call call) {
        JsonNode body = call.json();
        Table t = reading(call).forItems(text(body, "TableName"));
        Items items = new Items(t);
        if (body.hasNonNull("IndexName")) {
            throw Items.validation("The table does not have the specified index: " + text(body, "IndexName"));
        }
        String keyText = text(body, "KeyConditionExpression");
        if (keyText == null) {
            throw Items.validation(body.has("KeyConditions")
                    ? "The Sandbox's DynamoDB models KeyConditionExpression, not the legacy KeyConditions parameter."
                    : "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        Placeholders placeholders = placeholders(body, true, "");
        Items.KeyCondition keyCondition = items.keyCondition(Expressions.condition(keyText, "KeyConditionExpression",
                placeholders));
        Condition filter = filter(body, placeholders, items);
        List<Path> projection = projection(body, placeholders);
        placeholders.requireAllUsed(false);
        boolean forward = body.path("ScanIndexForward").asBoolean(true);
        return page(call, body, t, items, items.partition(keyCondition, forward), filter, projection, forward);
    }

    private static ObjectNode scan(Call call) {
        JsonNode body = call.json();
        Table t = reading(call).forItems(text(body, "TableName"));
        Items items = new Items(t);
        if (body.hasNonNull("IndexName")) {
            throw Items.validation("The table does not have the specified index: " + text(body, "IndexName"));
        }
        Placeholders placeholders = placeholders(body, body.has("FilterExpression")
                || body.has("ProjectionExpression"), "FilterExpression and ProjectionExpression are null");
        String filterText = text(body, "FilterExpression");
        Condition filter = filterText == null ? null : Expressions.condition(filterText, "FilterExpression",
                placeholders);
        List<Path> projection = projection(body, placeholders);
        placeholders.requireAllUsed(false);
        List<ObjectNode> candidates = items.sorted();
        Long segment = longOrNull(body, "Segment");
        Long total = longOrNull(body, "TotalSegments");
        if (segment != null || total != null) {
            if (segment == null || total == null) {
                throw Items.validation("The " + (total == null ? "TotalSegments" : "Segment") + " parameter is required "
                        + "but was not present in the request when " + (total == null ? "Segment" : "TotalSegments")
                        + " parameter is present");
            }
            if (total < 1 || segment < 0 || segment >= total) {
                throw Items.validation("The Segment parameter is zero-based and must be less than parameter "
                        + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + total);
            }
            // Segments split the partitions as AWS does: every item of a partition in one segment.
            candidates.removeIf(item -> Math.floorMod(items.keyString(partitionOnly(item, t)).hashCode(), total)
                    != segment);
        }
        return page(call, body, t, items, candidates, filter, projection, true);
    }

    private static ObjectNode partitionOnly(ObjectNode item, Table t) {
        ObjectNode out = item.deepCopy();
        if (t.rangeKey != null) {
            // Every item of a partition hashes alike: the sort key does not take part.
            out.set(t.rangeKey, item.get(t.hashKey));
        }
        return out;
    }

    private static Condition filter(JsonNode body, Placeholders placeholders, Items items) {
        String text = text(body, "FilterExpression");
        if (text == null) {
            return null;
        }
        Condition filter = Expressions.condition(text, "FilterExpression", placeholders);
        items.checkFilter(filter);
        return filter;
    }

    /**
     * One page of a Query or Scan: from after ExclusiveStartKey, up to Limit items evaluated (or
     * about 1 MB), then the filter; LastEvaluatedKey when the page stopped before the end.
     */
    private static ObjectNode page(Call call, JsonNode body, Table t, Items items, List<ObjectNode> candidates,
                                   Condition filter, List<Path> projection, boolean forward) {
        Long limit = longOrNull(body, "Limit");
        if (limit != null && limit < MIN_LIMIT) {
            throw Items.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy "
                    + "constraint: Member must have value greater than or equal to 1");
        }
        String select = text(body, "Select");
        if (select != null && !Set.of("ALL_ATTRIBUTES", "COUNT", "SPECIFIC_ATTRIBUTES").contains(select)) {
            throw Items.validation(select.equals("ALL_PROJECTED_ATTRIBUTES")
                    ? "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"
                    : "1 validation error detected: Value '" + select + "' at 'select' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
                    + "ALL_PROJECTED_ATTRIBUTES]");
        }
        if ("COUNT".equals(select) && projection != null) {
            throw Items.validation("Cannot specify the ProjectionExpression when choosing to get only the Count");
        }
        ObjectNode start = null;
        if (body.hasNonNull("ExclusiveStartKey")) {
            start = items.key(body.get("ExclusiveStartKey"), "The provided starting key is invalid: ");
        }
        List<ObjectNode> matched = new ArrayList<>();
        int scanned = 0;
        long bytes = 0;
        ObjectNode last = null;
        boolean more = false;
        for (ObjectNode item : candidates) {
            if (start != null && !items.after(item, start, forward)) {
                continue;
            }
            if ((limit != null && scanned >= limit) || bytes >= Items.MAX_PAGE_BYTES) {
                more = true;
                break;
            }
            scanned++;
            bytes += Items.size(item);
            last = item;
            if (filter == null || Evaluation.holds(filter, item)) {
                matched.add(item);
            }
        }
        ObjectNode out = object();
        if (!"COUNT".equals(select)) {
            ArrayNode list = out.putArray("Items");
            matched.forEach(i -> list.add(Items.view(i, projection)));
        }
        out.put("Count", matched.size());
        out.put("ScannedCount", scanned);
        // AWS answers LastEvaluatedKey whenever the page stopped at its Limit, even when nothing follows.
        if ((more || limit != null && scanned == limit) && last != null) {
            out.set("LastEvaluatedKey", items.keyOf(last));
        }
        capacity(body, out, t.id, readUnits(bytes, body.path("ConsistentRead").asBoolean(false)));
        return out;
    }

    // ------------------------------------------------------------------ inventory

    /** Tables (the tagging API's {@code dynamodb:table}) with their status now. */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        List<LiveResource> out = new ArrayList<>();
        world.store(DynamoDbStore.class).accounts.forEach((acct, regions) -> {
            if (account != null && !account.equals(acct)) {
                return;
            }
            regions.forEach((name, state) -> {
                if (region != null && !region.equals(name)) {
                    return;
                }
                Tables tables = new Tables(state, acct, name, world.timing(), now);
                for (Table t : tables.all()) {
                    out.add(new LiveResource(acct, name, "table", t.id, Arn.parse(tables.arn(t)), tables.status(t),
                            t.tags));
                }
            });
        });
        return out;
    }
}
