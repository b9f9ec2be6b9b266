package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.LocalStackStore;
import dev.cairn.model.Address;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.S3Kinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * PNGs of the team-state faces in English and Korean for a reviewer, under
 * {@code target/screenshots/}: the offer to move a stack's state into the state bucket it built
 * and its result, and the Open dialog's empty states (a location refused before any call, an
 * empty bucket, a missing bucket). The bucket is on the first backend serving S3.
 */
class TeamStateScreenshotTest {

    static final Path OUT = Path.of("target/screenshots");

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
    void migrateAndOpenDialogStates_inBothLanguages_areWrittenAsPng() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        ResourceSpec bucket = new ResourceSpec(Address.of("storage", "bucket", "state"), S3Kinds.BUCKET,
                TeamBucketFixture.REGION, Map.of("name", team.bucket, "role", "state"), Map.of(), Set.of());
        try (var local = LocalStackStore.open(home.resolve("stacks/my-network"), "my-network", Clock.systemUTC())) {
            local.append(JournalEntry.intent(JournalEntry.CREATE, bucket, "token-state", null));
            local.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, bucket, team.bucket, Map.of(), null));
        }
        robot.interact(() -> vm.openStack("my-network"));
        assertThat(vm.migrateOfferProperty().get()).isEqualTo(team.bucket);
        for (Locale locale : new Locale[] {Locale.ENGLISH, Locale.KOREAN}) {
            language(locale);
            capture(app.scene.getRoot(), "team-migrate-offer-" + locale.getLanguage() + ".png");
        }

        language(Locale.ENGLISH);
        robot.clickOn("#migrate");
        app.waitUntil(() -> !vm.migratingProperty().get() && vm.migrateResultProperty().get() != null);
        assertThat(vm.migrateSucceededProperty().get()).as(String.valueOf(vm.migrateResultProperty().get())).isTrue();
        assertThat(robot.lookup("#migrateText").queryLabeled().getText()).contains("s3://" + team.bucket, "2 journal entries");
        capture(app.scene.getRoot(), "team-migrate-done-en.png");
        language(Locale.KOREAN);
        capture(app.scene.getRoot(), "team-migrate-done-ko.png");

        for (Locale locale : new Locale[] {Locale.ENGLISH, Locale.KOREAN}) {
            language(locale);
            String tag = locale.getLanguage();
            robot.clickOn("#stackMenu");
            robot.clickOn("#openStackItem");
            Node dialog = robot.lookup("#openStack").query();
            robot.clickOn("#openTeam");
            type("s3://Team_Bucket");
            assertThat(robot.lookup("#teamLocationError").queryLabeled().isVisible()).isTrue();
            capture(dialog.getScene().getRoot(), "team-open-invalid-" + tag + ".png");
            type("s3://" + team.bucket + "/empty");
            robot.clickOn("#teamList");
            app.waitUntil(() -> !vm.teamStacks().loadingProperty().get() && vm.teamStacks().problemProperty().get() != null);
            capture(dialog.getScene().getRoot(), "team-open-empty-" + tag + ".png");
            type("s3://" + team.bucket + "-missing/team");
            robot.clickOn("#teamList");
            app.waitUntil(() -> !vm.teamStacks().loadingProperty().get()
                    && vm.teamStacks().problemProperty().get() != null
                    && vm.teamStacks().problemProperty().get().key().equals("team.error.noBucket"));
            capture(dialog.getScene().getRoot(), "team-open-missing-" + tag + ".png");
            FxHarness.closeDialogs();
        }
    }

    private void type(String text) {
        TextField field = robot.lookup("#teamLocation").queryAs(TextField.class);
        robot.interact(() -> field.setText(text));
    }

    private void language(Locale locale) {
        GuiFixtures.chooseLanguage(robot, locale);
    }

    static Path capture(Node root, String name) throws Exception {
        Files.createDirectories(OUT);
        Path file = OUT.resolve(name);
        WritableImage[] image = new WritableImage[1];
        new FxRobot().interact(() -> image[0] = root.snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", file.toFile());
        return file;
    }
}
