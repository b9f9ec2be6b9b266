package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.NodeStatus;
import dev.cairn.topology.TopologyInput;
import dev.cairn.topology.TopologyLayout;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** When the topology is laid out, where, and when a change needs no layout at all (issue #14). */
class TopologyViewModelTest {

    private static final Blueprint DEMO = BlueprintExample.demo();
    private static final List<ResourceSpec> SPECS = NetworkResources.specs(DEMO);
    private static final long DELIVERY_TIMEOUT_SECONDS = 30;

    /** Every layout the view model asked for: its input and the thread it ran on. */
    private final List<TopologyInput> laidOut = new CopyOnWriteArrayList<>();
    private final List<Thread> layoutThreads = new CopyOnWriteArrayList<>();
    private final Function<TopologyInput, Diagram> countingLayout = in -> {
        laidOut.add(in);
        layoutThreads.add(Thread.currentThread());
        return TopologyLayout.layout(in);
    };

    @Test
    void show_whenOnlyAStatusChanged_laysNothingOutAndKeepsEveryOtherRecord() {
        TopologyViewModel vm = new TopologyViewModel(new CurrentThreadTaskExecutor(), countingLayout);
        vm.show(DEMO.name(), DEMO.region(), SPECS, StackState.empty(DEMO.name()), Map.of());
        assertThat(laidOut).hasSize(1);
        Diagram before = vm.diagramProperty().get();
        Address changed = restatusable(before, SPECS);

        // Creating, then deleting: the statuses that animate. Neither lays the diagram out again.
        for (ItemStatus s : List.of(ItemStatus.CREATING, ItemStatus.READY, ItemStatus.DELETING, ItemStatus.DELETED)) {
            Diagram previous = vm.diagramProperty().get();
            vm.show(DEMO.name(), DEMO.region(), SPECS, StackState.empty(DEMO.name()), Map.of(changed, s));

            Diagram now = vm.diagramProperty().get();
            assertThat(laidOut).as("layouts after %s", s).hasSize(1);
            assertThat(now).isEqualTo(TopologyLayout.layout(vm.inputProperty().get()));
            for (int i = 0; i < now.nodes().size(); i++) {
                if (now.nodes().get(i).address().equals(changed)) {
                    assertThat(now.nodes().get(i).status()).isEqualTo(NodeStatus.of(s));
                } else {
                    assertThat(now.nodes().get(i)).isSameAs(previous.nodes().get(i));
                }
            }
            for (int i = 0; i < now.containers().size(); i++) {
                if (!changed.equals(now.containers().get(i).address())) {
                    assertThat(now.containers().get(i)).isSameAs(previous.containers().get(i));
                }
            }
            for (int i = 0; i < now.edges().size(); i++) {
                if (!now.edges().get(i).from().equals(changed.value())) {
                    assertThat(now.edges().get(i)).isSameAs(previous.edges().get(i));
                }
            }
        }
    }

    @Test
    void show_whenTheStructureChanged_laysOutOffTheCallingThreadBelowItsPriority() throws Exception {
        BlockingQueue<Runnable> delivered = new LinkedBlockingQueue<>();
        try (UiTaskExecutor executor = new UiTaskExecutor(delivered::add)) {
            TopologyViewModel vm = new TopologyViewModel(executor, countingLayout);

            vm.show(DEMO.name(), DEMO.region(), SPECS, StackState.empty(DEMO.name()), Map.of());
            assertThat(vm.settled()).isFalse();
            assertThat(vm.diagramProperty().get()).as("the caller does not wait for the layout").isNull();
            delivered.poll(DELIVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS).run();

            assertThat(vm.settled()).isTrue();
            assertThat(vm.diagramProperty().get()).isEqualTo(TopologyLayout.layout(vm.inputProperty().get()));
            assertThat(layoutThreads).singleElement().satisfies(t -> {
                assertThat(t).isNotSameAs(Thread.currentThread());
                assertThat(t.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
            });
        }
    }

    @Test
    void show_whileALayoutRuns_theNewestRequestSupersedesTheWaitingOnes() throws Exception {
        HeldTaskExecutor manual = new HeldTaskExecutor();
        TopologyViewModel vm = new TopologyViewModel(manual, countingLayout);
        vm.show(DEMO.name(), DEMO.region(), SPECS, StackState.empty(DEMO.name()), Map.of());
        vm.show(DEMO.name(), DEMO.region(), SPECS.subList(0, SPECS.size() - 1), StackState.empty(DEMO.name()), Map.of());
        vm.show(DEMO.name(), DEMO.region(), SPECS.subList(0, SPECS.size() - 2), StackState.empty(DEMO.name()), Map.of());
        assertThat(manual.pending()).as("one layout at a time").isEqualTo(1);

        manual.runNext();
        assertThat(vm.diagramProperty().get()).as("a superseded result is not shown").isNull();
        assertThat(manual.pending()).as("only the newest waiting request is laid out").isEqualTo(1);
        manual.runNext();

        assertThat(laidOut).extracting(in -> in.desired().size()).containsExactly(SPECS.size(), SPECS.size() - 2);
        assertThat(vm.diagramProperty().get()).isEqualTo(TopologyLayout.layout(vm.inputProperty().get()));
        assertThat(vm.settled()).isTrue();
    }

    @Test
    void clear_whileALayoutRuns_dropsItsResult() throws Exception {
        HeldTaskExecutor manual = new HeldTaskExecutor();
        TopologyViewModel vm = new TopologyViewModel(manual, countingLayout);
        vm.show(DEMO.name(), DEMO.region(), SPECS, StackState.empty(DEMO.name()), Map.of());
        vm.clear();
        manual.runNext();

        assertThat(vm.diagramProperty().get()).isNull();
        assertThat(manual.pending()).isZero();
    }

    /** The first drawn resource whose status change the layout can re-status in place. */
    static Address restatusable(Diagram d, List<ResourceSpec> specs) {
        TopologyInput in = TopologyInput.planned(DEMO.name(), DEMO.region(), specs);
        return specs.stream().map(ResourceSpec::address)
                .filter(a -> TopologyLayout.restatus(d, in, new TopologyInput(in.stack(), in.region(), specs, null,
                        Map.of(a, ItemStatus.CREATING))).isPresent())
                .findFirst().orElseThrow();
    }
}
