package dev.cairn.gui;

import java.util.Locale;

/** A step's badge in the step list. */
public enum StepStatus {
    NOT_STARTED,
    INVALID,
    VALID,
    APPLIED,
    FAILED;

    public String key() {
        return "step.status." + name().toLowerCase(Locale.ROOT).replace("_", "");
    }

    /** The badge's pseudo-class ({@code .step-badge:badge-applied}): a flip re-uses the badge's matched selectors. */
    public String pseudoClass() {
        return "badge-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
