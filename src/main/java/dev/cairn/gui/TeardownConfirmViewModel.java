package dev.cairn.gui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The teardown confirmation: OK only when the typed text is exactly the stack name. */
public final class TeardownConfirmViewModel {

    private final String stack;
    private final StringProperty typed = new SimpleStringProperty("");
    private final java.util.List<java.nio.file.Path> keyFiles;
    /** Whether to delete the private key files Cairn saved; off by default (they stay unless asked). */
    private final javafx.beans.property.BooleanProperty deleteKeyFiles = new javafx.beans.property.SimpleBooleanProperty(false);
    private final BooleanBinding confirmed;

    public TeardownConfirmViewModel(String stack) {
        this(stack, java.util.List.of());
    }

    /** @param keyFiles the private key files Cairn saved for this stack (offered for deletion) */
    public TeardownConfirmViewModel(String stack, java.util.List<java.nio.file.Path> keyFiles) {
        this.stack = stack;
        this.keyFiles = java.util.List.copyOf(keyFiles);
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

    public java.util.List<java.nio.file.Path> keyFiles() {
        return keyFiles;
    }

    public javafx.beans.property.BooleanProperty deleteKeyFilesProperty() {
        return deleteKeyFiles;
    }
}
