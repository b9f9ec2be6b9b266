package dev.cairn.gui;

import dev.cairn.step.StepModule;
import dev.cairn.step.access.AccessStep;
import dev.cairn.step.network.NetworkStep;
import dev.cairn.step.pipeline.PipelineStep;
import dev.cairn.step.storage.StorageStep;
import dev.cairn.step.web.WebStep;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The wizard's pages, in order; later steps join when they exist, never as empty pages. A page
 * between Account and Review edits one step module's section; Account (where actions go) and
 * Review (the plan) edit none.
 */
public enum WizardStep {
    ACCOUNT(null, Set.of()),
    NETWORK(NetworkStep.MODULE, Set.of("network")),
    ACCESS(AccessStep.MODULE, Set.of("access", "peer")),
    WEB(WebStep.MODULE, Set.of("web")),
    STORAGE(StorageStep.MODULE, Set.of("storage")),
    PIPELINE(PipelineStep.MODULE, Set.of("pipeline")),
    REVIEW(null, Set.of());

    private final StepModule<?> module;
    private final Set<String> resourceSteps;

    WizardStep(StepModule<?> module, Set<String> resourceSteps) {
        this.module = module;
        this.resourceSteps = resourceSteps;
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
