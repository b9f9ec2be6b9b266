package dev.cairn.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphsTest {

    private static final Address A = Address.parse("network.a");
    private static final Address B = Address.parse("network.b");
    private static final Address C = Address.parse("network.c");
    private static final Address D = Address.parse("network.d");

    @Test
    void topologicalOrder_whenTiesExist_keepsInputOrder() {
        Map<Address, Set<Address>> deps = Map.of(A, Set.of(C), B, Set.of(), C, Set.of(), D, Set.of(A, Address.parse("network.outside")));
        assertThat(Graphs.topologicalOrder(List.of(A, B, C, D), deps::get)).containsExactly(B, C, A, D);
        assertThat(Graphs.topologicalOrder(List.of(C, B, A, D), deps::get)).containsExactly(C, B, A, D);
    }

    @Test
    void topologicalOrder_whenCycle_namesIt() {
        Map<Address, Set<Address>> deps = Map.of(A, Set.of(), B, Set.of(D), C, Set.of(B), D, Set.of(C, A));
        assertThatThrownBy(() -> Graphs.topologicalOrder(List.of(A, B, C, D), deps::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("dependency cycle: network.b → network.d → network.c → network.b");
    }

    @Test
    void topologicalOrder_whenSelfLoop_namesIt() {
        assertThatThrownBy(() -> Graphs.topologicalOrder(List.of(A), a -> Set.of(A)))
                .hasMessage("dependency cycle: network.a → network.a");
    }
}
