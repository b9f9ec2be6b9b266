package dev.cairn.gui;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;

/**
 * Runs actions on the FX thread at the start of the next pulse (its animation phase, before the
 * scenes' CSS and layout), from any thread. With an {@link EventCoalescer} this makes a run's
 * updates one batch per frame: a drain scheduled by {@code Platform.runLater} runs as soon as the
 * FX thread is free, so a stream of engine events could drain several times between two pulses,
 * each batch redoing the activity list and the diagram for a picture only the next pulse shows.
 *
 * <p>Invariants: every action offered runs exactly once, on the FX thread, in the order offered;
 * an action offered while the pulse's actions run waits for the next pulse; the timer runs only
 * while actions wait (an idle window gets no extra pulses).
 */
final class NextPulse implements Executor {

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** True while the timer runs or is about to start: offers then only queue. */
    private final AtomicBoolean armed = new AtomicBoolean();
    private final Executor fx;

    /** Made on the FX thread at first use: an AnimationTimer needs the toolkit. FX thread only. */
    private AnimationTimer timer;

    private AnimationTimer timer() {
        if (timer == null) {
            timer = new Timer();
        }
        return timer;
    }

    private final class Timer extends AnimationTimer {
        @Override
        public void handle(long now) {
            armed.set(false);
            // Only what waited when the pulse began: an action offered by one of these waits a pulse.
            for (int n = queue.size(); n > 0; n--) {
                Runnable action = queue.poll();
                if (action == null) {
                    break;
                }
                action.run();
            }
            if (queue.isEmpty() && !armed.get()) {
                stop();
            } else {
                armed.set(true);
            }
        }
    }

    /** @param fx runs a task on the FX thread soon ({@code Platform::runLater}): starts the timer */
    NextPulse(Executor fx) {
        this.fx = fx;
    }

    @Override
    public void execute(Runnable action) {
        queue.add(action);
        if (armed.compareAndSet(false, true)) {
            // AnimationTimer.start belongs on the FX thread; starting a running timer does nothing.
            fx.execute(() -> timer().start());
        }
    }
}
