package dev.cairn.gui;

import dev.cairn.model.FieldError;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;

/**
 * How a page shows a field's rule violation, the same on every page: the ControlsFX decoration on
 * the control, and a line under it naming the field and the rule, shown only while it applies.
 */
final class FieldFeedback {

    private FieldFeedback() {}

    /** Decorates {@code control} while {@code error} holds a violation, with its message as tooltip. */
    static void register(ValidationSupport validation, Messages m, Control control, ObservableValue<FieldError> error) {
        validation.registerValidator(control, false, (Control c, Object value) -> ValidationResult.fromErrorIf(c,
                error.getValue() == null ? "" : m.error(error.getValue()), error.getValue() != null));
    }

    /** The message line under a field: the violation in words, taking no room while there is none. */
    static Label errorLabel(Messages m, String id, ObservableValue<FieldError> error) {
        return messageLabel(id, "field-error", error, m::error);
    }

    /**
     * A line of the page in style {@code styleClass} that says {@code value} in words, and takes
     * no room while {@code value} is null.
     */
    static <T> Label messageLabel(String id, String styleClass, ObservableValue<T> value, Function<T, String> words) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(styleClass);
        l.setWrapText(true);
        l.textProperty().bind(Bindings.createStringBinding(
                () -> value.getValue() == null ? "" : words.apply(value.getValue()), value));
        showWhenSet(l, value);
        return l;
    }

    /** Shows {@code n}, and lets it take room, only while {@code value} is not null. */
    private static void showWhenSet(Node n, ObservableValue<?> value) {
        n.visibleProperty().bind(Bindings.createBooleanBinding(() -> value.getValue() != null, value));
        n.managedProperty().bind(n.visibleProperty());
    }
}
