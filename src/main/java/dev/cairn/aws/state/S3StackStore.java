package dev.cairn.aws.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.LockHolder;
import dev.cairn.engine.LockRequest;
import dev.cairn.engine.StackLockedException;
import dev.cairn.engine.StackMovedException;
import dev.cairn.engine.StackStore;
import dev.cairn.model.StackState;
import dev.cairn.model.StateLocation;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One stack's journal and state under an S3 prefix, shared by a team:
 *
 * <pre>
 * PREFIX/&lt;stack&gt;/journal/0000000001.json   one object per entry, never overwritten
 * PREFIX/&lt;stack&gt;/state.json                 a snapshot rebuilt from the journal, for people
 * PREFIX/&lt;stack&gt;/lock.json                  who holds the stack ({@link LockHolder})
 * PREFIX/&lt;stack&gt;/&lt;name&gt;                     side files (target.json, moved.json)
 * </pre>
 *
 * <p>Every journal object and the lock are written with {@code If-None-Match: *}, so S3 itself
 * refuses a second writer (HTTP 412 {@code PreconditionFailed}): a run never overwrites another's
 * entry, and a second run cannot take a held lock. The lock's heartbeat is refreshed with
 * {@code If-Match} on the lock's ETag, so a run whose lock was removed ({@code cairn state
 * unlock --force}) learns it at the next heartbeat and refuses every further append. An entry's
 * object is written before {@link #append} returns: the intent is in the bucket before the call
 * it announces.
 *
 * <p>Thread-safe: appends are serialized on this object; the heartbeat has its own daemon thread.
 */
public final class S3StackStore implements StackStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3StackStore.class);

    public static final String JOURNAL_DIR = "journal/";
    public static final String LOCK_OBJECT = "lock.json";
    /** Digits of an entry's number in its key, so keys list in journal order. */
    public static final int SEQ_DIGITS = 10;
    /**
     * {@code state.json} is rewritten at most this often while entries arrive (each write is a
     * request), and always on close; the journal, written on every append, stays the truth.
     */
    public static final Duration SNAPSHOT_EVERY = Duration.ofSeconds(10);
    private static final int PRECONDITION_FAILED = 412;
    /** S3's answer when two conditional writes of one key race: retry. */
    private static final int CONDITIONAL_CONFLICT = 409;
    private static final int NOT_FOUND = 404;
    private static final Set<String> RESERVED = Set.of(STATE_FILE, LOCK_OBJECT, "journal");

    /** Test seam: called after an entry's object is in the bucket, before {@link #append} returns. */
    @FunctionalInterface
    public interface AppendHook {
        void afterWrite(JournalEntry written) throws IOException;

        AppendHook NONE = e -> {};
    }

    private final S3Client s3;
    private final StateLocation location;
    private final String stack;
    private final String base;
    private final Clock clock;
    private final ObjectMapper mapper = StackStore.mapper();
    private final AppendHook hook;
    private final List<JournalEntry> entries;
    private final ScheduledExecutorService heartbeats;
    private StackState state;
    private LockHolder holder;
    private String lockEtag;
    private volatile boolean lost;
    private boolean closed;
    private Instant lastSnapshot = Instant.MIN;

    private S3StackStore(S3Client s3, StateLocation location, String stack, Clock clock, AppendHook hook,
            LockHolder holder, String lockEtag, List<JournalEntry> entries) {
        this.s3 = s3;
        this.location = location;
        this.stack = stack;
        this.base = location.stackPrefix(stack);
        this.clock = clock;
        this.hook = hook;
        this.holder = holder;
        this.lockEtag = lockEtag;
        this.entries = new ArrayList<>(entries);
        this.state = StackStore.rebuild(stack, entries);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-lock-heartbeat-" + stack);
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the stack, refusing at once when another run holds it. */
    public static S3StackStore open(S3Client s3, StateLocation location, String stack, Clock clock, LockRequest request)
            throws IOException {
        return open(s3, location, stack, clock, request, AppendHook.NONE, true);
    }

    /**
     * Takes the stack's lock (waiting up to the request's timeout), reads the journal back in
     * order and rebuilds the state.
     *
     * @param heartbeat whether a daemon thread refreshes the lock every {@link LockHolder#HEARTBEAT_EVERY}
     *     (tests of staleness drive {@link #refreshLock()} themselves on a fake clock)
     * @throws StackLockedException when another run holds the stack after the wait
     * @throws StackMovedException when the stack was moved elsewhere (unless the request ignores it)
     */
    public static S3StackStore open(S3Client s3, StateLocation location, String stack, Clock clock, LockRequest request,
            AppendHook hook, boolean heartbeat) throws IOException {
        String base = location.stackPrefix(stack);
        LockHolder holder = LockHolder.forThisProcess(request.command(), clock);
        String etag = takeLock(s3, location, stack, clock, request, holder);
        try {
            if (!request.ignoreMoved()) {
                Optional<byte[]> moved = get(s3, location.bucket(), base + MOVED_FILE);
                if (moved.isPresent()) {
                    MovedMarker marker = StackStore.mapper().readValue(moved.get(), MovedMarker.class);
                    throw new StackMovedException(stack, location.describeStack(stack), marker.to());
                }
            }
            List<JournalEntry> entries = readJournal(s3, location, stack);
            S3StackStore store = new S3StackStore(s3, location, stack, clock, hook, holder, etag, entries);
            store.writeSnapshot();
            if (heartbeat) {
                long every = LockHolder.HEARTBEAT_EVERY.toMillis();
                store.heartbeats.scheduleWithFixedDelay(store::heartbeatQuietly, every, every, TimeUnit.MILLISECONDS);
            }
            return store;
        } catch (IOException | RuntimeException e) {
            try {
                releaseLock(s3, location.bucket(), base + LOCK_OBJECT, holder.id());
            } catch (RuntimeException | IOException release) {
                e.addSuppressed(release);
            }
            throw e;
        }
    }

    // PutObject If-None-Match: * until it lands or the wait is over; a 412 means someone holds it.
    private static String takeLock(S3Client s3, StateLocation location, String stack, Clock clock, LockRequest request,
            LockHolder holder) throws IOException {
        String key = location.stackPrefix(stack) + LOCK_OBJECT;
        Instant deadline = clock.instant().plus(request.timeout());
        byte[] body = holder.toJson();
        while (true) {
            try {
                PutObjectResponse r = s3.putObject(b -> b.bucket(location.bucket()).key(key).ifNoneMatch("*")
                        .contentType("application/json"), RequestBody.fromBytes(body));
                return r.eTag();
            } catch (S3Exception e) {
                if (e.statusCode() != PRECONDITION_FAILED && e.statusCode() != CONDITIONAL_CONFLICT) {
                    throw io("cannot take the lock " + key, e);
                }
            }
            Optional<LockHolder> current = readHolder(s3, location.bucket(), key);
            if (current.isPresent() && current.get().id().equals(holder.id())) {
                // The SDK retried our own write after a lost answer: the lock is ours.
                return head(s3, location.bucket(), key);
            }
            if (current.isEmpty()) {
                continue; // released between our write and our read: try again at once
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new StackLockedException(stack, location.describeStack(stack), current.get(), clock.instant(),
                        unlockHint(location, stack, current.get()));
            }
            sleep(Duration.ofMillis(Math.min(LockRequest.WAIT_POLL.toMillis(),
                    Math.max(1, Duration.between(clock.instant(), deadline).toMillis()))));
        }
    }

    /** The command that removes a stale lock, as a refused run prints it. */
    public static String unlockHint(StateLocation location, String stack, LockHolder holder) {
        return "cairn state unlock --stack " + stack + " --force --state " + location + " --lock-id " + holder.id();
    }

    /** Every journal entry under the stack's prefix, in order, checked to run 1, 2, 3, … without a gap. */
    public static List<JournalEntry> readJournal(S3Client s3, StateLocation location, String stack) throws IOException {
        String prefix = location.stackPrefix(stack) + JOURNAL_DIR;
        List<String> keys = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix)).contents()
                    .forEach(o -> keys.add(o.key()));
        } catch (SdkException e) {
            throw io("cannot list the journal under " + prefix, e);
        }
        keys.sort(null);
        ObjectMapper mapper = StackStore.mapper();
        List<JournalEntry> out = new ArrayList<>();
        for (String key : keys) {
            byte[] bytes = get(s3, location.bucket(), key)
                    .orElseThrow(() -> new IOException("journal object " + key + " vanished while it was read"));
            JournalEntry e;
            try {
                e = mapper.readValue(bytes, JournalEntry.class);
            } catch (IOException bad) {
                throw new IOException("journal object s3://" + location.bucket() + "/" + key + " is damaged: "
                        + bad.getMessage(), bad);
            }
            if (e.seq() != out.size() + 1 || !key.equals(journalKey(prefix, e.seq()))) {
                throw new IOException("journal under s3://" + location.bucket() + "/" + prefix + " has a gap or a stray"
                        + " object: " + key + " holds entry " + e.seq() + " where entry " + (out.size() + 1) + " belongs");
            }
            out.add(e);
        }
        return out;
    }

    private static String journalKey(String journalPrefix, long seq) {
        return journalPrefix + String.format(Locale.ROOT, "%0" + SEQ_DIGITS + "d", seq) + ".json";
    }

    @Override
    public String stack() {
        return stack;
    }

    /** {@code s3://bucket/prefix/<stack>/}. */
    @Override
    public String location() {
        return location.describeStack(stack);
    }

    public StateLocation stateLocation() {
        return location;
    }

    @Override
    public synchronized StackState state() {
        return state;
    }

    @Override
    public synchronized List<JournalEntry> journalEntries() {
        return List.copyOf(entries);
    }

    @Override
    public synchronized Optional<LockHolder> holder() {
        return Optional.of(holder);
    }

    /** Whether the lock was taken from this run (its heartbeat met another lock): appends fail. */
    public boolean lockLost() {
        return lost;
    }

    /**
     * Writes the entry's object with {@code If-None-Match: *} and returns once S3 has it. A 412 means
     * the key exists: another writer, and this run stops appending rather than overwrite it.
     */
    @Override
    public synchronized JournalEntry append(JournalEntry entry) throws IOException {
        checkWritable();
        JournalEntry stamped = entry.stamped(entries.size() + 1L, clock.instant());
        writeEntry(stamped);
        entries.add(stamped);
        state = StackStore.fold(state, stamped);
        hook.afterWrite(stamped);
        if (Duration.between(lastSnapshot, clock.instant()).compareTo(SNAPSHOT_EVERY) >= 0) {
            writeSnapshot();
        }
        return stamped;
    }

    private void writeEntry(JournalEntry stamped) throws IOException {
        String key = journalKey(base + JOURNAL_DIR, stamped.seq());
        byte[] body = mapper.writeValueAsBytes(stamped);
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(key).ifNoneMatch("*").contentType("application/json"),
                    RequestBody.fromBytes(body));
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONDITIONAL_CONFLICT) {
                Optional<byte[]> there = get(s3, location.bucket(), key);
                if (there.isPresent() && Arrays.equals(there.get(), body)) {
                    return; // our own write, retried by the SDK after a lost answer
                }
                lost = true;
                throw new IOException("journal entry " + stamped.seq() + " of stack '" + stack + "' already exists at s3://"
                        + location.bucket() + "/" + key + ": another run wrote it; this run stops appending (nothing was"
                        + " overwritten)", e);
            }
            throw io("cannot write journal entry " + stamped.seq() + " to s3://" + location.bucket() + "/" + key, e);
        } catch (SdkException e) {
            throw io("cannot write journal entry " + stamped.seq() + " to s3://" + location.bucket() + "/" + key, e);
        }
    }

    private void checkWritable() throws IOException {
        if (closed) {
            throw new IOException("the store of stack '" + stack + "' is closed");
        }
        if (lost) {
            throw new IOException("stack '" + stack + "' lost its lock at " + location()
                    + " (removed or taken by another run); nothing more is written");
        }
    }

    @Override
    public synchronized void importJournal(List<JournalEntry> incoming) throws IOException {
        checkWritable();
        for (JournalEntry e : StackStore.entriesAfter(location(), entries, incoming)) {
            writeEntry(e);
            entries.add(e);
            state = StackStore.fold(state, e);
        }
        writeSnapshot();
    }

    /** The journal as the bucket holds it now (a migration verifies its copy with it). */
    public List<JournalEntry> readJournalFromBucket() throws IOException {
        return readJournal(s3, location, stack);
    }

    @Override
    public synchronized Optional<byte[]> readFile(String name) throws IOException {
        return get(s3, location.bucket(), base + sideName(name));
    }

    @Override
    public synchronized void writeFile(String name, byte[] content) throws IOException {
        checkWritable();
        String key = base + sideName(name);
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(key).contentType("application/json"), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw io("cannot write s3://" + location.bucket() + "/" + key, e);
        }
    }

    @Override
    public synchronized void deleteFile(String name) throws IOException {
        checkWritable();
        String key = base + sideName(name);
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(key));
        } catch (SdkException e) {
            throw io("cannot delete s3://" + location.bucket() + "/" + key, e);
        }
    }

    @Override
    public synchronized List<String> sideFiles() throws IOException {
        List<String> names = new ArrayList<>();
        try {
            ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(base).delimiter("/"));
            for (S3Object o : r.contents()) {
                String name = o.key().substring(base.length());
                if (SIDE_FILE_NAME.matcher(name).matches() && !RESERVED.contains(name)) {
                    names.add(name);
                }
            }
        } catch (SdkException e) {
            throw io("cannot list s3://" + location.bucket() + "/" + base, e);
        }
        names.sort(null);
        return names;
    }

    private static String sideName(String name) {
        StackStore.checkName(name);
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("not a side file's name: " + name);
        }
        return name;
    }

    /**
     * Refreshes the lock's heartbeat with {@code If-Match} on its ETag. A 412 means the lock is no
     * longer ours (removed by {@code unlock --force}, then maybe taken): every later append fails.
     *
     * @return whether the lock is still ours
     */
    public synchronized boolean refreshLock() throws IOException {
        if (lost || closed) {
            return !lost;
        }
        LockHolder next = holder.withHeartbeat(clock.instant());
        String key = base + LOCK_OBJECT;
        try {
            PutObjectResponse r = s3.putObject(b -> b.bucket(location.bucket()).key(key).ifMatch(lockEtag)
                    .contentType("application/json"), RequestBody.fromBytes(next.toJson()));
            lockEtag = r.eTag();
            holder = next;
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == NOT_FOUND) {
                lost = true;
                LOG.error("stack '{}': the lock at {} is no longer this run's (removed or taken); appends stop", stack,
                        location());
                return false;
            }
            throw io("cannot refresh the lock " + key, e);
        } catch (SdkException e) {
            throw io("cannot refresh the lock " + key, e);
        }
    }

    // A failed heartbeat is tried again at the next tick; the lock goes stale only after several.
    private void heartbeatQuietly() {
        try {
            refreshLock();
        } catch (IOException | RuntimeException e) {
            LOG.warn("stack '{}': lock heartbeat failed ({}); trying again in {}", stack, e.getMessage(),
                    LockHolder.HEARTBEAT_EVERY);
        }
    }

    private void writeSnapshot() throws IOException {
        String key = base + STATE_FILE;
        byte[] body = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(key).contentType("application/json"), RequestBody.fromBytes(body));
            lastSnapshot = clock.instant();
        } catch (SdkException e) {
            throw io("cannot write the state snapshot s3://" + location.bucket() + "/" + key, e);
        }
    }

    /** Writes the snapshot, stops the heartbeat and removes the lock (when it is still ours). */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        heartbeats.shutdownNow();
        try {
            if (!lost) {
                writeSnapshot();
            }
        } finally {
            closed = true;
            if (!lost) {
                releaseLock(s3, location.bucket(), base + LOCK_OBJECT, holder.id());
            }
        }
    }

    // Deletes the lock only when it still names this holder: never another run's.
    private static void releaseLock(S3Client s3, String bucket, String key, String id) throws IOException {
        Optional<LockHolder> current = readHolder(s3, bucket, key);
        if (current.isPresent() && current.get().id().equals(id)) {
            try {
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            } catch (SdkException e) {
                throw io("cannot release the lock s3://" + bucket + "/" + key, e);
            }
        }
    }

    /** Who holds the stack's lock, read without taking it. */
    public static Optional<LockHolder> peekHolder(S3Client s3, StateLocation location, String stack) throws IOException {
        return readHolder(s3, location.bucket(), location.stackPrefix(stack) + LOCK_OBJECT);
    }

    /**
     * Removes the stack's lock whoever holds it ({@code cairn state unlock --force}); with
     * {@code lockId}, only when the lock is that one (so a lock taken since by a new run stays).
     *
     * @return the holder removed, or empty when the stack was not locked
     * @throws IllegalStateException when {@code lockId} names another lock than the one held
     */
    public static Optional<LockHolder> unlock(S3Client s3, StateLocation location, String stack, Optional<String> lockId)
            throws IOException {
        String key = location.stackPrefix(stack) + LOCK_OBJECT;
        Optional<LockHolder> current = readHolder(s3, location.bucket(), key);
        if (current.isEmpty()) {
            return current;
        }
        if (lockId.isPresent() && !lockId.get().equals(current.get().id())) {
            throw new IllegalStateException("stack '" + stack + "' is locked by " + current.get().id() + ", not "
                    + lockId.get() + "; nothing was removed");
        }
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(key));
        } catch (SdkException e) {
            throw io("cannot remove the lock s3://" + location.bucket() + "/" + key, e);
        }
        return current;
    }

    /**
     * The stacks under a location's prefix (one common prefix each holding a journal or a state),
     * with their lock, moved marker and last change ({@code state.json}'s time).
     */
    public static List<StackListing> list(S3Client s3, StateLocation location) throws IOException {
        String top = location.prefix().isEmpty() ? "" : location.prefix() + "/";
        List<StackListing> out = new ArrayList<>();
        try {
            List<String> stackPrefixes = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(top).delimiter("/")).commonPrefixes()
                    .stream().map(CommonPrefix::prefix).forEach(stackPrefixes::add);
            for (String p : stackPrefixes) {
                String stack = p.substring(top.length(), p.length() - 1);
                ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(p).delimiter("/"));
                Instant lastChange = null;
                boolean hasJournal = r.commonPrefixes().stream().anyMatch(c -> c.prefix().equals(p + JOURNAL_DIR));
                boolean moved = false;
                for (S3Object o : r.contents()) {
                    String name = o.key().substring(p.length());
                    if (name.equals(STATE_FILE)) {
                        lastChange = o.lastModified();
                    } else if (name.equals(MOVED_FILE)) {
                        moved = true;
                    }
                }
                if (!hasJournal && lastChange == null && !moved) {
                    continue; // not a stack: some other folder in the bucket
                }
                Optional<String> movedTo = Optional.empty();
                if (moved) {
                    Optional<byte[]> m = get(s3, location.bucket(), p + MOVED_FILE);
                    if (m.isPresent()) {
                        movedTo = Optional.of(StackStore.mapper().readValue(m.get(), MovedMarker.class).to());
                    }
                }
                out.add(new StackListing(stack, readHolder(s3, location.bucket(), p + LOCK_OBJECT),
                        Optional.ofNullable(lastChange), movedTo));
            }
        } catch (SdkException e) {
            throw io("cannot list the stacks in " + location, e);
        }
        return out;
    }

    /**
     * What a stack's prefix holds, read without taking its lock ({@code cairn status}, {@code plan}).
     *
     * @param movedTo where the stack went, when it was moved away (then the entries are the old copy's)
     */
    public record Peek(List<JournalEntry> entries, Optional<LockHolder> lock, Optional<String> movedTo) {}

    /** Reads a stack's journal, lock and moved marker without taking the lock. */
    public static Peek peek(S3Client s3, StateLocation location, String stack) throws IOException {
        String base = location.stackPrefix(stack);
        Optional<byte[]> moved = get(s3, location.bucket(), base + MOVED_FILE);
        Optional<String> movedTo = moved.isEmpty() ? Optional.empty()
                : Optional.of(StackStore.mapper().readValue(moved.get(), MovedMarker.class).to());
        return new Peek(readJournal(s3, location, stack), peekHolder(s3, location, stack), movedTo);
    }

    /** One stack found by {@link #list}. */
    public record StackListing(String stack, Optional<LockHolder> lock, Optional<Instant> lastChange,
            Optional<String> movedTo) {}

    private static Optional<LockHolder> readHolder(S3Client s3, String bucket, String key) throws IOException {
        Optional<byte[]> bytes = get(s3, bucket, key);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LockHolder.fromJson(bytes.get()));
        } catch (IOException e) {
            throw new IOException("the lock s3://" + bucket + "/" + key + " is not one Cairn wrote: " + e.getMessage(), e);
        }
    }

    private static String head(S3Client s3, String bucket, String key) throws IOException {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
        } catch (SdkException e) {
            throw io("cannot read s3://" + bucket + "/" + key, e);
        }
    }

    private static Optional<byte[]> get(S3Client s3, String bucket, String key) throws IOException {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND && !"NoSuchBucket".equals(code(e))) {
                return Optional.empty();
            }
            throw io("cannot read s3://" + bucket + "/" + key, e);
        } catch (SdkException e) {
            throw io("cannot read s3://" + bucket + "/" + key, e);
        }
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static IOException io(String what, SdkException e) {
        String detail = e instanceof S3Exception s && code(s) != null ? code(s) + ": " + s.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new IOException(what + " (" + detail + ")", e);
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the stack's lock");
        }
    }
}
