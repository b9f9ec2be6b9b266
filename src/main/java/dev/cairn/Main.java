package dev.cairn;

import dev.cairn.cli.CairnCommand;
import dev.cairn.gui.AppStart;
import dev.cairn.gui.CairnApp;
import java.util.Optional;
import javafx.application.Application;

/**
 * Entry point: {@code cairn <verb> …} runs the command line; no arguments opens the desktop app.
 * The JavaFX Application class is deliberately not the jar's main class, so a fat jar starts
 * without the JavaFX launcher's module checks. The app runs in a JVM with {@link DesktopJvm}'s
 * options, relaunching once when started without them.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            StartReport.mark(StartReport.MAIN);
            Optional<Integer> relaunched = DesktopJvm.relaunchIfNeeded();
            if (relaunched.isPresent()) {
                System.exit(relaunched.get());
            }
            // The window's model is made while the toolkit starts (AppStart).
            AppStart.begin();
            Application.launch(CairnApp.class);
            return;
        }
        System.exit(CairnCommand.run(args));
    }
}
