package dev.cairn.gui;

import dev.cairn.plan.Action;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlannedAction;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Review page: the plan line by line, its summary and cost, and the Apply and Teardown buttons. */
final class ReviewView extends HBox {

    ReviewView(Messages m, WorkspaceViewModel workspace, Runnable teardown) {
        ReviewViewModel vm = workspace.review();
        getStyleClass().addAll("page", "review-page");
        Label title = new Label(m.i18n("wizard.review.title"));
        title.getStyleClass().add("page-title");
        Label summary = new Label();
        summary.setId("planSummary");
        summary.getStyleClass().add("strong");
        summary.textProperty().bind(Bindings.createStringBinding(() -> summaryText(m, vm.planProperty().get()),
                vm.planProperty()));

        TableView<PlannedAction> table = new TableView<>(vm.lines());
        table.setId("planTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(m.i18n("review.empty")));
        TableColumn<PlannedAction, Action> action = new TableColumn<>(m.i18n("review.action"));
        action.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue().action()));
        action.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Action item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeIf(s -> s.startsWith("action-"));
                setText(empty || item == null ? null : m.i18n(actionKey(item)));
                if (!empty && item != null) {
                    getStyleClass().add("action-" + item.name().toLowerCase(Locale.ROOT));
                }
            }
        });
        TableColumn<PlannedAction, String> address = new TableColumn<>(m.i18n("review.address"));
        address.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().address().value()));
        TableColumn<PlannedAction, String> reason = new TableColumn<>(m.i18n("review.reason"));
        reason.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().reason()));
        action.setPrefWidth(90);
        address.setPrefWidth(260);
        reason.setPrefWidth(260);
        table.getColumns().setAll(java.util.List.of(action, address, reason));
        VBox.setVgrow(table, Priority.ALWAYS);

        Button apply = new Button(m.i18n("action.apply"));
        apply.setId("reviewApply");
        apply.getStyleClass().add("accent");
        apply.setDefaultButton(true);
        apply.disableProperty().bind(workspace.canApplyBinding().not());
        apply.setOnAction(e -> workspace.apply());
        Button tear = new Button(m.i18n("action.teardown"));
        tear.setId("teardown");
        tear.getStyleClass().add("danger");
        tear.disableProperty().bind(workspace.canTeardownBinding().not());
        tear.setOnAction(e -> teardown.run());
        HBox actions = new HBox(12, apply, tear);
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox left = new VBox(12, title, summary, table, actions);
        left.setPadding(new Insets(20));
        HBox.setHgrow(left, Priority.ALWAYS);
        VBox cost = new VBox(12);
        Runnable fillCost = () -> {
            cost.getChildren().clear();
            // Panes over fixed values, rebuilt per plan: none keeps a listener on the view model.
            if (vm.costs().size() <= 1) {
                cost.getChildren().add(new CostPane(m, new javafx.beans.property.SimpleObjectProperty<>(
                        vm.costs().isEmpty() ? null : vm.costs().get(0))));
                return;
            }
            for (dev.cairn.plan.CostEstimate c : vm.costs()) {
                Label region = new Label(m.i18n("access.cost.region", c.region(), AccountView.regionName(m, c.region())));
                region.getStyleClass().add("strong");
                region.setWrapText(true);
                cost.getChildren().addAll(region, new CostPane(m, new javafx.beans.property.SimpleObjectProperty<>(c)));
            }
        };
        vm.costs().addListener((javafx.collections.ListChangeListener<dev.cairn.plan.CostEstimate>) c -> fillCost.run());
        fillCost.run();
        cost.setPadding(new Insets(20));
        cost.setPrefWidth(340);
        cost.setMinWidth(300);
        cost.getStyleClass().add("explain");
        getChildren().addAll(left, cost);
    }

    static String actionKey(Action a) {
        return "plan.action." + a.name().toLowerCase(Locale.ROOT);
    }

    static String summaryText(Messages m, Plan p) {
        if (p == null) {
            return m.i18n("review.noPlan");
        }
        if (!p.hasChanges()) {
            return m.i18n("review.upToDate", p.count(Action.KEEP));
        }
        return m.i18n("review.summary", p.count(Action.CREATE), p.count(Action.REPLACE), p.count(Action.DELETE),
                p.count(Action.KEEP), p.count(Action.UPDATE));
    }
}
