package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.ReleaseViewModel.Action;
import dev.cairn.gui.ReleaseViewModel.Banner;
import dev.cairn.gui.ReleaseViewModel.Connection;
import dev.cairn.gui.ReleaseViewModel.Execution;
import dev.cairn.gui.ReleaseViewModel.Snapshot;
import dev.cairn.gui.ReleaseViewModel.Stage;
import dev.cairn.gui.ReleaseViewModel.StageState;
import dev.cairn.model.StackState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Pipeline page's live half with a scripted {@link ReleaseViewModel.Source} and a ticker the
 * test fires: the banner's states as the connection goes PENDING → AVAILABLE (and the Sandbox's
 * "Complete the handshake" in between), the strip's cells from the latest execution's actions,
 * reads only while the page shows, answers for another stack dropped, failures said in words.
 */
class ReleaseViewModelTest {

    static final Instant T0 = Instant.parse("2026-12-06T14:00:00Z");

    /** A source answering from a queue of snapshots (the last one repeats), counting what it is asked. */
    static final class FakeRuns implements ReleaseViewModel.Source {
        final Deque<Snapshot> answers = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();
        boolean built = true;
        RuntimeException failRead;
        RuntimeException failAction;

        @Override
        public boolean watches(StackState state) {
            return built && state != null;
        }

        @Override
        public Snapshot read(TargetChoice target, StackState state) {
            calls.add("read:" + state.stack());
            if (failRead != null) {
                throw failRead;
            }
            return answers.size() > 1 ? answers.poll() : answers.peek();
        }

        @Override
        public String release(TargetChoice target, StackState state) {
            calls.add("release");
            if (failAction != null) {
                throw failAction;
            }
            return "exec-2";
        }

        @Override
        public void completeHandshake(TargetChoice target, StackState state) {
            calls.add("complete");
            if (failAction != null) {
                throw failAction;
            }
        }

        @Override
        public String commitChange(TargetChoice target, StackState state) {
            calls.add("commit");
            return "abc1234";
        }
    }

    static Connection connection(String status) {
        return new Connection("demo-github", status, "https://console.example/connection");
    }

    static Action action(String stage, String status, int minute) {
        return new Action(stage, status, "exec-1", T0.plusSeconds(60L * minute),
                "Build".equals(stage) ? "https://logs.example/build" : null, null);
    }

    final FakeRuns runs = new FakeRuns();
    final GroupWatchTest.ManualTicker ticker = new GroupWatchTest.ManualTicker();
    final ReleaseViewModel vm = new ReleaseViewModel(new CurrentThreadTaskExecutor(), runs, ticker);
    final StackState demo = StackState.empty("demo");

    @Test
    void banner_whenConnectionGoesPendingToAvailable_showsPendingThenConnected() {
        runs.answers.add(new Snapshot(connection("PENDING"), null));
        vm.follow(TargetChoice.SANDBOX, demo, true);

        assertThat(vm.bannerProperty().get()).isEqualTo(Banner.PENDING);
        assertThat(vm.consoleUrlProperty().get()).isEqualTo("https://console.example/connection");
        assertThat(vm.sandboxProperty().get()).isTrue();

        vm.completeHandshake();
        assertThat(runs.calls).contains("complete");
        // The Sandbox answered, the read after it still saw PENDING: the banner keeps saying it is being completed.
        assertThat(vm.bannerProperty().get()).isEqualTo(Banner.COMPLETING);

        runs.answers.clear();
        runs.answers.add(new Snapshot(connection("AVAILABLE"), null));
        ticker.tick.run();
        assertThat(vm.bannerProperty().get()).isEqualTo(Banner.CONNECTED);
        ticker.tick.run();
        assertThat(vm.bannerProperty().get()).as("stays said while the page watches").isEqualTo(Banner.CONNECTED);
    }

    @Test
    void banner_whenConnectionWasAlwaysAvailable_saysNothing() {
        runs.answers.add(new Snapshot(connection("AVAILABLE"), null));
        vm.follow(TargetChoice.SANDBOX, demo, true);
        assertThat(vm.bannerProperty().get()).isEqualTo(Banner.NONE);
    }

    @Test
    void completeHandshake_whenTheSandboxRefuses_goesBackToPendingAndSaysWhy() {
        runs.answers.add(new Snapshot(connection("PENDING"), null));
        vm.follow(TargetChoice.SANDBOX, demo, true);
        runs.failAction = new IllegalStateException("no connection named demo-github");

        vm.completeHandshake();

        assertThat(vm.bannerProperty().get()).isEqualTo(Banner.PENDING);
        assertThat(vm.problemProperty().get()).isEqualTo(Problem.of("pipeline.live.actionFailed",
                "no connection named demo-github"));
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void completeHandshake_inAws_isNotOffered() {
        runs.answers.add(new Snapshot(connection("PENDING"), null));
        vm.follow(new TargetChoice("work", false), demo, true);
        vm.completeHandshake();
        assertThat(runs.calls).doesNotContain("complete");
        assertThat(vm.bannerProperty().get()).isEqualTo(Banner.PENDING);
        assertThat(vm.sandboxProperty().get()).isFalse();
    }

    @Test
    void banner_whenConnectionFailed_saysError() {
        runs.answers.add(new Snapshot(connection("ERROR"), null));
        vm.follow(TargetChoice.SANDBOX, demo, true);
        assertThat(vm.bannerProperty().get()).isEqualTo(Banner.ERROR);
    }

    @Test
    void strip_beforeAnyExecution_hasThreeCellsNotRun() {
        runs.answers.add(new Snapshot(connection("AVAILABLE"), null));
        vm.follow(TargetChoice.SANDBOX, demo, true);
        assertThat(vm.stages()).extracting(Stage::name).containsExactly("Source", "Build", "Deploy");
        assertThat(vm.stages()).extracting(Stage::state).containsOnly(StageState.NOT_RUN);
    }

    @Test
    void strip_midRelease_showsEachStagesStateTimeAndLog() {
        runs.answers.add(new Snapshot(connection("AVAILABLE"), new Execution("exec-1", "InProgress", T0,
                List.of(action("Source", "Succeeded", 1), action("Build", "InProgress", 2)))));
        runs.answers.add(new Snapshot(connection("AVAILABLE"), new Execution("exec-1", "Failed", T0,
                List.of(action("Source", "Succeeded", 1), action("Build", "Succeeded", 4),
                        action("Deploy", "Failed", 9)))));
        vm.follow(TargetChoice.SANDBOX, demo, true);

        assertThat(vm.stages()).extracting(Stage::state)
                .containsExactly(StageState.SUCCEEDED, StageState.IN_PROGRESS, StageState.NOT_RUN);
        assertThat(vm.stages().get(1).logUrl()).isEqualTo("https://logs.example/build");
        assertThat(vm.stages().get(1).time()).isEqualTo(T0.plusSeconds(120));
        assertThat(vm.executionProperty().get().status()).isEqualTo("InProgress");

        ticker.tick.run();
        assertThat(vm.stages()).extracting(Stage::state)
                .containsExactly(StageState.SUCCEEDED, StageState.SUCCEEDED, StageState.FAILED);
        assertThat(vm.stages().get(2).state().styleClass()).isEqualTo("stage-failed");
    }

    @Test
    void strip_whenAStageLastRanForAnOlderExecution_showsItNotRunForTheLatest() {
        Action oldDeploy = new Action("Deploy", "Succeeded", "exec-0", T0, null, null);
        runs.answers.add(new Snapshot(null, new Execution("exec-1", "InProgress", T0,
                List.of(action("Source", "InProgress", 1), oldDeploy))));
        vm.follow(TargetChoice.SANDBOX, demo, true);
        assertThat(vm.stages()).extracting(Stage::state)
                .containsExactly(StageState.IN_PROGRESS, StageState.NOT_RUN, StageState.NOT_RUN);
    }

    @Test
    void release_startsAnExecutionSaysSoAndReadsAtOnce() {
        runs.answers.add(new Snapshot(connection("AVAILABLE"), null));
        vm.follow(TargetChoice.SANDBOX, demo, true);
        runs.calls.clear();

        vm.release();

        assertThat(runs.calls).containsExactly("release", "read:demo");
        assertThat(vm.noticeProperty().get()).isEqualTo(Problem.of("pipeline.live.released", "exec-2"));
        vm.commitChange();
        assertThat(vm.noticeProperty().get()).isEqualTo(Problem.of("pipeline.live.committed", "abc1234"));
    }

    @Test
    void follow_whenPageHidden_stopsReadingAndResumesWhenShown() {
        runs.answers.add(new Snapshot(connection("AVAILABLE"), null));
        vm.follow(TargetChoice.SANDBOX, demo, true);
        assertThat(ticker.started).isEqualTo(1);
        assertThat(vm.watchingProperty().get()).isTrue();

        vm.follow(TargetChoice.SANDBOX, demo, false);
        assertThat(ticker.stopped).isEqualTo(1);
        assertThat(vm.watchingProperty().get()).isFalse();
        runs.calls.clear();
        vm.poll();
        assertThat(runs.calls).as("no read while hidden").isEmpty();

        vm.follow(TargetChoice.SANDBOX, demo, true);
        assertThat(ticker.started).isEqualTo(2);
        assertThat(runs.calls).containsExactly("read:demo");
    }

    @Test
    void follow_whenStackHasNoPipeline_readsNothing() {
        runs.built = false;
        vm.follow(TargetChoice.SANDBOX, demo, true);
        assertThat(runs.calls).isEmpty();
        assertThat(ticker.started).isZero();
        assertThat(vm.availableProperty().get()).isFalse();
    }

    @Test
    void read_whenItFails_keepsTheStripAndSaysWhy() {
        runs.answers.add(new Snapshot(connection("AVAILABLE"), new Execution("exec-1", "Succeeded", T0,
                List.of(action("Source", "Succeeded", 1)))));
        vm.follow(TargetChoice.SANDBOX, demo, true);
        runs.failRead = new IllegalStateException("connection refused");

        ticker.tick.run();

        assertThat(vm.problemProperty().get()).isEqualTo(Problem.of("pipeline.live.readFailed", "connection refused"));
        assertThat(vm.stages().get(0).state()).isEqualTo(StageState.SUCCEEDED);
    }

    @Test
    void answer_forAStackNoLongerFollowed_isDropped() {
        List<Runnable> pending = new ArrayList<>();
        TaskExecutor later = new TaskExecutor() {
            @Override
            public <T> void execute(BackgroundTask<T> task) {
                pending.add(() -> {
                    try {
                        task.succeeded(task.call());
                    } catch (Exception e) {
                        task.failed(e);
                    }
                });
            }

            @Override
            public void deliver(Runnable action) {
                action.run();
            }
        };
        ReleaseViewModel slow = new ReleaseViewModel(later, runs, ticker);
        runs.answers.add(new Snapshot(connection("PENDING"), null));
        slow.follow(TargetChoice.SANDBOX, demo, true);
        slow.follow(TargetChoice.SANDBOX, StackState.empty("other"), true);

        pending.get(0).run();

        assertThat(slow.bannerProperty().get()).as("the first stack's answer").isEqualTo(Banner.NONE);
        pending.get(1).run();
        assertThat(slow.bannerProperty().get()).isEqualTo(Banner.PENDING);
    }
}
