package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.LocalStackStore;
import dev.cairn.model.Address;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.S3Kinds;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the workspace offers to move a stack's state into a team bucket: only once the stack's own
 * state bucket ({@code role=state}) is applied, only while its state is on this computer, and not
 * again after "Not now" for that bucket. Nothing here calls AWS.
 */
class MigrateOfferTest {

    @TempDir
    Path home;

    private TargetHolder targets;
    private WorkspaceViewModel vm;

    @BeforeEach
    void open() {
        targets = GuiFixtures.sandbox(home);
        vm = GuiFixtures.model(home, new CurrentThreadTaskExecutor(), targets).workspace();
        vm.openInitial(null);
    }

    @AfterEach
    void close() {
        targets.close();
    }

    /** Journals a bucket of {@code role} as created and ready in the open stack's local state. */
    private void journalBucket(String name, String role, boolean ready) throws Exception {
        ResourceSpec bucket = new ResourceSpec(Address.of("storage", "bucket", name), S3Kinds.BUCKET, "ap-northeast-2",
                Map.of("name", name, "role", role), Map.of(), Set.of());
        try (var store = LocalStackStore.open(home.resolve("stacks/my-network"), "my-network", Clock.systemUTC())) {
            store.append(JournalEntry.intent(JournalEntry.CREATE, bucket, "token-" + name, null));
            store.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.CREATED, bucket, name, Map.of(), null));
            if (ready) {
                store.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, bucket, name, Map.of(), null));
            }
        }
        vm.openStack("my-network");
    }

    @Test
    void openStack_whenItsStateBucketIsApplied_offersToMoveTheStateIntoIt() throws Exception {
        assertThat(vm.migrateOfferProperty().get()).as("no bucket yet").isNull();

        journalBucket("team-state-0001", "state", true);

        assertThat(vm.migrateOfferProperty().get()).isEqualTo("team-state-0001");
        assertThat(WorkspaceViewModel.teamLocationIn("team-state-0001")).isEqualTo("s3://team-state-0001");
    }

    @Test
    void openStack_whenTheBucketHoldsDataOrIsStillBeingMade_offersNothing() throws Exception {
        journalBucket("photos-0001", "data", true);
        assertThat(vm.migrateOfferProperty().get()).as("a data bucket").isNull();

        journalBucket("team-state-0002", "state", false);
        assertThat(vm.migrateOfferProperty().get()).as("a state bucket not ready yet").isNull();
    }

    @Test
    void dismissMigrate_hidesTheOfferForThatBucketUntilTheStackIsOpenedAgain() throws Exception {
        journalBucket("team-state-0003", "state", true);

        vm.dismissMigrate();
        assertThat(vm.migrateOfferProperty().get()).isNull();

        vm.openStack("my-network");
        assertThat(vm.migrateOfferProperty().get()).as("asked again next time").isEqualTo("team-state-0003");
    }
}
