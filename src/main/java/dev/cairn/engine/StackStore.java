package dev.cairn.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.UserHome;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stack's folder on disk: {@code journal.jsonl} (the truth), {@code state.json} (a snapshot
 * rebuilt from the journal for people and other tools, replaced atomically) and {@code lock}
 * (held for as long as the store is open, so two runs on one stack fail fast). The folder and
 * files are readable by the owner only where the file system is POSIX.
 *
 * <p>Thread-safe: appends and the in-memory state are guarded by this object.
 */
public final class StackStore implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(StackStore.class);

    /** System property that replaces {@code ~/.cairn} (tests point it at a temporary folder). */
    public static final String HOME_PROPERTY = "cairn.home";
    public static final String JOURNAL_FILE = "journal.jsonl";
    public static final String STATE_FILE = "state.json";
    public static final String LOCK_FILE = "lock";

    private final String stack;
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Journal journal;
    private final ObjectMapper mapper;
    private StackState state;

    private StackStore(String stack, Path dir, FileChannel lockChannel, FileLock lock, Journal journal, ObjectMapper mapper) {
        this.stack = stack;
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.journal = journal;
        this.mapper = mapper;
        StackState rebuilt = StackState.empty(stack);
        for (JournalEntry e : journal.entries()) {
            rebuilt = reduce(rebuilt, e);
        }
        this.state = rebuilt;
    }

    /** The folder under Cairn's home that holds one folder per stack. */
    public static final String STACKS_DIR = "stacks";

    /**
     * Cairn's home: the {@value #HOME_PROPERTY} system property when set, else {@code .cairn} in
     * the user's home as {@link UserHome} finds it ({@code $HOME} first, as AWS tools and ssh do).
     */
    public static Path home() {
        String home = System.getProperty(HOME_PROPERTY);
        return home != null ? Path.of(home) : UserHome.dir().resolve(".cairn");
    }

    /** {@code <home>/stacks/<stack>/}. */
    public static Path defaultDir(String stack) {
        return home().resolve(STACKS_DIR).resolve(stack);
    }

    /** Opens the store of {@code stack} in its default folder. */
    public static StackStore open(String stack) throws IOException {
        return open(defaultDir(stack));
    }

    /**
     * Opens (creating if needed) a stack folder, takes its lock and rebuilds the state from the
     * journal. The stack's name is the folder's name.
     *
     * @throws StackLockedException when another run holds the stack
     */
    public static StackStore open(Path dir) throws IOException {
        return open(dir, Clock.systemUTC());
    }

    /** As {@link #open(Path)}, with the clock that stamps journal entries. */
    public static StackStore open(Path dir, Clock clock) throws IOException {
        return open(dir, dir.toAbsolutePath().getFileName().toString(), clock);
    }

    /**
     * Opens the store of {@code stack} in any folder ({@code --state-dir}): the stack's name
     * comes from the blueprint, not from the folder.
     */
    public static StackStore open(Path dir, String stack, Clock clock) throws IOException {
        Path absolute = dir.toAbsolutePath();
        boolean created = !Files.isDirectory(absolute);
        Permissions.createOwnerOnlyDirectories(absolute);
        if (created && absolute.getParent() != null) {
            // A new stack's folder must survive a crash along with the journal created in it.
            Permissions.syncDirectory(absolute.getParent());
        }
        Path lockFile = absolute.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            Files.createFile(lockFile, Permissions.ownerOnlyFile(lockFile));
        }
        FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
            throw new StackLockedException("stack '" + stack + "' is in use by another Cairn run (pid "
                    + (holder.isEmpty() ? "unknown" : holder) + "); wait for it to finish or stop that process");
        }
        try {
            // Locks are advisory: the holder's PID in the file lets the loser name it.
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            lockChannel.force(true);
            ObjectMapper mapper = mapper();
            Journal journal = Journal.open(absolute.resolve(JOURNAL_FILE), mapper, clock);
            StackStore store = new StackStore(stack, absolute, lockChannel, lock, journal, mapper);
            store.writeState();
            return store;
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /** The JSON mapper for the journal and state file: addresses as strings, times as ISO-8601. */
    public static ObjectMapper mapper() {
        SimpleModule addresses = new SimpleModule("cairn-addresses");
        addresses.addSerializer(Address.class, ToStringSerializer.instance);
        addresses.addDeserializer(Address.class, new FromStringDeserializer<>(Address.class) {
            private static final long serialVersionUID = 1L;

            @Override
            protected Address _deserialize(String value, DeserializationContext ctxt) {
                return Address.parse(value);
            }
        });
        addresses.addKeyDeserializer(Address.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctxt) {
                return Address.parse(key);
            }
        });
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(addresses)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // StackState.isEmpty() is not data.
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    public String stack() {
        return stack;
    }

    public Path dir() {
        return dir;
    }

    public Path journalFile() {
        return journal.file();
    }

    /** The state as the journal says now. */
    public synchronized StackState state() {
        return state;
    }

    /** Every journal entry, in order. */
    public List<JournalEntry> journalEntries() {
        return journal.entries();
    }

    /**
     * Appends an entry (forced to disk before this returns), folds it into the state and rewrites
     * {@code state.json}.
     */
    public synchronized JournalEntry append(JournalEntry entry) throws IOException {
        JournalEntry stamped = journal.append(entry);
        state = reduce(state, stamped);
        writeState();
        return stamped;
    }

    /** Rebuilds a stack's state from journal entries, the way {@link #open} does. */
    public static StackState rebuild(String stack, List<JournalEntry> entries) {
        StackState s = StackState.empty(stack);
        for (JournalEntry e : entries) {
            s = reduce(s, e);
        }
        return s;
    }

    /**
     * Folds one journal entry into a state. An intent makes the address pending (a delete marks
     * the record DELETING, an update UPDATING); every outcome clears the pending intent and sets
     * the record. A further call inside an operation ({@link JournalEntry#CALL}) changes neither:
     * the operation's own intent already says the resource is in flux, and the next run resumes
     * the operation, whose steps read the resource before they act.
     */
    static StackState reduce(StackState s, JournalEntry e) {
        if (e.isCall()) {
            return s;
        }
        Address address = Address.parse(e.address());
        ResourceSpec spec = e.toSpec();
        Map<Address, ResourceRecord> resources = new LinkedHashMap<>(s.resources());
        Map<Address, StackState.PendingIntent> pending = new LinkedHashMap<>(s.pending());
        ResourceRecord current = resources.get(address);
        if (JournalEntry.INTENT.equals(e.type())) {
            pending.put(address, new StackState.PendingIntent(e.op(), spec, e.clientToken(), e.physicalId()));
            if (JournalEntry.DELETE.equals(e.op()) && current != null) {
                resources.put(address, current.withStatus(ItemStatus.DELETING, e.at()));
            } else if (JournalEntry.UPDATE.equals(e.op()) && current != null) {
                resources.put(address, current.withStatus(ItemStatus.UPDATING, e.at()));
            }
        } else {
            pending.remove(address);
            Map<String, String> attributes = new LinkedHashMap<>(current == null ? Map.of() : current.attributes());
            if (e.attributes() != null) {
                attributes.putAll(e.attributes());
            }
            String physicalId = e.physicalId() != null ? e.physicalId() : current == null ? null : current.physicalId();
            switch (Objects.requireNonNullElse(e.outcome(), "")) {
                case JournalEntry.CREATED, JournalEntry.ADOPTED ->
                        resources.put(address, new ResourceRecord(spec, physicalId, attributes, ItemStatus.CREATING, e.at()));
                case JournalEntry.READY, JournalEntry.UPDATED ->
                        resources.put(address, new ResourceRecord(spec, physicalId, attributes, ItemStatus.READY, e.at()));
                case JournalEntry.DELETED -> resources.remove(address);
                case JournalEntry.ABSENT -> {
                    // Healing found nothing: a pending create never happened; a record is gone.
                    if (JournalEntry.DELETE.equals(e.op())) {
                        resources.remove(address);
                    }
                }
                case JournalEntry.FAILED -> {
                    if (JournalEntry.UPDATE.equals(e.op()) && current != null) {
                        // AWS refused the change: the resource is as it was (the next plan offers
                        // the update again), not broken.
                        resources.put(address, current.withStatus(ItemStatus.READY, e.at()));
                    } else if (current != null || physicalId != null) {
                        resources.put(address, new ResourceRecord(current != null ? current.spec() : spec, physicalId,
                                attributes, ItemStatus.FAILED, e.at()));
                    }
                }
                default -> LOG.warn("journal entry {} has an unknown outcome '{}'; ignored", e.seq(), e.outcome());
            }
        }
        return new StackState(s.stack(), resources, pending);
    }

    // Replaces state.json atomically and durably: readers see the old snapshot or the new one,
    // never half, and a crash right after cannot leave an empty file behind.
    private void writeState() throws IOException {
        Permissions.writeOwnerOnlyDurably(dir.resolve(STATE_FILE),
                mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
    }

    /** Reads a {@code state.json} written by a store (for tools and tests). */
    public static StackState readStateFile(Path file) throws IOException {
        return mapper().readValue(file.toFile(), StackState.class);
    }

    /** Releases the lock and closes the journal. */
    @Override
    public synchronized void close() throws IOException {
        try {
            journal.close();
        } finally {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }
}
