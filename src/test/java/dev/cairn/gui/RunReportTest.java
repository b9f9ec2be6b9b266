package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.AppEvent.RunKind;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The run report is one dialog, built while a run goes and worded again for each run. */
class RunReportTest {

    private static final WorkspaceViewModel.RunOutcome APPLY_FAILED =
            new WorkspaceViewModel.RunOutcome(RunKind.APPLY, null, Problem.of("run.error", "no route"));
    private static final WorkspaceViewModel.RunOutcome TEARDOWN_FAILED =
            new WorkspaceViewModel.RunOutcome(RunKind.TEARDOWN, null, Problem.of("run.error", "denied"));

    private RunReport report;

    /** A report owned by a window of its own (the shared primary stage may have no scene yet). */
    private RunReport report() throws Exception {
        FxToolkit.registerPrimaryStage();
        Stage main = FxToolkit.setupFixture(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new StackPane(new Label("main")), 300, 200));
            s.show();
            return s;
        });
        report = new RunReport(new Messages(Locale.ENGLISH), () -> main);
        return report;
    }

    private static List<Window> reports() {
        return Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().lookup("#runReport") != null && w.isShowing()).toList();
    }

    @AfterEach
    void close() throws Exception {
        FxHarness.closeDialogs();
    }

    @Test
    void show_aSecondRunWhileTheFirstReportIsOpen_rewordsTheSameDialog() throws Exception {
        RunReport r = report();
        FxToolkit.setupFixture(() -> r.show(APPLY_FAILED));
        Alert first = r.built();
        assertThat(first.getTitle()).isEqualTo("Apply finished");

        FxToolkit.setupFixture(() -> r.show(TEARDOWN_FAILED));
        assertThat(r.built()).isSameAs(first);
        assertThat(first.getTitle()).isEqualTo("Teardown finished");
        assertThat(((Label) first.getDialogPane().getContent()).getText()).contains("denied").doesNotContain("no route");
        assertThat(reports()).hasSize(1);
    }

    @Test
    void show_afterTheReportWasClosed_opensTheSameDialogAgain() throws Exception {
        RunReport r = report();
        FxToolkit.setupFixture(() -> r.show(APPLY_FAILED));
        Alert first = r.built();
        // As FxHarness.closeDialogs and the window's close box do: the dialog's stage closes.
        FxToolkit.setupFixture(() -> ((Stage) first.getDialogPane().getScene().getWindow()).close());
        assertThat(reports()).isEmpty();

        FxToolkit.setupFixture(() -> r.show(TEARDOWN_FAILED));
        assertThat(r.built()).isSameAs(first);
        assertThat(first.isShowing()).isTrue();
        assertThat(reports()).hasSize(1);
    }

    @Test
    void prepareSoon_buildsTheDialogHiddenAfterSomePulses_andShowUsesIt() throws Exception {
        RunReport r = report();
        Alert[] atOnce = new Alert[1];
        FxToolkit.setupFixture(() -> {
            r.prepareSoon();
            atOnce[0] = r.built();
        });
        assertThat(atOnce[0]).as("not in the run's first frame").isNull();
        WaitForAsyncUtils.waitFor(FxHarness.RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> r.built() != null);
        Alert prepared = r.built();
        assertThat(prepared.isShowing()).isFalse();
        assertThat(reports()).isEmpty();

        FxToolkit.setupFixture(() -> r.showNextPulse(APPLY_FAILED));
        WaitForAsyncUtils.waitFor(FxHarness.RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS, prepared::isShowing);
        assertThat(r.built()).isSameAs(prepared);
    }

    @Test
    void showNextPulse_wordsTheDialogAPulseAfterTheRunsEnd_andOpensItInTheNext() throws Exception {
        RunReport r = report();
        // Started before the report's timer, so in each pulse it sees what the pulses before did.
        List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        javafx.animation.AnimationTimer watch = new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                Alert a = r.built();
                seen.add(a == null ? "none" : a.getTitle() + (a.isShowing() ? " (open)" : " (hidden)"));
            }
        };
        FxToolkit.setupFixture(() -> {
            watch.start();
            r.showNextPulse(TEARDOWN_FAILED);
        });
        try {
            WaitForAsyncUtils.waitFor(FxHarness.RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS,
                    () -> r.built() != null && r.built().isShowing());
            WaitForAsyncUtils.waitFor(FxHarness.RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> seen.contains("Teardown finished (open)"));
        } finally {
            FxToolkit.setupFixture(watch::stop);
        }
        // The run's end has its own pulse first: nothing is worded in it.
        assertThat(seen.stream().filter("none"::equals).count()).isGreaterThanOrEqualTo(RunReport.WORD_AT_PULSE);
        List<String> states = List.copyOf(seen).stream().distinct().toList();
        assertThat(states).containsSubsequence("none", "Teardown finished (hidden)", "Teardown finished (open)");
    }
}
