package dev.cairn.engine;

import java.util.Objects;

/**
 * What looking for a spec's resource found: {@link Ours} (it carries this stack's tags for this
 * address: adopt it), {@link Absent} (create it), or {@link Taken} (its name is held by
 * something Cairn did not create: stop, and never adopt or delete it).
 */
public sealed interface Found {

    /** A resource this stack owns for the address. */
    record Ours(LiveResource resource) implements Found {
        public Ours {
            Objects.requireNonNull(resource, "resource");
        }
    }

    /** Nothing of this stack's exists for the address. */
    record Absent() implements Found {}

    /**
     * The name the spec needs belongs to a resource Cairn did not create (no tags of this stack,
     * or another stack's or address's).
     *
     * @param what the resource in words, with its ID or ARN and who seems to own it
     */
    record Taken(String what) implements Found {
        public Taken {
            Objects.requireNonNull(what, "what");
        }
    }

    Absent ABSENT = new Absent();

    static Found ours(LiveResource resource) {
        return new Ours(resource);
    }

    static Found absent() {
        return ABSENT;
    }

    static Found taken(String what) {
        return new Taken(what);
    }

    /** Ours when present, absent otherwise: for kinds whose find cannot meet a stranger. */
    static Found ofOptional(java.util.Optional<LiveResource> found) {
        return found.<Found>map(Found::ours).orElse(ABSENT);
    }
}
