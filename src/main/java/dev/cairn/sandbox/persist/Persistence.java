package dev.cairn.sandbox.persist;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.World;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the stores on disk, one file per store, and makes a change and its save one unit: a
 * request that changed state is answered only once a file holding the change is on disk, and if
 * that save fails the change is undone in memory too, so the client's retry finds nothing of the
 * failed attempt (no twin).
 *
 * <p>Saves are grouped (group commit): a request that changed state marks its stores dirty under
 * the world lock and gets a version number; after releasing the lock it waits until that version
 * is durable. The first waiter becomes the writer for everything dirty so far: it takes a snapshot
 * (the stores serialised to bytes) under the lock, then writes and forces the files without it,
 * so other requests — reads and changes — go on meanwhile. A request that read state newer than
 * what is on disk waits the same way, so no answer shows a change that a failed save then undoes.
 *
 * <p>Invariants: versions grow by one per changing request; {@code durable} only grows; a version
 * is either durable or failed, never both; the in-memory state equals the last durable image of
 * each store plus the changes of versions above {@code durable}.
 */
public final class Persistence {
    private static final System.Logger LOG = System.getLogger(Persistence.class.getName());

    /** Field-only mapping: the models' helper methods ({@code isMain}) are not properties. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A save that failed: the changes of the versions it covered are undone. */
    public static final class SaveFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SaveFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Failure(long from, long through, Exception cause) {
    }

    private final World world;
    private final Map<Class<?>, StateFile<?>> files = new LinkedHashMap<>();
    // Guarded by world.lock():
    private long version;
    /** The version the in-memory state shows: the last change, or the durable one after an undo. */
    private long visible;
    private final Set<Class<?>> dirty = new LinkedHashSet<>();
    // Guarded by monitor:
    private final Object monitor = new Object();
    private long durable;
    private boolean writing;
    private final List<Failure> failures = new ArrayList<>();
    // Only the writer of the moment (writing == true) or start-up touches these:
    private final Map<Class<?>, byte[]> durableImages = new LinkedHashMap<>();

    /**
     * Persistence of every store of a world's services in {@code dataDir}; with a null folder,
     * nothing is written and every change is "durable" at once.
     */
    public Persistence(Path dataDir, World world) {
        this.world = world;
        if (dataDir != null) {
            for (ServiceDefinition service : world.registry().all()) {
                for (StoreSpec<?> spec : service.stores()) {
                    files.put(spec.type(), new StateFile<>(dataDir, spec, MAPPER, Clock.systemUTC()));
                }
            }
        }
    }

    /**
     * Loads every store into the world. A file that cannot be read is set aside and its store
     * starts empty; a legacy file is imported, saved in the new form, then renamed.
     *
     * @return the files set aside
     */
    public List<SetAside> load() throws IOException {
        List<SetAside> setAside = new ArrayList<>();
        for (Map.Entry<Class<?>, StateFile<?>> e : files.entrySet()) {
            load(e.getKey(), e.getValue(), setAside);
        }
        return setAside;
    }

    private <T> void load(Class<?> type, StateFile<T> file, List<SetAside> setAside) throws IOException {
        StateFile.Loaded<T> loaded = file.load();
        if (loaded.setAside() != null) {
            setAside.add(loaded.setAside());
            LOG.log(System.Logger.Level.WARNING, "Sandbox state {0} could not be read ({1}); moved to {2} and "
                    + "started empty", loaded.setAside().file(), loaded.setAside().reason(), loaded.setAside().movedTo());
        }
        synchronized (world.lock()) {
            world.put(type, loaded.state());
        }
        byte[] image = file.serialize(loaded.state());
        if (loaded.importedLegacy() != null) {
            file.write(image);
            file.retireLegacy(loaded.importedLegacy());
            LOG.log(System.Logger.Level.INFO, "Sandbox state imported from {0} into {1}", loaded.importedLegacy(),
                    file.path());
        }
        durableImages.put(type, image);
    }

    /**
     * Records that a request changed (or may have changed) these stores; call under the world lock.
     *
     * @return the version the request must wait for
     */
    public long changed(Set<Class<?>> stores) {
        if (files.isEmpty()) {
            return 0;
        }
        dirty.addAll(stores);
        visible = ++version;
        return visible;
    }

    /** The version of what a reader sees now; call under the world lock (a read waits for it). */
    public long visibleVersion() {
        return visible;
    }

    /**
     * Waits until {@code v} is on disk, writing it if no one else is.
     *
     * @throws SaveFailedException when the save failed and the changes were undone
     */
    public void awaitDurable(long v) {
        while (true) {
            synchronized (monitor) {
                while (true) {
                    for (Failure f : failures) {
                        if (v >= f.from() && v <= f.through()) {
                            throw new SaveFailedException("the Sandbox could not save its state", f.cause());
                        }
                    }
                    if (v <= durable) {
                        return;
                    }
                    if (!writing) {
                        writing = true;
                        break;
                    }
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SaveFailedException("interrupted while the state was saved", e);
                    }
                }
            }
            try {
                writeBatch();
            } finally {
                synchronized (monitor) {
                    writing = false;
                    monitor.notifyAll();
                }
            }
        }
    }

    /** One group commit: snapshot under the lock, write without it, publish or undo. */
    private void writeBatch() {
        long snapshotVersion;
        Map<Class<?>, byte[]> snapshot = new LinkedHashMap<>();
        synchronized (world.lock()) {
            snapshotVersion = version;
            for (Class<?> type : dirty) {
                snapshot.put(type, serialize(type));
            }
            dirty.clear();
        }
        Map<Class<?>, byte[]> written = new LinkedHashMap<>();
        try {
            for (Map.Entry<Class<?>, byte[]> e : snapshot.entrySet()) {
                if (!Arrays.equals(e.getValue(), durableImages.get(e.getKey()))) {
                    files.get(e.getKey()).write(e.getValue());
                    written.put(e.getKey(), durableImages.put(e.getKey(), e.getValue()));
                }
            }
        } catch (IOException | RuntimeException e) {
            undo(snapshot.keySet(), written, e);
            return;
        }
        synchronized (monitor) {
            durable = Math.max(durable, snapshotVersion);
        }
    }

    /**
     * A save failed: put back the files this batch already replaced (best effort: the disk is
     * failing) and return every store of the batch, and whatever changed since, to its last
     * durable image. Every version above {@code durable} so far fails.
     */
    private void undo(Set<Class<?>> batch, Map<Class<?>, byte[]> written, Exception cause) {
        LOG.log(System.Logger.Level.ERROR, "Sandbox state could not be saved; the changes not yet saved are undone",
                cause);
        written.forEach((type, previous) -> {
            durableImages.put(type, previous);
            try {
                files.get(type).write(previous);
            } catch (IOException | RuntimeException again) {
                cause.addSuppressed(again);
            }
        });
        synchronized (world.lock()) {
            Set<Class<?>> restore = new LinkedHashSet<>(batch);
            restore.addAll(dirty);
            for (Class<?> type : restore) {
                world.put(type, files.get(type).deserialize(durableImages.get(type)));
            }
            dirty.clear();
            synchronized (monitor) {
                failures.add(new Failure(durable + 1, version, cause));
                visible = durable;
            }
        }
    }

    private byte[] serialize(Class<?> type) {
        return serialize(files.get(type));
    }

    private <T> byte[] serialize(StateFile<T> file) {
        return file.serialize(world.store(file.type()));
    }

    /** Saves whatever is dirty (at close); failures are thrown. */
    public void flush() {
        long v;
        synchronized (world.lock()) {
            v = visible;
        }
        awaitDurable(v);
    }

    /** Whether stores are written at all (a data folder is set). */
    public boolean enabled() {
        return !files.isEmpty();
    }

    /** Every store file, for tests and reports. */
    public List<Path> paths() {
        return files.values().stream().map(StateFile::path).toList();
    }
}
