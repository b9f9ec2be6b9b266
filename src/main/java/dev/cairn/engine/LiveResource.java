package dev.cairn.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A resource as AWS describes it right now.
 *
 * @param physicalId the AWS ID ({@code vpc-…}) or the composite ID of an untaggable kind
 * @param attributes values later calls or views need ({@code publicIp}, {@code networkInterfaceId}, …)
 * @param awsState AWS's own state word ({@code pending}, {@code available}, …), or empty
 */
public record LiveResource(String physicalId, Map<String, String> attributes, String awsState) {
    public LiveResource {
        Objects.requireNonNull(physicalId, "physicalId");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes == null ? Map.of() : attributes));
        awsState = awsState == null ? "" : awsState;
    }

    public static LiveResource of(String physicalId) {
        return new LiveResource(physicalId, Map.of(), "");
    }
}
