package dev.cairn.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user wants their stack to be, one section per wizard step. Only the Network section
 * exists so far; later steps ({@code access}, {@code web}, {@code storage}, {@code pipeline}) add
 * one optional component each, so a blueprint written today stays readable.
 *
 * @param name the stack name: prefixes every resource's {@code Name} tag and the state folder
 * @param region the AWS region code, e.g. {@code ap-northeast-2}
 * @param tags the user's own tags, added to every taggable resource (insertion order kept)
 */
@JsonPropertyOrder({"name", "region", "tags", "network"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Blueprint(String name, String region, NetworkSection network, Map<String, String> tags) {

    public Blueprint {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public Blueprint withNetwork(NetworkSection newNetwork) {
        return new Blueprint(name, region, newNetwork, tags);
    }
}
