package dev.cairn.sandbox.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.dynamodb.Expressions.And;
import dev.cairn.sandbox.dynamodb.Expressions.Between;
import dev.cairn.sandbox.dynamodb.Expressions.Compare;
import dev.cairn.sandbox.dynamodb.Expressions.Condition;
import dev.cairn.sandbox.dynamodb.Expressions.Function;
import dev.cairn.sandbox.dynamodb.Expressions.In;
import dev.cairn.sandbox.dynamodb.Expressions.Not;
import dev.cairn.sandbox.dynamodb.Expressions.Operand;
import dev.cairn.sandbox.dynamodb.Expressions.Or;
import dev.cairn.sandbox.dynamodb.Expressions.Path;
import dev.cairn.sandbox.dynamodb.Expressions.PathOperand;
import dev.cairn.sandbox.dynamodb.Expressions.ValueOperand;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The legacy {@code Expected} parameter of PutItem and DeleteItem (older clients and tools still
 * send it, e.g. for a lock: {@code {"LockID": {"Exists": false}}}), turned into the same condition
 * tree a ConditionExpression parses to, so both are evaluated alike.
 */
final class Legacy {
    private Legacy() {
    }

    static Condition expected(JsonNode expected, String conditionalOperator) {
        String joiner = conditionalOperator == null ? "AND" : conditionalOperator;
        if (!joiner.equals("AND") && !joiner.equals("OR")) {
            throw Expressions.validation("1 validation error detected: Value '" + joiner + "' at 'conditionalOperator' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]");
        }
        Condition out = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Condition one = one(e.getKey(), e.getValue());
            out = out == null ? one : joiner.equals("AND") ? new And(out, one) : new Or(out, one);
        }
        return out;
    }

    private static Condition one(String attribute, JsonNode spec) {
        PathOperand path = new PathOperand(new Path(List.of(attribute)));
        String operator = spec.hasNonNull("ComparisonOperator") ? spec.get("ComparisonOperator").asText() : null;
        if (operator == null) {
            boolean exists = !spec.has("Exists") || spec.get("Exists").asBoolean();
            JsonNode value = spec.get("Value");
            if (!exists) {
                if (value != null) {
                    throw Expressions.validation("One or more parameter values were invalid: Value cannot be used when "
                            + "Exists is false for Attribute: " + attribute);
                }
                return new Function("attribute_not_exists", List.of(path));
            }
            if (value == null) {
                throw Expressions.validation("One or more parameter values were invalid: Value must be provided when "
                        + "Exists is true for Attribute: " + attribute);
            }
            return new Compare(path, "=", operand(value));
        }
        List<Operand> values = new ArrayList<>();
        spec.path("AttributeValueList").forEach(v -> values.add(operand(v)));
        int wanted = switch (operator) {
            case "NULL", "NOT_NULL" -> 0;
            case "BETWEEN" -> 2;
            case "IN" -> -1;
            default -> 1;
        };
        if (wanted >= 0 && values.size() != wanted || wanted < 0 && values.isEmpty()) {
            throw Expressions.validation("One or more parameter values were invalid: Invalid number of argument(s) for "
                    + "the " + operator + " ComparisonOperator");
        }
        return switch (operator) {
            case "EQ" -> new Compare(path, "=", values.get(0));
            case "NE" -> new Compare(path, "<>", values.get(0));
            case "LT" -> new Compare(path, "<", values.get(0));
            case "LE" -> new Compare(path, "<=", values.get(0));
            case "GT" -> new Compare(path, ">", values.get(0));
            case "GE" -> new Compare(path, ">=", values.get(0));
            case "NULL" -> new Function("attribute_not_exists", List.of(path));
            case "NOT_NULL" -> new Function("attribute_exists", List.of(path));
            case "BEGINS_WITH" -> new Function("begins_with", List.of(path, values.get(0)));
            case "CONTAINS" -> new Function("contains", List.of(path, values.get(0)));
            case "NOT_CONTAINS" -> new Not(new Function("contains", List.of(path, values.get(0))));
            case "BETWEEN" -> new Between(path, values.get(0), values.get(1));
            case "IN" -> new In(path, values);
            default -> throw Expressions.validation("1 validation error detected: Value '" + operator + "' at "
                    + "'expected." + attribute + ".member.comparisonOperator' failed to satisfy constraint: Member must "
                    + "satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, "
                    + "BEGINS_WITH, GE, CONTAINS]");
        };
    }

    private static ValueOperand operand(JsonNode value) {
        return new ValueOperand(null, AttributeValues.canonical(value));
    }
}
