package dev.cairn.engine;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small network stack as the planner would describe it, and helpers to turn it into steps. */
final class Fixtures {
    static final String REGION = "ap-northeast-2";

    private Fixtures() {}

    /** The user's tags every taggable fixture resource carries, as the planner would add them. */
    static final Map<String, String> USER_TAGS = Map.of("team", "platform");

    static ResourceSpec spec(String address, ResourceKind kind, String... refs) {
        Map<String, Address> refMap = new LinkedHashMap<>();
        for (int i = 0; i < refs.length; i += 2) {
            refMap.put(refs[i], Address.parse(refs[i + 1]));
        }
        return new ResourceSpec(Address.parse(address), kind, REGION, Map.of("cidr", "10.0.0.0/16"), refMap, Set.of())
                .withTags(USER_TAGS);
    }

    /** VPC, two subnets, gateway, table, EIP, NAT gateway and a route through it: 8 resources. */
    static List<ResourceSpec> network() {
        return List.of(
                spec("network.vpc", Ec2Kinds.VPC),
                spec("network.subnet[public-a]", Ec2Kinds.SUBNET, "vpc", "network.vpc"),
                spec("network.subnet[app-a]", Ec2Kinds.SUBNET, "vpc", "network.vpc"),
                spec("network.igw", Ec2Kinds.INTERNET_GATEWAY),
                spec("network.rt[private]", Ec2Kinds.ROUTE_TABLE, "vpc", "network.vpc"),
                spec("network.eip[a]", Ec2Kinds.ELASTIC_IP),
                spec("network.nat[a]", Ec2Kinds.NAT_GATEWAY, "subnet", "network.subnet[public-a]", "eip", "network.eip[a]"),
                spec("network.route[private-default]", Ec2Kinds.ROUTE, "routeTable", "network.rt[private]",
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
