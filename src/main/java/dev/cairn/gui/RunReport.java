package dev.cairn.gui;

import java.util.function.IntConsumer;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.scene.control.Alert;
import javafx.stage.Window;

/**
 * The end-of-run report, one dialog per main view, built once and worded again for each run.
 *
 * <p>Why (issue #14, {@code PulseGapBenchmark}): a new {@link Alert} per run cost the frame that
 * ends the run 15–25 ms of FX-thread CPU (the dialog's controls, its first CSS pass, the stage's
 * sizing) on top of the run's own end. Kept, it is only re-worded and shown. The first run after
 * launch would still build it in that frame, so a run that starts {@linkplain #prepareSoon()
 * prepares} it a few pulses later, while the window has little else to do (the run's first frames
 * are its heaviest, hence the wait), one step a frame.
 *
 * <p>FX thread only.
 */
final class RunReport {

    /** Pulses after a run's start before the dialog is built: past the frames that reset the activity list. */
    static final int PREPARE_AFTER_PULSES = 30;
    /**
     * The pulse, counted from the run's end, whose frame words the report; it is styled, laid out
     * and opened in the pulses after, one step a pulse (the report opens about 0.15 s after the
     * run's end). The pulses before lay out what the end changed in the window, and the diagram
     * catches up with it: a whole-guide teardown's end turns 108 boxes back to planned, {@code
     * DiagramView.MAX_UPDATES_PER_PULSE} a pulse, five pulses; the report's CSS pass in one of
     * them made frames of 20-24 ms (sampled, issue #14).
     */
    static final int WORD_AT_PULSE = 6;

    private final Messages m;
    /** The main window; null once the view has left it. */
    private final Supplier<Window> owner;
    private Alert alert;
    /** True once the built dialog has its stylesheets, its owner and its content label. */
    private boolean dressed;
    private AnimationTimer pending;

    RunReport(Messages m, Supplier<Window> owner) {
        this.m = m;
        this.owner = owner;
    }

    /**
     * Shows the report over the pulses after the run's end, one step a frame: the frame that ends
     * the run (the plan shown again, the badges, the activity list's last rows: its CSS and layout
     * run in the next pulse), then the dialog worded, styled, laid out (while hidden) and opened.
     * Wording it rebuilds its header (a {@code DialogPane} makes a new one per header text), whose
     * CSS and layout are as much work as opening the window; in one frame, wording, styling and
     * laying it out took 17-21 ms the first time (issue #14, {@code PulseGapBenchmark}). A
     * dialog not built yet (a run shorter than {@link #PREPARE_AFTER_PULSES}) is built in the
     * first of these steps. A view that leaves its window meanwhile (a language switch) opens no
     * report over the next one.
     */
    void showNextPulse(WorkspaceViewModel.RunOutcome outcome) {
        // Steps by pulse number in one lambda, not a lambda per step: prepareSoon runs in a run's
        // first frame, where each new lambda's first use costs the cold JVM its bootstrap.
        inPulses(WORD_AT_PULSE + 3, pulse -> {
            switch (pulse - WORD_AT_PULSE) {
                case 0 -> Dialogs.fillReport(m, dialog(), outcome);
                case 1 -> alert.getDialogPane().applyCss();
                case 2 -> alert.getDialogPane().layout();
                case 3 -> open();
                default -> { }
            }
        });
    }

    /** Words the dialog for {@code outcome} and shows it (already showing: it now says this run). */
    void show(WorkspaceViewModel.RunOutcome outcome) {
        cancelPending();
        Alert a = dialog();
        Dialogs.fillReport(m, a, outcome);
        a.getDialogPane().applyCss();
        a.getDialogPane().layout();
        open();
    }

    private void open() {
        Alert a = dialog();
        // A kept dialog keeps its last size unless asked (Dialog sizes only a new one), and one
        // still open from the last run now says this one: either way it fits this run's text.
        a.getDialogPane().getScene().getWindow().sizeToScene();
        if (!a.isShowing()) {
            a.show();
        }
    }

    /**
     * Builds the dialog {@value #PREPARE_AFTER_PULSES} pulses from now, one step a pulse: the
     * {@code Alert} itself, its stylesheets, owner and content, its CSS, its layout (four frames
     * of a few milliseconds, where building and styling it in two made frames of 18-19 ms on the
     * first run after launch), unless it is built or shown before.
     */
    void prepareSoon() {
        if (alert != null || pending != null) {
            return;
        }
        inPulses(PREPARE_AFTER_PULSES + 3, pulse -> {
            switch (pulse - PREPARE_AFTER_PULSES) {
                case 0 -> alert = Dialogs.newReportDialog();
                case 1 -> dress();
                case 2 -> alert.getDialogPane().applyCss();
                case 3 -> alert.getDialogPane().layout();
                default -> { }
            }
        });
    }

    /**
     * Calls {@code step} with 1, 2, ... {@code last}, one a pulse from the next one on, replacing
     * whatever steps still waited; stops when the view has left its window (a language switch: no
     * window to own the dialog).
     */
    private void inPulses(int last, IntConsumer step) {
        cancelPending();
        pending = new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                if (owner.get() == null) {
                    cancelPending();
                    return;
                }
                pulses++;
                if (pulses >= last) {
                    cancelPending();
                }
                step.accept(pulses);
            }
        };
        pending.start();
    }

    /** The dialog, if built: for tests. */
    Alert built() {
        return alert;
    }

    private void cancelPending() {
        if (pending != null) {
            pending.stop();
            pending = null;
        }
    }

    /** The dialog, built and dressed now if it is not yet. */
    private Alert dialog() {
        if (alert == null) {
            alert = Dialogs.newReportDialog();
        }
        dress();
        return alert;
    }

    private void dress() {
        if (!dressed) {
            Dialogs.dressReportDialog(m, alert, owner.get());
            dressed = true;
        }
    }
}
