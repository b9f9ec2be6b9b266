package dev.cairn.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What Cairn knows of one resource that exists (or existed) in AWS: the spec it was created
 * from, its physical ID, the attributes AWS returned, and its last known status.
 *
 * @param spec the desired resource as it was when created (properties, refs)
 * @param physicalId the ID AWS gave it ({@code vpc-…}), or a composite for untaggable kinds
 * @param attributes what AWS returned that later calls need ({@code publicIp}, …)
 */
public record ResourceRecord(
        ResourceSpec spec,
        String physicalId,
        Map<String, String> attributes,
        ItemStatus status,
        Instant updated) {

    public ResourceRecord {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes == null ? Map.of() : attributes));
    }

    public Address address() {
        return spec.address();
    }

    public ResourceKind kind() {
        return spec.kind();
    }

    public ResourceRecord withStatus(ItemStatus newStatus, Instant when) {
        return new ResourceRecord(spec, physicalId, attributes, newStatus, when);
    }
}
