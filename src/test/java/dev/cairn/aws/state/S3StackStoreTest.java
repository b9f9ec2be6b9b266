package dev.cairn.aws.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.LocalStackStore;
import dev.cairn.engine.LockHolder;
import dev.cairn.engine.LockRequest;
import dev.cairn.engine.StackLockedException;
import dev.cairn.engine.StackStore;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.Props;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.StateLocation;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.testing.AwsBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * The S3 stack store on every backend that serves S3 (moto, and the Sandbox once it has S3):
 * the journal read back gives the same state as the folder store, the lock refuses a second run
 * naming its holder, heartbeats and staleness follow the clock, and a second writer is refused.
 */
class S3StackStoreTest {
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";
    private static final String REGION = "ap-northeast-2";
    private static final String BUCKET = "team-state";
    private static final StateLocation LOCATION = StateLocation.parse("s3://" + BUCKET + "/cairn");

    private final ResourceSpec vpc = spec("network.vpc", Map.of("cidr", "10.0.0.0/16"));
    private final ResourceSpec subnet = new ResourceSpec(Address.parse("network.subnet[a]"), Ec2Kinds.SUBNET, REGION,
            Props.of(Map.of("cidr", "10.0.1.0/24")), Map.of("vpc", Address.parse("network.vpc")), Set.of(), Map.of());

    @TempDir
    Path tmp;

    private AwsClients clients;

    @AfterEach
    void closeClients() {
        if (clients != null) {
            clients.close();
        }
    }

    private static ResourceSpec spec(String address, Map<String, ?> props) {
        return new ResourceSpec(Address.parse(address), Ec2Kinds.VPC, REGION, Props.of(props), Map.of(), Set.of(), Map.of());
    }

    private S3Client s3(AwsBackend backend) {
        assumeTrue(backend.serves("s3"), backend.name() + " does not serve S3 yet");
        backend.reset();
        clients = AwsClients.sandbox(backend.endpoint());
        S3Client s3 = clients.s3(REGION);
        s3.createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint(
                BucketLocationConstraint.fromValue(REGION))));
        return s3;
    }

    private List<JournalEntry> someEntries() {
        return List.of(
                JournalEntry.intent(JournalEntry.CREATE, vpc, "tok-1", null),
                JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.CREATED, vpc, "vpc-1", Map.of("a", "1"), null),
                JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, vpc, "vpc-1", Map.of("b", "2"), null),
                JournalEntry.intent(JournalEntry.CREATE, subnet, "tok-2", null));
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void reopen_afterAppends_readsTheJournalBackToTheSameStateAsTheFolderStore(AwsBackend backend) throws Exception {
        S3Client s3 = s3(backend);
        List<JournalEntry> written;
        try (S3StackStore store = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("apply"))) {
            for (JournalEntry e : someEntries()) {
                store.append(e);
            }
            written = store.journalEntries();
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("cairn/demo/journal/")).contents())
                .extracting(o -> o.key())
                .containsExactly("cairn/demo/journal/0000000001.json", "cairn/demo/journal/0000000002.json",
                        "cairn/demo/journal/0000000003.json", "cairn/demo/journal/0000000004.json");

        StackState local;
        try (LocalStackStore folder = LocalStackStore.open(tmp.resolve("demo"), "demo", Clock.systemUTC())) {
            folder.importJournal(written);
            local = folder.state();
        }
        try (S3StackStore again = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("status"))) {
            assertThat(again.journalEntries()).isEqualTo(written);
            assertThat(again.state()).isEqualTo(local).isEqualTo(StackStore.rebuild("demo", written));
            assertThat(again.state().get(vpc.address()).orElseThrow().status()).isEqualTo(ItemStatus.READY);
            assertThat(again.state().pending()).containsOnlyKeys(subnet.address());
        }
        // The snapshot written on close is the same state, for people and other tools.
        byte[] snapshot = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cairn/demo/state.json")).asByteArray();
        assertThat(StackStore.mapper().readValue(snapshot, StackState.class)).isEqualTo(local);
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("cairn/demo/lock.json")).contents())
                .as("the lock is released on close").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void open_whenAnotherRunHoldsTheLock_isRefusedAtOnceNamingTheHolder(AwsBackend backend) throws Exception {
        S3Client s3 = s3(backend);
        try (S3StackStore first = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("apply"))) {
            LockHolder holder = first.holder().orElseThrow();
            long started = System.nanoTime();
            assertThatThrownBy(() -> S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("destroy")))
                    .isInstanceOfSatisfying(StackLockedException.class, e -> {
                        assertThat(e.holder()).contains(holder);
                        assertThat(e.stale()).isFalse();
                        assertThat(e.getMessage()).contains(holder.who(), holder.host(), "apply",
                                holder.since().toString(), "s3://team-state/cairn/demo/");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LockRequest.WAIT_POLL);
            assertThat(S3StackStore.peekHolder(s3, LOCATION, "demo")).contains(holder);
        }
        try (S3StackStore again = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("apply"))) {
            assertThat(again.stack()).isEqualTo("demo");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void open_withLockTimeout_waitsUntilTheHolderFinishes(AwsBackend backend) throws Exception {
        S3Client s3 = s3(backend);
        S3StackStore first = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("apply"));
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1500);
                first.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (S3StackStore second = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(),
                LockRequest.of("apply").waiting(Duration.ofSeconds(30)))) {
            assertThat(release).isDone();
            assertThat(second.holder().orElseThrow().id()).isNotEqualTo(first.holder().orElseThrow().id());
        }
        release.get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void lock_onAFakeClock_goesStaleWithoutHeartbeatsAndFreshWithOne(AwsBackend backend) throws Exception {
        S3Client s3 = s3(backend);
        ManualClock clock = new ManualClock();
        try (S3StackStore store = S3StackStore.open(s3, LOCATION, "demo", clock, LockRequest.of("apply"),
                S3StackStore.AppendHook.NONE, false)) {
            LockHolder taken = S3StackStore.peekHolder(s3, LOCATION, "demo").orElseThrow();
            assertThat(taken.heartbeat()).isEqualTo(clock.instant());
            assertThat(taken.stale(clock.instant())).isFalse();

            clock.advance(LockHolder.HEARTBEAT_EVERY);
            assertThat(store.refreshLock()).isTrue();
            LockHolder beat = S3StackStore.peekHolder(s3, LOCATION, "demo").orElseThrow();
            assertThat(beat.heartbeat()).isEqualTo(clock.instant());
            assertThat(beat.id()).isEqualTo(taken.id());

            // No heartbeat for longer than the window: a run refused now reports the lock stale.
            clock.advance(LockHolder.STALE_AFTER.plusSeconds(1));
            assertThat(S3StackStore.peekHolder(s3, LOCATION, "demo").orElseThrow().stale(clock.instant())).isTrue();
            assertThatThrownBy(() -> S3StackStore.open(s3, LOCATION, "demo", clock, LockRequest.of("apply")))
                    .isInstanceOfSatisfying(StackLockedException.class, e -> {
                        assertThat(e.stale()).isTrue();
                        assertThat(e.getMessage()).contains("stale", "cairn state unlock --stack demo --force",
                                "--lock-id " + taken.id());
                    });

            assertThat(store.refreshLock()).isTrue();
            assertThat(S3StackStore.peekHolder(s3, LOCATION, "demo").orElseThrow().stale(clock.instant())).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void heartbeat_whenTheLockWasRemoved_failsAndEveryLaterAppendIsRefused(AwsBackend backend) throws Exception {
        S3Client s3 = s3(backend);
        try (S3StackStore store = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("apply"),
                S3StackStore.AppendHook.NONE, false)) {
            store.append(someEntries().get(0));
            String id = store.holder().orElseThrow().id();
            assertThatThrownBy(() -> S3StackStore.unlock(s3, LOCATION, "demo", Optional.of("not-" + id)))
                    .hasMessageContaining("nothing was removed");
            assertThat(S3StackStore.unlock(s3, LOCATION, "demo", Optional.of(id))).map(LockHolder::id).contains(id);
            // Another run takes the stack meanwhile.
            try (S3StackStore thief = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("apply"),
                    S3StackStore.AppendHook.NONE, false)) {
                assertThat(store.refreshLock()).isFalse();
                assertThat(store.lockLost()).isTrue();
                assertThatThrownBy(() -> store.append(someEntries().get(1))).isInstanceOf(IOException.class)
                        .hasMessageContaining("lost its lock");
                assertThat(thief.journalEntries()).hasSize(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void append_whenAnotherWriterWroteTheEntry_failsLoudlyAndNeverOverwrites(AwsBackend backend) throws Exception {
        S3Client s3 = s3(backend);
        try (S3StackStore store = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("apply"))) {
            store.append(someEntries().get(0));
            byte[] intruder = "{\"seq\":2,\"type\":\"intent\"}".getBytes(StandardCharsets.UTF_8);
            s3.putObject(b -> b.bucket(BUCKET).key("cairn/demo/journal/0000000002.json"), RequestBody.fromBytes(intruder));

            assertThatThrownBy(() -> store.append(someEntries().get(1))).isInstanceOf(IOException.class)
                    .hasMessageContaining("already exists").hasMessageContaining("another run");
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cairn/demo/journal/0000000002.json")).asByteArray())
                    .isEqualTo(intruder);
            assertThatThrownBy(() -> store.append(someEntries().get(2))).hasMessageContaining("lost its lock");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void append_whenTheRunDiesRightAfterTheIntentObject_nextOpenSeesThePendingIntent(AwsBackend backend) throws Exception {
        S3Client s3 = s3(backend);
        S3StackStore.AppendHook dieAfterSecond = e -> {
            if (e.seq() == 2) {
                throw new IOException("simulated crash after entry 2 reached the bucket");
            }
        };
        S3StackStore dying = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("apply"),
                dieAfterSecond, false);
        dying.append(someEntries().get(0));
        assertThatThrownBy(() -> dying.append(someEntries().get(3))).hasMessageContaining("simulated crash");
        // The process is gone: its lock stays until someone removes it (it is not closed).
        assertThatThrownBy(() -> S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("apply")))
                .isInstanceOf(StackLockedException.class);
        S3StackStore.unlock(s3, LOCATION, "demo", Optional.empty());

        try (S3StackStore next = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("apply"))) {
            assertThat(next.journalEntries()).extracting(JournalEntry::seq).containsExactly(1L, 2L);
            assertThat(next.state().pending()).containsOnlyKeys(vpc.address(), subnet.address());
            assertThat(next.append(someEntries().get(1)).seq()).isEqualTo(3L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void sideFiles_areKeptBesideTheJournalAndListed(AwsBackend backend) throws Exception {
        S3Client s3 = s3(backend);
        try (S3StackStore store = S3StackStore.open(s3, LOCATION, "demo", Clock.systemUTC(), LockRequest.of("apply"))) {
            store.writeFile("target.json", "{\"account\":\"123456789012\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(store.sideFiles()).containsExactly("target.json");
            assertThat(new String(store.readFile("target.json").orElseThrow(), StandardCharsets.UTF_8)).contains("123456789012");
            assertThat(store.readFile("other.json")).isEmpty();
            assertThatThrownBy(() -> store.writeFile("lock.json", new byte[0])).isInstanceOf(IllegalArgumentException.class);
            store.append(someEntries().get(0));
        }
        assertThat(S3StackStore.list(s3, LOCATION)).singleElement().satisfies(l -> {
            assertThat(l.stack()).isEqualTo("demo");
            assertThat(l.lock()).isEmpty();
            assertThat(l.lastChange()).isPresent();
            assertThat(l.movedTo()).isEmpty();
        });
    }
}
