package dev.cairn.gui;

import dev.cairn.engine.RunResult;
import java.util.Locale;

/** The typed events of the app's bus. */
public sealed interface AppEvent {

    /** A stack was opened (or created, or renamed) and is now the current one. */
    record StackOpened(String stack) implements AppEvent {}

    /** The user asked for another language; the scene is rebuilt, the stack kept. */
    record LanguageChanged(Locale locale) implements AppEvent {}

    /** An apply or teardown ended (successfully or not). */
    record RunFinished(RunKind kind, RunResult result) implements AppEvent {}

    /** What a run did. */
    enum RunKind { APPLY, TEARDOWN }
}
