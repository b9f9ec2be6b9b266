package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.LocalStackStore;
import dev.cairn.engine.StackStore;
import dev.cairn.model.Address;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StateLocation;
import dev.cairn.model.kinds.S3Kinds;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.testing.AwsBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The workspace with a stack whose state lives in a team bucket, against a real S3 protocol (the
 * Sandbox's and moto's): opened from the bucket with its state and lock holder, a run refused
 * while a teammate holds the lock, a missing bucket said, and a local stack moved into the state
 * bucket it built.
 */
class WorkspaceTeamStateTest {

    @TempDir
    Path home;

    private static TeamBucketFixture bucketOn(AwsBackend backend) {
        assumeThat(backend.serves("s3")).as(backend.name() + " serves S3").isTrue();
        return new TeamBucketFixture(backend);
    }

    private WorkspaceViewModel workspace(TeamBucketFixture team) {
        WorkspaceViewModel vm = GuiFixtures.model(home, new CurrentThreadTaskExecutor(), team.targets).workspace();
        vm.openInitial(null);
        vm.account().regionProperty().set(TeamBucketFixture.REGION);
        return vm;
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#all")
    void openTeamStack_whenTheBucketSharesItsBlueprint_opensItWithItsStateAndLockHolder(AwsBackend backend)
            throws Exception {
        try (TeamBucketFixture team = bucketOn(backend)) {
            WorkspaceViewModel vm = workspace(team);
            try (StackStore held = team.stack("shared")) {
                vm.openTeamStack(team.location(), "shared");

                assertThat(vm.openProblemProperty().get()).isNull();
                assertThat(vm.stackProperty().get()).isEqualTo("shared");
                assertThat(vm.teamLocationProperty().get()).isEqualTo(team.location());
                assertThat(vm.stateLoadingProperty().get()).isFalse();
                assertThat(vm.stateProperty().get().resources()).hasSize(1);
                assertThat(vm.lockProperty().get()).isNotNull();
                assertThat(vm.lockProperty().get().command()).isEqualTo("apply");
                assertThat(vm.stacks()).filteredOn(StackCatalog.StackSummary::team)
                        .extracting(StackCatalog.StackSummary::name).containsExactly("shared");
                assertThat(new StackCatalog(home).load("shared").orElseThrow().state())
                        .as("the blueprint on this computer keeps its state in the bucket").isEqualTo(team.location());

                // A teammate's run holds the lock: this one is refused at once, naming the holder.
                vm.apply();
                assertThat(vm.outcomeProperty().get().error().key()).isEqualTo("team.error.locked");
                assertThat(vm.outcomeProperty().get().error().args().get(0)).contains("apply")
                        .contains(System.getProperty("user.name"));
            }
            vm.readTeamState();
            assertThat(vm.lockProperty().get()).as("the teammate's run ended").isNull();
            assertThat(vm.canApplyBinding().get()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#all")
    void openStack_whenItsTeamBucketIsGone_saysSoAndRunsNothing(AwsBackend backend) {
        try (TeamBucketFixture team = bucketOn(backend)) {
            WorkspaceViewModel vm = workspace(team);
            StackCatalog catalog = new StackCatalog(home);
            String gone = "s3://" + team.bucket + "-gone/team";
            catalog.save(StackCatalog.defaultBlueprint("orphan", TeamBucketFixture.REGION).withState(gone));

            vm.openStack("orphan");

            assertThat(vm.teamLocationProperty().get()).isEqualTo(gone);
            assertThat(vm.stateProblemProperty().get()).isEqualTo(Problem.of("team.error.noBucket", gone));
            assertThat(vm.canApplyBinding().get()).as("the state is unknown").isFalse();
            assertThat(vm.canTeardownBinding().get()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#all")
    void migrateToTeamBucket_whenTheStackBuiltItsStateBucket_movesEveryEntryAndOpensTheStackThere(AwsBackend backend)
            throws Exception {
        try (TeamBucketFixture team = bucketOn(backend)) {
            WorkspaceViewModel vm = workspace(team);
            // The stack's own Storage step built the state bucket: its record, as an apply journals it.
            ResourceSpec bucket = new ResourceSpec(Address.of("storage", "bucket", "state"), S3Kinds.BUCKET,
                    TeamBucketFixture.REGION, Map.of("name", team.bucket, "role", "state"), Map.of(), Set.of());
            try (var local = LocalStackStore.open(home.resolve("stacks/my-network"), "my-network", Clock.systemUTC())) {
                local.append(JournalEntry.intent(JournalEntry.CREATE, bucket, "token-state", null));
                local.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, bucket, team.bucket, Map.of(), null));
            }
            vm.openStack("my-network");
            var before = vm.stateProperty().get();
            assertThat(vm.migrateOfferProperty().get()).isEqualTo(team.bucket);

            vm.migrateToTeamBucket();

            assertThat(vm.migrateSucceededProperty().get()).as(String.valueOf(vm.migrateResultProperty().get())).isTrue();
            String to = "s3://" + team.bucket;
            assertThat(vm.migrateResultProperty().get()).isEqualTo(Problem.of("migrate.done", "my-network", "2", to));
            assertThat(vm.teamLocationProperty().get()).isEqualTo(to);
            assertThat(vm.migrateOfferProperty().get()).isNull();
            assertThat(vm.stateProperty().get()).as("read back from the bucket").isEqualTo(before);
            assertThat(new StackCatalog(home).load("my-network").orElseThrow().state()).isEqualTo(to);
            byte[] shared = team.s3.getObjectAsBytes(b -> b.bucket(team.bucket)
                    .key(StateLocation.parse(to).stackPrefix("my-network") + WorkspaceViewModel.SHARED_BLUEPRINT)).asByteArray();
            assertThat(BlueprintYaml.read(new String(shared, StandardCharsets.UTF_8)).blueprint().name())
                    .as("the blueprint went with it, so a teammate can open the stack").isEqualTo("my-network");
        }
    }
}
