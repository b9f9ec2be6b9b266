package dev.cairn.gui;

import java.util.Locale;

/** The wizard's steps, in order; later steps join when they exist, never as empty pages. */
public enum WizardStep {
    ACCOUNT,
    NETWORK,
    ACCESS,
    REVIEW;

    public String titleKey() {
        return "wizard." + name().toLowerCase(Locale.ROOT) + ".title";
    }
}
