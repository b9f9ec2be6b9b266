package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.engine.StackStore;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Backends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The team flow a person walks, with a robot: Open stack, a team bucket typed, its stacks listed
 * with their lock holders (a stale one marked and removed after a confirmation naming its
 * holder), one opened, and the header naming where its state lives and who holds its lock. The
 * bucket is on the first backend serving S3 (the Sandbox once it does, else moto). Writes the
 * screenshots of these faces in both languages under {@code target/screenshots/}.
 */
class TeamStateFlowTest {

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private TeamBucketFixture team;
    private FxHarness app;

    @BeforeEach
    void open() throws Exception {
        AwsBackend backend = Backends.all().filter(b -> b.serves("s3")).findFirst().orElse(null);
        assumeThat(backend).as("a backend serving S3").isNotNull();
        team = new TeamBucketFixture(backend);
        app = new FxHarness(home, Locale.ENGLISH, team.targets);
        robot.interact(() -> app.model.workspace().account().regionProperty().set(TeamBucketFixture.REGION));
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            app.close();
        }
        if (team != null) {
            team.close();
        }
    }

    @Test
    void openFromTeamBucket_listsLockHoldersRemovesAStaleLockAndShowsTheHolderInTheHeader() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        team.stack("batch").close();
        team.staleLock("batch", Duration.ofMinutes(9));
        try (StackStore held = team.stack("shared")) {
            robot.clickOn("#stackMenu");
            robot.clickOn("#openStackItem");
            robot.clickOn("#openTeam");
            robot.clickOn("#teamLocation").write(team.location());
            robot.clickOn("#teamList");
            app.waitUntil(() -> vm.teamStacks().stacks().size() == 2);

            @SuppressWarnings("unchecked")
            TableView<TeamStack> table = robot.lookup("#teamStacks").queryAs(TableView.class);
            assertThat(table.getItems()).extracting(TeamStack::name).containsExactly("batch", "shared");
            assertThat(robot.lookup(".lock-stale").queryLabeled().getText()).startsWith("STALE").contains("alice", "build-7");
            assertThat(robot.lookup(".lock-held").queryLabeled().getText())
                    .contains(System.getProperty("user.name"), "apply");
            Node dialog = robot.lookup("#openStack").query();
            TeamStateScreenshotTest.capture(dialog.getScene().getRoot(), "team-open-list-en.png");

            // The stale lock: removed only after a confirmation that names its holder.
            robot.clickOn("batch");
            robot.clickOn("#teamUnlock");
            Label body = robot.lookup("#unlockBody").queryAs(Label.class);
            assertThat(body.getText()).contains("alice", "build-7", "apply");
            TeamStateScreenshotTest.capture(robot.lookup("#unlockConfirm").query().getScene().getRoot(), "team-unlock-en.png");
            robot.clickOn("#unlockOk");
            app.waitUntil(() -> !vm.teamStacks().loadingProperty().get()
                    && vm.teamStacks().stacks().stream().noneMatch(s -> s.lock() != null && s.lock().stale()));

            robot.clickOn("shared");
            robot.clickOn("#openOk");
            app.waitUntil(() -> "shared".equals(vm.stackProperty().get()) && !vm.stateLoadingProperty().get());

            Label badge = robot.lookup("#stateBadge").queryAs(Label.class);
            assertThat(badge.getText()).contains(team.location(), "locked by", System.getProperty("user.name"), "apply");
            assertThat(vm.stateProperty().get().resources()).hasSize(1);
            TeamStateScreenshotTest.capture(app.scene.getRoot(), "team-open-stack-en.png");

            GuiFixtures.chooseLanguage(robot, Locale.KOREAN);
            assertThat(robot.lookup("#stateBadge").queryAs(Label.class).getText()).contains(team.location(), "잠금");
            TeamStateScreenshotTest.capture(app.scene.getRoot(), "team-open-stack-ko.png");
            team.staleLock("batch", Duration.ofMinutes(9));
            robot.clickOn("#stackMenu");
            robot.clickOn(new Messages(Locale.KOREAN).i18n("stacks.open"));
            robot.clickOn("#teamList");
            app.waitUntil(() -> !vm.teamStacks().loadingProperty().get()
                    && vm.teamStacks().stacks().stream().anyMatch(s -> s.lock() != null && s.lock().stale()));
            TeamStateScreenshotTest.capture(robot.lookup("#openStack").query().getScene().getRoot(), "team-open-list-ko.png");
            robot.clickOn("batch");
            robot.clickOn("#teamUnlock");
            assertThat(robot.lookup("#unlockBody").queryAs(Label.class).getText()).contains("alice", "build-7");
            TeamStateScreenshotTest.capture(robot.lookup("#unlockConfirm").query().getScene().getRoot(), "team-unlock-ko.png");
            robot.push(javafx.scene.input.KeyCode.ESCAPE);
            assertThat(vm.teamStacks().stacks()).as("Escape removes nothing")
                    .anyMatch(s -> s.lock() != null && s.lock().stale());
        }
    }
}
