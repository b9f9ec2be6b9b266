package dev.cairn.gui;

import java.util.List;
import javafx.beans.Observable;
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
    private final List<ObservableBooleanValue> valid;
    private final BooleanBinding canAdvance;

    /** @param valid whether each page validates, one per {@link WizardStep}, in their order */
    public WizardFlow(List<? extends ObservableBooleanValue> valid) {
        if (valid.size() != WizardStep.values().length) {
            throw new IllegalArgumentException(valid.size() + " validities for " + WizardStep.values().length + " pages");
        }
        this.valid = List.copyOf(valid);
        Observable[] dependencies = new Observable[valid.size() + 1];
        dependencies[0] = current;
        for (int i = 0; i < valid.size(); i++) {
            dependencies[i + 1] = valid.get(i);
        }
        this.canAdvance = Bindings.createBooleanBinding(() -> current.get() != last() && valid(current.get()),
                dependencies);
    }

    private static WizardStep last() {
        WizardStep[] steps = WizardStep.values();
        return steps[steps.length - 1];
    }

    private boolean valid(WizardStep step) {
        return valid.get(step.ordinal()).get();
    }

    /** Whether {@code step} may be shown: every earlier step validates. */
    public boolean canEnter(WizardStep step) {
        for (WizardStep s : WizardStep.values()) {
            if (s == step) {
                return true;
            }
            if (!valid(s)) {
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
