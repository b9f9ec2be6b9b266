package dev.cairn.gui;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.GroupLive;
import dev.cairn.topology.MemberSlots;
import dev.cairn.topology.TaskSetLive;
import dev.cairn.topology.TopologyInput;
import dev.cairn.topology.TopologyLayout;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the live topology shows: the input (desired resources, state, live statuses) and the
 * laid-out {@link Diagram}. The diagram component only binds to {@link #diagramProperty()}.
 *
 * <p>Invariants (issue #14: a 500-resource diagram that updates in a frame):
 *
 * <ul>
 *   <li>A change of live statuses only is re-statused in place ({@link TopologyLayout#restatus}):
 *       no layout runs, and every record but the changed boxes' stays the same instance, so the
 *       view touches only those boxes.
 *   <li>Anything else is laid out by the {@link TaskExecutor} (off the FX thread in the app, below
 *       its priority), one layout at a time: a request made while one runs waits, and the newest
 *       waiting request replaces older ones; a result whose input is no longer the newest is
 *       dropped. {@link #diagramProperty()} therefore always ends at the layout of the last input.
 * </ul>
 *
 * <p>Call every method on the executor's delivery thread (the FX thread in the app).
 */
public final class TopologyViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyViewModel.class);

    private final TaskExecutor executor;
    /** The layout function: {@link TopologyLayout#layout}; a seam for tests that count its runs. */
    private final Function<TopologyInput, Diagram> layout;
    /** Whether a layout is being computed (volatile: {@link #settled()} may be polled from a test thread). */
    private volatile boolean layoutRunning;
    /** The newest input waiting for a layout while one runs, or null. */
    private volatile TopologyInput layoutWanted;
    /** The input the shown diagram is exactly the layout of, or null. */
    private TopologyInput shownInput;

    private final ReadOnlyObjectWrapper<TopologyInput> input = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Diagram> diagram = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Set<String>> focus = new ReadOnlyObjectWrapper<>(Set.of());
    /** What AWS last said of the stack's Auto Scaling groups, members in the cells they keep. */
    private Map<Address, GroupLive> groups = Map.of();
    /** Keeps each member in its cell across reads, so one coming or going moves no other. */
    private final MemberSlots slots = new MemberSlots();

    /** What AWS last said of the blue and green task sets of the services being deployed, by service. */
    private Map<Address, List<TaskSetLive>> taskSets = Map.of();

    /** Lays out on the calling thread: for tests and tools without a UI thread. */
    public TopologyViewModel() {
        this(new CurrentThreadTaskExecutor());
    }

    /** Lays out through {@code executor} (the app's: off the FX thread, results delivered on it). */
    public TopologyViewModel(TaskExecutor executor) {
        this(executor, TopologyLayout::layout);
    }

    TopologyViewModel(TaskExecutor executor, Function<TopologyInput, Diagram> layout) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    /**
     * Shows the stack: re-statused at once when only live statuses changed, else laid out again
     * in the background (a few milliseconds even for hundreds of resources).
     */
    public void show(String stack, String region, List<ResourceSpec> desired, StackState state, Map<Address, ItemStatus> live) {
        TopologyInput in = new TopologyInput(stack, region, desired, state, live, groups, taskSets);
        input.set(in);
        Diagram shown = diagram.get();
        if (!layoutRunning && shown != null && shownInput != null) {
            Optional<Diagram> restatused = TopologyLayout.restatus(shown, shownInput, in);
            if (restatused.isPresent()) {
                shownInput = in;
                diagram.set(restatused.get());
                return;
            }
        }
        layoutWanted = in;
        if (!layoutRunning) {
            startLayout();
        }
    }

    private void startLayout() {
        TopologyInput in = layoutWanted;
        layoutWanted = null;
        layoutRunning = true;
        executor.execute(BackgroundTask.wrap(() -> layout.apply(in))
                .onSuccess(d -> {
                    // Superseded (a newer input, or cleared): the newer one's layout follows.
                    if (input.get() == in) {
                        shownInput = in;
                        diagram.set(d);
                    }
                })
                .onFailure(e -> LOG.warn("topology layout failed", e))
                .onFinished(() -> {
                    layoutRunning = false;
                    if (layoutWanted != null) {
                        startLayout();
                    }
                }));
    }

    /** Whether the diagram shows the last input: no layout runs or waits (tests wait on it). */
    public boolean settled() {
        return !layoutRunning && layoutWanted == null;
    }

    /**
     * The groups' members as AWS reports them now (from {@link GroupWatch}, on the FX thread):
     * each keeps the cell it had; the picture is laid out again with them.
     */
    public void showGroups(Map<Address, GroupLive> live) {
        Map<Address, GroupLive> next = new TreeMap<>();
        live.forEach((group, g) -> next.put(group, new GroupLive(g.desired(), slots.assign(group, g.members()))));
        groups = Collections.unmodifiableMap(next);
        TopologyInput in = input.get();
        if (in != null) {
            show(in.stack(), in.region(), in.desired(), in.state(), in.live());
        }
    }

    /**
     * The task sets of the services CodeDeploy deploys, as AWS reports them now (from the Pipeline
     * page's watch, on the FX thread): the picture is laid out again only when they changed.
     */
    public void showTaskSets(Map<Address, List<TaskSetLive>> live) {
        Map<Address, List<TaskSetLive>> next = Collections.unmodifiableMap(new TreeMap<>(live));
        if (next.equals(taskSets)) {
            return;
        }
        taskSets = next;
        TopologyInput in = input.get();
        if (in != null) {
            show(in.stack(), in.region(), in.desired(), in.state(), in.live());
        }
    }

    /** The task sets last shown, by service. */
    public Map<Address, List<TaskSetLive>> taskSets() {
        return taskSets;
    }

    /** Forgets the members and their cells (another stack, another target). */
    public void resetGroups() {
        slots.clear();
        groups = Map.of();
    }

    /** The members last shown, by group. */
    public Map<Address, GroupLive> groups() {
        return groups;
    }

    public void clear() {
        input.set(null);
        layoutWanted = null;
        shownInput = null;
        diagram.set(null);
    }

    /** The diagram follows a page: it zooms to the resources of these steps (empty: every resource). */
    public void focus(Set<String> steps) {
        focus.set(Set.copyOf(steps));
    }

    /** The steps ({@code Address.step()}) whose resources the diagram zooms to; empty: every resource. */
    public ReadOnlyObjectProperty<Set<String>> focusProperty() {
        return focus.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TopologyInput> inputProperty() {
        return input.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Diagram> diagramProperty() {
        return diagram.getReadOnlyProperty();
    }
}
