package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.AppEvent.RunKind;
import dev.cairn.model.ItemStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's start over two frames (issue #14): the frame that starts it sets {@code running} and
 * sends the run to a worker; a pulse after the next resets the activity list's rows and the
 * diagram's and badges' statuses, always before any of the run's events and its end. And its end
 * in parts: its state at once, its notes and the re-plan from the next pulse on, {@code running}
 * set until the re-plan is shown.
 */
class WorkspaceRunStartTest {

    @TempDir
    Path home;

    private TargetHolder targets;
    private HeldTaskExecutor executor;
    private WorkspaceViewModel vm;

    @BeforeEach
    void openAndApplyOnce() throws Exception {
        targets = GuiFixtures.sandbox(home);
        executor = new HeldTaskExecutor();
        vm = GuiFixtures.model(home, executor, targets).workspace();
        vm.openInitial(null);
        executor.drain();
        // A first run leaves every row READY: the next run's reset to NEW is then visible.
        vm.apply();
        executor.drain();
        assertThat(vm.outcomeProperty().get().succeeded()).isTrue();
        assertThat(vm.activity().rows()).isNotEmpty().allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo(ItemStatus.READY));
        executor.holdPulses();
    }

    @AfterEach
    void close() {
        targets.close();
    }

    private List<String> notes() {
        return vm.activity().log().stream().map(LogLine::note).filter(Objects::nonNull).map(Problem::key).toList();
    }

    @Test
    void apply_startsTheRunInItsFrame_andResetsTheRowsInTheNextPulse() throws Exception {
        int notesBefore = notes().size();
        vm.apply();

        // This frame: the run is on (Apply off, the worker has it); the list still shows the last run.
        assertThat(vm.runningProperty().get()).isEqualTo(RunKind.APPLY);
        assertThat(vm.canApplyBinding().get()).isFalse();
        assertThat(vm.outcomeProperty().get()).isNull();
        assertThat(executor.pending()).as("the run's task").isPositive();
        assertThat(vm.activity().rows()).allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo(ItemStatus.READY));
        assertThat(notes()).hasSize(notesBefore);

        // The pulse that follows lays out what the start changed; the reset waits for the one after.
        executor.pulse();
        assertThat(vm.activity().rows()).allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo(ItemStatus.READY));
        assertThat(notes()).hasSize(notesBefore);
        executor.pulse();
        assertThat(vm.activity().rows()).isNotEmpty().allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo(ItemStatus.NEW));
        assertThat(notes()).last().isEqualTo("run.apply.started");
        assertThat(vm.runningProperty().get()).isEqualTo(RunKind.APPLY);

        executor.drain();
        // The run's end: its state now, its notes and the re-plan from the next pulse on.
        executor.pulse();
        executor.drain();
        assertThat(vm.runningProperty().get()).isNull();
        assertThat(vm.activity().rows()).allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo(ItemStatus.READY));
        assertThat(notes().subList(notesBefore, notes().size())).containsExactly("run.apply.started", "run.done");
    }

    @Test
    void apply_whenTheRunEndsBeforeItsFirstPulse_showsItsStartBeforeItsEnd() throws Exception {
        int notesBefore = notes().size();
        vm.apply();
        // The run's task and its end run before any pulse: the end shows the start first.
        executor.drain();
        assertThat(notes().subList(notesBefore, notes().size())).containsExactly("run.apply.started");
        assertThat(vm.activity().rows()).allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo(ItemStatus.READY));
        // The end's second half waits for the next pulse, the run still on.
        assertThat(vm.runningProperty().get()).isEqualTo(RunKind.APPLY);
        assertThat(vm.outcomeProperty().get()).isNull();
        executor.pulse();
        executor.drain();
        assertThat(vm.runningProperty().get()).isNull();
        assertThat(vm.outcomeProperty().get().succeeded()).isTrue();
        assertThat(notes().subList(notesBefore, notes().size())).containsExactly("run.apply.started", "run.done");

        // The pulses that were to show the start find it shown: the run's result stays.
        executor.pulse();
        executor.pulse();
        assertThat(notes().subList(notesBefore, notes().size())).containsExactly("run.apply.started", "run.done");
        assertThat(vm.activity().rows()).allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo(ItemStatus.READY));
    }

    @Test
    void cancel_inTheRunsFirstFrame_logsTheStartBeforeTheCancel() throws Exception {
        int notesBefore = notes().size();
        vm.apply();
        vm.cancel();
        assertThat(notes().subList(notesBefore, notes().size())).containsExactly("run.apply.started", "run.cancelling");
        executor.pulse();
        executor.pulse();
        assertThat(notes().subList(notesBefore, notes().size())).containsExactly("run.apply.started", "run.cancelling");
        executor.drain();
        executor.pulse();
        executor.drain();
        assertThat(vm.runningProperty().get()).isNull();
    }
}
