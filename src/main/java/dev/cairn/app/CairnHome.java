package dev.cairn.app;

import dev.cairn.engine.StackStore;
import java.nio.file.Path;

/**
 * Where Cairn keeps its files: {@code ~/.cairn}, or the {@code cairn.home} system property
 * (tests, portable installs). Stack folders live under {@code stacks/} (see
 * {@link StackStore#defaultDir(String)}); the embedded Sandbox's data under {@code sandbox/}.
 */
public final class CairnHome {
    private CairnHome() {}

    public static Path root() {
        return StackStore.home();
    }

    /** The embedded Sandbox's data folder, so a practice stack survives between runs. */
    public static Path sandboxData() {
        return root().resolve("sandbox");
    }
}
