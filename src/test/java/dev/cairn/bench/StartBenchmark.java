package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.StartReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time to a window: the packaged jar started as a user starts it, N rounds, each variant in turn
 * within a round so load from other work on the machine falls on all of them alike.
 *
 * <pre>
 * mvn -o -q -DskipTests package     # target/cairn.jar and target/cairn.jsa
 * mvn -B test -Dgroups=bench -DexcludedGroups=aws -Dtest=StartBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 *     [-Dcairn.bench.start.rounds=5] [-Dcairn.bench.start.baseline=/path/to/an/older/cairn.jar]
 * </pre>
 *
 * Variants: {@code relaunch} is {@code java -jar cairn.jar} (the parent JVM relaunches the app
 * with {@code DesktopJvm}'s options); {@code direct} is what the installers' launchers run, the
 * options given at once. Each with the AppCDS archive beside the jar ({@code cds}) and without it
 * ({@code -Dcairn.cds=false} for the relaunch, no {@code -XX:SharedArchiveFile} for direct). A
 * baseline jar (an older build) runs as {@code base-relaunch} and {@code base-direct}, without CDS,
 * and, when that build's {@code cairn.jsa} is beside it, with it ({@code base-relaunch+cds}: its own
 * relaunch; {@code base-direct+cds}: the archive mapped at its address, as this build's launchers do).
 *
 * <p>Each launch gets its own report file ({@link StartReport}): the figures are from the moment
 * before the benchmark starts the process to the app's {@code shown}, {@code interactive} (the
 * first pulse after show and a {@code runLater} round trip), {@code painted} (that first frame
 * painted by the render thread), {@code complete} (the diagram and the
 * activity list, added after the first frame, laid out) and {@code ready} (the badge no longer
 * says starting: profiles read, the Sandbox started and checked). Then the process is sent
 * SIGTERM. A display is needed: {@code $DISPLAY}, else an {@code Xvfb} the benchmark starts.
 * The environment is hermetic: a temp Cairn home whose settings choose the Sandbox, and AWS files
 * with one profile of made-up keys (so the profile and credential lookups run as for a user who
 * has them). One launch per variant first, not counted, creates the home's first stack and Sandbox
 * data and warms the page cache.
 *
 * <p>Writes {@code target/bench/start.txt}. Asserts only that every launch reaches ready.
 */
@Tag("bench")
class StartBenchmark {

    static final int ROUNDS = Integer.getInteger("cairn.bench.start.rounds", 5);
    /**
     * Far beyond any start seen (5 s before this work on an idle machine; 20-40 s with a load of 20
     * on its two cores): a launch that takes longer has hung.
     */
    static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(180);
    static final Duration POLL = Duration.ofMillis(20);
    static final Path JAR = Path.of("target", "cairn.jar");
    static final Path ARCHIVE = Path.of("target", "cairn.jsa");

    @TempDir
    Path dir;

    /** {@code direct}: the options given at once; {@code archive}: the options that map its AppCDS archive, none without. */
    record Variant(String name, Path jar, boolean relaunch, List<String> archive) {
        boolean cds() {
            return !archive.isEmpty();
        }
    }

    /**
     * Milliseconds from the launch; {@code complete} is -1 for a build that does not report it;
     * {@code cpuToInteractive}: CPU milliseconds the launch's JVMs had used by then.
     */
    record Times(long shown, long interactive, long painted, long complete, long ready, long cpuToInteractive) {}

    @Test
    void startToWindow() throws Exception {
        assertThat(JAR).as("run `mvn -DskipTests package` first").exists();
        List<Variant> variants = new ArrayList<>();
        Optional<Path> baseline = Optional.ofNullable(System.getProperty("cairn.bench.start.baseline")).map(Path::of);
        baseline.ifPresent(b -> {
            variants.add(new Variant("base-relaunch", b, true, List.of()));
            variants.add(new Variant("base-direct", b, false, List.of()));
            // An older build's own archive, beside it, mapped as this build's launchers map theirs
            // (the builds this is compared with, from 2daad47 on, did the same).
            Path archive = b.toAbsolutePath().resolveSibling(ARCHIVE.getFileName());
            if (Files.exists(archive)) {
                List<String> old = dev.cairn.DesktopJvm.useArchive(archive.toString());
                variants.add(new Variant("base-relaunch+cds", b, true, old));
                variants.add(new Variant("base-direct+cds", b, false, old));
            }
        });
        List<String> archive = dev.cairn.DesktopJvm.useArchive(ARCHIVE.toAbsolutePath().toString());
        variants.add(new Variant("relaunch", JAR, true, List.of()));
        variants.add(new Variant("relaunch+cds", JAR, true, archive));
        variants.add(new Variant("direct", JAR, false, List.of()));
        variants.add(new Variant("direct+cds", JAR, false, archive));
        if (!Files.exists(ARCHIVE)) {
            variants.removeIf(v -> v.cds() && v.jar().equals(JAR));
        }

        Process xvfb = null;
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            display = ":" + (90 + (ProcessHandle.current().pid() % 9));
            xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1440x900x24")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("xvfb.log").toFile()).start();
            Thread.sleep(1000);
            assertThat(xvfb.isAlive()).as("Xvfb on " + display).isTrue();
        }
        String load = uptime();
        Map<Variant, List<Times>> results = new LinkedHashMap<>();
        try {
            for (Variant v : variants) {
                launch(v, display, "warm");
                results.put(v, new ArrayList<>());
            }
            for (int round = 1; round <= ROUNDS; round++) {
                for (Variant v : variants) {
                    results.get(v).add(launch(v, display, "r" + round));
                }
            }
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
            }
        }
        String table = table(results, load + " → " + uptime());
        System.out.println(table);
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("start.txt"), table, StandardCharsets.UTF_8);
    }

    private Times launch(Variant v, String display, String label) throws Exception {
        Path home = dir.resolve("home-" + v.name());
        if (!Files.exists(home)) {
            Files.createDirectories(home);
            // A user who practises on the Sandbox: it is started and checked at every start.
            Files.writeString(home.resolve("settings.json"), "{\"target\":\"sandbox\",\"region\":\"ap-northeast-2\"}");
            Files.writeString(dir.resolve("aws-credentials"),
                    "[default]\naws_access_key_id = AKIAEXAMPLEEXAMPLE00\naws_secret_access_key = made-up-not-a-key\n");
            Files.writeString(dir.resolve("aws-config"), "[default]\nregion = ap-northeast-2\n");
        }
        Path report = dir.resolve("report-" + v.name() + "-" + label + ".txt");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!v.relaunch()) {
            cmd.addAll(dev.cairn.DesktopJvm.options());
            cmd.addAll(v.archive());
            cmd.add("-Dcairn.relaunch=false");
        } else if (!v.cds()) {
            cmd.add("-Dcairn.cds=false");
        }
        cmd.addAll(List.of("-Dprism.order=sw", "-Dcairn.home=" + home, "-D" + StartReport.PROPERTY + "=" + report,
                "-jar", v.jar().toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out-" + v.name() + "-" + label + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_CONFIG_FILE", dir.resolve("aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("aws-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("DISPLAY", display);
        long t0 = System.currentTimeMillis();
        Process p = pb.start();
        try {
            Instant deadline = Instant.now().plus(LAUNCH_TIMEOUT);
            Map<String, Long> marks = Map.of();
            long cpu = -1;
            while (Instant.now().isBefore(deadline) && p.isAlive()) {
                marks = read(report);
                if (cpu < 0 && marks.containsKey(StartReport.INTERACTIVE)) {
                    cpu = cpuMillis(p);
                }
                if (marks.containsKey(StartReport.READY) && marks.containsKey(StartReport.INTERACTIVE)) {
                    break;
                }
                Thread.sleep(POLL.toMillis());
            }
            assertThat(marks).as(v.name() + " " + label + " reached ready (see " + report + ")")
                    .containsKeys(StartReport.SHOWN, StartReport.INTERACTIVE, StartReport.READY);
            // A window completed after its first frame reports it before ready; an older build never.
            long complete = marks.containsKey(StartReport.COMPLETE) ? marks.get(StartReport.COMPLETE) - t0 : -1;
            long painted = marks.containsKey(StartReport.PAINTED) ? marks.get(StartReport.PAINTED) - t0 : -1;
            return new Times(marks.get(StartReport.SHOWN) - t0, marks.get(StartReport.INTERACTIVE) - t0, painted, complete,
                    marks.get(StartReport.READY) - t0, cpu);
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    /**
     * CPU time the launch's JVMs (the relaunch's parent and the app's) have used, read within a
     * {@link #POLL} of the mark: less sensitive to other work on the machine than wall time,
     * which the CPU time of every other process stretches.
     */
    private static long cpuMillis(Process p) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(p.toHandle()), p.descendants())
                .mapToLong(h -> h.info().totalCpuDuration().map(Duration::toMillis).orElse(0L)).sum();
    }

    /** The first time of each event in the report. */
    private static Map<String, Long> read(Path report) throws IOException {
        Map<String, Long> marks = new LinkedHashMap<>();
        if (!Files.exists(report)) {
            return marks;
        }
        for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length >= 2 && f[1].matches("\\d+")) {
                marks.putIfAbsent(f[0], Long.parseLong(f[1]));
            }
        }
        return marks;
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0] + " (1-min load)";
        } catch (IOException e) {
            return "load unknown";
        }
    }

    private static String table(Map<Variant, List<Times>> results, String load) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Time to a window, %d rounds, %d cores, Java %s, load %s%n", ROUNDS,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load));
        sb.append(String.format(Locale.ROOT, "%-18s %-30s %-30s %-30s %-30s %-30s %-30s%n", "variant",
                "shown s (median; all)", "interactive s (median; all)", "painted s (median; all)",
                "complete s (median; all)", "ready s (median; all)", "CPU s to interactive"));
        for (Map.Entry<Variant, List<Times>> e : results.entrySet()) {
            List<Times> t = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-18s %-30s %-30s %-30s %-30s %-30s %-30s%n", e.getKey().name(),
                    column(t.stream().mapToLong(Times::shown).toArray()),
                    column(t.stream().mapToLong(Times::interactive).toArray()),
                    t.stream().anyMatch(x -> x.painted() < 0) ? "-"
                            : column(t.stream().mapToLong(Times::painted).toArray()),
                    t.stream().anyMatch(x -> x.complete() < 0) ? "-"
                            : column(t.stream().mapToLong(Times::complete).toArray()),
                    column(t.stream().mapToLong(Times::ready).toArray()),
                    column(t.stream().mapToLong(Times::cpuToInteractive).toArray())));
        }
        return sb.toString();
    }

    private static String column(long[] millis) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        StringBuilder all = new StringBuilder();
        for (long m : millis) {
            all.append(all.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", m / 1000.0));
        }
        return String.format(Locale.ROOT, "%.2f; %s", median / 1000.0, all);
    }
}
