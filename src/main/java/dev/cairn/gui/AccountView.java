package dev.cairn.gui;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The Account page ({@code AccountView.fxml}): binds to {@link AccountViewModel} only. */
final class AccountView extends StepPageLayout implements StepPage {

    private final AccountViewModel vm;

    @FXML private ComboBox<TargetChoice> targetChoice;
    @FXML private ComboBox<String> region;
    @FXML private Label sandboxHint;
    @FXML private VBox paceBox;
    @FXML private ComboBox<SandboxPace> sandboxPace;
    @FXML private Label paceHint;
    @FXML private Label pacePending;
    @FXML private Button checkAccount;
    @FXML private ProgressIndicator spinner;
    @FXML private GridPane result;
    @FXML private Label accountId;
    @FXML private Label arn;
    @FXML private Label zones;
    @FXML private Label accountProblem;

    AccountView(Messages m, AccountViewModel vm) {
        this.vm = vm;
        ViewLoader.load(this, m);

        StringConverter<TargetChoice> names = new StringConverter<>() {
            @Override
            public String toString(TargetChoice c) {
                if (c == null) {
                    return "";
                }
                return c.isSandbox() ? m.i18n("account.sandbox")
                        : m.i18n(c.sso() ? "account.profile.sso" : "account.profile", c.profile());
            }

            @Override
            public TargetChoice fromString(String s) {
                return null;
            }
        };
        targetChoice.setItems(vm.choices());
        targetChoice.valueProperty().bindBidirectional(vm.targetProperty());
        targetChoice.setConverter(names);
        targetChoice.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(TargetChoice item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : names.toString(item));
            }
        });

        vm.regions().forEach(r -> region.getItems().add(r.code()));
        region.valueProperty().bindBidirectional(vm.regionProperty());
        region.setConverter(new StringConverter<>() {
            @Override
            public String toString(String code) {
                return code == null ? "" : m.regionName(code) + "  ·  " + code;
            }

            @Override
            public String fromString(String s) {
                return null;
            }
        });

        var sandbox = Bindings.createBooleanBinding(
                () -> vm.targetProperty().get() != null && vm.targetProperty().get().isSandbox(), vm.targetProperty());
        sandboxHint.visibleProperty().bind(sandbox);
        sandboxHint.managedProperty().bind(sandboxHint.visibleProperty());
        bindPace(m, sandbox);

        checkAccount.disableProperty().bind(vm.checkingProperty().or(vm.validBinding().not()));
        spinner.visibleProperty().bind(vm.checkingProperty());

        result.visibleProperty().bind(vm.checkedProperty().isNotNull());
        result.managedProperty().bind(result.visibleProperty());
        vm.checkedProperty().addListener((o, a, b) -> show(b));
        show(vm.checkedProperty().get());

        FieldFeedback.showMessage(accountProblem, vm.problemProperty(), m::problem);
    }

    private void bindPace(Messages m, javafx.beans.value.ObservableBooleanValue sandbox) {
        SandboxPaceViewModel pace = vm.pace();
        paceBox.visibleProperty().bind(sandbox);
        paceBox.managedProperty().bind(paceBox.visibleProperty());
        sandboxPace.getItems().setAll(SandboxPace.values());
        sandboxPace.valueProperty().bindBidirectional(pace.paceProperty());
        sandboxPace.setConverter(new StringConverter<>() {
            @Override
            public String toString(SandboxPace p) {
                return p == null ? "" : m.i18n(p.messageKey());
            }

            @Override
            public SandboxPace fromString(String s) {
                return null;
            }
        });
        sandboxPace.disableProperty().bind(pace.changingProperty());
        paceHint.textProperty().bind(Bindings.createStringBinding(() -> m.i18n(pace.paceProperty().get().messageKey() + ".hint"),
                pace.paceProperty()));
        pacePending.visibleProperty().bind(pace.paceProperty().isNotEqualTo(pace.appliedProperty())
                .and(pace.changingProperty().not()));
        pacePending.managedProperty().bind(pacePending.visibleProperty());
    }

    private void show(AccountViewModel.CheckResult checked) {
        accountId.setText(checked == null ? "" : checked.identity().account());
        arn.setText(checked == null ? "" : checked.identity().arn());
        zones.setText(checked == null ? "" : String.join(", ", checked.zones()));
    }

    @FXML
    private void check() {
        vm.check();
    }

    @Override
    public WizardStep step() {
        return WizardStep.ACCOUNT;
    }

    @Override
    public ObservableBooleanValue validProperty() {
        return vm.validBinding();
    }

    @Override
    public Node focusTarget() {
        return targetChoice;
    }
}
