package dev.cairn.step.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cairn.model.Section;
import dev.cairn.model.SectionKey;
import java.util.List;

/**
 * The Network step: one VPC across {@code zones}, subnets per zone and tier, NAT mode. Lists are
 * copied and unmodifiable; a null list means "not given" and is filled by the step's defaults
 * ({@link NetworkStep#withDefaults}).
 */
@JsonPropertyOrder({"vpcCidr", "zones", "nat", "subnets"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkSection(String vpcCidr, List<String> zones, NatMode nat, List<SubnetSpec> subnets) implements Section {

    /** The section's key in a blueprint: {@code network}, also its addresses' step. */
    public static final SectionKey<NetworkSection> KEY = SectionKey.of("network", NetworkSection.class);

    public NetworkSection {
        zones = zones == null ? null : List.copyOf(zones);
        subnets = subnets == null ? null : List.copyOf(subnets);
    }

    public NetworkSection withZones(List<String> newZones) {
        return new NetworkSection(vpcCidr, newZones, nat, subnets);
    }

    public NetworkSection withSubnets(List<SubnetSpec> newSubnets) {
        return new NetworkSection(vpcCidr, zones, nat, newSubnets);
    }

    public NetworkSection withNat(NatMode newNat) {
        return new NetworkSection(vpcCidr, zones, newNat, subnets);
    }
}
