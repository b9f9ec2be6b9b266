package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.AppEvent.RunKind;
import dev.cairn.plan.Action;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's end (issue #14): what the run left is shown at once, the re-plan and its costs are
 * computed on a worker, and the run ends (its outcome, the report) when that plan is shown.
 */
class WorkspaceRunEndTest {

    @TempDir
    Path home;

    private TargetHolder targets;
    private HeldTaskExecutor executor;
    private WorkspaceViewModel vm;

    @BeforeEach
    void open() throws Exception {
        targets = GuiFixtures.sandbox(home);
        executor = new HeldTaskExecutor();
        vm = GuiFixtures.model(home, executor, targets).workspace();
        vm.openInitial(null);
        executor.drain();
    }

    @AfterEach
    void close() {
        targets.close();
    }

    /** Runs tasks until the run's own task has handed its result over (the state holds what it built). */
    private void runUntilTheRunHandsOver() throws Exception {
        while (vm.stateProperty().get().resources().isEmpty()) {
            assertThat(executor.pending()).as("the run's task").isPositive();
            executor.runNext();
        }
    }

    @Test
    void apply_whenTheRunEnds_plansOnAWorkerThenEndsTheRunWithThatPlan() throws Exception {
        assertThat(vm.review().lines()).isNotEmpty().allSatisfy(a -> assertThat(a.action()).isEqualTo(Action.CREATE));
        vm.apply();
        runUntilTheRunHandsOver();

        // The run's result is in, the plan is not: it waits for a worker, and the run goes on until it comes.
        assertThat(executor.pending()).isPositive();
        assertThat(vm.runningProperty().get()).isEqualTo(RunKind.APPLY);
        assertThat(vm.outcomeProperty().get()).isNull();
        assertThat(vm.canApplyBinding().get()).isFalse();
        assertThat(vm.review().lines()).as("the plan made before the run")
                .allSatisfy(a -> assertThat(a.action()).isEqualTo(Action.CREATE));

        executor.drain();
        assertThat(vm.runningProperty().get()).isNull();
        assertThat(vm.outcomeProperty().get().succeeded()).isTrue();
        assertThat(vm.review().lines()).isNotEmpty().allSatisfy(a -> assertThat(a.action()).isEqualTo(Action.KEEP));
        assertThat(vm.network().planned()).isNotEmpty().allSatisfy(a -> assertThat(a.action()).isEqualTo(Action.KEEP));
        assertThat(vm.statusProperty(WizardStep.NETWORK).get()).isEqualTo(StepStatus.APPLIED);
        assertThat(vm.statusProperty(WizardStep.REVIEW).get()).isEqualTo(StepStatus.APPLIED);
        assertThat(vm.review().costProperty().get().monthly()).isPositive();
    }

    @Test
    void apply_whenTheBlueprintChangesBeforeTheWorkersPlanArrives_dropsThatPlan() throws Exception {
        vm.apply();
        runUntilTheRunHandsOver();
        assertThat(executor.pending()).isPositive();

        // An edit while the worker plans: planned at once on the FX thread, with the run's state.
        vm.network().vpcCidrProperty().set("10.9.0.0/16");
        assertThat(vm.review().lines()).anySatisfy(a -> assertThat(a.action()).isNotEqualTo(Action.KEEP));
        var edited = vm.review().planProperty().get();

        executor.drain();
        assertThat(vm.review().planProperty().get()).as("the worker's older plan is dropped").isSameAs(edited);
        assertThat(vm.review().lines()).anySatisfy(a -> assertThat(a.action()).isNotEqualTo(Action.KEEP));
        // The run still ends, with its outcome.
        assertThat(vm.runningProperty().get()).isNull();
        assertThat(vm.outcomeProperty().get().succeeded()).isTrue();
        assertThat(vm.canApplyBinding().get()).isTrue();
    }

    @Test
    void teardown_whenTheRunEnds_drawsTheNextApplysStackOnceThePlanIsShown() throws Exception {
        vm.apply();
        executor.drain();
        vm.teardown();
        executor.drain();
        assertThat(vm.outcomeProperty().get().kind()).isEqualTo(RunKind.TEARDOWN);
        assertThat(vm.stateProperty().get().resources()).isEmpty();
        assertThat(vm.review().lines()).isNotEmpty().allSatisfy(a -> assertThat(a.action()).isEqualTo(Action.CREATE));
        assertThat(vm.topology().inputProperty().get().live().values())
                .noneMatch(s -> s == dev.cairn.model.ItemStatus.DELETED);
    }
}
