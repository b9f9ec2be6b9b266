package dev.cairn.gui;

import javafx.geometry.Rectangle2D;

/**
 * Where the main window opens: the remembered (or default) size, never larger than the visible
 * area of the screen it opens on (the screen less its panels and task bar), and centred there, so
 * the header (stack, target badge, language) and the step list are never off-screen.
 *
 * @param width the window's width, decorations included (as {@link javafx.stage.Window} counts it)
 */
public record WindowBounds(double x, double y, double width, double height) {

    /** The smallest size the layout is built for; a smaller screen gets its whole visible area. */
    public static final double MIN_WIDTH = 1024;
    public static final double MIN_HEIGHT = 600;

    /** The window for a screen's visible bounds and the size the user last had (or the default). */
    public static WindowBounds fit(Rectangle2D visible, double wantedWidth, double wantedHeight) {
        double w = Math.min(wantedWidth > 0 ? wantedWidth : Settings.DEFAULT_WIDTH, visible.getWidth());
        double h = Math.min(wantedHeight > 0 ? wantedHeight : Settings.DEFAULT_HEIGHT, visible.getHeight());
        double x = visible.getMinX() + (visible.getWidth() - w) / 2;
        double y = visible.getMinY() + (visible.getHeight() - h) / 2;
        return new WindowBounds(Math.floor(x), Math.floor(y), Math.floor(w), Math.floor(h));
    }

    /** The minimum size the window may be dragged to on that screen: the layout's, or the screen's if smaller. */
    public static double minWidth(Rectangle2D visible) {
        return Math.min(MIN_WIDTH, visible.getWidth());
    }

    public static double minHeight(Rectangle2D visible) {
        return Math.min(MIN_HEIGHT, visible.getHeight());
    }
}
