package dev.cairn.plan;

/** What a plan does to one resource. */
public enum Action {
    /** Create it (or adopt it, if an interrupted create left it behind). */
    CREATE,
    /** It exists as wanted: nothing to do. */
    KEEP,
    /** Delete the existing resource, then create it anew from the desired spec. */
    REPLACE,
    /** Delete it. */
    DELETE
}
