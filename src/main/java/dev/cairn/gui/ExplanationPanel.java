package dev.cairn.gui;

import dev.cairn.plan.CostEstimate;
import javafx.beans.DefaultProperty;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * The panel beside (or, on a narrow page, under) a step's form: what the step creates and why, one
 * {@link ExplanationSection} each, then what it costs per hour and per month in every region it
 * builds in. Written once; each page's FXML lists its own sections:
 * {@code <ExplanationPanel title="%explain.title"><ExplanationSection …/></ExplanationPanel>}.
 */
@DefaultProperty("sections")
public final class ExplanationPanel extends VBox {

    private final Label title = new Label();
    private final VBox sections = new VBox(10);
    private final VBox cost = new VBox();

    public ExplanationPanel() {
        super(10);
        getStyleClass().add("explain");
        setPadding(new Insets(20));
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        title.managedProperty().bind(title.textProperty().isNotEmpty());
        title.visibleProperty().bind(title.managedProperty());
        sections.managedProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(sections.getChildren()));
        getChildren().addAll(title, sections, cost);
    }

    public String getTitle() {
        return title.getText();
    }

    public void setTitle(String value) {
        title.setText(value);
    }

    public ObservableList<Node> getSections() {
        return sections.getChildren();
    }

    /** Shows the cost of what the page builds, one estimate per region, as they change. */
    public void showCosts(Messages m, ObservableList<CostEstimate> costs) {
        cost.getChildren().setAll(new CostPane(m, costs));
    }
}
