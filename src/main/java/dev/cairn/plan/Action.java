package dev.cairn.plan;

/** What a plan does to one resource. */
public enum Action {
    /** Create it (or adopt it, if an interrupted create left it behind). */
    CREATE,
    /** Change it in place: only properties its kind lets AWS change (and the user's tags); its ID stays. */
    UPDATE,
    /** It exists as wanted: nothing to do. */
    KEEP,
    /** Delete the existing resource, then create it anew from the desired spec (a change that forces a new resource). */
    REPLACE,
    /** Delete it. */
    DELETE
}
