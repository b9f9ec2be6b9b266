package dev.cairn.sandbox.elbv2;

import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.elbv2.ElbModel.RegionState;
import java.util.LinkedHashMap;

/**
 * Elastic Load Balancing's store: per account, per region ({@link RegionState}). Saved as
 * {@code elbv2.json}; schema 1.
 */
final class ElbStore {
    static final String FILE_NAME = "elbv2.json";
    static final StoreSpec<ElbStore> SPEC = StoreSpec.of(FILE_NAME, ElbStore.class, ElbStore::new);

    /** Account → region → state. */
    public LinkedHashMap<String, LinkedHashMap<String, RegionState>> accounts = new LinkedHashMap<>();

    RegionState region(String account, String region) {
        return accounts.computeIfAbsent(account, a -> new LinkedHashMap<>()).computeIfAbsent(region, r -> new RegionState());
    }

    /** A region's state if it exists, without creating it. */
    RegionState existing(String account, String region) {
        LinkedHashMap<String, RegionState> regions = accounts.get(account);
        return regions == null ? null : regions.get(region);
    }
}
