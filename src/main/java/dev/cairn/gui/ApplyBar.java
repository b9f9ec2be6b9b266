package dev.cairn.gui;

import javafx.beans.DefaultProperty;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The bar under a step page that builds what the page describes: Apply (enabled while the
 * workspace can apply), the page's own extra buttons (Teardown on Review), and a line that says
 * what Apply will do or that the page's problems must be fixed first. It stays in view below the
 * scrolling form, whatever the form's length. Written once, declared in each page's FXML:
 * {@code <ApplyBar applyId="networkApply" readyHint="%network.applyHint" fixHint="%network.fixFirst"/>}.
 */
@DefaultProperty("buttons")
public final class ApplyBar extends HBox {

    private final Button apply = new Button();
    private final HBox buttons = new HBox(12);
    private final Label hint = new Label();
    private final StringProperty readyHint = new SimpleStringProperty(this, "readyHint", "");
    private final StringProperty fixHint = new SimpleStringProperty(this, "fixHint", "");

    public ApplyBar() {
        super(12);
        getStyleClass().add("page-actions");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(10, 20, 10, 20));
        apply.getStyleClass().add("accent");
        apply.setMinWidth(Region.USE_PREF_SIZE);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getChildren().addListener((ListChangeListener<Node>) c -> {
            buttons.setVisible(!buttons.getChildren().isEmpty());
            buttons.setManaged(buttons.isVisible());
        });
        buttons.setVisible(false);
        buttons.setManaged(false);
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        hint.setMinWidth(0);
        HBox.setHgrow(hint, Priority.ALWAYS);
        getChildren().addAll(apply, buttons, hint);
    }

    /**
     * Makes Apply run the workspace's apply while it can, and the hint follow the page's validity.
     */
    public void bind(Messages m, WorkspaceViewModel workspace, ObservableBooleanValue pageValid) {
        apply.setText(m.i18n("action.apply"));
        apply.disableProperty().bind(workspace.canApplyBinding().not());
        apply.setOnAction(e -> workspace.apply());
        hint.textProperty().bind(Bindings.createStringBinding(() -> pageValid.get() ? readyHint.get() : fixHint.get(),
                pageValid, readyHint, fixHint));
        hint.visibleProperty().bind(hint.textProperty().isNotEmpty());
    }

    /** The Apply button's id, so tests and the page's own code find it ({@code networkApply}). */
    public String getApplyId() {
        return apply.getId();
    }

    public void setApplyId(String id) {
        apply.setId(id);
    }

    /** Whether Enter anywhere on the page presses Apply. */
    public boolean isDefaultApply() {
        return apply.isDefaultButton();
    }

    public void setDefaultApply(boolean value) {
        apply.setDefaultButton(value);
    }

    /** The page's own buttons, after Apply. */
    public ObservableList<Node> getButtons() {
        return buttons.getChildren();
    }

    public String getReadyHint() {
        return readyHint.get();
    }

    /** What the hint says while the page is valid: what Apply will build. */
    public void setReadyHint(String value) {
        readyHint.set(value);
    }

    public String getFixHint() {
        return fixHint.get();
    }

    /** What the hint says while the page has problems. */
    public void setFixHint(String value) {
        fixHint.set(value);
    }

    Button applyButton() {
        return apply;
    }
}
