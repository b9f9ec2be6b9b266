package dev.cairn.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Hands actions to the FX thread ({@code fx}, the app's {@code Platform::runLater}) once it is
 * {@linkplain #open() open}, and keeps them, in order, until then: the app's model is made while
 * the JavaFX toolkit is still starting ({@link AppStart}), and a background task it starts may
 * finish before there is an FX thread to take its callback ({@code runLater} would throw).
 *
 * <p>Invariant: actions reach {@code fx} in the order they were offered, those offered before the
 * opening first; each exactly once.
 */
final class FxGate implements Executor {

    private final Executor fx;
    /** Guarded by {@code this}; {@code null} once open. */
    private List<Runnable> waiting = new ArrayList<>();

    FxGate(Executor fx) {
        this.fx = fx;
    }

    /** Forwards under the lock, so an action offered during the opening cannot overtake a kept one. */
    @Override
    public synchronized void execute(Runnable action) {
        if (waiting != null) {
            waiting.add(action);
        } else {
            fx.execute(action);
        }
    }

    /** Forwards what waited, then lets every later action through at once. Call when the toolkit runs. */
    synchronized void open() {
        if (waiting == null) {
            return;
        }
        List<Runnable> kept = waiting;
        waiting = null;
        kept.forEach(fx::execute);
    }
}
