package dev.cairn.engine;

import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import java.util.Objects;

/**
 * One unit of work in a run. A plan's REPLACE becomes a DELETE of the old record and a CREATE of
 * the new spec at the same address (the engine runs the delete first).
 *
 * @param op what to do
 * @param spec the desired resource (for DELETE: the spec of the record being deleted)
 * @param current the record state holds for the address, or null when there is none
 */
public record Step(Operation op, ResourceSpec spec, ResourceRecord current) {

    /** What a step does to its resource. */
    public enum Operation { CREATE, KEEP, DELETE }

    public Step {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(spec, "spec");
    }

    public static Step create(ResourceSpec spec) {
        return new Step(Operation.CREATE, spec, null);
    }

    public static Step keep(ResourceRecord current) {
        return new Step(Operation.KEEP, current.spec(), current);
    }

    public static Step delete(ResourceRecord current) {
        return new Step(Operation.DELETE, current.spec(), current);
    }
}
