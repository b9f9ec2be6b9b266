package dev.cairn.gui;

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
 * are its heaviest, hence the wait).
 *
 * <p>FX thread only.
 */
final class RunReport {

    /** Pulses after a run's start before the dialog is built: past the frames that reset the activity list. */
    static final int PREPARE_AFTER_PULSES = 30;
    /**
     * The pulse, counted from the run's end, whose frame words the report; it opens in the next.
     * The first pulse after the end lays out what the end changed in the window.
     */
    static final int WORD_AT_PULSE = 2;

    private final Messages m;
    /** The main window; null once the view has left it. */
    private final Supplier<Window> owner;
    private Alert alert;
    private AnimationTimer pending;

    RunReport(Messages m, Supplier<Window> owner) {
        this.m = m;
        this.owner = owner;
    }

    /**
     * Shows the report over the pulses after the run's end: the frame that ends the run (the plan
     * shown again, the badges, the activity list's last rows: its CSS and layout run in the next
     * pulse), the one that words and styles the dialog, and the one that opens it are three
     * frames, not one. Wording it rebuilds its header (a {@code DialogPane} makes a new one per
     * header text), whose CSS and layout are as much work as opening the window; together with the
     * run's end they made a frame of 16–44 ms.
     */
    void showNextPulse(WorkspaceViewModel.RunOutcome outcome) {
        cancelPrepare();
        pending = new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                pulses++;
                if (pulses == WORD_AT_PULSE) {
                    word(outcome);
                } else if (pulses > WORD_AT_PULSE) {
                    cancelPrepare();
                    open();
                }
            }
        };
        pending.start();
    }

    /** Words the dialog for {@code outcome} and shows it (already showing: it now says this run). */
    void show(WorkspaceViewModel.RunOutcome outcome) {
        cancelPrepare();
        word(outcome);
        open();
    }

    /** Words the dialog and gives it its CSS and layout while it is hidden (or as it shows). */
    private void word(WorkspaceViewModel.RunOutcome outcome) {
        Alert a = dialog();
        Dialogs.fillReport(m, a, outcome);
        a.getDialogPane().applyCss();
        a.getDialogPane().layout();
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
     * Builds the dialog {@value #PREPARE_AFTER_PULSES} pulses from now and styles it in the pulse
     * after (two frames of a few milliseconds, not one), unless it is built or shown before.
     */
    void prepareSoon() {
        if (alert != null || pending != null) {
            return;
        }
        pending = new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                pulses++;
                // A view replaced meanwhile (a language switch) has no window to own the dialog.
                if (owner.get() == null) {
                    cancelPrepare();
                } else if (pulses == PREPARE_AFTER_PULSES) {
                    dialog();
                } else if (pulses > PREPARE_AFTER_PULSES) {
                    cancelPrepare();
                    alert.getDialogPane().applyCss();
                }
            }
        };
        pending.start();
    }

    /** The dialog, if built: for tests. */
    Alert built() {
        return alert;
    }

    private void cancelPrepare() {
        if (pending != null) {
            pending.stop();
            pending = null;
        }
    }

    private Alert dialog() {
        if (alert == null) {
            alert = Dialogs.reportDialog(m, owner.get());
        }
        return alert;
    }
}
