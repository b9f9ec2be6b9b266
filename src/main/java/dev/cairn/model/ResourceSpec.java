package dev.cairn.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the user wants one resource to be: its address, kind, region, desired properties, the
 * other resources whose physical IDs it needs ({@code refs}, by property name), any further
 * ordering dependencies, and the user's own tags. Plain data; handlers interpret the property
 * names listed on the kind's definition.
 *
 * @param tags the user's tags (the blueprint's {@code tags}) for a taggable kind, empty for an
 *     untaggable one; Cairn's own tags ({@link Tags}) are added when the resource is built
 */
public record ResourceSpec(
        Address address,
        ResourceKind kind,
        String region,
        Props props,
        Map<String, Address> refs,
        Set<Address> extraDependencies,
        Map<String, String> tags) {

    public ResourceSpec {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(region, "region");
        props = props == null ? Props.empty() : props;
        refs = Collections.unmodifiableMap(new LinkedHashMap<>(refs));
        extraDependencies = Collections.unmodifiableSet(new TreeSet<>(extraDependencies));
        tags = tags == null || !kind.taggable() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** A spec with string properties and no user tags (what the first two steps plan). */
    public ResourceSpec(Address address, ResourceKind kind, String region, Map<String, String> properties,
            Map<String, Address> refs, Set<Address> extraDependencies) {
        this(address, kind, region, Props.of(properties), refs, extraDependencies, Map.of());
    }

    /** Every address this resource must wait for: its refs and its extra dependencies. */
    public Set<Address> dependencies() {
        Set<Address> all = new TreeSet<>(refs.values());
        all.addAll(extraDependencies);
        return Collections.unmodifiableSet(all);
    }

    /** A property as text ({@link Props#text}), or null when the spec has none. */
    public String property(String name) {
        return props.text(name);
    }

    /**
     * Every property as text ({@link Props#text}): what people read in a plan, and what the
     * string-valued kinds of the first steps use.
     */
    public Map<String, String> properties() {
        Map<String, String> text = new LinkedHashMap<>();
        props.names().forEach(n -> text.put(n, props.text(n)));
        return Collections.unmodifiableMap(text);
    }

    /** The same spec carrying the user's tags (ignored for an untaggable kind). */
    public ResourceSpec withTags(Map<String, String> userTags) {
        return new ResourceSpec(address, kind, region, props, refs, extraDependencies, userTags);
    }
}
