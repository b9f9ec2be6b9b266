package dev.cairn.plan;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One step of a plan.
 *
 * @param spec the desired spec (CREATE, UPDATE, KEEP, REPLACE) or the recorded one (DELETE)
 * @param current what state holds for this address, or null when it holds nothing
 * @param reason a short English explanation shown beside the action ("cidr 10.1.1.0/26 → …")
 * @param changed for UPDATE, the properties changed in place ({@code tags} for the user's tags); else empty
 */
public record PlannedAction(Action action, ResourceSpec spec, ResourceRecord current, String reason, Set<String> changed) {

    public PlannedAction {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(reason, "reason");
        changed = changed == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(changed));
        if ((action == Action.UPDATE) == changed.isEmpty()) {
            throw new IllegalArgumentException("an update names what it changes, and only an update: " + spec.address());
        }
    }

    public PlannedAction(Action action, ResourceSpec spec, ResourceRecord current, String reason) {
        this(action, spec, current, reason, Set.of());
    }

    public Address address() {
        return spec.address();
    }
}
