package dev.cairn.plan;

import dev.cairn.model.ResourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The prices the cost estimate multiplies: per kind and region for kinds billed by the hour or by
 * usage (keyed by the kind's wire name), and per region and instance type. The standard table is
 * {@code prices.properties} beside this class, so a kind added later is priced by adding lines
 * there, not by changing code; tests may build their own.
 */
public final class PriceTable {

    private static final String RESOURCE = "prices.properties";
    private static final Set<String> TABLES = Set.of("hourly", "usage", "instance");
    /** The table of assumed usage, keyed {@code estimate.<KIND>} with no region. */
    private static final String ESTIMATE = "estimate";
    private static final PriceTable STANDARD = load();

    /**
     * {@code hourly.<KIND>.<region>}, {@code usage.<KIND>.<region>} (and {@code usage.<KIND>+<key>.<region>}
     * for a kind's further usage charges), {@code instance.<region>.<type>}, {@code estimate.<KIND>}.
     */
    private final Map<String, BigDecimal> prices;

    private PriceTable(Map<String, BigDecimal> prices) {
        this.prices = Collections.unmodifiableMap(new HashMap<>(prices));
    }

    /** The prices Cairn ships with (as of {@link CostEstimate#PRICES_AS_OF}). */
    public static PriceTable standard() {
        return STANDARD;
    }

    /**
     * A table from lines shaped like the standard file's.
     *
     * @throws IllegalArgumentException for a key of no known table or a price that is not a
     *     non-negative number
     */
    public static PriceTable of(Map<String, String> lines) {
        Map<String, BigDecimal> prices = new HashMap<>();
        lines.forEach((key, value) -> {
            int dot = key.indexOf('.');
            String table = dot < 0 ? "" : key.substring(0, dot);
            String rest = dot < 0 ? "" : key.substring(dot + 1);
            int second = rest.indexOf('.');
            boolean estimate = ESTIMATE.equals(table) && !rest.isEmpty() && rest.indexOf('.') < 0;
            if (!estimate && (!TABLES.contains(table) || second < 1 || second == rest.length() - 1)) {
                throw new IllegalArgumentException("a price key is hourly|usage.<KIND>.<region>, "
                        + "instance.<region>.<type> or estimate.<KIND>: " + key);
            }
            BigDecimal price;
            try {
                price = new BigDecimal(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the price of " + key + " is not a number: " + value, e);
            }
            if (price.signum() < 0) {
                throw new IllegalArgumentException("the price of " + key + " is negative: " + value);
            }
            prices.put(key, price);
        });
        return new PriceTable(prices);
    }

    /** The hourly price of one resource of a kind billed by the hour, if the table has the region. */
    public Optional<BigDecimal> hourly(ResourceKind kind, String region) {
        return Optional.ofNullable(prices.get("hourly." + kind.wireName() + "." + region));
    }

    /** The rate of a kind's usage charge, per the unit its cost names, if the table has the region. */
    public Optional<BigDecimal> usage(ResourceKind kind, String region) {
        return Optional.ofNullable(prices.get("usage." + kind.wireName() + "." + region));
    }

    /** The rate of one of a kind's further usage charges ({@code usage.<KIND>+<key>.<region>}), if the table has it. */
    public Optional<BigDecimal> usage(ResourceKind kind, ResourceKind.Usage usage, String region) {
        return Optional.ofNullable(prices.get("usage." + kind.wireName() + "+" + usage.key() + "." + region));
    }

    /**
     * The usage per hour the estimate assumes for one resource of {@code kind}, in the unit its
     * cost names (one LCU-hour per hour for a load balancer), if the table guesses one.
     */
    public Optional<BigDecimal> estimate(ResourceKind kind) {
        return Optional.ofNullable(prices.get(ESTIMATE + "." + kind.wireName()));
    }

    /** The on-demand Linux hourly price of an instance type in a region, if the table has it. */
    public Optional<BigDecimal> instance(String region, String instanceType) {
        return Optional.ofNullable(prices.get("instance." + region + "." + instanceType));
    }

    /** The wire names the hourly ({@code hourly}) or usage ({@code usage}) table prices in some region. */
    public Set<String> kindsPriced(String table) {
        Set<String> kinds = new TreeSet<>();
        String prefix = table + ".";
        for (String key : prices.keySet()) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                String kind = rest.substring(0, rest.indexOf('.'));
                // A further usage charge (usage.S3_BUCKET+get-requests.<region>) prices the same kind.
                kinds.add(kind.contains("+") ? kind.substring(0, kind.indexOf('+')) : kind);
            }
        }
        return kinds;
    }

    private static PriceTable load() {
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the price table " + RESOURCE + " is missing from the build");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> lines = new HashMap<>();
            p.stringPropertyNames().forEach(k -> lines.put(k, p.getProperty(k)));
            return of(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the price table " + RESOURCE, e);
        }
    }
}
