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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where one stack's journal and state live, held (and locked) while open: the local folder
 * ({@link LocalStackStore}, {@code ~/.cairn/stacks/<stack>/}) or a team's S3 prefix (the {@code aws}
 * package's store: one object a journal entry written with {@code If-None-Match: *}, and a lock
 * object). Every store reads back the same state from the same entries ({@link #rebuild}): the
 * journal is the truth, {@code state.json} a snapshot of it for people and other tools.
 *
 * <p>Implementations are thread-safe: the engine appends from its workers.
 */
public interface StackStore extends Closeable {

    /** System property that replaces {@code ~/.cairn} (tests point it at a temporary folder). */
    String HOME_PROPERTY = "cairn.home";
    /** The folder under Cairn's home that holds one folder per stack. */
    String STACKS_DIR = "stacks";
    String JOURNAL_FILE = "journal.jsonl";
    String STATE_FILE = "state.json";
    /**
     * The side file that marks a stack as moved elsewhere ({@link MovedMarker}): a store holding
     * it refuses to open ({@link StackMovedException}) so there are never two live copies.
     */
    String MOVED_FILE = "moved.json";
    /** Names a store's side file may have ({@link #readFile}): a plain file name, no paths. */
    Pattern SIDE_FILE_NAME = Pattern.compile("[a-z][a-z0-9.-]{0,63}");

    /** The stack's name. */
    String stack();

    /** Where the store is, as a person would type it: a folder, or {@code s3://bucket/prefix/stack/}. */
    String location();

    /** The state as the journal says now. */
    StackState state();

    /** Every journal entry, in order. */
    List<JournalEntry> journalEntries();

    /**
     * Appends an entry — durable (on disk, or the object written) before this returns — folds it
     * into the state and refreshes the snapshot. Numbers and stamps the entry.
     */
    JournalEntry append(JournalEntry entry) throws IOException;

    /**
     * A small side file kept with the stack ({@code target.json}: which account the state belongs
     * to), or empty when there is none. Never a secret.
     */
    Optional<byte[]> readFile(String name) throws IOException;

    /** Writes (replaces) a side file durably; see {@link #readFile}. */
    void writeFile(String name, byte[] content) throws IOException;

    /** The lock this store holds while open (its holder as others see it), when the store writes one. */
    default Optional<LockHolder> holder() {
        return Optional.empty();
    }

    /** The names of the stack's side files ({@link #readFile}), {@link #MOVED_FILE} included when there. */
    List<String> sideFiles() throws IOException;

    /** Deletes a side file; nothing happens when there is none. */
    void deleteFile(String name) throws IOException;

    /**
     * Copies journal entries verbatim (their numbers and stamps kept), for a migration: the
     * store's own entries must be the first of {@code entries} (an empty store, or the place a
     * stack was moved from and now comes back to), and only those after them are appended, each
     * durable before the next.
     *
     * @throws IOException when the store's journal is not a prefix of {@code entries} (they diverged)
     */
    void importJournal(List<JournalEntry> entries) throws IOException;

    /** Releases the lock; the store cannot be used after. */
    @Override
    void close() throws IOException;

    /** The moved marker of a store's side files, when it has one. */
    static Optional<MovedMarker> movedMarker(StackStore store) throws IOException {
        Optional<byte[]> bytes = store.readFile(MOVED_FILE);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper().readValue(bytes.get(), MovedMarker.class));
    }

    /**
     * Where a stack went and when ({@code moved.json}).
     *
     * @param to the new location, as {@code StateLocation} writes it
     * @param at when the move was switched over
     * @param entries how many journal entries were moved (the next location starts with these)
     */
    record MovedMarker(String to, java.time.Instant at, long entries) {
        public byte[] toJson() {
            try {
                return mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
            } catch (IOException e) {
                throw new IllegalStateException("a moved marker always serializes", e);
            }
        }
    }

    /**
     * Checks that {@code existing} are the first entries of {@code incoming} ({@link #importJournal})
     * and returns those after them.
     */
    static List<JournalEntry> entriesAfter(String location, List<JournalEntry> existing, List<JournalEntry> incoming)
            throws IOException {
        if (existing.size() > incoming.size() || !incoming.subList(0, existing.size()).equals(existing)) {
            throw new IOException("the journal at " + location + " (" + existing.size()
                    + " entries) is not the start of the one being moved in (" + incoming.size()
                    + " entries): the two copies diverged; nothing was copied");
        }
        return incoming.subList(existing.size(), incoming.size());
    }

    /** Checks a side file's name against {@link #SIDE_FILE_NAME}. */
    static String checkName(String name) {
        if (name == null || !SIDE_FILE_NAME.matcher(name).matches() || JOURNAL_FILE.equals(name)) {
            throw new IllegalArgumentException("not a side file's name: " + name);
        }
        return name;
    }

    /**
     * Cairn's home: the {@value #HOME_PROPERTY} system property when set, else {@code .cairn} in
     * the user's home as {@link UserHome} finds it ({@code $HOME} first, as AWS tools and ssh do).
     */
    static Path home() {
        String home = System.getProperty(HOME_PROPERTY);
        return home != null ? Path.of(home) : UserHome.dir().resolve(".cairn");
    }

    /** {@code <home>/stacks/<stack>/}. */
    static Path defaultDir(String stack) {
        return home().resolve(STACKS_DIR).resolve(stack);
    }

    /** The JSON mapper for the journal and state file: addresses as strings, times as ISO-8601. */
    static ObjectMapper mapper() {
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

    /** Rebuilds a stack's state from journal entries, the way {@link #open} does. */
    static StackState rebuild(String stack, List<JournalEntry> entries) {
        StackState s = StackState.empty(stack);
        for (JournalEntry e : entries) {
            s = fold(s, e);
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
    static StackState fold(StackState s, JournalEntry e) {
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
                default -> org.slf4j.LoggerFactory.getLogger(StackStore.class)
                        .warn("journal entry {} has an unknown outcome '{}'; ignored", e.seq(), e.outcome());
            }
        }
        return new StackState(s.stack(), resources, pending);
    }

    /** Reads a {@code state.json} written by a store (for tools and tests). */
    static StackState readStateFile(Path file) throws IOException {
        return mapper().readValue(file.toFile(), StackState.class);
    }
}
