package dev.cairn.gui;

import dev.cairn.app.HowToUse;
import dev.cairn.model.FieldError;
import dev.cairn.step.access.KeyPairMode;
import java.io.File;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.validation.ValidationSupport;

/**
 * The Access page ({@code AccessStepView.fxml}): binds the form (key pair, My IP, the three hosts,
 * peering), the explanation with the cost per region, and after an apply the How-to-use box, to
 * {@link AccessStepViewModel}. Like the Network page, every validation error shows at its control
 * as the user types, and Apply waits until all hold.
 */
final class AccessStepView extends StepPageLayout implements StepPage {

    private final Messages m;
    private final AccessStepViewModel vm;
    private final WorkspaceViewModel workspace;
    private final ValidationSupport validation = new ValidationSupport();

    @FXML private VBox howToUse;
    @FXML private VBox howToLines;
    @FXML private Label vpnNote;
    @FXML private CheckBox accessInclude;
    @FXML private VBox fields;
    @FXML private TextField myIp;
    @FXML private Button detectMyIp;
    @FXML private Label myIpError;
    @FXML private Label detectProblem;
    @FXML private CheckBox allowAnywhere;
    @FXML private Label myIpWarning;
    @FXML private VBox keyModes;
    @FXML private TextField keyName;
    @FXML private Label keyNameError;
    @FXML private Label publicKeyFileLabel;
    @FXML private HBox publicKeyFileRow;
    @FXML private TextField publicKeyFile;
    @FXML private Label publicKeyFileError;
    @FXML private Label keyWhere;
    @FXML private Label keyPairError;
    @FXML private CheckBox bastionEnabled;
    @FXML private InstanceTypePicker bastionType;
    @FXML private CheckBox vpnEnabled;
    @FXML private InstanceTypePicker vpnType;
    @FXML private GridPane vpnAmiRow;
    @FXML private TextField vpnAmi;
    @FXML private Label vpnAmiError;
    @FXML private CheckBox privateEnabled;
    @FXML private InstanceTypePicker privateType;
    @FXML private Label privateError;
    @FXML private Label accessError;
    @FXML private CheckBox peeringEnabled;
    @FXML private VBox peeringFields;
    @FXML private ComboBox<String> peerRegion;
    @FXML private Label peerRegionError;
    @FXML private TextField peerCidr;
    @FXML private Label peerCidrError;
    @FXML private Label peerZonesError;
    @FXML private InstanceTypePicker peerType;
    @FXML private ErrorSummary accessErrorSummary;
    @FXML private ExplanationPanel explanation;
    @FXML private ApplyBar applyBar;

    AccessStepView(Messages m, AccessStepViewModel vm, WorkspaceViewModel workspace) {
        this.m = m;
        this.vm = vm;
        this.workspace = workspace;
        ViewLoader.load(this, m);

        accessInclude.selectedProperty().bindBidirectional(vm.includedProperty());
        fields.disableProperty().bind(vm.includedProperty().not());
        bindMyIp();
        bindKeyPair();
        bindHosts();
        bindPeering();
        bindHowToUse();
        accessErrorSummary.bind(m, vm.errors());
        vm.errors().addListener((ListChangeListener<FieldError>) c -> validation.revalidate());
        explanation.showCosts(m, vm.costs());
        applyBar.bind(m, workspace, vm.validProperty());
    }

    private void bindMyIp() {
        myIp.textProperty().bindBidirectional(vm.myIpProperty());
        detectMyIp.disableProperty().bind(vm.detectingProperty());
        allowAnywhere.selectedProperty().bindBidirectional(vm.allowAnywhereProperty());
        FieldFeedback.showError(myIpError, m, vm.errorAt(AccessStepViewModel.MY_IP));
        FieldFeedback.showMessage(detectProblem, vm.detectProblemProperty(), m::problem);
        FieldFeedback.showMessage(myIpWarning, vm.warningProperty(), w -> m.i18n("access.warning." + w.rule()));
        register(myIp, AccessStepViewModel.MY_IP);
    }

    @FXML
    private void detectMyIp() {
        workspace.detectMyIp();
    }

    private void bindKeyPair() {
        ToggleGroup modes = new ToggleGroup();
        for (KeyPairMode mode : KeyPairMode.values()) {
            RadioButton r = new RadioButton(m.i18n("access.key.mode." + mode.yamlName()));
            r.setId("keyMode-" + mode.yamlName());
            r.setToggleGroup(modes);
            r.setUserData(mode);
            r.setSelected(vm.keyModeProperty().get() == mode);
            keyModes.getChildren().add(r);
        }
        modes.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.keyModeProperty().set((KeyPairMode) b.getUserData());
            }
        });
        vm.keyModeProperty().addListener((o, a, b) -> modes.getToggles().forEach(t -> t.setSelected(t.getUserData() == b)));

        keyName.textProperty().bindBidirectional(vm.keyNameProperty());
        publicKeyFile.textProperty().bindBidirectional(vm.publicKeyFileProperty());
        var importing = vm.keyModeProperty().isEqualTo(KeyPairMode.IMPORT);
        for (Node n : List.of(publicKeyFileRow, publicKeyFileLabel)) {
            n.visibleProperty().bind(importing);
            n.managedProperty().bind(importing);
        }
        keyWhere.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.keyModeProperty().get()) {
            case CREATE -> m.i18n("access.key.where.create", vm.keyNameProperty().get());
            case IMPORT -> m.i18n("access.key.where.import");
            case EXISTING -> m.i18n("access.key.where.existing");
        }, vm.keyModeProperty(), vm.keyNameProperty()));
        FieldFeedback.showError(keyNameError, m, vm.errorAt(AccessStepViewModel.KEY_NAME));
        FieldFeedback.showError(publicKeyFileError, m, vm.errorAt(AccessStepViewModel.KEY_FILE));
        FieldFeedback.showError(keyPairError, m, vm.errorAt(AccessStepViewModel.KEY_PAIR));
        register(keyName, AccessStepViewModel.KEY_NAME);
        register(publicKeyFile, AccessStepViewModel.KEY_FILE);
    }

    @FXML
    private void browsePublicKey() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(m.i18n("access.key.publicKeyFile"));
        File home = dev.cairn.model.UserHome.dir().resolve(".ssh").toFile();
        if (home.isDirectory()) {
            chooser.setInitialDirectory(home);
        }
        File chosen = chooser.showOpenDialog(getScene().getWindow());
        if (chosen != null) {
            vm.publicKeyFileProperty().set(chosen.getAbsolutePath());
        }
    }

    private void bindHosts() {
        bastionEnabled.selectedProperty().bindBidirectional(vm.bastionOnProperty());
        vpnEnabled.selectedProperty().bindBidirectional(vm.vpnOnProperty());
        privateEnabled.selectedProperty().bindBidirectional(vm.privateOnProperty());
        bindType(bastionType, vm.bastionTypeProperty(), AccessStepViewModel.BASTION_TYPE);
        bindType(vpnType, vm.vpnTypeProperty(), AccessStepViewModel.VPN_TYPE);
        bindType(privateType, vm.privateTypeProperty(), AccessStepViewModel.PRIVATE_TYPE);
        bastionType.disableProperty().bind(vm.bastionOnProperty().not());
        vpnType.disableProperty().bind(vm.vpnOnProperty().not());
        vpnAmiRow.disableProperty().bind(vm.vpnOnProperty().not());
        privateType.disableProperty().bind(vm.privateOnProperty().not());
        vpnAmi.textProperty().bindBidirectional(vm.vpnAmiProperty());
        register(vpnAmi, AccessStepViewModel.VPN_AMI);
        FieldFeedback.showError(vpnAmiError, m, vm.errorAt(AccessStepViewModel.VPN_AMI));
        FieldFeedback.showError(privateError, m, vm.errorAt(AccessStepViewModel.PRIVATE));
        FieldFeedback.showError(accessError, m, vm.errorAt(AccessStepViewModel.ACCESS));
    }

    private void bindType(InstanceTypePicker picker, StringProperty type, String field) {
        picker.bind(m, type, vm.errorAt(field), validation);
    }

    private void bindPeering() {
        peeringEnabled.selectedProperty().bindBidirectional(vm.peeringOnProperty());
        peeringFields.disableProperty().bind(vm.peeringOnProperty().not());
        peerRegion.setItems(vm.peerRegions());
        peerRegion.valueProperty().bindBidirectional(vm.peerRegionProperty());
        peerRegion.setButtonCell(regionCell());
        peerRegion.setCellFactory(lv -> regionCell());
        peerCidr.setPromptText(AccessStepViewModel.DEFAULT_PEER_CIDR);
        peerCidr.textProperty().bindBidirectional(vm.peerCidrProperty());
        register(peerRegion, AccessStepViewModel.PEER_REGION);
        register(peerCidr, AccessStepViewModel.PEER_CIDR);
        FieldFeedback.showError(peerRegionError, m, vm.errorAt(AccessStepViewModel.PEER_REGION));
        FieldFeedback.showError(peerCidrError, m, vm.errorAt(AccessStepViewModel.PEER_CIDR));
        FieldFeedback.showError(peerZonesError, m, vm.errorAt(AccessStepViewModel.PEER_ZONES));
        bindType(peerType, vm.peerTypeProperty(), AccessStepViewModel.PEER_TYPE);
    }

    private ListCell<String> regionCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item + " — " + m.regionName(item));
            }
        };
    }

    /** After an apply: one copyable line per way in, and the VPN's finish-setup note. */
    private void bindHowToUse() {
        vpnNote.setText(m.i18n("access.howTo.vpnNote", HowToUse.VPN_ADMIN_USER));
        Runnable fill = () -> {
            howToLines.getChildren().clear();
            for (HowToUse.Step step : vm.howToUse()) {
                howToLines.getChildren().add(HowToUseRow.of(m, step));
            }
            boolean vpn = vm.howToUse().stream().anyMatch(s -> s.way() == HowToUse.Way.VPN_ADMIN);
            vpnNote.setVisible(vpn);
            vpnNote.setManaged(vpn);
        };
        vm.howToUse().addListener((ListChangeListener<HowToUse.Step>) c -> fill.run());
        fill.run();
        howToUse.visibleProperty().bind(Bindings.isNotEmpty(vm.howToUse()));
        howToUse.managedProperty().bind(howToUse.visibleProperty());
    }


    private void register(Control control, String field) {
        FieldFeedback.register(validation, m, control, vm.errorAt(field));
    }

    @Override
    public WizardStep step() {
        return WizardStep.ACCESS;
    }

    @Override
    public ObservableBooleanValue validProperty() {
        return vm.validProperty();
    }

    @Override
    public Node focusTarget() {
        return vm.includedProperty().get() ? myIp : accessInclude;
    }
}
