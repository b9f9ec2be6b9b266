package dev.cairn.gui;

import dev.cairn.gui.topology.DiagramView;
import dev.cairn.gui.topology.ResourceDetails;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.TopologyInput;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/**
 * Builds what fills the right-hand topology slot ({@link MainView#setTopology}): the live
 * {@link DiagramView}, fed from {@link TopologyViewModel}, with an empty-state line while there is
 * nothing to draw.
 */
public final class TopologySlot {

    private TopologySlot() {}

    public static Node create(Messages messages, WorkspaceViewModel workspace) {
        TopologyViewModel model = workspace.topology();
        DiagramView view = new DiagramView(messages.bundle());
        view.setId("diagram");
        Label empty = new Label(messages.i18n("topology.empty"));
        empty.getStyleClass().add("empty-state");
        empty.setWrapText(true);
        // The input the details provider was made for: a change of live statuses only keeps it, so
        // a status change with a box selected does not rebuild the details card (the view refills
        // it when the selected box itself changed).
        TopologyInput[] provided = {null};
        Runnable redraw = () -> {
            Diagram d = model.diagramProperty().get();
            boolean has = d != null && !d.nodes().isEmpty();
            empty.setVisible(!has);
            view.setVisible(has);
            if (d != null) {
                view.show(d);
            }
            TopologyInput in = model.inputProperty().get();
            TopologyInput was = provided[0];
            boolean same = was != null && in != null && was.stack().equals(in.stack()) && was.region().equals(in.region())
                    && was.desired().equals(in.desired()) && was.state().equals(in.state())
                    && was.groups().equals(in.groups()) && was.taskSets().equals(in.taskSets());
            if (in != null && !same) {
                provided[0] = in;
                var resources = ResourceDetails.provider(in.stack(), in.desired(), in.state(),
                        workspace.network().currentBlueprint().tags());
                // A group's member is no spec: its ID is the name of its address, in the stack's region.
                view.setDetailsProvider(a -> resources.apply(a).or(() -> d != null && d.node(a).map(Diagram.Node::member)
                        .orElse(false) ? java.util.Optional.of(new ResourceDetails(in.region(), a.name(), "", "",
                        java.util.Map.of())) : java.util.Optional.empty()));
            }
        };
        model.diagramProperty().addListener((o, a, b) -> redraw.run());
        redraw.run();
        view.setFocusSteps(model.focusProperty().get());
        model.focusProperty().addListener((o, a, b) -> view.setFocusSteps(b));
        // Console links only make sense for IDs a real AWS account knows.
        TargetChoice chosen = workspace.account().targetProperty().get();
        view.setConsoleLinks(chosen != null && !chosen.isSandbox());
        workspace.account().targetProperty().addListener((o, a, b) -> view.setConsoleLinks(b != null && !b.isSandbox()));
        StackPane slot = new StackPane(view, empty);
        slot.getStyleClass().add("topology");
        empty.maxWidthProperty().bind(Bindings.createDoubleBinding(() -> slot.getWidth() - 32, slot.widthProperty()));
        return slot;
    }
}
