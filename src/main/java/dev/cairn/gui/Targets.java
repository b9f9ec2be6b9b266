package dev.cairn.gui;

import dev.cairn.app.Target;

/** Opens (or reuses) the {@link Target} for a choice; called on background threads only. */
@FunctionalInterface
public interface Targets {
    Target open(TargetChoice choice);
}
