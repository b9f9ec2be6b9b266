package dev.cairn.gui;

import dev.cairn.StartReport;
import javafx.application.Platform;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * Marks the window's start-up milestones in the {@link StartReport} (only when it is on): shown
 * (the stage's {@code WINDOW_SHOWN}), interactive (after the first pulse that follows it, a
 * {@code runLater} posted from another thread has run: the FX thread answers events), and ready
 * (when {@code starting} turns false).
 */
final class StartMarks {

    private StartMarks() {}

    /**
     * Marks {@link StartReport#COMPLETE} after the next pulse of {@code scene}: call once the
     * parts the window opened without are in it.
     */
    static void completed(Scene scene) {
        if (StartReport.enabled()) {
            FirstFrame.afterNextPulse(scene, () -> StartReport.mark(StartReport.COMPLETE));
        }
    }

    /** Call before {@code stage.show()}. */
    static void watch(Stage stage, ObservableBooleanValue starting) {
        if (!StartReport.enabled()) {
            return;
        }
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> StartReport.mark(StartReport.SHOWN));
        FirstFrame.after(stage, () -> {
            Thread t = new Thread(() -> Platform.runLater(() -> {
                StartReport.mark(StartReport.INTERACTIVE);
                // A snapshot runs on the render thread behind the first frame's paint and waits for
                // it: when it returns, that frame is on screen. It holds the FX thread for that
                // time, so it comes after the interactive mark (and only when the report is on).
                new javafx.scene.shape.Rectangle(1, 1).snapshot(null, null);
                StartReport.mark(StartReport.PAINTED);
            }), "cairn-start-mark");
            t.setDaemon(true);
            t.start();
        });
        if (!starting.get()) {
            StartReport.mark(StartReport.READY);
        } else {
            starting.addListener((o, a, b) -> {
                if (!b) {
                    StartReport.mark(StartReport.READY);
                }
            });
        }
    }
}
