package dev.cairn.gui;

import dev.cairn.app.Target;

/** Opens (or reuses) the {@link Target} for a choice; called on background threads only. */
@FunctionalInterface
public interface Targets {
    Target open(TargetChoice choice);

    /**
     * The embedded Sandbox runs with {@code config} from now on: one already running is stopped
     * (its data saved) and the next {@link #open} starts it again on the same data. The caller
     * makes sure nothing uses it meanwhile. Nothing to do where there is no embedded Sandbox.
     */
    default void reconfigureSandbox(dev.cairn.sandbox.SandboxConfig config) {
    }
}
