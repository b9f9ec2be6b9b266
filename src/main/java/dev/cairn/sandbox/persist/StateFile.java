package dev.cairn.sandbox.persist;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.core.Durable;
import dev.cairn.sandbox.core.StoreSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One store's file: {@code {"schemaVersion": N, "state": {…}}}. A write goes to a temporary file
 * that is forced to disk, then renamed over the old one, and the folder is forced: a crash at any
 * moment leaves the old file or the new one, never a mix. A file that cannot be read is renamed
 * aside ({@code ec2.json.unreadable-20261125T101500Z}) and reported.
 *
 * @param <T> the store's root class
 */
final class StateFile<T> {
    static final String TMP_SUFFIX = ".tmp";
    static final String UNREADABLE_SUFFIX = ".unreadable-";
    static final String IMPORTED_SUFFIX = ".imported";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final StoreSpec<T> spec;
    private final ObjectMapper mapper;
    private final Clock clock;

    StateFile(Path dir, StoreSpec<T> spec, ObjectMapper mapper, Clock clock) {
        this.dir = dir;
        this.spec = spec;
        this.mapper = mapper;
        this.clock = clock;
    }

    Class<T> type() {
        return spec.type();
    }

    Path path() {
        return dir.resolve(spec.fileName());
    }

    Path tmpPath() {
        return dir.resolve(spec.fileName() + TMP_SUFFIX);
    }

    /** What loading found: the state, whether it came from a legacy file, and a file set aside (or null). */
    record Loaded<T>(T state, Path importedLegacy, SetAside setAside) {
    }

    /** Reads the store's file (or its legacy file); never throws for a bad file. */
    Loaded<T> load() throws IOException {
        Files.deleteIfExists(tmpPath());
        Path file = path();
        Path legacy = spec.legacyFile() == null ? null : dir.resolve(spec.legacyFile());
        boolean fromLegacy = !Files.exists(file) && legacy != null && Files.exists(legacy);
        Path source = fromLegacy ? legacy : file;
        if (!Files.exists(source)) {
            return new Loaded<>(spec.empty().get(), null, null);
        }
        try {
            JsonNode doc = mapper.readTree(Files.readAllBytes(source));
            if (doc == null || !doc.isObject()) {
                throw new IOException("not a JSON object");
            }
            int version;
            JsonNode state;
            if (fromLegacy) {
                version = 0;
                state = doc;
            } else {
                JsonNode v = doc.get("schemaVersion");
                if (v == null || !v.canConvertToInt()) {
                    throw new IOException("no schemaVersion");
                }
                version = v.intValue();
                state = doc.get("state");
                if (version > spec.schemaVersion()) {
                    throw new IOException("written by a newer Cairn (schema " + version + ", this one reads up to "
                            + spec.schemaVersion() + ")");
                }
                if (version < 1 || state == null || !state.isObject()) {
                    throw new IOException("no state of schema " + version);
                }
            }
            for (int v = version; v < spec.schemaVersion(); v++) {
                state = spec.upgrades().get(v).apply(state);
            }
            return new Loaded<>(mapper.treeToValue(state, spec.type()), fromLegacy ? legacy : null, null);
        } catch (IOException | RuntimeException e) {
            return new Loaded<>(spec.empty().get(), null, setAside(source, e));
        }
    }

    private SetAside setAside(Path source, Exception why) throws IOException {
        String stamp = STAMP.format(clock.instant());
        Path target = source.resolveSibling(source.getFileName() + UNREADABLE_SUFFIX + stamp);
        for (int n = 2; Files.exists(target); n++) {
            target = source.resolveSibling(source.getFileName() + UNREADABLE_SUFFIX + stamp + "-" + n);
        }
        Files.move(source, target);
        Durable.forceDirectory(dir);
        String reason = why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
        return new SetAside(source, target, reason.lines().findFirst().orElse(reason));
    }

    /** A state as the bytes of its file (the envelope with the current schema version). */
    byte[] serialize(T state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", spec.schemaVersion());
            g.writeFieldName("state");
            mapper.writeValue(g, state);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the " + spec.fileName() + " state", e);
        }
        return out.toByteArray();
    }

    /** The state in bytes {@link #serialize} made (a rollback reads its last durable image this way). */
    T deserialize(byte[] bytes) {
        try {
            return mapper.treeToValue(mapper.readTree(bytes).get("state"), spec.type());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the " + spec.fileName() + " state", e);
        }
    }

    /** Writes the bytes atomically and durably (temporary file, force, rename, force the folder). */
    void write(byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Path tmp = tmpPath();
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = Channels.newOutputStream(channel)) {
            out.write(bytes);
            channel.force(true);
        }
        try {
            Files.move(tmp, path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path(), StandardCopyOption.REPLACE_EXISTING);
        }
        Durable.forceDirectory(dir);
    }

    /** After a legacy file was imported and saved in this store's own file: keep it, renamed. */
    void retireLegacy(Path legacy) throws IOException {
        Files.move(legacy, legacy.resolveSibling(legacy.getFileName() + IMPORTED_SUFFIX),
                StandardCopyOption.REPLACE_EXISTING);
        Durable.forceDirectory(dir);
    }
}
