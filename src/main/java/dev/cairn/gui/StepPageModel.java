package dev.cairn.gui;

import dev.cairn.model.Blueprint;
import dev.cairn.model.Section;
import dev.cairn.model.StackState;
import dev.cairn.plan.PlannedAction;
import dev.cairn.step.StepModule;
import java.util.List;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.collections.ObservableList;

/**
 * A wizard page that edits one step's section of the workspace's blueprint, as the workspace sees
 * it: whether its fields validate, the section its form describes, and what the current plan does
 * to the step's resources. The page writes its section back into the blueprint itself whenever
 * its own fields validate, so the workspace needs no chain between pages and no case per step.
 *
 * <p>Opening a stack: the workspace {@linkplain #load loads} every page, sets the blueprint, then
 * {@linkplain #revalidate revalidates} every page. After that a page follows the blueprint (other
 * pages' sections, the region) on its own. Account and Review are not step pages: they edit no
 * section ({@link WizardStep#module()} is empty for them).
 */
public interface StepPageModel {

    /** The step whose section the page edits. */
    StepModule<?> step();

    /** Fills the form from a blueprint just opened, without validating or writing anything back. */
    void load(Blueprint blueprint);

    /** Validates the form's section in the current blueprint, and writes it back when its fields are valid. */
    void revalidate();

    /** Whether the page's own fields validate (true for an optional step left out). */
    ReadOnlyBooleanProperty validProperty();

    /** The section the form describes, valid or not; null while the step is left out. */
    ReadOnlyObjectProperty<? extends Section> sectionProperty();

    /** What the current plan does to the step's resources; empty while there is no plan. */
    ObservableList<PlannedAction> planned();

    /**
     * The page's share of the whole blueprint's plan ({@link StepPageViewModel#plannedIn}), or
     * null when there is no plan (a page is invalid).
     */
    void showPlanned(List<PlannedAction> actions);

    /**
     * {@code blueprint} as previews may plan it without a network call: a page whose section holds
     * an input resolved only at apply time (Access's {@code myIp: auto}) puts a stand-in there.
     */
    default Blueprint plannable(Blueprint blueprint) {
        return blueprint;
    }

    /**
     * How the page's previews (cost, warnings) make a whole blueprint plannable: the workspace
     * passes the composition of every page's {@link #plannable}.
     */
    void previewWith(UnaryOperator<Blueprint> plannable);

    /** The stack's state changed (opened, or a run ended). */
    default void stateChanged(StackState state) {}
}
