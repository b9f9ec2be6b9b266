package dev.cairn.gui.topology;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.TopologyInput;
import dev.cairn.topology.TopologyLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The live topology at 100, 500 and 1000 resources in a headless JavaFX stage (Monocle, software
 * pipeline, 1280×800, fitted), the old path and the new side by side, alternating round by round:
 *
 * <ul>
 *   <li><b>cold</b>: the first show into a fresh view (every group created);
 *   <li><b>re-layout</b>: the structure changed (one Elastic IP added, then removed again); on the
 *       new path the boxes that move or come are drawn over pulses, {@code
 *       DiagramView.MAX_UPDATES_PER_PULSE} a frame: the row is its first frame, and a line below
 *       the rows gives the time until every box is drawn;
 *   <li><b>status ×1, ×10</b>: one or ten resources turn FAILED, then READY again (statuses that do
 *       not animate, so no other pulse interferes).
 * </ul>
 *
 * <p>What is timed, for each case: <b>layout</b> is {@link TopologyLayout#layout} (old path: on the
 * FX thread; new path: on this thread, as the view model does it off the FX thread; zero when the
 * new path needs none); <b>update</b> is the FX-thread call that hands the result to the view
 * ({@link DiagramView#show}, after {@link TopologyLayout#restatus} for a status change on the new
 * path); <b>pulse</b> is the next pulse's CSS and layout passes (from its pre-layout to its
 * post-layout listener); <b>render</b> is the rest of that pulse plus its paint on the render thread
 * (scene-graph sync and the painting of the dirty region, which the pulse after waits for), from
 * the post-layout listener to the end of a render-thread barrier queued behind it (a 1×1 snapshot),
 * minus that barrier's own cost measured in an idle frame. <b>FX</b> = update + pulse + render (+
 * layout on the old path): the time the window cannot draw anything else.
 *
 * <pre>mvn -B test -Dgroups=bench -DexcludedGroups=aws -Dtest=DiagramViewBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <p>Writes {@code target/bench/diagram.txt}.
 */
@Tag("bench")
class DiagramViewBenchmark {

    /** {@code -Dbench.diagram.sizes=500} measures one size only (and {@code .rounds} fewer rounds). */
    private static final int[] SIZES = java.util.Arrays.stream(System.getProperty("bench.diagram.sizes", "100,500,1000")
            .split(",")).mapToInt(Integer::parseInt).toArray();
    private static final int ROUNDS = Integer.getInteger("bench.diagram.rounds", 12);
    private static final int WARMUP_ROUNDS = 4;
    private static final String REGION = "ap-northeast-2";
    private static final long FRAME_TIMEOUT_SECONDS = 60;
    /** How often the re-layout case asks whether every box is drawn. */
    private static final long CATCH_UP_POLL_MS = 2;

    /** The two ways a diagram reaches the screen. */
    enum Way {
        /** Before issue #14: lay out on the FX thread, then update every box of the view. */
        OLD,
        /** Status changes re-statused in place, re-layouts off the FX thread, only changed boxes touched. */
        NEW
    }

    /** Nanoseconds of one frame's phases. */
    record Frame(long layout, long update, long pulse, long render) {
        long fx(Way path) {
            return (path == Way.OLD ? layout : 0) + update + pulse + render;
        }
    }

    private Stage stage;
    private Scene scene;
    private long barrierNanos;

    @Test
    void diagramAtScale() throws Exception {
        startFx();
        ResourceBundle bundle = ResourceBundle.getBundle("dev.cairn.gui.messages", Locale.ROOT);
        fx(() -> {
            stage = new Stage();
            scene = new Scene(new DiagramView(bundle), 1280, 800);
            stage.setScene(scene);
            stage.show();
            return null;
        });
        barrierNanos = calibrateBarrier();

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "diagram view benchmark: %s, %d cores, load %s%n",
                System.getProperty("java.vm.name") + " " + Runtime.version(), Runtime.getRuntime().availableProcessors(),
                loadAverage()));
        out.append(String.format(Locale.ROOT, "render barrier (1×1 snapshot, subtracted): %.2f ms%n", barrierNanos / 1e6));
        out.append("times in ms, median of ").append(ROUNDS).append(" rounds (cold: one each); FX = the FX thread's part\n");
        out.append(String.format(Locale.ROOT, "%-6s %-5s %-11s %9s %9s %9s %9s %9s%n", "size", "path", "case", "layout",
                "update", "pulse", "render", "FX"));
        for (int size : SIZES) {
            Map<Way, Scenario> scenarios = new HashMap<>();
            Map<Way, DiagramView> views = new HashMap<>();
            for (Way p : Way.values()) {
                Scenario s = new Scenario(size, p);
                scenarios.put(p, s);
                DiagramView view = fx(() -> new DiagramView(bundle));
                fx(() -> {
                    view.setIncremental(p == Way.NEW);
                    return null;
                });
                views.put(p, view);
                out.append(row(size, p, "cold", List.of(s.cold(view))));
            }
            Map<String, List<Frame>> frames = new LinkedHashMap<>();
            for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
                for (Way p : Way.values()) {
                    DiagramView view = views.get(p);
                    Scenario s = scenarios.get(p);
                    fx(() -> {
                        scene.setRoot(view);
                        return null;
                    });
                    record(frames, round, p, "re-layout", s.relayout(view, round));
                    record(frames, round, p, "status x1", s.status(view, 1));
                    record(frames, round, p, "status x10", s.status(view, 10));
                }
            }
            for (String c : List.of("re-layout", "status x1", "status x10")) {
                for (Way p : Way.values()) {
                    out.append(row(size, p, c, frames.get(p + c)));
                }
            }
            for (Way p : Way.values()) {
                long[] whole = scenarios.get(p).wholeNanos.stream().mapToLong(Long::longValue).sorted().toArray();
                out.append(String.format(Locale.ROOT, "       re-layout, %s path: every box drawn %.1f ms after the show"
                        + " (median, wall, polled every %d ms)%n", p, whole[whole.length / 2] / 1e6, CATCH_UP_POLL_MS));
            }
            Scenario s = scenarios.get(Way.NEW);
            double zoom = fx(() -> views.get(Way.NEW).zoomProperty().get());
            out.append(String.format(Locale.ROOT,
                    "       %d resources, %d boxes, fitted at %.0f %%; a status change of %d of the %d drawn resources"
                            + " is re-statused without a layout%n", s.specs.size(), s.boxes, zoom * 100, s.plain,
                    s.drawn));
        }
        fx(() -> {
            stage.hide();
            return null;
        });
        System.out.print(out);
        java.nio.file.Path dir = java.nio.file.Path.of("target", "bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("diagram.txt"), out);
    }

    /** One size's inputs and the state that alternates between rounds, for one path. */
    private final class Scenario {
        final Way way;
        final List<ResourceSpec> specs;
        final List<ResourceSpec> grown;
        final StackState created;
        final List<Address> toggled;
        final int boxes;
        final int drawn;
        final int plain;
        final Map<Address, ItemStatus> live = new HashMap<>();
        /** Whether the resources of a change of one (index 1) or of ten (index 10) are FAILED now. */
        final boolean[] failed = new boolean[11];
        TopologyInput current;
        Diagram shown;

        Scenario(int size, Way way) {
            this.way = way;
            specs = Topologies.large(REGION, size);
            created = Topologies.created("bench", specs);
            grown = new ArrayList<>(specs);
            grown.add(new ResourceSpec(Address.of("network", "eip", "bench-extra"), Ec2Kinds.ELASTIC_IP, REGION,
                    Map.of(), Map.of(), Set.of()));
            current = new TopologyInput("bench", REGION, specs, created, Map.of());
            Diagram d = TopologyLayout.layout(current);
            boxes = d.nodes().size() + d.containers().size();
            // The drawn resources whose status change needs no layout (the new path's fast case),
            // spread over the diagram: every k-th, so ten changes are ten places; the change of one
            // is the first, the change of ten the next ten. The old path changes the same ones.
            List<Address> fast = new ArrayList<>();
            List<Address> all = new ArrayList<>();
            d.nodes().forEach(n -> all.add(n.address()));
            d.containers().stream().filter(c -> c.address() != null).forEach(c -> all.add(c.address()));
            for (Address a : all) {
                TopologyInput one = new TopologyInput("bench", REGION, specs, created, Map.of(a, ItemStatus.FAILED));
                if (TopologyLayout.restatus(d, current, one).isPresent()) {
                    fast.add(a);
                }
            }
            drawn = all.size();
            plain = fast.size();
            int step = Math.max(1, fast.size() / 11);
            toggled = new ArrayList<>();
            for (int i = 0; i < fast.size() && toggled.size() < 11; i += step) {
                toggled.add(fast.get(i));
            }
        }

        /** From a re-layout's show to every box drawn (all its pulses, polled), per counted round. */
        final List<Long> wholeNanos = new ArrayList<>();

        Frame cold(DiagramView view) throws Exception {
            long t0 = System.nanoTime();
            Diagram d = TopologyLayout.layout(current);
            long layout = System.nanoTime() - t0;
            shown = d;
            Frame f = frame(() -> {
                scene.setRoot(view);
                view.show(d);
            });
            return new Frame(layout, f.update, f.pulse, f.render);
        }

        /** Old: layout then show on the FX thread. New: layout here (off the FX thread), then show. */
        Frame relayout(DiagramView view, int round) throws Exception {
            TopologyInput next = new TopologyInput("bench", REGION, round % 2 == 0 ? grown : specs, created, Map.copyOf(live));
            long t0 = System.nanoTime();
            Diagram d = TopologyLayout.layout(next);
            long layout = System.nanoTime() - t0;
            long shownAt = System.nanoTime();
            Frame f = frame(() -> view.show(d));
            current = next;
            shown = d;
            // The new path draws moved and new boxes over pulses (DiagramView.catchUp): the frame
            // above is the first of them; the next case starts once every box is drawn.
            while (!onFx(view::caughtUp)) {
                Thread.sleep(CATCH_UP_POLL_MS);
            }
            if (round >= WARMUP_ROUNDS) {
                wholeNanos.add(System.nanoTime() - shownAt);
            }
            return new Frame(layout, f.update, f.pulse, f.render);
        }

        private static boolean onFx(Callable<Boolean> query) throws Exception {
            FutureTask<Boolean> task = new FutureTask<>(query);
            Platform.runLater(task);
            return task.get(10, TimeUnit.SECONDS);
        }

        /** Old: a full layout then show, on the FX thread. New: re-statused then shown, on the FX thread. */
        Frame status(DiagramView view, int count) throws Exception {
            failed[count] = !failed[count];
            List<Address> changed = count == 1 ? toggled.subList(0, 1) : toggled.subList(1, Math.min(1 + count, toggled.size()));
            for (Address a : changed) {
                live.put(a, failed[count] ? ItemStatus.FAILED : ItemStatus.READY);
            }
            TopologyInput next = new TopologyInput("bench", REGION, current.desired(), created, Map.copyOf(live));
            long[] layout = new long[1];
            Frame f = frame(() -> {
                Diagram d;
                if (way == Way.OLD) {
                    long t0 = System.nanoTime();
                    d = TopologyLayout.layout(next);
                    layout[0] = System.nanoTime() - t0;
                } else {
                    d = TopologyLayout.restatus(shown, current, next)
                            .orElseThrow(() -> new IllegalStateException("not a status-only change"));
                }
                view.show(d);
                shown = d;
            });
            current = next;
            return new Frame(layout[0], f.update - layout[0], f.pulse, f.render);
        }
    }

    private static void record(Map<String, List<Frame>> frames, int round, Way p, String c, Frame f) {
        if (round >= WARMUP_ROUNDS) {
            frames.computeIfAbsent(p + c, k -> new ArrayList<>()).add(f);
        }
    }

    private static String row(int size, Way p, String c, List<Frame> fs) {
        return String.format(Locale.ROOT, "%-6d %-5s %-11s %9.2f %9.2f %9.2f %9.2f %9.2f%n", size, p, c,
                median(fs, Frame::layout), median(fs, Frame::update), median(fs, Frame::pulse), median(fs, Frame::render),
                median(fs, f -> f.fx(p)));
    }

    private static double median(List<Frame> fs, java.util.function.ToLongFunction<Frame> what) {
        long[] v = fs.stream().mapToLong(what).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2] / 1e6;
    }

    /**
     * Runs {@code update} on the FX thread, then times the pulse that shows it and its paint (see the
     * class comment). The pulse is requested right after the update, so no other work comes between.
     */
    private Frame frame(Runnable update) throws Exception {
        CompletableFuture<Frame> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            long t0 = System.nanoTime();
            update.run();
            long t1 = System.nanoTime();
            long[] pre = new long[1];
            Runnable[] listeners = new Runnable[2];
            listeners[0] = () -> {
                pre[0] = System.nanoTime();
                scene.removePreLayoutPulseListener(listeners[0]);
            };
            listeners[1] = () -> {
                long post = System.nanoTime();
                scene.removePostLayoutPulseListener(listeners[1]);
                // Runs after this pulse, once its paint job is queued on the render thread.
                Platform.runLater(() -> {
                    renderBarrier();
                    long end = System.nanoTime();
                    done.complete(new Frame(0, t1 - t0, post - pre[0], Math.max(0, end - post - barrierNanos)));
                });
            };
            scene.addPreLayoutPulseListener(listeners[0]);
            scene.addPostLayoutPulseListener(listeners[1]);
            Platform.requestNextPulse();
        });
        return done.get(FRAME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits on the FX thread until the render thread has done what was queued before (one tiny render job). */
    private static void renderBarrier() {
        new Rectangle(1, 1).snapshot(null, null);
    }

    /** The barrier's own cost: the median of idle frames' (nothing dirty, no paint) barrier. */
    private long calibrateBarrier() throws Exception {
        long[] v = new long[21];
        for (int i = 0; i < v.length; i++) {
            v[i] = fx(() -> {
                long t0 = System.nanoTime();
                renderBarrier();
                return System.nanoTime() - t0;
            });
        }
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static String loadAverage() {
        try {
            return Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void startFx() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        }
        started.await();
        Platform.setImplicitExit(false);
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Platform.runLater(task);
        return task.get(FRAME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
