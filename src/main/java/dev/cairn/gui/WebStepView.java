package dev.cairn.gui;

import dev.cairn.app.HowToUse;
import dev.cairn.model.FieldError;
import dev.cairn.plan.CostRange;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;

/**
 * The Web tier page ({@code WebStepView.fxml}): binds the form (image, instance type, app, load
 * balancer, HTTPS, Auto Scaling), the user data the instances run (read-only unless the user
 * writes their own), the explanation and the cost, to {@link WebStepViewModel}. Every validation
 * error shows at its control as the user types, and Apply waits until all hold.
 */
final class WebStepView extends StepPageLayout implements StepPage {

    /** The spinners' ranges: wide enough that the rules, not the spinner, say what is wrong. */
    private static final int MAX_SIZE = 100;
    private static final int MAX_SECONDS = 7200;

    private final Messages m;
    private final WebStepViewModel vm;
    private final ValidationSupport validation = new ValidationSupport();

    @FXML private VBox howToUse;
    @FXML private VBox howToLines;
    @FXML private Label costAtDesired;
    @FXML private Label costAtMax;
    @FXML private CheckBox webInclude;
    @FXML private VBox fields;
    @FXML private RadioButton imageLatest;
    @FXML private RadioButton imageGolden;
    @FXML private RadioButton imageAmi;
    @FXML private TextField amiId;
    @FXML private Label imageError;
    @FXML private InstanceTypePicker instanceType;
    @FXML private CheckBox customApp;
    @FXML private TextArea app;
    @FXML private TextArea userData;
    @FXML private TextField healthCheckPath;
    @FXML private Label healthCheckPathError;
    @FXML private Spinner<Integer> deregistrationDelay;
    @FXML private Label deregistrationDelayError;
    @FXML private CheckBox httpsOn;
    @FXML private VBox httpsFields;
    @FXML private TextField domain;
    @FXML private Label domainError;
    @FXML private TextField subdomain;
    @FXML private Label subdomainError;
    @FXML private Spinner<Integer> min;
    @FXML private Spinner<Integer> desired;
    @FXML private Spinner<Integer> max;
    @FXML private Label sizeError;
    @FXML private Spinner<Integer> grace;
    @FXML private Label graceError;
    @FXML private Spinner<Integer> targetCpu;
    @FXML private Label targetCpuError;
    @FXML private Spinner<Integer> warmup;
    @FXML private Label warmupError;
    @FXML private Label webWarning;
    @FXML private Label webError;
    @FXML private ErrorSummary webErrorSummary;
    @FXML private ExplanationPanel explanation;
    @FXML private ApplyBar applyBar;
    @FXML private StressBox stressBox;

    WebStepView(Messages m, WebStepViewModel vm, WorkspaceViewModel workspace) {
        this.m = m;
        this.vm = vm;
        ViewLoader.load(this, m);

        webInclude.selectedProperty().bindBidirectional(vm.includedProperty());
        fields.disableProperty().bind(vm.includedProperty().not());
        bindImage();
        instanceType.bind(m, vm.instanceTypeProperty(), vm.errorAt(WebStepViewModel.INSTANCE_TYPE), validation);
        bindApp();
        bindLoadBalancer();
        bindHttps();
        bindAutoScaling();
        // One warning exists: instances without NAT cannot install the app.
        FieldFeedback.showMessage(webWarning, vm.warningProperty(), w -> m.i18n("web.warning.web.noNat"));
        FieldFeedback.showError(webError, m, vm.errorAt(WebStepViewModel.WEB));
        webErrorSummary.bind(m, vm.errors());
        vm.errors().addListener((ListChangeListener<FieldError>) c -> validation.revalidate());
        explanation.showCosts(m, vm.costs());
        bindCostRange();
        bindHowToUse();
        applyBar.bind(m, workspace, vm.validProperty());
        stressBox.bind(m, workspace.stress());
    }

    private void bindImage() {
        ToggleGroup images = new ToggleGroup();
        Map<RadioButton, WebStepViewModel.ImageChoice> choices = Map.of(imageLatest, WebStepViewModel.ImageChoice.LATEST,
                imageGolden, WebStepViewModel.ImageChoice.GOLDEN, imageAmi, WebStepViewModel.ImageChoice.AMI);
        choices.forEach((r, c) -> {
            r.setToggleGroup(images);
            r.setUserData(c);
            r.setSelected(vm.imageChoiceProperty().get() == c);
        });
        images.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.imageChoiceProperty().set((WebStepViewModel.ImageChoice) b.getUserData());
            }
        });
        vm.imageChoiceProperty().addListener((o, a, b) -> images.getToggles().forEach(t -> t.setSelected(t.getUserData() == b)));
        amiId.textProperty().bindBidirectional(vm.amiIdProperty());
        amiId.disableProperty().bind(vm.imageChoiceProperty().isNotEqualTo(WebStepViewModel.ImageChoice.AMI));
        register(amiId, WebStepViewModel.IMAGE);
        FieldFeedback.showError(imageError, m, vm.errorAt(WebStepViewModel.IMAGE));
    }

    /** Cairn's script read-only, or the user's own in an editable box: one shows at a time. */
    private void bindApp() {
        customApp.selectedProperty().bindBidirectional(vm.customAppProperty());
        app.textProperty().bindBidirectional(vm.appProperty());
        userData.textProperty().bind(vm.userDataProperty());
        userData.setEditable(false);
        app.visibleProperty().bind(vm.customAppProperty());
        app.managedProperty().bind(app.visibleProperty());
        userData.visibleProperty().bind(vm.customAppProperty().not());
        userData.managedProperty().bind(userData.visibleProperty());
    }

    private void bindLoadBalancer() {
        healthCheckPath.textProperty().bindBidirectional(vm.healthCheckPathProperty());
        register(healthCheckPath, WebStepViewModel.HEALTH_CHECK_PATH);
        FieldFeedback.showError(healthCheckPathError, m, vm.errorAt(WebStepViewModel.HEALTH_CHECK_PATH));
        spinner(deregistrationDelay, vm.deregistrationDelayProperty(), 0, MAX_SECONDS, WebStepViewModel.DEREGISTRATION_DELAY);
        FieldFeedback.showError(deregistrationDelayError, m, vm.errorAt(WebStepViewModel.DEREGISTRATION_DELAY));
    }

    private void bindHttps() {
        httpsOn.selectedProperty().bindBidirectional(vm.httpsOnProperty());
        httpsFields.disableProperty().bind(vm.httpsOnProperty().not());
        domain.textProperty().bindBidirectional(vm.domainProperty());
        subdomain.textProperty().bindBidirectional(vm.subdomainProperty());
        register(domain, WebStepViewModel.DOMAIN);
        register(subdomain, WebStepViewModel.SUBDOMAIN);
        FieldFeedback.showError(domainError, m, vm.errorAt(WebStepViewModel.DOMAIN));
        FieldFeedback.showError(subdomainError, m, vm.errorAt(WebStepViewModel.SUBDOMAIN));
    }

    private void bindAutoScaling() {
        spinner(min, vm.minProperty(), 0, MAX_SIZE, WebStepViewModel.MIN);
        spinner(desired, vm.desiredProperty(), 0, MAX_SIZE, WebStepViewModel.DESIRED);
        spinner(max, vm.maxProperty(), 0, MAX_SIZE, WebStepViewModel.MAX);
        // The three sizes share one line: the first error among them.
        var sizes = Bindings.createObjectBinding(() -> firstOf(vm.errorAt(WebStepViewModel.MIN).get(),
                vm.errorAt(WebStepViewModel.DESIRED).get(), vm.errorAt(WebStepViewModel.MAX).get()),
                vm.errorAt(WebStepViewModel.MIN), vm.errorAt(WebStepViewModel.DESIRED), vm.errorAt(WebStepViewModel.MAX));
        FieldFeedback.showError(sizeError, m, sizes);
        spinner(grace, vm.graceProperty(), 0, MAX_SECONDS, WebStepViewModel.GRACE);
        FieldFeedback.showError(graceError, m, vm.errorAt(WebStepViewModel.GRACE));
        spinner(targetCpu, vm.targetCpuProperty(), 1, 100, WebStepViewModel.TARGET_CPU);
        FieldFeedback.showError(targetCpuError, m, vm.errorAt(WebStepViewModel.TARGET_CPU));
        spinner(warmup, vm.warmupProperty(), 0, MAX_SECONDS, WebStepViewModel.WARMUP);
        FieldFeedback.showError(warmupError, m, vm.errorAt(WebStepViewModel.WARMUP));
    }

    /** The hourly total with the group at desired and at max, under the form. */
    private void bindCostRange() {
        costAtDesired.textProperty().bind(Bindings.createStringBinding(() -> {
            CostRange r = vm.costRangeProperty().get();
            return r == null ? "" : m.i18n("web.cost.atDesired", r.desired(), money(r.hourlyAtDesired()));
        }, vm.costRangeProperty()));
        costAtMax.textProperty().bind(Bindings.createStringBinding(() -> {
            CostRange r = vm.costRangeProperty().get();
            return r == null ? "" : m.i18n("web.cost.atMax", r.max(), money(r.hourlyAtMax()));
        }, vm.costRangeProperty()));
    }

    private static String money(BigDecimal amount) {
        NumberFormat f = NumberFormat.getCurrencyInstance(Locale.US);
        f.setMaximumFractionDigits(3);
        return f.format(amount);
    }

    /** Once built: one copyable line per way to use the tier. */
    private void bindHowToUse() {
        Runnable fill = () -> {
            howToLines.getChildren().clear();
            for (HowToUse.Step step : vm.howToUse()) {
                howToLines.getChildren().add(HowToUseRow.of(m, step));
            }
        };
        vm.howToUse().addListener((ListChangeListener<HowToUse.Step>) c -> fill.run());
        fill.run();
        howToUse.visibleProperty().bind(Bindings.isNotEmpty(vm.howToUse()));
        howToUse.managedProperty().bind(howToUse.visibleProperty());
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
        return WizardStep.WEB;
    }

    @Override
    public ObservableBooleanValue validProperty() {
        return vm.validProperty();
    }

    @Override
    public Node focusTarget() {
        return webInclude;
    }
}
