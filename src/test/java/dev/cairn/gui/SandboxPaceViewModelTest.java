package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Target;
import dev.cairn.sandbox.LatencyProfile;
import dev.cairn.sandbox.SandboxConfig;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxPaceViewModelTest {

    @TempDir
    Path home;

    /** Runs tasks only when told: what the user sees between choosing a pace and the restart. */
    private static final class QueuedExecutor implements TaskExecutor {
        final Deque<Runnable> queue = new ArrayDeque<>();

        @Override
        public <T> void execute(BackgroundTask<T> task) {
            queue.add(() -> new CurrentThreadTaskExecutor().execute(task));
        }

        @Override
        public void deliver(Runnable action) {
            action.run();
        }

        void runAll() {
            while (!queue.isEmpty()) {
                queue.poll().run();
            }
        }
    }

    /** Targets that only note each restart of the Sandbox. */
    private static Targets recording(List<SandboxConfig> restarts) {
        return new Targets() {
            @Override
            public Target open(TargetChoice choice) {
                throw new AssertionError("not opened here");
            }

            @Override
            public void reconfigureSandbox(SandboxConfig config) {
                restarts.add(config);
            }
        };
    }

    @Test
    void choosingAPace_restartsTheSandboxWithItInTheBackground() {
        List<SandboxConfig> restarts = new ArrayList<>();
        int[] checks = {0};
        QueuedExecutor executor = new QueuedExecutor();
        SandboxPaceViewModel pace = new SandboxPaceViewModel(executor, recording(restarts), () -> checks[0]++);

        pace.paceProperty().set(SandboxPace.QUARTER);
        assertThat(pace.changingProperty().get()).as("until the background task ran").isTrue();
        assertThat(pace.appliedProperty().get()).isEqualTo(SandboxPace.INSTANT);
        executor.runAll();

        assertThat(restarts).containsExactly(SandboxConfig.realistic(0.25));
        assertThat(pace.appliedProperty().get()).isEqualTo(SandboxPace.QUARTER);
        assertThat(pace.changingProperty().get()).isFalse();
        assertThat(checks[0]).as("checked again, which starts it at the new pace").isEqualTo(1);
    }

    @Test
    void choosingAPace_whileARunHoldsTheSandbox_waitsForTheRunToEnd() {
        List<SandboxConfig> restarts = new ArrayList<>();
        SimpleBooleanProperty running = new SimpleBooleanProperty(true);
        SandboxPaceViewModel pace = new SandboxPaceViewModel(new CurrentThreadTaskExecutor(), recording(restarts), () -> {});
        pace.holdWhile(running);

        pace.paceProperty().set(SandboxPace.AWS);
        assertThat(restarts).isEmpty();
        assertThat(pace.appliedProperty().get()).isEqualTo(SandboxPace.INSTANT);

        running.set(false);
        assertThat(restarts).containsExactly(SandboxConfig.realistic(1.0));
        assertThat(pace.appliedProperty().get()).isEqualTo(SandboxPace.AWS);
    }

    @Test
    void reconfigure_restartsTheEmbeddedSandboxOnTheSameData() {
        try (TargetHolder targets = GuiFixtures.sandbox(home)) {
            Target before = targets.open(TargetChoice.SANDBOX);
            String vpc = before.clients().ec2("ap-northeast-2").createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();

            targets.reconfigureSandbox(SandboxPace.QUARTER.config());
            Target after = targets.open(TargetChoice.SANDBOX);

            assertThat(after).isNotSameAs(before);
            assertThat(targets.sandboxConfig().latency()).isEqualTo(LatencyProfile.REALISTIC);
            assertThat(targets.sandboxConfig().timeScale()).isEqualTo(0.25);
            assertThat(after.clients().ec2("ap-northeast-2").describeVpcs(r -> r.vpcIds(vpc)).vpcs())
                    .as("the practice stack survives the restart").hasSize(1);
        }
    }

    @Test
    void appModel_remembersThePace_andStartsWithIt() {
        try (TargetHolder targets = GuiFixtures.sandbox(home)) {
            AppModel first = GuiFixtures.model(home, new CurrentThreadTaskExecutor(), targets);
            first.workspace().account().pace().paceProperty().set(SandboxPace.TENTH);
            assertThat(Settings.load(home).pace()).isEqualTo(SandboxPace.TENTH);

            AppModel next = new AppModel(home, Settings.load(home), new CurrentThreadTaskExecutor(), targets,
                    List.of(), () -> false, java.time.Clock.systemUTC());
            SandboxPaceViewModel pace = next.workspace().account().pace();
            assertThat(pace.paceProperty().get()).isEqualTo(SandboxPace.TENTH);
            assertThat(pace.appliedProperty().get()).as("the app starts the Sandbox at it").isEqualTo(SandboxPace.TENTH);
            assertThat(CairnApp.sandboxConfig(Settings.load(home))).isEqualTo(SandboxConfig.realistic(0.1));
        }
    }

    @Test
    void workspace_cannotApplyWhileTheSandboxRestarts() {
        QueuedExecutor executor = new QueuedExecutor();
        try (TargetHolder targets = GuiFixtures.sandbox(home)) {
            AppModel model = GuiFixtures.model(home, executor, targets);
            WorkspaceViewModel vm = model.workspace();
            vm.openInitial(null);
            executor.runAll();
            assertThat(vm.canApplyBinding().get()).isTrue();

            vm.account().pace().paceProperty().set(SandboxPace.QUARTER);
            assertThat(vm.canApplyBinding().get()).isFalse();
            assertThat(vm.canTeardownBinding().get()).isFalse();
            executor.runAll();
            assertThat(vm.canApplyBinding().get()).isTrue();
        }
    }
}
