package dev.cairn.sandbox.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commercial AWS regions and the zone letters an account usually sees in each (AWS hides
 * some letters from newer accounts, e.g. {@code ap-northeast-1b}; we follow what a new account sees).
 */
public final class Regions {
    /**
     * A region: its name, the short code used in zone IDs ({@code apne2-az1}), its zone letters,
     * and whether it is opt-in (enabled in the Sandbox, so {@code opted-in}).
     */
    public record Region(String name, String shortCode, String letters, boolean optIn) {
        /** The zone names in letter order ({@code ap-northeast-2a}, …). */
        public List<String> zoneNames() {
            return letters.chars().mapToObj(c -> name + (char) c).toList();
        }

        /** The zone ID of a zone name ({@code apne2-az1}). */
        public String zoneId(String zoneName) {
            int index = letters.indexOf(zoneName.charAt(zoneName.length() - 1));
            return shortCode + "-az" + (index + 1);
        }

        /** {@code opted-in} or {@code opt-in-not-required}, as DescribeRegions reports it. */
        public String optInStatus() {
            return optIn ? "opted-in" : "opt-in-not-required";
        }
    }

    private static final Map<String, Region> BY_NAME = new LinkedHashMap<>();
    /** Every region the Sandbox serves, by name, in a stable order. */
    public static final Map<String, Region> ALL = java.util.Collections.unmodifiableMap(BY_NAME);

    static {
        add("af-south-1", "afs1", "abc", true);
        add("ap-east-1", "ape1", "abc", true);
        add("ap-northeast-1", "apne1", "acd", false);
        add("ap-northeast-2", "apne2", "abcd", false);
        add("ap-northeast-3", "apne3", "abc", false);
        add("ap-south-1", "aps1", "abc", false);
        add("ap-south-2", "aps2", "abc", true);
        add("ap-southeast-1", "apse1", "abc", false);
        add("ap-southeast-2", "apse2", "abc", false);
        add("ap-southeast-3", "apse3", "abc", true);
        add("ap-southeast-4", "apse4", "abc", true);
        add("ap-southeast-5", "apse5", "abc", true);
        add("ap-southeast-7", "apse7", "abc", true);
        add("ca-central-1", "cac1", "abd", false);
        add("ca-west-1", "caw1", "abc", true);
        add("eu-central-1", "euc1", "abc", false);
        add("eu-central-2", "euc2", "abc", true);
        add("eu-north-1", "eun1", "abc", false);
        add("eu-south-1", "eus1", "abc", true);
        add("eu-south-2", "eus2", "abc", true);
        add("eu-west-1", "euw1", "abc", false);
        add("eu-west-2", "euw2", "abc", false);
        add("eu-west-3", "euw3", "abc", false);
        add("il-central-1", "ilc1", "abc", true);
        add("me-central-1", "mec1", "abc", true);
        add("me-south-1", "mes1", "abc", true);
        add("mx-central-1", "mxc1", "abc", true);
        add("sa-east-1", "sae1", "abc", false);
        add("us-east-1", "use1", "abcdef", false);
        add("us-east-2", "use2", "abc", false);
        add("us-west-1", "usw1", "ac", false);
        add("us-west-2", "usw2", "abcd", false);
    }

    private Regions() {
    }

    private static void add(String name, String shortCode, String letters, boolean optIn) {
        BY_NAME.put(name, new Region(name, shortCode, letters, optIn));
    }

    /** The region, or the error an unknown region earns (AWS has no endpoint there). */
    public static Region require(String name) {
        Region region = ALL.get(name);
        if (region == null) {
            throw new AwsException("InvalidParameterValue",
                    "The region '" + name + "' is not a commercial AWS region the Sandbox serves.");
        }
        return region;
    }
}
