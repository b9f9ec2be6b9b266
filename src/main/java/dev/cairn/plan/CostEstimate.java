package dev.cairn.plan;

import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the resources of a plan cost while they exist, for the charges that run by the hour: NAT
 * gateways and public IPv4 addresses. VPCs, subnets, route tables and internet gateways are free.
 * Usage charges (NAT data processing per GB, data transfer) depend on traffic, so they are shown
 * as a rate, not estimated.
 *
 * @param region the region the prices are for
 * @param lines one line per billed item
 * @param hourly sum of the hourly lines whose price is known
 * @param monthly {@code hourly × 730}
 * @param pricesKnown false when the region is not in the price table (the totals then leave out
 *     the unpriced lines)
 */
public record CostEstimate(String region, List<Line> lines, BigDecimal hourly, BigDecimal monthly, boolean pricesKnown) {

    /** The date of the on-demand prices below (USD, AWS public price list). */
    public static final LocalDate PRICES_AS_OF = LocalDate.of(2025, 6, 1);
    /** AWS bills a month as 730 hours. */
    public static final int HOURS_PER_MONTH = 730;
    /** Every public IPv4 address, attached or idle, since 1 February 2024. */
    public static final BigDecimal PUBLIC_IPV4_HOURLY = new BigDecimal("0.005");

    /** NAT gateway hourly charge per region; the data-processing charge per GB is the same number. */
    private static final Map<String, BigDecimal> NAT_GATEWAY_HOURLY = Map.ofEntries(
            Map.entry("us-east-1", new BigDecimal("0.045")),
            Map.entry("us-east-2", new BigDecimal("0.045")),
            Map.entry("us-west-1", new BigDecimal("0.048")),
            Map.entry("us-west-2", new BigDecimal("0.045")),
            Map.entry("ca-central-1", new BigDecimal("0.050")),
            Map.entry("sa-east-1", new BigDecimal("0.093")),
            Map.entry("eu-west-1", new BigDecimal("0.048")),
            Map.entry("eu-west-2", new BigDecimal("0.050")),
            Map.entry("eu-west-3", new BigDecimal("0.050")),
            Map.entry("eu-central-1", new BigDecimal("0.052")),
            Map.entry("eu-north-1", new BigDecimal("0.046")),
            Map.entry("ap-northeast-1", new BigDecimal("0.062")),
            Map.entry("ap-northeast-2", new BigDecimal("0.059")),
            Map.entry("ap-northeast-3", new BigDecimal("0.062")),
            Map.entry("ap-southeast-1", new BigDecimal("0.059")),
            Map.entry("ap-southeast-2", new BigDecimal("0.059")),
            Map.entry("ap-south-1", new BigDecimal("0.056")));

    public CostEstimate {
        lines = List.copyOf(lines);
    }

    /**
     * One billed item.
     *
     * @param item what is billed, in English ("NAT gateway")
     * @param quantity how many the plan creates
     * @param unitPrice the price per unit, or empty when unknown for the region
     * @param unit what the price is per ("hour", "GB processed")
     * @param hourly quantity × unit price for hourly items; empty for usage-based lines
     */
    public record Line(String item, int quantity, Optional<BigDecimal> unitPrice, String unit, Optional<BigDecimal> hourly) {

        /** The line's monthly cost (730 hours), when it has an hourly cost. */
        public Optional<BigDecimal> monthly() {
            return hourly.map(h -> h.multiply(BigDecimal.valueOf(HOURS_PER_MONTH)).setScale(2, RoundingMode.HALF_UP));
        }
    }

    /** The NAT gateway hourly price for a region, if the table has it. */
    public static Optional<BigDecimal> natGatewayHourly(String region) {
        return Optional.ofNullable(NAT_GATEWAY_HOURLY.get(region));
    }

    /**
     * Estimates what the given resources cost per hour and per month. Every NAT gateway holds one
     * public IPv4 address (its Elastic IP), which is billed once, on the Elastic IP.
     *
     * @throws IllegalArgumentException if the specs span more than one region
     */
    public static CostEstimate of(List<ResourceSpec> specs) {
        List<String> regions = specs.stream().map(ResourceSpec::region).distinct().toList();
        if (regions.size() > 1) {
            throw new IllegalArgumentException("resources span several regions: " + regions);
        }
        String region = regions.isEmpty() ? "" : regions.get(0);
        int nats = (int) specs.stream().filter(s -> s.kind() == ResourceKind.NAT_GATEWAY).count();
        int eips = (int) specs.stream().filter(s -> s.kind() == ResourceKind.ELASTIC_IP).count();
        Optional<BigDecimal> natPrice = natGatewayHourly(region);

        List<Line> lines = new ArrayList<>();
        if (nats > 0) {
            lines.add(new Line("NAT gateway", nats, natPrice, "hour", natPrice.map(p -> p.multiply(BigDecimal.valueOf(nats)))));
        }
        if (eips > 0) {
            lines.add(new Line("Public IPv4 address", eips, Optional.of(PUBLIC_IPV4_HOURLY), "hour",
                    Optional.of(PUBLIC_IPV4_HOURLY.multiply(BigDecimal.valueOf(eips)))));
        }
        if (nats > 0) {
            // AWS charges NAT data processing per GB at the same number as the hourly rate.
            lines.add(new Line("NAT gateway data processing (not estimated)", nats, natPrice, "GB processed", Optional.empty()));
        }
        BigDecimal hourly = lines.stream().map(Line::hourly).flatMap(Optional::stream).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal monthly = hourly.multiply(BigDecimal.valueOf(HOURS_PER_MONTH)).setScale(2, RoundingMode.HALF_UP);
        boolean known = nats == 0 || natPrice.isPresent();
        return new CostEstimate(region, lines, hourly, monthly, known);
    }

    /** True when nothing in the plan bills by the hour. */
    public boolean isFree() {
        return hourly.signum() == 0 && pricesKnown;
    }
}
