package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.DagWalker;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UiTaskExecutorTest {

    @Test
    void execute_runsTheTaskBelowTheUiThread_andTheEngineThreadsItStartsInheritThePriority() throws Exception {
        Map<String, Integer> priorities = new ConcurrentHashMap<>();
        CompletableFuture<Integer> taskPriority = new CompletableFuture<>();
        try (UiTaskExecutor executor = new UiTaskExecutor(Runnable::run)) {
            executor.execute(BackgroundTask.wrap(() -> {
                new DagWalker<>(Map.of("vpc", Set.<String>of(), "subnet", Set.of("vpc")), false, 2, Clock.systemUTC())
                        .walk((node, slot) -> priorities.put(node, Thread.currentThread().getPriority()), () -> false,
                                (node, cause) -> {});
                return Thread.currentThread().getPriority();
            }).onSuccess(taskPriority::complete).onFailure(taskPriority::completeExceptionally));

            assertThat(taskPriority.get(10, TimeUnit.SECONDS)).isEqualTo(UiTaskExecutor.WORKER_PRIORITY)
                    .isLessThan(Thread.NORM_PRIORITY);
            assertThat(priorities).containsOnly(Map.entry("vpc", UiTaskExecutor.WORKER_PRIORITY),
                    Map.entry("subnet", UiTaskExecutor.WORKER_PRIORITY));
        }
    }
}
