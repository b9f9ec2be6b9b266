package dev.cairn.gui;

import dev.cairn.topology.Diagram;
import dev.cairn.topology.PngWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Builds what fills the right-hand topology slot ({@link MainView#setTopology}). The one line to
 * switch when the interactive diagram component lands is {@link #create}.
 */
public final class TopologySlot {

    private static final ExecutorService RENDERER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cairn-topology-render");
        t.setDaemon(true);
        return t;
    });

    private TopologySlot() {}

    public static Node create(Messages messages, TopologyViewModel model) {
        return imageOf(messages, model);
    }

    /** The diagram drawn by the shared Java2D renderer (the same picture as {@code cairn diagram}). */
    private static Node imageOf(Messages messages, TopologyViewModel model) {
        ImageView image = new ImageView();
        image.setPreserveRatio(true);
        Label empty = new Label(messages.i18n("topology.empty"));
        empty.getStyleClass().add("empty-state");
        empty.setWrapText(true);
        ScrollPane scroll = new ScrollPane(new StackPane(image));
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("topology-scroll");
        VBox box = new VBox(scroll, empty);
        box.getStyleClass().add("topology");
        javafx.scene.layout.VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        // Java2D drawing takes tens of milliseconds (a second for the first, font set-up): it runs
        // on a worker, latest diagram wins, and only the finished image is handed to the FX thread.
        AtomicReference<Diagram> latest = new AtomicReference<>();
        AtomicBoolean rendering = new AtomicBoolean();
        Runnable[] render = new Runnable[1];
        render[0] = () -> {
            Diagram d = latest.get();
            if (d == null) {
                rendering.set(false);
                return;
            }
            java.awt.image.BufferedImage drawn = PngWriter.render(d, 1.0);
            Platform.runLater(() -> {
                if (latest.get() == d) {
                    image.setImage(SwingFXUtils.toFXImage(drawn, null));
                }
            });
            rendering.set(false);
            if (latest.get() != d && rendering.compareAndSet(false, true)) {
                RENDERER.execute(render[0]);
            }
        };
        Runnable redraw = () -> {
            Diagram d = model.diagramProperty().get();
            boolean has = d != null && !d.nodes().isEmpty();
            empty.setVisible(!has);
            empty.setManaged(!has);
            scroll.setVisible(has);
            scroll.setManaged(has);
            latest.set(has ? d : null);
            if (!has) {
                image.setImage(null);
            } else if (rendering.compareAndSet(false, true)) {
                RENDERER.execute(render[0]);
            }
        };
        image.fitWidthProperty().bind(scroll.widthProperty().subtract(16));
        model.diagramProperty().addListener((o, a, b) -> redraw.run());
        redraw.run();
        return box;
    }
}
