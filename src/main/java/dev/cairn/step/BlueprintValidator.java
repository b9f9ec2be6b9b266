package dev.cairn.step;

import dev.cairn.model.Blueprint;
import dev.cairn.model.Cidr;
import dev.cairn.model.FieldError;
import dev.cairn.model.Regions;
import dev.cairn.model.Tags;
import dev.cairn.step.access.AccessValidator;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetLayout;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.network.SubnetTier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a blueprint before any AWS call, so that bad input is named in the form or in
 * {@code plan} rather than failing halfway through an apply. Every problem is reported (not just
 * the first), each as a {@link FieldError} with a stable rule key.
 */
public final class BlueprintValidator {

    /** The stack name prefixes ALB and target-group names later (limit 32), so keep it short. */
    public static final int MAX_STACK_NAME = 24;
    public static final int MIN_VPC_PREFIX = 16;
    public static final int MAX_VPC_PREFIX = 28;
    public static final int MIN_ZONES = 2;
    public static final int MAX_TAG_KEY = 128;
    public static final int MAX_TAG_VALUE = 256;
    /** AWS allows 50 tags per resource and Cairn puts 3 of its own on each. */
    public static final int MAX_USER_TAGS = 40;

    private static final Pattern STACK_CHARS = Pattern.compile("[a-z0-9-]*");
    /** Subnet names end up inside addresses ({@code network.subnet[name]}). */
    private static final Pattern SUBNET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> RESERVED_TAG_KEYS = Set.of(Tags.STACK, Tags.ADDRESS, Tags.NAME);

    private BlueprintValidator() {}

    public static List<FieldError> validate(Blueprint blueprint) {
        List<FieldError> errors = new ArrayList<>();
        validateStackName(blueprint.name(), errors);
        Optional<Regions.Region> region = validateRegion(blueprint.region(), errors);
        validateTags(blueprint.tags(), errors);
        if (blueprint.network() == null) {
            errors.add(FieldError.of("network", "field.required", "network is required"));
        } else {
            validateNetwork(blueprint.network(), region, errors);
        }
        if (blueprint.access() != null) {
            AccessValidator.validate(blueprint, region, errors);
        }
        return List.copyOf(errors);
    }

    /**
     * What is allowed but risky, to show beside the field and confirm before an apply: for now,
     * SSH and the VPN ports opened to {@code 0.0.0.0/0} (rule {@code myIp.anywhere}). Empty for a
     * blueprint without such choices.
     */
    public static List<FieldError> warnings(Blueprint blueprint) {
        return AccessValidator.warnings(blueprint);
    }

    private static void validateStackName(String name, List<FieldError> errors) {
        String f = "name";
        if (name == null || name.isEmpty()) {
            errors.add(FieldError.of(f, "stack.name", "name (the stack name) is required"));
            return;
        }
        String problem = null;
        if (name.length() > MAX_STACK_NAME) {
            problem = "is longer than " + MAX_STACK_NAME + " characters";
        } else if (!STACK_CHARS.matcher(name).matches()) {
            problem = "may hold only lowercase letters, digits and hyphens";
        } else if (!Character.isLetter(name.charAt(0))) {
            problem = "must start with a letter";
        } else if (name.endsWith("-")) {
            problem = "must not end with a hyphen";
        } else if (name.contains("--")) {
            problem = "must not contain two hyphens in a row";
        } else if (name.startsWith("aws")) {
            problem = "must not start with \"aws\" (AWS reserves that prefix)";
        }
        if (problem != null) {
            errors.add(FieldError.of(f, "stack.name", "name " + quote(name) + " " + problem, name));
        }
    }

    private static Optional<Regions.Region> validateRegion(String code, List<FieldError> errors) {
        if (code == null || code.isEmpty()) {
            errors.add(FieldError.of("region", "field.required", "region is required"));
            return Optional.empty();
        }
        Optional<Regions.Region> region = Regions.find(code);
        if (region.isEmpty()) {
            errors.add(FieldError.of("region", "region.unknown",
                    "region " + quote(code) + " is not an AWS commercial region Cairn knows ("
                            + String.join(", ", Regions.codes()) + ")", code));
        }
        return region;
    }

    private static void validateTags(Map<String, String> tags, List<FieldError> errors) {
        if (tags.size() > MAX_USER_TAGS) {
            errors.add(FieldError.of("tags", "tag.count", "tags holds " + tags.size()
                    + " tags; at most " + MAX_USER_TAGS + " are allowed", String.valueOf(tags.size())));
        }
        tags.forEach((key, value) -> {
            String f = "tags[" + key + "]";
            if (key == null || key.isEmpty() || key.length() > MAX_TAG_KEY) {
                errors.add(FieldError.of(f, "tag.key", "tag key " + quote(key)
                        + " must be 1–" + MAX_TAG_KEY + " characters", String.valueOf(key)));
            } else if (key.toLowerCase().startsWith("aws:")) {
                errors.add(FieldError.of(f, "tag.key", "tag key " + quote(key)
                        + " must not start with \"aws:\" (AWS reserves that prefix)", key));
            } else if (RESERVED_TAG_KEYS.contains(key)) {
                errors.add(FieldError.of(f, "tag.key", "tag key " + quote(key)
                        + " is set by Cairn itself and cannot be a user tag", key));
            }
            if (value == null || value.length() > MAX_TAG_VALUE) {
                errors.add(FieldError.of(f, "tag.value", "tag " + quote(key) + " has a value "
                        + (value == null ? "that is missing" : "longer than " + MAX_TAG_VALUE + " characters"),
                        String.valueOf(key)));
            }
        });
    }

    private static void validateNetwork(NetworkSection network, Optional<Regions.Region> region, List<FieldError> errors) {
        Cidr vpc = validateVpcCidr(network.vpcCidr(), errors);
        List<String> zones = network.zones() == null ? List.of() : network.zones();
        validateZones(zones, region, errors);
        if (network.nat() == null) {
            errors.add(FieldError.of("network.nat", "field.required",
                    "network.nat is required (one of " + String.join(", ", NatMode.yamlNames()) + ")"));
        }
        List<SubnetSpec> subnets = network.subnets() == null ? List.of() : network.subnets();
        if (subnets.isEmpty()) {
            if (vpc != null && SubnetLayout.compute(network.vpcCidr(), zones.isEmpty() ? List.of("a", "c") : zones).isEmpty()) {
                errors.add(FieldError.of("network.subnets", "vpc.tooSmallToCompute",
                        "network.vpcCidr " + vpc + " is too small to compute subnets of at least /"
                                + SubnetLayout.SMALLEST_SUBNET_PREFIX + "; set network.subnets by hand",
                        vpc.toString()));
            } else if (vpc != null) {
                errors.add(FieldError.of("network.subnets", "subnet.none", "network.subnets is empty"));
            }
            return;
        }
        validateSubnets(subnets, vpc, zones, errors);
    }

    private static Cidr validateVpcCidr(String text, List<FieldError> errors) {
        return validateVpcCidr("network.vpcCidr", text, errors);
    }

    public static Cidr validateVpcCidr(String f, String text, List<FieldError> errors) {
        Cidr vpc = parseCidr(f, text, errors);
        if (vpc != null && (vpc.prefix() < MIN_VPC_PREFIX || vpc.prefix() > MAX_VPC_PREFIX)) {
            errors.add(FieldError.of(f, "vpc.prefixRange", f + " " + vpc + " must have a prefix between /"
                    + MIN_VPC_PREFIX + " and /" + MAX_VPC_PREFIX + " (AWS limits)", vpc.toString()));
            return null;
        }
        return vpc;
    }

    private static void validateZones(List<String> zones, Optional<Regions.Region> region, List<FieldError> errors) {
        if (zones.size() < MIN_ZONES) {
            errors.add(FieldError.of("network.zones", "zone.count", "network.zones lists " + zones.size()
                    + " zone(s); at least " + MIN_ZONES + " are needed", String.valueOf(zones.size())));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < zones.size(); i++) {
            String f = "network.zones[" + i + "]";
            String zone = zones.get(i);
            if (!seen.add(zone)) {
                errors.add(FieldError.of(f, "zone.duplicate", f + " " + quote(zone) + " is listed twice", zone));
            }
            if (region.isPresent() && !region.get().hasZone(zone)) {
                errors.add(FieldError.of(f, "zone.notInRegion", f + " " + quote(zone) + " is not a zone of "
                        + region.get().code() + " (" + String.join(", ", region.get().zones()) + ")",
                        String.valueOf(zone), region.get().code(), String.join(", ", region.get().zones())));
            }
        }
    }

    private static void validateSubnets(List<SubnetSpec> subnets, Cidr vpc, List<String> zones, List<FieldError> errors) {
        Map<String, Integer> names = new HashMap<>();
        List<Cidr> parsed = new ArrayList<>();
        Map<String, Map<SubnetTier, Integer>> tiersPerZone = new HashMap<>();
        for (int i = 0; i < subnets.size(); i++) {
            SubnetSpec s = subnets.get(i);
            String f = "network.subnets[" + i + "]";
            if (s.name() == null || !SUBNET_NAME.matcher(s.name()).matches()) {
                errors.add(FieldError.of(f + ".name", "name.format", f + ".name " + quote(s.name())
                        + " may hold only lowercase letters, digits and hyphens, starting with a letter or digit",
                        String.valueOf(s.name())));
            } else {
                Integer first = names.putIfAbsent(s.name(), i);
                if (first != null) {
                    errors.add(FieldError.of(f + ".name", "name.duplicate", f + ".name " + quote(s.name())
                            + " is already used by network.subnets[" + first + "]", s.name()));
                }
            }
            if (s.zone() == null) {
                errors.add(FieldError.of(f + ".zone", "field.required", f + ".zone is required"));
            } else if (!zones.contains(s.zone())) {
                errors.add(FieldError.of(f + ".zone", "subnet.zoneNotListed", f + ".zone " + quote(s.zone())
                        + " is not one of network.zones (" + String.join(", ", zones) + ")", s.zone()));
            }
            if (s.tier() == null) {
                errors.add(FieldError.of(f + ".tier", "field.required", f + ".tier is required (one of "
                        + String.join(", ", SubnetTier.yamlNames()) + ")"));
            }
            if (s.zone() != null && s.tier() != null) {
                tiersPerZone.computeIfAbsent(s.zone(), z -> new EnumMap<>(SubnetTier.class)).merge(s.tier(), 1, Integer::sum);
            }
            Cidr cidr = parseCidr(f + ".cidr", s.cidr(), errors);
            parsed.add(cidr);
            if (cidr == null) {
                continue;
            }
            if (cidr.prefix() > SubnetLayout.SMALLEST_SUBNET_PREFIX) {
                errors.add(FieldError.of(f + ".cidr", "subnet.tooSmall", f + ".cidr " + cidr
                        + " is smaller than /" + SubnetLayout.SMALLEST_SUBNET_PREFIX + ", the smallest subnet AWS allows",
                        cidr.toString()));
            }
            if (vpc != null && !vpc.contains(cidr)) {
                errors.add(FieldError.of(f + ".cidr", "subnet.outsideVpc", f + ".cidr " + cidr
                        + " is outside the VPC " + vpc, cidr.toString(), vpc.toString()));
            }
            for (int j = 0; j < i; j++) {
                Cidr other = parsed.get(j);
                if (other != null && other.overlaps(cidr)) {
                    String otherName = subnets.get(j).name();
                    errors.add(FieldError.of(f + ".cidr", "subnet.overlap", f + ".cidr " + cidr + " (" + s.name()
                            + ") overlaps network.subnets[" + j + "].cidr " + other + " (" + otherName + ")",
                            cidr.toString(), String.valueOf(s.name()), other.toString(), String.valueOf(otherName)));
                }
            }
        }
        for (String zone : new LinkedHashSet<>(zones)) {
            Map<SubnetTier, Integer> tiers = tiersPerZone.getOrDefault(zone, Map.of());
            for (SubnetTier tier : SubnetTier.values()) {
                int count = tiers.getOrDefault(tier, 0);
                if (count == 0) {
                    errors.add(FieldError.of("network.subnets", "zone.missingTier", "network.subnets has no "
                            + tier.yamlName() + " subnet in zone " + zone, zone, tier.yamlName()));
                } else if (count > 1) {
                    errors.add(FieldError.of("network.subnets", "zone.duplicateTier", "network.subnets has "
                            + count + " " + tier.yamlName() + " subnets in zone " + zone + "; exactly one is allowed",
                            zone, tier.yamlName(), String.valueOf(count)));
                }
            }
        }
    }

    public static Cidr parseCidr(String field, String text, List<FieldError> errors) {
        if (text == null) {
            errors.add(FieldError.of(field, "field.required", field + " is required"));
            return null;
        }
        try {
            return Cidr.parse(text);
        } catch (Cidr.CidrFormatException e) {
            if (e.suggestion() != null) {
                errors.add(FieldError.of(field, e.rule(), field + " " + e.getMessage(), text, e.suggestion().toString()));
            } else {
                errors.add(FieldError.of(field, e.rule(), field + " " + e.getMessage(), text));
            }
            return null;
        }
    }

    public static String quote(String s) {
        return "\"" + s + "\"";
    }
}
