package dev.cairn.gui;

import java.util.function.DoubleUnaryOperator;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.value.ObservableDoubleValue;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;

/**
 * Keeps the last item of a two-item {@link SplitPane} at a size in pixels rather than a fraction:
 * when the window grows or shrinks, the first item takes the difference; when the user drags the
 * divider, the new size is written to {@code size} (so it can be remembered). While {@code size}
 * is not set (zero or less) the item gets {@code defaultSize} of the pane's length.
 *
 * <p>The split pane's skin has the last word on positions: laid out first at its preferred size
 * and then at the window's, it shares the difference out by its own rule, over any position set
 * during that layout. So the size is checked after each layout (the item's own width or height
 * changing) and corrected after the pulse, once per length and wanted size; a correction the pane
 * refuses (its items' minimum sizes) is not asked for again.
 */
final class SplitSize {

    private static final double TOLERANCE = 3;

    private final SplitPane split;
    private final Region last;
    private final DoubleProperty size;
    private final DoubleUnaryOperator defaultSize;
    private final double firstMin;
    /** True while the user holds the divider: then the item's new size is the chosen one. */
    private boolean dragging;
    private double askedLength = -1;
    private double askedSize = -1;
    private boolean correctionQueued;

    private SplitSize(SplitPane split, DoubleProperty size, DoubleUnaryOperator defaultSize, double firstMin) {
        this.split = split;
        this.last = (Region) split.getItems().get(split.getItems().size() - 1);
        this.size = size;
        this.defaultSize = defaultSize;
        this.firstMin = firstMin;
    }

    /**
     * @param size the last item's size in pixels (≤ 0: none chosen yet); follows the user's drags
     * @param defaultSize the size while none is chosen, from the pane's length
     * @param firstMin the room the first item always keeps
     */
    static void keep(SplitPane split, DoubleProperty size, DoubleUnaryOperator defaultSize, double firstMin) {
        SplitSize s = new SplitSize(split, size, defaultSize, firstMin);
        // A window resized later changes the first item only; the skin keeps this one's pixels.
        SplitPane.setResizableWithParent(s.last, false);
        s.lastSize().addListener((o, a, b) -> s.check());
        s.length().addListener((o, a, b) -> s.check());
        size.addListener((o, a, b) -> s.check());
        split.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> s.dragging = onDivider(e.getPickResult().getIntersectedNode()));
        split.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> s.dragging = false);
    }

    private static boolean onDivider(Node n) {
        for (Node x = n; x != null && !(x instanceof SplitPane); x = x.getParent()) {
            if (x.getStyleClass().contains("split-pane-divider")) {
                return true;
            }
        }
        return false;
    }

    private boolean horizontal() {
        return split.getOrientation() == Orientation.HORIZONTAL;
    }

    private ObservableDoubleValue length() {
        return horizontal() ? split.widthProperty() : split.heightProperty();
    }

    private ObservableDoubleValue lastSize() {
        return horizontal() ? last.widthProperty() : last.heightProperty();
    }

    /** The last item's size as wanted now: the chosen or default one, leaving the first item its room. */
    private double wanted() {
        double length = length().get();
        double want = size.get() > 0 ? size.get() : defaultSize.applyAsDouble(length);
        return Math.max(0, Math.min(want, length - firstMin));
    }

    private void check() {
        double length = length().get();
        double actual = lastSize().get();
        if (length <= 0 || actual <= 0) {
            return;
        }
        if (dragging) {
            size.set(actual);
            return;
        }
        if (!correctionQueued && Math.abs(actual - wanted()) > TOLERANCE) {
            correctionQueued = true;
            Platform.runLater(this::correct);
        }
    }

    private void correct() {
        correctionQueued = false;
        double length = length().get();
        double want = wanted();
        if (dragging || length <= 0 || Math.abs(lastSize().get() - want) <= TOLERANCE
                || (length == askedLength && want == askedSize)) {
            return;
        }
        askedLength = length;
        askedSize = want;
        split.setDividerPosition(0, 1 - want / length);
    }
}
