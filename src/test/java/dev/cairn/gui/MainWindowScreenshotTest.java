package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Writes PNGs of the main window after a Network apply, in English and Korean, under
 * {@code target/screenshots/} for a reviewer to look at; the Korean one is reached through the
 * language menu, as a person would switch.
 */
class MainWindowScreenshotTest extends FxWindowTest {

    static final Path OUT = Path.of("target/screenshots");

    @Test
    void mainWindow_inBothLanguages_isWrittenAsPng() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        robot.clickOn("#step-network");
        robot.clickOn("#networkApply");
        app.waitUntil(() -> vm.outcomeProperty().get() != null);
        FxHarness.closeReport();

        Path en = capture("main-en.png");

        GuiFixtures.chooseLanguage(robot, Locale.KOREAN);
        robot.clickOn("#step-network");
        assertThat(robot.lookup("#networkApply").queryButton().getText()).isEqualTo("적용");
        assertThat(vm.stackProperty().get()).as("the stack survives the switch").isEqualTo("my-network");
        Path ko = capture("main-ko.png");

        for (Path p : new Path[] {en, ko, accessPage(Locale.KOREAN, "access-ko.png"),
                accessPage(Locale.ENGLISH, "access-en.png")}) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertThat(img.getWidth()).isEqualTo((int) FxHarness.WIDTH);
            assertThat(img.getHeight()).isEqualTo((int) FxHarness.HEIGHT);
        }
    }

    /** The Access page after a whole-guide apply: form, explanation with per-region cost, How-to-use. */
    private Path accessPage(Locale locale, String name) throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        if (!vm.access().includedProperty().get()) {
            robot.interact(() -> {
                vm.access().includedProperty().set(true);
                vm.access().peeringOnProperty().set(true);
                vm.access().peerRegionProperty().set("us-east-1");
            });
            app.waitUntil(() -> !vm.access().myIpProperty().get().isEmpty());
            robot.interact(vm::apply);
            app.waitUntil(() -> vm.runningProperty().get() == null && vm.outcomeProperty().get() != null
                    && !vm.access().howToUse().isEmpty());
            FxHarness.closeReport();
        }
        GuiFixtures.chooseLanguage(robot, locale);
        robot.clickOn("#step-access");
        // The scrolled-away parts too, whole: the form and the explanation with the costs.
        String stem = name.substring(0, name.length() - ".png".length());
        java.util.List<javafx.scene.control.ScrollPane> scrolls = robot.lookup(".access-page .page-scroll")
                .queryAllAs(javafx.scene.control.ScrollPane.class).stream().toList();
        for (int i = 0; i < scrolls.size(); i++) {
            javafx.scene.Node content = scrolls.get(i).getContent();
            WritableImage[] image = new WritableImage[1];
            robot.interact(() -> image[0] = content.snapshot(null, null));
            ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png",
                    OUT.resolve(stem + (i == 0 ? "-form.png" : "-explain.png")).toFile());
        }
        return capture(name);
    }

    private Path capture(String name) throws Exception {
        Files.createDirectories(OUT);
        Path file = OUT.resolve(name);
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = app.scene.getRoot().snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", file.toFile());
        return file;
    }
}
