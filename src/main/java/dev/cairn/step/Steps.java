package dev.cairn.step;

import dev.cairn.step.access.AccessStep;
import dev.cairn.step.network.NetworkStep;
import dev.cairn.step.pipeline.PipelineStep;
import dev.cairn.step.storage.StorageStep;
import dev.cairn.step.web.WebStep;
import java.util.List;
import java.util.Optional;

/**
 * The registered wizard steps, in the order a person learns them: the order of the sections in
 * YAML, of the validator's errors and of the planner's resources.
 */
public final class Steps {

    /** Every step; adding a step adds its module here. */
    public static final List<StepModule<?>> ALL = List.of(NetworkStep.MODULE, AccessStep.MODULE, WebStep.MODULE,
            StorageStep.MODULE, PipelineStep.MODULE);

    private Steps() {}

    /** The step whose key is {@code name}, if one is registered. */
    public static Optional<StepModule<?>> find(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
