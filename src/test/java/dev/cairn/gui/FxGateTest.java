package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FxGateTest {

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final List<Runnable> forwarded = new CopyOnWriteArrayList<>();
    private final FxGate gate = new FxGate(forwarded::add);

    private Runnable action(String name) {
        return () -> ran.add(name);
    }

    @Test
    void execute_beforeOpen_keepsTheAction_thenOpenForwardsThemInOrder() {
        gate.execute(action("a"));
        gate.execute(action("b"));
        assertThat(forwarded).as("no FX thread yet").isEmpty();

        gate.open();
        forwarded.forEach(Runnable::run);

        assertThat(ran).containsExactly("a", "b");
    }

    @Test
    void execute_afterOpen_forwardsAtOnce_afterWhatWaited() {
        gate.execute(action("kept"));
        gate.open();
        gate.execute(action("later"));
        gate.open();
        forwarded.forEach(Runnable::run);

        assertThat(ran).as("each once, the kept one first").containsExactly("kept", "later");
    }

    @Test
    void execute_fromManyThreadsWhileItOpens_forwardsEachExactlyOnce() throws Exception {
        int threads = 4;
        int each = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> offering = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < each; i++) {
                    gate.execute(action(prefix + i));
                }
            });
            th.start();
            offering.add(th);
        }
        go.countDown();
        gate.open();
        for (Thread th : offering) {
            th.join(TimeUnit.SECONDS.toMillis(10));
        }
        forwarded.forEach(Runnable::run);

        assertThat(ran).hasSize(threads * each).doesNotHaveDuplicates();
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            List<Integer> order = ran.stream().filter(r -> r.startsWith(prefix))
                    .map(r -> Integer.parseInt(r.substring(prefix.length()))).toList();
            assertThat(order).as("one thread's actions stay in its order").isSorted();
        }
    }
}
