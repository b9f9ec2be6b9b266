package dev.cairn.gui;

import dev.cairn.app.CairnHome;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import javafx.application.Platform;
import org.slf4j.LoggerFactory;

/**
 * What the window shows that is not the window: the settings, the task executor, the targets and
 * the app's model with its last stack open, and the messages of its language. {@code Main} calls
 * {@link #begin} before {@code Application.launch}, so these are made on a thread of their own
 * while the JavaFX toolkit starts: on two cores the two overlap, where they used to follow each
 * other (the settings in {@code init}, the model on the FX thread before the window was built;
 * docs/benchmarks.md, StartBenchmark). The logging framework is set up there too, off the FX
 * thread. None of it touches the toolkit: the executor's callbacks wait in an {@link FxGate} that
 * {@link CairnApp} opens once the FX thread runs.
 */
public final class AppStart {

    /** What {@link CairnApp} starts from; made on the start thread, handed over through a future. */
    record Parts(Settings settings, FxGate gate, UiTaskExecutor executor, TargetHolder targets, AppModel model,
            Messages messages) {}

    /** The one made ahead of the launch; {@code null} when nothing began it (an embedding, a test). */
    private static volatile FutureTask<Parts> ahead;

    private AppStart() {}

    /**
     * Starts making the parts on a thread of its own, at normal priority (the window waits for
     * them). Once per JVM; call before {@code Application.launch(CairnApp.class)}.
     */
    public static synchronized void begin() {
        if (ahead != null) {
            return;
        }
        quietLoggingReplay();
        FutureTask<Parts> task = new FutureTask<>(AppStart::make);
        ahead = task;
        Thread t = new Thread(task, "cairn-start");
        t.setDaemon(true);
        t.start();
    }

    /** slf4j's own reports below this level are not printed ({@code org.slf4j.helpers.Reporter}). */
    static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    /**
     * Keeps slf4j's notice that it replayed early log lines off the terminal, unless the user set
     * its verbosity. The logging set-up runs on the model's thread while the toolkit starts, and
     * JavaFX logs its one warning at start (JavaFX from the class path) meanwhile: slf4j holds
     * that line until the set-up is done, prints it, and then says on stderr, in three lines, that
     * it did. Call before anything logs.
     */
    static void quietLoggingReplay() {
        if (System.getProperty(SLF4J_VERBOSITY) == null) {
            System.setProperty(SLF4J_VERBOSITY, "ERROR");
        }
    }

    /** The parts begun ahead, waiting for them if need be; else made now, on this thread. */
    static Parts take() {
        FutureTask<Parts> task;
        synchronized (AppStart.class) {
            task = ahead;
            ahead = null;
        }
        if (task == null) {
            return make();
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Parts make() {
        return make(CairnHome.root(), CairnHome.sandboxData(), Platform::runLater);
    }

    /** @param fx runs an action on the FX thread once the toolkit runs ({@code Platform::runLater}) */
    static Parts make(Path home, Path sandboxData, Executor fx) {
        // The logger is fetched here, not held in a static field: AppStart is loaded on the main
        // thread, before Application.launch, and the logging set-up the first logger runs (about
        // 0.1 s) would then delay the toolkit's start instead of overlapping with it.
        LoggerFactory.getLogger(AppStart.class).debug("preparing the window's model");
        Settings settings = Settings.load(home);
        FxGate gate = new FxGate(fx);
        UiTaskExecutor executor = new UiTaskExecutor(gate);
        TargetHolder targets = new TargetHolder(sandboxData, CairnApp.sandboxConfig(settings));
        AppModel model = new AppModel(home, settings, executor, targets, Clock.systemUTC());
        model.workspace().openInitial(settings.lastStack());
        return new Parts(settings, gate, executor, targets, model, new Messages(locale(settings)));
    }

    /** The language the window opens in: the remembered one, else the system's, if Cairn speaks it. */
    static Locale locale(Settings settings) {
        String lang = settings.language();
        return Messages.supported(lang == null ? Locale.getDefault() : Locale.forLanguageTag(lang));
    }
}
