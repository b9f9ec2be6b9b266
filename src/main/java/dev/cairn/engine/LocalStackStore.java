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

    private final String stack;
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Journal journal;
    private final ObjectMapper mapper;
    private StackState state;

    private LocalStackStore(String stack, Path dir, FileChannel lockChannel, FileLock lock, Journal journal, ObjectMapper mapper) {
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
            ObjectMapper mapper = StackStore.mapper();
            Journal journal = Journal.open(absolute.resolve(JOURNAL_FILE), mapper, clock);
            LocalStackStore store = new LocalStackStore(stack, absolute, lockChannel, lock, journal, mapper);
            store.writeState();
            return store;
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
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
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }
}
