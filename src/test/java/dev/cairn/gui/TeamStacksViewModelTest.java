package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.engine.LockHolder;
import dev.cairn.testing.AwsBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The team bucket list of the Open stack dialog, against a real S3 protocol (the Sandbox's and
 * moto's): stacks with their last change and lock holder, the empty states, a stale lock removed.
 */
class TeamStacksViewModelTest {

    private static TeamStacksViewModel listing(Targets targets, List<String[]> opened) {
        return new TeamStacksViewModel(new CurrentThreadTaskExecutor(), new AppTeamStates(targets, Clock.systemUTC()),
                () -> TargetChoice.SANDBOX, () -> TeamBucketFixture.REGION, (at, name) -> opened.add(new String[] {at, name}));
    }

    private static TeamBucketFixture bucketOn(AwsBackend backend) {
        assumeThat(backend.serves("s3")).as(backend.name() + " serves S3").isTrue();
        return new TeamBucketFixture(backend);
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#all")
    void list_whenTheBucketHoldsStacks_showsEachWithItsLastChangeAndLockHolder(AwsBackend backend) throws Exception {
        try (TeamBucketFixture team = bucketOn(backend)) {
            team.stack("web").close();
            try (var held = team.stack("api")) {
                List<String[]> opened = new ArrayList<>();
                TeamStacksViewModel vm = listing(team.targets, opened);
                vm.locationProperty().set(team.location());

                vm.list();

                assertThat(vm.problemProperty().get()).isNull();
                assertThat(vm.stacks()).extracting(TeamStack::name).containsExactly("api", "web");
                TeamStack api = vm.stacks().get(0);
                assertThat(api.lock()).as("api is held by the open store").isNotNull();
                assertThat(api.lock().who()).isEqualTo(System.getProperty("user.name"));
                assertThat(api.lock().host()).isEqualTo(LockHolder.thisHost());
                assertThat(api.lock().command()).isEqualTo("apply");
                assertThat(api.lock().stale()).as("its process is alive").isFalse();
                assertThat(vm.stacks().get(1).lock()).as("web's run ended").isNull();
                assertThat(vm.stacks()).allSatisfy(s -> assertThat(s.lastChange()).isNotNull());

                vm.selectedProperty().set(api);
                assertThat(vm.canUnlockBinding().get()).as("a live lock is not removed from here").isFalse();
                vm.openSelected();
                assertThat(opened).singleElement().satisfies(o -> assertThat(o).containsExactly(team.location(), "api"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#all")
    void list_whenNoStackIsUnderThePrefix_saysHowToPutOneThere(AwsBackend backend) {
        try (TeamBucketFixture team = bucketOn(backend)) {
            TeamStacksViewModel vm = listing(team.targets, new ArrayList<>());
            vm.locationProperty().set(team.location());

            vm.list();

            assertThat(vm.stacks()).isEmpty();
            assertThat(vm.problemProperty().get()).isEqualTo(Problem.of("team.empty", team.location()));
            assertThat(vm.loadingProperty().get()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#all")
    void list_whenTheBucketDoesNotExist_saysSoAndHowToMakeIt(AwsBackend backend) {
        try (TeamBucketFixture team = bucketOn(backend)) {
            TeamStacksViewModel vm = listing(team.targets, new ArrayList<>());
            String missing = "s3://" + team.bucket + "-gone/team";
            vm.locationProperty().set(missing);

            vm.list();

            assertThat(vm.stacks()).isEmpty();
            assertThat(vm.problemProperty().get()).isEqualTo(Problem.of("team.error.noBucket", missing));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#all")
    void unlockSelected_whenTheLockIsStale_removesItAndTheStackListsFree(AwsBackend backend) throws Exception {
        try (TeamBucketFixture team = bucketOn(backend)) {
            team.stack("batch").close();
            LockHolder gone = team.staleLock("batch", LockHolder.STALE_AFTER.plus(Duration.ofMinutes(3)));
            TeamStacksViewModel vm = listing(team.targets, new ArrayList<>());
            vm.locationProperty().set(team.location());
            vm.list();
            TeamStack batch = vm.stacks().get(0);
            assertThat(batch.lock()).isNotNull();
            assertThat(batch.lock().stale()).isTrue();
            assertThat(batch.lock().id()).isEqualTo(gone.id());
            assertThat(batch.lock().who()).isEqualTo("alice");

            vm.selectedProperty().set(batch);
            assertThat(vm.canUnlockBinding().get()).isTrue();
            vm.unlockSelected();

            assertThat(vm.problemProperty().get()).isNull();
            assertThat(vm.stacks()).singleElement().satisfies(s -> assertThat(s.lock()).isNull());
            assertThat(team.stores().lockHolder(dev.cairn.model.StateLocation.parse(team.location()), "batch")).isEmpty();
        }
    }

    @Test
    void location_whenNotATeamBucket_isRefusedBeforeAnyCall() {
        Targets noCalls = choice -> {
            throw new AssertionError("no call may be made for a location that is not valid");
        };
        TeamStacksViewModel vm = listing(noCalls, new ArrayList<>());
        for (String typed : new String[] {"", "s3://Team_Bucket/x", "s3://ab", "/tmp/stacks", "s3:/team-state"}) {
            vm.locationProperty().set(typed);
            assertThat(vm.locationProblemProperty().get()).as(typed).isNotNull();
            assertThat(vm.canListBinding().get()).as(typed).isFalse();
            vm.list();
        }
        assertThat(vm.locationProblemProperty().get().key()).isEqualTo("team.location.invalid");
        vm.locationProperty().set("/tmp/stacks");
        assertThat(vm.locationProblemProperty().get().key()).isEqualTo("team.location.notBucket");
        vm.locationProperty().set("s3://team-state-0001/cairn");
        assertThat(vm.locationProblemProperty().get()).isNull();
        assertThat(vm.listedProperty().get()).as("nothing was listed").isNull();
    }
}
