package dev.cairn.gui;

import dev.cairn.model.FieldError;
import dev.cairn.step.pipeline.Capacity;
import dev.cairn.step.pipeline.PipelineValidator;
import java.time.ZoneId;
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
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;

/**
 * The Pipeline page ({@code PipelineStepView.fxml}): binds the handshake banner and the live
 * release strip ({@link ReleasePane} over {@link ReleaseViewModel}), the form, the generated files
 * ({@link GeneratedFilesPane}) and the explanation with the roles and the cost to
 * {@link PipelineStepViewModel}. Every validation error shows at its control as the user types,
 * and Apply waits until all hold.
 */
final class PipelineStepView extends StepPageLayout implements StepPage {

    /** The spinners' ranges: wide enough that the rules, not the spinners, say what is wrong. */
    private static final int MAX_NUMBER = 99_999;
    private static final int MAX_PORT = 65_535;

    private final Messages m;
    private final PipelineStepViewModel vm;
    private final ValidationSupport validation = new ValidationSupport();

    @FXML private VBox liveBox;
    @FXML private CheckBox pipelineInclude;
    @FXML private VBox fields;
    @FXML private TextField repository;
    @FXML private Label repositoryError;
    @FXML private TextField branch;
    @FXML private Label branchError;
    @FXML private TextField imageRepository;
    @FXML private Label imageRepositoryError;
    @FXML private Spinner<Integer> keepImages;
    @FXML private Label keepImagesError;
    @FXML private CheckBox scanOnPush;
    @FXML private ComboBox<String> computeType;
    @FXML private Label computeTypeError;
    @FXML private Spinner<Integer> buildTimeout;
    @FXML private Label buildTimeoutError;
    @FXML private TextField cluster;
    @FXML private Label clusterError;
    @FXML private TextField serviceName;
    @FXML private Label serviceNameError;
    @FXML private TextField container;
    @FXML private Label containerError;
    @FXML private Spinner<Integer> port;
    @FXML private Label portError;
    @FXML private Spinner<Integer> desiredCount;
    @FXML private Label desiredCountError;
    @FXML private ComboBox<Capacity> capacity;
    @FXML private TextField instanceType;
    @FXML private Label instanceTypeError;
    @FXML private Spinner<Integer> instances;
    @FXML private Label instancesError;
    @FXML private Spinner<Integer> cpu;
    @FXML private Label cpuError;
    @FXML private Spinner<Integer> memory;
    @FXML private Label memoryError;
    @FXML private Label serviceError;
    @FXML private CheckBox https;
    @FXML private Label httpsError;
    @FXML private Spinner<Integer> productionPort;
    @FXML private Label productionPortError;
    @FXML private Spinner<Integer> testPort;
    @FXML private Label testPortError;
    @FXML private ComboBox<String> deploymentConfig;
    @FXML private Label deploymentConfigError;
    @FXML private Spinner<Integer> terminationWait;
    @FXML private Label terminationWaitError;
    @FXML private ComboBox<Integer> retentionDays;
    @FXML private Label retentionError;
    @FXML private CheckBox autoRollback;
    @FXML private CheckBox artifactAuto;
    @FXML private TextField artifactBucket;
    @FXML private Label artifactBucketError;
    @FXML private Label pipelineError;
    @FXML private ErrorSummary pipelineErrorSummary;
    @FXML private VBox filesBox;
    @FXML private Label filesSaved;
    @FXML private ExplanationPanel explanation;
    @FXML private ExplanationSection rolesSection;
    @FXML private ApplyBar applyBar;

    PipelineStepView(Messages m, PipelineStepViewModel vm, ReleaseViewModel release, WorkspaceViewModel workspace) {
        this.m = m;
        this.vm = vm;
        ViewLoader.load(this, m);

        liveBox.getChildren().add(new ReleasePane(m, release, ZoneId.systemDefault()));
        pipelineInclude.selectedProperty().bindBidirectional(vm.includedProperty());
        fields.disableProperty().bind(vm.includedProperty().not());
        text(repository, vm.repositoryProperty(), repositoryError, PipelineStepViewModel.REPOSITORY);
        text(branch, vm.branchProperty(), branchError, PipelineStepViewModel.BRANCH);
        text(imageRepository, vm.imageRepositoryProperty(), imageRepositoryError, PipelineStepViewModel.IMAGE_REPOSITORY);
        spinner(keepImages, vm.keepImagesProperty(), 0, MAX_NUMBER, keepImagesError, PipelineStepViewModel.KEEP_IMAGES);
        scanOnPush.selectedProperty().bindBidirectional(vm.scanOnPushProperty());
        computeType.setItems(FXCollections.observableArrayList(PipelineValidator.COMPUTE_TYPES));
        computeType.valueProperty().bindBidirectional(vm.computeTypeProperty());
        error(computeType, computeTypeError, PipelineStepViewModel.COMPUTE_TYPE);
        spinner(buildTimeout, vm.buildTimeoutProperty(), 0, MAX_NUMBER, buildTimeoutError, PipelineStepViewModel.BUILD_TIMEOUT);
        bindService();
        https.selectedProperty().bindBidirectional(vm.httpsProperty());
        FieldFeedback.showError(httpsError, m, vm.errorAt(PipelineStepViewModel.HTTPS));
        spinner(productionPort, vm.productionPortProperty(), 0, MAX_PORT, productionPortError,
                PipelineStepViewModel.PRODUCTION_PORT);
        spinner(testPort, vm.testPortProperty(), 0, MAX_PORT, testPortError, PipelineStepViewModel.TEST_PORT);
        deploymentConfig.setItems(FXCollections.observableArrayList(PipelineValidator.ECS_CONFIGS));
        deploymentConfig.valueProperty().bindBidirectional(vm.deploymentConfigProperty());
        error(deploymentConfig, deploymentConfigError, PipelineStepViewModel.DEPLOYMENT_CONFIG);
        spinner(terminationWait, vm.terminationWaitProperty(), 0, MAX_NUMBER, terminationWaitError,
                PipelineStepViewModel.TERMINATION_WAIT);
        retentionDays.setItems(FXCollections.observableArrayList(PipelineValidator.RETENTION_DAYS));
        retentionDays.valueProperty().bindBidirectional(vm.retentionDaysProperty());
        error(retentionDays, retentionError, PipelineStepViewModel.RETENTION);
        autoRollback.selectedProperty().bindBidirectional(vm.autoRollbackProperty());
        artifactAuto.selectedProperty().bindBidirectional(vm.artifactAutoProperty());
        artifactBucket.textProperty().bindBidirectional(vm.artifactBucketProperty());
        artifactBucket.disableProperty().bind(vm.artifactAutoProperty());
        artifactBucket.visibleProperty().bind(vm.artifactAutoProperty().not());
        artifactBucket.managedProperty().bind(artifactBucket.visibleProperty());
        error(artifactBucket, artifactBucketError, PipelineStepViewModel.ARTIFACT_BUCKET);
        FieldFeedback.showError(pipelineError, m, vm.errorAt(PipelineStepViewModel.PIPELINE));
        pipelineErrorSummary.bind(m, vm.errors());
        vm.errors().addListener((ListChangeListener<FieldError>) c -> validation.revalidate());

        filesBox.getChildren().add(new GeneratedFilesPane(m, vm.files(), vm::save));
        FieldFeedback.showMessage(filesSaved, vm.savedProperty(), m::problem);
        bindRoles();
        explanation.showCosts(m, vm.costs());
        applyBar.bind(m, workspace, vm.validProperty());
    }

    private void bindService() {
        text(cluster, vm.clusterProperty(), clusterError, PipelineStepViewModel.CLUSTER);
        text(serviceName, vm.serviceNameProperty(), serviceNameError, PipelineStepViewModel.SERVICE_NAME);
        text(container, vm.containerProperty(), containerError, PipelineStepViewModel.CONTAINER);
        spinner(port, vm.portProperty(), 0, MAX_PORT, portError, PipelineStepViewModel.PORT);
        spinner(desiredCount, vm.desiredCountProperty(), 0, MAX_NUMBER, desiredCountError, PipelineStepViewModel.DESIRED);
        capacity.setItems(FXCollections.observableArrayList(Capacity.values()));
        capacity.setButtonCell(capacityCell());
        capacity.setCellFactory(lv -> capacityCell());
        capacity.valueProperty().bindBidirectional(vm.capacityProperty());
        var ec2 = Bindings.createBooleanBinding(() -> vm.capacityProperty().get() == Capacity.EC2, vm.capacityProperty());
        text(instanceType, vm.instanceTypeProperty(), instanceTypeError, PipelineStepViewModel.INSTANCE_TYPE);
        instanceType.disableProperty().bind(ec2.not());
        spinner(instances, vm.instancesProperty(), 0, MAX_NUMBER, instancesError, PipelineStepViewModel.INSTANCES);
        instances.disableProperty().bind(ec2.not());
        spinner(cpu, vm.cpuProperty(), 0, MAX_NUMBER, cpuError, PipelineStepViewModel.CPU);
        spinner(memory, vm.memoryProperty(), 0, MAX_NUMBER, memoryError, PipelineStepViewModel.MEMORY);
        FieldFeedback.showError(serviceError, m, vm.errorAt(PipelineStepViewModel.SERVICE));
    }

    private ListCell<Capacity> capacityCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Capacity item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null
                        : item == Capacity.EC2 ? m.i18n("pipeline.capacity.ec2") : m.i18n("pipeline.capacity.fargate"));
            }
        };
    }

    /** Under the roles' heading: each role the step creates, who may assume it, and what it may do. */
    private void bindRoles() {
        Runnable fill = () -> {
            if (vm.roles().isEmpty()) {
                rolesSection.setBody(m.i18n("pipeline.explain.roles.none"));
                return;
            }
            StringBuilder b = new StringBuilder();
            for (PipelineStepViewModel.RoleLine r : vm.roles()) {
                java.util.List<String> may = r.may().stream().map(x -> x.startsWith("managed:")
                        ? m.i18n("pipeline.explain.role.managed", x.substring("managed:".length())) : x).toList();
                if (b.length() > 0) {
                    b.append("\n\n");
                }
                b.append(m.i18n("pipeline.explain.role.line", r.name(), r.trustedBy(), String.join("; ", may)));
            }
            rolesSection.setBody(b.toString());
        };
        vm.roles().addListener((ListChangeListener<PipelineStepViewModel.RoleLine>) c -> fill.run());
        fill.run();
    }

    private void text(TextField field, javafx.beans.property.StringProperty value, Label errorLine, String path) {
        field.textProperty().bindBidirectional(value);
        error(field, errorLine, path);
    }

    private void error(Control control, Label errorLine, String path) {
        FieldFeedback.register(validation, m, control, vm.errorAt(path));
        FieldFeedback.showError(errorLine, m, vm.errorAt(path));
    }

    /**
     * An editable spinner bound to {@code value}. Typed text is committed as it is typed when it
     * is a number, so the rules follow each keystroke as they do in text fields.
     */
    private void spinner(Spinner<Integer> spinner, ObjectProperty<Integer> value, int from, int to, Label errorLine,
            String field) {
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
        error(spinner, errorLine, field);
    }

    @Override
    public WizardStep step() {
        return WizardStep.PIPELINE;
    }

    @Override
    public ObservableBooleanValue validProperty() {
        return vm.validProperty();
    }

    @Override
    public Node focusTarget() {
        return pipelineInclude;
    }
}
