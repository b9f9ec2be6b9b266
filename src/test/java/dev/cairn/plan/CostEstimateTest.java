package dev.cairn.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.Address;
import dev.cairn.model.AwsService;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Billing;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Shape;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.model.kinds.ResourceKinds;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.network.NetworkSection;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
        PriceTable prices = PriceTable.standard();
        assertThat(prices.hourly(Ec2Kinds.NAT_GATEWAY, "us-east-1")).hasValue(new BigDecimal("0.045"));
        assertThat(prices.hourly(Ec2Kinds.NAT_GATEWAY, "ap-northeast-2")).hasValue(new BigDecimal("0.059"));
        assertThat(prices.hourly(Ec2Kinds.NAT_GATEWAY, "ap-northeast-1")).hasValue(new BigDecimal("0.062"));
        assertThat(CostEstimate.of(List.of()).isFree()).isTrue();
    }

    @Test
    void standardPrices_whenEveryKindWalked_priceEachHourlyOrUsageChargeAndNameNoOtherKind() {
        PriceTable prices = PriceTable.standard();
        Set<String> hourly = new TreeSet<>();
        Set<String> usage = new TreeSet<>();
        for (ResourceKind k : ResourceKinds.all()) {
            if (k.cost().billing() == Billing.HOURLY) {
                hourly.add(k.wireName());
            }
            if (k.cost().hasUsage()) {
                usage.add(k.wireName());
            }
        }
        assertThat(prices.kindsPriced("hourly")).isEqualTo(hourly);
        assertThat(prices.kindsPriced("usage")).isEqualTo(usage);
        // The guide's region prices everything the guide builds.
        for (String kind : hourly) {
            assertThat(prices.hourly(ResourceKinds.require(kind), "ap-northeast-2")).as(kind).isPresent();
        }
    }

    @Test
    void of_whenKindBilledByTheHourHasAUsageCharge_linesComeFromItsCostFact() {
        ResourceKind lb = ResourceKind.define("TEST_LOAD_BALANCER").service(AwsService.EC2).label("Load balancer")
                .cloudFormation("").taggedOnCreate("lb").timeouts(Duration.ofMinutes(1), Duration.ofMinutes(1),
                        Duration.ofMinutes(1))
                .cost(Cost.hourly().withUsage("capacity units", "LCU-hour")).shape(Shape.SERVICE).build();
        PriceTable prices = PriceTable.of(Map.of("hourly.TEST_LOAD_BALANCER.eu-west-1", "0.0252",
                "usage.TEST_LOAD_BALANCER.eu-west-1", "0.008"));
        ResourceSpec spec = new ResourceSpec(Address.of("web", "alb"), lb, "eu-west-1", Map.of(), Map.of(), Set.of());

        CostEstimate cost = CostEstimate.of(List.of(spec, spec), prices);

        assertThat(cost.lines()).extracting(CostEstimate.Line::item)
                .containsExactly("Load balancer", "Load balancer capacity units (not estimated)");
        assertThat(cost.lines().get(1).unit()).isEqualTo("LCU-hour");
        assertThat(cost.lines().get(1).unitPrice()).hasValue(new BigDecimal("0.008"));
        assertThat(cost.hourly()).isEqualByComparingTo("0.0504");
        assertThat(cost.pricesKnown()).isTrue();
        assertThat(CostEstimate.of(List.of(spec)).pricesKnown()).isFalse();
    }

    @Test
    void priceTable_whenKeyOrPriceMalformed_fails() {
        assertThatThrownBy(() -> PriceTable.of(Map.of("hourly.NAT_GATEWAY", "0.1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PriceTable.of(Map.of("daily.NAT_GATEWAY.us-east-1", "0.1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PriceTable.of(Map.of("hourly.NAT_GATEWAY.us-east-1", "cheap")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PriceTable.of(Map.of("instance.us-east-1.t3.micro", "-1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PriceTable.of(Map.of("instance.us-east-1.t3.micro", "0.0104")).instance("us-east-1", "t3.micro"))
                .hasValue(new BigDecimal("0.0104"));
    }
}
