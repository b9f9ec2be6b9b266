package dev.cairn.gui;

import dev.cairn.model.FieldError;
import dev.cairn.step.network.NatMode;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;

/**
 * The Network page ({@code NetworkStepView.fxml}): binds the form, the subnet table and the NAT
 * choice to {@link NetworkStepViewModel}. Every validation error is shown at its control (a
 * ControlsFX decoration plus a line under the field), in the table row, and in the summary.
 */
final class NetworkStepView extends StepPageLayout implements StepPage {

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final Messages m;
    private final NetworkStepViewModel vm;
    private final ValidationSupport validation = new ValidationSupport();

    @FXML private TextField vpcCidr;
    @FXML private Label vpcCidrError;
    @FXML private ComboBox<String> zoneA;
    @FXML private ComboBox<String> zoneB;
    @FXML private Label zonesError;
    @FXML private TableView<SubnetRow> subnets;
    @FXML private TableColumn<SubnetRow, String> nameColumn;
    @FXML private TableColumn<SubnetRow, String> zoneColumn;
    @FXML private TableColumn<SubnetRow, String> tierColumn;
    @FXML private TableColumn<SubnetRow, String> cidrColumn;
    @FXML private TableColumn<SubnetRow, FieldError> problemColumn;
    @FXML private Label subnetsError;
    @FXML private VBox natChoices;
    @FXML private ErrorSummary errorSummary;
    @FXML private ExplanationPanel explanation;
    @FXML private ApplyBar applyBar;

    NetworkStepView(Messages m, NetworkStepViewModel vm, WorkspaceViewModel workspace) {
        this.m = m;
        this.vm = vm;
        ViewLoader.load(this, m);

        vpcCidr.textProperty().bindBidirectional(vm.vpcCidrProperty());
        zoneA.setItems(vm.availableZones());
        zoneA.valueProperty().bindBidirectional(vm.zoneAProperty());
        zoneB.setItems(vm.availableZones());
        zoneB.valueProperty().bindBidirectional(vm.zoneBProperty());
        FieldFeedback.showError(vpcCidrError, m, vm.errorAt(NetworkStepViewModel.VPC));
        FieldFeedback.showError(zonesError, m, Bindings.createObjectBinding(() -> first(
                vm.errorAt(NetworkStepViewModel.ZONES).get(), vm.errorAt(NetworkStepViewModel.ZONE_A).get(),
                vm.errorAt(NetworkStepViewModel.ZONE_B).get()), vm.errorAt(NetworkStepViewModel.ZONES),
                vm.errorAt(NetworkStepViewModel.ZONE_A), vm.errorAt(NetworkStepViewModel.ZONE_B)));
        FieldFeedback.showError(subnetsError, m, vm.errorAt(NetworkStepViewModel.SUBNETS));
        bindSubnetTable();
        natChoices();
        errorSummary.bind(m, vm.errors());
        vm.errors().addListener((ListChangeListener<FieldError>) c -> validation.revalidate());

        register(vpcCidr, NetworkStepViewModel.VPC);
        register(zoneA, NetworkStepViewModel.ZONE_A);
        register(zoneB, NetworkStepViewModel.ZONE_B);
        register(subnets, NetworkStepViewModel.SUBNETS);

        explanation.showCosts(m, CostPane.listOf(vm.costProperty()));
        applyBar.bind(m, workspace, vm.validProperty());
    }

    @FXML
    private void recompute() {
        vm.recompute();
    }

    private static FieldError first(FieldError... errors) {
        for (FieldError e : errors) {
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private void register(Control control, String field) {
        FieldFeedback.register(validation, m, control, vm.errorAt(field));
    }

    /** One radio button per NAT mode, each with what it costs and risks under it. */
    private void natChoices() {
        ToggleGroup group = new ToggleGroup();
        for (NatMode mode : NatMode.values()) {
            RadioButton r = new RadioButton(m.nat(mode));
            r.setId("nat-" + mode.yamlName());
            r.setToggleGroup(group);
            r.setUserData(mode);
            r.setSelected(vm.natProperty().get() == mode);
            Label hint = new Label(m.i18n(Messages.natKey(mode) + ".hint"));
            hint.getStyleClass().add("hint");
            hint.setWrapText(true);
            hint.setPadding(new Insets(0, 0, 0, 26));
            natChoices.getChildren().addAll(r, hint);
        }
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.natProperty().set((NatMode) b.getUserData());
            }
        });
        vm.natProperty().addListener((o, a, b) -> group.getToggles().forEach(t -> t.setSelected(t.getUserData() == b)));
    }

    private void bindSubnetTable() {
        subnets.setItems(vm.subnets());
        subnets.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        subnets.prefHeightProperty().bind(Bindings.size(vm.subnets()).multiply(subnets.getFixedCellSize()).add(44));
        nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        zoneColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().zone()));
        tierColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(m.i18n("tier." + c.getValue().tier().yamlName())));
        cidrColumn.setCellValueFactory(c -> c.getValue().cidrProperty());
        cidrColumn.setCellFactory(TextFieldTableCell.forTableColumn());
        cidrColumn.setOnEditCommit(e -> e.getRowValue().cidrProperty().set(e.getNewValue()));
        problemColumn.setCellValueFactory(c -> c.getValue().errorProperty());
        problemColumn.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(FieldError item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : m.error(item));
                getStyleClass().remove("cell-error");
                if (!empty && item != null) {
                    getStyleClass().add("cell-error");
                }
            }
        });
        subnets.setRowFactory(tv -> {
            TableRow<SubnetRow> row = new TableRow<>();
            Runnable mark = () -> row.pseudoClassStateChanged(INVALID,
                    row.getItem() != null && row.getItem().errorProperty().get() != null);
            javafx.beans.value.ChangeListener<FieldError> onError = (o, a, b) -> mark.run();
            row.itemProperty().addListener((o, a, b) -> {
                if (a != null) {
                    a.errorProperty().removeListener(onError);
                }
                if (b != null) {
                    b.errorProperty().addListener(onError);
                }
                mark.run();
            });
            return row;
        });
    }

    @Override
    public WizardStep step() {
        return WizardStep.NETWORK;
    }

    @Override
    public ObservableBooleanValue validProperty() {
        return vm.validProperty();
    }

    @Override
    public Node focusTarget() {
        return vpcCidr;
    }
}
