package dev.cairn.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the user wants one resource to be: its address, kind, region, desired properties, the
 * other resources whose physical IDs it needs ({@code refs}, by property name), and any further
 * ordering dependencies. Plain data; handlers interpret the property names listed on
 * {@link ResourceKind}.
 */
public record ResourceSpec(
        Address address,
        ResourceKind kind,
        String region,
        Map<String, String> properties,
        Map<String, Address> refs,
        Set<Address> extraDependencies) {

    public ResourceSpec {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(region, "region");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        refs = Collections.unmodifiableMap(new LinkedHashMap<>(refs));
        extraDependencies = Collections.unmodifiableSet(new TreeSet<>(extraDependencies));
    }

    /** Every address this resource must wait for: its refs and its extra dependencies. */
    public Set<Address> dependencies() {
        Set<Address> all = new TreeSet<>(refs.values());
        all.addAll(extraDependencies);
        return Collections.unmodifiableSet(all);
    }

    public String property(String name) {
        return properties.get(name);
    }
}
