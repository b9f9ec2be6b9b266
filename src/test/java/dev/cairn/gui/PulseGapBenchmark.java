package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * Responsiveness while a Network apply runs in the embedded Sandbox with realistic (scaled)
 * latencies: the longest gap between FX pulses, measured by an {@link AnimationTimer}. Prints
 * max and p99 in ms (target: below {@value #TARGET_MS} ms). Run on demand:
 * {@code mvn -o test -Dgroups=bench -DexcludedGroups=aws -Dtest=PulseGapBenchmark}.
 */
@Tag("bench")
class PulseGapBenchmark {

    static final double TIME_SCALE = 0.05;
    static final long TARGET_MS = 50;

    static final long IDLE_MILLIS = 5_000;

    @TempDir
    Path home;

    private List<Long> gaps;

    private AnimationTimer newTimer() {
        return new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last != 0) {
                    gaps.add(now - last);
                }
                last = now;
            }
        };
    }

    private AnimationTimer restart(AnimationTimer old) {
        return newTimer();
    }

    private static String summary(List<Long> gaps) {
        List<Long> sorted;
        synchronized (gaps) {
            sorted = new ArrayList<>(gaps);
        }
        Collections.sort(sorted);
        double max = sorted.get(sorted.size() - 1) / 1e6;
        double p99 = sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
        double median = sorted.get(sorted.size() / 2) / 1e6;
        return String.format(Locale.ROOT, "%d pulses, max %.1f ms, p99 %.1f ms, median %.1f ms", sorted.size(), max, p99, median);
    }

    @Test
    void networkApply_realisticSandbox_pulseGaps() throws Exception {
        FxHarness app = new FxHarness(home, Locale.ENGLISH, SandboxConfig.realistic(TIME_SCALE));
        FxRobot robot = new FxRobot();
        List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
        this.gaps = gaps;
        AnimationTimer timer = newTimer();
        try {
            WorkspaceViewModel vm = app.model.workspace();
            robot.clickOn("#step-network");
            // Baseline: the same window idle, so machine noise can be told from the app's own work.
            robot.interact(timer::start);
            Thread.sleep(IDLE_MILLIS);
            robot.interact(timer::stop);
            String idle = summary(gaps);
            gaps.clear();
            timer = restart(timer);
            robot.interact(timer::start);
            long start = System.nanoTime();
            robot.interact(vm::apply);
            app.waitUntil(() -> vm.outcomeProperty().get() != null);
            long wall = System.nanoTime() - start;
            robot.interact(timer::stop);
            assertThat(vm.outcomeProperty().get().succeeded()).isTrue();

            String line = String.format(Locale.ROOT,
                    "PULSE-GAP realistic(%.2f) apply %.1f s, %d event batches: %s (target < %d ms); idle baseline: %s",
                    TIME_SCALE, wall / 1e9, vm.activity().batchesProperty().get(), summary(gaps), TARGET_MS, idle);
            System.out.println(line);
            System.err.println(line);
        } finally {
            app.close();
        }
    }
}
