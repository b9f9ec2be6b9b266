package dev.cairn.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NetworkSection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user wants their stack to be, one section per wizard step: Network, and the optional
 * Access step (absent means the step is not planned). Later steps ({@code web}, {@code storage},
 * {@code pipeline}) add one optional component each, so a blueprint written today stays readable.
 *
 * @param name the stack name: prefixes every resource's {@code Name} tag and the state folder
 * @param region the AWS region code, e.g. {@code ap-northeast-2}
 * @param access the Access step, or null when the stack has none
 * @param tags the user's own tags, added to every taggable resource (insertion order kept)
 */
@JsonPropertyOrder({"name", "region", "tags", "network", "access"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Blueprint(String name, String region, NetworkSection network, AccessSection access,
        Map<String, String> tags) {

    public Blueprint {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** A blueprint without the Access step (what the Network-only wizard builds). */
    public Blueprint(String name, String region, NetworkSection network, Map<String, String> tags) {
        this(name, region, network, null, tags);
    }

    public Blueprint withNetwork(NetworkSection newNetwork) {
        return new Blueprint(name, region, newNetwork, access, tags);
    }

    public Blueprint withAccess(AccessSection newAccess) {
        return new Blueprint(name, region, network, newAccess, tags);
    }

    /** Every region the blueprint builds in: its own, and the peer region when peering is on. */
    public java.util.Set<String> regions() {
        java.util.Set<String> regions = new java.util.TreeSet<>();
        if (region != null) {
            regions.add(region);
        }
        if (access != null && access.peeringOn() && access.peering().region() != null) {
            regions.add(access.peering().region());
        }
        return regions;
    }
}
