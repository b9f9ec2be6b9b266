package dev.cairn.gui.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.plan.Planner;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.storage.BucketNames;
import dev.cairn.step.storage.StorageResources;
import dev.cairn.step.storage.StorageSection;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.TopologyInput;
import dev.cairn.topology.TopologyLayout;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Storage step in the live diagram: the bucket, the table and the team's state bucket in the
 * services lane, named in the view's language (the state bucket by its role), each created box
 * linking to its console page.
 */
@ExtendWith(ApplicationExtension.class)
class StorageDiagramViewTest {

    private static final ResourceBundle EN = ResourceBundle.getBundle("dev.cairn.gui.messages", Locale.ROOT);
    private static final ResourceBundle KO = ResourceBundle.getBundle("dev.cairn.gui.messages", Locale.KOREAN);
    private static final String ACCOUNT = "123456789012";

    private Stage stage;
    private final List<String> opened = new ArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new javafx.scene.layout.Pane(), 1200, 760));
        stage.sizeToScene();
        stage.show();
    }

    /** The guide's example (every step, Storage with its table and state bucket), names resolved. */
    private static List<ResourceSpec> specs() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.guide());
        StorageSection s = bp.section(StorageSection.KEY);
        bp = bp.with(StorageSection.KEY, s.withStateBucket(new StorageSection.StateBucket(true, StorageSection.NAME_AUTO)));
        bp = BucketNames.resolve(bp, ACCOUNT);
        bp = bp.with(dev.cairn.step.access.AccessSection.KEY,
                bp.section(dev.cairn.step.access.AccessSection.KEY).withMyIp("203.0.113.10/32"));
        return Planner.specs(bp).stream().filter(r -> r.address().step().equals(StorageResources.STEP)).toList();
    }

    private static StackState created(List<ResourceSpec> specs) {
        Map<Address, ResourceRecord> records = new LinkedHashMap<>();
        for (ResourceSpec s : specs) {
            String id = s.property("name") == null ? s.address().shortName() : s.property("name");
            records.put(s.address(), new ResourceRecord(s, id, Map.of(), ItemStatus.READY, Instant.EPOCH));
        }
        return new StackState("demo", records, Map.of());
    }

    private DiagramView show(FxRobot robot, ResourceBundle bundle, List<ResourceSpec> specs, StackState state) {
        DiagramView[] view = new DiagramView[1];
        String region = specs.get(0).region();
        Diagram d = TopologyLayout.layout(new TopologyInput("demo", region, specs, state, Map.of()));
        robot.interact(() -> {
            view[0] = new DiagramView(bundle);
            view[0].setOpenUrl(opened::add);
            view[0].setDetailsProvider(ResourceDetails.provider("demo", specs, state, Map.of()));
            stage.getScene().setRoot(view[0]);
            view[0].show(d);
        });
        return view[0];
    }

    private static String label(DiagramView view, Address a) {
        return ((Text) view.groupOf(a).getChildren().get(4)).getText();
    }

    @Test
    void show_whenStorageCreated_namesEachBoxInTheViewsLanguageAndMarksTheStateBucket(FxRobot robot) throws Exception {
        List<ResourceSpec> specs = specs();
        assertThat(specs).extracting(ResourceSpec::address).contains(StorageResources.BUCKET, StorageResources.TABLE,
                StorageResources.STATE_BUCKET);
        StackState state = created(specs);

        DiagramView en = show(robot, EN, specs, state);
        assertThat(label(en, StorageResources.BUCKET)).isEqualTo("S3 bucket");
        assertThat(label(en, StorageResources.STATE_BUCKET)).isEqualTo("State bucket");
        assertThat(label(en, StorageResources.TABLE)).isEqualTo("DynamoDB table");
        assertThat(en.groupOf(StorageResources.STATE_BUCKET).getStyleClass()).contains("kind-state");
        assertThat(Topologies.states(en.groupOf(StorageResources.STATE_BUCKET))).containsExactly("status-ready");
        assertThat(en.groupOf(StorageResources.BUCKET).getStyleClass()).contains("kind-s3-bucket");
        assertThat(en.groupOf(StorageResources.BUCKET_POLICY)).as("folded into its bucket").isNull();

        DiagramView ko = show(robot, KO, specs, state);
        assertThat(label(ko, StorageResources.STATE_BUCKET)).isEqualTo(KO.getString("diagram.role.state")).isEqualTo("상태 버킷");
        assertThat(label(ko, StorageResources.BUCKET)).isEqualTo("S3 버킷");
        assertThat(label(ko, StorageResources.TABLE)).isEqualTo("DynamoDB 테이블");
        BufferedImage[] shot = new BufferedImage[1];
        robot.interact(() -> shot[0] = SwingFXUtils.fromFXImage(ko.getScene().snapshot(null), null));
        Path file = Path.of("target/screenshots/diagram-storage-ko.png");
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(shot[0], "png", file.toFile())).isTrue();
    }

    @Test
    void select_whenBucketAndTableCreated_linkToTheirConsolePages(FxRobot robot) {
        List<ResourceSpec> specs = specs();
        StackState state = created(specs);
        DiagramView view = show(robot, EN, specs, state);
        String bucket = state.get(StorageResources.BUCKET).orElseThrow().physicalId();
        String table = state.get(StorageResources.TABLE).orElseThrow().physicalId();
        String region = specs.get(0).region();

        robot.interact(() -> view.select(StorageResources.BUCKET));
        assertThat(robot.from(view.detailsCard()).lookup(".details-id").queryAs(Label.class).getText()).isEqualTo(bucket);
        robot.clickOn(robot.from(view.detailsCard()).lookup(".details-console-link").queryAs(Hyperlink.class));
        robot.interact(() -> view.select(StorageResources.TABLE));
        robot.clickOn(robot.from(view.detailsCard()).lookup(".details-console-link").queryAs(Hyperlink.class));

        assertThat(opened).containsExactly(
                "https://s3.console.aws.amazon.com/s3/buckets/" + bucket + "?region=" + region,
                "https://" + region + ".console.aws.amazon.com/dynamodbv2/home?region=" + region + "#table?name=" + table);
    }
}
