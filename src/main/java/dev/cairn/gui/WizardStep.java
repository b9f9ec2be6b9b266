package dev.cairn.gui;

import dev.cairn.step.StepModule;
import dev.cairn.step.access.AccessStep;
import dev.cairn.step.network.NetworkStep;
import java.util.Locale;
import java.util.Optional;

/**
 * The wizard's pages, in order; later steps join when they exist, never as empty pages. A page
 * between Account and Review edits one step module's section; Account (where actions go) and
 * Review (the plan) edit none.
 */
public enum WizardStep {
    ACCOUNT(null),
    NETWORK(NetworkStep.MODULE),
    ACCESS(AccessStep.MODULE),
    REVIEW(null);

    private final StepModule<?> module;

    WizardStep(StepModule<?> module) {
        this.module = module;
    }

    /** The step module whose section this page edits; empty for Account and Review. */
    public Optional<StepModule<?>> module() {
        return Optional.ofNullable(module);
    }

    /** The page of {@code step}. */
    public static WizardStep of(StepModule<?> step) {
        for (WizardStep w : values()) {
            if (w.module == step) {
                return w;
            }
        }
        throw new IllegalArgumentException("no wizard page for step " + step.name());
    }

    public String titleKey() {
        return "wizard." + name().toLowerCase(Locale.ROOT) + ".title";
    }
}
