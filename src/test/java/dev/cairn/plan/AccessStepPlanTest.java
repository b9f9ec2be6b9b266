package dev.cairn.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.step.access.AccessResources;
import dev.cairn.step.access.AccessResourcesTest;
import dev.cairn.step.access.AccessSection;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Access step's resources as the planner and the cost estimate see them, with the Network step's. */
class AccessStepPlanTest {

    private static Blueprint demo() {
        return AccessResourcesTest.demo();
    }

    private static Map<Address, ResourceSpec> byAddress(List<ResourceSpec> specs) {
        return specs.stream().collect(Collectors.toMap(ResourceSpec::address, Function.identity()));
    }

    @Test
    void specs_withNetwork_formAnAcyclicGraphWhoseRefsAllExist() {
        Blueprint bp = demo();
        List<ResourceSpec> all = Planner.specs(bp);
        Map<Address, ResourceSpec> s = byAddress(all);
        assertThat(s).hasSize(all.size());
        all.forEach(spec -> assertThat(s.keySet()).as(spec.address().value()).containsAll(spec.dependencies()));
        List<Address> order = Graphs.topologicalOrder(List.copyOf(s.keySet()), a -> s.get(a).dependencies());
        assertThat(order.indexOf(AccessResources.rule("private-ssh-bastion")))
                .isGreaterThan(order.indexOf(AccessResources.securityGroup("bastion")));
        assertThat(order.indexOf(AccessResources.PEERING)).isGreaterThan(order.indexOf(AccessResources.PEER_VPC));
    }

    @Test
    void plan_whenAccessPresent_createsNetworkAndAccessAndReplacesRuleWhenMyIpChanges() {
        Plan plan = Planner.plan(demo(), StackState.empty("demo"));
        assertThat(plan.count(Action.CREATE)).isEqualTo(21 + 39);
        assertThat(plan.actions().stream().filter(a -> a.spec().kind() == Ec2Kinds.INSTANCE)).hasSize(4);
        Blueprint moved = demo().with(AccessSection.KEY, demo().section(AccessSection.KEY).withMyIp("198.51.100.7/32"));
        ResourceSpec before = byAddress(Planner.specs(demo())).get(AccessResources.rule("bastion-ssh"));
        ResourceSpec after = byAddress(Planner.specs(moved)).get(AccessResources.rule("bastion-ssh"));
        assertThat(Planner.differences(before, after)).containsExactly("cidr 203.0.113.10/32 → 198.51.100.7/32");
    }

    @Test
    void costPerRegion_whenGuideExample_pricesInstancesAndAddressesInBothRegions() {
        List<CostEstimate> costs = CostEstimate.perRegion(Planner.specs(demo()));
        assertThat(costs).extracting(CostEstimate::region).containsExactly("ap-northeast-2", "ap-northeast-1");
        CostEstimate seoul = costs.get(0);
        assertThat(seoul.lines()).anySatisfy(l -> {
            assertThat(l.item()).isEqualTo("Instance t2.micro (on-demand Linux)");
            assertThat(l.quantity()).isEqualTo(3);
            assertThat(l.hourly()).contains(new BigDecimal("0.0432"));
        });
        assertThat(seoul.lines()).anySatisfy(l -> {
            assertThat(l.item()).isEqualTo("Public IPv4 address");
            assertThat(l.quantity()).isEqualTo(3);
        });
        assertThat(seoul.pricesKnown()).isTrue();
        assertThat(costs.get(1).lines()).singleElement().satisfies(l -> assertThat(l.quantity()).isEqualTo(1));
        assertThat(Set.copyOf(costs.get(1).lines().stream().map(CostEstimate.Line::item).toList()))
                .containsExactly("Instance t2.micro (on-demand Linux)");
    }

    @Test
    void specs_loopOverTheRegisteredSteps_inTheirOrder_withTheBlueprintsTags() {
        Blueprint bp = demo().withTags(Map.of("team", "web"));
        List<ResourceSpec> expected = new java.util.ArrayList<>();
        for (dev.cairn.step.StepModule<?> step : dev.cairn.step.Steps.ALL) {
            step.resources(bp).forEach(s -> expected.add(s.withTags(bp.tags())));
        }
        List<ResourceSpec> specs = Planner.specs(bp);
        assertThat(specs).containsExactlyElementsOf(expected);
        assertThat(specs.get(0).address().step()).isEqualTo("network");
        assertThat(specs.get(specs.size() - 1).address().step()).isIn("access", "peer");
        assertThat(specs.get(0).tags()).containsEntry("team", "web");
    }
}
