package dev.cairn.gui;

import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** One heading and paragraph of an {@link ExplanationPanel}: {@code <ExplanationSection title="%…" body="%…"/>}. */
public final class ExplanationSection extends VBox {

    private final Label title = new Label();
    private final Label body = new Label();

    public ExplanationSection() {
        super(2);
        getStyleClass().add("explain-section");
        title.getStyleClass().add("strong");
        title.setWrapText(true);
        body.getStyleClass().add("explain-text");
        body.setWrapText(true);
        getChildren().addAll(title, body);
    }

    public String getTitle() {
        return title.getText();
    }

    public void setTitle(String value) {
        title.setText(value);
    }

    public String getBody() {
        return body.getText();
    }

    public void setBody(String value) {
        body.setText(value);
    }
}
