package dev.cairn.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.Address;
import dev.cairn.model.StackState;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.network.NetworkResources;
import org.junit.jupiter.api.Test;

class PlanTest {

    private final Plan plan = Planner.plan(BlueprintExample.networkOnly(), StackState.empty("demo"));

    @Test
    void dependencies_whenNat_areSubnetEipAndAttachment() {
        assertThat(plan.dependencies(NetworkResources.nat("a"))).containsExactlyInAnyOrder(
                NetworkResources.subnet("public-a"), NetworkResources.natEip("a"), NetworkResources.IGW_ATTACHMENT);
        assertThat(plan.dependencies(NetworkResources.VPC)).isEmpty();
    }

    @Test
    void dependents_whenVpc_areSubnetsTablesAndAttachment() {
        assertThat(plan.dependents(NetworkResources.VPC)).hasSize(6 + 1 + 2)
                .contains(NetworkResources.subnet("db-c"), NetworkResources.IGW_ATTACHMENT, NetworkResources.PUBLIC_TABLE);
        assertThat(plan.dependents(NetworkResources.IGW_ATTACHMENT))
                .containsExactlyInAnyOrder(NetworkResources.PUBLIC_DEFAULT_ROUTE, NetworkResources.nat("a"));
        assertThat(plan.dependents(NetworkResources.association("db-c"))).isEmpty();
    }

    @Test
    void dependencies_whenAddressNotInPlan_fails() {
        assertThatThrownBy(() -> plan.dependencies(Address.parse("network.nat[z]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> plan.dependents(Address.parse("network.nat[z]"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void count_whenAllCreate_countsEachAction() {
        assertThat(plan.count(Action.CREATE)).isEqualTo(21);
        assertThat(plan.count(Action.KEEP)).isZero();
        assertThat(plan.count(Action.REPLACE)).isZero();
        assertThat(plan.count(Action.DELETE)).isZero();
    }
}
