package dev.cairn.gui;

import dev.cairn.model.FieldError;
import dev.cairn.step.storage.BucketNames;
import dev.cairn.step.storage.KeyType;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;

/**
 * The Storage page ({@code StorageStepView.fxml}): binds the form (the data bucket, the table, the
 * state bucket), the explanation with the cost, and after an apply what was built (URLs, counts,
 * where a stack's state goes), to {@link StorageStepViewModel}. Every validation error shows at its
 * control as the user types, and Apply waits until all hold. The public-read consent is a checkbox
 * with its warning under it, like SSH from anywhere on the Access page.
 */
final class StorageStepView extends StepPageLayout implements StepPage {

    /** The spinner's range: wide enough that the rule, not the spinner, says what is wrong. */
    private static final int MAX_DAYS = 99_999;

    private final Messages m;
    private final StorageStepViewModel vm;
    private final ValidationSupport validation = new ValidationSupport();

    @FXML private VBox builtBox;
    @FXML private VBox builtLines;
    @FXML private CheckBox storageInclude;
    @FXML private VBox fields;
    @FXML private CheckBox bucketAuto;
    @FXML private TextField bucketName;
    @FXML private Label bucketAutoName;
    @FXML private Label bucketNameError;
    @FXML private CheckBox versioning;
    @FXML private CheckBox expireNoncurrent;
    @FXML private Spinner<Integer> noncurrentDays;
    @FXML private Label noncurrentDaysError;
    @FXML private CheckBox allowPublicRead;
    @FXML private Label publicReadWarning;
    @FXML private CheckBox tableOn;
    @FXML private VBox tableFields;
    @FXML private TextField tableName;
    @FXML private Label tableNameError;
    @FXML private TextField partitionKeyName;
    @FXML private ComboBox<KeyType> partitionKeyType;
    @FXML private Label partitionKeyError;
    @FXML private CheckBox sortKeyOn;
    @FXML private HBox sortKeyRow;
    @FXML private TextField sortKeyName;
    @FXML private ComboBox<KeyType> sortKeyType;
    @FXML private Label sortKeyError;
    @FXML private CheckBox pointInTimeRecovery;
    @FXML private CheckBox deletionProtection;
    @FXML private Label deletionProtectionWarning;
    @FXML private CheckBox stateBucketOn;
    @FXML private VBox stateFields;
    @FXML private CheckBox stateAuto;
    @FXML private TextField stateName;
    @FXML private Label stateAutoName;
    @FXML private Label stateNameError;
    @FXML private Label storageError;
    @FXML private ErrorSummary storageErrorSummary;
    @FXML private ExplanationPanel explanation;
    @FXML private ApplyBar applyBar;

    StorageStepView(Messages m, StorageStepViewModel vm, WorkspaceViewModel workspace) {
        this.m = m;
        this.vm = vm;
        ViewLoader.load(this, m);

        storageInclude.selectedProperty().bindBidirectional(vm.includedProperty());
        fields.disableProperty().bind(vm.includedProperty().not());
        bindBucket();
        bindTable();
        bindStateBucket();
        FieldFeedback.showError(storageError, m, Bindings.createObjectBinding(() -> firstOf(
                vm.errorAt(StorageStepViewModel.STORAGE).get(), vm.errorAt(StorageStepViewModel.BUCKET).get()),
                vm.errorAt(StorageStepViewModel.STORAGE), vm.errorAt(StorageStepViewModel.BUCKET)));
        storageErrorSummary.bind(m, vm.errors());
        vm.errors().addListener((ListChangeListener<FieldError>) c -> validation.revalidate());
        explanation.showCosts(m, vm.costs());
        bindBuilt();
        applyBar.bind(m, workspace, vm.validProperty());
    }

    private void bindBucket() {
        bucketAuto.selectedProperty().bindBidirectional(vm.bucketAutoProperty());
        bucketName.textProperty().bindBidirectional(vm.bucketNameProperty());
        bucketName.disableProperty().bind(vm.bucketAutoProperty());
        bucketName.promptTextProperty().bind(vm.autoBucketNameProperty());
        autoName(bucketAutoName, vm.bucketAutoProperty(), vm.autoBucketNameProperty());
        register(bucketName, StorageStepViewModel.BUCKET_NAME);
        FieldFeedback.showError(bucketNameError, m, vm.errorAt(StorageStepViewModel.BUCKET_NAME));
        versioning.selectedProperty().bindBidirectional(vm.versioningProperty());
        expireNoncurrent.selectedProperty().bindBidirectional(vm.expireNoncurrentProperty());
        spinner(noncurrentDays, vm.noncurrentDaysProperty(), 0, MAX_DAYS, StorageStepViewModel.NONCURRENT_DAYS);
        noncurrentDays.disableProperty().bind(vm.expireNoncurrentProperty().not());
        FieldFeedback.showError(noncurrentDaysError, m, vm.errorAt(StorageStepViewModel.NONCURRENT_DAYS));
        allowPublicRead.selectedProperty().bindBidirectional(vm.allowPublicReadProperty());
        FieldFeedback.showMessage(publicReadWarning, vm.publicReadWarningProperty(), m::error);
    }

    /**
     * The line under a name field: while the name is left to Cairn, the name it will be (with the
     * account once the target is checked, else a word in its place).
     */
    private void autoName(Label line, ObservableBooleanValue auto, javafx.beans.value.ObservableStringValue derived) {
        line.textProperty().bind(Bindings.createStringBinding(() -> {
            String name = derived.get();
            if (name == null || name.isEmpty()) {
                return "";
            }
            return vm.accountKnownProperty().get() ? m.i18n("storage.autoName", name)
                    : m.i18n("storage.autoName.noAccount", name.replace(BucketNames.PLACEHOLDER_ACCOUNT, m.i18n("storage.accountWord")));
        }, derived, vm.accountKnownProperty()));
        line.visibleProperty().bind(Bindings.createBooleanBinding(() -> auto.get() && !line.getText().isEmpty(),
                auto, line.textProperty()));
        line.managedProperty().bind(line.visibleProperty());
    }

    private void bindTable() {
        tableOn.selectedProperty().bindBidirectional(vm.tableOnProperty());
        tableFields.disableProperty().bind(vm.tableOnProperty().not());
        tableName.textProperty().bindBidirectional(vm.tableNameProperty());
        register(tableName, StorageStepViewModel.TABLE_NAME);
        FieldFeedback.showError(tableNameError, m, vm.errorAt(StorageStepViewModel.TABLE_NAME));
        partitionKeyName.textProperty().bindBidirectional(vm.partitionKeyNameProperty());
        keyTypes(partitionKeyType, vm.partitionKeyTypeProperty());
        register(partitionKeyName, StorageStepViewModel.PARTITION_KEY_NAME);
        FieldFeedback.showError(partitionKeyError, m, vm.errorAt(StorageStepViewModel.PARTITION_KEY_NAME));
        sortKeyOn.selectedProperty().bindBidirectional(vm.sortKeyOnProperty());
        sortKeyRow.disableProperty().bind(vm.sortKeyOnProperty().not());
        sortKeyName.textProperty().bindBidirectional(vm.sortKeyNameProperty());
        keyTypes(sortKeyType, vm.sortKeyTypeProperty());
        register(sortKeyName, StorageStepViewModel.SORT_KEY_NAME);
        FieldFeedback.showError(sortKeyError, m, vm.errorAt(StorageStepViewModel.SORT_KEY_NAME));
        pointInTimeRecovery.selectedProperty().bindBidirectional(vm.pointInTimeRecoveryProperty());
        deletionProtection.selectedProperty().bindBidirectional(vm.deletionProtectionProperty());
        FieldFeedback.showMessage(deletionProtectionWarning, vm.deletionProtectionWarningProperty(), m::error);
    }

    /** A key's type: S, N or B, each with its word. */
    private void keyTypes(ComboBox<KeyType> box, ObjectProperty<KeyType> type) {
        box.setItems(FXCollections.observableArrayList(KeyType.values()));
        box.setButtonCell(keyTypeCell());
        box.setCellFactory(lv -> keyTypeCell());
        box.valueProperty().bindBidirectional(type);
    }

    private ListCell<KeyType> keyTypeCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(KeyType item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + " — " + m.i18n("storage.keyType." + item.name()));
            }
        };
    }

    private void bindStateBucket() {
        stateBucketOn.selectedProperty().bindBidirectional(vm.stateBucketOnProperty());
        stateFields.disableProperty().bind(vm.stateBucketOnProperty().not());
        stateAuto.selectedProperty().bindBidirectional(vm.stateAutoProperty());
        stateName.textProperty().bindBidirectional(vm.stateNameProperty());
        stateName.disableProperty().bind(vm.stateAutoProperty());
        stateName.promptTextProperty().bind(vm.autoStateNameProperty());
        autoName(stateAutoName, vm.stateAutoProperty(), vm.autoStateNameProperty());
        register(stateName, StorageStepViewModel.STATE_BUCKET_NAME);
        FieldFeedback.showError(stateNameError, m, vm.errorAt(StorageStepViewModel.STATE_BUCKET_NAME));
    }

    /** Once built: the bucket's URL and counts, the public objects' URL, where the team's state goes. */
    private void bindBuilt() {
        Runnable fill = () -> {
            builtLines.getChildren().clear();
            StorageStepViewModel.Built b = vm.builtProperty().get();
            if (b == null) {
                return;
            }
            if (b.bucket() != null) {
                String counts = b.objects() == null ? m.i18n("storage.built.counting")
                        : m.i18n("storage.built.counts", b.objects(), b.versions(), b.deleteMarkers());
                builtLines.getChildren().add(HowToUseRow.line(m, m.i18n("storage.built.bucket", b.bucket()),
                        b.url() == null ? "s3://" + b.bucket() : b.url(), counts));
            }
            if (b.objectUrl() != null) {
                builtLines.getChildren().add(HowToUseRow.line(m, m.i18n("storage.built.publicObjects"), b.objectUrl(),
                        m.i18n("storage.built.publicObjects.note")));
            }
            if (b.table() != null) {
                Label table = new Label(b.tableStatus() == null ? m.i18n("storage.built.table", b.table())
                        : m.i18n("storage.built.tableStatus", b.table(), b.tableStatus()));
                table.getStyleClass().add("strong");
                table.setWrapText(true);
                builtLines.getChildren().add(table);
            }
            if (b.stateBucket() != null) {
                builtLines.getChildren().add(HowToUseRow.line(m, m.i18n("storage.built.state", b.stateBucket()),
                        b.migrate(), m.i18n("storage.built.state.note")));
            }
        };
        vm.builtProperty().addListener((o, a, b) -> fill.run());
        fill.run();
        builtBox.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.builtProperty().get() != null && vm.builtProperty().get().any(), vm.builtProperty()));
        builtBox.managedProperty().bind(builtBox.visibleProperty());
    }

    private static FieldError firstOf(FieldError... errors) {
        for (FieldError e : errors) {
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /**
     * An editable spinner bound to {@code value}. Typed text is committed as it is typed when it
     * is a number, so the rules follow each keystroke as they do in text fields.
     */
    private void spinner(Spinner<Integer> spinner, ObjectProperty<Integer> value, int from, int to, String field) {
        SpinnerValueFactory.IntegerSpinnerValueFactory factory =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(from, to, value.get() == null ? from : value.get());
        spinner.setValueFactory(factory);
        spinner.setEditable(true);
        factory.valueProperty().bindBidirectional(value);
        spinner.getEditor().textProperty().addListener((o, a, b) -> {
            if (b != null && b.matches("\\d{1,6}") && spinner.getEditor().isFocused()) {
                int n = Integer.parseInt(b);
                if (n >= from && n <= to) {
                    factory.setValue(n);
                }
            }
        });
        register(spinner, field);
    }

    private void register(Control control, String field) {
        FieldFeedback.register(validation, m, control, vm.errorAt(field));
    }

    @Override
    public WizardStep step() {
        return WizardStep.STORAGE;
    }

    @Override
    public ObservableBooleanValue validProperty() {
        return vm.validProperty();
    }

    @Override
    public Node focusTarget() {
        return storageInclude;
    }
}
