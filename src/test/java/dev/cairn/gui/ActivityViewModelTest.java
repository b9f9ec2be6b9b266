package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.Message;
import dev.cairn.engine.ResourceEvent;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.Ec2Kinds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActivityViewModelTest {

    private static final Address VPC = Address.parse("network.vpc");
    private static final Address IGW = Address.parse("network.igw");

    private static ResourceEvent event(Address a, ResourceKind k, ItemStatus s, String message) {
        return new ResourceEvent(Instant.parse("2026-01-01T00:00:00Z"), a, k, s, "", Message.raw(message),
                Duration.ofMillis(1500));
    }

    @Test
    void accept_whenEvents_keepsOneRowPerResourceWithLatestState() {
        ActivityViewModel vm = new ActivityViewModel(Clock.systemUTC());
        vm.accept(List.of(event(VPC, Ec2Kinds.VPC, ItemStatus.CREATING, "creating"),
                event(IGW, Ec2Kinds.INTERNET_GATEWAY, ItemStatus.WAITING, ""),
                event(VPC, Ec2Kinds.VPC, ItemStatus.READY, "")));
        assertThat(vm.rows()).hasSize(2);
        ActivityRow vpc = vm.rows().get(0);
        assertThat(vpc.statusProperty().get()).isEqualTo(ItemStatus.READY);
        assertThat(vpc.messageProperty().get().english()).as("an empty message keeps the last one").isEqualTo("creating");
        assertThat(vpc.elapsedProperty().get()).isEqualTo(Duration.ofMillis(1500));
        assertThat(vm.live()).containsEntry(VPC, ItemStatus.READY).containsEntry(IGW, ItemStatus.WAITING);
        assertThat(vm.log()).hasSize(3);
    }

    private static ResourceSpec spec(Address a, ResourceKind k) {
        return new ResourceSpec(a, k, "ap-northeast-2", java.util.Map.of(), java.util.Map.of(), Set.of());
    }

    @Test
    void preview_beforeAnyRun_listsThePlan_readyWhenItExists() {
        ActivityViewModel vm = new ActivityViewModel(Clock.systemUTC());
        vm.preview(List.of(spec(VPC, Ec2Kinds.VPC), spec(IGW, Ec2Kinds.INTERNET_GATEWAY)), Set.of(VPC));
        assertThat(vm.rows()).extracting(r -> r.statusProperty().get()).containsExactly(ItemStatus.READY, ItemStatus.NEW);
        assertThat(vm.rows()).allSatisfy(r -> assertThat(r.elapsedProperty().get()).as("not run yet").isNull());
        assertThat(vm.live()).as("the diagram's live statuses are a run's only").isEmpty();
    }

    @Test
    void start_withTheSameResources_reusesTheRows_andClearsTheirLastResults() {
        ActivityViewModel vm = new ActivityViewModel(Clock.systemUTC());
        List<ResourceSpec> plan = List.of(spec(VPC, Ec2Kinds.VPC), spec(IGW, Ec2Kinds.INTERNET_GATEWAY));
        vm.preview(plan, Set.of());
        ActivityRow vpc = vm.rows().get(0);
        List<javafx.collections.ListChangeListener.Change<? extends ActivityRow>> changes = new ArrayList<>();
        vm.rows().addListener((javafx.collections.ListChangeListener<ActivityRow>) changes::add);
        vm.start(plan, Problem.of("run.apply.started", "s"));
        vm.accept(List.of(event(VPC, Ec2Kinds.VPC, ItemStatus.FAILED, "VpcLimitExceeded")));
        vm.start(plan, Problem.of("run.apply.started", "s"));
        assertThat(vm.rows().get(0)).isSameAs(vpc);
        assertThat(changes).as("the table keeps its rows and cells").isEmpty();
        assertThat(vpc.statusProperty().get()).isEqualTo(ItemStatus.NEW);
        assertThat(vpc.messageProperty().get().isEmpty()).isTrue();
        assertThat(vpc.elapsedProperty().get()).isEqualTo(Duration.ZERO);
    }

    @Test
    void preview_afterARunStarted_keepsTheRunsRows_untilAnotherStackOpens() {
        ActivityViewModel vm = new ActivityViewModel(Clock.systemUTC());
        vm.start(List.of(spec(VPC, Ec2Kinds.VPC)), Problem.of("run.apply.started", "s"));
        vm.accept(List.of(event(VPC, Ec2Kinds.VPC, ItemStatus.READY, "")));
        vm.preview(List.of(spec(IGW, Ec2Kinds.INTERNET_GATEWAY)), Set.of());
        assertThat(vm.rows()).extracting(ActivityRow::address).containsExactly(VPC);
        vm.reset();
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.live()).isEmpty();
        vm.preview(List.of(spec(IGW, Ec2Kinds.INTERNET_GATEWAY)), Set.of());
        assertThat(vm.rows()).extracting(ActivityRow::address).containsExactly(IGW);
    }

    @Test
    void failedEvent_keepsAwsMessageInRow() {
        ActivityViewModel vm = new ActivityViewModel(Clock.systemUTC());
        vm.accept(List.of(event(VPC, Ec2Kinds.VPC, ItemStatus.FAILED, "VpcLimitExceeded: The maximum number of VPCs has been reached.")));
        assertThat(vm.rows().get(0).messageProperty().get().english()).startsWith("VpcLimitExceeded");
    }

    @Test
    void coalescer_whenManyEventsBeforeTheUiRuns_deliversOneBatch() {
        Queue<Runnable> ui = new ArrayDeque<>();
        ActivityViewModel vm = new ActivityViewModel(Clock.systemUTC());
        EventCoalescer<ResourceEvent> pump = new EventCoalescer<>(ui::add, vm::accept);
        for (int i = 0; i < 100; i++) {
            pump.offer(event(VPC, Ec2Kinds.VPC, ItemStatus.CREATING, "poll " + i));
        }
        assertThat(ui).hasSize(1);
        ui.poll().run();
        assertThat(vm.batchesProperty().get()).isEqualTo(1);
        assertThat(vm.log()).hasSize(100);
        pump.offer(event(VPC, Ec2Kinds.VPC, ItemStatus.READY, ""));
        assertThat(ui).as("a new event after a drain schedules the next one").hasSize(1);
    }

    @Test
    void coalescer_whenProducersRace_losesNothing() throws Exception {
        List<Runnable> ui = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Integer> seen = new ArrayList<>();
        EventCoalescer<Integer> pump = new EventCoalescer<>(ui::add, seen::addAll);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            int base = t * 1000;
            threads.execute(() -> {
                for (int i = 0; i < 1000; i++) {
                    pump.offer(base + i);
                }
                done.countDown();
            });
        }
        // Drain concurrently like the FX thread would, then once more after the producers stop.
        while (!done.await(1, TimeUnit.MILLISECONDS)) {
            drain(ui);
        }
        drain(ui);
        threads.shutdown();
        assertThat(seen).hasSize(4000).doesNotHaveDuplicates();
    }

    private static void drain(List<Runnable> ui) {
        List<Runnable> copy;
        synchronized (ui) {
            copy = new ArrayList<>(ui);
            ui.clear();
        }
        copy.forEach(Runnable::run);
    }
}
