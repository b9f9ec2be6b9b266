package dev.cairn.sandbox.core;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The Sandbox's data lives under the user's Cairn home, where everything is readable by its owner
 * only (folders 700, files 600); a no-op where the file system has no POSIX permissions.
 */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {}

    /** Creates the folder and any missing parents owner-only; returns it. */
    public static Path directories(Path dir) throws IOException {
        if (POSIX) {
            return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
        }
        return Files.createDirectories(dir);
    }

    /** The attributes that create a file owner-only. */
    public static FileAttribute<?>[] file() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }
}
