package dev.cairn.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EC2 instance type name taken apart, so a person can read it: {@code t4g.xlarge} is family
 * {@code t} (burstable general purpose), generation 4, attribute {@code g} (AWS Graviton), size
 * {@code xlarge}. The grammar is AWS's naming convention ("Amazon EC2 instance type naming
 * conventions"): {@code <family letters><generation digit>[<attribute letters>][-flex].<size>}.
 *
 * @param name the whole name as given
 * @param family the series letters ({@code t}, {@code m}, {@code inf}, {@code u-})
 * @param generation the generation digit
 * @param attributes the letters after the generation ({@code g}, {@code gd}, {@code a}), may be empty
 * @param size {@code nano} … {@code 48xlarge}, {@code metal}, {@code metal-24xl}
 */
public record InstanceTypeName(String name, String family, int generation, String attributes, String size) {

    /** Family letters, generation, attributes (with an optional {@code -flex}), size. */
    private static final Pattern FORM = Pattern.compile(
            "([a-z]+|u-[0-9]+tb|u7[a-z]-[0-9]+tb)([0-9])([a-z]*(?:-flex)?)\\.([a-z0-9-]+)");
    private static final Pattern SIZE = Pattern.compile("nano|micro|small|medium|large|[0-9]*xlarge|metal(-[0-9]+xl)?");

    private static final Map<String, String> FAMILIES = Map.ofEntries(
            Map.entry("t", "burstable general purpose"),
            Map.entry("m", "general purpose"),
            Map.entry("mac", "macOS"),
            Map.entry("a", "general purpose, first Graviton"),
            Map.entry("c", "compute optimized"),
            Map.entry("r", "memory optimized"),
            Map.entry("x", "memory intensive"),
            Map.entry("z", "high frequency, memory optimized"),
            Map.entry("i", "storage optimized (NVMe SSD)"),
            Map.entry("d", "dense storage (HDD)"),
            Map.entry("h", "high storage throughput (HDD)"),
            Map.entry("im", "storage optimized, memory to storage ratio"),
            Map.entry("is", "storage optimized, dense SSD"),
            Map.entry("p", "GPU accelerated computing"),
            Map.entry("g", "GPU graphics and inference"),
            Map.entry("gr", "GPU graphics, memory optimized"),
            Map.entry("inf", "AWS Inferentia machine-learning inference"),
            Map.entry("trn", "AWS Trainium machine-learning training"),
            Map.entry("dl", "deep learning"),
            Map.entry("f", "FPGA"),
            Map.entry("vt", "video transcoding"),
            Map.entry("hpc", "high performance computing"));

    /** Attribute letters, each explained on its own ({@code gd} is Graviton plus local NVMe). */
    private static final Map<Character, String> ATTRIBUTES = Map.ofEntries(
            Map.entry('a', "AMD processor"),
            Map.entry('g', "AWS Graviton processor"),
            Map.entry('i', "Intel processor"),
            Map.entry('d', "local NVMe instance storage"),
            Map.entry('n', "enhanced networking bandwidth"),
            Map.entry('e', "extra storage or memory"),
            Map.entry('b', "block storage optimization"),
            Map.entry('z', "high frequency"),
            Map.entry('q', "Qualcomm inference accelerators"),
            Map.entry('m', "memory-optimized variant"));

    private static final Map<String, String> SIZES = Map.of(
            "nano", "the smallest size",
            "micro", "very small",
            "small", "small",
            "medium", "medium",
            "large", "2 vCPUs in most families",
            "xlarge", "4 vCPUs in most families, twice large",
            "metal", "the whole physical server, no hypervisor");

    /** Regions that have no {@code t2}, where the free tier's type is {@code t3.micro}. */
    private static final Set<String> T3_FREE_TIER_REGIONS = Set.of(
            "eu-north-1", "eu-south-1", "eu-south-2", "eu-central-2", "me-south-1", "me-central-1",
            "ap-east-1", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "af-south-1", "il-central-1");

    /**
     * Parses a name such as {@code t4g.xlarge}.
     *
     * @return empty when the name does not follow the convention
     */
    public static Optional<InstanceTypeName> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(name);
        if (!m.matches() || !SIZE.matcher(m.group(4)).matches()) {
            return Optional.empty();
        }
        return Optional.of(new InstanceTypeName(name, m.group(1), Integer.parseInt(m.group(2)), m.group(3), m.group(4)));
    }

    /** Whether {@code name} follows the convention (the validator's check). */
    public static boolean isValid(String name) {
        return parse(name).isPresent();
    }

    /**
     * The free-tier instance type of a region: {@code t2.micro}, or {@code t3.micro} where the
     * region has no {@code t2} (AWS Free Tier terms, checked 2025-06).
     */
    public static String freeTierDefault(String region) {
        return region != null && T3_FREE_TIER_REGIONS.contains(region) ? "t3.micro" : "t2.micro";
    }

    /** The family letters described here: a translation needs a text for each. */
    public static Set<String> describedFamilies() {
        return FAMILIES.keySet();
    }

    /** The attribute letters described here: a translation needs a text for each. */
    public static Set<Character> describedAttributes() {
        return ATTRIBUTES.keySet();
    }

    /** The sizes described here (others are "N × xlarge" or "metal-…"). */
    public static Set<String> describedSizes() {
        return SIZES.keySet();
    }

    /** The attribute letters without the {@code -flex} suffix: {@code gd} for {@code m6gd}. */
    public String attributeLetters() {
        return flex() ? attributes.substring(0, attributes.length() - "-flex".length()) : attributes;
    }

    /** Whether this is a Flex variant ({@code c7i-flex.large}). */
    public boolean flex() {
        return attributes.endsWith("-flex");
    }

    /** The family in words: "burstable general purpose"; "family u-6tb" when unknown. */
    public String familyDescription() {
        String known = FAMILIES.get(family);
        return known != null ? known : "family " + family;
    }

    /** Each attribute letter in words, in order; {@code -flex} as "flexible (Flex) variant". */
    public List<String> attributeDescriptions() {
        List<String> out = new ArrayList<>();
        for (char c : attributeLetters().toCharArray()) {
            out.add(ATTRIBUTES.getOrDefault(c, "attribute " + c));
        }
        if (flex()) {
            out.add("flexible (Flex) variant");
        }
        return out;
    }

    /** The size in words: "8xlarge" is "8 × xlarge". */
    public String sizeDescription() {
        String known = SIZES.get(size);
        if (known != null) {
            return known;
        }
        if (size.endsWith("xlarge")) {
            return size.substring(0, size.length() - "xlarge".length()) + " × xlarge";
        }
        return size.startsWith("metal") ? SIZES.get("metal") : size;
    }

    /**
     * One English sentence for the picker: "t4g.xlarge: family t (burstable general purpose),
     * generation 4, attributes g (AWS Graviton processor), size xlarge (4 vCPUs in most families,
     * twice large)".
     */
    public String explain() {
        StringBuilder sb = new StringBuilder(name).append(": family ").append(family)
                .append(" (").append(familyDescription()).append("), generation ").append(generation);
        if (!attributes.isEmpty()) {
            sb.append(", attributes ").append(attributes).append(" (").append(String.join(", ", attributeDescriptions())).append(')');
        }
        return sb.append(", size ").append(size).append(" (").append(sizeDescription()).append(')').toString();
    }
}
