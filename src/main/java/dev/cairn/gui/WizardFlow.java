package dev.cairn.gui;

import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;

/**
 * Which page shows, and whether the user may move on (after ControlsFX's {@code Wizard.Flow}):
 * a step can be entered only when every step before it is valid.
 */
public final class WizardFlow {

    private final ReadOnlyObjectWrapper<WizardStep> current = new ReadOnlyObjectWrapper<>(WizardStep.ACCOUNT);
    private final ObservableBooleanValue accountValid;
    private final ObservableBooleanValue networkValid;
    private final ObservableBooleanValue accessValid;
    private final BooleanBinding canAdvance;

    public WizardFlow(ObservableBooleanValue accountValid, ObservableBooleanValue networkValid,
            ObservableBooleanValue accessValid) {
        this.accountValid = accountValid;
        this.networkValid = networkValid;
        this.accessValid = accessValid;
        this.canAdvance = Bindings.createBooleanBinding(() -> current.get() != WizardStep.REVIEW
                && valid(current.get()), current, accountValid, networkValid, accessValid);
    }

    private boolean valid(WizardStep step) {
        return switch (step) {
            case ACCOUNT -> accountValid.get();
            case NETWORK -> networkValid.get();
            case ACCESS -> accessValid.get();
            case REVIEW -> true;
        };
    }

    /** Whether {@code step} may be shown: every earlier step validates. */
    public boolean canEnter(WizardStep step) {
        Predicate<WizardStep> ok = this::valid;
        for (WizardStep s : WizardStep.values()) {
            if (s == step) {
                return true;
            }
            if (!ok.test(s)) {
                return false;
            }
        }
        return false;
    }

    public boolean go(WizardStep step) {
        if (!canEnter(step)) {
            return false;
        }
        current.set(step);
        return true;
    }

    public void next() {
        if (canAdvance.get()) {
            current.set(WizardStep.values()[current.get().ordinal() + 1]);
        }
    }

    public void back() {
        if (current.get().ordinal() > 0) {
            current.set(WizardStep.values()[current.get().ordinal() - 1]);
        }
    }

    public ReadOnlyObjectProperty<WizardStep> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public BooleanBinding canAdvanceBinding() {
        return canAdvance;
    }
}
