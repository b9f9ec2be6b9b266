package dev.cairn.gui;

import dev.cairn.model.FieldError;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;

/**
 * How a page shows a field's rule violation, the same on every page: the ControlsFX decoration on
 * the control, and a line under it naming the field and the rule, shown only while it applies.
 * The line itself is declared in the page's FXML ({@code <Label fx:id="vpcCidrError" styleClass="field-error"/>}).
 */
final class FieldFeedback {

    private FieldFeedback() {}

    /** Decorates {@code control} while {@code error} holds a violation, with its message as tooltip. */
    static void register(ValidationSupport validation, Messages m, Control control, ObservableValue<FieldError> error) {
        validation.registerValidator(control, false, (Control c, Object value) -> ValidationResult.fromErrorIf(c,
                error.getValue() == null ? "" : m.error(error.getValue()), error.getValue() != null));
    }

    /** Makes {@code line} the message under a field: the violation in words, no room while there is none. */
    static void showError(Label line, Messages m, ObservableValue<FieldError> error) {
        showMessage(line, error, m::error);
    }

    /** Makes {@code line} say {@code value} in words, and take no room while {@code value} is null. */
    static <T> void showMessage(Label line, ObservableValue<T> value, Function<T, String> words) {
        line.setWrapText(true);
        line.textProperty().bind(Bindings.createStringBinding(
                () -> value.getValue() == null ? "" : words.apply(value.getValue()), value));
        line.visibleProperty().bind(Bindings.createBooleanBinding(() -> value.getValue() != null, value));
        line.managedProperty().bind(line.visibleProperty());
    }
}
