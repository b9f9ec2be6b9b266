package dev.cairn.gui;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * How the live topology is laid out in the window: its width beside the page (remembered in
 * {@link Settings}) and where it is shown. Outlives a language switch, which rebuilds the views.
 */
public final class DiagramPaneViewModel {

    /**
     * The diagram's default width beside the page: the guide's network (its VPC is 860 logical
     * pixels wide, 645 at {@link dev.cairn.gui.topology.DiagramView#READABLE_ZOOM}, names 9 px on
     * screen) in view on a 1280-pixel-wide window, leaving the page about 460; a wider window gives
     * the diagram half of the room.
     */
    public static final double DEFAULT_WIDTH = 660;

    private final DoubleProperty width = new SimpleDoubleProperty(this, "width");
    private final ObjectProperty<DiagramPlacement> placement =
            new SimpleObjectProperty<>(this, "placement", DiagramPlacement.DOCKED);

    /** @param rememberedWidth the width the user last gave the diagram, or 0 for the default */
    public DiagramPaneViewModel(double rememberedWidth) {
        width.set(rememberedWidth > 0 ? rememberedWidth : 0);
    }

    /** The diagram's width beside the page in pixels, as the user dragged it; 0 or less: the default. */
    public DoubleProperty widthProperty() {
        return width;
    }

    /** The width the diagram gets while the user chose none, from the room page and diagram share. */
    public static double defaultWidth(double shared) {
        return Math.max(DEFAULT_WIDTH, shared / 2);
    }

    public ObjectProperty<DiagramPlacement> placementProperty() {
        return placement;
    }

    /** Fills the window, or docks it again when it already does. */
    public void toggleFill() {
        placement.set(placement.get() == DiagramPlacement.FILL ? DiagramPlacement.DOCKED : DiagramPlacement.FILL);
    }

    /** Opens it in its own window, or docks it again when it is in one. */
    public void toggleWindow() {
        placement.set(placement.get() == DiagramPlacement.WINDOW ? DiagramPlacement.DOCKED : DiagramPlacement.WINDOW);
    }
}
