package dev.cairn.model;

import java.util.List;

/**
 * One problem with a blueprint, found before any AWS call.
 *
 * @param field the path of the offending field, like {@code network.subnets[2].cidr}; empty for
 *     a problem with the document as a whole (a YAML syntax error)
 * @param rule a stable key the GUI translates, like {@code subnet.overlap}
 * @param message an English sentence naming the field, the rule and the offending values
 * @param args the offending values, in the order a translation uses them
 */
public record FieldError(String field, String rule, String message, List<String> args) {

    public FieldError {
        args = List.copyOf(args);
    }

    public static FieldError of(String field, String rule, String message, String... args) {
        return new FieldError(field, rule, message, List.of(args));
    }

    @Override
    public String toString() {
        return rule + ": " + message;
    }
}
