package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.state.S3StackStore;
import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.LocalStackStore;
import dev.cairn.engine.LockHolder;
import dev.cairn.engine.LockRequest;
import dev.cairn.engine.StackLockedException;
import dev.cairn.engine.StackMovedException;
import dev.cairn.engine.StackStore;
import dev.cairn.model.Address;
import dev.cairn.model.Props;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.StateLocation;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.model.kinds.S3Kinds;
import dev.cairn.testing.AwsBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * The API both faces use for team state: open, list, unlock, and migrate a stack between a
 * folder and S3 (and back) keeping every journal entry, with the old place refusing or
 * redirecting later runs.
 */
class StackStoresTest {
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";
    private static final String REGION = "ap-northeast-2";
    private static final String BUCKET = "team-state";

    @TempDir
    Path tmp;

    private AwsClients clients;

    @AfterEach
    void closeClients() {
        if (clients != null) {
            clients.close();
        }
    }

    private static ResourceSpec vpc() {
        return new ResourceSpec(Address.parse("network.vpc"), Ec2Kinds.VPC, REGION, Props.of(Map.of("cidr", "10.0.0.0/16")),
                Map.of(), Set.of(), Map.of());
    }

    private static void build(StackStore store, int resources) throws Exception {
        for (int i = 0; i < resources; i++) {
            ResourceSpec spec = new ResourceSpec(Address.parse("network.subnet[s" + i + "]"), Ec2Kinds.SUBNET, REGION,
                    Props.of(Map.of("cidr", "10.0." + i + ".0/24")), Map.of("vpc", Address.parse("network.vpc")), Set.of(),
                    Map.of());
            store.append(JournalEntry.intent(JournalEntry.CREATE, spec, "tok-" + i, null));
            store.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, spec, "subnet-" + i, Map.of(), null));
        }
        store.writeFile("target.json", "{\"kind\":\"sandbox\",\"account\":\"000000000000\"}".getBytes(StandardCharsets.UTF_8));
    }

    private StackStores withS3(AwsBackend backend) {
        assumeTrue(backend.serves("s3"), backend.name() + " does not serve S3 yet");
        backend.reset();
        clients = AwsClients.sandbox(backend.endpoint());
        S3Client s3 = clients.s3(REGION);
        s3.createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint(
                BucketLocationConstraint.fromValue(REGION))));
        return new StackStores(clients, REGION, Clock.systemUTC());
    }

    @Test
    void open_whenAnotherRunHoldsAFolderStack_isRefusedNamingTheHolderLikeS3() throws Exception {
        StateLocation folder = StateLocation.folder(tmp.resolve("stacks"));
        StackStores stores = StackStores.local();
        try (StackStore first = stores.open(folder, "demo", LockRequest.of("apply"))) {
            LockHolder holder = first.holder().orElseThrow();
            assertThat(holder.command()).isEqualTo("apply");
            assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(stores.lockHolder(folder, "demo")).contains(holder);
            assertThatThrownBy(() -> stores.open(folder, "demo", LockRequest.of("destroy")))
                    .isInstanceOfSatisfying(StackLockedException.class, e -> {
                        assertThat(e.holder()).contains(holder);
                        assertThat(e.getMessage()).contains(holder.who(), "running apply since");
                    });
            assertThat(stores.list(folder)).singleElement().satisfies(s -> {
                assertThat(s.stack()).isEqualTo("demo");
                assertThat(s.lock()).contains(holder);
                assertThat(s.stale()).isFalse();
            });
            assertThatThrownBy(() -> stores.unlock(folder, "demo", Optional.empty())).hasMessageContaining("stop that process");
        }
        assertThat(stores.lockHolder(folder, "demo")).as("released on close").isEmpty();
        assertThat(stores.list(folder).get(0).lock()).isEmpty();
    }

    @Test
    void migrate_betweenTwoFolders_keepsEveryEntryAndTheOldPlaceRedirects() throws Exception {
        StackStores stores = StackStores.local();
        StateLocation a = StateLocation.folder(tmp.resolve("a"));
        StateLocation b = StateLocation.folder(tmp.resolve("b"));
        List<JournalEntry> entries;
        try (StackStore store = stores.open(a, "demo", LockRequest.of("apply"))) {
            build(store, 3);
            entries = store.journalEntries();
        }
        StackStores.Migration m = stores.migrate("demo", a, b);
        assertThat(m.entries()).isEqualTo(entries.size());
        assertThat(m.sideFiles()).containsExactly("target.json");

        assertThatThrownBy(() -> stores.openExactly(a, "demo", LockRequest.of("apply")))
                .isInstanceOfSatisfying(StackMovedException.class, e -> assertThat(e.movedTo()).isEqualTo(b.toString()));
        try (StackStore followed = stores.open(a, "demo", LockRequest.of("apply"))) {
            assertThat(followed.location()).isEqualTo(b.stackFolder("demo").toString());
            assertThat(followed.journalEntries()).isEqualTo(entries);
        }
        assertThat(stores.read(a, "demo").location()).isEqualTo(b.stackFolder("demo").toString());
        assertThat(stores.list(a)).singleElement().satisfies(s -> assertThat(s.movedTo()).contains(b.toString()));
    }

    @Test
    void migrate_whenDestinationHoldsAnotherCopy_refusesAndMovesNothing() throws Exception {
        StackStores stores = StackStores.local();
        StateLocation a = StateLocation.folder(tmp.resolve("a"));
        StateLocation b = StateLocation.folder(tmp.resolve("b"));
        for (StateLocation l : List.of(a, b)) {
            try (StackStore store = stores.open(l, "demo", LockRequest.of("apply"))) {
                build(store, 1);
            }
        }
        assertThatThrownBy(() -> stores.migrate("demo", a, b)).hasMessageContaining("two live copies");
        assertThat(Files.exists(a.stackFolder("demo").resolve(StackStore.MOVED_FILE))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void migrate_localToS3ToLocal_keepsEveryEntry(AwsBackend backend) throws Exception {
        StackStores stores = withS3(backend);
        StateLocation local = StateLocation.folder(tmp.resolve("stacks"));
        StateLocation s3 = StateLocation.parse("s3://" + BUCKET + "/team");
        List<JournalEntry> built;
        try (StackStore store = stores.open(local, "demo", LockRequest.of("apply"))) {
            build(store, 3);
            built = store.journalEntries();
        }

        StackStores.Migration up = stores.migrate("demo", local, s3);
        assertThat(up.to()).isEqualTo("s3://team-state/team/demo/");
        assertThat(up.copied()).isEqualTo(built.size());
        List<JournalEntry> inS3 = S3StackStore.readJournal(clients.s3(REGION), s3, "demo");
        assertThat(inS3).isEqualTo(built);

        // Work goes on in S3: a run without --state follows the move.
        List<JournalEntry> grown;
        try (StackStore store = stores.open(local, "demo", LockRequest.of("apply"))) {
            assertThat(store.location()).isEqualTo("s3://team-state/team/demo/");
            store.append(JournalEntry.intent(JournalEntry.CREATE, vpc(), "tok-vpc", null));
            grown = store.journalEntries();
        }
        assertThat(stores.list(s3)).singleElement().satisfies(s -> {
            assertThat(s.stack()).isEqualTo("demo");
            assertThat(s.lock()).isEmpty();
            assertThat(s.movedTo()).isEmpty();
        });

        StackStores.Migration down = stores.migrate("demo", s3, local);
        assertThat(down.entries()).isEqualTo(grown.size());
        assertThat(down.copied()).as("only what S3 added since").isEqualTo(1);
        try (StackStore back = stores.openExactly(local, "demo", LockRequest.of("apply"))) {
            assertThat(back.journalEntries()).isEqualTo(grown);
            assertThat(back.state()).isEqualTo(StackStore.rebuild("demo", grown));
            assertThat(back.readFile("target.json")).isPresent();
            assertThat(back.sideFiles()).doesNotContain(StackStore.MOVED_FILE);
        }
        assertThatThrownBy(() -> stores.openExactly(s3, "demo", LockRequest.of("apply")))
                .isInstanceOf(StackMovedException.class).hasMessageContaining(local.toString());
        assertThat(stores.list(s3).get(0).movedTo()).contains(local.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void migrate_whenSourceLocked_refusesWithTheHolder(AwsBackend backend) throws Exception {
        StackStores stores = withS3(backend);
        StateLocation local = StateLocation.folder(tmp.resolve("stacks"));
        StateLocation s3 = StateLocation.parse("s3://" + BUCKET);
        try (StackStore store = stores.open(local, "demo", LockRequest.of("apply"))) {
            build(store, 1);
            assertThatThrownBy(() -> stores.migrate("demo", local, s3)).isInstanceOf(StackLockedException.class)
                    .hasMessageContaining("running apply");
        }
        assertThat(S3StackStore.list(clients.s3(REGION), s3)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void moveOutOfOwnBucket_whenTheStackCreatedItsStateBucket_movesTheStateToTheFolderFirst(AwsBackend backend)
            throws Exception {
        StackStores stores = withS3(backend);
        StateLocation s3 = StateLocation.parse("s3://" + BUCKET + "/team");
        StateLocation local = StateLocation.folder(tmp.resolve("stacks"));
        ResourceSpec bucket = new ResourceSpec(Address.parse("storage.bucket[state]"), S3Kinds.BUCKET, REGION,
                Props.of(Map.of("name", BUCKET, "role", "state")), Map.of(), Set.of(), Map.of());
        try (StackStore store = stores.open(s3, "demo", LockRequest.of("apply"))) {
            build(store, 1);
            assertThat(stores.moveOutOfOwnBucket(s3, "demo", local)).as("not yet: no state bucket of its own").isEmpty();
        }
        try (StackStore store = stores.open(s3, "demo", LockRequest.of("apply"))) {
            store.append(JournalEntry.intent(JournalEntry.CREATE, bucket, "tok-b", null));
            store.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, bucket, BUCKET, Map.of(), null));
        }
        StackStores.Migration moved = stores.moveOutOfOwnBucket(s3, "demo", local).orElseThrow();
        assertThat(moved.to()).isEqualTo(local.stackFolder("demo").toString());
        try (StackStore store = stores.open(s3, "demo", LockRequest.of("destroy"))) {
            assertThat(store.location()).as("the destroy runs on the folder").isEqualTo(local.stackFolder("demo").toString());
            assertThat(store.journalEntries()).hasSize(moved.entries());
        }
        assertThat(stores.moveOutOfOwnBucket(s3, "demo", local)).as("already moved").isEmpty();
    }

    @Test
    void stateInOwnBucket_whenTheStackCreatedTheStateBucket_isTrue() {
        ResourceSpec bucket = new ResourceSpec(Address.parse("storage.bucket[state]"), S3Kinds.BUCKET, REGION,
                Props.of(Map.of("name", BUCKET, "role", "state")), Map.of(), Set.of(), Map.of());
        StackState state = StackStore.fold(StackState.empty("demo"),
                JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, bucket, BUCKET, Map.of(), null).stamped(1,
                        java.time.Instant.now()));
        assertThat(StackStores.stateInOwnBucket(state, StateLocation.parse("s3://" + BUCKET + "/x"))).isTrue();
        assertThat(StackStores.stateInOwnBucket(state, StateLocation.parse("s3://other-bucket"))).isFalse();
        assertThat(StackStores.stateInOwnBucket(state, StateLocation.folder(Path.of("/tmp/x")))).isFalse();
    }

    @Test
    void readFolder_whileARunHoldsIt_readsWithoutWaitingAndNamesTheHolder() throws Exception {
        Path dir = tmp.resolve("demo");
        try (LocalStackStore store = LocalStackStore.open(dir, "demo", Clock.systemUTC(), LockRequest.of("apply"))) {
            build(store, 2);
            StackStores.View view = StackStores.local().readFolder(dir, "demo");
            assertThat(view.state()).isEqualTo(store.state());
            assertThat(view.lock()).contains(store.holder().orElseThrow());
            assertThat(view.stale()).isFalse();
        }
    }
}
