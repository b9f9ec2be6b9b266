package dev.cairn.plan;

import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the resources of a plan cost while they exist, for the charges that run by the hour, read
 * from each kind's {@link Cost} fact: kinds billed by the hour (NAT gateways), by instance type
 * (instances: on-demand Linux, for the common small types) and public IPv4 addresses; free kinds
 * (VPCs, subnets, route tables, gateways) add nothing. Usage charges (NAT data processing per GB,
 * data transfer) depend on traffic, so they are shown as a rate, not estimated. Prices come from a
 * {@link PriceTable}; nothing here names a kind.
 *
 * @param region the region the prices are for
 * @param lines one line per billed item: kinds billed by the hour (in the order the specs first
 *     name them), then each instance type, then public IPv4 addresses, then usage rates
 * @param hourly sum of the hourly lines whose price is known
 * @param monthly {@code hourly × 730}
 * @param pricesKnown false when the region (or an instance type) is not in the price table (the
 *     totals then leave out the unpriced lines)
 */
public record CostEstimate(String region, List<Line> lines, BigDecimal hourly, BigDecimal monthly, boolean pricesKnown) {

    /** The date of the prices in the standard {@link PriceTable} (USD, AWS public price list). */
    public static final LocalDate PRICES_AS_OF = LocalDate.of(2025, 6, 1);
    /** AWS bills a month as 730 hours. */
    public static final int HOURS_PER_MONTH = 730;
    /** Every public IPv4 address, attached or idle, since 1 February 2024. */
    public static final BigDecimal PUBLIC_IPV4_HOURLY = new BigDecimal("0.005");

    /** The on-demand hourly price of an instance type in a region, if the standard table has it. */
    public static Optional<BigDecimal> instanceHourly(String region, String instanceType) {
        return PriceTable.standard().instance(region, instanceType);
    }

    /**
     * One estimate per region the specs use, the first region first (a stack with VPC peering
     * spans two).
     */
    public static List<CostEstimate> perRegion(List<ResourceSpec> specs) {
        Map<String, List<ResourceSpec>> byRegion = new LinkedHashMap<>();
        specs.forEach(s -> byRegion.computeIfAbsent(s.region(), r -> new ArrayList<>()).add(s));
        return byRegion.values().stream().map(CostEstimate::of).toList();
    }

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

    /**
     * Estimates what the given resources cost per hour and per month, at the standard prices. A
     * NAT gateway's public IPv4 address is billed once, on the Elastic IP it holds.
     *
     * @throws IllegalArgumentException if the specs span more than one region
     */
    public static CostEstimate of(List<ResourceSpec> specs) {
        return of(specs, PriceTable.standard());
    }

    /**
     * Estimates what the given resources cost at {@code prices}.
     *
     * @throws IllegalArgumentException if the specs span more than one region
     */
    public static CostEstimate of(List<ResourceSpec> specs, PriceTable prices) {
        List<String> regions = specs.stream().map(ResourceSpec::region).distinct().toList();
        if (regions.size() > 1) {
            throw new IllegalArgumentException("resources span several regions: " + regions);
        }
        String region = regions.isEmpty() ? "" : regions.get(0);

        // Counted in the order the specs first name each kind (the steps' order), types sorted.
        Map<ResourceKind, Integer> hourlyKinds = new LinkedHashMap<>();
        Map<ResourceKind, Map<String, Integer>> byType = new LinkedHashMap<>();
        Map<ResourceKind, Integer> usageKinds = new LinkedHashMap<>();
        int addresses = 0;
        for (ResourceSpec s : specs) {
            ResourceKind kind = s.kind();
            Cost cost = kind.cost();
            switch (cost.billing()) {
                case FREE -> { }
                case HOURLY -> hourlyKinds.merge(kind, 1, Integer::sum);
                case BY_INSTANCE_TYPE -> byType.computeIfAbsent(kind, k -> new TreeMap<>())
                        .merge(String.valueOf(s.property(cost.property())), quantity(s, cost), Integer::sum);
                case PUBLIC_IPV4 -> addresses++;
            }
            if (cost.hasUsage()) {
                usageKinds.merge(kind, 1, Integer::sum);
            }
        }

        List<Line> lines = new ArrayList<>();
        boolean known = true;
        for (Map.Entry<ResourceKind, Integer> e : hourlyKinds.entrySet()) {
            Optional<BigDecimal> price = prices.hourly(e.getKey(), region);
            known &= price.isPresent();
            lines.add(hourlyLine(e.getKey().label(), e.getValue(), price));
        }
        for (Map.Entry<ResourceKind, Map<String, Integer>> k : byType.entrySet()) {
            for (Map.Entry<String, Integer> e : k.getValue().entrySet()) {
                Optional<BigDecimal> price = prices.instance(region, e.getKey());
                known &= price.isPresent();
                lines.add(hourlyLine(k.getKey().label() + " " + e.getKey() + " (on-demand Linux)", e.getValue(), price));
            }
        }
        if (addresses > 0) {
            lines.add(hourlyLine("Public IPv4 address", addresses, Optional.of(PUBLIC_IPV4_HOURLY)));
        }
        for (Map.Entry<ResourceKind, Integer> e : usageKinds.entrySet()) {
            Cost cost = e.getKey().cost();
            Optional<BigDecimal> rate = prices.usage(e.getKey(), region);
            Optional<BigDecimal> assumed = prices.estimate(e.getKey());
            if (assumed.isPresent()) {
                // A usage the table can fairly guess is counted in the total, saying what it assumes.
                known &= rate.isPresent();
                BigDecimal units = assumed.get().multiply(BigDecimal.valueOf(e.getValue()));
                lines.add(new Line(e.getKey().label() + ": " + cost.usageNote() + " (estimate: "
                        + assumed.get().stripTrailingZeros().toPlainString() + " " + cost.usageUnit() + " per hour each)",
                        e.getValue(), rate, cost.usageUnit(), rate.map(r -> r.multiply(units))));
            } else {
                lines.add(new Line(e.getKey().label() + " " + cost.usageNote() + " (not estimated)", e.getValue(),
                        rate, cost.usageUnit(), Optional.empty()));
            }
            for (ResourceKind.Usage more : cost.moreUsage()) {
                lines.add(new Line(e.getKey().label() + " " + more.note() + " (not estimated)", e.getValue(),
                        prices.usage(e.getKey(), more, region), more.unit(), Optional.empty()));
            }
        }
        BigDecimal hourly = lines.stream().map(Line::hourly).flatMap(Optional::stream).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal monthly = hourly.multiply(BigDecimal.valueOf(HOURS_PER_MONTH)).setScale(2, RoundingMode.HALF_UP);
        return new CostEstimate(region, lines, hourly, monthly, known);
    }

    /**
     * How many units a spec bills: 1, or the value of the property its cost multiplies by (an
     * Auto Scaling group bills its {@code desired} instances; none while it is 0).
     */
    private static int quantity(ResourceSpec s, Cost cost) {
        if (cost.quantityProperty() == null || cost.quantityProperty().isEmpty()) {
            return 1;
        }
        String value = s.property(cost.quantityProperty());
        try {
            return value == null ? 1 : Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s.address() + ": " + cost.quantityProperty() + " is not a count: " + value, e);
        }
    }

    private static Line hourlyLine(String item, int quantity, Optional<BigDecimal> price) {
        return new Line(item, quantity, price, "hour", price.map(p -> p.multiply(BigDecimal.valueOf(quantity))));
    }

    /** True when nothing in the plan bills by the hour. */
    public boolean isFree() {
        return hourly.signum() == 0 && pricesKnown;
    }
}
