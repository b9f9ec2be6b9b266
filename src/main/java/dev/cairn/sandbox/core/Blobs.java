package dev.cairn.sandbox.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Large bodies (S3 objects) as files beside the stores, so the JSON state holds only a blob's ID.
 * A blob is written and forced to disk before the state that names it is saved: after a crash a
 * saved state never names a missing blob (at worst a blob is left that nothing names).
 *
 * <p>Without a data folder the files live in a temporary folder deleted on {@link #close()}.
 */
public final class Blobs implements AutoCloseable {
    private final Path dataDir;
    /** The folder of the blobs; for a temporary one, made on first use (most Sandboxes never need it). */
    private Path root;

    private Blobs(Path dataDir) {
        this.dataDir = dataDir;
        this.root = dataDir == null ? null : dataDir.resolve("blobs");
    }

    /** Blobs under {@code dataDir/blobs}, or in a temporary folder when {@code dataDir} is null. */
    public static Blobs under(Path dataDir) {
        return new Blobs(dataDir);
    }

    private synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("sandbox-blobs-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder for the Sandbox's blobs", e);
            }
        }
        return root;
    }

    /** Where spooled request bodies are written, on the same file system so a blob is a rename. */
    public Path spoolDir() {
        return root().resolve("incoming");
    }

    /** Takes a request body as a new blob of a service; returns its ID. */
    public String put(String service, RequestBody body) throws IOException {
        String id = UUID.randomUUID().toString();
        Path target = path(service, id);
        body.moveTo(target);
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Durable.forceDirectory(target.getParent());
        return id;
    }

    /**
     * Writes a new blob from a stream (a multipart object put together from its parts, a copy);
     * forced to disk before the ID is returned, as {@link #put} does.
     */
    public String write(String service, InputStream in) throws IOException {
        String id = UUID.randomUUID().toString();
        Path target = path(service, id);
        OwnerOnly.directories(target.getParent());
        Files.createFile(target, OwnerOnly.file());
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            in.transferTo(out);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        Durable.forceDirectory(target.getParent());
        return id;
    }

    /**
     * Whether blobs outlive the server (a data folder). Then a blob that a change stops naming
     * may only go once that change is saved, since a failed save brings the old state back.
     */
    public boolean persistent() {
        return dataDir != null;
    }

    /** The IDs of a service's blob files, for a sweep of those no state names any more. */
    public synchronized java.util.List<String> list(String service) throws IOException {
        Path dir = root().resolve(service);
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f-]{36}")).toList();
        }
    }

    /** The file of a blob (it may not exist if the ID is unknown). */
    public Path path(String service, String id) {
        if (!id.matches("[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("not a blob ID: " + id);
        }
        return root().resolve(service).resolve(id);
    }

    /** Deletes a blob; an unknown one is ignored. */
    public void delete(String service, String id) throws IOException {
        Files.deleteIfExists(path(service, id));
    }

    /** Deletes every blob (the Sandbox's reset). */
    public synchronized void clear() throws IOException {
        if (root != null && Files.isDirectory(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(root)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (dataDir == null && root != null) {
            try {
                clear();
                Files.deleteIfExists(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
