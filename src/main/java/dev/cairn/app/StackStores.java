package dev.cairn.app;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.state.S3StackStore;
import dev.cairn.engine.Journal;
import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.LocalStackStore;
import dev.cairn.engine.LockHolder;
import dev.cairn.engine.LockRequest;
import dev.cairn.engine.StackMovedException;
import dev.cairn.engine.StackStore;
import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import dev.cairn.model.StateLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Opens, lists, unlocks and moves stacks' stores wherever they live ({@link StateLocation}: a
 * folder of stacks or an S3 prefix), for the CLI and the GUI alike. S3 locations are reached
 * through the target's clients ({@link AwsClients}); a folder needs none.
 *
 * <p>A store that was moved away ({@code moved.json}) is followed to its new location by
 * {@link #open}: a run never works on the old copy.
 */
public final class StackStores {
    private static final Logger LOG = LoggerFactory.getLogger(StackStores.class);

    /** Moved markers followed before giving up (a chain that long is a loop or a mistake). */
    static final int MAX_MOVES_FOLLOWED = 3;
    /** The command a migration names in the locks it takes. */
    public static final String MIGRATE = "migrate";
    /** The S3 error (HTTP 301) of a request sent to another region than the bucket's. */
    private static final int MOVED_PERMANENTLY = 301;
    private static final String BUCKET_REGION_HEADER = "x-amz-bucket-region";

    private final java.util.function.Supplier<AwsClients> clients;
    private final String region;
    private final Clock clock;

    /**
     * @param clients the target's clients, or null when only folders are used
     * @param region the region to reach a state bucket in first (the stack's); a bucket in another
     *     region is found by S3's redirect
     */
    public StackStores(AwsClients clients, String region, Clock clock) {
        this(clients == null ? () -> null : () -> clients, region, clock);
    }

    /**
     * With clients made only when an S3 location is met (a folder moved to S3 is followed there).
     *
     * @param clients gives the clients, or null when there are none
     */
    public StackStores(java.util.function.Supplier<AwsClients> clients, String region, Clock clock) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.region = region;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** For folders only: no clients. */
    public static StackStores local() {
        return new StackStores((AwsClients) null, null, Clock.systemUTC());
    }

    /** One stack in a location, as {@link #list} finds it. */
    public record StackEntry(String stack, String location, Optional<LockHolder> lock, boolean stale,
            Optional<Instant> lastChange, Optional<String> movedTo) {}

    /**
     * What a migration did.
     *
     * @param entries journal entries now at {@code to} (all of the stack's)
     * @param copied the entries written there by this migration (fewer when {@code to} was where the stack came from)
     * @param sideFiles the side files copied ({@code target.json}, …)
     */
    public record Migration(String stack, String from, String to, int entries, int copied, List<String> sideFiles) {}

    /**
     * Opens (creating if needed) the store of {@code stack} at {@code location}, taking its lock;
     * a store moved elsewhere is followed to where it went.
     *
     * @throws dev.cairn.engine.StackLockedException when another run holds it after the request's wait
     */
    public StackStore open(StateLocation location, String stack, LockRequest request) throws IOException {
        StateLocation at = location;
        for (int moves = 0; ; moves++) {
            try {
                return openExactly(at, stack, request);
            } catch (StackMovedException e) {
                if (moves >= MAX_MOVES_FOLLOWED || request.ignoreMoved()) {
                    throw e;
                }
                LOG.info("stack '{}' was moved to {}; opening it there", stack, e.movedTo());
                at = StateLocation.parse(e.movedTo());
            }
        }
    }

    /**
     * A stack's state as its journal says, read without taking the lock (a running apply is not
     * disturbed), with who holds the lock.
     *
     * @param location where the stack's store is, as a person reads it (after following a move)
     * @param lock the lock's holder, empty when the stack is free
     * @param stale whether that holder is gone
     */
    public record View(StackState state, String location, Optional<LockHolder> lock, boolean stale) {}

    /** Reads a stack without locking it, following a move as {@link #open} does; an unknown stack reads empty. */
    public View read(StateLocation location, String stack) throws IOException {
        StateLocation at = location;
        for (int moves = 0; ; moves++) {
            Optional<String> movedTo;
            if (at.isS3()) {
                S3StackStore.Peek peek = S3StackStore.peek(s3For(at), at, stack);
                movedTo = peek.movedTo();
                if (movedTo.isEmpty()) {
                    return view(StackStore.rebuild(stack, peek.entries()), at.describeStack(stack), peek.lock());
                }
            } else {
                Path dir = at.stackFolder(stack);
                View v = readFolder(dir, stack);
                Path moved = dir.resolve(StackStore.MOVED_FILE);
                movedTo = Files.exists(moved)
                        ? Optional.of(StackStore.mapper().readValue(moved.toFile(), StackStore.MovedMarker.class).to())
                        : Optional.empty();
                if (movedTo.isEmpty()) {
                    return v;
                }
            }
            if (moves >= MAX_MOVES_FOLLOWED) {
                throw new StackMovedException(stack, at.describeStack(stack), movedTo.get());
            }
            at = StateLocation.parse(movedTo.get());
        }
    }

    /** Reads one stack's own folder ({@code --state-dir}) without locking it. */
    public View readFolder(Path dir, String stack) throws IOException {
        List<JournalEntry> entries = Journal.read(dir.resolve(StackStore.JOURNAL_FILE), StackStore.mapper());
        return view(StackStore.rebuild(stack, entries), dir.toAbsolutePath().toString(),
                Files.isDirectory(dir) ? LocalStackStore.peekHolder(dir) : Optional.empty());
    }

    private View view(StackState state, String location, Optional<LockHolder> lock) {
        return new View(state, location, lock, lock.map(this::stale).orElse(false));
    }

    /** Opens the store at exactly {@code location}, a moved marker there refusing it. */
    public StackStore openExactly(StateLocation location, String stack, LockRequest request) throws IOException {
        if (location.isS3()) {
            return S3StackStore.open(s3For(location), location, stack, clock, request);
        }
        return LocalStackStore.open(location.stackFolder(stack), stack, clock, request);
    }

    /** Who holds the stack's lock, read without taking it; empty when it is free. */
    public Optional<LockHolder> lockHolder(StateLocation location, String stack) throws IOException {
        if (location.isS3()) {
            return S3StackStore.peekHolder(s3For(location), location, stack);
        }
        return LocalStackStore.peekHolder(location.stackFolder(stack));
    }

    /** Whether a holder is gone, by this clock. */
    public boolean stale(LockHolder holder) {
        return holder.stale(clock.instant());
    }

    /**
     * The stacks at a location: the sub-prefixes (sub-folders) holding a journal, with their lock
     * holder (and whether it is stale), their last change and where a moved one went.
     */
    public List<StackEntry> list(StateLocation location) throws IOException {
        List<StackEntry> out = new ArrayList<>();
        Instant now = clock.instant();
        if (location.isS3()) {
            for (S3StackStore.StackListing l : S3StackStore.list(s3For(location), location)) {
                out.add(new StackEntry(l.stack(), location.describeStack(l.stack()), l.lock(),
                        l.lock().map(h -> h.stale(now)).orElse(false), l.lastChange(), l.movedTo()));
            }
            return out;
        }
        Path folder = location.folder();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        List<Path> dirs;
        try (var children = Files.list(folder)) {
            dirs = children.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : dirs) {
            Path journal = dir.resolve(StackStore.JOURNAL_FILE);
            Path moved = dir.resolve(StackStore.MOVED_FILE);
            if (!Files.exists(journal) && !Files.exists(moved)) {
                continue;
            }
            Optional<LockHolder> lock = LocalStackStore.peekHolder(dir);
            Optional<String> movedTo = Files.exists(moved)
                    ? Optional.of(StackStore.mapper().readValue(moved.toFile(), StackStore.MovedMarker.class).to())
                    : Optional.empty();
            Optional<Instant> last = Files.exists(journal)
                    ? Optional.of(Files.getLastModifiedTime(journal).toInstant()) : Optional.empty();
            String stack = dir.getFileName().toString();
            out.add(new StackEntry(stack, location.describeStack(stack), lock, lock.map(h -> h.stale(now)).orElse(false),
                    last, movedTo));
        }
        return out;
    }

    /**
     * Removes the stack's lock ({@code cairn state unlock --force}). In S3 the lock object is
     * deleted, whoever holds it; with {@code lockId}, only when it is that lock. A folder's lock is
     * the operating system's, released when its process ends: there it can only be reported.
     *
     * @return the holder whose lock was removed; empty when the stack was not locked
     * @throws IllegalStateException when {@code lockId} does not match, or a live local process holds the stack
     */
    public Optional<LockHolder> unlock(StateLocation location, String stack, Optional<String> lockId) throws IOException {
        if (location.isS3()) {
            return S3StackStore.unlock(s3For(location), location, stack, lockId);
        }
        Optional<LockHolder> holder = LocalStackStore.peekHolder(location.stackFolder(stack));
        if (holder.isPresent()) {
            throw new IllegalStateException("stack '" + stack + "' in " + location.stackFolder(stack) + " is held by "
                    + holder.get().describe() + ": a local lock ends with its process; stop that process instead");
        }
        return Optional.empty();
    }

    /**
     * Moves a stack's journal and side files from one location to another without a gap: lock
     * the source (and the destination), copy every entry verbatim and every side file, verify the
     * copy (the same entries read back from the destination, the same rebuilt state, the same
     * side files), then switch: the destination's old moved marker (a stack coming back) is
     * removed and the source gets one naming the destination. Both locks are held until the end,
     * so no run works on either copy meanwhile, and afterwards only the destination opens.
     *
     * @throws IOException when the source has no journal, the destination already holds another
     *     copy of the stack, or the copy does not verify (the source is then left as it was)
     */
    public Migration migrate(String stack, StateLocation from, StateLocation to) throws IOException {
        if (from.equals(to)) {
            throw new IllegalArgumentException("stack '" + stack + "' is already at " + to);
        }
        LockRequest lock = LockRequest.of(MIGRATE);
        try (StackStore source = openExactly(from, stack, lock)) {
            List<JournalEntry> entries = source.journalEntries();
            if (entries.isEmpty()) {
                throw new IOException("stack '" + stack + "' has no journal at " + source.location() + "; nothing to move");
            }
            try (StackStore target = openExactly(to, stack, lock.ignoringMoved())) {
                Optional<StackStore.MovedMarker> marker = StackStore.movedMarker(target);
                if (marker.isEmpty() && !target.journalEntries().isEmpty()) {
                    throw new IOException("stack '" + stack + "' already has a journal at " + target.location()
                            + " (" + target.journalEntries().size() + " entries): two live copies cannot be merged; nothing was moved");
                }
                if (marker.isPresent() && !StateLocation.parse(marker.get().to()).equals(from)) {
                    throw new IOException("stack '" + stack + "' at " + target.location() + " was moved to " + marker.get().to()
                            + ", not to " + from + "; nothing was moved");
                }
                int before = target.journalEntries().size();
                target.importJournal(entries);
                List<String> sideFiles = new ArrayList<>();
                for (String name : source.sideFiles()) {
                    if (!name.equals(StackStore.MOVED_FILE)) {
                        target.writeFile(name, source.readFile(name).orElseThrow());
                        sideFiles.add(name);
                    }
                }
                verify(stack, source, target, entries, sideFiles);
                // Switch: with both locks held, the destination becomes the live copy and the
                // source a pointer to it.
                target.deleteFile(StackStore.MOVED_FILE);
                source.writeFile(StackStore.MOVED_FILE,
                        new StackStore.MovedMarker(to.toString(), clock.instant(), entries.size()).toJson());
                return new Migration(stack, source.location(), target.location(), entries.size(), entries.size() - before,
                        List.copyOf(sideFiles));
            }
        }
    }

    // Reads the copy back from where it was written, not from memory.
    private static void verify(String stack, StackStore source, StackStore target, List<JournalEntry> entries,
            List<String> sideFiles) throws IOException {
        List<JournalEntry> copied = readBack(target);
        if (!copied.equals(entries)) {
            throw new IOException("the copy of stack '" + stack + "' at " + target.location() + " reads back "
                    + copied.size() + " entries that differ from the " + entries.size() + " moved; the stack stays at "
                    + source.location());
        }
        StackState expected = StackStore.rebuild(stack, entries);
        if (!StackStore.rebuild(stack, copied).equals(expected) || !target.state().equals(expected)) {
            throw new IOException("the copy of stack '" + stack + "' at " + target.location()
                    + " rebuilds another state; the stack stays at " + source.location());
        }
        for (String name : sideFiles) {
            if (!Arrays.equals(source.readFile(name).orElseThrow(), target.readFile(name).orElse(null))) {
                throw new IOException("the copy of " + name + " at " + target.location() + " differs; the stack stays at "
                        + source.location());
            }
        }
    }

    private static List<JournalEntry> readBack(StackStore store) throws IOException {
        if (store instanceof S3StackStore s3) {
            return s3.readJournalFromBucket();
        }
        if (store instanceof LocalStackStore local) {
            return Journal.read(local.journalFile(), StackStore.mapper());
        }
        return store.journalEntries();
    }

    /**
     * Before a teardown: when the stack's state is in a bucket the stack itself created
     * ({@link #stateInOwnBucket}), moves it to {@code local} first, so deleting the bucket does not
     * delete the journal that drives the deletion. Later runs follow the move.
     *
     * @return the move, or empty when the state is elsewhere (nothing done)
     */
    public Optional<Migration> moveOutOfOwnBucket(StateLocation location, String stack, StateLocation local)
            throws IOException {
        if (!location.isS3()) {
            return Optional.empty();
        }
        View view = read(location, stack);
        if (!view.location().equals(location.describeStack(stack)) || !stateInOwnBucket(view.state(), location)) {
            return Optional.empty();
        }
        return Optional.of(migrate(stack, location, local));
    }

    /**
     * Whether the state of a stack lives in a bucket the stack itself created: a bucket of its
     * state with the prop {@code role=state} whose name is the location's bucket. Its teardown
     * must move the state out first, or it would delete the bucket holding its own journal.
     */
    public static boolean stateInOwnBucket(StackState state, StateLocation location) {
        if (!location.isS3()) {
            return false;
        }
        for (ResourceRecord r : state.resources().values()) {
            if (r.kind().service() == AwsService.S3 && r.spec().props().has("role")
                    && "state".equals(r.spec().props().text("role")) && location.bucket().equals(r.physicalId())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The S3 client for a state bucket: the stack's region first; a bucket in another region
     * answers 301 with its region in {@code x-amz-bucket-region}.
     */
    S3Client s3For(StateLocation location) throws IOException {
        AwsClients aws = clients.get();
        if (aws == null) {
            throw new IllegalStateException("an S3 state location (" + location + ") needs a target's clients");
        }
        S3Client s3 = aws.s3(region);
        try {
            s3.headBucket(b -> b.bucket(location.bucket()));
            return s3;
        } catch (S3Exception e) {
            if (e.statusCode() == MOVED_PERMANENTLY) {
                Optional<String> other = e.awsErrorDetails() == null ? Optional.empty()
                        : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(BUCKET_REGION_HEADER);
                if (other.isPresent()) {
                    return aws.s3(other.get());
                }
            }
            if (e.statusCode() == 404) {
                throw new IOException("the state bucket " + location.bucket() + " does not exist; create it (the Storage"
                        + " step's state bucket, or `aws s3 mb s3://" + location.bucket() + "`) or choose another --state", e);
            }
            if (e.statusCode() == 403) {
                throw new IOException("the state bucket " + location.bucket() + " is not yours or these credentials may"
                        + " not read it (403)", e);
            }
            throw new IOException("cannot reach the state bucket " + location.bucket() + ": " + e.getMessage(), e);
        }
    }
}
