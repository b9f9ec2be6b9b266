package dev.cairn.gui;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The window's icons, decoded off the FX thread. Decoding the app's PNGs (one per size, up to
 * 512 px) on the FX thread after the first frame held its first answer to a click back by about
 * 0.1 s (docs/benchmarks.md): an {@link Image} may be made on any thread, so a low-priority
 * thread decodes them and the FX thread only hands the finished set to the stage.
 */
final class StageIcons {

    private StageIcons() {}

    /** Decodes the icons on a thread of their own, then sets them on {@code stage} on the FX thread. */
    static void loadInBackground(Stage stage) {
        Thread t = new Thread(() -> {
            List<Image> icons = decode();
            Platform.runLater(() -> stage.getIcons().setAll(icons));
        }, "cairn-icons");
        t.setDaemon(true);
        // Below the FX thread and the model's tasks: nothing waits for the icons.
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Every size of the app's icon, smallest first; any thread. */
    static List<Image> decode() {
        List<Image> icons = new ArrayList<>();
        for (String icon : Resources.iconPaths()) {
            icons.add(new Image(Resources.url(icon).toExternalForm()));
        }
        return icons;
    }
}
