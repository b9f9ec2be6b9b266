package dev.cairn.engine;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small network stack as the planner would describe it, and helpers to turn it into steps. */
final class Fixtures {
    static final String REGION = "ap-northeast-2";

    private Fixtures() {}

    static ResourceSpec spec(String address, ResourceKind kind, String... refs) {
        Map<String, Address> refMap = new LinkedHashMap<>();
        for (int i = 0; i < refs.length; i += 2) {
            refMap.put(refs[i], Address.parse(refs[i + 1]));
        }
        return new ResourceSpec(Address.parse(address), kind, REGION, Map.of("cidr", "10.0.0.0/16"), refMap, Set.of());
    }

    /** VPC, two subnets, gateway, table, EIP, NAT gateway and a route through it: 8 resources. */
    static List<ResourceSpec> network() {
        return List.of(
                spec("network.vpc", ResourceKind.VPC),
                spec("network.subnet[public-a]", ResourceKind.SUBNET, "vpc", "network.vpc"),
                spec("network.subnet[app-a]", ResourceKind.SUBNET, "vpc", "network.vpc"),
                spec("network.igw", ResourceKind.INTERNET_GATEWAY),
                spec("network.rt[private]", ResourceKind.ROUTE_TABLE, "vpc", "network.vpc"),
                spec("network.eip[a]", ResourceKind.ELASTIC_IP),
                spec("network.nat[a]", ResourceKind.NAT_GATEWAY, "subnet", "network.subnet[public-a]", "eip", "network.eip[a]"),
                spec("network.route[private-default]", ResourceKind.ROUTE, "routeTable", "network.rt[private]",
                        "natGateway", "network.nat[a]"));
    }

    /** What a planner would do against this state: create what is missing, keep what is there. */
    static List<Step> applySteps(List<ResourceSpec> specs, StackState state) {
        List<Step> steps = new ArrayList<>();
        for (ResourceSpec s : specs) {
            ResourceRecord r = state.resources().get(s.address());
            steps.add(r == null || r.status() == ItemStatus.FAILED ? Step.create(s) : Step.keep(r));
        }
        return steps;
    }

    static List<Step> deleteSteps(StackState state) {
        List<Step> steps = new ArrayList<>();
        state.resources().values().forEach(r -> steps.add(Step.delete(r)));
        return steps;
    }
}
