package dev.cairn.gui;

import dev.cairn.sandbox.SandboxConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import org.testfx.api.FxRobot;

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

    /** Switches the window's language as its menu does: the item of {@code locale} in {@code #language}. */
    static void chooseLanguage(FxRobot robot, Locale locale) {
        MenuItem item = languageItems(robot).stream().filter(i -> locale.equals(i.getUserData())).findFirst()
                .orElseThrow(() -> new AssertionError("no language item for " + locale));
        robot.interact(item::fire);
    }

    /** The language the window's menu marks as chosen. */
    static Locale chosenLanguage(FxRobot robot) {
        return languageItems(robot).stream().filter(i -> ((RadioMenuItem) i).isSelected()).map(i -> (Locale) i.getUserData())
                .findFirst().orElseThrow(() -> new AssertionError("no language chosen"));
    }

    private static List<MenuItem> languageItems(FxRobot robot) {
        return robot.lookup("#language").queryAs(MenuButton.class).getItems();
    }
}
