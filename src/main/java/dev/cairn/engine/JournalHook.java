package dev.cairn.engine;

/**
 * Test seam called right after an intent is forced to disk and before the mutating call. Throwing
 * from it aborts the run the way a crash at that moment would: no outcome is journaled for that
 * address, and {@link Engine#apply} rethrows the exception once running calls have finished.
 */
@FunctionalInterface
public interface JournalHook {
    void afterIntent(JournalEntry intent);

    JournalHook NONE = intent -> {};
}
