package dev.cairn.engine;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A spec whose references have been resolved against state: for each ref name the record of
 * the resource it points at (so {@code ref("vpc").physicalId()} is the VPC's ID), and the tags
 * the resource must carry.
 */
public record ResolvedSpec(ResourceSpec spec, Map<String, ResourceRecord> refs, Map<String, String> tags) {

    public ResolvedSpec {
        Objects.requireNonNull(spec, "spec");
        refs = Collections.unmodifiableMap(new LinkedHashMap<>(refs));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public Address address() {
        return spec.address();
    }

    public String region() {
        return spec.region();
    }

    public String property(String name) {
        return spec.property(name);
    }

    /** The physical ID of the resource the named ref points at. */
    public String refId(String name) {
        ResourceRecord record = refs.get(name);
        if (record == null) {
            throw new IllegalStateException(spec.address() + " has no resolved ref '" + name + "'");
        }
        return record.physicalId();
    }

    public boolean hasRef(String name) {
        return refs.containsKey(name);
    }
}
