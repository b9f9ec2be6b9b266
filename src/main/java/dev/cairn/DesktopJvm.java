package dev.cairn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JVM options the desktop app runs with, and the relaunch that applies them when the app is
 * opened as {@code java -jar cairn.jar} (the installers' launchers pass them themselves).
 *
 * <p>Why a relaunch: the options are HotSpot flags that cannot change once the JVM runs, and a
 * jar's manifest cannot carry them. They keep the FX thread fed on a two-core laptop while an apply
 * runs (docs/benchmarks.md has the figures):
 * <ul>
 *   <li>{@code -XX:TieredStopAtLevel=1} (C1 only): C2 compiling the SDK's, the engine's and the
 *       Sandbox's code kept a core busy (longest pulse gap 150–220 ms with C2, 60–120 ms without
 *       it). A desktop app waiting on AWS gains nothing from C2's peak speed.
 *   <li>{@code -XX:+UseZGC}: G1 stopped every thread for 10–27 ms young collections while the
 *       first apply allocated, and such a pause in a frame that was already late was the last
 *       cause of gaps over 50 ms (3 first applies in 22); ZGC collects concurrently, with pauses
 *       under a millisecond (no first apply over 50 ms in 11). The price is the resident figure
 *       people see: ZGC maps its heap three times and Linux counts each mapping (568 MB for the
 *       app just opened against 373 MB with G1, for about the same memory really in use).
 *   <li>{@code -Xms64m}: ZGC commits its whole initial heap before {@code main}, and by default
 *       that is 1/64 of the machine's memory: 384 MB took about 35 ms on a 24 GB machine. It grows
 *       the heap as the app needs it.
 *   <li>On Linux, thread priorities: HotSpot ignores them there unless
 *       {@code -XX:ThreadPriorityPolicy=1}. With it, Java priority 1 (the app's background work,
 *       see {@code UiTaskExecutor}) and the JIT compiler threads run at nice 10, and priorities
 *       6–10 stay at nice 0, so a root user gets what everyone else gets (only root may go below
 *       0). The first apply after launch loads and compiles most of the SDK: with every thread
 *       equal that took both cores and the FX thread got a fraction of one (longest gaps 64–101
 *       ms); at nice 10 the same work yields to it (32–63 ms in the same runs).
 * </ul>
 * A line of the options file that starts with {@code linux:} applies on Linux only: elsewhere
 * those numbers would mean other things (Windows has its own priority scale, and honours Java
 * priorities without a flag).
 *
 * <p>The parent JVM only waits: it forwards its exit code, and a SIGTERM or Ctrl+C it receives
 * reaches the app as its own SIGTERM (the app then cancels a run cleanly, as it would itself). It
 * stays light, because the user waits for it before the app's JVM even starts: JDK classes only
 * (no logging framework, no JavaFX, no SDK), its one warning on {@code System.err}. Its classes
 * are all in the launcher jar ({@code target/cairn.jar}, with the app's jar on its
 * {@code Class-Path}), so it never opens the app's jar of 54,000 entries (pom.xml), and it reads
 * its own options from {@code /proc} on Linux rather than through java.management. Its path has
 * no lambdas, streams or regular expressions: in a fresh JVM the first of each spins classes at
 * run time (the JDK's class-file writer, method handles), 40–60 ms before the app's JVM was
 * started (docs/benchmarks.md, StartBenchmark). ({@code +} on strings would too, but the build
 * compiles it to {@code StringBuilder} calls, pom.xml.)
 *
 * <p>Class data sharing: when the jar has an AppCDS archive beside it ({@value #ARCHIVE_NAME},
 * made at {@code mvn package}), the app's JVM maps the classes a start loads from it instead of
 * reading and verifying them from the jar (docs/benchmarks.md, StartBenchmark). Always with
 * {@code -Xshare:auto}: a missing, stale or mismatched archive (another JDK, a rebuilt jar) is
 * ignored by the JVM and the app starts as without it. {@code -Dcairn.cds=false} leaves it out.
 */
public final class DesktopJvm {

    static final String OPTIONS_RESOURCE = "/dev/cairn/desktop-jvm.options";
    /** Set to {@code false} to open the app in this JVM as it is (the relaunched JVM sets it). */
    static final String RELAUNCH_PROPERTY = "cairn.relaunch";

    /** The AppCDS archive's file name, beside the jar. */
    static final String ARCHIVE_NAME = "cairn.jsa";
    /**
     * Maps the archive at the address it was made for instead of a random one. This JDK 17 build
     * (as JDK 21 does) defaults to {@code ArchiveRelocationMode=1}, which maps every archive at
     * another address and then rewrites each pointer in it: for the app's archive (about 100 MB,
     * 11,000 classes) that took 0.4 s before {@code main} on this machine, most of what the
     * archive saves. With mode 0 the JVM relocates only when the address is taken. A diagnostic
     * flag, hence the unlock; both exist in every JDK from 14 on.
     */
    static final List<String> MAP_AT_ITS_ADDRESS = List.of("-XX:+UnlockDiagnosticVMOptions",
            "-XX:ArchiveRelocationMode=0");

    /** Set to {@code false} to relaunch without the archive (the start benchmark's comparison). */
    static final String CDS_PROPERTY = "cairn.cds";

    /** Marks a line of the options file that applies on Linux only. */
    static final String LINUX_PREFIX = "linux:";
    /** How long the exiting parent waits for the rest of the child's error output. */
    static final Duration ERRORS_DRAIN = Duration.ofSeconds(2);

    /**
     * What HotSpot prints on every start when {@code -XX:ThreadPriorityPolicy=1} is given and the
     * user is not root. It says priorities may not change; the app only lowers them, which any
     * user may, so the relaunch drops the line rather than send people looking for root.
     */
    static final String PRIORITY_POLICY_WARNING = "-XX:ThreadPriorityPolicy=1 may require system level permission";

    private DesktopJvm() {}

    /**
     * The options from {@value #OPTIONS_RESOURCE} for this operating system: one or more per line,
     * {@code #} starts a comment, {@value #LINUX_PREFIX} marks Linux-only lines.
     */
    public static List<String> options() {
        try (InputStream in = DesktopJvm.class.getResourceAsStream(OPTIONS_RESOURCE)) {
            if (in == null) {
                return List.of();
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), isLinux(System.getProperty("os.name")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isLinux(String osName) {
        return osName != null && osName.toLowerCase(Locale.ROOT).startsWith("linux");
    }

    static List<String> parse(String text, boolean linux) {
        List<String> out = new ArrayList<>();
        // Line by line and word by word without regular expressions or lambdas: the relaunch's
        // parent runs this, and their first use would cost it tens of milliseconds (see above).
        BufferedReader lines = new BufferedReader(new java.io.StringReader(text));
        for (String line = readLine(lines); line != null; line = readLine(lines)) {
            String t = line.strip();
            if (t.startsWith(LINUX_PREFIX)) {
                if (!linux) {
                    continue;
                }
                t = t.substring(LINUX_PREFIX.length()).strip();
            }
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            for (java.util.StringTokenizer words = new java.util.StringTokenizer(t); words.hasMoreTokens();) {
                out.add(words.nextToken());
            }
        }
        return out;
    }

    private static String readLine(BufferedReader lines) {
        try {
            return lines.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the child JVM's error output to {@code out} line by line, without HotSpot's
     * {@linkplain #PRIORITY_POLICY_WARNING priority warning}; returns at the end of the stream.
     */
    static void copyErrors(InputStream in, PrintStream out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.contains(PRIORITY_POLICY_WARNING)) {
                out.println(line);
            }
        }
        out.flush();
    }

    /** The desktop options this JVM was not started with (none when it runs as the app does). */
    public static List<String> lacking() {
        return missing(options(), currentOptions());
    }

    /** Where Linux links a process's executable. */
    static final Path PROC_EXE = Path.of("/proc/self/exe");

    /**
     * This JVM's {@code java} executable: on Linux where {@code /proc/self/exe} links, as
     * {@code ProcessHandle.Info.command()} finds it there too (whose first use spins lambda
     * classes, about 7 ms of the relaunch's parent); elsewhere from {@code ProcessHandle}, so a
     * {@code javaw} stays one; the runtime's {@code bin/java} when neither answers.
     */
    static String javaCommand() {
        Optional<Path> exe = procExe();
        if (exe.isPresent()) {
            return exe.get().toString();
        }
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The executable {@code /proc/self/exe} links to, on Linux; empty on other systems, or where
     * it cannot be read (a sandbox without {@code /proc}), and the callers ask the JDK instead.
     */
    private static Optional<Path> procExe() {
        if (!isLinux(System.getProperty("os.name"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readSymbolicLink(PROC_EXE));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Where Linux shows a process's command line: its arguments, each ended by a NUL byte. */
    static final Path PROC_CMDLINE = Path.of("/proc/self/cmdline");

    /**
     * Launcher options followed by a value of their own (the class path's are left out, see
     * {@link #launcherOptions}).
     */
    static final List<String> TAKES_A_VALUE = List.of("-p", "--module-path", "--upgrade-module-path",
            "--add-modules", "--limit-modules", "--add-reads", "--add-exports", "--add-opens", "--patch-module",
            "--enable-native-access");
    /** The class path's options, which the relaunch replaces with its own. */
    static final List<String> CLASS_PATH_OPTIONS = List.of("-cp", "-classpath", "--class-path");

    /**
     * The options this JVM was started with, as {@code RuntimeMXBean.getInputArguments} gives
     * them. On Linux, when the runtime's {@code java} started it ({@link #isJavaLauncher}), they
     * are read from its command line: the bean loads java.management and its native library
     * first, about 25 ms of the relaunch's parent before the app's JVM is started
     * (docs/benchmarks.md). Otherwise, or when the command line cannot be read, the bean answers.
     * Options from {@code JDK_JAVA_OPTIONS} are then not among them, but a relaunched JVM gets
     * that variable, and so the options, again.
     */
    static List<String> currentOptions() {
        Optional<Path> exe = procExe();
        if (exe.isPresent() && isJavaLauncher(exe.get(), System.getProperty("java.home"))) {
            try {
                List<String> options = launcherOptions(arguments(Files.readAllBytes(PROC_CMDLINE)));
                if (options != null) {
                    return options;
                }
            } catch (IOException e) {
                // No command line to read: the bean below answers.
            }
        }
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    /**
     * Whether {@code executable} is the {@code java} launcher of the runtime at {@code javaHome}:
     * only then does the command line hold the JVM's options. An installer's launcher (jpackage's)
     * is an executable of its own that creates the JVM in its process and hands it the options
     * directly: its command line has none of them.
     */
    static boolean isJavaLauncher(Path executable, String javaHome) {
        if (javaHome == null) {
            return false;
        }
        Path bin = Path.of(javaHome, "bin");
        return executable.equals(bin.resolve("java")) || executable.equals(bin.resolve("javaw"));
    }

    /** The NUL-ended arguments of {@code /proc/self/cmdline}'s content, in order. */
    static List<String> arguments(byte[] cmdline) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                out.add(new String(cmdline, start, i - start, java.nio.charset.Charset.defaultCharset()));
                start = i + 1;
            }
        }
        if (start < cmdline.length) {
            out.add(new String(cmdline, start, cmdline.length - start, java.nio.charset.Charset.defaultCharset()));
        }
        return out;
    }

    /**
     * The JVM options of a {@code java} command line ({@code argv[0]} first): everything before
     * {@code -jar}, the main class or a module to run, without the class path (the relaunch gives
     * its own). Null when an {@code @argfile} holds some of them: only the launcher knows what it
     * says (the class path, the main class), and the management bean has it expanded.
     */
    static List<String> launcherOptions(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.startsWith("@")) {
                return null;
            }
            if (arg.equals("-jar") || arg.equals("-m") || arg.equals("--module") || arg.startsWith("--module=")
                    || !arg.startsWith("-")) {
                break;
            }
            if (CLASS_PATH_OPTIONS.contains(arg)) {
                i++;
            } else if (!arg.startsWith("--class-path=")) {
                out.add(arg);
                if (TAKES_A_VALUE.contains(arg) && i + 1 < argv.size()) {
                    i++;
                    out.add(argv.get(i));
                }
            }
        }
        return out;
    }

    /** The options of {@code wanted} that this JVM was not started with. */
    static List<String> missing(List<String> wanted, List<String> current) {
        List<String> out = new ArrayList<>();
        for (String option : wanted) {
            if (!current.contains(option)) {
                out.add(option);
            }
        }
        return out;
    }

    /**
     * The command that starts the app again in a JVM with every option: the same Java, the same
     * class path and the options this JVM was given, with the relaunch switched off.
     */
    static List<String> command(String java, List<String> options, List<String> current, String classPath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(options);
        if (Boolean.parseBoolean(System.getProperty(CDS_PROPERTY, "true"))) {
            cmd.addAll(archiveOptions(classPath, current));
        }
        cmd.addAll(current);
        cmd.add("-D".concat(RELAUNCH_PROPERTY).concat("=false"));
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Main.class.getName());
        return cmd;
    }

    /**
     * The options that use the AppCDS archive beside the class path's one jar, when it is there
     * and this JVM was not told about sharing already; none otherwise.
     */
    static List<String> archiveOptions(String classPath, List<String> current) {
        if (classPath == null || classPath.isEmpty() || classPath.contains(java.io.File.pathSeparator)) {
            return List.of();
        }
        for (String option : current) {
            if (option.startsWith("-Xshare") || option.startsWith("-XX:SharedArchiveFile")) {
                return List.of();
            }
        }
        Path dir = Path.of(classPath).toAbsolutePath().getParent();
        Path archive = dir == null ? null : dir.resolve(ARCHIVE_NAME);
        if (archive == null || !Files.isRegularFile(archive)) {
            return List.of();
        }
        return useArchive(archive.toString());
    }

    /**
     * The options that map the AppCDS archive {@code archive}: at the address it was made for
     * ({@link #MAP_AT_ITS_ADDRESS}), never required ({@code -Xshare:auto}).
     */
    public static List<String> useArchive(String archive) {
        List<String> out = new ArrayList<>(MAP_AT_ITS_ADDRESS);
        out.add("-XX:SharedArchiveFile=".concat(archive));
        out.add("-Xshare:auto");
        return out;
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
        List<String> current = currentOptions();
        List<String> missing = missing(options(), current);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String java = javaCommand();
        List<String> cmd = command(java, missing, current, System.getProperty("java.class.path"));
        Process child;
        try {
            child = new ProcessBuilder(cmd).inheritIO().redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            System.err.println("Could not start the app's JVM with " + missing + "; opening it in this one: "
                    + e.getMessage());
            return Optional.empty();
        }
        Thread errors = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    copyErrors(child.getErrorStream(), System.err);
                } catch (IOException e) {
                    // The child closed its end as it exited; nothing more to copy.
                }
            }
        }, "cairn-relaunch-errors");
        errors.setDaemon(true);
        errors.start();
        Thread forward = new Thread(new Runnable() {
            @Override
            public void run() {
                if (child.isAlive()) {
                    child.destroy();
                    try {
                        child.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }, "cairn-relaunch-forward");
        Runtime.getRuntime().addShutdownHook(forward);
        try {
            int exit = child.waitFor();
            // The child's last words (a crash report, say) may still be in the pipe.
            errors.join(ERRORS_DRAIN.toMillis());
            return Optional.of(exit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroy();
            return Optional.of(1);
        }
    }
}
