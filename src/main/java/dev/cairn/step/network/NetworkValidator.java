package dev.cairn.step.network;

import dev.cairn.model.Cidr;
import dev.cairn.model.FieldError;
import dev.cairn.model.Regions;
import dev.cairn.step.BlueprintValidator;
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
 * The Network step's rules: the VPC block, the zones, the NAT mode and every subnet (name, zone,
 * tier, block inside the VPC, no overlap, exactly one subnet per tier and zone). Every problem is
 * reported, each with the full path of its field under {@code network}.
 */
public final class NetworkValidator {

    public static final int MIN_VPC_PREFIX = 16;
    public static final int MAX_VPC_PREFIX = 28;
    public static final int MIN_ZONES = 2;

    /** Subnet names end up inside addresses ({@code network.subnet[name]}). */
    private static final Pattern SUBNET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** The zones a layout is tried on when none are given, to tell "too small" from "no zones". */
    private static final List<String> PROBE_ZONES = List.of("a", "c");

    private NetworkValidator() {}

    /** The rules of {@code network} in a blueprint whose region is {@code region} (empty when unknown). */
    public static List<FieldError> validate(NetworkSection network, Optional<Regions.Region> region) {
        List<FieldError> errors = new ArrayList<>();
        String key = NetworkSection.KEY.name();
        Cidr vpc = validateVpcCidr(key + ".vpcCidr", network.vpcCidr(), errors);
        List<String> zones = network.zones() == null ? List.of() : network.zones();
        if (zones.size() < MIN_ZONES) {
            errors.add(FieldError.of(key + ".zones", "zone.count", key + ".zones lists " + zones.size()
                    + " zone(s); at least " + MIN_ZONES + " are needed", String.valueOf(zones.size())));
        }
        validateZones(key + ".zones", zones, region, errors);
        if (network.nat() == null) {
            errors.add(FieldError.of(key + ".nat", "field.required",
                    key + ".nat is required (one of " + String.join(", ", NatMode.yamlNames()) + ")"));
        }
        List<SubnetSpec> subnets = network.subnets() == null ? List.of() : network.subnets();
        if (subnets.isEmpty()) {
            if (vpc != null && SubnetLayout.compute(network.vpcCidr(), zones.isEmpty() ? PROBE_ZONES : zones).isEmpty()) {
                errors.add(FieldError.of(key + ".subnets", "vpc.tooSmallToCompute",
                        key + ".vpcCidr " + vpc + " is too small to compute subnets of at least /"
                                + SubnetLayout.SMALLEST_SUBNET_PREFIX + "; set " + key + ".subnets by hand",
                        vpc.toString()));
            } else if (vpc != null) {
                errors.add(FieldError.of(key + ".subnets", "subnet.none", key + ".subnets is empty"));
            }
        } else {
            validateSubnets(subnets, vpc, zones, errors);
        }
        return List.copyOf(errors);
    }

    /** A VPC's block at {@code field}: a CIDR with a prefix AWS allows for a VPC; null when it is not one. */
    public static Cidr validateVpcCidr(String field, String text, List<FieldError> errors) {
        Cidr vpc = BlueprintValidator.parseCidr(field, text, errors);
        if (vpc != null && (vpc.prefix() < MIN_VPC_PREFIX || vpc.prefix() > MAX_VPC_PREFIX)) {
            errors.add(FieldError.of(field, "vpc.prefixRange", field + " " + vpc + " must have a prefix between /"
                    + MIN_VPC_PREFIX + " and /" + MAX_VPC_PREFIX + " (AWS limits)", vpc.toString()));
            return null;
        }
        return vpc;
    }

    /** Each zone of the list at {@code field}: listed once, and a zone of the region when it is known. */
    public static void validateZones(String field, List<String> zones, Optional<Regions.Region> region,
            List<FieldError> errors) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < zones.size(); i++) {
            String f = field + "[" + i + "]";
            String zone = zones.get(i);
            if (!seen.add(zone)) {
                errors.add(FieldError.of(f, "zone.duplicate", f + " " + BlueprintValidator.quote(zone) + " is listed twice", zone));
            }
            if (region.isPresent() && !region.get().hasZone(zone)) {
                errors.add(FieldError.of(f, "zone.notInRegion", f + " " + BlueprintValidator.quote(zone) + " is not a zone of "
                        + region.get().code() + " (" + String.join(", ", region.get().zones()) + ")",
                        String.valueOf(zone), region.get().code(), String.join(", ", region.get().zones())));
            }
        }
    }

    private static void validateSubnets(List<SubnetSpec> subnets, Cidr vpc, List<String> zones, List<FieldError> errors) {
        String list = NetworkSection.KEY.name() + ".subnets";
        Map<String, Integer> names = new HashMap<>();
        List<Cidr> parsed = new ArrayList<>();
        Map<String, Map<SubnetTier, Integer>> tiersPerZone = new HashMap<>();
        for (int i = 0; i < subnets.size(); i++) {
            SubnetSpec s = subnets.get(i);
            String f = list + "[" + i + "]";
            if (s.name() == null || !SUBNET_NAME.matcher(s.name()).matches()) {
                errors.add(FieldError.of(f + ".name", "name.format", f + ".name " + BlueprintValidator.quote(s.name())
                        + " may hold only lowercase letters, digits and hyphens, starting with a letter or digit",
                        String.valueOf(s.name())));
            } else {
                Integer first = names.putIfAbsent(s.name(), i);
                if (first != null) {
                    errors.add(FieldError.of(f + ".name", "name.duplicate", f + ".name " + BlueprintValidator.quote(s.name())
                            + " is already used by " + list + "[" + first + "]", s.name()));
                }
            }
            if (s.zone() == null) {
                errors.add(FieldError.of(f + ".zone", "field.required", f + ".zone is required"));
            } else if (!zones.contains(s.zone())) {
                errors.add(FieldError.of(f + ".zone", "subnet.zoneNotListed", f + ".zone " + BlueprintValidator.quote(s.zone())
                        + " is not one of " + NetworkSection.KEY.name() + ".zones (" + String.join(", ", zones) + ")", s.zone()));
            }
            if (s.tier() == null) {
                errors.add(FieldError.of(f + ".tier", "field.required", f + ".tier is required (one of "
                        + String.join(", ", SubnetTier.yamlNames()) + ")"));
            }
            if (s.zone() != null && s.tier() != null) {
                tiersPerZone.computeIfAbsent(s.zone(), z -> new EnumMap<>(SubnetTier.class)).merge(s.tier(), 1, Integer::sum);
            }
            Cidr cidr = BlueprintValidator.parseCidr(f + ".cidr", s.cidr(), errors);
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
                            + ") overlaps " + list + "[" + j + "].cidr " + other + " (" + otherName + ")",
                            cidr.toString(), String.valueOf(s.name()), other.toString(), String.valueOf(otherName)));
                }
            }
        }
        for (String zone : new LinkedHashSet<>(zones)) {
            Map<SubnetTier, Integer> tiers = tiersPerZone.getOrDefault(zone, Map.of());
            for (SubnetTier tier : SubnetTier.values()) {
                int count = tiers.getOrDefault(tier, 0);
                if (count == 0) {
                    errors.add(FieldError.of(list, "zone.missingTier", list + " has no "
                            + tier.yamlName() + " subnet in zone " + zone, zone, tier.yamlName()));
                } else if (count > 1) {
                    errors.add(FieldError.of(list, "zone.duplicateTier", list + " has "
                            + count + " " + tier.yamlName() + " subnets in zone " + zone + "; exactly one is allowed",
                            zone, tier.yamlName(), String.valueOf(count)));
                }
            }
        }
    }
}
