package dev.cairn.app;

import dev.cairn.engine.Permissions;
import dev.cairn.engine.StackStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where Cairn keeps its files: {@code ~/.cairn} ({@code $HOME} first, as AWS tools and ssh find
 * it), or the {@code cairn.home} system property (tests, portable installs); see
 * {@link StackStore#home()}, the one place that decides. Stack folders live under {@code stacks/}
 * (see {@link StackStore#defaultDir(String)}); the embedded Sandbox's data under {@code sandbox/}.
 * Everything under it is owner-only.
 */
public final class CairnHome {
    private CairnHome() {}

    public static Path root() {
        return StackStore.home();
    }

    /**
     * The embedded Sandbox's data folder, so a practice stack survives between runs; created
     * owner-only (like everything under Cairn's home) before the Sandbox writes into it.
     */
    public static Path sandboxData() {
        Path dir = root().resolve("sandbox");
        try {
            Permissions.createOwnerOnlyDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Sandbox's data folder " + dir, e);
        }
        return dir;
    }
}
