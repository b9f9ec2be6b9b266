package dev.cairn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM options the desktop app runs with, and the relaunch that applies them when the app is
 * opened as {@code java -jar cairn.jar} (the installers' launchers pass them themselves).
 *
 * <p>Why a relaunch: the options are HotSpot flags that cannot change once the JVM runs, and a
 * jar's manifest cannot carry them. The one that matters is {@code -XX:TieredStopAtLevel=1}
 * (C1 only): while an apply runs, C2 compiling the SDK's, the engine's and the Sandbox's code kept
 * one of a two-core laptop's cores busy and the FX thread missed frames (longest pulse gap 150–220
 * ms with C2, 60–120 ms without it, see docs/benchmarks.md). A desktop app waiting on AWS gains
 * nothing from C2's peak speed.
 *
 * <p>The parent JVM only waits: it forwards its exit code, and a SIGTERM or Ctrl+C it receives
 * reaches the app as its own SIGTERM (the app then cancels a run cleanly, as it would itself).
 */
public final class DesktopJvm {

    private static final Logger LOG = LoggerFactory.getLogger(DesktopJvm.class);

    static final String OPTIONS_RESOURCE = "/dev/cairn/desktop-jvm.options";
    /** Set to {@code false} to open the app in this JVM as it is (the relaunched JVM sets it). */
    static final String RELAUNCH_PROPERTY = "cairn.relaunch";

    private DesktopJvm() {}

    /** The options from {@value #OPTIONS_RESOURCE}: one or more per line, {@code #} starts a comment. */
    public static List<String> options() {
        try (InputStream in = DesktopJvm.class.getResourceAsStream(OPTIONS_RESOURCE)) {
            if (in == null) {
                return List.of();
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            out.addAll(Arrays.asList(t.split("\\s+")));
        }
        return out;
    }

    /** The desktop options this JVM was not started with (none when it runs as the app does). */
    public static List<String> lacking() {
        return missing(options(), ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** The options of {@code wanted} that this JVM was not started with. */
    static List<String> missing(List<String> wanted, List<String> current) {
        return wanted.stream().filter(o -> !current.contains(o)).toList();
    }

    /**
     * The command that starts the app again in a JVM with every option: the same Java, the same
     * class path and the options this JVM was given, with the relaunch switched off.
     */
    static List<String> command(String java, List<String> options, List<String> current, String classPath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(options);
        cmd.addAll(current);
        cmd.add("-D" + RELAUNCH_PROPERTY + "=false");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Main.class.getName());
        return cmd;
    }

    /**
     * Runs the app in a JVM with the desktop options when this one lacks them, and returns its exit
     * code; empty when this JVM should open the app itself (it has them, the relaunch is off, or
     * the child could not start).
     */
    static Optional<Integer> relaunchIfNeeded() {
        if (!Boolean.parseBoolean(System.getProperty(RELAUNCH_PROPERTY, "true"))) {
            return Optional.empty();
        }
        List<String> current = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> missing = missing(options(), current);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = command(java, missing, current, System.getProperty("java.class.path"));
        Process child;
        try {
            child = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException e) {
            LOG.warn("Could not start the app's JVM with {}; opening it in this one: {}", missing, e.getMessage());
            return Optional.empty();
        }
        Thread forward = new Thread(() -> {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "cairn-relaunch-forward");
        Runtime.getRuntime().addShutdownHook(forward);
        try {
            return Optional.of(child.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroy();
            return Optional.of(1);
        }
    }
}
