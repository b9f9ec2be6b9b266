package dev.cairn.model;

import java.util.Set;

/**
 * One wizard step's part of a {@link Blueprint}: a record the step's module reads from and writes
 * to YAML under its {@link SectionKey}. The model knows no step by name; the step modules
 * ({@code dev.cairn.step}) define the sections and say what each means.
 */
public interface Section {

    /**
     * The regions this section builds in besides the blueprint's own, so that a teardown and
     * its tag scan visit them too: the peer region of a peering, say. None by default.
     */
    default Set<String> otherRegions() {
        return Set.of();
    }
}
