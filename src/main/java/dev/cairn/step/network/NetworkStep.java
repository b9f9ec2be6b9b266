package dev.cairn.step.network;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.Regions;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.SectionKey;
import dev.cairn.step.StepModule;
import java.util.List;
import java.util.Map;

/**
 * Step 1, Network: one VPC across two or more zones, a public, an app and a db subnet per zone,
 * the internet gateway, route tables and the NAT gateways. Every blueprint has it.
 */
public final class NetworkStep implements StepModule<NetworkSection> {

    public static final NetworkStep MODULE = new NetworkStep();

    private static final Map<String, String> FIELD_COMMENTS = Map.of(
            "vpcCidr", "Address range of the whole VPC (/16 to /28); subnets are carved out of it.",
            "zones", "Availability zones to spread over; each gets a public, an app and a db subnet.",
            "nat", "How private subnets reach the internet: none, single (one NAT gateway, cheapest) or per-zone.",
            "subnets", "Public subnets route to the internet gateway; app and db subnets route to the NAT gateway.");

    private NetworkStep() {}

    @Override
    public SectionKey<NetworkSection> key() {
        return NetworkSection.KEY;
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public String comment() {
        return "Step 1, Network: one VPC across two or more availability zones.";
    }

    @Override
    public Map<String, String> fieldComments() {
        return FIELD_COMMENTS;
    }

    /** The zones default to the region's {@code a} and {@code c}; the subnets to {@link SubnetLayout}'s. */
    @Override
    public NetworkSection withDefaults(NetworkSection network, Blueprint blueprint) {
        if (network.zones() == null || network.zones().isEmpty()) {
            network = network.withZones(Regions.defaultZones(blueprint.region()));
        }
        if (network.subnets() == null || network.subnets().isEmpty()) {
            network = network.withSubnets(SubnetLayout.compute(network.vpcCidr(), network.zones()).orElse(List.of()));
        }
        return network;
    }

    @Override
    public List<FieldError> validate(NetworkSection network, Blueprint blueprint) {
        return NetworkValidator.validate(network, Regions.find(blueprint.region()));
    }

    @Override
    public List<ResourceSpec> resources(NetworkSection network, Blueprint blueprint) {
        return NetworkResources.specs(blueprint);
    }
}
