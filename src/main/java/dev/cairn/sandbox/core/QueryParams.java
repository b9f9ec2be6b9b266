package dev.cairn.sandbox.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a query-protocol request (EC2 query, awsQuery), with the flattened list
 * conventions AWS uses: {@code VpcId.1}, {@code Filter.1.Name}, {@code Filter.1.Value.1}.
 */
public final class QueryParams {
    /** A {@code Filter.N} entry: a name and its values (OR within, AND across filters). */
    public record Filter(String name, List<String> values) {
    }

    /** A {@code TagSpecification.N} entry. */
    public record TagSpec(String resourceType, Map<String, String> tags) {
    }

    private final Map<String, String> values;

    /** Parameters from decoded name/value pairs. */
    public QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** Decodes an {@code application/x-www-form-urlencoded} body or query string. */
    public static QueryParams parse(String form) {
        Map<String, String> map = new LinkedHashMap<>();
        if (form != null && !form.isEmpty()) {
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                map.put(key, value);
            }
        }
        return new QueryParams(map);
    }

    /** The form parameters of a request: the body's, then the query string's for names the body lacks. */
    public static QueryParams ofForm(HttpRequest http) {
        return parse(http.bodyText()).merge(parse(http.rawQuery()));
    }

    /** These parameters, plus those of {@code other} that these do not have. */
    public QueryParams merge(QueryParams other) {
        Map<String, String> map = new LinkedHashMap<>(other.values);
        map.putAll(values);
        return new QueryParams(map);
    }

    /** The value, or null when absent. */
    public String get(String name) {
        return values.get(name);
    }

    /** The value; {@code MissingParameter} when absent or empty. */
    public String required(String name) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            throw AwsException.missingParameter(name);
        }
        return v;
    }

    /** A boolean parameter; null when absent. */
    public Boolean bool(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.valueOf(v);
        }
        throw AwsException.invalidParameterValue("Invalid value '" + v + "' for " + name + ". It must be true or false.");
    }

    /** An integer parameter; null when absent, {@code InvalidParameterValue} when not a number. */
    public Integer integer(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw AwsException.invalidParameterValue("Invalid value '" + v + "' for " + name + ".");
        }
    }

    /** The values of {@code prefix.1}, {@code prefix.2}, … in order, stopping at the first gap. */
    public List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; values.containsKey(prefix + "." + i); i++) {
            out.add(values.get(prefix + "." + i));
        }
        return out;
    }

    /** The {@code Filter.N.Name}/{@code Filter.N.Value.M} entries in order. */
    public List<Filter> filters() {
        List<Filter> out = new ArrayList<>();
        for (int i = 1; values.containsKey("Filter." + i + ".Name"); i++) {
            out.add(new Filter(values.get("Filter." + i + ".Name"), list("Filter." + i + ".Value")));
        }
        return out;
    }

    /** {@code prefix.N.Key}/{@code prefix.N.Value} pairs; a missing value is the empty string. */
    public Map<String, String> tags(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; values.containsKey(prefix + "." + i + ".Key"); i++) {
            String value = values.get(prefix + "." + i + ".Value");
            out.put(values.get(prefix + "." + i + ".Key"), value == null ? "" : value);
        }
        return out;
    }

    /** The {@code TagSpecification.N} entries in order. */
    public List<TagSpec> tagSpecs() {
        List<TagSpec> out = new ArrayList<>();
        for (int i = 1; values.containsKey("TagSpecification." + i + ".ResourceType"); i++) {
            out.add(new TagSpec(values.get("TagSpecification." + i + ".ResourceType"),
                    tags("TagSpecification." + i + ".Tag")));
        }
        return out;
    }
}
