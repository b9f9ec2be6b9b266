package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The Web tier page as a person uses it (headless Monocle, a robot): include the step, see the
 * generated user data and the cost at desired and at max, break a field and see the rule at it
 * with Apply held back, fix it; and PNGs of the page in English and Korean under
 * {@code target/screenshots/} for a reviewer.
 */
class WebStepFlowTest extends FxWindowTest {

    /** Types into a field that may be scrolled out of view: scrolled to first, then typed. */
    private void replaceText(String query, String text) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        reveal(field);
        robot.clickOn(field);
        robot.interact(field::selectAll);
        robot.write(text);
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

    @Test
    void webPage_includeBreakFix_showsRulesAtTheirFieldsAndBothCosts() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        robot.clickOn("#step-web");
        CheckBox include = robot.lookup("#webInclude").queryAs(CheckBox.class);
        assertThat(include.isSelected()).isFalse();

        robot.clickOn(include);

        assertThat(vm.web().includedProperty().get()).isTrue();
        TextArea userData = robot.lookup("#userData").queryAs(TextArea.class);
        assertThat(userData.isVisible()).isTrue();
        assertThat(userData.isEditable()).isFalse();
        assertThat(userData.getText()).contains("INSTANCE_ID=$(curl").contains("cat > /var/www/html/index.html <<EOF");
        app.waitUntil(() -> !robot.lookup("#costAtMax").queryAs(Label.class).getText().isEmpty());
        assertThat(robot.lookup("#costAtDesired").queryAs(Label.class).getText()).contains("group at desired (1 instance)");
        assertThat(robot.lookup("#costAtMax").queryAs(Label.class).getText()).contains("group at max (3 instances)");
        assertThat(robot.lookup("#webApply").queryButton().isDisabled()).isFalse();

        replaceText("#healthCheckPath", "health");

        Label error = robot.lookup("#healthCheckPathError").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).contains("health").contains("must start with /");
        assertThat(robot.lookup("#webApply").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#next").queryButton().isDisabled()).isTrue();

        replaceText("#healthCheckPath", "/health");
        assertThat(error.isVisible()).isFalse();
        assertThat(robot.lookup("#webApply").queryButton().isDisabled()).isFalse();

        CheckBox https = robot.lookup("#httpsOn").queryAs(CheckBox.class);
        reveal(https);
        robot.clickOn(https);
        Label domainError = robot.lookup("#domainError").queryAs(Label.class);
        assertThat(domainError.isVisible()).isTrue();
        replaceText("#domain", "example.com");
        assertThat(domainError.isVisible()).isFalse();
        assertThat(vm.blueprintProperty().get().section(dev.cairn.step.web.WebSection.KEY).https().siteName())
                .isEqualTo("autoscaling.example.com");

        for (Locale locale : new Locale[] {Locale.ENGLISH, Locale.KOREAN}) {
            shoot(locale, "web-" + locale.getLanguage());
        }
        assertThat(GuiFixtures.chosenLanguage(robot)).isEqualTo(Locale.KOREAN);
        assertThat(robot.lookup("#webApply").queryButton().getText()).isEqualTo("적용");
        assertThat(robot.lookup("#webInclude").queryAs(CheckBox.class).getText()).isEqualTo("이 스택에 웹 계층 단계를 포함");
    }

    /** The window, and the page's form and explanation whole (scrolled-away parts too). */
    private void shoot(Locale locale, String stem) throws Exception {
        GuiFixtures.chooseLanguage(robot, locale);
        robot.clickOn("#step-web");
        Path out = MainWindowScreenshotTest.OUT;
        Files.createDirectories(out);
        java.util.List<ScrollPane> scrolls = robot.lookup(".web-page .page-scroll").queryAllAs(ScrollPane.class).stream().toList();
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
