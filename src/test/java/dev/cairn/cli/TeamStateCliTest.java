package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.StackRunner;
import dev.cairn.app.StackStores;
import dev.cairn.app.Target;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.ec2.KeyPairHandler;
import dev.cairn.aws.state.S3StackStore;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.JournalHook;
import dev.cairn.engine.LockHolder;
import dev.cairn.engine.LockRequest;
import dev.cairn.engine.RunResult;
import dev.cairn.engine.StackStore;
import dev.cairn.model.Blueprint;
import dev.cairn.model.StateLocation;
import dev.cairn.model.Tags;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Backends;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * Team state from the command line, on every backend that serves S3: two applies of one stack
 * at once (the second refused with exit code 3, naming the holder), and a run killed with
 * SIGKILL while it holds the lock (the next run reports the lock stale, {@code cairn state
 * unlock} removes it, and the resumed apply ends with exactly one of each resource).
 */
class TeamStateCliTest {
    private static final String REGION = "ap-northeast-2";
    private static final String BUCKET = "team-state";
    private static final String STATE = "s3://" + BUCKET + "/cairn";
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(20);
    /** Intents journaled before the child is killed: well inside the demo's 21. */
    private static final int KILL_AFTER_ENTRIES = 4;

    @TempDir
    Path dir;

    private AwsClients clients;

    @AfterEach
    void closeClients() {
        if (clients != null) {
            clients.close();
        }
    }

    static Stream<AwsBackend> backends() {
        return Backends.all();
    }

    private record Run(int exit, String out, String err) {}

    private static Run cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CairnCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private S3Client prepare(AwsBackend backend) {
        assumeTrue(backend.serves("s3"), backend.name() + " does not serve S3 yet");
        backend.reset();
        clients = AwsClients.sandbox(backend.endpoint());
        S3Client s3 = clients.s3(REGION);
        s3.createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint(
                BucketLocationConstraint.fromValue(REGION))));
        return s3;
    }

    private Path blueprintFile(Blueprint bp) throws Exception {
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, BlueprintYaml.writeCommented(bp));
        return file;
    }

    private static String[] verb(String verb, Path blueprint, AwsBackend backend, String... more) {
        List<String> args = new ArrayList<>(List.of(verb, "--blueprint", blueprint.toString(), "--endpoint",
                backend.endpoint().toString(), "--state", STATE));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void apply_whileAnotherApplyRuns_exitsWith3NamingTheHolder(AwsBackend backend) throws Exception {
        prepare(backend);
        Blueprint bp = BlueprintExample.networkOnly().withState(STATE);
        Path file = blueprintFile(bp);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        // The first apply stops after its first intent is in the bucket until the test lets it go.
        JournalHook hold = intent -> {
            if (first.compareAndSet(true, false)) {
                started.countDown();
                try {
                    release.await(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> {
            try (Target target = Target.endpoint(backend.endpoint(), Optional.empty());
                    StackRunner runner = new StackRunner(target,
                            new StackStores(target.clients(), REGION, Clock.systemUTC())
                                    .open(StateLocation.parse(STATE), bp.name(), LockRequest.of("apply")),
                            EngineOptions.defaults().withAfterIntent(hold))) {
                return runner.apply(bp, runner.plan(bp), EngineListener.NONE, new CancellationToken());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(started.await(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("first apply started").isTrue();

            Run second = cairn(verb("apply", file, backend, "--yes"));
            assertThat(second.exit()).as(second.err()).isEqualTo(CairnCommand.EXIT_LOCKED);
            LockHolder holder = S3StackStore.peekHolder(clients.s3(REGION), StateLocation.parse(STATE), bp.name()).orElseThrow();
            assertThat(second.err()).contains("locked by", holder.who(), holder.host(), "running apply",
                    holder.since().toString(), holder.id()).doesNotContain("stale");

            Run waited = cairn(verb("destroy", file, backend, "--yes", "--lock-timeout", "1s"));
            assertThat(waited.exit()).as(waited.err()).isEqualTo(CairnCommand.EXIT_LOCKED);

            Run status = cairn(verb("status", file, backend, "--output", "json"));
            assertThat(status.exit()).as(status.err()).isZero();
            JsonNode lock = new ObjectMapper().readTree(status.out()).path("state").path("lock");
            assertThat(lock.path("id").asText()).isEqualTo(holder.id());
            assertThat(lock.path("command").asText()).isEqualTo("apply");
            assertThat(lock.path("stale").asBoolean()).isFalse();
        } finally {
            release.countDown();
        }
        RunResult result = running.get(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result.succeeded()).as("first apply: %s", result.failed()).isTrue();

        Run status = cairn(verb("status", file, backend, "--output", "json"));
        JsonNode state = new ObjectMapper().readTree(status.out()).path("state");
        assertThat(state.path("location").asText()).isEqualTo("s3://team-state/cairn/demo/");
        assertThat(state.path("lock").isNull()).isTrue();
        Run destroy = cairn(verb("destroy", file, backend, "--yes"));
        assertThat(destroy.exit()).as(destroy.out() + destroy.err()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void apply_whenKilledHoldingTheLock_nextRunReportsItStaleThenUnlockAndResumeLeaveNoTwin(AwsBackend backend)
            throws Exception {
        S3Client s3 = prepare(backend);
        Blueprint bp = BlueprintExample.networkOnly();
        Path file = blueprintFile(bp);
        Path log = dir.resolve("child.log");
        Process child = startApply(backend, file, log);
        StateLocation location = StateLocation.parse(STATE);
        Instant deadline = Instant.now().plus(CHILD_TIMEOUT);
        while (journalSize(s3, location) < KILL_AFTER_ENTRIES) {
            if (!child.isAlive() || Instant.now().isAfter(deadline)) {
                child.destroyForcibly();
                throw new AssertionError("the child never journaled " + KILL_AFTER_ENTRIES + " entries:\n" + Files.readString(log));
            }
            Thread.sleep(POLL.toMillis());
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, the lock stays in the bucket
        assertThat(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        LockHolder dead = S3StackStore.peekHolder(s3, location, bp.name()).orElseThrow(
                () -> new AssertionError("the child finished before the kill:\n" + readQuietly(log)));
        assertThat(dead.pid()).isEqualTo(child.pid());

        Run refused = cairn(verb("apply", file, backend, "--yes"));
        assertThat(refused.exit()).as(refused.err()).isEqualTo(CairnCommand.EXIT_LOCKED);
        assertThat(refused.err()).contains("stale", "cairn state unlock --stack demo --force", "--lock-id " + dead.id());

        Run status = cairn(verb("status", file, backend));
        assertThat(status.out()).contains("locked by", "stale");

        Run wrongId = cairn("state", "unlock", "--stack", "demo", "--force", "--state", STATE, "--endpoint",
                backend.endpoint().toString(), "--region", REGION, "--lock-id", "not-the-lock");
        assertThat(wrongId.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        Run withoutForce = cairn("state", "unlock", "--stack", "demo", "--state", STATE, "--endpoint",
                backend.endpoint().toString(), "--region", REGION);
        assertThat(withoutForce.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        Run unlock = cairn("state", "unlock", "--stack", "demo", "--force", "--state", STATE, "--endpoint",
                backend.endpoint().toString(), "--region", REGION, "--lock-id", dead.id());
        assertThat(unlock.exit()).as(unlock.err()).isZero();
        assertThat(unlock.out()).contains("Removed the lock " + dead.id(), "stale");

        Run resumed = cairn(verb("apply", file, backend, "--yes"));
        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
        assertThat(S3StackStore.peekHolder(s3, location, bp.name())).isEmpty();
        assertExactlyOneOfEach(clients.ec2(REGION), bp.name());
        StackStores.View view = new StackStores(clients, REGION, Clock.systemUTC()).read(location, bp.name());
        assertThat(view.state().pending()).isEmpty();

        Run destroy = cairn(verb("destroy", file, backend, "--yes"));
        assertThat(destroy.exit()).as(destroy.out() + destroy.err()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void stateMigrate_folderToS3AndBack_keepsEveryEntryAndStatusFollows(AwsBackend backend) throws Exception {
        prepare(backend);
        Path folder = dir.resolve("stacks");
        Blueprint bp = BlueprintExample.networkOnly();
        Path file = blueprintFile(bp);
        List<dev.cairn.engine.JournalEntry> entries;
        try (StackStore store = StackStores.local().open(StateLocation.folder(folder), "demo", LockRequest.of("apply"))) {
            for (var spec : dev.cairn.plan.Planner.specs(bp).subList(0, 3)) {
                store.append(dev.cairn.engine.JournalEntry.intent(dev.cairn.engine.JournalEntry.CREATE, spec, "t", null));
                store.append(dev.cairn.engine.JournalEntry.outcome(dev.cairn.engine.JournalEntry.CREATE,
                        dev.cairn.engine.JournalEntry.READY, spec, "id-" + spec.address().name(), Map.of(), null));
            }
            entries = store.journalEntries();
        }
        String endpoint = backend.endpoint().toString();

        Run up = cairn("state", "migrate", "--stack", "demo", "--state", folder.toString(), "--to", STATE,
                "--endpoint", endpoint, "--region", REGION);
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(up.out()).contains("Moved stack demo: " + entries.size() + " journal entries", "s3://team-state/cairn/demo/",
                "verified");
        assertThat(S3StackStore.readJournal(clients.s3(REGION), StateLocation.parse(STATE), "demo")).isEqualTo(entries);

        // A run on the old place follows the move.
        Run status = cairn("status", "--blueprint", file.toString(), "--state", folder.toString(), "--endpoint", endpoint,
                "--output", "json");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(new ObjectMapper().readTree(status.out()).path("state").path("location").asText())
                .isEqualTo("s3://team-state/cairn/demo/");

        Run again = cairn("state", "migrate", "--stack", "demo", "--state", folder.toString(), "--to", STATE,
                "--endpoint", endpoint, "--region", REGION);
        assertThat(again.exit()).as("the folder is only a pointer now").isNotZero();

        Run down = cairn("state", "migrate", "--stack", "demo", "--state", STATE, "--to", folder.toString(),
                "--endpoint", endpoint, "--region", REGION);
        assertThat(down.exit()).as(down.err()).isZero();
        try (StackStore back = StackStores.local().openExactly(StateLocation.folder(folder), "demo", LockRequest.of("status"))) {
            assertThat(back.journalEntries()).isEqualTo(entries);
        }
        Run text = cairn("status", "--blueprint", file.toString(), "--state", STATE, "--endpoint", endpoint);
        assertThat(text.out()).contains("Stack demo (" + folder.resolve("demo") + ")");
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static int journalSize(S3Client s3, StateLocation location) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(location.stackPrefix("demo") + S3StackStore.JOURNAL_DIR))
                .keyCount();
    }

    /** Every address the stack tagged is on exactly one resource: the resumed run made no twin. */
    private static void assertExactlyOneOfEach(Ec2Client ec2, String stack) {
        Map<String, Set<String>> idsByAddress = new HashMap<>();
        Map<String, String> stackOf = new HashMap<>();
        List<TagDescription> tags = ec2.describeTagsPaginator(b -> b.filters(f -> f.name("key").values(Tags.STACK, Tags.ADDRESS)))
                .tags().stream().toList();
        tags.stream().filter(t -> t.key().equals(Tags.STACK)).forEach(t -> stackOf.put(t.resourceId(), t.value()));
        tags.stream().filter(t -> t.key().equals(Tags.ADDRESS) && stack.equals(stackOf.get(t.resourceId())))
                .forEach(t -> idsByAddress.computeIfAbsent(t.value(), a -> new HashSet<>()).add(t.resourceId()));
        assertThat(idsByAddress).as("tagged addresses").isNotEmpty();
        idsByAddress.forEach((address, ids) -> assertThat(ids).as("resources of %s", address).hasSize(1));
    }

    private Process startApply(AwsBackend backend, Path blueprint, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String home = System.getProperty(StackStore.HOME_PROPERTY, dir.resolve("home").toString());
        String sshDir = System.getProperty(KeyPairHandler.SSH_DIR_PROPERTY, dir.resolve("ssh").toString());
        // One resource at a time, so the kill lands while the run still holds the lock.
        List<String> command = List.of(java, "-cp", classpath, "-D" + StackStore.HOME_PROPERTY + "=" + home,
                "-D" + KeyPairHandler.SSH_DIR_PROPERTY + "=" + sshDir, "dev.cairn.Main", "apply", "--endpoint",
                backend.endpoint().toString(), "--blueprint", blueprint.toString(), "--state", STATE, "--parallelism", "1",
                "--yes");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("AWS_ACCESS_KEY_ID", "sandbox");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "sandbox");
        pb.environment().remove("AWS_PROFILE");
        pb.environment().remove("AWS_SESSION_TOKEN");
        return pb.start();
    }
}
