package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.app.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The Storage page after an apply in the Sandbox: the bucket's path-style URL with its counts,
 * the public objects' URL the consent opened, the team's state bucket with the command that moves
 * the stack into it; and PNGs of the page in English and Korean for a reviewer. Runs where the
 * Sandbox serves S3 (and adds the table where it serves DynamoDB).
 */
class StorageApplyFlowTest extends FxWindowTest {

    private void click(String query) {
        Node node = robot.lookup(query).query();
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
        robot.clickOn(node);
    }

    /** Whether the embedded Sandbox answers a service's list call. */
    private static boolean serves(Runnable call) {
        try {
            call.run();
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    @Test
    void apply_whenStorageIncluded_showsTheBucketsUrlCountsPublicUrlAndTheStateBucket() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        String region = vm.blueprintProperty().get().region();
        Target sandbox = app.targets.open(TargetChoice.SANDBOX);
        assumeTrue(serves(() -> sandbox.clients().s3(region).listBuckets()), "the Sandbox serves S3");
        boolean tables = serves(() -> sandbox.clients().dynamoDb(region).listTables());

        robot.clickOn("#step-storage");
        click("#storageInclude");
        click("#allowPublicRead");
        if (tables) {
            click("#tableOn");
        }
        click("#stateBucketOn");
        click("#storageApply");
        app.waitUntil(() -> vm.outcomeProperty().get() != null && vm.runningProperty().get() == null);
        assertThat(vm.outcomeProperty().get().error()).isNull();
        app.waitUntil(() -> vm.storage().builtProperty().get().objects() != null);

        StorageStepViewModel.Built built = vm.storage().builtProperty().get();
        String endpoint = sandbox.endpointUrl().orElseThrow().toString().replaceAll("/$", "");
        assertThat(built.url()).isEqualTo(endpoint + "/" + built.bucket());
        assertThat(built.bucket()).isEqualTo(vm.storage().autoBucketNameProperty().get());
        assertThat(built.objects()).isZero();
        assertThat(built.objectUrl()).isEqualTo(built.url() + "/KEY");
        assertThat(built.migrate()).isEqualTo("cairn state migrate --stack " + vm.stackProperty().get() + " --to s3://"
                + vm.storage().autoStateNameProperty().get() + "/cairn");
        if (tables) {
            assertThat(built.tableStatus()).isEqualTo("ACTIVE");
        }
        List<String> lines = robot.lookup("#builtLines .text-field").queryAllAs(TextField.class).stream()
                .map(TextField::getText).toList();
        assertThat(lines).containsExactly(built.url(), built.objectUrl(), built.migrate());
        assertThat(robot.lookup("#builtLines .label").queryAllAs(Label.class).stream().map(Label::getText))
                .contains("No objects, no versions (old ones included), no delete markers.");

        for (Locale locale : new Locale[] {Locale.ENGLISH, Locale.KOREAN}) {
            shoot(locale, "storage-built-" + locale.getLanguage());
        }
        assertThat(robot.lookup("#builtLines .label").queryAllAs(Label.class).stream().map(Label::getText))
                .contains("객체 0개, 버전 0개(이전 버전 포함), 삭제 마커 0개.");
    }

    /** The window, and the page's form whole (scrolled-away parts too). */
    private void shoot(Locale locale, String stem) throws Exception {
        GuiFixtures.chooseLanguage(robot, locale);
        robot.clickOn("#step-storage");
        Path out = MainWindowScreenshotTest.OUT;
        Files.createDirectories(out);
        ScrollPane scroll = robot.lookup(".storage-page .page-scroll").queryAllAs(ScrollPane.class).iterator().next();
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = scroll.getContent().snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", out.resolve(stem + "-form.png").toFile());
        robot.interact(() -> image[0] = app.scene.getRoot().snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", out.resolve(stem + ".png").toFile());
    }
}
