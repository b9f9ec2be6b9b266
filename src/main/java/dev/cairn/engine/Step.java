package dev.cairn.engine;

import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import java.util.Objects;
import java.util.Set;

/**
 * One unit of work in a run. A plan's REPLACE becomes a DELETE of the old record and a CREATE of
 * the new spec at the same address (the engine runs the delete first); an UPDATE changes the
 * recorded resource in place.
 *
 * @param op what to do
 * @param spec the desired resource (for DELETE: the spec of the record being deleted)
 * @param current the record state holds for the address, or null when there is none
 * @param changed for UPDATE, the properties to change in place (and {@code tags}); else empty
 */
public record Step(Operation op, ResourceSpec spec, ResourceRecord current, Set<String> changed) {

    /** What a step does to its resource. */
    public enum Operation { CREATE, UPDATE, KEEP, DELETE }

    public Step {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(spec, "spec");
        changed = changed == null ? Set.of() : Set.copyOf(changed);
        if (op == Operation.UPDATE && (current == null || changed.isEmpty())) {
            throw new IllegalArgumentException("an update of " + spec.address() + " needs its record and what changed");
        }
    }

    public Step(Operation op, ResourceSpec spec, ResourceRecord current) {
        this(op, spec, current, Set.of());
    }

    public static Step create(ResourceSpec spec) {
        return new Step(Operation.CREATE, spec, null);
    }

    public static Step keep(ResourceRecord current) {
        return new Step(Operation.KEEP, current.spec(), current);
    }

    /** Changes {@code current} in place into {@code spec}. */
    public static Step update(ResourceSpec spec, ResourceRecord current, Set<String> changed) {
        return new Step(Operation.UPDATE, spec, current, changed);
    }

    public static Step delete(ResourceRecord current) {
        return new Step(Operation.DELETE, current.spec(), current);
    }
}
