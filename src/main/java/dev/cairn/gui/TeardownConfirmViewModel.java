package dev.cairn.gui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The teardown confirmation: OK only when the typed text is exactly the stack name. */
public final class TeardownConfirmViewModel {

    private final String stack;
    private final StringProperty typed = new SimpleStringProperty("");
    private final BooleanBinding confirmed;

    public TeardownConfirmViewModel(String stack) {
        this.stack = stack;
        this.confirmed = Bindings.createBooleanBinding(() -> stack.equals(typed.get()), typed);
    }

    public String stack() {
        return stack;
    }

    public StringProperty typedProperty() {
        return typed;
    }

    public BooleanBinding confirmedBinding() {
        return confirmed;
    }
}
