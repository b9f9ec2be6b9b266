package dev.cairn.plan;

import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceSpec;
import dev.cairn.step.web.WebResources;
import dev.cairn.step.web.WebSection;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What a stack with a Web tier costs per hour at the two ends of its Auto Scaling group: with
 * {@code desired} instances (what runs after an apply) and with {@code max} (after a scale-out
 * reaches the top). Both include everything else the stack holds.
 *
 * @param desired the group's desired size
 * @param max the group's largest size
 * @param atDesired one estimate per region, the group at desired
 * @param atMax one estimate per region, the group at max
 */
public record CostRange(int desired, int max, List<CostEstimate> atDesired, List<CostEstimate> atMax) {

    public CostRange {
        atDesired = List.copyOf(atDesired);
        atMax = List.copyOf(atMax);
    }

    /**
     * The range of a plannable blueprint (validated, defaults filled, inputs resolved); empty
     * when it has no enabled Web tier.
     */
    public static Optional<CostRange> of(Blueprint plannable) {
        WebSection web = plannable.section(WebSection.KEY);
        if (web == null || !web.on() || web.autoScaling() == null) {
            return Optional.empty();
        }
        List<ResourceSpec> specs = Planner.specs(plannable);
        return Optional.of(new CostRange(web.autoScaling().desired(), web.autoScaling().max(),
                CostEstimate.perRegion(specs), CostEstimate.perRegion(WebResources.atMax(specs))));
    }

    /** The hourly total over every region, the group at desired. */
    public BigDecimal hourlyAtDesired() {
        return sum(atDesired);
    }

    /** The hourly total over every region, the group at max. */
    public BigDecimal hourlyAtMax() {
        return sum(atMax);
    }

    private static BigDecimal sum(List<CostEstimate> costs) {
        return costs.stream().map(CostEstimate::hourly).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
