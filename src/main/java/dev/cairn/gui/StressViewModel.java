package dev.cairn.gui;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The Stress button of the Web tier page, for practice in the Sandbox: it toggles the load the
 * stack's Auto Scaling instances report ({@code POST /_sandbox/load}, {@value #STRESS_CPU} % or 0),
 * off the FX thread, and says what it did and what to watch. In AWS there is no such call; the
 * button is hidden and the page says how to stress an instance through the bastion.
 */
public final class StressViewModel {

    /** The CPU the guide's {@code stress} drives an instance to: well above any target. */
    public static final int STRESS_CPU = 99;
    /**
     * A target tracking policy's AlarmHigh fires after 3 consecutive one-minute datapoints above
     * the target (AWS's alarm), then the group launches.
     */
    public static final Duration SCALE_OUT_AFTER = Duration.ofMinutes(3);
    /** Its AlarmLow after 15 consecutive one-minute datapoints below 90 % of the target. */
    public static final Duration SCALE_IN_AFTER = Duration.ofMinutes(15);

    /** Sets the load of a stack's groups; answers the groups it set (a blocking call). */
    @FunctionalInterface
    public interface Load {
        List<String> set(TargetChoice target, String stack, int cpu) throws Exception;
    }

    /** What the page knows when the button is pressed: where, which stack, how fast time runs. */
    public record Context(TargetChoice target, String stack, double timeScale, boolean hasGroup) {}

    private final TaskExecutor executor;
    private final Load load;
    private final Supplier<Context> context;
    private final ReadOnlyBooleanWrapper on = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper sandbox = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyObjectWrapper<Problem> status = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding disabled;

    /**
     * @param context read on the FX thread at each press and {@link #refresh()}: the target
     *     chosen, the open stack, the Sandbox's time scale (0: instant) and whether the stack's
     *     state has an Auto Scaling group
     */
    public StressViewModel(TaskExecutor executor, Load load, Supplier<Context> context) {
        this.executor = executor;
        this.load = load;
        this.context = context;
        this.disabled = Bindings.createBooleanBinding(() -> busy.get() || !available.get(), busy, available);
    }

    /** Follows the page's world: the target (the button shows only in the Sandbox) and whether a group exists. */
    public void refresh() {
        Context c = context.get();
        boolean inSandbox = c.target() == null || c.target().isSandbox();
        sandbox.set(inSandbox);
        available.set(inSandbox && c.hasGroup() && c.stack() != null);
        if (!available.get() && !busy.get()) {
            on.set(false);
        }
    }

    /** Puts the load on, or takes it off; says what it did once the Sandbox has answered. */
    public void toggle() {
        refresh();
        Context c = context.get();
        if (busy.get() || !available.get()) {
            return;
        }
        int cpu = on.get() ? 0 : STRESS_CPU;
        busy.set(true);
        status.set(Problem.of(cpu > 0 ? "web.stress.starting" : "web.stress.stopping"));
        String stack = c.stack();
        TargetChoice target = c.target();
        executor.execute(BackgroundTask.wrap(() -> load.set(target, stack, cpu)).onSuccess(groups -> {
            on.set(cpu > 0);
            String names = String.join(", ", groups);
            status.set(cpu > 0
                    ? Problem.of("web.stress.on", names, String.valueOf(cpu), seconds(SCALE_OUT_AFTER, c.timeScale()))
                    : Problem.of("web.stress.off", names, seconds(SCALE_IN_AFTER, c.timeScale())));
        }).onFailure(e -> status.set(Problem.of("web.stress.failed", String.valueOf(e.getMessage()))))
                .onFinished(() -> busy.set(false)));
    }

    /** A real-AWS wait as the Sandbox plays it, in whole seconds (0 at the instant pace: at the next read). */
    static String seconds(Duration real, double timeScale) {
        return String.valueOf(Math.round(real.toMillis() * timeScale / 1000.0));
    }

    /** Whether the load is on (the button reads "Stop stress"). */
    public ReadOnlyBooleanProperty onProperty() {
        return on.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Whether the target is the Sandbox: the button is shown; else the page's AWS instructions are. */
    public ReadOnlyBooleanProperty sandboxProperty() {
        return sandbox.getReadOnlyProperty();
    }

    /** Whether there is a group to stress (the stack has been applied with the Web tier). */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public BooleanBinding disabledBinding() {
        return disabled;
    }

    /** What the last press did and what to watch, or why it failed; null before any. */
    public ReadOnlyObjectProperty<Problem> statusProperty() {
        return status.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "StressViewModel[on=" + on.get() + ", status=" + Objects.toString(status.get()) + "]";
    }
}
