package dev.cairn.sandbox.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One live resource as the Sandbox lists it (control API {@code /_sandbox/resources}) and the
 * Resource Groups Tagging API finds it: where it is, what it is, its state and a copy of its tags.
 *
 * @param account 12-digit account
 * @param region  region, or {@code us-east-1} for a global service's resources
 * @param type    the service's resource type name ({@code vpc}, {@code natgateway}, …)
 * @param id      the resource's ID
 * @param arn     its ARN
 * @param state   its state now ({@code available}, {@code pending}, …)
 * @param tags    a copy of its tags, safe to read after the world lock is released
 */
public record LiveResource(String account, String region, String type, String id, Arn arn, String state,
                           Map<String, String> tags) {

    public LiveResource {
        tags = new LinkedHashMap<>(tags);
    }

    /** The map the control API renders: {@code account, region, type, id, state, tags}. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", account);
        m.put("region", region);
        m.put("type", type);
        m.put("id", id);
        m.put("state", state);
        m.put("tags", new LinkedHashMap<>(tags));
        return m;
    }
}
