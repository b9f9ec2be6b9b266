package dev.cairn.sandbox.persist;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.file.Path;

/**
 * A Sandbox in a process of its own, for a test that kills it: {@code SandboxProcess <dataDir>
 * <timeScale>} serves the realistic profile, prints {@code ENDPOINT <url>} and runs until killed.
 */
public final class SandboxProcess {
    /** The line the parent waits for. */
    static final String READY = "ENDPOINT ";

    private SandboxProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        SandboxServer server = SandboxServer.start(SandboxConfig.realistic(Double.parseDouble(args[1]))
                .withDataDir(Path.of(args[0])));
        System.out.println(READY + server.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }
}
