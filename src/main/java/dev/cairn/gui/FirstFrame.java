package dev.cairn.gui;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * Runs an action once the window is on screen: after the first pulse that follows its
 * {@code WINDOW_SHOWN} (the pulse that lays out and renders the scene), posted with
 * {@code runLater} from that pulse so it runs after the pulse ends, on the FX thread.
 */
final class FirstFrame {

    private FirstFrame() {}

    /**
     * Call before {@code stage.show()}; the stage's scene is the one of the show. A stage that
     * is already showing (a window given a new scene; the one stage TestFX classes share in a
     * JVM) sends no {@code WINDOW_SHOWN} again, so the action then follows the next pulse of its
     * current scene, which the new scene's first layout brings.
     */
    static void after(Stage stage, Runnable action) {
        if (stage.isShowing()) {
            afterNextPulse(stage.getScene(), action);
            return;
        }
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, new javafx.event.EventHandler<WindowEvent>() {
            @Override
            public void handle(WindowEvent e) {
                stage.removeEventHandler(WindowEvent.WINDOW_SHOWN, this);
                afterNextPulse(stage.getScene(), action);
            }
        });
    }

    /** Runs {@code action} on the FX thread after the next pulse that lays out {@code scene}. */
    static void afterNextPulse(Scene scene, Runnable action) {
        Runnable[] firstPulse = new Runnable[1];
        firstPulse[0] = () -> {
            scene.removePostLayoutPulseListener(firstPulse[0]);
            Platform.runLater(action);
        };
        scene.addPostLayoutPulseListener(firstPulse[0]);
        Platform.requestNextPulse();
    }
}
