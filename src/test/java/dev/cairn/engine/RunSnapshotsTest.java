package dev.cairn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunSnapshotsTest {

    private final RunSnapshots snapshots = new RunSnapshots();

    @Test
    void get_whenAskedTwice_loadsOnce() {
        AtomicInteger loads = new AtomicInteger();

        assertThat(snapshots.<Integer>get("k", loads::incrementAndGet)).isEqualTo(1);
        assertThat(snapshots.<Integer>get("k", loads::incrementAndGet)).isEqualTo(1);
        assertThat(snapshots.<Integer>get("other", loads::incrementAndGet)).isEqualTo(2);
    }

    @Test
    void get_whenLoadThrows_doesNotKeepTheFailure() {
        assertThatThrownBy(() -> snapshots.get("k", () -> {
            throw new RetryableException("Throttling", "slow down", null);
        })).isInstanceOf(RetryableException.class);

        assertThat(snapshots.<String>get("k", () -> "listed")).isEqualTo("listed");
    }

    @Test
    void get_whenCalledConcurrently_waitersShareTheFirstCallersLoad() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<Integer> first = pool.submit(() -> snapshots.get("k", () -> {
                loading.countDown();
                await(release);
                return loads.incrementAndGet();
            }));
            loading.await(10, TimeUnit.SECONDS);
            List<Future<Integer>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(pool.submit(() -> snapshots.get("k", loads::incrementAndGet)));
            }
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            for (Future<Integer> w : waiters) {
                assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(loads).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void get_whenTheFirstLoadFails_aWaiterLoadsItself() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Object> first = pool.submit(() -> snapshots.get("k", () -> {
                loading.countDown();
                await(release);
                throw new IllegalStateException("listing failed");
            }));
            loading.await(10, TimeUnit.SECONDS);
            Future<String> waiter = pool.submit(() -> snapshots.get("k", () -> "second try"));
            release.countDown();

            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("second try");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
