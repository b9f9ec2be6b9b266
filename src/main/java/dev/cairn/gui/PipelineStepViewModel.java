package dev.cairn.gui;

import dev.cairn.gui.GeneratedFilesPane.GeneratedFile;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.ResourceSpec;
import dev.cairn.plan.CostEstimate;
import dev.cairn.plan.Planner;
import dev.cairn.step.pipeline.Capacity;
import dev.cairn.step.pipeline.PipelineFiles;
import dev.cairn.step.pipeline.PipelineSection;
import dev.cairn.step.pipeline.PipelineStep;
import dev.cairn.step.storage.BucketNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Pipeline page's form: the GitHub repository and branch, the ECR repository, the build, the
 * ECS service and its capacity, the pipeline's load balancer (production and test listeners), the
 * blue/green deployment and the log retention. It edits only the blueprint's {@code pipeline}
 * section ({@link StepPageViewModel}); each {@code pipeline.*} error is kept at its field path.
 * With the step left out, the blueprint has no pipeline section.
 *
 * <p>While the whole blueprint is valid the page shows what the step writes for the repository
 * ({@link PipelineFiles}: the buildspec, the appspec, the task definition, and the sample app) and
 * the roles it creates with what each may do, read from the step's own resources; and its cost.
 * The release strip and the handshake banner are the {@link ReleaseViewModel}'s.
 */
public final class PipelineStepViewModel extends StepPageViewModel<PipelineSection> {

    public static final String PIPELINE = "pipeline";
    public static final String REPOSITORY = "pipeline.source.repository";
    public static final String BRANCH = "pipeline.source.branch";
    public static final String IMAGE_REPOSITORY = "pipeline.image.repository";
    public static final String KEEP_IMAGES = "pipeline.image.keepImages";
    public static final String COMPUTE_TYPE = "pipeline.build.computeType";
    public static final String BUILD_TIMEOUT = "pipeline.build.timeoutMinutes";
    public static final String SERVICE = "pipeline.service";
    public static final String CLUSTER = "pipeline.service.cluster";
    public static final String SERVICE_NAME = "pipeline.service.name";
    public static final String CONTAINER = "pipeline.service.container";
    public static final String PORT = "pipeline.service.port";
    public static final String DESIRED = "pipeline.service.desiredCount";
    public static final String INSTANCE_TYPE = "pipeline.service.instanceType";
    public static final String INSTANCES = "pipeline.service.instances";
    public static final String CPU = "pipeline.service.cpu";
    public static final String MEMORY = "pipeline.service.memory";
    public static final String HTTPS = "pipeline.loadBalancer.https";
    public static final String PRODUCTION_PORT = "pipeline.loadBalancer.productionPort";
    public static final String TEST_PORT = "pipeline.loadBalancer.testPort";
    public static final String DEPLOYMENT_CONFIG = "pipeline.deploy.deploymentConfig";
    public static final String TERMINATION_WAIT = "pipeline.deploy.terminationWaitMinutes";
    public static final String RETENTION = "pipeline.logs.retentionDays";
    public static final String ARTIFACT_BUCKET = "pipeline.artifactBucket";
    private static final List<String> FIELDS = List.of(PIPELINE, REPOSITORY, BRANCH, IMAGE_REPOSITORY, KEEP_IMAGES,
            COMPUTE_TYPE, BUILD_TIMEOUT, SERVICE, CLUSTER, SERVICE_NAME, CONTAINER, PORT, DESIRED, INSTANCE_TYPE, INSTANCES,
            CPU, MEMORY, HTTPS, PRODUCTION_PORT, TEST_PORT, DEPLOYMENT_CONFIG, TERMINATION_WAIT, RETENTION, ARTIFACT_BUCKET);

    /** What the page proposes for a repository before the user names one: the guide's app, under a placeholder owner. */
    public static final String EXAMPLE_REPOSITORY = "my-org/frontend";
    /** What a file's account shows before the target is checked. */
    static final String ACCOUNT_WORD = "ACCOUNT";

    /** One role the step creates: its name, who may assume it, and what it may do. */
    public record RoleLine(String name, String trustedBy, List<String> may) {}

    private final BooleanProperty included = new SimpleBooleanProperty(false);
    private final StringProperty repository = new SimpleStringProperty("");
    private final StringProperty branch = new SimpleStringProperty(PipelineStep.DEFAULT_BRANCH);
    private final StringProperty imageRepository = new SimpleStringProperty(PipelineStep.DEFAULT_NAME);
    private final BooleanProperty scanOnPush = new SimpleBooleanProperty(true);
    private final ObjectProperty<Integer> keepImages = new SimpleObjectProperty<>(PipelineStep.DEFAULT_KEEP_IMAGES);
    private final StringProperty computeType = new SimpleStringProperty(PipelineStep.DEFAULT_COMPUTE_TYPE);
    private final ObjectProperty<Integer> buildTimeout = new SimpleObjectProperty<>(PipelineStep.DEFAULT_BUILD_TIMEOUT_MINUTES);
    private final StringProperty cluster = new SimpleStringProperty("");
    private final StringProperty serviceName = new SimpleStringProperty(PipelineStep.DEFAULT_NAME);
    private final StringProperty container = new SimpleStringProperty(PipelineStep.DEFAULT_NAME);
    private final ObjectProperty<Integer> port = new SimpleObjectProperty<>(PipelineStep.DEFAULT_PORT);
    private final ObjectProperty<Integer> desiredCount = new SimpleObjectProperty<>(PipelineStep.DEFAULT_DESIRED_COUNT);
    private final ObjectProperty<Capacity> capacity = new SimpleObjectProperty<>(Capacity.EC2);
    private final StringProperty instanceType = new SimpleStringProperty("");
    private final ObjectProperty<Integer> instances = new SimpleObjectProperty<>(1);
    private final ObjectProperty<Integer> cpu = new SimpleObjectProperty<>(PipelineStep.DEFAULT_CPU);
    private final ObjectProperty<Integer> memory = new SimpleObjectProperty<>(PipelineStep.DEFAULT_MEMORY);
    private final BooleanProperty https = new SimpleBooleanProperty(false);
    private final ObjectProperty<Integer> productionPort = new SimpleObjectProperty<>(PipelineStep.HTTP_PORT);
    private final ObjectProperty<Integer> testPort = new SimpleObjectProperty<>(PipelineStep.TEST_HTTP_PORT);
    private final StringProperty deploymentConfig = new SimpleStringProperty(PipelineStep.DEFAULT_DEPLOYMENT_CONFIG);
    private final ObjectProperty<Integer> terminationWait = new SimpleObjectProperty<>(PipelineStep.DEFAULT_TERMINATION_WAIT_MINUTES);
    private final BooleanProperty autoRollback = new SimpleBooleanProperty(true);
    private final ObjectProperty<Integer> retentionDays = new SimpleObjectProperty<>(PipelineStep.DEFAULT_RETENTION_DAYS);
    private final BooleanProperty artifactAuto = new SimpleBooleanProperty(true);
    private final StringProperty artifactBucket = new SimpleStringProperty("");
    /** The target's account, once checked; null before. */
    private final StringProperty account = new SimpleStringProperty();

    private final ObservableList<GeneratedFile> files = FXCollections.observableArrayList();
    private final ObservableList<GeneratedFile> readOnlyFiles = FXCollections.unmodifiableObservableList(files);
    private final ObservableList<RoleLine> roles = FXCollections.observableArrayList();
    private final ObservableList<RoleLine> readOnlyRoles = FXCollections.unmodifiableObservableList(roles);
    private final ObservableList<CostEstimate> costs = FXCollections.observableArrayList();
    private final ObservableList<CostEstimate> readOnlyCosts = FXCollections.unmodifiableObservableList(costs);
    /** How the last Save… went: saved (the path) or why not; null before one. */
    private final ReadOnlyObjectWrapper<Problem> saved = new ReadOnlyObjectWrapper<>();
    private final TaskExecutor executor;

    /** @param blueprint the workspace's blueprint, whose {@code pipeline} section this page edits */
    public PipelineStepViewModel(TaskExecutor executor, ObjectProperty<Blueprint> blueprint) {
        super(PipelineStep.MODULE, blueprint, FIELDS);
        this.executor = executor;
        List<ObservableValue<?>> inputs = List.of(included, repository, branch, imageRepository, scanOnPush, keepImages,
                computeType, buildTimeout, cluster, serviceName, container, port, desiredCount, capacity, instanceType,
                instances, cpu, memory, https, productionPort, testPort, deploymentConfig, terminationWait, autoRollback,
                retentionDays, artifactAuto, artifactBucket);
        inputs.forEach(p -> p.addListener((o, a, b) -> revalidate()));
        account.addListener((o, a, b) -> revalidate());
        // HTTPS moves both listeners to the guide's ports, unless the user chose others.
        https.addListener((o, a, b) -> {
            if (loading()) {
                return;
            }
            if (b && productionPort.get() != null && productionPort.get() == PipelineStep.HTTP_PORT) {
                productionPort.set(PipelineStep.HTTPS_PORT);
            } else if (!b && productionPort.get() != null && productionPort.get() == PipelineStep.HTTPS_PORT) {
                productionPort.set(PipelineStep.HTTP_PORT);
            }
            if (b && testPort.get() != null && testPort.get() == PipelineStep.TEST_HTTP_PORT) {
                testPort.set(PipelineStep.TEST_HTTPS_PORT);
            } else if (!b && testPort.get() != null && testPort.get() == PipelineStep.TEST_HTTPS_PORT) {
                testPort.set(PipelineStep.TEST_HTTP_PORT);
            }
        });
    }

    /** Fills the form from a stack just opened; a stack without the step gets the guide's defaults, left out. */
    @Override
    protected void fill(PipelineSection s, Blueprint bp) {
        PipelineSection raw = s != null ? s
                : new PipelineSection(null, new PipelineSection.Source(EXAMPLE_REPOSITORY, null), null, null, null, null,
                        null, null, null);
        PipelineSection d = PipelineStep.MODULE.withDefaults(raw, bp);
        included.set(s != null && s.on());
        repository.set(nz(d.source().repository()));
        branch.set(nz(d.source().branch()));
        imageRepository.set(nz(d.image().repository()));
        scanOnPush.set(!Boolean.FALSE.equals(d.image().scanOnPush()));
        keepImages.set(d.image().keepImages());
        computeType.set(nz(d.build().computeType()));
        buildTimeout.set(d.build().timeoutMinutes());
        PipelineSection.Service sv = d.service();
        cluster.set(nz(sv.cluster()));
        serviceName.set(nz(sv.name()));
        container.set(nz(sv.container()));
        port.set(sv.port());
        desiredCount.set(sv.desiredCount());
        capacity.set(sv.capacity() == null ? Capacity.EC2 : sv.capacity());
        instanceType.set(nz(sv.instanceType()));
        instances.set(sv.instances() == null ? 1 : sv.instances());
        cpu.set(sv.cpu());
        memory.set(sv.memory());
        https.set(Boolean.TRUE.equals(d.loadBalancer().https()));
        productionPort.set(d.loadBalancer().productionPort());
        testPort.set(d.loadBalancer().testPort());
        deploymentConfig.set(nz(d.deploy().deploymentConfig()));
        terminationWait.set(d.deploy().terminationWaitMinutes());
        autoRollback.set(!Boolean.FALSE.equals(d.deploy().autoRollback()));
        retentionDays.set(d.logs().retentionDays());
        artifactAuto.set(BucketNames.isAuto(d.artifactBucket()));
        artifactBucket.set(BucketNames.isAuto(d.artifactBucket()) ? "" : nz(d.artifactBucket()));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The section the form describes, or null when the step is left out. */
    @Override
    protected PipelineSection formSection() {
        if (!included.get()) {
            return null;
        }
        boolean ec2 = capacity.get() == Capacity.EC2;
        return new PipelineSection(true,
                new PipelineSection.Source(trim(repository.get()), trim(branch.get())),
                new PipelineSection.Image(trim(imageRepository.get()), scanOnPush.get(), keepImages.get()),
                new PipelineSection.Build(PipelineStep.DEFAULT_BUILD_IMAGE, true, trim(computeType.get()), buildTimeout.get()),
                new PipelineSection.Service(trim(cluster.get()), trim(serviceName.get()), trim(container.get()), port.get(),
                        desiredCount.get(), capacity.get(), ec2 ? trim(instanceType.get()) : null,
                        ec2 ? instances.get() : null, cpu.get(), memory.get()),
                new PipelineSection.LoadBalancer(https.get() ? Boolean.TRUE : null, productionPort.get(), testPort.get()),
                new PipelineSection.Deploy(trim(deploymentConfig.get()), terminationWait.get(), autoRollback.get()),
                new PipelineSection.Logs(retentionDays.get()),
                artifactAuto.get() ? PipelineSection.BUCKET_AUTO : trim(artifactBucket.get()));
    }

    /** The page's errors shown at its place: a missing service part shows at the service's name. */
    @Override
    protected boolean showsAt(String field, FieldError error) {
        if (field.equals(SERVICE_NAME) && error.field().equals(SERVICE)) {
            return true;
        }
        return super.showsAt(field, error);
    }

    @Override
    protected void validated(Blueprint candidate, List<FieldError> own, List<FieldError> all) {
        if (!all.isEmpty() || !included.get()) {
            files.clear();
            roles.clear();
            if (!included.get() && all.isEmpty()) {
                costs.setAll(CostEstimate.perRegion(Planner.specs(preview(candidate))));
            }
            return;
        }
        Blueprint planned = preview(candidate);
        costs.setAll(CostEstimate.perRegion(Planner.specs(planned)));
        Blueprint withDefaults = dev.cairn.step.BlueprintYaml.withDefaults(planned);
        String acct = account.get() == null || account.get().isEmpty() ? ACCOUNT_WORD : account.get();
        List<GeneratedFile> out = new ArrayList<>();
        PipelineFiles.files(withDefaults, acct, true).forEach((name, text) -> out.add(new GeneratedFile(name, text)));
        files.setAll(out);
        roles.setAll(roles(PipelineStep.MODULE.resources(withDefaults)));
    }

    /**
     * The roles among the step's resources, each with who may assume it and what it may do: the
     * actions of its inline policy (grouped by service) and the managed policies it carries. A
     * role is a resource that names a trusted service.
     */
    static List<RoleLine> roles(List<ResourceSpec> specs) {
        List<RoleLine> out = new ArrayList<>();
        for (ResourceSpec s : specs) {
            String trust = s.property("trustService");
            if (trust == null || trust.isEmpty()) {
                continue;
            }
            List<String> may = new ArrayList<>(PolicyActions.actions(s.property("inlinePolicy")));
            String managed = s.property("managedPolicies");
            if (managed != null && !managed.isBlank()) {
                Arrays.stream(managed.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                        .map(arn -> "managed:" + arn.substring(arn.lastIndexOf('/') + 1)).forEach(may::add);
            }
            out.add(new RoleLine(s.property("name"), trust, may));
        }
        return out;
    }

    /**
     * Previews plan without a network call: the artifact bucket's {@code auto} name (and the
     * Storage step's) becomes the name it will be in the checked account, or with the placeholder.
     */
    @Override
    public Blueprint plannable(Blueprint bp) {
        String acct = account.get();
        return BucketNames.resolve(bp, acct == null || acct.isEmpty() ? BucketNames.PLACEHOLDER_ACCOUNT : acct);
    }

    /** Writes a shown file to {@code path} on a background task; {@link #savedProperty()} says how it went. */
    public void save(GeneratedFile file, Path path) {
        executor.execute(BackgroundTask.wrap(() -> Files.writeString(path, file.text(), StandardCharsets.UTF_8))
                .onSuccess(p -> saved.set(Problem.of("pipeline.files.saved", p.toString())))
                .onFailure(e -> saved.set(Problem.of("pipeline.files.saveFailed", path.toString(),
                        String.valueOf(e.getMessage())))));
    }

    /** The files the step writes for the repository while the blueprint is valid; empty otherwise. */
    public ObservableList<GeneratedFile> files() {
        return readOnlyFiles;
    }

    /** The roles the step creates while the blueprint is valid. */
    public ObservableList<RoleLine> roles() {
        return readOnlyRoles;
    }

    /** The cost of the last valid whole blueprint, one estimate per region. */
    public ObservableList<CostEstimate> costs() {
        return readOnlyCosts;
    }

    public ReadOnlyObjectProperty<Problem> savedProperty() {
        return saved.getReadOnlyProperty();
    }

    /** The checked target's account ID (null until checked): what the task definition's role ARN carries. */
    public StringProperty accountProperty() {
        return account;
    }

    public BooleanProperty includedProperty() {
        return included;
    }

    public StringProperty repositoryProperty() {
        return repository;
    }

    public StringProperty branchProperty() {
        return branch;
    }

    public StringProperty imageRepositoryProperty() {
        return imageRepository;
    }

    public BooleanProperty scanOnPushProperty() {
        return scanOnPush;
    }

    public ObjectProperty<Integer> keepImagesProperty() {
        return keepImages;
    }

    public StringProperty computeTypeProperty() {
        return computeType;
    }

    public ObjectProperty<Integer> buildTimeoutProperty() {
        return buildTimeout;
    }

    public StringProperty clusterProperty() {
        return cluster;
    }

    public StringProperty serviceNameProperty() {
        return serviceName;
    }

    public StringProperty containerProperty() {
        return container;
    }

    public ObjectProperty<Integer> portProperty() {
        return port;
    }

    public ObjectProperty<Integer> desiredCountProperty() {
        return desiredCount;
    }

    public ObjectProperty<Capacity> capacityProperty() {
        return capacity;
    }

    public StringProperty instanceTypeProperty() {
        return instanceType;
    }

    public ObjectProperty<Integer> instancesProperty() {
        return instances;
    }

    public ObjectProperty<Integer> cpuProperty() {
        return cpu;
    }

    public ObjectProperty<Integer> memoryProperty() {
        return memory;
    }

    public BooleanProperty httpsProperty() {
        return https;
    }

    public ObjectProperty<Integer> productionPortProperty() {
        return productionPort;
    }

    public ObjectProperty<Integer> testPortProperty() {
        return testPort;
    }

    public StringProperty deploymentConfigProperty() {
        return deploymentConfig;
    }

    public ObjectProperty<Integer> terminationWaitProperty() {
        return terminationWait;
    }

    public BooleanProperty autoRollbackProperty() {
        return autoRollback;
    }

    public ObjectProperty<Integer> retentionDaysProperty() {
        return retentionDays;
    }

    public BooleanProperty artifactAutoProperty() {
        return artifactAuto;
    }

    public StringProperty artifactBucketProperty() {
        return artifactBucket;
    }
}
