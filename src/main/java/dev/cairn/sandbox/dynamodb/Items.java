package dev.cairn.sandbox.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.dynamodb.DynamoDbStore.Table;
import dev.cairn.sandbox.dynamodb.Expressions.Action;
import dev.cairn.sandbox.dynamodb.Expressions.And;
import dev.cairn.sandbox.dynamodb.Expressions.Between;
import dev.cairn.sandbox.dynamodb.Expressions.Compare;
import dev.cairn.sandbox.dynamodb.Expressions.Condition;
import dev.cairn.sandbox.dynamodb.Expressions.Function;
import dev.cairn.sandbox.dynamodb.Expressions.Operand;
import dev.cairn.sandbox.dynamodb.Expressions.Path;
import dev.cairn.sandbox.dynamodb.Expressions.PathOperand;
import dev.cairn.sandbox.dynamodb.Expressions.ValueOperand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB's item rules for one table: keys as the schema wants them, the 400 KB item limit,
 * conditional writes, updates, and the order Query and Scan read items in (partition key, then
 * sort key, in AWS's order of each type). Every check runs before anything changes, so a refused
 * call leaves the table as it was. Used under the world lock only.
 */
final class Items {
    /** AWS's largest item: 400 KB, names and values. */
    static final long MAX_ITEM_BYTES = 400 * 1024;
    /** AWS's largest partition key value and sort key value. */
    static final int MAX_HASH_KEY_BYTES = 2048;
    static final int MAX_RANGE_KEY_BYTES = 1024;
    /** Query and Scan stop a page after about this much data, as AWS does (1 MB). */
    static final long MAX_PAGE_BYTES = 1024 * 1024;

    private final Table table;

    Items(Table table) {
        this.table = table;
    }

    static AwsException validation(String message) {
        return new AwsException("ValidationException", message);
    }

    static AwsException conditionFailed() {
        return new AwsException("ConditionalCheckFailedException", "The conditional request failed");
    }

    Set<String> keyNames() {
        Set<String> out = new LinkedHashSet<>();
        out.add(table.hashKey);
        if (table.rangeKey != null) {
            out.add(table.rangeKey);
        }
        return out;
    }

    // ------------------------------------------------------------------ keys

    /** The map key of an item or key: each key attribute's type and canonical value. */
    String keyString(ObjectNode item) {
        StringBuilder s = new StringBuilder();
        for (String name : keyNames()) {
            JsonNode v = item.get(name);
            String type = AttributeValues.type(v);
            s.append(s.length() == 0 ? "" : "\u0001").append(type).append(':').append(v.get(type).asText());
        }
        return s.toString();
    }

    /** Just the key attributes of an item. */
    ObjectNode keyOf(ObjectNode item) {
        ObjectNode out = AttributeValues.NODES.objectNode();
        for (String name : keyNames()) {
            out.set(name, item.get(name).deepCopy());
        }
        return out;
    }

    /**
     * A {@code Key} parameter (GetItem, DeleteItem, UpdateItem, ExclusiveStartKey): exactly the
     * schema's attributes with the schema's types, else AWS's "does not match the schema".
     */
    ObjectNode key(JsonNode given, String prefix) {
        if (given == null || !given.isObject() || given.isEmpty()) {
            throw validation(prefix + "The provided key element does not match the schema");
        }
        ObjectNode key = AttributeValues.NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            key.set(e.getKey(), AttributeValues.canonical(e.getValue()));
        }
        Set<String> names = keyNames();
        if (!names.equals(fieldNames(key))) {
            throw validation(prefix + "The provided key element does not match the schema");
        }
        for (String name : names) {
            JsonNode v = key.get(name);
            if (!AttributeValues.type(v).equals(typeOf(name))) {
                throw validation(prefix + "The provided key element does not match the schema");
            }
            checkKeyValue(name, v, "One or more parameter values are not valid. The AttributeValue for a key "
                    + "attribute cannot contain an empty string value. Key: " + name);
        }
        return key;
    }

    private String typeOf(String keyName) {
        return keyName.equals(table.hashKey) ? table.hashType : table.rangeType;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private void checkKeyValue(String name, JsonNode v, String emptyMessage) {
        String type = AttributeValues.type(v);
        int length = type.equals("S") ? v.get("S").asText().getBytes(StandardCharsets.UTF_8).length
                : type.equals("B") ? AttributeValues.binary(v).length : 1;
        if (length == 0) {
            throw validation(emptyMessage);
        }
        if (name.equals(table.hashKey) && length > MAX_HASH_KEY_BYTES) {
            // AWS's message has no space before the number.
            throw validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
                    + "limit of" + MAX_HASH_KEY_BYTES + " bytes");
        }
        if (name.equals(table.rangeKey) && length > MAX_RANGE_KEY_BYTES) {
            throw validation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded "
                    + "the size limit of " + MAX_RANGE_KEY_BYTES + " bytes");
        }
    }

    /** A whole item (PutItem): canonical values, every key attribute present with its type, within 400 KB. */
    ObjectNode item(JsonNode given) {
        if (given == null || !given.isObject()) {
            throw validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member "
                    + "must not be null");
        }
        ObjectNode item = AttributeValues.NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            item.set(e.getKey(), AttributeValues.canonical(e.getValue()));
        }
        checkItem(item);
        return item;
    }

    private void checkItem(ObjectNode item) {
        for (String name : keyNames()) {
            JsonNode v = item.get(name);
            if (v == null) {
                throw validation("One or more parameter values were invalid: Missing the key " + name + " in the item");
            }
            String actual = AttributeValues.type(v);
            if (!actual.equals(typeOf(name))) {
                throw validation("One or more parameter values were invalid: Type mismatch for key " + name
                        + " expected: " + typeOf(name) + " actual: " + actual);
            }
            checkKeyValue(name, v, "One or more parameter values are not valid. The AttributeValue for a key attribute "
                    + "cannot contain an empty string value. Key: " + name);
        }
        if (size(item) > MAX_ITEM_BYTES) {
            throw validation("Item size has exceeded the maximum allowed size");
        }
    }

    static long size(ObjectNode item) {
        long total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            total += AttributeValues.size(e.getKey(), e.getValue());
        }
        return total;
    }

    // ------------------------------------------------------------------ writes

    /** The stored item of a key, or null. */
    ObjectNode get(ObjectNode key) {
        return table.items.get(keyString(key));
    }

    /**
     * Fails with {@code ConditionalCheckFailedException} unless the condition holds for the
     * current item; the error carries the item when the caller asked for it
     * ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}) and there is one.
     */
    private static void check(Condition condition, ObjectNode current, boolean returnItem) {
        if (condition != null && !Evaluation.holds(condition, current == null ? AttributeValues.NODES.objectNode()
                : current)) {
            AwsException failed = conditionFailed();
            throw returnItem && current != null ? failed.withMember("Item", current.deepCopy()) : failed;
        }
    }

    /** PutItem: replaces the item of its key when the condition holds; returns the old item or null. */
    ObjectNode put(ObjectNode item, Condition condition, boolean returnItemOnFailure) {
        String k = keyString(item);
        ObjectNode old = table.items.get(k);
        check(condition, old, returnItemOnFailure);
        table.items.put(k, item);
        return old;
    }

    /** DeleteItem: removes the item when the condition holds (nothing to remove is no error); returns it or null. */
    ObjectNode delete(ObjectNode key, Condition condition, boolean returnItemOnFailure) {
        String k = keyString(key);
        ObjectNode old = table.items.get(k);
        check(condition, old, returnItemOnFailure);
        if (old != null) {
            table.items.remove(k);
        }
        return old;
    }

    /** What an UpdateItem did: the item before (null when new) and after. */
    record Updated(ObjectNode before, ObjectNode after) {
    }

    /**
     * UpdateItem: applies the actions to the item of the key (a new item made of the key when
     * there is none) when the condition holds. Without actions, the item is created with its key
     * alone, as AWS does.
     */
    Updated update(ObjectNode key, List<Action> actions, Condition condition, boolean returnItemOnFailure) {
        String k = keyString(key);
        ObjectNode old = table.items.get(k);
        check(condition, old, returnItemOnFailure);
        ObjectNode base = old == null ? key.deepCopy() : old;
        ObjectNode after = Evaluation.apply(actions, base, keyNames());
        if (size(after) > MAX_ITEM_BYTES) {
            throw validation("Item size to update has exceeded the maximum allowed size");
        }
        table.items.put(k, after);
        return new Updated(old, after);
    }

    // ------------------------------------------------------------------ reads

    /** Items in AWS's key order: partition key, then sort key, each in its type's order. */
    Comparator<ObjectNode> order() {
        Comparator<ObjectNode> byHash = (a, b) -> AttributeValues.compare(a.get(table.hashKey), b.get(table.hashKey));
        if (table.rangeKey == null) {
            return byHash;
        }
        return byHash.thenComparing((a, b) -> AttributeValues.compare(a.get(table.rangeKey), b.get(table.rangeKey)));
    }

    /** Every item in key order. */
    List<ObjectNode> sorted() {
        List<ObjectNode> all = new ArrayList<>(table.items.values());
        all.sort(order());
        return all;
    }

    /** A Query's key condition, checked against the schema: the partition key's value and the sort key's condition. */
    record KeyCondition(JsonNode partition, Condition sort) {
    }

    KeyCondition keyCondition(Condition c) {
        List<Condition> parts = new ArrayList<>();
        flatten(c, parts);
        if (parts.size() > 2) {
            throw validation("KeyConditionExpressions must only contain one condition per key");
        }
        JsonNode partition = null;
        Condition sort = null;
        for (Condition part : parts) {
            String attribute = keyAttribute(part);
            if (attribute.equals(table.hashKey)) {
                if (partition != null) {
                    throw validation("KeyConditionExpressions must only contain one condition per key");
                }
                if (!(part instanceof Compare cmp) || !cmp.op().equals("=")) {
                    throw validation("Query key condition not supported");
                }
                partition = valueOf(cmp);
                requireType(partition, table.hashType);
            } else if (attribute.equals(table.rangeKey)) {
                if (sort != null) {
                    throw validation("KeyConditionExpressions must only contain one condition per key");
                }
                for (JsonNode v : values(part)) {
                    requireType(v, table.rangeType);
                }
                sort = part;
            } else {
                throw validation("Query condition missed key schema element: " + table.hashKey);
            }
        }
        if (partition == null) {
            throw validation("Query condition missed key schema element: " + table.hashKey);
        }
        return new KeyCondition(partition, sort);
    }

    private static void flatten(Condition c, List<Condition> out) {
        if (c instanceof And a) {
            flatten(a.left(), out);
            flatten(a.right(), out);
        } else {
            out.add(c);
        }
    }

    /** The key attribute a part of a key condition constrains, after checking its operator. */
    private static String keyAttribute(Condition part) {
        if (part instanceof Compare cmp) {
            if (cmp.op().equals("<>")) {
                throw validation("Unsupported operator on KeyConditionExpression: operator: <>");
            }
            return pathOf(cmp.left(), cmp.right());
        }
        if (part instanceof Between b) {
            if (!(b.low() instanceof ValueOperand) || !(b.high() instanceof ValueOperand)) {
                throw validation("Query key condition not supported");
            }
            return pathOf(b.value(), null);
        }
        if (part instanceof Function f && f.name().equals("begins_with")) {
            return pathOf(f.args().get(0), f.args().get(1));
        }
        String op = part instanceof Function f ? f.name() : part.getClass().getSimpleName().toUpperCase();
        throw validation("Invalid operator used in KeyConditionExpression: " + op);
    }

    private static String pathOf(Operand attribute, Operand value) {
        if (!(attribute instanceof PathOperand p) || !p.path().isTopLevel()
                || value != null && !(value instanceof ValueOperand)) {
            throw validation("Query key condition not supported");
        }
        return p.path().top();
    }

    private static JsonNode valueOf(Compare cmp) {
        return ((ValueOperand) cmp.right()).value();
    }

    private static List<JsonNode> values(Condition part) {
        if (part instanceof Compare cmp) {
            return List.of(valueOf(cmp));
        }
        if (part instanceof Between b) {
            return List.of(((ValueOperand) b.low()).value(), ((ValueOperand) b.high()).value());
        }
        return List.of(((ValueOperand) ((Function) part).args().get(1)).value());
    }

    private static void requireType(JsonNode v, String type) {
        if (!AttributeValues.type(v).equals(type)) {
            throw validation("One or more parameter values were invalid: Condition parameter type does not match "
                    + "schema type");
        }
    }

    /** A FilterExpression may not name a key attribute, as AWS requires. */
    void checkFilter(Condition filter) {
        Set<String> used = new LinkedHashSet<>();
        collectPaths(filter, used);
        for (String name : keyNames()) {
            if (used.contains(name)) {
                throw validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: "
                        + name);
            }
        }
    }

    private static void collectPaths(Condition c, Set<String> out) {
        if (c instanceof And a) {
            collectPaths(a.left(), out);
            collectPaths(a.right(), out);
        } else if (c instanceof Expressions.Or o) {
            collectPaths(o.left(), out);
            collectPaths(o.right(), out);
        } else if (c instanceof Expressions.Not n) {
            collectPaths(n.inner(), out);
        } else if (c instanceof Compare cmp) {
            collect(cmp.left(), out);
            collect(cmp.right(), out);
        } else if (c instanceof Between b) {
            collect(b.value(), out);
            collect(b.low(), out);
            collect(b.high(), out);
        } else if (c instanceof Expressions.In in) {
            collect(in.value(), out);
            in.candidates().forEach(o -> collect(o, out));
        } else if (c instanceof Function f) {
            f.args().forEach(o -> collect(o, out));
        }
    }

    private static void collect(Operand o, Set<String> out) {
        if (o instanceof PathOperand p) {
            out.add(p.path().top());
        } else if (o instanceof Expressions.Size s) {
            out.add(s.path().top());
        }
    }

    /** The items of one partition that meet the sort key condition, in sort key order (reversed when asked). */
    List<ObjectNode> partition(KeyCondition condition, boolean forward) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode item : table.items.values()) {
            if (AttributeValues.same(item.get(table.hashKey), condition.partition())
                    && (condition.sort() == null || Evaluation.holds(condition.sort(), item))) {
                out.add(item);
            }
        }
        Comparator<ObjectNode> order = order();
        out.sort(forward ? order : order.reversed());
        return out;
    }

    /** Whether {@code item} comes after the start key in the reading order. */
    boolean after(ObjectNode item, ObjectNode startKey, boolean forward) {
        int c = order().compare(item, startKey);
        return forward ? c > 0 : c < 0;
    }

    /** The projection of a stored item, or a copy of it when there is no projection. */
    static ObjectNode view(ObjectNode item, List<Path> projection) {
        return projection == null ? item.deepCopy() : Evaluation.project(item, projection);
    }
}
