package dev.cairn.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only folders and files (POSIX 700/600) for everything under Cairn's home: the stack
 * store, the GUI's blueprints and settings, a stack's target binding. Permissions are set when a
 * file is created, never loosened and tightened afterwards, so no one else can read it even for a
 * moment. Where POSIX is missing the permissions are a no-op.
 */
public final class Permissions {
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final String TEMP_SUFFIX = ".tmp";

    private Permissions() {}

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static FileAttribute<?>[] ownerOnlyFile(Path file) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /**
     * Creates {@code dir} and any missing parents owner-only, and makes {@code dir} itself
     * owner-only if it existed (a folder an older version created 755).
     */
    public static void createOwnerOnlyDirectories(Path dir) throws IOException {
        if (posix()) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
            Files.setPosixFilePermissions(dir, DIR);
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Replaces {@code file} with {@code bytes}, owner-only and atomically: a temporary file beside
     * it is written and moved over the old one, so a reader sees the old version or the new one,
     * never half. Not forced to disk: for files the GUI rewrites on the FX thread as the user
     * types (a blueprint, the settings), where a forced write could stall a frame.
     */
    public static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        write(file, bytes, false);
    }

    /**
     * As {@link #writeOwnerOnly}, and durably: the temporary file is forced to disk before the
     * move and the folder after it, so after a crash too the file is the old version or the
     * new one, never empty or half.
     */
    public static void writeOwnerOnlyDurably(Path file, byte[] bytes) throws IOException {
        write(file, bytes, true);
    }

    private static void write(Path file, byte[] bytes, boolean durable) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        Files.deleteIfExists(temp);
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                ownerOnlyFile(temp))) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (durable) {
                channel.force(true);
            }
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        if (durable) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
    }

    /**
     * Forces a folder's entries (a file created, renamed or deleted in it) to disk; without it a
     * crash can lose a new file whose contents were forced. A no-op where the platform cannot
     * open a folder (Windows), which journals its metadata itself.
     */
    public static void syncDirectory(Path dir) throws IOException {
        if (!posix()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
