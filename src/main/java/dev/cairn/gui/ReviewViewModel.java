package dev.cairn.gui;

import dev.cairn.model.Blueprint;
import dev.cairn.model.StackState;
import dev.cairn.plan.CostEstimate;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlannedAction;
import dev.cairn.plan.Planner;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The Review page: the plan against the stack's state, line by line, and its cost. */
public final class ReviewViewModel {

    private final ObservableList<PlannedAction> lines = FXCollections.observableArrayList();
    /** One wrapper, kept: listeners on a wrapper made per call would be lost to GC. */
    private final ObservableList<PlannedAction> readOnlyLines = FXCollections.unmodifiableObservableList(lines);
    private final ReadOnlyObjectWrapper<Plan> plan = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<CostEstimate> cost = new ReadOnlyObjectWrapper<>();
    private final ObservableList<CostEstimate> costs = FXCollections.observableArrayList();
    private final ObservableList<CostEstimate> readOnlyCosts = FXCollections.unmodifiableObservableList(costs);

    /** Plans the blueprint against the state (pure and quick: no AWS call) and shows it. */
    public void refresh(Blueprint blueprint, StackState state) {
        // Every step's resources; a peered stack spans two regions, each estimated on its own.
        show(Planner.plan(blueprint, state), CostEstimate.perRegion(Planner.specs(blueprint)));
    }

    /**
     * Shows a plan and its costs made elsewhere (the workspace plans on a worker after a run).
     * Equal lines or costs are left as they are: a run changes the plan but rarely the costs, and
     * each change of {@link #costs()} rebuilds every cost pane bound to it.
     */
    public void show(Plan p, List<CostEstimate> perRegion) {
        plan.set(p);
        if (!lines.equals(p.actions())) {
            lines.setAll(p.actions());
        }
        if (!costs.equals(perRegion)) {
            costs.setAll(perRegion);
        }
        cost.set(perRegion.isEmpty() ? null : perRegion.get(0));
    }

    public void clear() {
        plan.set(null);
        lines.clear();
        cost.set(null);
        costs.clear();
    }

    public ObservableList<PlannedAction> lines() {
        return readOnlyLines;
    }

    public ReadOnlyObjectProperty<Plan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    /** One estimate per region the plan builds in, the stack's own first. */
    public ObservableList<CostEstimate> costs() {
        return readOnlyCosts;
    }

    /** The estimate of the stack's own region. */
    public ReadOnlyObjectProperty<CostEstimate> costProperty() {
        return cost.getReadOnlyProperty();
    }
}
