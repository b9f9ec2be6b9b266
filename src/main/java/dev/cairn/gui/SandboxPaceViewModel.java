package dev.cairn.gui;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;

/**
 * The Sandbox's pace on the Account page. A new choice restarts the embedded Sandbox with it on a
 * background task ({@link Targets#reconfigureSandbox}: the running one is closed, its data saved,
 * and the next use starts it again on the same data), never while something uses it: while a run
 * or an account check holds it, the choice waits and is applied when they end.
 */
public final class SandboxPaceViewModel {

    private final TaskExecutor executor;
    private final Targets targets;
    private final Runnable afterRestart;
    private final ObjectProperty<SandboxPace> pace = new SimpleObjectProperty<>(this, "pace", SandboxPace.INSTANT);
    private final ReadOnlyObjectWrapper<SandboxPace> applied = new ReadOnlyObjectWrapper<>(this, "applied", SandboxPace.INSTANT);
    private final ReadOnlyBooleanWrapper changing = new ReadOnlyBooleanWrapper(this, "changing");
    private final List<ObservableBooleanValue> holds = new ArrayList<>();

    /** @param afterRestart runs on the FX thread once the Sandbox runs at the new pace (a check warms it up) */
    SandboxPaceViewModel(TaskExecutor executor, Targets targets, Runnable afterRestart) {
        this.executor = executor;
        this.targets = targets;
        this.afterRestart = afterRestart;
        pace.addListener((o, a, b) -> applyWhenFree());
    }

    /** The pace the Sandbox already runs at (remembered, and given to it at start): shown, not applied again. */
    public void restore(SandboxPace remembered) {
        applied.set(remembered);
        pace.set(remembered);
    }

    /** While {@code busy} holds, a new pace waits (a run, or a check, uses the Sandbox). */
    public void holdWhile(ObservableBooleanValue busy) {
        holds.add(busy);
        busy.addListener((o, a, b) -> applyWhenFree());
    }

    private boolean held() {
        return changing.get() || holds.stream().anyMatch(ObservableBooleanValue::get);
    }

    private void applyWhenFree() {
        SandboxPace wanted = pace.get();
        if (wanted == applied.get() || held()) {
            return;
        }
        changing.set(true);
        executor.execute(BackgroundTask.wrap(() -> {
            targets.reconfigureSandbox(wanted.config());
            return wanted;
        }).onSuccess(applied::set).onFinished(() -> {
            changing.set(false);
            if (pace.get() != applied.get()) {
                applyWhenFree();
            } else {
                afterRestart.run();
            }
        }));
    }

    /** The pace chosen on the page (and remembered). */
    public ObjectProperty<SandboxPace> paceProperty() {
        return pace;
    }

    /** The pace the Sandbox runs at now; differs from the chosen one while a run holds it. */
    public ReadOnlyObjectProperty<SandboxPace> appliedProperty() {
        return applied.getReadOnlyProperty();
    }

    /** True while the Sandbox is being restarted at a new pace: nothing may use it meanwhile. */
    public ReadOnlyBooleanProperty changingProperty() {
        return changing.getReadOnlyProperty();
    }
}
