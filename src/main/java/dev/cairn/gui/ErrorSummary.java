package dev.cairn.gui;

import dev.cairn.model.FieldError;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** Every rule a page's input breaks, one line each, at the end of the form; takes no room while there is none. */
public final class ErrorSummary extends VBox {

    public ErrorSummary() {
        super(4);
        getStyleClass().add("error-box");
        setVisible(false);
        managedProperty().bind(visibleProperty());
    }

    /** Follows {@code errors}, in {@code m}'s language. */
    public void bind(Messages m, ObservableList<FieldError> errors) {
        Runnable fill = () -> {
            getChildren().clear();
            for (FieldError e : errors) {
                Label l = new Label("• " + m.error(e));
                l.setWrapText(true);
                getChildren().add(l);
            }
            setVisible(!errors.isEmpty());
        };
        errors.addListener((ListChangeListener<FieldError>) c -> fill.run());
        fill.run();
    }
}
