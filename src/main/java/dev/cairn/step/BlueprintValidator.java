package dev.cairn.step;

import dev.cairn.model.Blueprint;
import dev.cairn.model.Cidr;
import dev.cairn.model.FieldError;
import dev.cairn.model.Regions;
import dev.cairn.model.StateLocation;
import dev.cairn.model.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a blueprint before any AWS call, so that bad input is named in the form or in
 * {@code plan} rather than failing halfway through an apply. Every problem is reported (not just
 * the first), each as a {@link FieldError} with a stable rule key: the rules of the blueprint as
 * a whole here, each step's in its module ({@link StepModule#validate}).
 */
public final class BlueprintValidator {

    /** The stack name prefixes ALB and target-group names later (limit 32), so keep it short. */
    public static final int MAX_STACK_NAME = 24;
    public static final int MAX_TAG_KEY = 128;
    public static final int MAX_TAG_VALUE = 256;
    /** AWS allows 50 tags per resource and Cairn puts 3 of its own on each. */
    public static final int MAX_USER_TAGS = 40;

    private static final Pattern STACK_CHARS = Pattern.compile("[a-z0-9-]*");
    private static final Set<String> RESERVED_TAG_KEYS = Set.of(Tags.STACK, Tags.ADDRESS, Tags.NAME);

    private BlueprintValidator() {}

    /** The blueprint-wide rules (stack name, region, tags), then each registered step's. */
    public static List<FieldError> validate(Blueprint blueprint) {
        List<FieldError> errors = new ArrayList<>();
        validateStackName(blueprint.name(), errors);
        validateRegion(blueprint.region(), errors);
        validateTags(blueprint.tags(), errors);
        validateState(blueprint.state(), errors);
        for (StepModule<?> step : Steps.ALL) {
            errors.addAll(step.validate(blueprint));
        }
        return List.copyOf(errors);
    }

    /**
     * What is allowed but risky, to show beside the field and confirm before an apply, from each
     * step: for now, SSH and the VPN ports opened to {@code 0.0.0.0/0} (rule {@code myIp.anywhere}).
     * Empty for a blueprint without such choices.
     */
    public static List<FieldError> warnings(Blueprint blueprint) {
        List<FieldError> warnings = new ArrayList<>();
        for (StepModule<?> step : Steps.ALL) {
            warnings.addAll(step.warnings(blueprint));
        }
        return List.copyOf(warnings);
    }

    private static void validateStackName(String name, List<FieldError> errors) {
        String f = "name";
        if (name == null || name.isEmpty()) {
            errors.add(FieldError.of(f, "stack.name", "name (the stack name) is required"));
            return;
        }
        String problem = null;
        if (name.length() > MAX_STACK_NAME) {
            problem = "is longer than " + MAX_STACK_NAME + " characters";
        } else if (!STACK_CHARS.matcher(name).matches()) {
            problem = "may hold only lowercase letters, digits and hyphens";
        } else if (!Character.isLetter(name.charAt(0))) {
            problem = "must start with a letter";
        } else if (name.endsWith("-")) {
            problem = "must not end with a hyphen";
        } else if (name.contains("--")) {
            problem = "must not contain two hyphens in a row";
        } else if (name.startsWith("aws")) {
            problem = "must not start with \"aws\" (AWS reserves that prefix)";
        }
        if (problem != null) {
            errors.add(FieldError.of(f, "stack.name", "name " + quote(name) + " " + problem, name));
        }
    }

    private static void validateRegion(String code, List<FieldError> errors) {
        if (code == null || code.isEmpty()) {
            errors.add(FieldError.of("region", "field.required", "region is required"));
        } else if (Regions.find(code).isEmpty()) {
            errors.add(FieldError.of("region", "region.unknown",
                    "region " + quote(code) + " is not an AWS commercial region Cairn knows ("
                            + String.join(", ", Regions.codes()) + ")", code));
        }
    }

    // Parsed here so a typo in the bucket's name is a field error before any call.
    private static void validateState(String state, List<FieldError> errors) {
        if (state != null) {
            StateLocation.problem(state).ifPresent(problem -> errors.add(FieldError.of("state", "state.location",
                    "state " + quote(state) + " " + problem, state, problem)));
        }
    }

    private static void validateTags(Map<String, String> tags, List<FieldError> errors) {
        if (tags.size() > MAX_USER_TAGS) {
            errors.add(FieldError.of("tags", "tag.count", "tags holds " + tags.size()
                    + " tags; at most " + MAX_USER_TAGS + " are allowed", String.valueOf(tags.size())));
        }
        tags.forEach((key, value) -> {
            String f = "tags[" + key + "]";
            if (key == null || key.isEmpty() || key.length() > MAX_TAG_KEY) {
                errors.add(FieldError.of(f, "tag.key", "tag key " + quote(key)
                        + " must be 1–" + MAX_TAG_KEY + " characters", String.valueOf(key)));
            } else if (key.toLowerCase().startsWith("aws:")) {
                errors.add(FieldError.of(f, "tag.key", "tag key " + quote(key)
                        + " must not start with \"aws:\" (AWS reserves that prefix)", key));
            } else if (RESERVED_TAG_KEYS.contains(key)) {
                errors.add(FieldError.of(f, "tag.key", "tag key " + quote(key)
                        + " is set by Cairn itself and cannot be a user tag", key));
            }
            if (value == null || value.length() > MAX_TAG_VALUE) {
                errors.add(FieldError.of(f, "tag.value", "tag " + quote(key) + " has a value "
                        + (value == null ? "that is missing" : "longer than " + MAX_TAG_VALUE + " characters"),
                        String.valueOf(key)));
            }
        });
    }

    /** The CIDR at {@code field}, or null with the problem added: missing, malformed, host bits set. */
    public static Cidr parseCidr(String field, String text, List<FieldError> errors) {
        if (text == null) {
            errors.add(FieldError.of(field, "field.required", field + " is required"));
            return null;
        }
        try {
            return Cidr.parse(text);
        } catch (Cidr.CidrFormatException e) {
            if (e.suggestion() != null) {
                errors.add(FieldError.of(field, e.rule(), field + " " + e.getMessage(), text, e.suggestion().toString()));
            } else {
                errors.add(FieldError.of(field, e.rule(), field + " " + e.getMessage(), text));
            }
            return null;
        }
    }

    /** A value in double quotes, as the messages show what the user wrote. */
    public static String quote(String s) {
        return "\"" + s + "\"";
    }
}
