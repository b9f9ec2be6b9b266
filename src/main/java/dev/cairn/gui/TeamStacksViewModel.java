package dev.cairn.gui;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A team bucket's stacks, for the Open stack dialog: the {@code s3://BUCKET/PREFIX} typed and
 * checked before any call, the stacks under it listed in the background with their last change
 * and lock holder, one opened, a stale lock removed after the user confirmed naming its holder.
 * The empty states say what to do: no stacks yet, access denied, no such bucket.
 */
public final class TeamStacksViewModel {

    private final TaskExecutor executor;
    private final TeamStates teamStates;
    private final Supplier<TargetChoice> target;
    private final Supplier<String> region;
    private final BiConsumer<String, String> opener;

    private final StringProperty location = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<Problem> locationProblem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ObservableList<TeamStack> stacks = FXCollections.observableArrayList();
    private final ObservableList<TeamStack> readOnlyStacks = FXCollections.unmodifiableObservableList(stacks);
    /** The location the list shows (null before the first list): a later edit does not relabel it. */
    private final ReadOnlyObjectWrapper<String> listed = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Problem> problem = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<TeamStack> selected = new SimpleObjectProperty<>();
    private final BooleanBinding canList;
    private final BooleanBinding canOpen;
    private final BooleanBinding canUnlock;
    /** Counts lists, so an older answer arriving after a newer request is dropped. */
    private long generation;

    /**
     * @param target the choice the calls go to (the Account page's), read at each call
     * @param region the region the calls are signed for, read at each call
     * @param opener opens a listed stack: (location, stack name)
     */
    public TeamStacksViewModel(TaskExecutor executor, TeamStates teamStates, Supplier<TargetChoice> target,
            Supplier<String> region, BiConsumer<String, String> opener) {
        this.executor = executor;
        this.teamStates = teamStates;
        this.target = target;
        this.region = region;
        this.opener = opener;
        location.addListener((o, a, b) -> locationProblem.set(problemOf(b)));
        locationProblem.set(problemOf(location.get()));
        canList = Bindings.createBooleanBinding(() -> locationProblem.get() == null && !loading.get(),
                locationProblem, loading);
        canOpen = Bindings.createBooleanBinding(() -> selected.get() != null && !loading.get(), selected, loading);
        canUnlock = Bindings.createBooleanBinding(() -> selected.get() != null && !loading.get()
                && selected.get().lock() != null && selected.get().lock().stale(), selected, loading);
    }

    /** A team bucket only: a folder is what "This computer" opens. */
    private Optional<Problem> checkBucket(String text) {
        String typed = text == null ? "" : text.strip();
        if (typed.isEmpty()) {
            return Optional.of(Problem.of("team.location.empty"));
        }
        Optional<Problem> p = teamStates.check(typed);
        if (p.isPresent()) {
            return p;
        }
        return teamStates.isBucket(typed) ? Optional.empty() : Optional.of(Problem.of("team.location.notBucket", typed));
    }

    private Problem problemOf(String text) {
        return checkBucket(text).orElse(null);
    }

    /** Lists the stacks under the typed location, in the background. */
    public void list() {
        if (!canList.get()) {
            return;
        }
        String at = location.get().strip();
        TargetChoice choice = target.get();
        if (choice == null) {
            // The app is still starting: no target is chosen yet (AccountViewModel#startingProperty).
            return;
        }
        String r = region.get();
        long mine = ++generation;
        loading.set(true);
        problem.set(null);
        executor.execute(BackgroundTask.wrap(() -> teamStates.list(choice, r, at))
                .onSuccess(found -> {
                    if (mine == generation) {
                        show(at, found);
                    }
                })
                .onFailure(e -> {
                    if (mine == generation) {
                        stacks.clear();
                        listed.set(at);
                        problem.set(TeamErrors.describe(e, at));
                    }
                })
                .onFinished(() -> {
                    if (mine == generation) {
                        loading.set(false);
                    }
                }));
    }

    private void show(String at, List<TeamStack> found) {
        String keep = selected.get() == null ? null : selected.get().name();
        stacks.setAll(found);
        listed.set(at);
        problem.set(found.isEmpty() ? Problem.of("team.empty", at) : null);
        selected.set(found.stream().filter(s -> s.name().equals(keep)).findFirst().orElse(null));
    }

    /** Opens the selected stack from the listed location. */
    public void openSelected() {
        TeamStack s = selected.get();
        if (canOpen.get() && s != null) {
            opener.accept(listed.get(), s.name());
        }
    }

    /**
     * Removes the selected stack's stale lock (the caller has confirmed, naming the holder), then
     * lists again. Only that lock goes: if its holder came back and took a new one, nothing does.
     */
    public void unlockSelected() {
        TeamStack s = selected.get();
        if (!canUnlock.get() || s == null) {
            return;
        }
        String at = listed.get();
        TargetChoice choice = target.get();
        String r = region.get();
        loading.set(true);
        problem.set(null);
        long mine = ++generation;
        executor.execute(BackgroundTask.wrap(() -> {
            teamStates.unlock(choice, r, at, s.name(), s.lock().id());
            return teamStates.list(choice, r, at);
        }).onSuccess(found -> {
            if (mine == generation) {
                show(at, found);
            }
        }).onFailure(e -> {
            if (mine == generation) {
                problem.set(TeamErrors.describe(e, at));
            }
        }).onFinished(() -> {
            if (mine == generation) {
                loading.set(false);
            }
        }));
    }

    public StringProperty locationProperty() {
        return location;
    }

    /** Why the typed text is not a team bucket location; null when it is one. */
    public ReadOnlyObjectProperty<Problem> locationProblemProperty() {
        return locationProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ObservableList<TeamStack> stacks() {
        return readOnlyStacks;
    }

    /** The location the list shows, or null before the first list. */
    public ReadOnlyObjectProperty<String> listedProperty() {
        return listed.getReadOnlyProperty();
    }

    /** What the list cannot show, in words with what to do (empty bucket, denied, missing); null when fine. */
    public ReadOnlyObjectProperty<Problem> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ObjectProperty<TeamStack> selectedProperty() {
        return selected;
    }

    public BooleanBinding canListBinding() {
        return canList;
    }

    public BooleanBinding canOpenBinding() {
        return canOpen;
    }

    public BooleanBinding canUnlockBinding() {
        return canUnlock;
    }
}
