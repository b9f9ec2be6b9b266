package dev.cairn.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A resource's desired properties: names mapped to JSON values, so a property can be a word
 * ({@code cidr}), a number, a flag, or structured data (an IAM policy, a task definition, a
 * pipeline's stages) without JSON inside strings. Immutable: values are deep-copied in and out.
 * Equality is deep and type-aware ({@code "1"} is not {@code 1}), which is what the planner's
 * change detection needs.
 *
 * <p>The kinds of the first two steps keep every property a string, as their journals always
 * had; a kind's definition ({@link ResourceKind#property}) says which properties exist.
 */
public final class Props {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Props EMPTY = new Props(Map.of());

    private final Map<String, JsonNode> values;

    private Props(Map<String, JsonNode> values) {
        this.values = values;
    }

    public static Props empty() {
        return EMPTY;
    }

    /**
     * Props from plain values: strings, numbers, booleans, lists, maps, records or
     * {@link JsonNode}s, converted with Jackson. Null values are left out.
     */
    public static Props of(Map<String, ?> plain) {
        if (plain == null || plain.isEmpty()) {
            return EMPTY;
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        plain.forEach((k, v) -> {
            if (v != null) {
                copy.put(Objects.requireNonNull(k, "property name"), toNode(v));
            }
        });
        return new Props(Collections.unmodifiableMap(copy));
    }

    private static JsonNode toNode(Object value) {
        if (value instanceof JsonNode node) {
            return node.deepCopy();
        }
        if (value instanceof String s) {
            return TextNode.valueOf(s);
        }
        return MAPPER.valueToTree(value);
    }

    public Set<String> names() {
        return values.keySet();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The value as JSON (a copy), or null when absent. */
    public JsonNode get(String name) {
        JsonNode v = values.get(name);
        return v == null ? null : v.deepCopy();
    }

    /**
     * The value as text: a string as it is, a number or flag in its JSON spelling, structured
     * data as compact JSON; null when absent.
     */
    public String text(String name) {
        JsonNode v = values.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    /** The value converted to {@code type} (a record, a list, …) with Jackson; null when absent. */
    public <T> T as(String name, Class<T> type) {
        JsonNode v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            return MAPPER.treeToValue(v, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("property " + name + " is not a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Every property as JSON, in insertion order (copies). */
    public Map<String, JsonNode> asMap() {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, v.deepCopy()));
        return copy;
    }

    /** One JSON object holding every property, for the journal and the state file. */
    @com.fasterxml.jackson.annotation.JsonValue
    public JsonNode toJson() {
        var node = JsonNodeFactory.instance.objectNode();
        values.forEach((k, v) -> node.set(k, v.deepCopy()));
        return node;
    }

    /** The props of a JSON object (as {@link #toJson} wrote it); null or missing is empty. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Props fromJson(JsonNode object) {
        if (object == null || object.isNull() || object.isMissingNode()) {
            return EMPTY;
        }
        if (!object.isObject()) {
            throw new IllegalArgumentException("properties must be a JSON object, not " + object.getNodeType());
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> copy.put(e.getKey(), e.getValue().deepCopy()));
        return new Props(Collections.unmodifiableMap(copy));
    }

    /** A copy with one property set (or removed, for a null value). */
    public Props with(String name, Object value) {
        Map<String, JsonNode> copy = new LinkedHashMap<>(values);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, toNode(value));
        }
        return new Props(Collections.unmodifiableMap(copy));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Props other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
