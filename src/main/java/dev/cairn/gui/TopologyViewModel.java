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
import java.util.Set;
import java.util.TreeMap;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * What the live topology shows: the input (desired resources, state, live statuses) and the
 * laid-out {@link Diagram}. The diagram component only binds to {@link #diagramProperty()}.
 */
public final class TopologyViewModel {

    private final ReadOnlyObjectWrapper<TopologyInput> input = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Diagram> diagram = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Set<String>> focus = new ReadOnlyObjectWrapper<>(Set.of());
    /** What AWS last said of the stack's Auto Scaling groups, members in the cells they keep. */
    private Map<Address, GroupLive> groups = Map.of();
    /** Keeps each member in its cell across reads, so one coming or going moves no other. */
    private final MemberSlots slots = new MemberSlots();

    /** What AWS last said of the blue and green task sets of the services being deployed, by service. */
    private Map<Address, List<TaskSetLive>> taskSets = Map.of();

    /** Lays the picture out again (a few milliseconds even for hundreds of resources). */
    public void show(String stack, String region, List<ResourceSpec> desired, StackState state, Map<Address, ItemStatus> live) {
        TopologyInput in = new TopologyInput(stack, region, desired, state, live, groups, taskSets);
        input.set(in);
        diagram.set(TopologyLayout.layout(in));
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
