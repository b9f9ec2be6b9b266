package dev.cairn.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.topology.Diagram.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link TopologyLayout#restatus} is exact: whenever it answers, its diagram equals a full layout of
 * the new input, and only the changed boxes' records are new instances.
 */
class TopologyRestatusTest {

    private static final String STACK = "restatus";
    private static final String REGION = "ap-northeast-2";

    static Stream<Arguments> topologies() {
        return Stream.of(
                Arguments.of("network, 4 zones", NetworkFixtures.network(4, 1)),
                Arguments.of("network, 120 resources", NetworkFixtures.large(120)),
                Arguments.of("web guide", WebFixtures.guide()),
                Arguments.of("pipeline guide", PipelineFixtures.guide()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void restatus_forEveryResourceAndStatus_equalsAFullLayoutOrDeclines(String name, List<ResourceSpec> specs) {
        StackState created = NetworkFixtures.created(STACK, specs);
        int answered = 0;
        for (StackState state : List.of(StackState.empty(STACK), created)) {
            TopologyInput before = new TopologyInput(STACK, REGION, specs, state, Map.of());
            Diagram previous = TopologyLayout.layout(before);
            for (ResourceSpec s : specs) {
                for (ItemStatus status : ItemStatus.values()) {
                    TopologyInput after = new TopologyInput(STACK, REGION, specs, state, Map.of(s.address(), status));
                    Optional<Diagram> restatused = TopologyLayout.restatus(previous, before, after);
                    if (restatused.isEmpty()) {
                        continue;
                    }
                    answered++;
                    assertThat(restatused.get()).as("%s: %s %s", name, s.address(), status)
                            .isEqualTo(TopologyLayout.layout(after));
                    assertOnlyChangedAreNew(previous, restatused.get(), s.address());
                }
            }
        }
        assertThat(answered).as("changes answered without a layout in %s", name).isPositive();
    }

    @Test
    void restatus_ofTenResourcesAtOnce_equalsAFullLayout() {
        List<ResourceSpec> specs = NetworkFixtures.large(200);
        StackState created = NetworkFixtures.created(STACK, specs);
        TopologyInput before = new TopologyInput(STACK, REGION, specs, created, Map.of());
        Diagram previous = TopologyLayout.layout(before);
        Set<Address> plain = new LinkedHashSet<>();
        for (ResourceSpec s : specs) {
            TopologyInput one = new TopologyInput(STACK, REGION, specs, created, Map.of(s.address(), ItemStatus.FAILED));
            if (plain.size() < 10 && TopologyLayout.restatus(previous, before, one).isPresent()) {
                plain.add(s.address());
            }
        }
        assertThat(plain).hasSize(10);
        Map<Address, ItemStatus> live = new HashMap<>();
        plain.forEach(a -> live.put(a, ItemStatus.CREATING));
        TopologyInput after = new TopologyInput(STACK, REGION, specs, created, live);

        assertThat(TopologyLayout.restatus(previous, before, after)).contains(TopologyLayout.layout(after));
    }

    @Test
    void restatus_ofANatGateway_restatusesItsEdgeToItsAddress() {
        List<ResourceSpec> specs = NetworkFixtures.network(2, 0);
        TopologyInput before = TopologyInput.planned(STACK, REGION, specs);
        Diagram previous = TopologyLayout.layout(before);
        Address nat = specs.stream().filter(s -> s.kind() == Ec2Kinds.NAT_GATEWAY).findFirst().orElseThrow().address();
        TopologyInput after = new TopologyInput(STACK, REGION, specs, null, Map.of(nat, ItemStatus.CREATING));

        Diagram restatused = TopologyLayout.restatus(previous, before, after).orElseThrow();

        assertThat(restatused).isEqualTo(TopologyLayout.layout(after));
        assertThat(restatused.edges()).filteredOn(e -> e.from().equals(nat.value())).isNotEmpty()
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(NodeStatus.CREATING));
    }

    @Test
    void restatus_whenTheStructureChanged_declines() {
        List<ResourceSpec> specs = NetworkFixtures.network(2, 0);
        TopologyInput before = TopologyInput.planned(STACK, REGION, specs);
        List<ResourceSpec> grown = new ArrayList<>(specs);
        grown.add(NetworkFixtures.spec(Address.of("network", "eip", "extra"), Ec2Kinds.ELASTIC_IP, Map.of(), Map.of()));

        assertThat(TopologyLayout.restatus(TopologyLayout.layout(before), before,
                TopologyInput.planned(STACK, REGION, grown))).isEmpty();
        assertThat(TopologyLayout.restatus(TopologyLayout.layout(before), before,
                new TopologyInput(STACK, REGION, specs, NetworkFixtures.created(STACK, specs), Map.of()))).isEmpty();
    }

    @Test
    void restatus_ofARelation_declines() {
        List<ResourceSpec> specs = NetworkFixtures.network(2, 0);
        TopologyInput before = TopologyInput.planned(STACK, REGION, specs);
        Address route = specs.stream().filter(s -> s.kind() == Ec2Kinds.ROUTE).findFirst().orElseThrow().address();

        assertThat(TopologyLayout.restatus(TopologyLayout.layout(before), before,
                new TopologyInput(STACK, REGION, specs, null, Map.of(route, ItemStatus.CREATING)))).isEmpty();
    }

    private static void assertOnlyChangedAreNew(Diagram before, Diagram after, Address changed) {
        for (int i = 0; i < before.nodes().size(); i++) {
            Node n = after.nodes().get(i);
            if (!n.address().equals(changed)) {
                assertThat(n).isSameAs(before.nodes().get(i));
            }
        }
        for (int i = 0; i < before.containers().size(); i++) {
            Diagram.Container c = after.containers().get(i);
            if (!changed.equals(c.address())) {
                assertThat(c).isSameAs(before.containers().get(i));
            }
        }
        for (int i = 0; i < before.edges().size(); i++) {
            if (!after.edges().get(i).from().equals(changed.value())) {
                assertThat(after.edges().get(i)).isSameAs(before.edges().get(i));
            }
        }
    }
}
