package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's end consumes its last events first, though their scheduled drain has not run yet. */
class EventCoalescerTest {

    @Test
    void flush_beforeTheScheduledDrainRuns_consumesEverythingQueued_andTheDrainThenDoesNothing() {
        List<Runnable> scheduled = new ArrayList<>();
        List<List<Integer>> batches = new ArrayList<>();
        EventCoalescer<Integer> pump = new EventCoalescer<>(scheduled::add, batches::add);
        pump.offer(1);
        pump.offer(2);
        assertThat(scheduled).hasSize(1);

        pump.flush();
        assertThat(batches).containsExactly(List.of(1, 2));

        scheduled.get(0).run();
        assertThat(batches).as("the late drain").hasSize(1);
        pump.offer(3);
        assertThat(scheduled).as("a new item schedules a new drain").hasSize(2);
        scheduled.get(1).run();
        assertThat(batches).containsExactly(List.of(1, 2), List.of(3));
    }
}
