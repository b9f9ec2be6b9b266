package dev.cairn.gui;

import dev.cairn.sandbox.SandboxConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Builds the app's model for tests: a temp Cairn home, an embedded instant Sandbox, no AWS profiles. */
final class GuiFixtures {

    private GuiFixtures() {}

    static TargetHolder sandbox(Path home) {
        return new TargetHolder(home.resolve("sandbox"), SandboxConfig.instant());
    }

    static AppModel model(Path home, TaskExecutor executor, Targets targets) {
        return new AppModel(home, Settings.defaults(), executor, targets, List.of(), () -> false, Clock.systemUTC());
    }

    static AccountViewModel sandboxAccount(TaskExecutor executor, Targets targets) {
        return new AccountViewModel(executor, targets, List.of(), () -> false, null, "ap-northeast-2");
    }
}
