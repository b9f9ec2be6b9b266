package dev.cairn.sandbox.codeconnections;

import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.LinkedHashMap;

/**
 * CodeConnections' store: per account, then per region, the connections by ARN. Saved as
 * {@code codeconnections.json}; schema 1. The rules live in {@link CodeConnectionsService}.
 */
final class CodeConnectionsStore {
    static final StoreSpec<CodeConnectionsStore> SPEC =
            StoreSpec.of("codeconnections.json", CodeConnectionsStore.class, CodeConnectionsStore::new);

    /**
     * A connection to a code provider: {@link TaggedResource#id} is its ARN. It is created
     * {@code PENDING}; only the provider-side handshake (the console's "Update pending connection",
     * the Sandbox's control path {@code connections/complete}) makes it {@code AVAILABLE}.
     */
    static final class Connection extends TaggedResource {
        public String name;
        public String providerType;
        public String status;
    }

    /** One region's connections, in creation order. */
    static final class RegionState {
        public LinkedHashMap<String, Connection> connections = new LinkedHashMap<>();
    }

    /** account → region → state. */
    public LinkedHashMap<String, LinkedHashMap<String, RegionState>> accounts = new LinkedHashMap<>();

    RegionState region(String account, String region) {
        return accounts.computeIfAbsent(account, a -> new LinkedHashMap<>())
                .computeIfAbsent(region, r -> new RegionState());
    }

    /** A region's state if it exists, without creating it (reads must not change the store). */
    RegionState existing(String account, String region) {
        LinkedHashMap<String, RegionState> regions = accounts.get(account);
        return regions == null ? null : regions.get(region);
    }
}
