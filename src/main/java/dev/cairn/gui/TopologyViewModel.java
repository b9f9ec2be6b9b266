package dev.cairn.gui;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.TopologyInput;
import dev.cairn.topology.TopologyLayout;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * What the live topology shows: the input (desired resources, state, live statuses) and the
 * laid-out {@link Diagram}. The diagram component only binds to {@link #diagramProperty()}.
 */
public final class TopologyViewModel {

    private final ReadOnlyObjectWrapper<TopologyInput> input = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Diagram> diagram = new ReadOnlyObjectWrapper<>();

    /** Lays the picture out again (a few milliseconds even for hundreds of resources). */
    public void show(String stack, String region, List<ResourceSpec> desired, StackState state, Map<Address, ItemStatus> live) {
        TopologyInput in = new TopologyInput(stack, region, desired, state, live);
        input.set(in);
        diagram.set(TopologyLayout.layout(in));
    }

    public void clear() {
        input.set(null);
        diagram.set(null);
    }

    public ReadOnlyObjectProperty<TopologyInput> inputProperty() {
        return input.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Diagram> diagramProperty() {
        return diagram.getReadOnlyProperty();
    }
}
