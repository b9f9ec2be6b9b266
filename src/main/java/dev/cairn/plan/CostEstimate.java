package dev.cairn.plan;

import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.Ec2Kinds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the resources of a plan cost while they exist, for the charges that run by the hour: NAT
 * gateways, instances (on-demand Linux, for the common small types) and public IPv4 addresses. VPCs, subnets, route tables and internet gateways are free.
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

    /**
     * On-demand Linux hourly price per region and instance type (USD, as of
     * {@link #PRICES_AS_OF}), for the types the Access step suggests. Root volumes (EBS gp3) and
     * Marketplace software fees are not included.
     */
    private static final Map<String, Map<String, BigDecimal>> INSTANCE_HOURLY = Map.of(
            "us-east-1", prices("0.0116", "0.0104", "0.0208", "0.0416", "0.0084", "0.0168"),
            "ap-northeast-1", prices("0.0152", "0.0136", "0.0272", "0.0544", "0.0108", "0.0216"),
            "ap-northeast-2", prices("0.0144", "0.0130", "0.0260", "0.0520", "0.0104", "0.0208"),
            "eu-central-1", prices("0.0134", "0.0120", "0.0240", "0.0480", "0.0096", "0.0192"),
            "eu-west-1", prices("0.0126", "0.0114", "0.0228", "0.0456", "0.0092", "0.0184"));

    private static Map<String, BigDecimal> prices(String t2Micro, String t3Micro, String t3Small, String t3Medium,
            String t4gMicro, String t4gSmall) {
        return Map.of("t2.micro", new BigDecimal(t2Micro), "t3.micro", new BigDecimal(t3Micro),
                "t3.small", new BigDecimal(t3Small), "t3.medium", new BigDecimal(t3Medium),
                "t4g.micro", new BigDecimal(t4gMicro), "t4g.small", new BigDecimal(t4gSmall));
    }

    /** The on-demand hourly price of an instance type in a region, if the table has it. */
    public static Optional<BigDecimal> instanceHourly(String region, String instanceType) {
        return Optional.ofNullable(INSTANCE_HOURLY.getOrDefault(region, Map.of()).get(instanceType));
    }

    /**
     * One estimate per region the specs use, the first region first (a stack with VPC peering
     * spans two).
     */
    public static List<CostEstimate> perRegion(List<ResourceSpec> specs) {
        Map<String, List<ResourceSpec>> byRegion = new java.util.LinkedHashMap<>();
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
        int nats = (int) specs.stream().filter(s -> s.kind() == Ec2Kinds.NAT_GATEWAY).count();
        int eips = (int) specs.stream().filter(s -> s.kind() == Ec2Kinds.ELASTIC_IP).count();
        Optional<BigDecimal> natPrice = natGatewayHourly(region);

        List<Line> lines = new ArrayList<>();
        if (nats > 0) {
            lines.add(new Line("NAT gateway", nats, natPrice, "hour", natPrice.map(p -> p.multiply(BigDecimal.valueOf(nats)))));
        }
        Map<String, Integer> instances = new java.util.TreeMap<>();
        specs.stream().filter(s -> s.kind() == Ec2Kinds.INSTANCE)
                .forEach(s -> instances.merge(String.valueOf(s.property("instanceType")), 1, Integer::sum));
        boolean instancesKnown = true;
        for (Map.Entry<String, Integer> e : instances.entrySet()) {
            Optional<BigDecimal> price = instanceHourly(region, e.getKey());
            instancesKnown &= price.isPresent();
            int n = e.getValue();
            lines.add(new Line("Instance " + e.getKey() + " (on-demand Linux)", n, price, "hour",
                    price.map(p -> p.multiply(BigDecimal.valueOf(n)))));
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
        boolean known = (nats == 0 || natPrice.isPresent()) && instancesKnown;
        return new CostEstimate(region, lines, hourly, monthly, known);
    }

    /** True when nothing in the plan bills by the hour. */
    public boolean isFree() {
        return hourly.signum() == 0 && pricesKnown;
    }
}
