package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.Message;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.step.network.NetworkResources;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.css.PseudoClass;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The activity list's state column: a row's state as a pseudo-class the stylesheet colours. */
@ExtendWith(ApplicationExtension.class)
class ActivityViewTest {

    private final Messages messages = new Messages(Locale.ENGLISH);
    private ActivityRow row;
    private TableView<ActivityRow> table;

    @Start
    void start(Stage stage) {
        row = new ActivityRow(NetworkResources.VPC, Ec2Kinds.VPC, ItemStatus.NEW);
        table = new TableView<>(FXCollections.observableArrayList(row));
        TableColumn<ActivityRow, ItemStatus> state = new TableColumn<>("state");
        state.setCellValueFactory(c -> c.getValue().statusProperty());
        state.setCellFactory(col -> new ActivityView.StatusCell(messages));
        table.getColumns().add(state);
        Scene scene = new Scene(table, 300, 160);
        scene.getStylesheets().addAll(Resources.stylesheet(Resources.BASE_STYLESHEET),
                Resources.stylesheet(Resources.THEME_STYLESHEET));
        stage.setMinWidth(0);
        stage.setMinHeight(0);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void statusChange_flipsTheCellsPseudoClass_andLeavesItsStyleClassesAlone(FxRobot robot) {
        TableCell<?, ?> cell = stateCell(robot);
        List<String> classes = List.copyOf(cell.getStyleClass());
        Paint planned = cell.getTextFill();
        assertThat(states(cell)).containsExactly("status-new");

        robot.interact(() -> row.update(ItemStatus.READY, Duration.ofSeconds(2), Message.NONE, ""));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(stateCell(robot)).isSameAs(cell);
        assertThat(states(cell)).containsExactly("status-ready");
        assertThat(cell.getStyleClass()).containsExactlyElementsOf(classes).contains(ActivityView.StatusCell.STYLE_CLASS);
        assertThat(cell.getText()).isEqualTo(messages.status(ItemStatus.READY));
        // The stylesheet's rule for the new state applies: ready is drawn in another colour than new.
        assertThat(cell.getTextFill()).isNotEqualTo(planned);
    }

    @Test
    void rowRemoved_leavesTheEmptyCellWithoutAStatus(FxRobot robot) {
        TableCell<?, ?> cell = stateCell(robot);
        robot.interact(() -> table.getItems().clear());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(states(cell)).isEmpty();
        assertThat(cell.getText()).isNull();
    }

    private static TableCell<?, ?> stateCell(FxRobot robot) {
        return robot.lookup("." + ActivityView.StatusCell.STYLE_CLASS)
                .match((TableCell<?, ?> c) -> c.getIndex() == 0).queryAs(TableCell.class);
    }

    private static List<String> states(TableCell<?, ?> cell) {
        return cell.getPseudoClassStates().stream().map(PseudoClass::getPseudoClassName)
                .filter(n -> n.startsWith("status-")).toList();
    }
}
