package dev.cairn.gui;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.Section;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlannedAction;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.StepModule;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What every step page shares: it edits its step's section in the workspace's one blueprint
 * property. Every change of its form, or of the blueprint, validates the blueprint with the
 * form's section in it; the page keeps the errors of its own fields, each at its field path, and
 * writes a section free of them back with {@link Blueprint#with}. An invalid form stays on the
 * page: the blueprint keeps the page's last valid section, so another page's edit is saved with
 * it rather than lost or saved without the step.
 *
 * <p>Listeners on the blueprint read its current value, never the event's new value: a page that
 * writes back inside another page's notification makes the outer event's value stale.
 *
 * @param <S> the step's section
 */
public abstract class StepPageViewModel<S extends Section> implements StepPageModel {

    private final StepModule<S> step;
    /** The workspace's blueprint: the page reads the rest from it and writes its section to it. */
    private final ObjectProperty<Blueprint> blueprint;
    private final ObservableList<FieldError> errors = FXCollections.observableArrayList();
    /** One wrapper, kept: listeners on a wrapper made per call would be lost to GC. */
    private final ObservableList<FieldError> readOnlyErrors = FXCollections.unmodifiableObservableList(errors);
    private final Map<String, ReadOnlyObjectWrapper<FieldError>> fieldErrors = new LinkedHashMap<>();
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<S> section = new ReadOnlyObjectWrapper<>();
    private final ObservableList<PlannedAction> planned = FXCollections.observableArrayList();
    private final ObservableList<PlannedAction> readOnlyPlanned = FXCollections.unmodifiableObservableList(planned);

    /**
     * How previews (cost, warnings) make the whole blueprint plannable without a network call: by
     * default the page's own {@link #plannable}; the workspace gives every page the composition of
     * all pages', so one page's preview is not broken by another step's unresolved input (a bucket
     * named {@code auto} under the Web page's cost).
     */
    private UnaryOperator<Blueprint> previews = this::plannable;
    /** True while {@link #load} fills the form, so its changes are not treated as edits. */
    private boolean loading;
    /** The blueprint this page wrote last: its own change needs no second look. */
    private Blueprint written;

    /**
     * @param fields the field paths the page shows an error at ({@link #errorAt})
     */
    protected StepPageViewModel(StepModule<S> step, ObjectProperty<Blueprint> blueprint, Collection<String> fields) {
        this.step = step;
        this.blueprint = blueprint;
        for (String f : fields) {
            fieldErrors.put(f, new ReadOnlyObjectWrapper<>());
        }
        blueprint.addListener((o, a, b) -> {
            Blueprint now = blueprint.get();
            if (now != null && now != written && !loading) {
                restChanged(now);
                revalidate();
            }
        });
    }

    /** The section the form describes now, valid or not; null when the step is left out. */
    protected abstract S formSection();

    /** Fills the form from {@code section} of {@code blueprint}; null means the step is left out. */
    protected abstract void fill(S section, Blueprint blueprint);

    /** The blueprint changed under the page (another page's edit, the region, a rename); the form may follow. */
    protected void restChanged(Blueprint now) {}

    /** After each validation: {@code own} are the page's errors, {@code all} the whole blueprint's. */
    protected void validated(Blueprint candidate, List<FieldError> own, List<FieldError> all) {}

    /** Whether {@code error} is the page's: by default, one of its section's fields. */
    protected boolean isMine(FieldError error) {
        return isUnder(error.field(), step.name());
    }

    /** Whether {@code error} shows at the page's field {@code field}: by default, when it is that field's. */
    protected boolean showsAt(String field, FieldError error) {
        return error.field().equals(field);
    }

    /** Whether a field path is {@code key} or lies under it ({@code network.subnets[0].cidr} under {@code network}). */
    protected static boolean isUnder(String field, String key) {
        return field.equals(key) || field.startsWith(key + ".");
    }

    /** True while the form is being filled from a blueprint. */
    protected boolean loading() {
        return loading;
    }

    /** Runs {@code fill} as a load: form changes are not edits. */
    protected void whileLoading(Runnable fill) {
        boolean was = loading;
        loading = true;
        try {
            fill.run();
        } finally {
            loading = was;
        }
    }

    @Override
    public StepModule<S> step() {
        return step;
    }

    @Override
    public final void load(Blueprint bp) {
        whileLoading(() -> fill(bp.section(step.key()), bp));
    }

    @Override
    public final void revalidate() {
        Blueprint current = blueprint.get();
        if (loading || current == null) {
            return;
        }
        S mine = formSection();
        Blueprint candidate = current.with(step.key(), mine);
        List<FieldError> all = BlueprintValidator.validate(candidate);
        List<FieldError> own = all.stream().filter(this::isMine).toList();
        errors.setAll(own);
        fieldErrors.forEach((field, w) -> w.set(own.stream().filter(e -> showsAt(field, e)).findFirst().orElse(null)));
        section.set(mine);
        valid.set(own.isEmpty());
        validated(candidate, own, all);
        if (own.isEmpty() && !Objects.equals(mine, current.section(step.key()))) {
            written = candidate;
            blueprint.set(candidate);
        }
    }

    @Override
    public void previewWith(UnaryOperator<Blueprint> plannable) {
        previews = plannable;
    }

    /** {@code bp} as previews plan it ({@link #previewWith}). */
    protected Blueprint preview(Blueprint bp) {
        return previews.apply(bp);
    }

    /** The workspace's blueprint as it is now (null before a stack is open). */
    protected Blueprint blueprint() {
        return blueprint.get();
    }

    /** Replaces the workspace's blueprint: for an edit of the whole, like the region. */
    protected void setBlueprint(Blueprint changed) {
        blueprint.set(changed);
    }

    /** The blueprint the page describes now: the workspace's with the form's section, valid or not. */
    public Blueprint currentBlueprint() {
        Blueprint current = blueprint.get();
        return current == null ? null : current.with(step.key(), formSection());
    }

    /**
     * The actions of {@code plan} on the resources {@code step} plans for {@code plannable}: pure,
     * so the workspace computes it on a worker with the plan.
     */
    static List<PlannedAction> plannedIn(StepModule<?> step, Blueprint plannable, Plan plan) {
        Set<Address> mine = step.resources(plannable).stream().map(ResourceSpec::address).collect(Collectors.toSet());
        return plan.actions().stream().filter(a -> mine.contains(a.address())).toList();
    }

    @Override
    public void showPlanned(List<PlannedAction> actions) {
        if (actions == null) {
            planned.clear();
        } else if (!actions.equals(planned)) {
            planned.setAll(actions);
        }
    }

    @Override
    public ObservableList<PlannedAction> planned() {
        return readOnlyPlanned;
    }

    /** The page's errors, each at its own field path. */
    public ObservableList<FieldError> errors() {
        return readOnlyErrors;
    }

    /** The first error of one field path, or null. */
    public ReadOnlyObjectProperty<FieldError> errorAt(String field) {
        ReadOnlyObjectWrapper<FieldError> w = fieldErrors.get(field);
        if (w == null) {
            throw new IllegalArgumentException("no such field: " + field);
        }
        return w.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyObjectProperty<S> sectionProperty() {
        return section.getReadOnlyProperty();
    }
}
