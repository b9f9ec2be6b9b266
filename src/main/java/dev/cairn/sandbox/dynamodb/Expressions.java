package dev.cairn.sandbox.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.core.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB's expression language, parsed by a small tokenizer and recursive-descent parser into
 * a tree: condition expressions (ConditionExpression, FilterExpression, KeyConditionExpression),
 * update expressions ({@code SET}, {@code REMOVE}, {@code ADD}, {@code DELETE}) and projection
 * expressions. Placeholders ({@code #name}, {@code :value}) are resolved against the request's
 * ExpressionAttributeNames/Values as they are read, and their use is recorded so the request can
 * refuse unused ones as AWS does. Errors are AWS's {@code ValidationException}s, prefixed with
 * the expression's name ("Invalid ConditionExpression: Syntax error; token: …").
 *
 * <p>Grammar (keywords case-insensitive, function names case-sensitive as in AWS):
 * <pre>
 * condition  := or
 * or         := and ( OR and )*
 * and        := not ( AND not )*
 * not        := NOT not | primary
 * primary    := '(' condition ')' | function '(' operand (',' operand)* ')'
 *             | operand comparator operand | operand BETWEEN operand AND operand
 *             | operand IN '(' operand (',' operand)* ')'
 * operand    := path | :value | size '(' path ')'
 * path       := name ( '.' name | '[' digits ']' )*      name := identifier | #placeholder
 * update     := ( SET set (',' set)* | REMOVE path (',' path)* | ADD path :value (',' …)* | DELETE path :value (',' …)* )+
 * set        := path '=' value ( ('+' | '-') value )?
 * value      := operand | if_not_exists '(' path ',' value ')' | list_append '(' value ',' value ')'
 * projection := path (',' path)*
 * </pre>
 */
final class Expressions {

    // ------------------------------------------------------------------ tree

    /** A document path: attribute names (resolved) and list indexes, from the top-level attribute down. */
    record Path(List<Object> elements) {
        String top() {
            return (String) elements.get(0);
        }

        boolean isTopLevel() {
            return elements.size() == 1;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            for (Object e : elements) {
                if (e instanceof Integer i) {
                    s.append('[').append(i).append(']');
                } else {
                    s.append(s.length() == 0 ? "" : ".").append(e);
                }
            }
            return s.toString();
        }
    }

    /** Something that yields a value: a path, a placeholder's value, a function or arithmetic. */
    sealed interface Operand permits PathOperand, ValueOperand, Size, IfNotExists, ListAppend, Arithmetic {
    }

    record PathOperand(Path path) implements Operand {
    }

    /** A placeholder and the (canonical) value it stands for. */
    record ValueOperand(String name, JsonNode value) implements Operand {
    }

    record Size(Path path) implements Operand {
    }

    record IfNotExists(Path path, Operand fallback) implements Operand {
    }

    record ListAppend(Operand first, Operand second) implements Operand {
    }

    record Arithmetic(Operand left, char op, Operand right) implements Operand {
    }

    /** A condition: true or false of an item. */
    sealed interface Condition permits And, Or, Not, Compare, Between, In, Function {
    }

    record And(Condition left, Condition right) implements Condition {
    }

    record Or(Condition left, Condition right) implements Condition {
    }

    record Not(Condition inner) implements Condition {
    }

    /** {@code =}, {@code <>}, {@code <}, {@code <=}, {@code >}, {@code >=}. */
    record Compare(Operand left, String op, Operand right) implements Condition {
    }

    record Between(Operand value, Operand low, Operand high) implements Condition {
    }

    record In(Operand value, List<Operand> candidates) implements Condition {
    }

    /** {@code attribute_exists}, {@code attribute_not_exists}, {@code attribute_type}, {@code begins_with}, {@code contains}. */
    record Function(String name, List<Operand> args) implements Condition {
    }

    /** One action of an update expression. */
    record Action(String clause, Path path, Operand value) {
    }

    // ------------------------------------------------------------------ placeholders

    /**
     * A request's ExpressionAttributeNames and Values, and which of them its expressions used.
     * One per request, shared by all its expressions.
     */
    static final class Placeholders {
        private final Map<String, String> names;
        private final Map<String, JsonNode> values;
        private final Set<String> usedNames = new LinkedHashSet<>();
        private final Set<String> usedValues = new LinkedHashSet<>();

        /**
         * @param names  ExpressionAttributeNames (may be empty)
         * @param values ExpressionAttributeValues, already canonical (may be empty)
         */
        Placeholders(Map<String, String> names, Map<String, JsonNode> values) {
            this.names = names;
            this.values = values;
        }

        /**
         * Refuses placeholders no expression used, as AWS does.
         *
         * @param prefixed whether AWS prefixes this operation's message with "1 validation error detected: "
         */
        void requireAllUsed(boolean prefixed) {
            String prefix = prefixed ? "1 validation error detected: " : "";
            for (String n : names.keySet()) {
                if (!usedNames.contains(n)) {
                    throw validation(prefix + "Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                            + n + "}");
                }
            }
            for (String v : values.keySet()) {
                if (!usedValues.contains(v)) {
                    throw validation(prefix + "Value provided in ExpressionAttributeValues unused in expressions: "
                            + "keys: {" + v + "}");
                }
            }
        }
    }

    static AwsException validation(String message) {
        return new AwsException("ValidationException", message);
    }

    // ------------------------------------------------------------------ tokens

    private enum Kind { NAME, NAME_REF, VALUE_REF, DIGITS, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT, EQ, NE, LT,
        LE, GT, GE, PLUS, MINUS, EOF }

    private record Token(Kind kind, String text) {
        boolean keyword(String word) {
            return kind == Kind.NAME && text.equalsIgnoreCase(word);
        }
    }

    private static List<Token> tokenize(String text, String label) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '#' || c == ':') {
                i++;
                while (i < text.length() && isNameChar(text.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw syntax(label, String.valueOf(c), text.substring(start, Math.min(text.length(), start + 2)));
                }
                out.add(new Token(c == '#' ? Kind.NAME_REF : Kind.VALUE_REF, text.substring(start, i)));
                continue;
            }
            if (Character.isDigit(c)) {
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.DIGITS, text.substring(start, i)));
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                while (i < text.length() && isNameChar(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.NAME, text.substring(start, i)));
                continue;
            }
            String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
            Kind kind = switch (two) {
                case "<>" -> Kind.NE;
                case "<=" -> Kind.LE;
                case ">=" -> Kind.GE;
                default -> null;
            };
            if (kind != null) {
                out.add(new Token(kind, two));
                i += 2;
                continue;
            }
            kind = switch (c) {
                case '(' -> Kind.LPAREN;
                case ')' -> Kind.RPAREN;
                case '[' -> Kind.LBRACKET;
                case ']' -> Kind.RBRACKET;
                case ',' -> Kind.COMMA;
                case '.' -> Kind.DOT;
                case '=' -> Kind.EQ;
                case '<' -> Kind.LT;
                case '>' -> Kind.GT;
                case '+' -> Kind.PLUS;
                case '-' -> Kind.MINUS;
                default -> null;
            };
            if (kind == null) {
                throw validation("Invalid " + label + ": Invalid character encountered; character: \"" + c + "\"");
            }
            out.add(new Token(kind, String.valueOf(c)));
            i++;
        }
        out.add(new Token(Kind.EOF, "<EOF>"));
        return out;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static AwsException syntax(String label, String token, String near) {
        return validation("Invalid " + label + ": Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }

    // ------------------------------------------------------------------ parser

    /** Parses one expression of a request. */
    private static final class Parser {
        private final List<Token> tokens;
        private final String label;
        private final Placeholders placeholders;
        private int at;

        Parser(String text, String label, Placeholders placeholders) {
            if (text.isBlank()) {
                throw validation("Invalid " + label + ": The expression can not be empty;");
            }
            this.tokens = tokenize(text, label);
            this.label = label;
            this.placeholders = placeholders;
        }

        private Token peek() {
            return tokens.get(at);
        }

        private Token peek(int ahead) {
            return tokens.get(Math.min(at + ahead, tokens.size() - 1));
        }

        private Token next() {
            Token t = tokens.get(at);
            if (t.kind() != Kind.EOF) {
                at++;
            }
            return t;
        }

        private AwsException unexpected() {
            Token t = peek();
            String before = at > 0 ? tokens.get(at - 1).text() + " " : "";
            String after = t.kind() == Kind.EOF ? "" : t.text();
            return syntax(label, t.text(), (before + after).strip());
        }

        private Token expect(Kind kind) {
            if (peek().kind() != kind) {
                throw unexpected();
            }
            return next();
        }

        void end() {
            if (peek().kind() != Kind.EOF) {
                throw unexpected();
            }
        }

        // condition

        Condition condition() {
            Condition left = and();
            while (peek().keyword("OR")) {
                next();
                left = new Or(left, and());
            }
            return left;
        }

        private Condition and() {
            Condition left = not();
            while (peek().keyword("AND")) {
                next();
                left = new And(left, not());
            }
            return left;
        }

        private Condition not() {
            if (peek().keyword("NOT")) {
                next();
                return new Not(not());
            }
            return primary();
        }

        private Condition primary() {
            Token t = peek();
            if (t.kind() == Kind.LPAREN) {
                next();
                Condition inner = condition();
                expect(Kind.RPAREN);
                return inner;
            }
            if (t.kind() == Kind.NAME && peek(1).kind() == Kind.LPAREN && !t.text().equals("size")) {
                return function();
            }
            Operand left = operand();
            Token op = peek();
            switch (op.kind()) {
                case EQ, NE, LT, LE, GT, GE -> {
                    next();
                    Operand right = operand();
                    return new Compare(left, op.text(), right);
                }
                default -> {
                }
            }
            if (op.keyword("BETWEEN")) {
                next();
                Operand low = operand();
                if (!peek().keyword("AND")) {
                    throw unexpected();
                }
                next();
                Operand high = operand();
                if (low instanceof ValueOperand l && high instanceof ValueOperand h && AttributeValues.ordered(l.value(),
                        h.value()) && AttributeValues.compare(l.value(), h.value()) > 0) {
                    throw validation("Invalid " + label + ": The BETWEEN operator requires upper bound to be greater "
                            + "than or equal to lower bound; lower bound operand: AttributeValue: " + brief(l.value())
                            + ", upper bound operand: AttributeValue: " + brief(h.value()));
                }
                return new Between(left, low, high);
            }
            if (op.keyword("IN")) {
                next();
                expect(Kind.LPAREN);
                List<Operand> list = new ArrayList<>();
                list.add(operand());
                while (peek().kind() == Kind.COMMA) {
                    next();
                    list.add(operand());
                }
                expect(Kind.RPAREN);
                return new In(left, list);
            }
            throw unexpected();
        }

        private Condition function() {
            String name = next().text();
            int arity = switch (name) {
                case "attribute_exists", "attribute_not_exists" -> 1;
                case "attribute_type", "begins_with", "contains" -> 2;
                case "size", "if_not_exists", "list_append" -> throw validation("Invalid " + label + ": The function is "
                        + "not allowed to be used this way in an expression; function: " + name);
                default -> throw validation("Invalid " + label + ": Invalid function name; function: " + name);
            };
            expect(Kind.LPAREN);
            List<Operand> args = new ArrayList<>();
            args.add(operand());
            while (peek().kind() == Kind.COMMA) {
                next();
                args.add(operand());
            }
            expect(Kind.RPAREN);
            if (args.size() != arity) {
                throw validation("Invalid " + label + ": Incorrect number of operands for operator or function; "
                        + "operator or function: " + name + ", number of operands: " + args.size());
            }
            if (!(args.get(0) instanceof PathOperand)) {
                throw validation("Invalid " + label + ": Operator or function requires a document path; operator or "
                        + "function: " + name);
            }
            if (args.size() == 2 && args.get(1) instanceof ValueOperand v) {
                String type = AttributeValues.type(v.value());
                boolean ok = switch (name) {
                    case "begins_with" -> type.equals("S") || type.equals("B");
                    case "attribute_type" -> type.equals("S") && AttributeValues.TYPES.contains(v.value().get("S")
                            .asText());
                    default -> true;
                };
                if (!ok) {
                    if (name.equals("attribute_type") && type.equals("S")) {
                        throw validation("Invalid " + label + ": Invalid attribute type name found; type: "
                                + v.value().get("S").asText() + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                    }
                    throw validation("Invalid " + label + ": Incorrect operand type for operator or function; "
                            + "operator or function: " + name + ", operand type: " + type);
                }
            }
            return new Function(name, args);
        }

        /** An operand of a condition: a path, a value, or {@code size(path)}. */
        Operand operand() {
            Token t = peek();
            if (t.kind() == Kind.VALUE_REF) {
                return value(next().text());
            }
            if (t.kind() == Kind.NAME && t.text().equals("size") && peek(1).kind() == Kind.LPAREN) {
                next();
                next();
                Path p = path();
                expect(Kind.RPAREN);
                return new Size(p);
            }
            if (t.kind() == Kind.NAME && peek(1).kind() == Kind.LPAREN) {
                throw validation("Invalid " + label + ": Invalid function name; function: " + t.text());
            }
            return new PathOperand(path());
        }

        private ValueOperand value(String ref) {
            JsonNode v = placeholders.values.get(ref);
            if (v == null) {
                throw validation("Invalid " + label + ": An expression attribute value used in expression is not "
                        + "defined; attribute value: " + ref);
            }
            placeholders.usedValues.add(ref);
            return new ValueOperand(ref, v);
        }

        Path path() {
            List<Object> elements = new ArrayList<>();
            elements.add(name());
            while (true) {
                if (peek().kind() == Kind.DOT) {
                    next();
                    elements.add(name());
                } else if (peek().kind() == Kind.LBRACKET) {
                    next();
                    Token digits = expect(Kind.DIGITS);
                    expect(Kind.RBRACKET);
                    elements.add(Integer.parseInt(digits.text()));
                } else {
                    return new Path(elements);
                }
            }
        }

        private String name() {
            Token t = peek();
            if (t.kind() == Kind.NAME_REF) {
                next();
                String resolved = placeholders.names.get(t.text());
                if (resolved == null) {
                    throw validation("Invalid " + label + ": An expression attribute name used in the document path is "
                            + "not defined; attribute name: " + t.text());
                }
                placeholders.usedNames.add(t.text());
                return resolved;
            }
            if (t.kind() == Kind.NAME) {
                next();
                if (ReservedWords.contains(t.text())) {
                    throw validation("Invalid " + label + ": Attribute name is a reserved keyword; reserved keyword: "
                            + t.text());
                }
                return t.text();
            }
            if (t.kind() == Kind.DIGITS) {
                throw validation("Invalid " + label + ": Syntax error; token: \"" + t.text() + "\", near: \""
                        + t.text() + "\"");
            }
            throw unexpected();
        }

        // update

        List<Action> update() {
            List<Action> actions = new ArrayList<>();
            Set<String> clauses = new LinkedHashSet<>();
            do {
                Token t = peek();
                String clause = t.kind() == Kind.NAME ? t.text().toUpperCase(Locale.ROOT) : "";
                if (!Set.of("SET", "REMOVE", "ADD", "DELETE").contains(clause)) {
                    throw unexpected();
                }
                next();
                if (!clauses.add(clause)) {
                    throw validation("Invalid " + label + ": The \"" + clause + "\" section can only be used once in an "
                            + "update expression;");
                }
                do {
                    Path p = path();
                    switch (clause) {
                        case "SET" -> {
                            expect(Kind.EQ);
                            Operand v = setValue();
                            if (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
                                char op = next().text().charAt(0);
                                v = new Arithmetic(v, op, setValue());
                            }
                            actions.add(new Action(clause, p, v));
                        }
                        case "REMOVE" -> actions.add(new Action(clause, p, null));
                        default -> {
                            Token ref = expect(Kind.VALUE_REF);
                            actions.add(new Action(clause, p, value(ref.text())));
                        }
                    }
                    if (peek().kind() != Kind.COMMA) {
                        break;
                    }
                    next();
                } while (true);
            } while (peek().kind() != Kind.EOF);
            checkOverlaps(actions);
            return actions;
        }

        private Operand setValue() {
            Token t = peek();
            if (t.kind() == Kind.NAME && peek(1).kind() == Kind.LPAREN) {
                String fn = next().text();
                next();
                Operand out;
                switch (fn) {
                    case "if_not_exists" -> {
                        Path p = path();
                        expect(Kind.COMMA);
                        out = new IfNotExists(p, setValue());
                    }
                    case "list_append" -> {
                        Operand a = setValue();
                        expect(Kind.COMMA);
                        out = new ListAppend(a, setValue());
                    }
                    case "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains",
                         "size" -> throw validation("Invalid " + label + ": The function is not allowed in an update "
                            + "expression; function: " + fn);
                    default -> throw validation("Invalid " + label + ": Invalid function name; function: " + fn);
                }
                expect(Kind.RPAREN);
                return out;
            }
            if (t.kind() == Kind.VALUE_REF) {
                return value(next().text());
            }
            return new PathOperand(path());
        }

        private void checkOverlaps(List<Action> actions) {
            for (int i = 0; i < actions.size(); i++) {
                for (int j = i + 1; j < actions.size(); j++) {
                    List<Object> a = actions.get(i).path().elements();
                    List<Object> b = actions.get(j).path().elements();
                    int n = Math.min(a.size(), b.size());
                    if (a.subList(0, n).equals(b.subList(0, n))) {
                        throw validation("Invalid " + label + ": Two document paths overlap with each other; must "
                                + "remove or rewrite one of these paths; path one: " + a + ", path two: " + b);
                    }
                }
            }
        }

        // projection

        List<Path> projection() {
            List<Path> out = new ArrayList<>();
            out.add(path());
            while (peek().kind() == Kind.COMMA) {
                next();
                out.add(path());
            }
            return out;
        }
    }

    private static String brief(JsonNode value) {
        String type = AttributeValues.type(value);
        return "{" + type + ":" + value.get(type).asText() + "}";
    }

    /** A condition expression ({@code label}: ConditionExpression, FilterExpression or KeyConditionExpression). */
    static Condition condition(String text, String label, Placeholders placeholders) {
        Parser p = new Parser(text, label, placeholders);
        Condition c = p.condition();
        p.end();
        return c;
    }

    /** An UpdateExpression's actions, in order. */
    static List<Action> update(String text, Placeholders placeholders) {
        Parser p = new Parser(text, "UpdateExpression", placeholders);
        List<Action> actions = p.update();
        p.end();
        return actions;
    }

    /** A ProjectionExpression's paths. */
    static List<Path> projection(String text, Placeholders placeholders) {
        Parser p = new Parser(text, "ProjectionExpression", placeholders);
        List<Path> paths = p.projection();
        p.end();
        return paths;
    }
}
