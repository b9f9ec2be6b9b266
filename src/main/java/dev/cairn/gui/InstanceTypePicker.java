package dev.cairn.gui;

import dev.cairn.model.FieldError;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import org.controlsfx.validation.ValidationSupport;

/**
 * An instance type: an editable list of the common types (any valid name may be typed), its rule
 * violation under it, and the name taken apart in words ("burstable general purpose, …"). One per
 * host on the Access page: {@code <InstanceTypePicker pickerId="bastionType"/>}.
 */
public final class InstanceTypePicker extends GridPane {

    static final double LABEL_COLUMN_WIDTH = 130;

    private final Label label = new Label();
    private final ComboBox<String> box = new ComboBox<>();
    private final Label error = new Label();
    private final Label explain = new Label();

    public InstanceTypePicker() {
        getStyleClass().add("form");
        setHgap(12);
        setVgap(4);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(LABEL_COLUMN_WIDTH);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        getColumnConstraints().addAll(labels, values);
        label.getStyleClass().add("field-label");
        box.getItems().setAll(AccessStepViewModel.COMMON_TYPES);
        box.setEditable(true);
        box.setPrefWidth(150);
        error.getStyleClass().add("field-error");
        explain.getStyleClass().add("hint");
        explain.setWrapText(true);
        add(label, 0, 0);
        add(box, 1, 0);
        add(error, 1, 1);
        add(explain, 1, 2);
    }

    /** The ids of the list ({@code bastionType}), its error ({@code …Error}) and explanation ({@code …Explain}). */
    public String getPickerId() {
        return box.getId();
    }

    public void setPickerId(String id) {
        box.setId(id);
        error.setId(id + "Error");
        explain.setId(id + "Explain");
    }

    /** Edits {@code type}; shows {@code rule} at the field, decorated through {@code validation}. */
    void bind(Messages m, StringProperty type, ObservableValue<FieldError> rule, ValidationSupport validation) {
        label.setText(m.i18n("access.instanceType"));
        box.valueProperty().bindBidirectional(type);
        // An editable combo commits typed text only on Enter or focus loss: follow each keystroke,
        // so the name is explained and validated as it is typed.
        box.getEditor().textProperty().addListener((o, a, b) -> {
            if (box.isFocused() || box.getEditor().isFocused()) {
                type.set(b);
            }
        });
        FieldFeedback.register(validation, m, box, rule);
        FieldFeedback.showError(error, m, rule);
        explain.textProperty().bind(Bindings.createStringBinding(() -> AccessStepViewModel.explainType(type.get())
                .map(t -> InstanceTypeText.explain(m, t)).orElse(""), type));
    }
}
