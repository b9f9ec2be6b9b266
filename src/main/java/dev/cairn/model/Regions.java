package dev.cairn.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An offline catalog of AWS commercial regions and their availability-zone names, so a blueprint
 * can be checked and given defaults before any AWS call. Zone letters are those a new account
 * sees; opt-in regions are left out on purpose (they need enabling first).
 */
public final class Regions {

    /** One region: its code, English display name, and zone letters in order. */
    public record Region(String code, String displayName, List<String> zoneLetters) {

        public Region {
            zoneLetters = List.copyOf(zoneLetters);
        }

        /** Full zone names: {@code ap-northeast-2a}, {@code ap-northeast-2b}, … */
        public List<String> zones() {
            return zoneLetters.stream().map(letter -> code + letter).toList();
        }

        public boolean hasZone(String zone) {
            return zones().contains(zone);
        }
    }

    private static final Map<String, Region> CATALOG = build();

    private Regions() {}

    private static Map<String, Region> build() {
        Map<String, Region> m = new LinkedHashMap<>();
        add(m, "us-east-1", "US East (N. Virginia)", "abcdef");
        add(m, "us-east-2", "US East (Ohio)", "abc");
        add(m, "us-west-1", "US West (N. California)", "ac");
        add(m, "us-west-2", "US West (Oregon)", "abcd");
        add(m, "ca-central-1", "Canada (Central)", "abd");
        add(m, "sa-east-1", "South America (São Paulo)", "abc");
        add(m, "eu-west-1", "Europe (Ireland)", "abc");
        add(m, "eu-west-2", "Europe (London)", "abc");
        add(m, "eu-west-3", "Europe (Paris)", "abc");
        add(m, "eu-central-1", "Europe (Frankfurt)", "abc");
        add(m, "eu-north-1", "Europe (Stockholm)", "abc");
        add(m, "ap-northeast-1", "Asia Pacific (Tokyo)", "acd");
        add(m, "ap-northeast-2", "Asia Pacific (Seoul)", "abcd");
        add(m, "ap-northeast-3", "Asia Pacific (Osaka)", "abc");
        add(m, "ap-southeast-1", "Asia Pacific (Singapore)", "abc");
        add(m, "ap-southeast-2", "Asia Pacific (Sydney)", "abc");
        add(m, "ap-south-1", "Asia Pacific (Mumbai)", "abc");
        return Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, Region> m, String code, String name, String letters) {
        List<String> list = new ArrayList<>();
        for (char c : letters.toCharArray()) {
            list.add(String.valueOf(c));
        }
        m.put(code, new Region(code, name, list));
    }

    public static Optional<Region> find(String code) {
        return Optional.ofNullable(code == null ? null : CATALOG.get(code));
    }

    /** Every region in the catalog, in a stable order (Americas, Europe, Asia Pacific). */
    public static List<Region> all() {
        return List.copyOf(CATALOG.values());
    }

    public static List<String> codes() {
        return List.copyOf(CATALOG.keySet());
    }

    /**
     * The zones a blueprint uses when it names none: the region's {@code a} and {@code c} zones
     * (the guide's choice), or else its first two; empty for an unknown region.
     */
    public static List<String> defaultZones(String code) {
        return find(code).map(region -> {
            if (region.zoneLetters().contains("a") && region.zoneLetters().contains("c")) {
                return List.of(code + "a", code + "c");
            }
            return region.zones().subList(0, Math.min(2, region.zones().size()));
        }).orElse(List.of());
    }

    /** The letter of a zone name: {@code a} for {@code ap-northeast-2a}. */
    public static String zoneLetter(String zone) {
        return zone.isEmpty() ? "" : zone.substring(zone.length() - 1);
    }
}
