package dev.cairn.gui;

import java.util.Locale;
import java.util.Set;

/** The wizard's steps, in order; later steps join when they exist, never as empty pages. */
public enum WizardStep {
    ACCOUNT(Set.of()),
    NETWORK(Set.of("network")),
    ACCESS(Set.of("access", "peer")),
    REVIEW(Set.of());

    private final Set<String> resourceSteps;

    WizardStep(Set<String> resourceSteps) {
        this.resourceSteps = resourceSteps;
    }

    /**
     * The resources this page is about, by their address's step ({@code network.subnet[app-a]} is
     * {@code network}): what the diagram zooms to while the page shows. Empty: every resource.
     */
    public Set<String> resourceSteps() {
        return resourceSteps;
    }

    public String titleKey() {
        return "wizard." + name().toLowerCase(Locale.ROOT) + ".title";
    }
}
