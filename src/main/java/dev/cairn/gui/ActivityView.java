package dev.cairn.gui;

import dev.cairn.gui.topology.EnumPseudoClasses;
import dev.cairn.model.ItemStatus;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The bottom area: the activity list (one row per resource) and the run log, with Cancel. */
final class ActivityView extends VBox {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    ActivityView(Messages m, WorkspaceViewModel workspace) {
        ActivityViewModel vm = workspace.activity();
        getStyleClass().add("activity");
        Label title = new Label(m.i18n("activity.title"));
        title.getStyleClass().add("section-title");
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        spinner.visibleProperty().bind(workspace.runningProperty().isNotNull());
        Label runLabel = new Label();
        runLabel.getStyleClass().add("hint");
        runLabel.textProperty().bind(Bindings.createStringBinding(() -> workspace.runningProperty().get() == null ? ""
                : m.i18n(workspace.runningProperty().get() == AppEvent.RunKind.APPLY ? "activity.applying" : "activity.tearingDown"),
                workspace.runningProperty()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button cancel = new Button(m.i18n("action.cancelRun"));
        cancel.setId("cancelRun");
        cancel.visibleProperty().bind(workspace.runningProperty().isNotNull());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> workspace.cancel());
        HBox header = new HBox(10, title, spinner, runLabel, grow, cancel);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(6, 12, 6, 12));

        TableView<ActivityRow> table = new TableView<>(vm.rows());
        table.setId("activityTable");
        table.setPlaceholder(new Label(m.i18n("activity.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ActivityRow, String> address = new TableColumn<>(m.i18n("activity.address"));
        address.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().address().value()));
        TableColumn<ActivityRow, String> kind = new TableColumn<>(m.i18n("activity.kind"));
        kind.setCellValueFactory(c -> new ReadOnlyStringWrapper(m.i18n(c.getValue().kind().displayKey())));
        TableColumn<ActivityRow, ItemStatus> state = new TableColumn<>(m.i18n("activity.state"));
        state.setCellValueFactory(c -> c.getValue().statusProperty());
        state.setCellFactory(col -> new StatusCell(m));
        TableColumn<ActivityRow, Duration> elapsed = new TableColumn<>(m.i18n("activity.elapsed"));
        elapsed.setCellValueFactory(c -> c.getValue().elapsedProperty());
        elapsed.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Duration item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : String.format(m.locale(), "%.1f s", item.toMillis() / 1000.0));
            }
        });
        TableColumn<ActivityRow, String> message = new TableColumn<>(m.i18n("activity.message"));
        message.setCellValueFactory(c -> Bindings.createStringBinding(() -> m.engine(c.getValue().messageProperty().get()),
                c.getValue().messageProperty()));
        address.setPrefWidth(230);
        kind.setPrefWidth(150);
        state.setPrefWidth(130);
        elapsed.setPrefWidth(84);
        // The table squeezes its columns to its width; the short ones would lose their headers
        // ("Elap…") before the long ones lose anything a person reads.
        elapsed.setMinWidth(76);
        state.setMinWidth(90);
        message.setPrefWidth(300);
        table.getColumns().setAll(java.util.List.of(address, kind, state, elapsed, message));

        ListView<LogLine> log = new ListView<>(vm.log());
        log.setId("runLog");
        log.setPlaceholder(new Label(m.i18n("activity.logEmpty")));
        log.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(LogLine item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text(m, item));
            }
        });
        vm.log().addListener((javafx.collections.ListChangeListener<LogLine>) c -> {
            if (!vm.log().isEmpty()) {
                log.scrollTo(vm.log().size() - 1);
            }
        });
        SplitPane split = new SplitPane(table, log);
        split.setDividerPositions(0.62);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(header, split);
    }

    /**
     * A row's state, coloured by a pseudo-class ({@code .status-cell:status-ready}). Not a style
     * class: changing one makes JavaFX match the cell's selectors again, and a run's first frame
     * and its end restate every visible row at once; a pseudo-class change re-uses the selectors
     * the cell already matched.
     */
    static final class StatusCell extends TableCell<ActivityRow, ItemStatus> {
        static final String STYLE_CLASS = "status-cell";
        private static final EnumPseudoClasses<ItemStatus> STATES = new EnumPseudoClasses<>(ItemStatus.class,
                s -> "status-" + s.name().toLowerCase(Locale.ROOT));

        private final Messages m;

        StatusCell(Messages m) {
            this.m = m;
            getStyleClass().add(STYLE_CLASS);
        }

        static PseudoClass state(ItemStatus status) {
            return STATES.of(status);
        }

        @Override
        protected void updateItem(ItemStatus item, boolean empty) {
            super.updateItem(item, empty);
            ItemStatus next = empty ? null : item;
            setText(next == null ? null : m.status(next));
            STATES.set(this, next);
        }
    }

    static String text(Messages m, LogLine line) {
        String time = TIME.format(line.at());
        if (line.note() != null) {
            return time + "  " + m.problem(line.note());
        }
        return time + "  " + line.address() + "  " + m.status(line.status())
                + (line.message().isEmpty() ? "" : " — " + m.engine(line.message()));
    }
}
