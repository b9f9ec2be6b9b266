package dev.cairn.gui.topology;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the details card shows of one resource beyond the diagram itself (which gives its kind,
 * label and live status).
 *
 * @param region where it lives (for the console link)
 * @param physicalId the ID AWS gave it, or empty while it does not exist
 * @param cidr the CIDR block of a VPC or subnet, or empty
 * @param publicIp an Elastic IP's address once allocated, or empty
 * @param tags the tags it carries (or will carry once created), in display order
 */
public record ResourceDetails(String region, String physicalId, String cidr, String publicIp, Map<String, String> tags) {

    public ResourceDetails {
        Objects.requireNonNull(region, "region");
        physicalId = physicalId == null ? "" : physicalId;
        cidr = cidr == null ? "" : cidr;
        publicIp = publicIp == null ? "" : publicIp;
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }

    /**
     * A provider for {@link DiagramView#setDetailsProvider}: details from the desired specs and the
     * stack's state (a recorded resource the plan no longer wants still has details). Tags are
     * those Cairn puts on a taggable resource.
     */
    public static Function<Address, Optional<ResourceDetails>> provider(String stack, List<ResourceSpec> desired,
            StackState state, Map<String, String> userTags) {
        Map<Address, ResourceSpec> specs = new HashMap<>();
        for (ResourceSpec s : desired) {
            specs.put(s.address(), s);
        }
        Map<String, String> user = Map.copyOf(userTags);
        return address -> {
            ResourceRecord record = state.resources().get(address);
            ResourceSpec spec = specs.containsKey(address) ? specs.get(address) : record == null ? null : record.spec();
            if (spec == null) {
                return Optional.empty();
            }
            String cidr = spec.property("cidr");
            return Optional.of(new ResourceDetails(spec.region(), record == null ? "" : record.physicalId(),
                    cidr, record == null ? "" : record.attributes().get("publicIp"),
                    spec.kind().taggable() ? Tags.forResource(stack, address, user) : Map.of()));
        };
    }
}
