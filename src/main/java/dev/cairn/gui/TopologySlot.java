package dev.cairn.gui;

import dev.cairn.topology.Diagram;
import dev.cairn.topology.PngWriter;
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
        Runnable redraw = () -> {
            Diagram d = model.diagramProperty().get();
            boolean has = d != null && !d.nodes().isEmpty();
            empty.setVisible(!has);
            empty.setManaged(!has);
            scroll.setVisible(has);
            scroll.setManaged(has);
            image.setImage(has ? SwingFXUtils.toFXImage(PngWriter.render(d, 1.0), null) : null);
        };
        image.fitWidthProperty().bind(scroll.widthProperty().subtract(16));
        model.diagramProperty().addListener((o, a, b) -> redraw.run());
        redraw.run();
        return box;
    }
}
