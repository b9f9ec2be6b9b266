package dev.cairn.gui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * A team bucket's stacks (the Open stack dialog's second source): the {@code s3://} field with its
 * rule under it, List, and the stacks in a table (name, last change, lock holder, stale marked);
 * the table's placeholder says what an empty answer means and what to do. Binds to
 * {@link TeamStacksViewModel} only.
 */
final class TeamStacksView extends VBox {

    /** The confirmation's text width: a readable line, and a dialog that fits a 1280-pixel screen. */
    private static final double UNLOCK_TEXT_WIDTH = 480;

    private final Messages m;
    private final TeamStacksViewModel vm;
    private final DateTimeFormatter when;

    TeamStacksView(Messages m, TeamStacksViewModel vm) {
        this.m = m;
        this.vm = vm;
        this.when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(m.locale())
                .withZone(ZoneId.systemDefault());
        setSpacing(8);
        getStyleClass().add("team-stacks");

        Label explain = new Label(m.i18n("team.explain"));
        explain.setWrapText(true);
        explain.getStyleClass().add("hint");
        // Wrapped text in a dialog gets its height only when asked to keep its preferred one.
        explain.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        TextField location = new TextField();
        location.setId("teamLocation");
        location.setPromptText(m.i18n("team.location.prompt"));
        location.textProperty().bindBidirectional(vm.locationProperty());
        location.setOnAction(e -> vm.list());
        HBox.setHgrow(location, Priority.ALWAYS);
        Button list = new Button(m.i18n("team.list"));
        list.setId("teamList");
        list.disableProperty().bind(vm.canListBinding().not());
        list.setOnAction(e -> vm.list());
        list.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(vm.loadingProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        HBox row = new HBox(8, location, list, spinner);
        row.setAlignment(Pos.CENTER_LEFT);

        Label locationError = new Label();
        locationError.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        locationError.setId("teamLocationError");
        locationError.getStyleClass().add("field-error");
        // Nothing typed yet is not an error to shout about: the prompt says what to type.
        FieldFeedback.showMessage(locationError, Bindings.createObjectBinding(() -> vm.locationProperty().get().isBlank()
                ? null : vm.locationProblemProperty().get(), vm.locationProperty(), vm.locationProblemProperty()),
                m::problem);

        TableView<TeamStack> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);

        Button unlock = new Button(m.i18n("team.unlock"));
        unlock.setId("teamUnlock");
        unlock.disableProperty().bind(vm.canUnlockBinding().not());
        unlock.setOnAction(e -> confirmUnlock(getScene() == null ? null : getScene().getWindow()));
        Label unlockHint = new Label(m.i18n("team.unlock.hint"));
        unlockHint.getStyleClass().add("hint");
        unlockHint.setWrapText(true);
        unlockHint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        unlock.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox.setHgrow(unlockHint, Priority.ALWAYS);
        HBox actions = new HBox(10, unlock, unlockHint);
        actions.setAlignment(Pos.CENTER_LEFT);

        getChildren().addAll(explain, row, locationError, table, actions);
    }

    private TableView<TeamStack> table() {
        TableView<TeamStack> table = new TableView<>(vm.stacks());
        table.setId("teamStacks");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(220);
        TableColumn<TeamStack, String> name = new TableColumn<>(m.i18n("team.column.name"));
        name.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(c.getValue().name()));
        name.setPrefWidth(130);
        TableColumn<TeamStack, String> changed = new TableColumn<>(m.i18n("team.column.changed"));
        changed.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(
                c.getValue().lastChange() == null ? m.i18n("team.changed.never") : when.format(c.getValue().lastChange())));
        changed.setPrefWidth(140);
        TableColumn<TeamStack, TeamStack> holder = new TableColumn<>(m.i18n("team.column.lock"));
        holder.setCellValueFactory(c -> new javafx.beans.property.SimpleObjectProperty<>(c.getValue()));
        holder.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(TeamStack item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("lock-stale", "lock-held");
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                setText(lockWords(m, item.lock(), when));
                if (item.lock() != null) {
                    getStyleClass().add(item.lock().stale() ? "lock-stale" : "lock-held");
                }
            }
        });
        holder.setPrefWidth(460);
        table.getColumns().setAll(java.util.List.of(name, changed, holder));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(b);
            }
        });
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<TeamStack> r = new javafx.scene.control.TableRow<>();
            r.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !r.isEmpty()) {
                    vm.openSelected();
                }
            });
            return r;
        });
        Label placeholder = new Label();
        placeholder.setId("teamPlaceholder");
        placeholder.setWrapText(true);
        placeholder.setMaxWidth(520);
        placeholder.getStyleClass().add("hint");
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> {
            if (vm.loadingProperty().get()) {
                return m.i18n("team.loading");
            }
            Problem p = vm.problemProperty().get();
            if (p != null) {
                return m.problem(p);
            }
            return m.i18n("team.notListed");
        }, vm.loadingProperty(), vm.problemProperty()));
        table.setPlaceholder(placeholder);
        return table;
    }

    /** A lock holder in words: "alice on build-01 · apply · since …", stale said first; a dash for none. */
    static String lockWords(Messages m, TeamStack.LockInfo lock, DateTimeFormatter when) {
        if (lock == null) {
            return m.i18n("team.lock.none");
        }
        return m.i18n(lock.stale() ? "team.lock.stale" : "team.lock.held", lock.who(), lock.host(), lock.command(),
                lock.since() == null ? "?" : when.format(lock.since()));
    }

    /** Asks before removing a stale lock, naming its holder; removes it on OK. */
    private void confirmUnlock(Window owner) {
        TeamStack s = vm.selectedProperty().get();
        if (s == null || s.lock() == null) {
            return;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION);
        if (owner != null) {
            a.initOwner(owner);
        }
        a.getDialogPane().getStylesheets().setAll(Resources.stylesheets());
        a.getDialogPane().setId("unlockConfirm");
        a.setTitle(m.i18n("team.unlock.title"));
        a.setHeaderText(m.i18n("team.unlock.header", s.name()));
        Instant since = s.lock().since();
        Label body = new Label(m.i18n("team.unlock.body", s.lock().who(), s.lock().host(), s.lock().command(),
                since == null ? "?" : when.format(since), s.lock().id()));
        body.setId("unlockBody");
        body.setWrapText(true);
        body.setPrefWidth(UNLOCK_TEXT_WIDTH);
        body.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        a.getDialogPane().setContent(body);
        // An Alert sizes itself to its text on one line unless told its width.
        a.getDialogPane().setPrefWidth(UNLOCK_TEXT_WIDTH + 60);
        ButtonType ok = new ButtonType(m.i18n("team.unlock.ok"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(m.i18n("action.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        a.getButtonTypes().setAll(ok, cancel);
        a.getDialogPane().lookupButton(ok).setId("unlockOk");
        // The safe answer is the default: Enter must not remove a lock.
        ((Button) a.getDialogPane().lookupButton(ok)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        Optional<ButtonType> answer = a.showAndWait();
        if (answer.filter(ok::equals).isPresent()) {
            vm.unlockSelected();
        }
    }
}
