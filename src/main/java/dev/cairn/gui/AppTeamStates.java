package dev.cairn.gui;

import dev.cairn.app.StackStores;
import dev.cairn.aws.state.S3StackStore;
import dev.cairn.engine.Journal;
import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.LocalStackStore;
import dev.cairn.engine.LockHolder;
import dev.cairn.engine.LockRequest;
import dev.cairn.engine.StackStore;
import dev.cairn.model.StateLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link TeamStates} through the app layer the CLI uses too ({@link StackStores}, {@link StateLocation}),
 * with the chosen target's clients. Reads never take a stack's lock.
 */
final class AppTeamStates implements TeamStates {

    private static final int NOT_FOUND = 404;

    private final Targets targets;
    private final Clock clock;

    AppTeamStates(Targets targets, Clock clock) {
        this.targets = targets;
        this.clock = clock;
    }

    @Override
    public Optional<Problem> check(String location) {
        return StateLocation.problem(location).map(p -> Problem.of("team.location.invalid", location.strip(), p));
    }

    @Override
    public boolean isBucket(String location) {
        return StateLocation.parse(location).isS3();
    }

    private StackStores stores(TargetChoice choice, String region) {
        return new StackStores(targets.open(choice).clients(), region, clock);
    }

    @Override
    public List<TeamStack> list(TargetChoice choice, String region, String location) throws IOException {
        StackStores stores = stores(choice, region);
        // A stack moved out of the bucket leaves a pointer, not a stack to open.
        return stores.list(StateLocation.parse(location)).stream().filter(e -> e.movedTo().isEmpty())
                .map(e -> new TeamStack(e.stack(), e.lastChange().orElse(null),
                        e.lock().map(h -> info(h, e.stale())).orElse(null)))
                .toList();
    }

    private static TeamStack.LockInfo info(LockHolder h, boolean stale) {
        return new TeamStack.LockInfo(h.id(), h.who(), h.host(), h.command(), h.since(), stale);
    }

    @Override
    public Snapshot read(TargetChoice choice, String region, String location, String stack) throws IOException {
        StackStores.View v = stores(choice, region).read(StateLocation.parse(location), stack);
        return new Snapshot(v.state(), v.lock().map(h -> info(h, v.stale())).orElse(null));
    }

    @Override
    public TeamStack.LockInfo localLock(Path stackDir) throws IOException {
        if (!Files.isDirectory(stackDir)) {
            return null;
        }
        return LocalStackStore.peekHolder(stackDir).map(h -> info(h, h.stale(clock.instant()))).orElse(null);
    }

    @Override
    public Optional<Integer> moveOutOfOwnBucket(TargetChoice choice, String region, String location, String stack,
            Path stacksDir) throws IOException {
        return stores(choice, region).moveOutOfOwnBucket(StateLocation.parse(location), stack,
                StateLocation.folder(stacksDir.toAbsolutePath())).map(StackStores.Migration::entries);
    }

    private S3Client s3(TargetChoice choice, String region) {
        return targets.open(choice).clients().s3(region);
    }

    @Override
    public Optional<byte[]> readFile(TargetChoice choice, String region, String location, String stack, String name)
            throws IOException {
        StateLocation at = StateLocation.parse(location);
        String key = at.stackPrefix(stack) + StackStore.checkName(name);
        try {
            return Optional.of(s3(choice, region).getObjectAsBytes(b -> b.bucket(at.bucket()).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND && !"NoSuchBucket".equals(
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw new IOException("cannot read s3://" + at.bucket() + "/" + key, e);
        }
    }

    @Override
    public StackStore open(TargetChoice choice, String region, String location, String stack, String command)
            throws IOException {
        return stores(choice, region).open(StateLocation.parse(location), stack, LockRequest.of(command));
    }

    @Override
    public void unlock(TargetChoice choice, String region, String location, String stack, String lockId)
            throws IOException {
        stores(choice, region).unlock(StateLocation.parse(location), stack, Optional.of(lockId));
    }

    @Override
    public int migrate(TargetChoice choice, String region, String stack, Path from, String to, Consumer<Problem> progress)
            throws IOException {
        Path journal = from.resolve(StackStore.JOURNAL_FILE);
        int entries = Files.exists(journal) ? Journal.read(journal, StackStore.mapper()).size() : 0;
        progress.accept(Problem.of("migrate.phase.copy", String.valueOf(entries), to));
        StackStores.Migration done = stores(choice, region).migrate(stack,
                StateLocation.folder(from.toAbsolutePath().getParent()), StateLocation.parse(to));
        return done.entries();
    }
}
