package dev.cairn.gui;

import java.util.function.DoubleUnaryOperator;
import javafx.beans.property.DoubleProperty;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;

/**
 * Keeps the last item of a two-item {@link SplitPane} at a size in pixels rather than a fraction:
 * when the window grows or shrinks the first item takes the difference, and when the user drags the
 * divider the new size is written back to {@code size} (so it can be remembered). While
 * {@code size} is not set (zero or less), the size is {@code defaultSize} of the pane's length.
 * A JavaFX split pane laid out first at its preferred size and then at the window's would otherwise
 * share the difference out and lose the fractions it was given.
 */
final class SplitSize {

    private final SplitPane split;
    private final DoubleProperty size;
    private final DoubleUnaryOperator defaultSize;
    private final double firstMin;
    private boolean placing;
    /** True while the user holds the divider: only then does a new position change the size. */
    private boolean dragging;

    private SplitSize(SplitPane split, DoubleProperty size, DoubleUnaryOperator defaultSize, double firstMin) {
        this.split = split;
        this.size = size;
        this.defaultSize = defaultSize;
        this.firstMin = firstMin;
    }

    /**
     * @param size the last item's size in pixels (≤ 0: not chosen yet); follows the user's drags
     * @param defaultSize the size while none is chosen, from the pane's length
     * @param firstMin the room the first item always keeps
     */
    static void keep(SplitPane split, DoubleProperty size, DoubleUnaryOperator defaultSize, double firstMin) {
        SplitSize s = new SplitSize(split, size, defaultSize, firstMin);
        if (split.getOrientation() == javafx.geometry.Orientation.HORIZONTAL) {
            split.widthProperty().addListener((o, a, b) -> s.place());
        } else {
            split.heightProperty().addListener((o, a, b) -> s.place());
        }
        size.addListener((o, a, b) -> s.place());
        split.getDividers().get(0).positionProperty().addListener((o, a, b) -> s.dragged(b.doubleValue()));
        split.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> s.dragging = onDivider(e.getPickResult().getIntersectedNode()));
        split.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> s.dragging = false);
        s.place();
    }

    private static boolean onDivider(Node n) {
        for (Node x = n; x != null && !(x instanceof SplitPane); x = x.getParent()) {
            if (x.getStyleClass().contains("split-pane-divider")) {
                return true;
            }
        }
        return false;
    }

    private double length() {
        return split.getOrientation() == javafx.geometry.Orientation.HORIZONTAL ? split.getWidth() : split.getHeight();
    }

    /** The last item's size now: the chosen or default one, leaving the first item its room. */
    double wanted() {
        double length = length();
        double want = size.get() > 0 ? size.get() : defaultSize.applyAsDouble(length);
        return Math.max(0, Math.min(want, length - firstMin));
    }

    private void place() {
        double length = length();
        if (length <= 0 || placing) {
            return;
        }
        placing = true;
        try {
            split.setDividerPosition(0, 1 - wanted() / length);
        } finally {
            placing = false;
        }
    }

    private void dragged(double position) {
        double length = length();
        // A position the split pane set itself (a layout pass clamping to its items' minimum
        // sizes) is not a choice: only a move of the divider by hand changes the size.
        if (placing || !dragging || length <= 0) {
            return;
        }
        double now = (1 - position) * length;
        if (Math.abs(now - wanted()) > 1) {
            placing = true;
            try {
                size.set(now);
            } finally {
                placing = false;
            }
        }
    }
}
