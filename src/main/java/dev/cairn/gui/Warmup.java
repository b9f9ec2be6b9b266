package dev.cairn.gui;

import dev.cairn.app.StackRunner;
import dev.cairn.app.Target;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceSpec;
import dev.cairn.plan.CostEstimate;
import dev.cairn.plan.Planner;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.access.KeyPairMode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the paths a first run takes, in the background, once the window shows, so that the first
 * apply after launch does not load, link and compile them while the window animates (issue #14:
 * the first apply's frames were late while the engine's threads loaded the SDK's EC2 model and
 * the JIT compiled them, ≈ 1 s of CPU on two cores).
 *
 * <p>What it does is a real run, not a list of classes: the whole guide ({@link
 * BlueprintExample#guide()}: the engine, the planner, every step's handlers and the SDK clients
 * and models of every service the guide uses) is applied and torn down through {@link
 * StackRunner}, the path the window's runs take, against a <b>throwaway Sandbox of its own</b>:
 * in memory, instant, on a loopback port, closed afterwards. So it warms the Sandbox's services
 * too, and it never makes a call to AWS, whatever account the window is pointed at, and never
 * touches the user's Sandbox, stacks or keys: its stack's folder and the public key it imports
 * (import, not create, so no private key is written to {@code ~/.ssh}) live in a temporary folder
 * deleted at the end. The run's events go to an activity list of its own, off-screen, and the
 * guide's costs are estimated, as the window does for a run; then it loads the classes of the
 * dialogs a run ends with.
 *
 * <p>Invariants: it runs on one daemon thread at {@link UiTaskExecutor#WORKER_PRIORITY} (nice 10
 * with the desktop JVM options), so the threads it starts (the engine's walkers, the SDK's, the
 * throwaway Sandbox's) run below the FX thread; it never runs on the FX thread; a failure is
 * logged and forgotten (the app works the same, only colder). One call site: {@code CairnApp}
 * after the stage shows. {@code -Dcairn.warmup=false} turns it off (benchmarks measure both).
 */
public final class Warmup {

    /** {@code -Dcairn.warmup=false} skips the warm-up (to measure without it). */
    public static final String ENABLED_PROPERTY = "cairn.warmup";

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    /**
     * Classes of the report and confirmation dialogs a run opens and their skins, loaded and
     * initialised here so the first report does not load them on the FX thread (the first apply's
     * report took 59–73 ms to open). Loading and initialising a class is safe off the FX thread;
     * building a {@code Dialog} is not, so no instance is made.
     */
    static final List<String> DIALOG_CLASSES = List.of(
            "javafx.scene.control.Alert",
            // Its enum's initialiser ran on the FX thread in the first report's build (sampled).
            "javafx.scene.control.Alert$AlertType",
            "javafx.scene.control.Dialog",
            "javafx.scene.control.DialogPane",
            "javafx.scene.control.ButtonBar",
            "javafx.scene.control.ButtonType",
            "javafx.scene.control.skin.ButtonBarSkin",
            "javafx.scene.control.skin.ButtonSkin",
            "javafx.scene.control.skin.LabelSkin",
            "javafx.scene.control.skin.TextAreaSkin",
            "javafx.scene.control.skin.TextFieldSkin",
            "javafx.scene.control.skin.ScrollPaneSkin",
            "javafx.scene.control.skin.CheckBoxSkin",
            "javafx.scene.control.skin.TitledPaneSkin",
            "javafx.scene.control.HeavyweightDialog",
            "com.sun.javafx.scene.control.skin.Utils",
            "dev.cairn.gui.Dialogs",
            "dev.cairn.gui.ErrorSummary",
            "dev.cairn.gui.TeardownConfirmViewModel");

    /** What a warm-up did: each stage's wall time, the calls it made and where, the thread it ran on. */
    public record Result(boolean succeeded, List<String> stages, long apiCalls, URI endpoint, int threadPriority,
            boolean onFxThread, String failure) {

        @Override
        public String toString() {
            return (succeeded ? "" : "FAILED (" + failure + ") ") + String.join(", ", stages)
                    + String.format(Locale.ROOT, ", %d calls to %s", apiCalls, endpoint);
        }
    }

    private Warmup() {}

    /** Whether the warm-up is on for this JVM ({@value #ENABLED_PROPERTY}, on unless {@code false}). */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true"));
    }

    /**
     * Starts the warm-up on its own low-priority daemon thread and returns at once; the future
     * completes when it is done (never exceptionally: a failure is in the result). Does nothing
     * (an already completed future with no result) when {@link #enabled()} is false.
     */
    public static CompletableFuture<Result> start() {
        if (!enabled()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Result> done = new CompletableFuture<>();
        Thread t = new Thread(() -> done.complete(run()), "cairn-warmup");
        t.setDaemon(true);
        t.setPriority(UiTaskExecutor.WORKER_PRIORITY);
        t.start();
        return done;
    }

    /** The warm-up itself, on the calling thread: blocking, seconds of CPU. */
    static Result run() {
        List<String> stages = new ArrayList<>();
        int priority = Thread.currentThread().getPriority();
        boolean onFx = isFxThread();
        Path dir = null;
        long calls = 0;
        URI endpoint = null;
        try {
            dir = Files.createTempDirectory("cairn-warmup");
            long t0 = System.nanoTime();
            Blueprint guide = guideWithImportedKey(dir);
            try (Target sandbox = Target.embeddedSandbox(null, SandboxConfig.instant());
                    StackRunner runner = new StackRunner(sandbox, guide.name(), dir.resolve("stack"), EngineOptions.defaults())) {
                endpoint = sandbox.endpointUrl().orElse(null);
                stages.add(stage("sandbox", t0));
                long t1 = System.nanoTime();
                Blueprint bp = runner.resolve(guide);
                // What the window does with a run beside the engine: its activity list (off-screen
                // here, so any thread may touch it; one at a time, as the FX thread would) and
                // the Review page's plan and costs.
                List<ResourceSpec> specs = Planner.specs(bp);
                CostEstimate.perRegion(specs);
                ActivityViewModel activity = new ActivityViewModel(Clock.systemUTC());
                activity.start(specs, Problem.of("run.apply.started", bp.name()));
                // And its diagram's input per event, laid out or re-statused on this thread: the
                // first run's per-batch TopologyLayout.restatus on the FX thread was 16-18 ms of
                // cold code in a frame (issue #14). Pure functions; nothing is drawn.
                TopologyViewModel topology = new TopologyViewModel();
                dev.cairn.model.StackState before = runner.state();
                EngineListener toActivity = e -> {
                    synchronized (activity) {
                        activity.accept(List.of(e));
                        topology.show(bp.name(), bp.region(), specs, before, new java.util.LinkedHashMap<>(activity.live()));
                    }
                };
                RunResult applied = runner.apply(bp, runner.plan(bp), toActivity, new CancellationToken());
                stages.add(stage("apply " + applied.succeeded(), t1));
                long t2 = System.nanoTime();
                RunResult destroyed = runner.destroy(bp, toActivity, new CancellationToken());
                stages.add(stage("teardown " + destroyed.succeeded(), t2));
                calls = sandbox.clients().apiCalls();
            }
            long t3 = System.nanoTime();
            loadClasses(DIALOG_CLASSES);
            stages.add(stage("dialogs", t3));
            LOG.debug("warm-up done: {}", stages);
            return new Result(true, stages, calls, endpoint, priority, onFx, null);
        } catch (Exception | LinkageError e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("warm-up failed (the app works the same, only colder)", e);
            return new Result(false, stages, calls, endpoint, priority, onFx, e.toString());
        } finally {
            deleteQuietly(dir);
        }
    }

    private static String stage(String name, long since) {
        return String.format(Locale.ROOT, "%s %.1f s", name, (System.nanoTime() - since) / 1e9);
    }

    private static boolean isFxThread() {
        try {
            return Platform.isFxApplicationThread();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * The guide with its key pair imported from a public key made here instead of created: a
     * created key's private half is saved to {@code ~/.ssh}, which a warm-up must never write.
     */
    static Blueprint guideWithImportedKey(Path dir) throws IOException {
        Blueprint guide = BlueprintExample.guide();
        AccessSection a = guide.section(AccessSection.KEY);
        Path pub = dir.resolve("warmup.pub");
        Files.writeString(pub, ed25519PublicLine() + "\n");
        AccessSection imported = new AccessSection(a.myIp(), a.allowSshFromAnywhere(),
                new AccessSection.KeyPair(KeyPairMode.IMPORT, "cairn-warmup", pub.toString()),
                a.bastion(), a.vpn(), a.privateInstance(), a.peering());
        return guide.with(AccessSection.KEY, imported).withName("cairn-warmup");
    }

    /** A fresh ED25519 public key as an OpenSSH line, made with the JDK only. */
    static String ed25519PublicLine() {
        try {
            byte[] x509 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
            // The X.509 form is a fixed 12-byte header and the 32-byte key.
            byte[] key = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(blob);
            byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
            out.writeInt(type.length);
            out.write(type);
            out.writeInt(key.length);
            out.write(key);
            return "ssh-ed25519 " + java.util.Base64.getEncoder().encodeToString(blob.toByteArray()) + " cairn-warmup";
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a public key", e);
        }
    }

    private static void loadClasses(List<String> names) {
        ClassLoader loader = Warmup.class.getClassLoader();
        for (String name : names) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.debug("warm-up: cannot load {}: {}", name, e.toString());
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("warm-up: cannot delete {}: {}", dir, e.toString());
        }
    }
}
