package dev.cairn.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceSpec;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.network.NetworkSection;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostEstimateTest {

    private static List<ResourceSpec> demo(NatMode nat, String region) {
        Blueprint d = BlueprintExample.demo();
        return NetworkResources.specs(new Blueprint(d.name(), region, d.tags())
                .with(NetworkSection.KEY, d.section(NetworkSection.KEY).withNat(nat)));
    }

    @Test
    void of_whenDemoInSeoul_billsOneNatAndOneIpv4() {
        CostEstimate cost = CostEstimate.of(demo(NatMode.SINGLE, "ap-northeast-2"));
        assertThat(cost.region()).isEqualTo("ap-northeast-2");
        assertThat(cost.hourly()).isEqualByComparingTo("0.064");
        assertThat(cost.monthly()).isEqualByComparingTo("46.72");
        assertThat(cost.pricesKnown()).isTrue();
        assertThat(cost.isFree()).isFalse();
        assertThat(cost.lines()).extracting(CostEstimate.Line::item)
                .containsExactly("NAT gateway", "Public IPv4 address", "NAT gateway data processing (not estimated)");
        assertThat(cost.lines().get(0).monthly()).hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("43.07"));
        assertThat(cost.lines().get(2).hourly()).isEmpty();
        assertThat(cost.lines().get(2).unitPrice()).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("0.059"));
    }

    @Test
    void of_whenPerZoneInNVirginia_billsTwoOfEach() {
        CostEstimate cost = CostEstimate.of(demo(NatMode.PER_ZONE, "us-east-1"));
        assertThat(cost.hourly()).isEqualByComparingTo("0.100");
        assertThat(cost.monthly()).isEqualByComparingTo("73.00");
        assertThat(cost.lines().get(0).quantity()).isEqualTo(2);
    }

    @Test
    void of_whenNoNat_isFree() {
        CostEstimate cost = CostEstimate.of(demo(NatMode.NONE, "ap-northeast-1"));
        assertThat(cost.lines()).isEmpty();
        assertThat(cost.hourly()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(cost.isFree()).isTrue();
    }

    @Test
    void of_whenRegionNotPriced_leavesNatOutAndSaysSo() {
        CostEstimate cost = CostEstimate.of(demo(NatMode.SINGLE, "me-south-1"));
        assertThat(cost.pricesKnown()).isFalse();
        assertThat(cost.hourly()).isEqualByComparingTo("0.005");
        assertThat(cost.lines().get(0).unitPrice()).isEmpty();
        assertThat(cost.isFree()).isFalse();
    }

    @Test
    void of_whenSpecsSpanRegions_fails() {
        List<ResourceSpec> mixed = new ArrayList<>(demo(NatMode.SINGLE, "ap-northeast-2"));
        mixed.addAll(demo(NatMode.SINGLE, "us-east-1"));
        assertThatThrownBy(() -> CostEstimate.of(mixed)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void natGatewayHourly_whenKnownRegions_matchesPublishedPrices() {
        assertThat(CostEstimate.natGatewayHourly("us-east-1")).hasValue(new BigDecimal("0.045"));
        assertThat(CostEstimate.natGatewayHourly("ap-northeast-2")).hasValue(new BigDecimal("0.059"));
        assertThat(CostEstimate.natGatewayHourly("ap-northeast-1")).hasValue(new BigDecimal("0.062"));
        assertThat(CostEstimate.of(List.of()).isFree()).isTrue();
    }
}
