package dev.cairn.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of what exists for one stack, keyed by address. Only the engine writes it (it is
 * rebuilt from the journal); planners and views read it.
 *
 * @param pending addresses whose last journal record is an intent with no outcome: a mutating
 *     call may or may not have happened, so the next run must find the resource before acting
 */
public record StackState(String stack, Map<Address, ResourceRecord> resources, Map<Address, PendingIntent> pending) {

    public StackState {
        Objects.requireNonNull(stack, "stack");
        resources = Collections.unmodifiableMap(new TreeMap<>(resources));
        pending = Collections.unmodifiableMap(new TreeMap<>(pending));
    }

    public static StackState empty(String stack) {
        return new StackState(stack, Map.of(), Map.of());
    }

    public Optional<ResourceRecord> get(Address address) {
        return Optional.ofNullable(resources.get(address));
    }

    public boolean isEmpty() {
        return resources.isEmpty() && pending.isEmpty();
    }

    /**
     * An intent journaled before a mutating call whose outcome never reached the journal.
     *
     * @param operation {@code create} or {@code delete}
     * @param spec the resource the call was about
     * @param clientToken the idempotency token sent with the call (create), if any
     * @param physicalId the resource's ID when known (delete)
     */
    public record PendingIntent(String operation, ResourceSpec spec, String clientToken, String physicalId) {}
}
