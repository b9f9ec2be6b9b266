package dev.cairn.plan;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import java.util.Objects;

/**
 * One step of a plan.
 *
 * @param spec the desired spec (CREATE, KEEP, REPLACE) or the recorded one (DELETE)
 * @param current what state holds for this address, or null when it holds nothing
 * @param reason a short English explanation shown beside the action ("cidr 10.1.1.0/26 → …")
 */
public record PlannedAction(Action action, ResourceSpec spec, ResourceRecord current, String reason) {

    public PlannedAction {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(reason, "reason");
    }

    public Address address() {
        return spec.address();
    }
}
