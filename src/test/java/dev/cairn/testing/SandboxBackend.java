package dev.cairn.testing;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.net.URI;

/**
 * Cairn's own Sandbox, started once per JVM on the instant profile and stopped by a shutdown
 * hook. It follows AWS's dependency rules and state transitions, so AWS-only assertions run here.
 */
public final class SandboxBackend implements AwsBackend {

    private static final SandboxBackend INSTANCE = new SandboxBackend();

    private SandboxServer server;

    private SandboxBackend() {}

    public static SandboxBackend instance() {
        return INSTANCE;
    }

    /** The running server (started on first use), for assertions on {@code resources()}. */
    public synchronized SandboxServer server() {
        if (server == null) {
            SandboxServer started = SandboxServer.start(SandboxConfig.instant());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "sandbox-backend-shutdown"));
            server = started;
        }
        return server;
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public URI endpoint() {
        return server().endpoint();
    }

    @Override
    public void reset() {
        server().reset();
    }

    @Override
    public boolean followsAwsDependencyRules() {
        return true;
    }

    @Override
    public boolean serves(String signingName) {
        return server().serves(signingName);
    }

    @Override
    public String toString() {
        return name();
    }
}
