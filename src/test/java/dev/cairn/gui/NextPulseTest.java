package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** A run's updates reach the window at most once per pulse, all of them, in order, on the FX thread. */
class NextPulseTest {

    static final int ITEMS = 3_000;

    @Test
    void eventsOfferedFromManyThreads_reachTheFxThreadInOrder_atMostOneBatchPerPulse() throws Exception {
        FxToolkit.registerPrimaryStage();
        AtomicLong pulse = new AtomicLong();
        // Started before any NextPulse timer, so within a pulse it counts first.
        AnimationTimer counter = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulse.incrementAndGet();
            }
        };
        FxToolkit.setupFixture(counter::start);
        List<Long> batchPulses = Collections.synchronizedList(new ArrayList<>());
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> onFx = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(ITEMS);
        NextPulse next = new NextPulse(Platform::runLater);
        EventCoalescer<Integer> pump = new EventCoalescer<>(next, batch -> {
            batchPulses.add(pulse.get());
            onFx.add(Platform.isFxApplicationThread());
            seen.addAll(batch);
            batch.forEach(i -> all.countDown());
        });
        try {
            // One producer, spread over several pulses, so several batches are made.
            Thread producer = new Thread(() -> {
                for (int i = 0; i < ITEMS; i++) {
                    pump.offer(i);
                    if (i % 100 == 0) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            producer.start();
            assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
            producer.join();
        } finally {
            FxToolkit.setupFixture(counter::stop);
        }

        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, ITEMS).boxed().toList());
        assertThat(onFx).containsOnly(true);
        assertThat(batchPulses).as("batches").hasSizeGreaterThan(1).doesNotHaveDuplicates().isSorted();
    }
}
