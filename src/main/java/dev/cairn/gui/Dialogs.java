package dev.cairn.gui;

import dev.cairn.engine.RunResult;
import dev.cairn.engine.TagScanner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The app's dialogs. Each has a Cancel button with {@link ButtonBar.ButtonData#CANCEL_CLOSE},
 * so Escape closes it, and an OK that is the default button (Enter).
 */
final class Dialogs {

    private Dialogs() {}

    private static <T> void style(Dialog<T> d, Window owner) {
        if (owner != null) {
            d.initOwner(owner);
        }
        d.getDialogPane().getStylesheets().setAll(Resources.stylesheets());
        d.getDialogPane().getStyleClass().add("cairn-dialog");
    }

    /** Type-the-name confirmation; OK only on an exact match. */
    static Dialog<Boolean> teardown(Messages m, Window owner, TeardownConfirmViewModel vm) {
        Dialog<Boolean> d = new Dialog<>();
        style(d, owner);
        d.setTitle(m.i18n("teardown.title"));
        d.setHeaderText(m.i18n("teardown.header", vm.stack()));
        ButtonType ok = new ButtonType(m.i18n("teardown.ok"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(m.i18n("action.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getDialogPane().getButtonTypes().setAll(ok, cancel);
        Label explain = new Label(m.i18n("teardown.explain", vm.stack()));
        explain.setWrapText(true);
        TextField typed = new TextField();
        typed.setId("teardownName");
        typed.setPromptText(vm.stack());
        typed.textProperty().bindBidirectional(vm.typedProperty());
        VBox box = new VBox(10, explain, typed);
        if (!vm.keyFiles().isEmpty()) {
            javafx.scene.control.CheckBox deleteKeys = new javafx.scene.control.CheckBox(m.i18n("teardown.deleteKeyFiles",
                    String.join(", ", vm.keyFiles().stream().map(java.nio.file.Path::toString).toList())));
            deleteKeys.setId("teardownDeleteKeys");
            deleteKeys.setWrapText(true);
            deleteKeys.selectedProperty().bindBidirectional(vm.deleteKeyFilesProperty());
            box.getChildren().add(deleteKeys);
        }
        box.setPrefWidth(440);
        d.getDialogPane().setContent(box);
        Node okButton = d.getDialogPane().lookupButton(ok);
        okButton.setId("teardownOk");
        okButton.disableProperty().bind(vm.confirmedBinding().not());
        d.setResultConverter(b -> b == ok && vm.confirmedBinding().get());
        d.setOnShown(e -> typed.requestFocus());
        return d;
    }

    /** A name for a new or renamed stack, checked as the user types. */
    static Dialog<String> stackName(Messages m, Window owner, String titleKey, String initial,
            Function<String, Optional<Problem>> check) {
        Dialog<String> d = new Dialog<>();
        style(d, owner);
        d.setTitle(m.i18n(titleKey));
        d.setHeaderText(m.i18n(titleKey));
        ButtonType ok = new ButtonType(m.i18n("action.ok"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(m.i18n("action.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getDialogPane().getButtonTypes().setAll(ok, cancel);
        TextField name = new TextField(initial);
        name.setId("stackName");
        Label problem = new Label();
        problem.getStyleClass().add("field-error");
        problem.setWrapText(true);
        Label hint = new Label(m.i18n("stacks.nameHint"));
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        VBox box = new VBox(8, name, problem, hint);
        box.setPrefWidth(420);
        d.getDialogPane().setContent(box);
        problem.textProperty().bind(Bindings.createStringBinding(
                () -> check.apply(name.getText()).map(m::problem).orElse(""), name.textProperty()));
        d.getDialogPane().lookupButton(ok).disableProperty().bind(problem.textProperty().isNotEmpty());
        d.setResultConverter(b -> b == ok ? name.getText() : null);
        d.setOnShown(e -> name.requestFocus());
        return d;
    }

    /**
     * Open a stack: from this computer (the stacks Cairn keeps here) or from a team bucket (typed
     * {@code s3://BUCKET/PREFIX}, listed with lock holders). Open opens the selected one; a team
     * stack opens in the background and a problem with it shows in the window's team banner.
     */
    static Dialog<Runnable> openStack(Messages m, Window owner, WorkspaceViewModel vm) {
        Dialog<Runnable> d = new Dialog<>();
        style(d, owner);
        d.getDialogPane().setId("openStack");
        d.setTitle(m.i18n("open.title"));
        d.setHeaderText(m.i18n("open.header"));
        ButtonType ok = new ButtonType(m.i18n("open.ok"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(m.i18n("action.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getDialogPane().getButtonTypes().setAll(ok, cancel);

        javafx.scene.control.ToggleGroup where = new javafx.scene.control.ToggleGroup();
        javafx.scene.control.RadioButton local = new javafx.scene.control.RadioButton(m.i18n("open.local"));
        local.setId("openLocal");
        local.setToggleGroup(where);
        javafx.scene.control.RadioButton team = new javafx.scene.control.RadioButton(m.i18n("open.team"));
        team.setId("openTeam");
        team.setToggleGroup(where);
        javafx.scene.layout.HBox choice = new javafx.scene.layout.HBox(18, local, team);

        javafx.scene.control.ListView<StackCatalog.StackSummary> stacks = new javafx.scene.control.ListView<>(vm.stacks());
        stacks.setId("localStacks");
        stacks.setPrefHeight(220);
        stacks.setCellFactory(lv -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(StackCatalog.StackSummary item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : stackItem(m, item));
            }
        });
        stacks.getItems().stream().filter(s -> s.name().equals(vm.stackProperty().get())).findFirst()
                .ifPresent(s -> stacks.getSelectionModel().select(s));
        Label localHint = new Label(m.i18n("open.local.hint"));
        localHint.getStyleClass().add("hint");
        localHint.setWrapText(true);
        localHint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox localPane = new VBox(8, localHint, stacks);
        TeamStacksView teamPane = new TeamStacksView(m, vm.teamStacks());
        localPane.visibleProperty().bind(local.selectedProperty());
        localPane.managedProperty().bind(localPane.visibleProperty());
        teamPane.visibleProperty().bind(team.selectedProperty());
        teamPane.managedProperty().bind(teamPane.visibleProperty());
        (vm.teamLocationProperty().get() != null ? team : local).setSelected(true);
        if (vm.teamLocationProperty().get() != null && vm.teamStacks().locationProperty().get().isBlank()) {
            vm.teamStacks().locationProperty().set(vm.teamLocationProperty().get());
        }

        VBox box = new VBox(12, choice, localPane, teamPane);
        box.setPrefWidth(760);
        d.getDialogPane().setContent(box);
        Node okButton = d.getDialogPane().lookupButton(ok);
        okButton.setId("openOk");
        okButton.disableProperty().bind(Bindings.createBooleanBinding(() -> local.isSelected()
                ? stacks.getSelectionModel().getSelectedItem() == null || vm.runningProperty().get() != null
                : !vm.teamStacks().canOpenBinding().get() || vm.runningProperty().get() != null,
                local.selectedProperty(), stacks.getSelectionModel().selectedItemProperty(),
                vm.teamStacks().canOpenBinding(), vm.runningProperty()));
        stacks.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && stacks.getSelectionModel().getSelectedItem() != null) {
                ((javafx.scene.control.Button) okButton).fire();
            }
        });
        d.setResultConverter(b -> {
            if (b != ok) {
                return null;
            }
            if (local.isSelected()) {
                String name = stacks.getSelectionModel().getSelectedItem().name();
                return () -> vm.openStack(name);
            }
            return vm.teamStacks()::openSelected;
        });
        return d;
    }

    /** A stack as the stack menu and the Open dialog list it: its resources here, or its team bucket. */
    static String stackItem(Messages m, StackCatalog.StackSummary s) {
        if (s.team()) {
            return m.i18n("stacks.itemTeam", s.name(), s.location());
        }
        return m.i18n(s.interrupted() ? "stacks.itemInterrupted" : "stacks.item", s.name(), s.resources());
    }

    /**
     * The run report's dialog, its first half: the bare {@code Alert}. {@link RunReport} builds it
     * a pulse before {@link #dressReportDialog}, so neither half makes a long frame (issue #14);
     * {@link #fillReport} words it for one outcome, and again for the next.
     */
    static Alert newReportDialog() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.getDialogPane().setId("runReport");
        return a;
    }

    /** The report dialog's second half: its owner, stylesheets and content label. */
    static void dressReportDialog(Messages m, Alert a, Window owner) {
        style(a, owner);
        Label content = new Label();
        content.setId("reportText");
        content.setWrapText(true);
        content.setMaxWidth(520);
        a.getDialogPane().setContent(content);
    }

    /** Words {@code a} (made by {@link #newReportDialog} and {@link #dressReportDialog}) for {@code outcome}. */
    static void fillReport(Messages m, Alert a, WorkspaceViewModel.RunOutcome outcome) {
        boolean ok = outcome.succeeded();
        a.setAlertType(ok ? Alert.AlertType.INFORMATION : Alert.AlertType.WARNING);
        boolean teardown = outcome.kind() == AppEvent.RunKind.TEARDOWN;
        a.setTitle(m.i18n(teardown ? "report.teardown.title" : "report.apply.title"));
        RunResult r = outcome.result();
        StringBuilder body = new StringBuilder();
        if (outcome.error() != null) {
            a.setHeaderText(m.i18n("report.error"));
            body.append(m.problem(outcome.error()));
        } else if (ok) {
            a.setHeaderText(m.i18n(teardown ? "report.teardown.clean" : "report.apply.done",
                    r.created().size() + r.adopted().size(), r.deleted().size()));
            body.append(m.i18n("report.time", String.format(m.locale(), "%.1f", r.wallSeconds()), r.apiCalls()));
        } else {
            a.setHeaderText(m.i18n(r.cancelled() ? "report.cancelled" : teardown ? "report.teardown.remains" : "report.apply.problems"));
            r.failed().forEach((addr, msg) -> body.append(m.i18n("report.failed", addr.value(), msg)).append('\n'));
            r.skipped().forEach((addr, cause) -> body.append(m.i18n("report.skipped", addr.value(), cause.value())).append('\n'));
            for (TagScanner.TaggedResource t : r.remaining()) {
                body.append(m.i18n("report.remaining", t.resourceType(), t.physicalId(), t.region(), t.address() == null ? "" : t.address())).append('\n');
            }
        }
        ((Label) a.getDialogPane().getContent()).setText(body.toString().strip());
    }

    /** An unexpected error: a sentence, and the stack trace folded under "details". */
    static Alert error(Messages m, Throwable e) {
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.getDialogPane().getStylesheets().setAll(Resources.stylesheets());
        a.setTitle(m.i18n("error.title"));
        a.setHeaderText(m.i18n("error.header"));
        a.setContentText(String.valueOf(e.getMessage()));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        TextArea area = new TextArea(trace.toString());
        area.setEditable(false);
        area.setPrefRowCount(14);
        a.getDialogPane().setExpandableContent(area);
        return a;
    }
}
