package dev.cairn.gui.topology;

import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.TopologyInput;
import dev.cairn.topology.TopologyLayout;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Times laying out AND drawing a 500-resource topology in a headless JavaFX stage: layout, the
 * view's scene-graph update, CSS + layout pass, and a render of the scene (snapshot). Not a test;
 * run on demand after {@code mvn -o test-compile}:
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat cp.txt) dev.cairn.gui.topology.DiagramViewBenchmark [iterations]</pre>
 *
 * where {@code cp.txt} lists the JavaFX 21 {@code -linux} jars, openjfx-monocle, Jackson and slf4j-api
 * from {@code ~/.m2} ({@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt} where that
 * plugin is available; it is not in the offline repository of the build machines).
 * "cold" is the first show into a fresh view (every group created); "warm" re-shows the same
 * structure with other statuses into the same view (groups reused), as during a run; "fresh" is a
 * new view per iteration after warm-up, what a view without reuse would cost.
 */
public final class DiagramViewBenchmark {

    private static final int RESOURCES = 500;
    private static final int DEFAULT_ITERATIONS = 30;
    private static final int WARMUP = 10;

    private DiagramViewBenchmark() {}

    public static void main(String[] args) throws Exception {
        // The same headless platform as the tests (surefire's argLine), unless told otherwise.
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("java.awt.headless", "true");
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ITERATIONS;
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();

        String region = "ap-northeast-2";
        List<ResourceSpec> specs = Topologies.large(region, RESOURCES);
        TopologyInput planned = TopologyInput.planned("bench", region, specs);
        StackState created = Topologies.created("bench", specs);
        TopologyInput ready = new TopologyInput("bench", region, specs, created, Map.of());
        ResourceBundle bundle = ResourceBundle.getBundle("dev.cairn.gui.messages", Locale.ROOT);

        Stage stage = fx(Stage::new);
        DiagramView view = fx(() -> new DiagramView(bundle));
        Scene scene = fx(() -> {
            Scene s = new Scene(view, 1280, 800);
            stage.setScene(s);
            stage.show();
            return s;
        });

        long[] cold = fx(() -> round(scene, view, planned));
        for (int i = 0; i < WARMUP; i++) {
            TopologyInput in = i % 2 == 0 ? ready : planned;
            fx(() -> round(scene, view, in));
        }
        long[] warm = new long[4];
        for (int i = 0; i < iterations; i++) {
            TopologyInput in = i % 2 == 0 ? ready : planned;
            add(warm, fx(() -> round(scene, view, in)));
        }
        long[] fresh = new long[4];
        for (int i = 0; i < iterations; i++) {
            TopologyInput in = i % 2 == 0 ? ready : planned;
            add(fresh, fx(() -> {
                DiagramView v = new DiagramView(bundle);
                scene.setRoot(v);
                return round(scene, v, in);
            }));
        }
        int nodes = fx(() -> view.diagram().map(Diagram::nodes).map(List::size).orElse(0));
        double zoom = fx(() -> view.zoomProperty().get());
        System.out.printf(Locale.ROOT,
                "diagram view: %d resources (%d boxes drawn as nodes), fitted at %.0f %% in 1280×800, %d iterations%n",
                specs.size(), nodes, zoom * 100, iterations);
        print("cold  (first show, every group created)", cold, 1);
        print("warm  (same structure, new statuses)   ", warm, iterations);
        print("fresh (new view each time, warmed JIT) ", fresh, iterations);
        // The same warm rounds at 100 %, where every label is drawn (clipped to the window).
        long[] actual = new long[4];
        fx(() -> {
            view.actualSize();
            scene.setRoot(view);
            return null;
        });
        for (int i = 0; i < iterations; i++) {
            TopologyInput in = i % 2 == 0 ? ready : planned;
            add(actual, fx(() -> round(scene, view, in)));
        }
        print("warm at 100 % (labels drawn)          ", actual, iterations);
        fx(() -> {
            stage.hide();
            return null;
        });
        Platform.exit();
    }

    /** One layout + show + CSS/layout pass + render; nanoseconds of each phase. */
    private static long[] round(Scene scene, DiagramView view, TopologyInput input) {
        long t0 = System.nanoTime();
        Diagram d = TopologyLayout.layout(input);
        long t1 = System.nanoTime();
        view.show(d);
        long t2 = System.nanoTime();
        scene.getRoot().applyCss();
        scene.getRoot().layout();
        long t3 = System.nanoTime();
        scene.snapshot(null);
        long t4 = System.nanoTime();
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
    }

    private static void print(String what, long[] n, int count) {
        double layout = n[0] / 1e6 / count;
        double show = n[1] / 1e6 / count;
        double css = n[2] / 1e6 / count;
        double render = n[3] / 1e6 / count;
        System.out.printf(Locale.ROOT,
                "%s: layout %7.2f ms + show %7.2f ms + css/layout %7.2f ms + render %7.2f ms = %7.2f ms%n", what, layout,
                show, css, render, layout + show + css + render);
    }

    private static void add(long[] sum, long[] one) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += one[i];
        }
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Platform.runLater(task);
        return task.get();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
