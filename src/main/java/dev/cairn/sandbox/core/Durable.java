package dev.cairn.sandbox.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Forcing file-system changes to disk, where the platform allows it. */
public final class Durable {
    private Durable() {
    }

    /**
     * Forces a folder's entries (a rename, a new file) to disk. Linux needs this for a rename to
     * survive a power cut; Windows cannot open a folder this way, and there it is skipped.
     */
    public static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported on this platform: the rename is still atomic, only not yet forced.
        }
    }
}
