package dev.cairn.plan;

/** {@code APPLY} brings a stack to its blueprint; {@code DESTROY} removes everything it holds. */
public enum PlanKind {
    APPLY,
    DESTROY
}
