package dev.cairn.sandbox;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Saves and loads the whole {@link Ec2Model.World} as one JSON file. A save writes a temporary
 * file and moves it over the old one, so a crash leaves either the old or the new state, never
 * half of one.
 */
final class StateStore {
    static final String FILE_NAME = "sandbox-state.json";

    /** Field-only mapping: the model's helper methods ({@code isMain}) are not properties. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private final Path file;

    StateStore(Path dataDir) {
        this.file = dataDir == null ? null : dataDir.resolve(FILE_NAME);
    }

    Ec2Model.World load() {
        if (file == null || !Files.exists(file)) {
            return new Ec2Model.World();
        }
        try {
            return MAPPER.readValue(file.toFile(), Ec2Model.World.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Sandbox state " + file, e);
        }
    }

    void save(Ec2Model.World world) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.deleteIfExists(tmp);
            // Owner-only from the start, like everything under Cairn's home.
            Files.createFile(tmp, posix ? new FileAttribute<?>[] {OWNER_ONLY} : new FileAttribute<?>[0]);
            MAPPER.writeValue(tmp.toFile(), world);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Sandbox state " + file, e);
        }
    }
}
