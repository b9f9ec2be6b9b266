package dev.cairn.sandbox.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/**
 * A request body: in memory while small, spooled to a temporary file past
 * {@link #IN_MEMORY_BYTES}, so an object upload never has to fit in the heap. The server reads it
 * whole before dispatch (with the service's size limit) and deletes the spool file after the
 * answer, unless a service has taken it with {@link #moveTo}.
 */
public final class RequestBody implements AutoCloseable {
    /** Bodies up to this size stay in memory (every query and JSON call is far smaller). */
    public static final int IN_MEMORY_BYTES = 1024 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final byte[] bytes;
    private Path file;
    private final long length;

    private RequestBody(byte[] bytes, Path file, long length) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
    }

    /** A body held in memory. */
    public static RequestBody of(byte[] bytes) {
        return new RequestBody(bytes, null, bytes.length);
    }

    /** An empty body. */
    public static RequestBody empty() {
        return of(new byte[0]);
    }

    /** Thrown by {@link #read} when the body is longer than the limit; nothing is kept. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("request body longer than " + limit + " bytes");
        }
    }

    /**
     * Reads a whole stream: into memory up to {@link #IN_MEMORY_BYTES}, then into a file in the
     * folder {@code spoolDir} gives (asked only then). Past {@code limit} bytes it stops and
     * throws, never returning a body cut short.
     */
    public static RequestBody read(InputStream in, long limit, Supplier<Path> spoolDir) throws IOException {
        byte[] head = in.readNBytes(IN_MEMORY_BYTES);
        if (head.length > limit) {
            throw new TooLargeException(limit);
        }
        int next = head.length < IN_MEMORY_BYTES ? -1 : in.read();
        if (next < 0) {
            return of(head);
        }
        Path dir = Files.createDirectories(spoolDir.get());
        Path spool = Files.createTempFile(dir, "body-", ".part");
        long total = head.length + 1L;
        try (OutputStream out = Files.newOutputStream(spool)) {
            out.write(head);
            out.write(next);
            byte[] buffer = new byte[BUFFER];
            for (int n; total <= limit && (n = in.read(buffer)) > 0; ) {
                total += n;
                out.write(buffer, 0, n);
            }
            if (total > limit) {
                throw new TooLargeException(limit);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
        return new RequestBody(null, spool, total);
    }

    /** The body's length in bytes. */
    public long length() {
        return length;
    }

    /** Whether the body was spooled to a file (it is larger than {@link #IN_MEMORY_BYTES}). */
    public boolean spooled() {
        return file != null;
    }

    /**
     * The whole body in memory. A spooled body is read from its file (its size is within the
     * service's limit); an object upload should be streamed with {@link #open()} or taken with
     * {@link #moveTo} instead.
     */
    public byte[] bytes() {
        if (bytes != null) {
            return bytes;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream over the whole body. */
    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    /**
     * Puts the body into {@code target} (a rename for a spooled body, a write otherwise); the
     * body no longer owns a spool file afterwards.
     */
    public void moveTo(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        if (file != null) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            file = null;
        } else {
            Files.write(target, bytes);
        }
    }

    /** Deletes the spool file, if any is still owned. */
    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            file = null;
        }
    }
}
