package dev.cairn.gui;

import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/**
 * The Stress button and what it says (bound to {@link StressViewModel}): in the Sandbox, a
 * toggle and the last press's outcome with what to watch in the diagram; in AWS, instead, how to
 * stress an instance through the bastion. One control, so a page places it with one FXML line.
 */
public final class StressBox extends VBox {

    private final Button button = new Button();
    private final Label status = new Label();
    private final Label aws = new Label();

    public StressBox() {
        super(6);
        getStyleClass().add("stress-box");
        button.setId("webStress");
        status.setId("webStressStatus");
        status.setWrapText(true);
        status.getStyleClass().add("field-hint");
        aws.setId("webStressAws");
        aws.setWrapText(true);
        aws.getStyleClass().add("field-hint");
        getChildren().addAll(button, status, aws);
    }

    /** Follows {@code vm}, in {@code m}'s language. */
    public void bind(Messages m, StressViewModel vm) {
        button.textProperty().bind(Bindings.when(vm.onProperty()).then(m.i18n("web.stress.stop"))
                .otherwise(m.i18n("web.stress")));
        button.setTooltip(new Tooltip(m.i18n("web.stress.hint")));
        button.disableProperty().bind(vm.disabledBinding());
        button.setOnAction(e -> vm.toggle());
        button.visibleProperty().bind(vm.sandboxProperty());
        button.managedProperty().bind(button.visibleProperty());
        status.textProperty().bind(Bindings.createStringBinding(() -> {
            Problem p = vm.statusProperty().get();
            return p == null ? "" : m.i18n(p.key(), p.args().toArray());
        }, vm.statusProperty()));
        status.visibleProperty().bind(vm.sandboxProperty().and(status.textProperty().isNotEmpty()));
        status.managedProperty().bind(status.visibleProperty());
        aws.setText(m.i18n("web.stress.aws"));
        aws.visibleProperty().bind(vm.sandboxProperty().not());
        aws.managedProperty().bind(aws.visibleProperty());
        vm.refresh();
    }
}
