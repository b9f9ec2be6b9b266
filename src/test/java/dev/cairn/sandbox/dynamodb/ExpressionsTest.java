package dev.cairn.sandbox.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.dynamodb.Expressions.Placeholders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The expression language on its own, without a server: precedence, paths into maps and lists,
 * functions, AWS's syntax and placeholder errors, update actions, projections, and the values
 * rules (number normalisation and limits, sets, key order).
 */
class ExpressionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode av(String json) {
        try {
            return AttributeValues.canonical(JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode item(String json) {
        try {
            ObjectNode given = (ObjectNode) JSON.readTree(json);
            ObjectNode out = JSON.createObjectNode();
            given.fields().forEachRemaining(e -> out.set(e.getKey(), AttributeValues.canonical(e.getValue())));
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Placeholders values(Object... pairs) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], av((String) pairs[i + 1]));
        }
        return new Placeholders(Map.of("#n", "name"), values);
    }

    private static boolean holds(String condition, ObjectNode item, Placeholders p) {
        return Evaluation.holds(Expressions.condition(condition, "ConditionExpression", p), item);
    }

    private static String error(Runnable r) {
        try {
            r.run();
        } catch (AwsException e) {
            assertThat(e.code()).isEqualTo("ValidationException");
            return e.getMessage();
        }
        throw new AssertionError("no ValidationException");
    }

    @Test
    void condition_andBindsTighterThanOr_andNotAppliesToItsOperand() {
        ObjectNode it = item("{\"a\":{\"N\":\"1\"},\"b\":{\"N\":\"2\"}}");
        Placeholders p = values(":one", "{\"N\":\"1\"}", ":two", "{\"N\":\"2\"}", ":three", "{\"N\":\"3\"}");

        assertThat(holds("a = :one OR a = :two AND b = :three", it, p)).isTrue();
        assertThat(holds("(a = :one OR a = :two) AND b = :three", it, p)).isFalse();
        assertThat(holds("NOT a = :two AND b = :two", it, p)).isTrue();
        assertThat(holds("NOT (a = :one AND b = :two)", it, p)).isFalse();
        assertThat(holds("a IN (:three, :one)", it, p)).isTrue();
        assertThat(holds("a between :one and :two", it, p)).isTrue();
    }

    @Test
    void condition_pathsReachIntoMapsAndLists_andSizeCountsElements() {
        ObjectNode it = item("{\"m\":{\"M\":{\"deep\":{\"L\":[{\"S\":\"x\"},{\"S\":\"yz\"}]}}},"
                + "\"name\":{\"S\":\"한글\"}}");
        Placeholders p = values(":yz", "{\"S\":\"yz\"}", ":two", "{\"N\":\"2\"}");

        assertThat(holds("m.deep[1] = :yz", it, p)).isTrue();
        assertThat(holds("attribute_exists(m.deep[2])", it, p)).isFalse();
        assertThat(holds("size(m.deep) = :two AND size(#n) = :two", it, p)).isTrue();
        assertThat(holds("attribute_type(m, :m)", it, values(":m", "{\"S\":\"M\"}"))).isTrue();
    }

    @Test
    void condition_comparisonsAcrossTypesOrWithMissingAttributes_areFalseExceptNotEqual() {
        ObjectNode it = item("{\"s\":{\"S\":\"10\"}}");
        Placeholders p = values(":ten", "{\"N\":\"10\"}");

        assertThat(holds("s = :ten", it, p)).isFalse();
        assertThat(holds("s < :ten", it, p)).isFalse();
        assertThat(holds("s <> :ten", it, p)).isTrue();
        assertThat(holds("nothing <> :ten", it, p)).isTrue();
        assertThat(holds("nothing >= :ten", it, p)).isFalse();
    }

    @Test
    void condition_syntaxAndPlaceholderErrors_useAwsWording() {
        Placeholders p = values(":v", "{\"S\":\"x\"}");

        assertThat(error(() -> Expressions.condition("a = :v)", "ConditionExpression", p)))
                .isEqualTo("Invalid ConditionExpression: Syntax error; token: \")\", near: \":v )\"");
        assertThat(error(() -> Expressions.condition("a = :w", "ConditionExpression", p)))
                .isEqualTo("Invalid ConditionExpression: An expression attribute value used in expression is not "
                        + "defined; attribute value: :w");
        assertThat(error(() -> Expressions.condition("#x = :v", "ConditionExpression", p)))
                .isEqualTo("Invalid ConditionExpression: An expression attribute name used in the document path is "
                        + "not defined; attribute name: #x");
        assertThat(error(() -> Expressions.condition("starts_with(a, :v)", "ConditionExpression", p)))
                .isEqualTo("Invalid ConditionExpression: Invalid function name; function: starts_with");
        assertThat(error(() -> Expressions.condition("begins_with(a, :n)", "ConditionExpression",
                values(":n", "{\"N\":\"1\"}"))))
                .isEqualTo("Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
                        + "or function: begins_with, operand type: N");
        assertThat(error(() -> Expressions.condition("a BETWEEN :hi AND :lo", "KeyConditionExpression",
                values(":hi", "{\"N\":\"5\"}", ":lo", "{\"N\":\"1\"}"))))
                .startsWith("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater "
                        + "than or equal to lower bound");
        assertThat(error(() -> Expressions.condition(" ", "FilterExpression", p)))
                .isEqualTo("Invalid FilterExpression: The expression can not be empty;");
        Placeholders unused = new Placeholders(Map.of(), Map.of(":v", av("{\"S\":\"x\"}"), ":extra",
                av("{\"S\":\"y\"}")));
        Expressions.condition("a = :v", "ConditionExpression", unused);
        assertThat(error(() -> unused.requireAllUsed(false))).isEqualTo("Value provided in ExpressionAttributeValues "
                + "unused in expressions: keys: {:extra}");
    }

    @Test
    void update_actionsComputeFromTheItemBefore_andRefuseOverlapsAndRepeatedClauses() {
        ObjectNode before = item("{\"pk\":{\"S\":\"k\"},\"a\":{\"N\":\"1\"},\"b\":{\"N\":\"5\"},"
                + "\"l\":{\"L\":[{\"N\":\"0\"},{\"N\":\"1\"},{\"N\":\"2\"}]},\"m\":{\"M\":{}}}");
        Placeholders p = values(":one", "{\"N\":\"1\"}", ":x", "{\"S\":\"x\"}");

        ObjectNode after = Evaluation.apply(Expressions.update("SET a = b, b = a - :one, m.fresh = :x, l[9] = :x "
                + "REMOVE l[0], l[1]", p), before, Set.of("pk"));

        assertThat(after.get("a")).isEqualTo(av("{\"N\":\"5\"}"));
        assertThat(after.get("b")).isEqualTo(av("{\"N\":\"0\"}"));
        assertThat(after.at("/m/M/fresh/S").asText()).isEqualTo("x");
        assertThat(after.at("/l/L")).hasSize(2);
        assertThat(after.at("/l/L/0/N").asText()).isEqualTo("2");
        assertThat(after.at("/l/L/1/S").asText()).isEqualTo("x");
        assertThat(before.get("a")).isEqualTo(av("{\"N\":\"1\"}"));
        assertThat(error(() -> Expressions.update("SET a = :one SET b = :one", values(":one", "{\"N\":\"1\"}"))))
                .isEqualTo("Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
                        + "expression;");
        assertThat(error(() -> Expressions.update("SET m.a = :one REMOVE m", values(":one", "{\"N\":\"1\"}"))))
                .startsWith("Invalid UpdateExpression: Two document paths overlap with each other");
        assertThat(error(() -> Evaluation.apply(Expressions.update("SET nope.deeper = :x", values(":x",
                "{\"S\":\"x\"}")), before, Set.of("pk"))))
                .isEqualTo("The document path provided in the update expression is invalid for update");
    }

    @Test
    void projection_keepsTheNestingOfNestedPaths() {
        ObjectNode it = item("{\"a\":{\"S\":\"1\"},\"m\":{\"M\":{\"x\":{\"N\":\"1\"},\"y\":{\"N\":\"2\"}}},"
                + "\"name\":{\"S\":\"n\"}}");

        ObjectNode projected = Evaluation.project(it, Expressions.projection("m.y, #n", values()));

        assertThat(projected.toString()).isEqualTo("{\"m\":{\"M\":{\"y\":{\"N\":\"2\"}}},\"name\":{\"S\":\"n\"}}");
    }

    @Test
    void values_numbersNormaliseAndRespectDynamoDbLimits_setsRefuseDuplicates() {
        assertThat(av("{\"N\":\"0010.500\"}").get("N").asText()).isEqualTo("10.5");
        assertThat(av("{\"N\":\"1E+2\"}").get("N").asText()).isEqualTo("100");
        assertThat(av("{\"N\":\"-0.0\"}").get("N").asText()).isEqualTo("0");
        assertThat(error(() -> av("{\"N\":\"1E+126\"}"))).startsWith("Number overflow");
        assertThat(error(() -> av("{\"N\":\"1E-131\"}"))).startsWith("Number underflow");
        assertThat(error(() -> av("{\"N\":\"1234567890123456789012345678901234567890\"}")))
                .isEqualTo("Attempting to store more than 38 significant digits in a Number");
        assertThat(error(() -> av("{\"SS\":[]}")))
                .isEqualTo("One or more parameter values were invalid: An string set  may not be empty");
        assertThat(error(() -> av("{\"NS\":[\"1\",\"1.0\"]}")))
                .isEqualTo("One or more parameter values were invalid: Input collection [1, 1.0] contains duplicates.");
        assertThat(error(() -> av("{\"S\":\"a\",\"N\":\"1\"}"))).startsWith("Supplied AttributeValue has more than one");
        assertThat(AttributeValues.compare(av("{\"N\":\"-10\"}"), av("{\"N\":\"9\"}"))).isNegative();
        assertThat(AttributeValues.compare(av("{\"B\":\"/w==\"}"), av("{\"B\":\"AA==\"}"))).isPositive();
        assertThat(AttributeValues.same(av("{\"SS\":[\"a\",\"b\"]}"), av("{\"SS\":[\"b\",\"a\"]}"))).isTrue();
    }
}
