package dev.cairn.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.web.WebSection;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the Web tier costs: the ALB hour, an LCU estimate, the group's instances at desired and at max. */
class WebCostTest {

    /** The guide's Network + Web in Seoul (no Access, so the numbers are the web tier's and the NAT's). */
    private static Blueprint webOnly(int desired, int max) {
        Blueprint bp = BlueprintExample.fourSteps().without(AccessSection.KEY).without(dev.cairn.step.storage.StorageSection.KEY);
        WebSection w = bp.section(WebSection.KEY);
        return BlueprintYaml.withDefaults(bp.with(WebSection.KEY, new WebSection(true, w.image(), "t3.micro", null,
                w.loadBalancer(), null, new WebSection.AutoScaling(1, desired, max, 10, 70, 10))));
    }

    private static Optional<CostEstimate.Line> line(CostEstimate c, String prefix) {
        return c.lines().stream().filter(l -> l.item().startsWith(prefix)).findFirst();
    }

    @Test
    void estimate_pricesTheAlbHourAnLcuAndTheGroupsDesiredInstances() {
        CostEstimate c = CostEstimate.of(Planner.specs(webOnly(2, 3)));
        assertThat(c.pricesKnown()).isTrue();
        assertThat(line(c, "Load balancer").map(CostEstimate.Line::item)).contains("Load balancer");
        assertThat(line(c, "Load balancer").flatMap(CostEstimate.Line::hourly)).contains(new BigDecimal("0.0225"));
        CostEstimate.Line lcu = line(c, "Load balancer: ").orElseThrow();
        assertThat(lcu.item()).contains("estimate: 1 LCU-hour per hour");
        assertThat(lcu.hourly()).contains(new BigDecimal("0.008"));
        CostEstimate.Line group = line(c, "Auto Scaling group t3.micro").orElseThrow();
        assertThat(group.quantity()).isEqualTo(2);
        assertThat(group.hourly()).contains(new BigDecimal("0.0260"));
        // NAT 0.059 + NAT's Elastic IP 0.005 + ALB 0.0225 + LCU 0.008 + 2 × 0.013.
        assertThat(c.hourly()).isEqualByComparingTo("0.1205");
    }

    @Test
    void range_saysTheCostAtDesiredAndAtMax() {
        CostRange range = CostRange.of(webOnly(1, 3)).orElseThrow();
        assertThat(range.desired()).isEqualTo(1);
        assertThat(range.max()).isEqualTo(3);
        assertThat(range.hourlyAtMax().subtract(range.hourlyAtDesired())).isEqualByComparingTo("0.026");
        assertThat(line(range.atMax().get(0), "Auto Scaling group").orElseThrow().quantity()).isEqualTo(3);
    }

    @Test
    void range_whenNoWebTier_isEmpty() {
        assertThat(CostRange.of(BlueprintYaml.withDefaults(BlueprintExample.networkOnly()))).isEmpty();
    }

    @Test
    void estimate_whenRegionHasNoAlbPrice_saysPricesAreUnknown() {
        Blueprint bp = webOnly(1, 3);
        CostEstimate c = CostEstimate.of(Planner.specs(bp), PriceTable.of(java.util.Map.of(
                "instance.ap-northeast-2.t3.micro", "0.013", "hourly.NAT_GATEWAY.ap-northeast-2", "0.059")));
        assertThat(c.pricesKnown()).isFalse();
    }

    @Test
    void priceTable_acceptsEstimatesAndRefusesMalformedKeys() {
        assertThat(PriceTable.of(java.util.Map.of("estimate.LOAD_BALANCER", "1")).kindsPriced("hourly")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PriceTable.of(java.util.Map.of("estimate.A.b", "1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
