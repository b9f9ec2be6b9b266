package dev.cairn.gui;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The frame every step page shares: the form scrolls, the {@link ApplyBar} stays in view below it,
 * and the {@link ExplanationPanel} sits beside the form when the page is wide enough for both, or
 * under it (in the same scroll) when it is not, so the diagram beside the page can keep the room
 * it needs to stay readable. A page's FXML fills the three slots:
 * {@code <fx:root type="dev.cairn.gui.StepPageLayout"><form>…</form><explanation>…</explanation><applyBar>…</applyBar></fx:root>}.
 */
public class StepPageLayout extends VBox {

    /** Below this width the explanation goes under the form instead of beside it. */
    public static final double SIDE_BY_SIDE_MIN_WIDTH = 780;
    static final double EXPLANATION_WIDTH = 320;

    private final ScrollPane formScroll = new ScrollPane();
    private final ScrollPane explainScroll = new ScrollPane();
    private Node form;
    private ExplanationPanel explanation;
    private ApplyBar applyBar;
    /** How the slots are arranged now; null before the first arrangement. */
    private Boolean sideBySide;

    public StepPageLayout() {
        getStyleClass().add("page");
        formScroll.setFitToWidth(true);
        formScroll.getStyleClass().add("page-scroll");
        explainScroll.setFitToWidth(true);
        explainScroll.getStyleClass().addAll("page-scroll", "explain-scroll");
        explainScroll.setMinWidth(EXPLANATION_WIDTH - 20);
        explainScroll.setPrefWidth(EXPLANATION_WIDTH);
        widthProperty().addListener((o, a, b) -> arrange(false));
    }

    /** Whether the explanation sits beside the form (true) or under it. */
    public boolean isSideBySide() {
        return Boolean.TRUE.equals(sideBySide);
    }

    private void arrange(boolean changed) {
        boolean side = explanation != null && getWidth() >= SIDE_BY_SIDE_MIN_WIDTH;
        if (!changed && sideBySide != null && sideBySide == side) {
            return;
        }
        sideBySide = side;
        // Detach first: a node is in one place at a time, and a scroll pane's content is not a child list.
        formScroll.setContent(null);
        explainScroll.setContent(null);
        Node column;
        if (side) {
            explanation.getStyleClass().remove("below");
            formScroll.setContent(form);
            explainScroll.setContent(explanation);
            VBox left = applyBar == null ? new VBox(formScroll) : new VBox(formScroll, applyBar);
            VBox.setVgrow(formScroll, Priority.ALWAYS);
            HBox.setHgrow(left, Priority.ALWAYS);
            left.setMinWidth(0);
            column = new HBox(left, explainScroll);
        } else {
            if (explanation != null && !explanation.getStyleClass().contains("below")) {
                explanation.getStyleClass().add("below");
            }
            formScroll.setContent(explanation == null || form == null ? form : new VBox(form, explanation));
            column = applyBar == null ? new VBox(formScroll) : new VBox(formScroll, applyBar);
            VBox.setVgrow(formScroll, Priority.ALWAYS);
        }
        VBox.setVgrow(column, Priority.ALWAYS);
        getChildren().setAll(column);
    }

    public Node getForm() {
        return form;
    }

    public void setForm(Node value) {
        form = value;
        arrange(true);
    }

    public ExplanationPanel getExplanation() {
        return explanation;
    }

    public void setExplanation(ExplanationPanel value) {
        explanation = value;
        arrange(true);
    }

    public ApplyBar getApplyBar() {
        return applyBar;
    }

    public void setApplyBar(ApplyBar value) {
        applyBar = value;
        arrange(true);
    }
}
