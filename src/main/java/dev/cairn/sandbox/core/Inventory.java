package dev.cairn.sandbox.core;

import java.util.List;

/**
 * What a service has that is live: the common view over every service's resources that the
 * control API and the Resource Groups Tagging API read. Called under the world lock.
 */
@FunctionalInterface
public interface Inventory {
    /**
     * The service's live resources in a stable order.
     *
     * @param world   the state to read (advanced to {@code now} as a request would)
     * @param now     the clock to compute states with
     * @param account only this account, or every account when null
     * @param region  only this region, or every region when null
     */
    List<LiveResource> live(World world, long now, String account, String region);
}
