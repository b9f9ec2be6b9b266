package dev.cairn.gui;

import dev.cairn.model.Blueprint;
import dev.cairn.model.StackState;
import dev.cairn.plan.CostEstimate;
import dev.cairn.plan.NetworkResources;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlannedAction;
import dev.cairn.plan.Planner;
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

    /** Plans the blueprint against the state (pure and quick: no AWS call). */
    public void refresh(Blueprint blueprint, StackState state) {
        Plan p = Planner.plan(blueprint, state);
        plan.set(p);
        lines.setAll(p.actions());
        cost.set(CostEstimate.of(NetworkResources.specs(blueprint)));
    }

    public void clear() {
        plan.set(null);
        lines.clear();
        cost.set(null);
    }

    public ObservableList<PlannedAction> lines() {
        return readOnlyLines;
    }

    public ReadOnlyObjectProperty<Plan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CostEstimate> costProperty() {
        return cost.getReadOnlyProperty();
    }
}
