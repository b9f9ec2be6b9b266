package dev.cairn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Start-up timestamps for the start benchmark ({@code dev.cairn.bench.StartBenchmark}): with
 * {@code -Dcairn.startReport=<file>} each JVM of the desktop app appends one line per milestone,
 * {@code <event> <epoch millis> <pid>}; without the property it does nothing. Epoch milliseconds,
 * not {@code nanoTime}, because the benchmark that reads them is another process (and the relaunch
 * makes two). JDK only, so the parent JVM of the relaunch can mark {@link #MAIN} without loading
 * anything else.
 */
public final class StartReport {

    public static final String PROPERTY = "cairn.startReport";
    /** {@code main} was entered (once per JVM: the relaunch's parent, then the app's). */
    public static final String MAIN = "main";
    /** The stage's {@code WINDOW_SHOWN} event. */
    public static final String SHOWN = "shown";
    /**
     * The FX thread answers: the first pulse after the window was shown has laid out the scene,
     * and a {@code Platform.runLater} posted from another thread after that pulse has run.
     */
    public static final String INTERACTIVE = "interactive";
    /**
     * The first frame has been painted: the render thread, which paints a pulse after the FX
     * thread has laid it out, has finished it (a snapshot queued behind it has run).
     */
    public static final String PAINTED = "painted";
    /**
     * The parts the window opened without (the topology and the activity list) are in it and
     * have been laid out: the whole window is there.
     */
    public static final String COMPLETE = "complete";
    /** The badge stopped saying "starting": profiles read and the chosen target checked. */
    public static final String READY = "ready";

    private StartReport() {}

    public static boolean enabled() {
        return System.getProperty(PROPERTY) != null;
    }

    /** Appends {@code event} with the current time, when the report is on; a failed write is ignored (a benchmark aid). */
    public static void mark(String event) {
        String file = System.getProperty(PROPERTY);
        if (file == null) {
            return;
        }
        String line = new StringBuilder(event).append(' ').append(System.currentTimeMillis()).append(' ')
                .append(ProcessHandle.current().pid()).append('\n').toString();
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write the start report " + file + ": " + e.getMessage());
        }
    }
}
