package dev.cairn.step.pipeline;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.kinds.CodeBuildKinds;
import dev.cairn.model.kinds.CodeDeployKinds;
import dev.cairn.model.kinds.CodePipelineKinds;
import dev.cairn.model.kinds.EcrKinds;
import dev.cairn.model.kinds.Elbv2Kinds;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.storage.BucketNames;
import dev.cairn.step.storage.StorageValidator;
import dev.cairn.step.web.WebSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Pipeline step's rules, called by {@link PipelineStep}; every one is checked before any AWS
 * call, naming the field. Rule keys: {@code field.required}, {@code pipeline.repository},
 * {@code pipeline.branch}, {@code pipeline.ecrName}, {@code pipeline.keepImages},
 * {@code pipeline.computeType}, {@code pipeline.buildTimeout}, {@code pipeline.ecsName},
 * {@code pipeline.derivedName}, {@code pipeline.port}, {@code pipeline.samePorts},
 * {@code pipeline.httpsNoCertificate}, {@code pipeline.desiredCount}, {@code instanceType.format},
 * {@code pipeline.instances}, {@code pipeline.fargateSize}, {@code pipeline.taskSize},
 * {@code pipeline.deploymentConfig}, {@code pipeline.terminationWait}, {@code pipeline.retention},
 * {@code pipeline.twoZones}, {@code pipeline.noAppSubnet}, the bucket-name rules of
 * {@link StorageValidator#bucketNameError}; the warning {@code pipeline.noNat}.
 */
public final class PipelineValidator {

    /**
     * GitHub: an owner (user or organisation) is 1–39 letters, digits and single hyphens, neither
     * first nor last.
     */
    static final Pattern GITHUB_OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");
    /** GitHub: a repository name is 1–100 letters, digits, {@code .}, {@code _} and {@code -}. */
    static final Pattern GITHUB_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** ECR: path components of lower-case letters and digits joined by single {@code . _ -}, separated by {@code /}; 2–256 characters. */
    static final Pattern ECR_NAME = Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    static final int ECR_MIN = 2;
    /** ECS: cluster, service, family and container names are 1–255 letters, digits, {@code _} and {@code -}. */
    static final Pattern ECS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    /** CodeBuild's Linux container compute types (on-demand, EC2). */
    public static final List<String> COMPUTE_TYPES = List.of("BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM",
            "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE");
    /** CodeBuild: a build's timeout is 5–2160 minutes (36 hours). */
    public static final int MIN_BUILD_TIMEOUT = 5;
    public static final int MAX_BUILD_TIMEOUT = 2160;
    /** ECR lifecycle rules: imageCountMoreThan is at least 1. */
    public static final int MAX_KEEP_IMAGES = 10_000;
    /** CodeDeploy: an ECS blue/green group keeps the original task set at most 2880 minutes (two days). */
    public static final int MAX_TERMINATION_WAIT = 2880;
    /** CodeDeploy's predefined configurations for ECS; names starting {@code CodeDeployDefault.} are AWS's. */
    public static final List<String> ECS_CONFIGS = List.of("CodeDeployDefault.ECSAllAtOnce",
            "CodeDeployDefault.ECSLinear10PercentEvery1Minutes", "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
            "CodeDeployDefault.ECSCanary10Percent5Minutes", "CodeDeployDefault.ECSCanary10Percent15Minutes");
    /** CloudWatch Logs: the retention values PutRetentionPolicy accepts. */
    public static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    /** ECS: the task CPU units an EC2 task may ask for (0.125 to 192 vCPU). */
    public static final int MIN_EC2_CPU = 128;
    public static final int MAX_EC2_CPU = 196_608;
    /** ECS: a task's memory must leave room for at least a container's 6 MiB minimum; 128 MiB is a useful floor. */
    public static final int MIN_MEMORY = 128;
    /** Fargate's task sizes: CPU units to the memory (MiB) it allows, as min, max and step. */
    static final Map<Integer, int[]> FARGATE = Map.of(
            256, new int[] {512, 2048, 0},
            512, new int[] {1024, 4096, 1024},
            1024, new int[] {2048, 8192, 1024},
            2048, new int[] {4096, 16384, 1024},
            4096, new int[] {8192, 30720, 1024},
            8192, new int[] {16384, 61440, 4096},
            16384, new int[] {32768, 122880, 8192});
    /** Capacity provider names may not start with these (AWS reserves them). */
    static final List<String> RESERVED_PROVIDER_PREFIXES = List.of("aws", "ecs", "fargate");

    private PipelineValidator() {}

    public static List<FieldError> validate(PipelineSection p, Blueprint bp) {
        if (!p.on()) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        validateSource(p.source(), errors);
        validateImage(p.image(), errors);
        validateBuild(p.build(), errors);
        validateService(p.service(), bp, errors);
        validateLoadBalancer(p.loadBalancer(), bp, errors);
        validateDeploy(p.deploy(), errors);
        validateLogs(p.logs(), errors);
        validateBucket(p.artifactBucket(), bp, errors);
        validateDerivedNames(bp, p, errors);
        validateNetwork(bp.section(NetworkSection.KEY), errors);
        return List.copyOf(errors);
    }

    /** Tasks in app subnets with no NAT cannot pull images (ECR and the public gallery are on the internet). */
    public static List<FieldError> warnings(PipelineSection p, Blueprint bp) {
        NetworkSection network = bp.section(NetworkSection.KEY);
        if (p.on() && network != null && network.nat() == NatMode.NONE) {
            return List.of(FieldError.of("pipeline.service", "pipeline.noNat", "network.nat is none: tasks and instances in the"
                    + " app subnets cannot reach ECR or ECS to pull images and register; choose a NAT gateway"));
        }
        return List.of();
    }

    private static boolean missing(String f, Object value, List<FieldError> errors) {
        if (value == null || value instanceof String s && s.isEmpty()) {
            errors.add(FieldError.of(f, "field.required", f + " is required"));
            return true;
        }
        return false;
    }

    private static void validateSource(PipelineSection.Source s, List<FieldError> errors) {
        if (missing("pipeline.source", s, errors)) {
            return;
        }
        String f = "pipeline.source.repository";
        String repo = s.repository();
        if (!missing(f, repo, errors) && !isRepository(repo)) {
            errors.add(FieldError.of(f, "pipeline.repository", f + " " + BlueprintValidator.quote(repo) + " is not a GitHub"
                    + " repository owner/name: the owner 1-39 letters, digits and single inner hyphens, the name 1-100"
                    + " letters, digits, dots, hyphens and underscores", repo));
        }
        String b = "pipeline.source.branch";
        String branch = s.branch();
        if (!missing(b, branch, errors) && !isBranch(branch)) {
            errors.add(FieldError.of(b, "pipeline.branch", b + " " + BlueprintValidator.quote(branch) + " is not a Git branch"
                    + " name: no spaces, no ~ ^ : ? * [ \\ or .., not starting or ending with / or ., not ending .lock", branch));
        }
    }

    /** Whether {@code repo} is GitHub's {@code owner/name}. */
    public static boolean isRepository(String repo) {
        int slash = repo == null ? -1 : repo.indexOf('/');
        if (slash < 0 || repo.indexOf('/', slash + 1) >= 0) {
            return false;
        }
        String owner = repo.substring(0, slash);
        String name = repo.substring(slash + 1);
        return GITHUB_OWNER.matcher(owner).matches() && GITHUB_NAME.matcher(name).matches() && !name.equals(".")
                && !name.equals("..") && !name.toLowerCase(Locale.ROOT).endsWith(".git");
    }

    /** Git's rules for a branch name ({@code git check-ref-format --branch}), the ones a person can trip over. */
    static boolean isBranch(String b) {
        if (b.startsWith("/") || b.endsWith("/") || b.startsWith(".") || b.endsWith(".") || b.startsWith("-")
                || b.endsWith(".lock") || b.contains("..") || b.contains("//") || b.contains("@{") || b.equals("@")
                || b.contains("/.")) {
            return false;
        }
        return b.chars().noneMatch(c -> c <= ' ' || c == 127 || "~^:?*[\\".indexOf(c) >= 0);
    }

    private static void validateImage(PipelineSection.Image image, List<FieldError> errors) {
        if (missing("pipeline.image", image, errors)) {
            return;
        }
        String f = "pipeline.image.repository";
        String name = image.repository();
        if (!missing(f, name, errors) && (name.length() < ECR_MIN || name.length() > EcrKinds.REPOSITORY_NAME.maxLength()
                || !ECR_NAME.matcher(name).matches())) {
            errors.add(FieldError.of(f, "pipeline.ecrName", f + " " + BlueprintValidator.quote(name) + " is not an ECR"
                    + " repository name: 2-256 lower-case letters and digits, separated by single . _ - or /", name));
        }
        Integer keep = image.keepImages();
        if (keep != null && (keep < 1 || keep > MAX_KEEP_IMAGES)) {
            errors.add(FieldError.of("pipeline.image.keepImages", "pipeline.keepImages", "pipeline.image.keepImages " + keep
                    + " must be 1 to " + MAX_KEEP_IMAGES, String.valueOf(keep)));
        }
    }

    private static void validateBuild(PipelineSection.Build build, List<FieldError> errors) {
        if (missing("pipeline.build", build, errors)) {
            return;
        }
        missing("pipeline.build.image", build.image(), errors);
        String f = "pipeline.build.computeType";
        String type = build.computeType();
        if (!missing(f, type, errors) && !COMPUTE_TYPES.contains(type)) {
            errors.add(FieldError.of(f, "pipeline.computeType", f + " " + BlueprintValidator.quote(type) + " is not one of "
                    + String.join(", ", COMPUTE_TYPES), type));
        }
        String t = "pipeline.build.timeoutMinutes";
        Integer timeout = build.timeoutMinutes();
        if (!missing(t, timeout, errors) && (timeout < MIN_BUILD_TIMEOUT || timeout > MAX_BUILD_TIMEOUT)) {
            errors.add(FieldError.of(t, "pipeline.buildTimeout", t + " " + timeout + " must be " + MIN_BUILD_TIMEOUT + " to "
                    + MAX_BUILD_TIMEOUT + " minutes", String.valueOf(timeout)));
        }
    }

    private static void validateService(PipelineSection.Service s, Blueprint bp, List<FieldError> errors) {
        String f = "pipeline.service";
        if (missing(f, s, errors)) {
            return;
        }
        ecsName(f + ".cluster", s.cluster(), errors);
        ecsName(f + ".name", s.name(), errors);
        ecsName(f + ".container", s.container(), errors);
        if (s.name() != null && bp.name() != null && !bp.name().isEmpty()) {
            String family = bp.name() + "-" + s.name();
            if (ECS_NAME.matcher(s.name()).matches() && !ECS_NAME.matcher(family).matches()) {
                errors.add(FieldError.of(f + ".name", "pipeline.ecsName", "the task definition family "
                        + BlueprintValidator.quote(family) + " (stack-service) is longer than 255 characters", family));
            }
        }
        port(f + ".port", s.port(), errors);
        Integer desired = s.desiredCount();
        if (!missing(f + ".desiredCount", desired, errors) && desired < 1) {
            errors.add(FieldError.of(f + ".desiredCount", "pipeline.desiredCount", f + ".desiredCount " + desired
                    + " must be at least 1: a blue/green deployment needs a running task set", String.valueOf(desired)));
        }
        if (missing(f + ".capacity", s.capacity(), errors)) {
            return;
        }
        if (s.capacity() == Capacity.EC2) {
            String type = s.instanceType();
            if (!missing(f + ".instanceType", type, errors) && !InstanceTypeName.isValid(type)) {
                errors.add(FieldError.of(f + ".instanceType", "instanceType.format", f + ".instanceType "
                        + BlueprintValidator.quote(type) + " is not an instance type name like t3.micro (family, generation,"
                        + " attributes, then .size)", type));
            }
            Integer n = s.instances();
            if (!missing(f + ".instances", n, errors) && n < 1) {
                errors.add(FieldError.of(f + ".instances", "pipeline.instances", f + ".instances " + n
                        + " must be at least 1: capacity ec2 runs the tasks on these instances", String.valueOf(n)));
            }
        }
        Integer cpu = s.cpu();
        Integer memory = s.memory();
        boolean cpuMissing = missing(f + ".cpu", cpu, errors);
        boolean memoryMissing = missing(f + ".memory", memory, errors);
        if (cpuMissing || memoryMissing) {
            return;
        }
        if (s.capacity() == Capacity.FARGATE) {
            if (!fargateAllows(cpu, memory)) {
                errors.add(FieldError.of(f + ".memory", "pipeline.fargateSize", f + ": Fargate has no task size of cpu " + cpu
                        + " and memory " + memory + " MiB; cpu 256 takes 512, 1024 or 2048, cpu 512 takes 1024-4096 and"
                        + " cpu 1024 takes 2048-8192 (in 1024 steps)", String.valueOf(cpu), String.valueOf(memory)));
            }
        } else if (cpu < MIN_EC2_CPU || cpu > MAX_EC2_CPU || memory < MIN_MEMORY) {
            errors.add(FieldError.of(f + ".cpu", "pipeline.taskSize", f + ": cpu " + cpu + " must be " + MIN_EC2_CPU + " to "
                    + MAX_EC2_CPU + " units and memory " + memory + " at least " + MIN_MEMORY + " MiB",
                    String.valueOf(cpu), String.valueOf(memory)));
        }
    }

    /** Whether Fargate runs a task of {@code cpu} units and {@code memory} MiB. */
    public static boolean fargateAllows(int cpu, int memory) {
        int[] range = FARGATE.get(cpu);
        if (range == null || memory < range[0] || memory > range[1]) {
            return false;
        }
        if (range[2] == 0) {
            return Set.of(512, 1024, 2048).contains(memory);
        }
        return (memory - range[0]) % range[2] == 0;
    }

    private static void ecsName(String f, String name, List<FieldError> errors) {
        if (!missing(f, name, errors) && !ECS_NAME.matcher(name).matches()) {
            errors.add(FieldError.of(f, "pipeline.ecsName", f + " " + BlueprintValidator.quote(name)
                    + " must be 1-255 letters, digits, hyphens and underscores", name));
        }
    }

    private static boolean port(String f, Integer port, List<FieldError> errors) {
        if (missing(f, port, errors)) {
            return false;
        }
        if (port < 1 || port > 65535) {
            errors.add(FieldError.of(f, "pipeline.port", f + " " + port + " must be a port from 1 to 65535",
                    String.valueOf(port)));
            return false;
        }
        return true;
    }

    private static void validateLoadBalancer(PipelineSection.LoadBalancer lb, Blueprint bp, List<FieldError> errors) {
        String f = "pipeline.loadBalancer";
        if (missing(f, lb, errors)) {
            return;
        }
        boolean prod = port(f + ".productionPort", lb.productionPort(), errors);
        boolean test = port(f + ".testPort", lb.testPort(), errors);
        if (prod && test && lb.productionPort().equals(lb.testPort())) {
            errors.add(FieldError.of(f + ".testPort", "pipeline.samePorts", f + ".testPort " + lb.testPort()
                    + " is the production listener's port; a load balancer has one listener per port",
                    String.valueOf(lb.testPort())));
        }
        WebSection web = bp.section(WebSection.KEY);
        if (Boolean.TRUE.equals(lb.https()) && (web == null || !web.on() || !web.httpsOn())) {
            errors.add(FieldError.of(f + ".https", "pipeline.httpsNoCertificate", f + ".https is true but the Web tier has no"
                    + " certificate: set web.https (a domain) or turn pipeline.loadBalancer.https off"));
        }
    }

    private static void validateDeploy(PipelineSection.Deploy d, List<FieldError> errors) {
        String f = "pipeline.deploy";
        if (missing(f, d, errors)) {
            return;
        }
        String config = d.deploymentConfig();
        if (!missing(f + ".deploymentConfig", config, errors)
                && (config.startsWith("CodeDeployDefault.") ? !ECS_CONFIGS.contains(config)
                        : config.length() > CodeDeployKinds.NAME.maxLength())) {
            errors.add(FieldError.of(f + ".deploymentConfig", "pipeline.deploymentConfig", f + ".deploymentConfig "
                    + BlueprintValidator.quote(config) + " is not a deployment configuration for ECS: "
                    + String.join(", ", ECS_CONFIGS) + ", or your own configuration's name", config));
        }
        Integer wait = d.terminationWaitMinutes();
        if (!missing(f + ".terminationWaitMinutes", wait, errors) && (wait < 0 || wait > MAX_TERMINATION_WAIT)) {
            errors.add(FieldError.of(f + ".terminationWaitMinutes", "pipeline.terminationWait", f + ".terminationWaitMinutes "
                    + wait + " must be 0 to " + MAX_TERMINATION_WAIT + " minutes", String.valueOf(wait)));
        }
    }

    private static void validateLogs(PipelineSection.Logs logs, List<FieldError> errors) {
        String f = "pipeline.logs.retentionDays";
        if (missing("pipeline.logs", logs, errors)) {
            return;
        }
        Integer days = logs.retentionDays();
        if (!missing(f, days, errors) && !RETENTION_DAYS.contains(days)) {
            errors.add(FieldError.of(f, "pipeline.retention", f + " " + days + " is not a retention CloudWatch Logs accepts: "
                    + RETENTION_DAYS, String.valueOf(days)));
        }
    }

    private static void validateBucket(String name, Blueprint bp, List<FieldError> errors) {
        String f = "pipeline.artifactBucket";
        if (missing(f, name, errors)) {
            return;
        }
        boolean auto = BucketNames.isAuto(name);
        if (auto && (bp.name() == null || bp.name().isEmpty() || bp.region() == null)) {
            return; // the blueprint's own rules say so
        }
        String checked = auto ? PipelineResources.derivedBucket(bp.name(), BucketNames.PLACEHOLDER_ACCOUNT, bp.region()) : name;
        String shown = f + " " + (auto ? "auto (derived from stack " + bp.name() + ": " + BlueprintValidator.quote(checked) + ")"
                : BlueprintValidator.quote(name));
        StorageValidator.bucketNameError(f, shown, checked).ifPresent(errors::add);
    }

    /**
     * The names derived from the stack that AWS would refuse: the load balancer's and target
     * groups' (32 characters, not {@code internal-}), the capacity provider's (not {@code aws},
     * {@code ecs} or {@code fargate} first), and the project's, pipeline's and application's.
     */
    private static void validateDerivedNames(Blueprint bp, PipelineSection p, List<FieldError> errors) {
        String stack = bp.name();
        if (stack == null || stack.isEmpty()) {
            return;
        }
        List<String> elb = List.of(PipelineResources.loadBalancerName(stack), PipelineResources.targetGroupName(stack, "blue"),
                PipelineResources.targetGroupName(stack, "green"));
        for (String name : elb) {
            if (name.startsWith("internal-")) {
                derived(name, "Elastic Load Balancing refuses a name starting internal-", errors);
                return;
            }
        }
        if (p.ec2()) {
            String provider = PipelineResources.capacityProviderName(stack);
            for (String prefix : RESERVED_PROVIDER_PREFIXES) {
                if (provider.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    derived(provider, "ECS refuses a capacity provider name starting " + prefix, errors);
                    return;
                }
            }
        }
        check(PipelineResources.projectName(stack), CodeBuildKinds.PROJECT_NAME, errors);
        check(PipelineResources.pipelineName(stack), CodePipelineKinds.NAME, errors);
        check(PipelineResources.applicationName(stack), CodeDeployKinds.NAME, errors);
        check(PipelineResources.loadBalancerName(stack), Elbv2Kinds.ELB_NAME, errors);
    }

    private static void check(String name, ResourceKind.Naming rules, List<FieldError> errors) {
        if (name.length() > rules.maxLength() || !name.matches("[" + rules.allowed() + "]+")
                || !Character.isLetterOrDigit(name.charAt(0))) {
            derived(name, "it must be at most " + rules.maxLength() + " of " + rules.allowed() + ", starting with a letter or"
                    + " a digit", errors);
        }
    }

    private static void derived(String name, String why, List<FieldError> errors) {
        errors.add(FieldError.of("pipeline", "pipeline.derivedName", "pipeline: the name " + BlueprintValidator.quote(name)
                + " derived from the stack would be refused by AWS (" + why + "): rename the stack", name));
    }

    /** The load balancer needs public subnets in two zones; the tasks need app subnets. */
    private static void validateNetwork(NetworkSection network, List<FieldError> errors) {
        if (network == null || network.subnets() == null || network.subnets().isEmpty()) {
            return; // the Network step's rules say so
        }
        long zones = PipelineResources.publicSubnets(network).stream().map(SubnetSpec::zone).distinct().count();
        if (zones < 2) {
            errors.add(FieldError.of("pipeline", "pipeline.twoZones", "pipeline: the pipeline's load balancer needs public"
                    + " subnets in at least two zones; network.subnets has them in " + zones, String.valueOf(zones)));
        }
        if (PipelineResources.appSubnets(network).isEmpty()) {
            errors.add(FieldError.of("pipeline", "pipeline.noAppSubnet", "pipeline: the service's tasks need an app subnet in"
                    + " network.subnets"));
        }
    }
}
