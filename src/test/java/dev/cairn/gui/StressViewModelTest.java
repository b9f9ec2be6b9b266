package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The Stress toggle: what it sends, what it says, where it shows. */
class StressViewModelTest {

    record Sent(TargetChoice target, String stack, int cpu) {}

    final List<Sent> sent = new ArrayList<>();
    StressViewModel.Context context = new StressViewModel.Context(TargetChoice.SANDBOX, "demo", 0.1, true);

    StressViewModel vm(StressViewModel.Load load) {
        return new StressViewModel(new CurrentThreadTaskExecutor(), load, () -> context);
    }

    StressViewModel.Load recording() {
        return (target, stack, cpu) -> {
            sent.add(new Sent(target, stack, cpu));
            return List.of("demo-web");
        };
    }

    @Test
    void toggle_inTheSandbox_putsTheLoadOnThenTakesItOff() {
        StressViewModel vm = vm(recording());
        vm.refresh();

        vm.toggle();
        assertThat(vm.onProperty().get()).isTrue();
        vm.toggle();

        assertThat(sent).containsExactly(new Sent(TargetChoice.SANDBOX, "demo", StressViewModel.STRESS_CPU),
                new Sent(TargetChoice.SANDBOX, "demo", 0));
        assertThat(vm.onProperty().get()).isFalse();
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void toggle_whenOn_saysWhatItDidAndWhenTheGroupScalesAtTheSandboxPace() {
        StressViewModel vm = vm(recording());

        vm.toggle();

        // Three one-minute datapoints at a tenth of AWS's pace: 18 s.
        assertThat(vm.statusProperty().get()).isEqualTo(Problem.of("web.stress.on", "demo-web", "99", "18"));
        assertThat(new Messages(Locale.ENGLISH).i18n("web.stress.on", "demo-web", "99", "18"))
                .contains("demo-web now report 99 % CPU").contains("after about 18 s").contains("Sandbox's pace");
        vm.toggle();
        // Fifteen quiet datapoints at a tenth of AWS's pace: 90 s.
        assertThat(vm.statusProperty().get()).isEqualTo(Problem.of("web.stress.off", "demo-web", "90"));
    }

    @Test
    void toggle_whenTheSandboxRefuses_staysOffAndSaysWhy() {
        StressViewModel vm = vm((target, stack, cpu) -> {
            throw new java.io.IOException("no Auto Scaling group is tagged cairn:stack=demo");
        });

        vm.toggle();

        assertThat(vm.onProperty().get()).isFalse();
        assertThat(vm.statusProperty().get())
                .isEqualTo(Problem.of("web.stress.failed", "no Auto Scaling group is tagged cairn:stack=demo"));
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void refresh_inAws_hidesTheButtonAndNeverSends() {
        context = new StressViewModel.Context(new TargetChoice("dev", false), "demo", 1, true);
        StressViewModel vm = vm(recording());

        vm.refresh();
        vm.toggle();

        assertThat(vm.sandboxProperty().get()).isFalse();
        assertThat(vm.disabledBinding().get()).isTrue();
        assertThat(sent).isEmpty();
    }

    @Test
    void refresh_withoutAGroupYet_disablesTheButton() {
        context = new StressViewModel.Context(TargetChoice.SANDBOX, "demo", 0, false);
        StressViewModel vm = vm(recording());

        vm.refresh();
        vm.toggle();

        assertThat(vm.sandboxProperty().get()).isTrue();
        assertThat(vm.availableProperty().get()).isFalse();
        assertThat(vm.disabledBinding().get()).isTrue();
        assertThat(sent).isEmpty();
    }

    @Test
    void seconds_atTheInstantPace_isZero() {
        assertThat(StressViewModel.seconds(StressViewModel.SCALE_OUT_AFTER, 0)).isEqualTo("0");
        assertThat(StressViewModel.seconds(StressViewModel.SCALE_OUT_AFTER, 1)).isEqualTo("180");
    }
}
