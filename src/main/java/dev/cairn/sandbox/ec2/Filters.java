package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * EC2 {@code Filter.N} evaluation: values of one filter are ORed, filters are ANDed, values may
 * use the {@code *} and {@code ?} wildcards, and {@code tag:<key>}, {@code tag-key},
 * {@code tag-value} apply to every taggable resource. An unknown filter name is an
 * {@code InvalidParameterValue}, as in AWS (moto silently ignores some).
 *
 * @param <T> the resource type
 */
final class Filters<T> {
    private final Map<String, Function<T, Collection<String>>> fields;
    private final Function<T, Map<String, String>> tags;

    Filters(Map<String, Function<T, Collection<String>>> fields, Function<T, Map<String, String>> tags) {
        this.fields = fields;
        this.tags = tags;
    }

    /** These filters plus more fields (e.g. ones that need the request's clock or account). */
    Filters<T> with(Map<String, Function<T, Collection<String>>> more) {
        Map<String, Function<T, Collection<String>>> all = new java.util.HashMap<>(fields);
        all.putAll(more);
        return new Filters<>(all, tags);
    }

    /** Fails on the first unknown filter name, before any resource is looked at. */
    void validate(List<QueryParams.Filter> filters) {
        for (QueryParams.Filter f : filters) {
            boolean known = fields.containsKey(f.name())
                    || (tags != null && (f.name().startsWith("tag:") || f.name().equals("tag-key")
                    || f.name().equals("tag-value")));
            if (!known) {
                throw AwsException.invalidParameterValue("The filter '" + f.name() + "' is invalid");
            }
        }
    }

    boolean matches(T item, List<QueryParams.Filter> filters) {
        for (QueryParams.Filter f : filters) {
            if (!anyMatch(valuesOf(item, f.name()), f.values())) {
                return false;
            }
        }
        return true;
    }

    private Collection<String> valuesOf(T item, String name) {
        if (fields.containsKey(name)) {
            return fields.get(name).apply(item);
        }
        Map<String, String> t = tags.apply(item);
        if (name.startsWith("tag:")) {
            String value = t.get(name.substring(4));
            return value == null ? List.of() : List.of(value);
        }
        return name.equals("tag-key") ? t.keySet() : t.values();
    }

    private static boolean anyMatch(Collection<String> actual, List<String> wanted) {
        for (String w : wanted) {
            Pattern p = glob(w);
            for (String a : actual) {
                if (a != null && p.matcher(a).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Pattern glob(String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
