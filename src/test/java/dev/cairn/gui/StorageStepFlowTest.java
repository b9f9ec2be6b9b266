package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.step.storage.StorageSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The Storage page as a person uses it (headless Monocle, a robot): include the step and see the
 * name Cairn gives the bucket, type a name AWS refuses and see the rule at it with Apply held back,
 * fix it; give the public-read consent and see its warning; add a table; and PNGs of the page in
 * English and Korean under {@code target/screenshots/} for a reviewer.
 */
class StorageStepFlowTest extends FxWindowTest {

    /** Types into a field that may be scrolled out of view: scrolled to first, then typed. */
    private void replaceText(String query, String text) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        reveal(field);
        robot.clickOn(field);
        robot.interact(field::selectAll);
        robot.write(text);
    }

    private void click(String query) {
        Node node = robot.lookup(query).query();
        reveal(node);
        robot.clickOn(node);
    }

    /** Scrolls the page so {@code node} shows, as a person scrolls to a field below the fold. */
    private void reveal(Node node) {
        robot.interact(() -> {
            for (Node p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof ScrollPane scroll) {
                    double contentHeight = scroll.getContent().getBoundsInLocal().getHeight();
                    double viewport = scroll.getViewportBounds().getHeight();
                    double y = scroll.getContent().sceneToLocal(node.localToScene(0, 0)).getY();
                    scroll.setVvalue(contentHeight <= viewport ? 0 : Math.min(1, Math.max(0, (y - 40) / (contentHeight - viewport))));
                    return;
                }
            }
        });
        robot.sleep(100);
    }

    private StorageSection section(WorkspaceViewModel vm) {
        return vm.blueprintProperty().get().section(StorageSection.KEY);
    }

    @Test
    void storagePage_includeBreakFixConsent_showsRulesWarningAndTheDerivedName() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        robot.clickOn("#step-storage");
        CheckBox include = robot.lookup("#storageInclude").queryAs(CheckBox.class);
        assertThat(include.isSelected()).isFalse();

        robot.clickOn(include);

        assertThat(section(vm)).isNotNull();
        Label autoName = robot.lookup("#bucketAutoName").queryAs(Label.class);
        app.waitUntil(autoName::isVisible);
        assertThat(autoName.getText()).contains(vm.storage().autoBucketNameProperty().get());
        assertThat(robot.lookup("#bucketName").queryAs(TextField.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#storageApply").queryButton().isDisabled()).isFalse();

        click("#bucketAuto");
        assertThat(autoName.isVisible()).as("a name of one's own: no derived name under it").isFalse();
        replaceText("#bucketName", "Demo_Bucket");

        Label error = robot.lookup("#bucketNameError").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).contains("Demo_Bucket").contains("lower-case letters");
        assertThat(robot.lookup("#storageApply").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#next").queryButton().isDisabled()).isTrue();

        replaceText("#bucketName", "demo-guide-bucket");
        assertThat(error.isVisible()).isFalse();
        assertThat(section(vm).bucket().name()).isEqualTo("demo-guide-bucket");
        assertThat(robot.lookup("#storageApply").queryButton().isDisabled()).isFalse();

        Label warning = robot.lookup("#publicReadWarning").queryAs(Label.class);
        assertThat(warning.isVisible()).isFalse();
        click("#allowPublicRead");
        assertThat(section(vm).publicRead()).isTrue();
        assertThat(warning.isVisible()).isTrue();
        assertThat(warning.getText()).contains("https://demo-guide-bucket.s3.").contains("/KEY");
        assertThat(robot.lookup("#storageApply").queryButton().isDisabled()).as("consent, not an error").isFalse();

        click("#tableOn");
        assertThat(section(vm).table()).isNotNull();
        click("#stateBucketOn");
        assertThat(section(vm).stateBucket()).isNotNull();
        assertThat(robot.lookup("#stateAutoName").queryAs(Label.class).getText())
                .contains(vm.storage().autoStateNameProperty().get());

        for (Locale locale : new Locale[] {Locale.ENGLISH, Locale.KOREAN}) {
            shoot(locale, "storage-" + locale.getLanguage());
        }
        assertThat(robot.lookup("#storageApply").queryButton().getText()).isEqualTo("적용");
        assertThat(robot.lookup("#storageInclude").queryAs(CheckBox.class).getText()).isEqualTo("이 스택에 스토리지 단계를 포함");
        assertThat(robot.lookup("#publicReadWarning").queryAs(Label.class).getText()).contains("누구나");
        // The cost pane words the bucket's and the table's rates, each with its own unit.
        java.util.List<String> costTexts = robot.lookup(".storage-page #costs .label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
        assertThat(costTexts).contains("S3 버킷: 스토리지 \u00d7 2", "GB·월당 $0.025, 쓴 만큼 청구(합계에 포함 안 함)",
                "요청 1,000건당 $0.00035, 쓴 만큼 청구(합계에 포함 안 함)")
                .anyMatch(t -> t.startsWith("DynamoDB 테이블: 온디맨드 쓰기"));
    }

    /** The window, and the page's form and explanation whole (scrolled-away parts too). */
    private void shoot(Locale locale, String stem) throws Exception {
        GuiFixtures.chooseLanguage(robot, locale);
        robot.clickOn("#step-storage");
        Path out = MainWindowScreenshotTest.OUT;
        Files.createDirectories(out);
        java.util.List<ScrollPane> scrolls = robot.lookup(".storage-page .page-scroll").queryAllAs(ScrollPane.class)
                .stream().toList();
        for (int i = 0; i < scrolls.size(); i++) {
            Node content = scrolls.get(i).getContent();
            WritableImage[] image = new WritableImage[1];
            robot.interact(() -> image[0] = content.snapshot(null, null));
            ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png",
                    out.resolve(stem + (i == 0 ? "-form.png" : "-explain.png")).toFile());
        }
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = app.scene.getRoot().snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", out.resolve(stem + ".png").toFile());
    }
}
