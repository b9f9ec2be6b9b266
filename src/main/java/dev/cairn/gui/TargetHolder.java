package dev.cairn.gui;

import dev.cairn.app.Target;
import dev.cairn.sandbox.SandboxConfig;
import java.nio.file.Path;

/**
 * Keeps at most one {@link Target} open: the embedded Sandbox (persisting to {@code sandboxData})
 * or the SDK clients of one profile. Switching choice closes the old one; so does a new Sandbox
 * configuration (its pace), which the next open starts with on the same data. Thread-safe.
 */
public final class TargetHolder implements Targets, AutoCloseable {

    private final Path sandboxData;
    private SandboxConfig sandbox;
    private TargetChoice openChoice;
    private Target open;

    public TargetHolder(Path sandboxData, SandboxConfig sandbox) {
        this.sandboxData = sandboxData;
        this.sandbox = sandbox;
    }

    @Override
    public synchronized Target open(TargetChoice choice) {
        if (open != null && choice.equals(openChoice)) {
            return open;
        }
        close();
        open = choice.isSandbox() ? Target.embeddedSandbox(sandboxData, sandbox) : Target.aws(choice.profileName());
        openChoice = choice;
        return open;
    }

    @Override
    public synchronized void reconfigureSandbox(SandboxConfig config) {
        if (config.equals(sandbox)) {
            return;
        }
        sandbox = config;
        if (open != null && openChoice.isSandbox()) {
            close();
        }
    }

    /** The configuration the embedded Sandbox starts with. */
    public synchronized SandboxConfig sandboxConfig() {
        return sandbox;
    }

    @Override
    public synchronized void close() {
        if (open != null) {
            open.close();
            open = null;
            openChoice = null;
        }
    }
}
