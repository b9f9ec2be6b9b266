package dev.cairn.gui;

import dev.cairn.plan.Action;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlannedAction;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * The Review page ({@code ReviewView.fxml}): the plan line by line, its summary and cost, and the
 * Apply and Teardown buttons, bound to {@link ReviewViewModel}.
 */
final class ReviewView extends StepPageLayout implements StepPage {

    /** The plan table grows with the plan up to this many rows, then scrolls. */
    private static final int VISIBLE_ROWS = 14;

    private final Runnable onTeardown;
    private final ObservableBooleanValue valid;

    @FXML private Label planSummary;
    @FXML private TableView<PlannedAction> planTable;
    @FXML private TableColumn<PlannedAction, Action> actionColumn;
    @FXML private TableColumn<PlannedAction, String> addressColumn;
    @FXML private TableColumn<PlannedAction, String> reasonColumn;
    @FXML private ExplanationPanel explanation;
    @FXML private ApplyBar applyBar;
    @FXML private Button teardown;

    ReviewView(Messages m, WorkspaceViewModel workspace, Runnable onTeardown) {
        this.onTeardown = onTeardown;
        ViewLoader.load(this, m);
        ReviewViewModel vm = workspace.review();
        valid = BooleanExpression.booleanExpression(vm.planProperty().isNotNull());
        planSummary.textProperty().bind(Bindings.createStringBinding(() -> summaryText(m, vm.planProperty().get()),
                vm.planProperty()));

        planTable.setItems(vm.lines());
        planTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        planTable.prefHeightProperty().bind(Bindings.createDoubleBinding(() -> Math.min(vm.lines().size(), VISIBLE_ROWS)
                * planTable.getFixedCellSize() + 32, vm.lines()));
        actionColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().action()));
        actionColumn.setCellFactory(col -> new TableCell<>() {
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
        addressColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().address().value()));
        reasonColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().reason()));

        explanation.showCosts(m, vm.costs());
        applyBar.bind(m, workspace, valid);
        teardown.disableProperty().bind(workspace.canTeardownBinding().not());
    }

    @FXML
    private void teardown() {
        onTeardown.run();
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

    @Override
    public WizardStep step() {
        return WizardStep.REVIEW;
    }

    @Override
    public ObservableBooleanValue validProperty() {
        return valid;
    }

    @Override
    public Node focusTarget() {
        return planTable;
    }
}
