package dev.cairn.sandbox.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.dynamodb.Expressions.Action;
import dev.cairn.sandbox.dynamodb.Expressions.And;
import dev.cairn.sandbox.dynamodb.Expressions.Arithmetic;
import dev.cairn.sandbox.dynamodb.Expressions.Between;
import dev.cairn.sandbox.dynamodb.Expressions.Compare;
import dev.cairn.sandbox.dynamodb.Expressions.Condition;
import dev.cairn.sandbox.dynamodb.Expressions.Function;
import dev.cairn.sandbox.dynamodb.Expressions.IfNotExists;
import dev.cairn.sandbox.dynamodb.Expressions.In;
import dev.cairn.sandbox.dynamodb.Expressions.ListAppend;
import dev.cairn.sandbox.dynamodb.Expressions.Not;
import dev.cairn.sandbox.dynamodb.Expressions.Operand;
import dev.cairn.sandbox.dynamodb.Expressions.Or;
import dev.cairn.sandbox.dynamodb.Expressions.Path;
import dev.cairn.sandbox.dynamodb.Expressions.PathOperand;
import dev.cairn.sandbox.dynamodb.Expressions.Size;
import dev.cairn.sandbox.dynamodb.Expressions.ValueOperand;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates parsed expressions against an item (an AttributeValue map, canonical): conditions
 * with DynamoDB's semantics (a comparison with a missing attribute or across types is false,
 * {@code <>} of a missing attribute true), update actions in place, and projections. Stateless.
 */
final class Evaluation {
    private Evaluation() {
    }

    // ------------------------------------------------------------------ paths

    /** The value at a path in an item, or null when any part of it is missing. */
    static JsonNode resolve(Path path, ObjectNode item) {
        JsonNode current = item.get(path.top());
        List<Object> elements = path.elements();
        for (int i = 1; i < elements.size() && current != null; i++) {
            Object e = elements.get(i);
            if (e instanceof Integer index) {
                JsonNode list = current.get("L");
                current = list == null || index >= list.size() ? null : list.get(index);
            } else {
                JsonNode map = current.get("M");
                current = map == null ? null : map.get((String) e);
            }
        }
        return current;
    }

    // ------------------------------------------------------------------ conditions

    /** Whether the condition holds for the item (an empty item for one that does not exist). */
    static boolean holds(Condition c, ObjectNode item) {
        if (c instanceof And a) {
            return holds(a.left(), item) && holds(a.right(), item);
        }
        if (c instanceof Or o) {
            return holds(o.left(), item) || holds(o.right(), item);
        }
        if (c instanceof Not n) {
            return !holds(n.inner(), item);
        }
        if (c instanceof Compare cmp) {
            return compare(value(cmp.left(), item), cmp.op(), value(cmp.right(), item));
        }
        if (c instanceof Between b) {
            JsonNode v = value(b.value(), item);
            return compare(v, ">=", value(b.low(), item)) && compare(v, "<=", value(b.high(), item));
        }
        if (c instanceof In in) {
            JsonNode v = value(in.value(), item);
            for (Operand candidate : in.candidates()) {
                if (compare(v, "=", value(candidate, item))) {
                    return true;
                }
            }
            return false;
        }
        Function f = (Function) c;
        Path path = ((PathOperand) f.args().get(0)).path();
        JsonNode v = resolve(path, item);
        return switch (f.name()) {
            case "attribute_exists" -> v != null;
            case "attribute_not_exists" -> v == null;
            case "attribute_type" -> {
                JsonNode t = value(f.args().get(1), item);
                yield v != null && t != null && AttributeValues.type(t).equals("S")
                        && AttributeValues.type(v).equals(t.get("S").asText());
            }
            case "begins_with" -> beginsWith(v, value(f.args().get(1), item));
            case "contains" -> contains(v, value(f.args().get(1), item));
            default -> throw new IllegalStateException("parser admitted function " + f.name());
        };
    }

    private static boolean compare(JsonNode a, String op, JsonNode b) {
        if (a == null || b == null) {
            return op.equals("<>");
        }
        return switch (op) {
            case "=" -> AttributeValues.same(a, b);
            case "<>" -> !AttributeValues.same(a, b);
            default -> {
                if (!AttributeValues.ordered(a, b)) {
                    yield false;
                }
                int c = AttributeValues.compare(a, b);
                yield switch (op) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
            }
        };
    }

    static boolean beginsWith(JsonNode v, JsonNode prefix) {
        if (v == null || prefix == null) {
            return false;
        }
        String t = AttributeValues.type(v);
        if (!t.equals(AttributeValues.type(prefix))) {
            return false;
        }
        if (t.equals("S")) {
            return v.get("S").asText().startsWith(prefix.get("S").asText());
        }
        if (t.equals("B")) {
            byte[] bytes = AttributeValues.binary(v);
            byte[] start = AttributeValues.binary(prefix);
            return bytes.length >= start.length && Arrays.equals(bytes, 0, start.length, start, 0, start.length);
        }
        return false;
    }

    private static boolean contains(JsonNode v, JsonNode operand) {
        if (v == null || operand == null) {
            return false;
        }
        String t = AttributeValues.type(v);
        String o = AttributeValues.type(operand);
        return switch (t) {
            case "S" -> o.equals("S") && v.get("S").asText().contains(operand.get("S").asText());
            case "B" -> o.equals("B") && indexOf(AttributeValues.binary(v), AttributeValues.binary(operand)) >= 0;
            case "SS", "NS", "BS" -> o.equals(t.substring(0, 1)) && AttributeValues.elements(v.get(t))
                    .contains(operand.get(o).asText());
            case "L" -> {
                for (JsonNode e : v.get("L")) {
                    if (AttributeValues.same(e, operand)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> false;
        };
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** An operand's value for the item, or null when it names a missing attribute. */
    static JsonNode value(Operand op, ObjectNode item) {
        if (op instanceof ValueOperand v) {
            return v.value();
        }
        if (op instanceof PathOperand p) {
            return resolve(p.path(), item);
        }
        if (op instanceof Size s) {
            JsonNode v = resolve(s.path(), item);
            if (v == null) {
                return null;
            }
            String t = AttributeValues.type(v);
            long size = switch (t) {
                case "S" -> v.get("S").asText().codePointCount(0, v.get("S").asText().length());
                case "B" -> AttributeValues.binary(v).length;
                case "SS", "NS", "BS", "L", "M" -> v.get(t).size();
                // AWS: size() of a number, boolean or null is not defined; the comparison is false.
                default -> -1;
            };
            return size < 0 ? null : AttributeValues.ofNumber(BigDecimal.valueOf(size));
        }
        if (op instanceof IfNotExists i) {
            JsonNode v = resolve(i.path(), item);
            return v != null ? v : required(i.fallback(), item);
        }
        if (op instanceof ListAppend l) {
            JsonNode a = required(l.first(), item);
            JsonNode b = required(l.second(), item);
            if (!AttributeValues.type(a).equals("L") || !AttributeValues.type(b).equals("L")) {
                String bad = AttributeValues.type(a).equals("L") ? AttributeValues.type(b) : AttributeValues.type(a);
                throw Expressions.validation("Invalid UpdateExpression: Incorrect operand type for operator or "
                        + "function; operator or function: list_append, operand type: " + bad);
            }
            ObjectNode out = AttributeValues.NODES.objectNode();
            ArrayNode list = out.putArray("L");
            a.get("L").forEach(e -> list.add(e.deepCopy()));
            b.get("L").forEach(e -> list.add(e.deepCopy()));
            return out;
        }
        Arithmetic a = (Arithmetic) op;
        JsonNode left = required(a.left(), item);
        JsonNode right = required(a.right(), item);
        if (!AttributeValues.type(left).equals("N") || !AttributeValues.type(right).equals("N")) {
            throw Expressions.validation("An operand in the update expression has an incorrect data type");
        }
        BigDecimal l = AttributeValues.number(left);
        BigDecimal r = AttributeValues.number(right);
        return checkedNumber(a.op() == '+' ? l.add(r) : l.subtract(r));
    }

    private static JsonNode checkedNumber(BigDecimal n) {
        JsonNode out = AttributeValues.ofNumber(n);
        AttributeValues.parseNumber(out.get("N").asText());
        return out;
    }

    /** An operand of an update, which must name an existing attribute when it is a path. */
    private static JsonNode required(Operand op, ObjectNode item) {
        JsonNode v = value(op, item);
        if (v == null) {
            throw Expressions.validation("The provided expression refers to an attribute that does not exist in the "
                    + "item");
        }
        return v;
    }

    // ------------------------------------------------------------------ updates

    /**
     * Applies an UpdateExpression's actions to a copy of the item and returns it. Every value is
     * computed from the item as it was before the update, as DynamoDB does.
     *
     * @param keyNames the table's key attributes, which no action may touch
     */
    static ObjectNode apply(List<Action> actions, ObjectNode before, Set<String> keyNames) {
        for (Action a : actions) {
            if (keyNames.contains(a.path().top())) {
                throw Expressions.validation("One or more parameter values were invalid: Cannot update attribute "
                        + a.path().top() + ". This attribute is part of the key");
            }
        }
        JsonNode[] values = new JsonNode[actions.size()];
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            if (a.value() != null) {
                values[i] = a.clause().equals("SET") ? required(a.value(), before) : value(a.value(), before);
            }
        }
        ObjectNode after = before.deepCopy();
        // REMOVE of list elements goes last and from the highest index down, so one removal does
        // not shift the element another one names.
        List<Integer> order = new java.util.ArrayList<>();
        List<Integer> listRemovals = new java.util.ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            boolean listRemoval = actions.get(i).clause().equals("REMOVE") && last(actions.get(i).path()) instanceof Integer;
            (listRemoval ? listRemovals : order).add(i);
        }
        listRemovals.sort((x, y) -> Integer.compare((Integer) last(actions.get(y).path()),
                (Integer) last(actions.get(x).path())));
        order.addAll(listRemovals);
        for (int i : order) {
            Action a = actions.get(i);
            switch (a.clause()) {
                case "SET" -> put(after, a.path(), values[i]);
                case "REMOVE" -> remove(after, a.path());
                case "ADD" -> add(after, a.path(), values[i]);
                default -> delete(after, a.path(), values[i]);
            }
        }
        return after;
    }

    private static Object last(Path p) {
        return p.elements().get(p.elements().size() - 1);
    }

    private static AwsException invalidPath() {
        return Expressions.validation("The document path provided in the update expression is invalid for update");
    }

    /** The container holding the path's last element (a map node or a list node), or null. */
    private static JsonNode parent(ObjectNode item, Path path) {
        List<Object> elements = path.elements();
        if (elements.size() == 1) {
            return item;
        }
        JsonNode holder = resolve(new Path(elements.subList(0, elements.size() - 1)), item);
        if (holder == null) {
            return null;
        }
        Object last = elements.get(elements.size() - 1);
        return last instanceof Integer ? holder.get("L") : holder.get("M");
    }

    private static void put(ObjectNode item, Path path, JsonNode value) {
        JsonNode holder = parent(item, path);
        Object last = last(path);
        if (holder == null) {
            throw invalidPath();
        }
        if (last instanceof Integer index) {
            ArrayNode list = (ArrayNode) holder;
            // DynamoDB appends when the index is past the end of the list.
            if (index >= list.size()) {
                list.add(value.deepCopy());
            } else {
                list.set(index, value.deepCopy());
            }
        } else {
            ((ObjectNode) holder).set((String) last, value.deepCopy());
        }
    }

    private static void remove(ObjectNode item, Path path) {
        JsonNode holder = parent(item, path);
        if (holder == null) {
            if (path.elements().size() > 1 && resolve(new Path(path.elements().subList(0, 1)), item) == null) {
                return;
            }
            throw invalidPath();
        }
        Object last = last(path);
        if (last instanceof Integer index) {
            ArrayNode list = (ArrayNode) holder;
            if (index < list.size()) {
                list.remove(index);
            }
        } else {
            ((ObjectNode) holder).remove((String) last);
        }
    }

    private static void add(ObjectNode item, Path path, JsonNode value) {
        String type = AttributeValues.type(value);
        if (!Set.of("N", "SS", "NS", "BS").contains(type)) {
            throw Expressions.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                    + "operator or function: ADD, operand type: " + type);
        }
        JsonNode current = resolve(path, item);
        if (current == null) {
            put(item, path, value);
            return;
        }
        if (!AttributeValues.type(current).equals(type)) {
            throw Expressions.validation("An operand in the update expression has an incorrect data type");
        }
        if (type.equals("N")) {
            put(item, path, checkedNumber(AttributeValues.number(current).add(AttributeValues.number(value))));
            return;
        }
        Set<String> union = new LinkedHashSet<>(AttributeValues.elements(current.get(type)));
        union.addAll(AttributeValues.elements(value.get(type)));
        put(item, path, set(type, union));
    }

    private static void delete(ObjectNode item, Path path, JsonNode value) {
        String type = AttributeValues.type(value);
        if (!type.equals("SS") && !type.equals("NS") && !type.equals("BS")) {
            throw Expressions.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                    + "operator or function: DELETE, operand type: " + type);
        }
        JsonNode current = resolve(path, item);
        if (current == null) {
            return;
        }
        if (!AttributeValues.type(current).equals(type)) {
            throw Expressions.validation("An operand in the update expression has an incorrect data type");
        }
        Set<String> rest = new LinkedHashSet<>(AttributeValues.elements(current.get(type)));
        rest.removeAll(AttributeValues.elements(value.get(type)));
        if (rest.isEmpty()) {
            remove(item, path);
        } else {
            put(item, path, set(type, rest));
        }
    }

    private static JsonNode set(String type, Set<String> elements) {
        ObjectNode out = AttributeValues.NODES.objectNode();
        ArrayNode list = out.putArray(type);
        elements.forEach(list::add);
        return out;
    }

    // ------------------------------------------------------------------ projection

    /** The item cut down to the paths, nested maps and lists kept as far as the paths reach. */
    static ObjectNode project(ObjectNode item, List<Path> paths) {
        ObjectNode out = AttributeValues.NODES.objectNode();
        for (Path p : paths) {
            JsonNode v = resolve(p, item);
            if (v == null) {
                continue;
            }
            if (p.isTopLevel()) {
                out.set(p.top(), v.deepCopy());
                continue;
            }
            // Rebuild the nesting: maps keep their keys; list elements are gathered in order.
            JsonNode source = item.get(p.top());
            ObjectNode target = out.has(p.top()) ? (ObjectNode) out.get(p.top()) : emptyLike(source);
            out.set(p.top(), target);
            ObjectNode srcCursor = (ObjectNode) source;
            ObjectNode dstCursor = target;
            List<Object> elements = p.elements();
            for (int i = 1; i < elements.size(); i++) {
                Object e = elements.get(i);
                JsonNode next = e instanceof Integer index ? srcCursor.get("L").get(index)
                        : srcCursor.get("M").get((String) e);
                boolean leaf = i == elements.size() - 1;
                JsonNode placed = leaf ? next.deepCopy() : emptyLike(next);
                if (e instanceof Integer) {
                    ((ArrayNode) dstCursor.get("L")).add(placed);
                } else {
                    JsonNode existing = dstCursor.get("M").get((String) e);
                    if (existing != null && !leaf) {
                        placed = existing;
                    } else {
                        ((ObjectNode) dstCursor.get("M")).set((String) e, placed);
                    }
                }
                if (!leaf) {
                    srcCursor = (ObjectNode) next;
                    dstCursor = (ObjectNode) placed;
                }
            }
        }
        return out;
    }

    private static ObjectNode emptyLike(JsonNode container) {
        ObjectNode out = AttributeValues.NODES.objectNode();
        if (container.has("L")) {
            out.putArray("L");
        } else {
            out.putObject("M");
        }
        return out;
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
