package dev.cairn.sandbox.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB's AttributeValue as it travels in JSON ({@code {"S":"x"}}, {@code {"N":"1"}},
 * {@code {"B":"base64"}}, {@code BOOL}, {@code NULL}, {@code M}, {@code L}, {@code SS}, {@code NS},
 * {@code BS}): validation with AWS's messages, the canonical form the store keeps (numbers
 * normalised, binaries re-encoded), equality, and the order AWS sorts keys in (S by UTF-8 bytes,
 * N numerically, B by unsigned bytes). Stateless.
 */
final class AttributeValues {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");
    /** DynamoDB numbers: up to 38 significant digits, magnitude from 1E-130 to below 1E+126. */
    static final int MAX_DIGITS = 38;
    static final int MAX_EXPONENT = 126;
    static final int MIN_EXPONENT = -130;

    private AttributeValues() {
    }

    static AwsException validation(String message) {
        return new AwsException("ValidationException", message);
    }

    /** The value's single type key ({@code S}, {@code N}, …); the value must have been validated. */
    static String type(JsonNode value) {
        return value.fieldNames().next();
    }

    /**
     * Checks a value as AWS does and returns its canonical copy: exactly one known type, numbers
     * that parse and fit, non-empty sets without duplicates, NULL only true.
     */
    static JsonNode canonical(JsonNode value) {
        if (value == null || !value.isObject() || value.size() == 0) {
            throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (value.size() > 1) {
            throw validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
                    + "supported datatypes");
        }
        String type = type(value);
        JsonNode v = value.get(type);
        ObjectNode out = NODES.objectNode();
        switch (type) {
            case "S" -> out.put("S", text(v, type));
            case "N" -> out.put("N", normalNumber(text(v, type)));
            case "B" -> out.put("B", Base64.getEncoder().encodeToString(bytes(text(v, type))));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw serialization("BOOL");
                }
                out.put("BOOL", v.booleanValue());
            }
            case "NULL" -> {
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw validation("One or more parameter values were invalid: Null attribute value types must have "
                            + "the value of true");
                }
                out.put("NULL", true);
            }
            case "M" -> {
                if (!v.isObject()) {
                    throw serialization("M");
                }
                ObjectNode m = out.putObject("M");
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    m.set(e.getKey(), canonical(e.getValue()));
                }
            }
            case "L" -> {
                if (!v.isArray()) {
                    throw serialization("L");
                }
                ArrayNode l = out.putArray("L");
                v.forEach(e -> l.add(canonical(e)));
            }
            case "SS", "NS", "BS" -> out.set(type, canonicalSet(type, v));
            default -> throw new AwsException("SerializationException", "Unexpected field type: " + type);
        }
        return out;
    }

    private static ArrayNode canonicalSet(String type, JsonNode v) {
        if (!v.isArray()) {
            throw serialization(type);
        }
        if (v.isEmpty()) {
            String what = switch (type) {
                case "SS" -> "string";
                case "NS" -> "number";
                default -> "binary";
            };
            // AWS's message has the double space.
            throw validation("One or more parameter values were invalid: An " + what + " set  may not be empty");
        }
        ArrayNode out = NODES.arrayNode();
        Set<String> seen = new LinkedHashSet<>();
        List<String> given = new ArrayList<>();
        for (JsonNode e : v) {
            String text = text(e, type);
            given.add(text);
            String canon = switch (type) {
                case "NS" -> normalNumber(text);
                case "BS" -> Base64.getEncoder().encodeToString(bytes(text));
                default -> text;
            };
            if (!seen.add(canon)) {
                throw validation("One or more parameter values were invalid: Input collection " + given
                        + " contains duplicates.");
            }
            out.add(canon);
        }
        return out;
    }

    private static String text(JsonNode v, String type) {
        if (v == null || !v.isTextual()) {
            if (type.equals("N") || type.equals("NS")) {
                throw new AwsException("SerializationException", "NUMBER_VALUE cannot be converted to String");
            }
            throw serialization(type);
        }
        return v.asText();
    }

    private static AwsException serialization(String type) {
        return new AwsException("SerializationException", "Unexpected value type for attribute value type " + type);
    }

    private static byte[] bytes(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new AwsException("SerializationException", "Base64 encoded binary value is not valid: " + base64);
        }
    }

    /** A number as DynamoDB keeps it: no exponent, no trailing zeros, within its precision and range. */
    static String normalNumber(String text) {
        BigDecimal n = parseNumber(text);
        return n.signum() == 0 ? "0" : n.stripTrailingZeros().toPlainString();
    }

    static BigDecimal parseNumber(String text) {
        BigDecimal n;
        try {
            if (text.isEmpty() || !text.equals(text.strip())) {
                throw new NumberFormatException();
            }
            n = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw validation("The parameter cannot be converted to a numeric value: " + text);
        }
        if (n.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = n.stripTrailingZeros();
        if (stripped.precision() > MAX_DIGITS) {
            throw validation("Attempting to store more than 38 significant digits in a Number");
        }
        // The decimal exponent of the leading digit: 1E+125 → 125.
        int magnitude = stripped.precision() - stripped.scale() - 1;
        if (magnitude >= MAX_EXPONENT) {
            throw validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (magnitude < MIN_EXPONENT) {
            throw validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return stripped;
    }

    static BigDecimal number(JsonNode value) {
        return new BigDecimal(value.get("N").asText());
    }

    static JsonNode ofNumber(BigDecimal n) {
        ObjectNode out = NODES.objectNode();
        out.put("N", normalNumber(n.round(new MathContext(MAX_DIGITS)).toString()));
        return out;
    }

    static byte[] binary(JsonNode value) {
        return Base64.getDecoder().decode(value.get("B").asText());
    }

    /**
     * Equality as DynamoDB's {@code =}: same type and value; sets regardless of order, maps and
     * lists element by element. Both values canonical.
     */
    static boolean same(JsonNode a, JsonNode b) {
        String ta = type(a);
        if (!ta.equals(type(b))) {
            return false;
        }
        JsonNode va = a.get(ta);
        JsonNode vb = b.get(ta);
        return switch (ta) {
            case "SS", "NS", "BS" -> va.size() == vb.size() && elements(va).equals(elements(vb));
            case "M" -> {
                if (va.size() != vb.size()) {
                    yield false;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = va.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode other = vb.get(e.getKey());
                    if (other == null || !same(e.getValue(), other)) {
                        yield false;
                    }
                }
                yield true;
            }
            case "L" -> {
                if (va.size() != vb.size()) {
                    yield false;
                }
                for (int i = 0; i < va.size(); i++) {
                    if (!same(va.get(i), vb.get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> va.equals(vb);
        };
    }

    static Set<String> elements(JsonNode set) {
        Set<String> out = new LinkedHashSet<>();
        set.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** Whether two values can be ordered ({@code <}, {@code BETWEEN}, sort keys): both S, both N or both B. */
    static boolean ordered(JsonNode a, JsonNode b) {
        String t = type(a);
        return t.equals(type(b)) && (t.equals("S") || t.equals("N") || t.equals("B"));
    }

    /** AWS's order of two scalars of one type ({@link #ordered}): S by UTF-8 bytes, N numerically, B by unsigned bytes. */
    static int compare(JsonNode a, JsonNode b) {
        return switch (type(a)) {
            case "N" -> number(a).compareTo(number(b));
            case "S" -> Arrays.compareUnsigned(a.get("S").asText().getBytes(StandardCharsets.UTF_8),
                    b.get("S").asText().getBytes(StandardCharsets.UTF_8));
            case "B" -> Arrays.compareUnsigned(binary(a), binary(b));
            default -> throw new IllegalArgumentException("not an ordered type: " + type(a));
        };
    }

    /**
     * The size DynamoDB counts an attribute as (name plus value, UTF-8 bytes; numbers about one
     * byte per two digits plus one), for the 400 KB item limit.
     */
    static long size(String name, JsonNode value) {
        return name.getBytes(StandardCharsets.UTF_8).length + valueSize(value);
    }

    private static long valueSize(JsonNode value) {
        String t = type(value);
        JsonNode v = value.get(t);
        return switch (t) {
            case "S" -> v.asText().getBytes(StandardCharsets.UTF_8).length;
            case "N" -> numberSize(v.asText());
            case "B" -> Base64.getDecoder().decode(v.asText()).length;
            case "BOOL", "NULL" -> 1;
            case "SS" -> sum(v, e -> (long) e.asText().getBytes(StandardCharsets.UTF_8).length);
            case "NS" -> sum(v, e -> numberSize(e.asText()));
            case "BS" -> sum(v, e -> (long) Base64.getDecoder().decode(e.asText()).length);
            case "L" -> 3 + sum(v, e -> 1 + valueSize(e));
            case "M" -> {
                long total = 3;
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    total += 1 + size(e.getKey(), e.getValue());
                }
                yield total;
            }
            default -> 0;
        };
    }

    private static long numberSize(String n) {
        long digits = n.chars().filter(Character::isDigit).count();
        return (digits + 1) / 2 + 1;
    }

    private static long sum(JsonNode array, java.util.function.ToLongFunction<JsonNode> each) {
        long total = 0;
        for (JsonNode e : array) {
            total += each.applyAsLong(e);
        }
        return total;
    }
}
