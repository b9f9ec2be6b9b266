package dev.cairn.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.StackState;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
public final class LocalStackStore implements StackStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStackStore.class);

    public static final String LOCK_FILE = "lock";
    /** The command a lock names when the caller says none. */
    public static final String DEFAULT_COMMAND = "run";

    private final String stack;
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Journal journal;
    private final ObjectMapper mapper;
    private final LockHolder holder;
    private StackState state;

    private LocalStackStore(String stack, Path dir, FileChannel lockChannel, FileLock lock, Journal journal, ObjectMapper mapper,
            LockHolder holder) {
        this.holder = holder;
        this.stack = stack;
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.journal = journal;
        this.mapper = mapper;
        StackState rebuilt = StackState.empty(stack);
        for (JournalEntry e : journal.entries()) {
            rebuilt = StackStore.fold(rebuilt, e);
        }
        this.state = rebuilt;
    }

    /** Opens the store of {@code stack} in its default folder. */
    public static LocalStackStore open(String stack) throws IOException {
        return open(StackStore.defaultDir(stack));
    }

    /**
     * Opens (creating if needed) a stack folder, takes its lock and rebuilds the state from the
     * journal. The stack's name is the folder's name.
     *
     * @throws StackLockedException when another run holds the stack
     */
    public static LocalStackStore open(Path dir) throws IOException {
        return open(dir, Clock.systemUTC());
    }

    /** As {@link #open(Path)}, with the clock that stamps journal entries. */
    public static LocalStackStore open(Path dir, Clock clock) throws IOException {
        return open(dir, dir.toAbsolutePath().getFileName().toString(), clock);
    }

    /**
     * Opens the store of {@code stack} in any folder ({@code --state-dir}): the stack's name
     * comes from the blueprint, not from the folder.
     */
    public static LocalStackStore open(Path dir, String stack, Clock clock) throws IOException {
        return open(dir, stack, clock, LockRequest.of(DEFAULT_COMMAND));
    }

    /**
     * Opens the store of {@code stack} in {@code dir}, waiting up to the request's timeout for
     * another run to let go of it. The lock file holds this run's {@link LockHolder} while it is
     * open, so a refused run names who holds it as an S3 store would.
     *
     * @throws StackLockedException when another run still holds the stack after the wait
     * @throws StackMovedException when the stack was moved elsewhere (unless the request ignores it)
     */
    public static LocalStackStore open(Path dir, String stack, Clock clock, LockRequest request) throws IOException {
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
        Instant deadline = clock.instant().plus(request.timeout());
        FileChannel lockChannel;
        FileLock lock;
        while (true) {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                break;
            }
            lockChannel.close();
            if (!clock.instant().isBefore(deadline)) {
                throw refused(stack, absolute, lockFile, clock);
            }
            sleepUntilNextTry(deadline, clock);
        }
        try {
            LockHolder holder = LockHolder.forThisProcess(request.command(), clock).withoutHeartbeat();
            // Locks are advisory: the holder in the file lets the loser name it.
            byte[] json = holder.toJson();
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap(json), 0);
            lockChannel.force(true);
            if (!request.ignoreMoved()) {
                Path moved = absolute.resolve(MOVED_FILE);
                if (Files.exists(moved)) {
                    MovedMarker marker = StackStore.mapper().readValue(moved.toFile(), MovedMarker.class);
                    throw new StackMovedException(stack, absolute.toString(), marker.to());
                }
            }
            ObjectMapper mapper = StackStore.mapper();
            Journal journal = Journal.open(absolute.resolve(JOURNAL_FILE), mapper, clock);
            LocalStackStore store = new LocalStackStore(stack, absolute, lockChannel, lock, journal, mapper, holder);
            store.writeState();
            return store;
        } catch (IOException | RuntimeException e) {
            releaseQuietly(lockChannel, lock);
            throw e;
        }
    }

    private static void releaseQuietly(FileChannel channel, FileLock lock) {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.warn("could not release the lock {}: {}", channel, e.toString());
        }
    }

    private static StackLockedException refused(String stack, Path dir, Path lockFile, Clock clock) throws IOException {
        Optional<LockHolder> holder = readHolder(lockFile);
        if (holder.isPresent()) {
            return new StackLockedException(stack, dir.toString(), holder.get(), clock.instant(),
                    "cairn state unlock --stack " + stack + " --force");
        }
        String text = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
        return new StackLockedException("stack '" + stack + "' is in use by another Cairn run (pid "
                + (text.isEmpty() ? "unknown" : text) + "); wait for it to finish or stop that process");
    }

    private static void sleepUntilNextTry(Instant deadline, Clock clock) throws IOException {
        long millis = Math.min(LockRequest.WAIT_POLL.toMillis(),
                Math.max(1, java.time.Duration.between(clock.instant(), deadline).toMillis()));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the stack's lock");
        }
    }

    // The holder JSON, or empty for an empty file or one an older Cairn wrote (its bare PID).
    private static Optional<LockHolder> readHolder(Path lockFile) throws IOException {
        byte[] bytes = Files.exists(lockFile) ? Files.readAllBytes(lockFile) : new byte[0];
        if (bytes.length == 0 || bytes[0] != '{') {
            return Optional.empty();
        }
        try {
            return Optional.of(LockHolder.fromJson(bytes));
        } catch (IOException e) {
            // A holder caught mid-write: no name to give.
            return Optional.empty();
        }
    }

    /**
     * Who holds the stack in {@code dir}, read without taking the lock (listing must never make a
     * starting run fail): the holder a run wrote, unless it ran on this host and its process is
     * gone (the OS released its lock with it).
     */
    public static Optional<LockHolder> peekHolder(Path dir) throws IOException {
        Optional<LockHolder> holder = readHolder(dir.resolve(LOCK_FILE));
        return holder.filter(h -> !(h.host().equals(LockHolder.thisHost()) && h.stale(Instant.now())));
    }

    @Override
    public String stack() {
        return stack;
    }


    /** The stack's folder. */
    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public synchronized Optional<byte[]> readFile(String name) throws IOException {
        Path file = dir.resolve(StackStore.checkName(name));
        return Files.exists(file) ? java.util.Optional.of(Files.readAllBytes(file)) : java.util.Optional.empty();
    }

    @Override
    public synchronized void writeFile(String name, byte[] content) throws IOException {
        Permissions.writeOwnerOnlyDurably(dir.resolve(StackStore.checkName(name)), content);
    }

    @Override
    public Optional<LockHolder> holder() {
        return Optional.of(holder);
    }

    @Override
    public synchronized List<String> sideFiles() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> SIDE_FILE_NAME.matcher(n).matches())
                    .filter(n -> !n.equals(JOURNAL_FILE) && !n.equals(STATE_FILE) && !n.equals(LOCK_FILE))
                    .sorted().toList();
        }
    }

    @Override
    public synchronized void deleteFile(String name) throws IOException {
        if (Files.deleteIfExists(dir.resolve(StackStore.checkName(name)))) {
            Permissions.syncDirectory(dir);
        }
    }

    @Override
    public synchronized void importJournal(List<JournalEntry> entries) throws IOException {
        for (JournalEntry e : StackStore.entriesAfter(location(), journal.entries(), entries)) {
            JournalEntry written = journal.appendVerbatim(e);
            state = StackStore.fold(state, written);
        }
        writeState();
    }

    public Path dir() {
        return dir;
    }

    public Path journalFile() {
        return journal.file();
    }

    @Override
    public synchronized StackState state() {
        return state;
    }

    @Override
    public List<JournalEntry> journalEntries() {
        return journal.entries();
    }

    /**
     * Appends an entry (forced to disk before this returns), folds it into the state and rewrites
     * {@code state.json}.
     */
    @Override
    public synchronized JournalEntry append(JournalEntry entry) throws IOException {
        JournalEntry stamped = journal.append(entry);
        state = StackStore.fold(state, stamped);
        writeState();
        return stamped;
    }



    // Replaces state.json atomically and durably: readers see the old snapshot or the new one,
    // never half, and a crash right after cannot leave an empty file behind.
    private void writeState() throws IOException {
        Permissions.writeOwnerOnlyDurably(dir.resolve(STATE_FILE),
                mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
    }


    /** Releases the lock and closes the journal. */
    @Override
    public synchronized void close() throws IOException {
        try {
            journal.close();
        } finally {
            try {
                // An empty lock file names no holder: a listing then sees the stack free.
                lockChannel.truncate(0);
                lockChannel.force(true);
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }
}
