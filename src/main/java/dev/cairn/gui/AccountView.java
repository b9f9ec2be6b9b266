package dev.cairn.gui;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Account page: binds to {@link AccountViewModel} only. The window opens on it, so it is built
 * in code, without the first use of {@code FXMLLoader} before the first frame (see
 * {@link MainView}); the other pages keep their FXML.
 */
final class AccountView extends StepPageLayout implements StepPage {

    static final double FORM_SPACING = 14;
    static final double FORM_MAX_WIDTH = 720;
    static final double GRID_HGAP = 12;
    static final double FORM_VGAP = 10;
    static final double RESULT_VGAP = 6;
    static final double SPINNER_SIZE = 18;

    private final AccountViewModel vm;

    private final ComboBox<TargetChoice> targetChoice = named(new ComboBox<>(), "targetChoice");
    private final ComboBox<String> region = named(new ComboBox<>(), "region");
    private final Label sandboxHint = named(new Label(), "sandboxHint");
    private final VBox paceBox = named(new VBox(4), "paceBox");
    private final ComboBox<SandboxPace> sandboxPace = named(new ComboBox<>(), "sandboxPace");
    private final Label paceHint = named(new Label(), "paceHint");
    private final Label pacePending = named(new Label(), "pacePending");
    private final Button checkAccount = named(new Button(), "checkAccount");
    private final ProgressIndicator spinner = named(new ProgressIndicator(), "spinner");
    private final GridPane result = named(new GridPane(), "result");
    private final Label accountId = named(new Label(), "accountId");
    private final Label arn = named(new Label(), "arn");
    private final Label zones = named(new Label(), "zones");
    private final Label accountProblem = named(new Label(), "accountProblem");

    AccountView(Messages m, AccountViewModel vm) {
        this.vm = vm;
        getStyleClass().add("account-page");
        setForm(form(m));

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

    /** The form: where actions go and the region, the Sandbox's pace, the check and its answer. */
    private VBox form(Messages m) {
        Label title = styled(new Label(m.i18n("wizard.account.title")), "page-title");
        Label intro = wrapping(styled(new Label(m.i18n("account.intro")), "hint"));
        targetChoice.setMaxWidth(Double.MAX_VALUE);
        region.setMaxWidth(Double.MAX_VALUE);
        GridPane where = labelled(new GridPane(), "form", FORM_VGAP);
        where.addRow(0, fieldLabel(m, "account.target"), targetChoice);
        where.addRow(1, fieldLabel(m, "account.region"), region);

        sandboxHint.setText(m.i18n("account.sandbox.hint"));
        wrapping(styled(sandboxHint, "hint"));
        // The Sandbox's pace: instant, or AWS's own durations scaled; shown while it is the choice.
        Label paceLabel = fieldLabel(m, "account.pace");
        paceLabel.setMinWidth(USE_PREF_SIZE);
        HBox paceLine = new HBox(12, paceLabel, sandboxPace);
        paceLine.setAlignment(Pos.CENTER_LEFT);
        wrapping(styled(paceHint, "hint"));
        pacePending.setText(m.i18n("account.pace.pending"));
        wrapping(styled(pacePending, "field-warning"));
        paceBox.getChildren().setAll(paceLine, paceHint, pacePending);

        checkAccount.setText(m.i18n("account.check"));
        checkAccount.setOnAction(e -> check());
        spinner.setPrefSize(SPINNER_SIZE, SPINNER_SIZE);
        HBox checkLine = new HBox(10, checkAccount, spinner);

        labelled(result, "card", RESULT_VGAP);
        result.addRow(0, fieldLabel(m, "account.id"), accountId);
        result.addRow(1, fieldLabel(m, "account.arn"), wrapping(arn));
        result.addRow(2, fieldLabel(m, "account.zones"), wrapping(zones));
        wrapping(styled(accountProblem, "error-box"));

        VBox form = new VBox(FORM_SPACING, title, intro, where, sandboxHint, paceBox, checkLine, result, accountProblem);
        form.getStyleClass().add("page-form");
        form.setMaxWidth(FORM_MAX_WIDTH);
        return form;
    }

    /** A grid of labels and their values: the labels' column as wide as its widest, the values' taking the rest. */
    private static GridPane labelled(GridPane grid, String styleClass, double vgap) {
        grid.getStyleClass().add(styleClass);
        grid.setHgap(GRID_HGAP);
        grid.setVgap(vgap);
        grid.getColumnConstraints().setAll(labelColumn(), valueColumn());
        return grid;
    }

    /** The labels' column: as wide as the widest label, never squeezed. */
    private static ColumnConstraints labelColumn() {
        ColumnConstraints c = new ColumnConstraints();
        c.setMinWidth(USE_PREF_SIZE);
        return c;
    }

    private static ColumnConstraints valueColumn() {
        ColumnConstraints c = new ColumnConstraints();
        c.setHgrow(Priority.ALWAYS);
        return c;
    }

    private static Label fieldLabel(Messages m, String key) {
        return styled(new Label(m.i18n(key)), "field-label");
    }

    private static <T extends Node> T named(T node, String id) {
        node.setId(id);
        return node;
    }

    private static <T extends Node> T styled(T node, String styleClass) {
        node.getStyleClass().add(styleClass);
        return node;
    }

    private static Label wrapping(Label label) {
        label.setWrapText(true);
        return label;
    }

    private void show(AccountViewModel.CheckResult checked) {
        accountId.setText(checked == null ? "" : checked.identity().account());
        arn.setText(checked == null ? "" : checked.identity().arn());
        zones.setText(checked == null ? "" : String.join(", ", checked.zones()));
    }

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
