package dev.cairn.gui;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.app.HowToUse;
import dev.cairn.app.MyIpResolver;
import dev.cairn.app.WebStatus;
import dev.cairn.model.StackState;
import dev.cairn.plan.CostRange;
import dev.cairn.step.access.AccessSection;
import dev.cairn.plan.CostEstimate;
import dev.cairn.plan.Planner;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.web.UserData;
import dev.cairn.step.web.WebSection;
import dev.cairn.step.web.WebStep;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Web tier page: image, instance type, the app (Cairn's page or the user's script), the load
 * balancer's health check and draining, optional HTTPS, and the Auto Scaling group's sizes and
 * policy. It edits only the blueprint's {@code web} section ({@link StepPageViewModel}), checked
 * against the rest (the Network page's subnets, the stack's name); each {@code web.*} error is
 * kept at its field path. With the step left out, the blueprint has no web section.
 */
public final class WebStepViewModel extends StepPageViewModel<WebSection> {

    public static final String WEB = "web";
    public static final String IMAGE = "web.image";
    public static final String INSTANCE_TYPE = "web.instanceType";
    public static final String HEALTH_CHECK_PATH = "web.loadBalancer.healthCheckPath";
    public static final String DEREGISTRATION_DELAY = "web.loadBalancer.deregistrationDelaySeconds";
    public static final String DOMAIN = "web.https.domain";
    public static final String SUBDOMAIN = "web.https.subdomain";
    public static final String MIN = "web.autoScaling.min";
    public static final String DESIRED = "web.autoScaling.desired";
    public static final String MAX = "web.autoScaling.max";
    public static final String GRACE = "web.autoScaling.healthCheckGraceSeconds";
    public static final String TARGET_CPU = "web.autoScaling.targetCpu";
    public static final String WARMUP = "web.autoScaling.warmupSeconds";
    private static final List<String> FIELDS = List.of(WEB, IMAGE, INSTANCE_TYPE, HEALTH_CHECK_PATH, DEREGISTRATION_DELAY,
            DOMAIN, SUBDOMAIN, MIN, DESIRED, MAX, GRACE, TARGET_CPU, WARMUP);

    /** Where the instances' image comes from, as the page offers it. */
    public enum ImageChoice {
        LATEST, GOLDEN, AMI
    }

    private final BooleanProperty included = new SimpleBooleanProperty(false);
    private final ObjectProperty<ImageChoice> imageChoice = new SimpleObjectProperty<>(ImageChoice.LATEST);
    private final StringProperty amiId = new SimpleStringProperty("");
    private final StringProperty instanceType = new SimpleStringProperty("");
    private final BooleanProperty customApp = new SimpleBooleanProperty(false);
    private final StringProperty app = new SimpleStringProperty("");
    private final StringProperty healthCheckPath = new SimpleStringProperty(WebStep.DEFAULT_HEALTH_CHECK_PATH);
    private final ObjectProperty<Integer> deregistrationDelay = new SimpleObjectProperty<>(WebStep.DEFAULT_DEREGISTRATION_DELAY);
    private final BooleanProperty httpsOn = new SimpleBooleanProperty(false);
    private final StringProperty domain = new SimpleStringProperty("");
    private final StringProperty subdomain = new SimpleStringProperty(WebStep.DEFAULT_SUBDOMAIN);
    private final ObjectProperty<Integer> min = new SimpleObjectProperty<>(WebStep.DEFAULT_MIN);
    private final ObjectProperty<Integer> desired = new SimpleObjectProperty<>(WebStep.DEFAULT_DESIRED);
    private final ObjectProperty<Integer> max = new SimpleObjectProperty<>(WebStep.DEFAULT_MAX);
    private final ObjectProperty<Integer> grace = new SimpleObjectProperty<>(WebStep.DEFAULT_GRACE_SECONDS);
    private final ObjectProperty<Integer> targetCpu = new SimpleObjectProperty<>(WebStep.DEFAULT_TARGET_CPU);
    private final ObjectProperty<Integer> warmup = new SimpleObjectProperty<>(WebStep.DEFAULT_WARMUP_SECONDS);

    private final ReadOnlyStringWrapper userData = new ReadOnlyStringWrapper(UserData.defaultScript());
    private final ReadOnlyObjectWrapper<FieldError> warning = new ReadOnlyObjectWrapper<>();
    private final ObservableList<CostEstimate> costs = FXCollections.observableArrayList();
    private final ObservableList<CostEstimate> readOnlyCosts = FXCollections.unmodifiableObservableList(costs);
    private final ReadOnlyObjectWrapper<CostRange> costRange = new ReadOnlyObjectWrapper<>();
    private final ObservableList<HowToUse.Step> howToUse = FXCollections.observableArrayList();
    private final ObservableList<HowToUse.Step> readOnlyHowToUse = FXCollections.unmodifiableObservableList(howToUse);
    private final ReadOnlyObjectWrapper<WebStatus> status = new ReadOnlyObjectWrapper<>(WebStatus.NONE);

    /** @param blueprint the workspace's blueprint, whose {@code web} section this page edits */
    public WebStepViewModel(ObjectProperty<Blueprint> blueprint) {
        super(WebStep.MODULE, blueprint, FIELDS);
        List<ObservableValue<?>> inputs = List.of(included, imageChoice, amiId, instanceType, customApp, app,
                healthCheckPath, deregistrationDelay, httpsOn, domain, subdomain, min, desired, max, grace, targetCpu, warmup);
        inputs.forEach(p -> p.addListener((o, a, b) -> revalidate()));
        // The script shown is the one the instances will run: the user's while they write one.
        customApp.addListener((o, a, b) -> {
            if (b && (app.get() == null || app.get().isBlank())) {
                app.set(UserData.defaultScript());
            }
            showUserData();
        });
        app.addListener((o, a, b) -> showUserData());
    }

    private void showUserData() {
        userData.set(customApp.get() && app.get() != null && !app.get().isBlank() ? app.get() : UserData.defaultScript());
    }

    /** Fills the form from a stack just opened; a stack without the step gets the guide's defaults, left out. */
    @Override
    protected void fill(WebSection w, Blueprint bp) {
        WebSection d = WebStep.MODULE.withDefaults(w == null ? new WebSection(null, null, null, null, null, null, null) : w, bp);
        included.set(w != null && w.on());
        String image = d.image();
        imageChoice.set(WebSection.IMAGE_GOLDEN.equals(image) ? ImageChoice.GOLDEN
                : WebSection.IMAGE_LATEST.equals(image) ? ImageChoice.LATEST : ImageChoice.AMI);
        amiId.set(imageChoice.get() == ImageChoice.AMI ? image : "");
        instanceType.set(d.instanceType());
        customApp.set(d.app() != null && !d.app().isBlank());
        app.set(d.app() == null ? "" : d.app());
        healthCheckPath.set(d.loadBalancer().healthCheckPath());
        deregistrationDelay.set(d.loadBalancer().deregistrationDelaySeconds());
        httpsOn.set(d.https() != null);
        domain.set(d.https() == null || d.https().domain() == null ? "" : d.https().domain());
        subdomain.set(d.https() == null ? WebStep.DEFAULT_SUBDOMAIN : d.https().subdomain());
        WebSection.AutoScaling as = d.autoScaling();
        min.set(as.min());
        desired.set(as.desired());
        max.set(as.max());
        grace.set(as.healthCheckGraceSeconds());
        targetCpu.set(as.targetCpu());
        warmup.set(as.warmupSeconds());
        showUserData();
    }

    /** The section the form describes, or null when the step is left out. */
    @Override
    protected WebSection formSection() {
        if (!included.get()) {
            return null;
        }
        String image = switch (imageChoice.get()) {
            case LATEST -> WebSection.IMAGE_LATEST;
            case GOLDEN -> WebSection.IMAGE_GOLDEN;
            case AMI -> trim(amiId.get());
        };
        String script = customApp.get() && app.get() != null && !app.get().isBlank() ? app.get() : null;
        WebSection.Https https = httpsOn.get() ? new WebSection.Https(trim(domain.get()), trim(subdomain.get())) : null;
        return new WebSection(true, image, trim(instanceType.get()), script,
                new WebSection.LoadBalancer(trim(healthCheckPath.get()), deregistrationDelay.get()), https,
                new WebSection.AutoScaling(min.get(), desired.get(), max.get(), grace.get(), targetCpu.get(), warmup.get()));
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    /** The group's sizes are checked together; the order rule shows at min, desired and max alike. */
    @Override
    protected boolean showsAt(String field, FieldError error) {
        if ((field.equals(MIN) || field.equals(MAX)) && "web.sizeOrder".equals(error.rule())) {
            return true;
        }
        return super.showsAt(field, error);
    }

    @Override
    protected void validated(Blueprint candidate, List<FieldError> own, List<FieldError> all) {
        warning.set(BlueprintValidator.warnings(candidate).stream().filter(this::isMine).findFirst().orElse(null));
        if (all.isEmpty()) {
            costs.setAll(CostEstimate.perRegion(Planner.specs(preview(candidate))));
            costRange.set(CostRange.of(preview(candidate)).orElse(null));
        }
    }

    /**
     * Previews plan without a network call: the Access step's {@code myIp: auto} gets the
     * stand-in address its own page uses.
     */
    @Override
    public Blueprint plannable(Blueprint bp) {
        AccessSection a = bp.section(AccessSection.KEY);
        return a == null || !AccessSection.MY_IP_AUTO.equals(a.myIp()) ? bp
                : bp.with(AccessSection.KEY, a.withMyIp(MyIpResolver.SANDBOX_ADDRESS));
    }

    /**
     * The Web tier as the target reports it (the workspace reads it in the background after a
     * run): the How-to-use lines follow it.
     *
     * @param sandbox whether the stack lives in a Sandbox
     */
    public void showStatus(WebStatus now, boolean sandbox, StackState state) {
        WebStatus s = now == null ? WebStatus.NONE : now;
        status.set(s);
        WebSection web = blueprint() == null ? null : blueprint().section(WebSection.KEY);
        boolean redirects = sandbox && web != null && web.httpsOn();
        howToUse.setAll(state == null ? List.of() : HowToUse.webSteps(state.stack(), s.url(), sandbox, redirects, state));
    }

    public BooleanProperty includedProperty() {
        return included;
    }

    public ObjectProperty<ImageChoice> imageChoiceProperty() {
        return imageChoice;
    }

    public StringProperty amiIdProperty() {
        return amiId;
    }

    public StringProperty instanceTypeProperty() {
        return instanceType;
    }

    public BooleanProperty customAppProperty() {
        return customApp;
    }

    public StringProperty appProperty() {
        return app;
    }

    public StringProperty healthCheckPathProperty() {
        return healthCheckPath;
    }

    public ObjectProperty<Integer> deregistrationDelayProperty() {
        return deregistrationDelay;
    }

    public BooleanProperty httpsOnProperty() {
        return httpsOn;
    }

    public StringProperty domainProperty() {
        return domain;
    }

    public StringProperty subdomainProperty() {
        return subdomain;
    }

    public ObjectProperty<Integer> minProperty() {
        return min;
    }

    public ObjectProperty<Integer> desiredProperty() {
        return desired;
    }

    public ObjectProperty<Integer> maxProperty() {
        return max;
    }

    public ObjectProperty<Integer> graceProperty() {
        return grace;
    }

    public ObjectProperty<Integer> targetCpuProperty() {
        return targetCpu;
    }

    public ObjectProperty<Integer> warmupProperty() {
        return warmup;
    }

    /** The user data the instances will run, as it will be sent: shown read-only. */
    public ReadOnlyStringProperty userDataProperty() {
        return userData.getReadOnlyProperty();
    }

    /** A risk to show (instances without NAT cannot install the app), or null. */
    public ReadOnlyObjectProperty<FieldError> warningProperty() {
        return warning.getReadOnlyProperty();
    }

    /** What the stack costs per hour with the group at desired and at max; null until the blueprint is valid. */
    public ReadOnlyObjectProperty<CostRange> costRangeProperty() {
        return costRange.getReadOnlyProperty();
    }

    /** How to use the built tier: the site, the alternating curl, the stress. */
    public ObservableList<HowToUse.Step> howToUse() {
        return readOnlyHowToUse;
    }

    /** The tier as last read from the target. */
    public ReadOnlyObjectProperty<WebStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The cost of the last valid whole blueprint, one estimate per region. */
    public ObservableList<CostEstimate> costs() {
        return readOnlyCosts;
    }
}
