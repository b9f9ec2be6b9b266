package dev.cairn.engine;

import dev.cairn.model.Address;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did.
 *
 * @param created addresses created by this run
 * @param adopted addresses found already existing (tagged) and recorded instead of created
 * @param updated addresses changed in place (their IDs kept)
 * @param kept addresses left as they were (or only waited for)
 * @param deleted addresses deleted
 * @param failed address → AWS's (or the engine's) message, for the root-cause failures only
 * @param skipped address → the failed address upstream that kept it from running
 * @param remaining what the final tag scan still found (teardown only; empty for apply)
 * @param cancelled whether the run was cancelled before it finished
 * @param wallSeconds elapsed time of the whole run
 * @param criticalPathSeconds the longest dependency chain by measured per-node durations
 * @param apiCalls AWS calls made during the run, as the counter in {@link EngineOptions} saw them
 * @param durations per node ({@code "create network.vpc"}) its measured duration
 * @param callsByKind the run's AWS calls by kind and phase ({@code "NAT_GATEWAY ready"},
 *     see {@link CallSite}); {@link CallSite#OTHER} for calls outside any handler call. Empty
 *     when the counter does not attribute
 */
public record RunResult(
        List<Address> created,
        List<Address> adopted,
        List<Address> updated,
        List<Address> kept,
        List<Address> deleted,
        Map<Address, String> failed,
        Map<Address, Address> skipped,
        List<TagScanner.TaggedResource> remaining,
        boolean cancelled,
        double wallSeconds,
        double criticalPathSeconds,
        long apiCalls,
        Map<String, Duration> durations,
        Map<String, Long> callsByKind) {

    public RunResult {
        created = List.copyOf(created);
        adopted = List.copyOf(adopted);
        updated = List.copyOf(updated);
        kept = List.copyOf(kept);
        deleted = List.copyOf(deleted);
        failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
        remaining = List.copyOf(remaining);
        durations = Collections.unmodifiableMap(new LinkedHashMap<>(durations));
        callsByKind = Collections.unmodifiableMap(new java.util.TreeMap<>(callsByKind));
    }

    /** True when nothing failed or was skipped, the run was not cancelled and nothing remains. */
    public boolean succeeded() {
        return failed.isEmpty() && skipped.isEmpty() && !cancelled && remaining.isEmpty();
    }
}
