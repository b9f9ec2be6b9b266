package dev.cairn.step.pipeline;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.SectionKey;
import dev.cairn.step.StepModule;
import dev.cairn.step.web.WebSection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 5, Pipeline: CI/CD for a containerised app. A push to a GitHub repository starts a
 * CodePipeline V2 (through a CodeConnections connection); CodeBuild builds the image and pushes it
 * to ECR; CodeDeploy shifts an ECS service from its blue task set to a green one behind the step's
 * own load balancer, whose test listener reaches the green tasks before the reroute. Optional: a
 * blueprint without the section leaves the step out. Builds on the Network step's VPC and subnets
 * and, for HTTPS, on the Web tier's certificate.
 */
public final class PipelineStep implements StepModule<PipelineSection> {

    public static final PipelineStep MODULE = new PipelineStep();

    public static final String DEFAULT_BRANCH = "main";
    /** The guide's image repository, container and service name. */
    public static final String DEFAULT_NAME = "frontend";
    /** A week of images is plenty to roll back to; ECR bills storage per GB-month. */
    public static final int DEFAULT_KEEP_IMAGES = 10;
    /** Amazon Linux 2 x86_64 standard 5.0: Docker included, what the guide's build uses. */
    public static final String DEFAULT_BUILD_IMAGE = "aws/codebuild/amazonlinux2-x86_64-standard:5.0";
    /** 3 GB, 2 vCPUs: the smallest Linux container type, enough to build an nginx image. */
    public static final String DEFAULT_COMPUTE_TYPE = "BUILD_GENERAL1_SMALL";
    /** The sample image builds in about a minute; CodeBuild's own default is 60 minutes of billed time if it hangs. */
    public static final int DEFAULT_BUILD_TIMEOUT_MINUTES = 20;
    public static final int DEFAULT_PORT = 80;
    public static final int DEFAULT_DESIRED_COUNT = 1;
    /** A quarter vCPU and 512 MiB: Fargate's smallest size with room for nginx; fits a t3.micro too. */
    public static final int DEFAULT_CPU = 256;
    public static final int DEFAULT_MEMORY = 512;
    public static final int HTTP_PORT = 80;
    public static final int HTTPS_PORT = 443;
    public static final int TEST_HTTP_PORT = 8080;
    public static final int TEST_HTTPS_PORT = 8443;
    /** Traffic moves to the green task set in one step; the canary and linear configurations move it in parts. */
    public static final String DEFAULT_DEPLOYMENT_CONFIG = "CodeDeployDefault.ECSAllAtOnce";
    /**
     * Minutes the original task set keeps running after the reroute, ready for a rollback. The
     * console proposes 60 (an hour to notice a bad release while paying for both task sets); the
     * sample page is checked in a minute, and a later rollback is a new release of the old commit.
     */
    public static final int DEFAULT_TERMINATION_WAIT_MINUTES = 5;
    /** A week of build and task logs: enough to read a failed release, and nothing is kept forever. */
    public static final int DEFAULT_RETENTION_DAYS = 7;

    private static final Map<String, String> FIELD_COMMENTS = fieldComments0();

    private PipelineStep() {}

    private static Map<String, String> fieldComments0() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("enabled", "false keeps the section but builds nothing.");
        m.put("source", "The GitHub repository whose pushes start the pipeline, through a CodeConnections connection. The"
                + " connection is created PENDING: finish the handshake once in the AWS console (`cairn status` shows the link;"
                + " in the Sandbox, `cairn sandbox connect`).");
        m.put("source.repository", "GitHub's owner/name. In the Sandbox a local Git repository of that name is made with a"
                + " sample app and the generated files (`cairn status` shows its file:// clone URL).");
        m.put("source.branch", "A push to this branch starts the pipeline.");
        m.put("image", "The ECR repository the build pushes the image to, tagged with the commit.");
        m.put("image.repository", "Its name: 2-256 lower-case letters, digits and . _ - / (the guide's frontend).");
        m.put("image.scanOnPush", "Scan every pushed image for known vulnerabilities (basic scanning, no charge).");
        m.put("image.keepImages", "A lifecycle rule expires all but the newest N images, so storage does not grow forever.");
        m.put("build", "The CodeBuild project; its commands are buildspec.yml in the repository (`cairn pipeline files`).");
        m.put("build.image", "The build environment's image; Docker is included.");
        m.put("build.privileged", "true lets the build run Docker, which building an image needs.");
        m.put("build.computeType", "BUILD_GENERAL1_SMALL (3 GB, 2 vCPUs), _MEDIUM, _LARGE, _XLARGE or _2XLARGE: billed per"
                + " build minute.");
        m.put("build.timeoutMinutes", "A build running longer is stopped (5-2160 minutes).");
        m.put("service", "The ECS cluster and the service CodeDeploy deploys blue/green; its tasks run in the app subnets.");
        m.put("service.cluster", "The cluster's name; left out, the stack's.");
        m.put("service.name", "The service's name.");
        m.put("service.container", "The container's name in taskdef.json; appspec.yaml names it for the load balancer.");
        m.put("service.port", "The port the container listens on (nginx: 80).");
        m.put("service.desiredCount", "How many tasks run (at least 1); during a deployment the green set runs as many again.");
        m.put("service.capacity", "ec2 (the guide's: an Auto Scaling group of ECS-optimized instances through a capacity"
                + " provider) or fargate (no instances: billed per task vCPU and GB-hour).");
        m.put("service.instanceType", "Capacity ec2: the container instances' type; left out, the region's free-tier type.");
        m.put("service.instances", "Capacity ec2: how many instances the group keeps. Each task has its own network interface"
                + " and a small instance has room for one, so the default is twice desiredCount: blue and green side by side.");
        m.put("service.cpu", "Task CPU units (1024 = 1 vCPU). Fargate: 256, 512, 1024, 2048, 4096, 8192 or 16384.");
        m.put("service.memory", "Task memory in MiB. Fargate allows only certain sizes per cpu (256: 512, 1024 or 2048).");
        m.put("loadBalancer", "The pipeline's own internet-facing Application Load Balancer in the public subnets, with two"
                + " target groups (blue, green) of the tasks' addresses.");
        m.put("loadBalancer.https", "true: the listeners use HTTPS with the Web tier's certificate (needs web.https).");
        m.put("loadBalancer.productionPort", "The listener users reach: 443 with HTTPS, else 80.");
        m.put("loadBalancer.testPort", "The test listener reaches the new (green) tasks before traffic moves, so a release can"
                + " be checked first: 8443 with HTTPS, else 8080. Must differ from productionPort.");
        m.put("deploy", "CodeDeploy's blue/green deployment group: a new task set (green) starts beside the running one"
                + " (blue), the test listener reaches it, then production traffic is rerouted.");
        m.put("deploy.deploymentConfig", "CodeDeployDefault.ECSAllAtOnce moves all traffic at once; ECSCanary10Percent5Minutes,"
                + " ECSLinear10PercentEvery1Minutes and others move it in parts.");
        m.put("deploy.terminationWaitMinutes", "Minutes the old task set keeps running after the reroute, ready to roll back"
                + " (0-2880). The console proposes 60, an hour of paying for both sets; 5 is enough to check the sample page.");
        m.put("deploy.autoRollback", "Roll a failed deployment back to the old task set.");
        m.put("logs", "The log groups /cairn/<stack>/build and /cairn/<stack>/<container>, created by Cairn so a teardown"
                + " leaves none behind.");
        m.put("logs.retentionDays", "How long log events are kept: 1, 3, 5, 7, 14, 30, 60, 90, ... days.");
        m.put("artifactBucket", "Where the pipeline passes the source and the build's output. auto: <stack>-<account>-<region>"
                + "-artifacts. Or your own bucket name (emptied and deleted with the stack).");
        return Map.copyOf(m);
    }

    @Override
    public SectionKey<PipelineSection> key() {
        return PipelineSection.KEY;
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public String comment() {
        return "Step 5, Pipeline: a push to GitHub builds an image (CodeBuild, ECR) and deploys it blue/green to ECS"
                + " (CodeDeploy), through CodePipeline.";
    }

    @Override
    public Map<String, String> fieldComments() {
        return FIELD_COMMENTS;
    }

    /**
     * Enabled; the repository {@code <stack>/<image repository>} on {@code main}; the image
     * repository {@code frontend} scanned on push keeping 10 images; the guide's build
     * environment; the cluster named after the stack, service and container {@code frontend} on
     * port 80, one task on {@code ec2} capacity of the free-tier type (two instances: blue and green
     * side by side), 256 CPU units and 512 MiB; HTTPS when the Web tier has it (443/8443, else
     * 80/8080); all at once, the old task set kept 5 minutes, rolled back on failure; logs kept a
     * week; the artifact bucket {@code auto}.
     */
    @Override
    public PipelineSection withDefaults(PipelineSection p, Blueprint blueprint) {
        PipelineSection.Image image = p.image() == null ? new PipelineSection.Image(null, null, null) : p.image();
        image = new PipelineSection.Image(or(image.repository(), DEFAULT_NAME), or(image.scanOnPush(), Boolean.TRUE),
                or(image.keepImages(), DEFAULT_KEEP_IMAGES));
        PipelineSection.Source source = p.source() == null ? new PipelineSection.Source(null, null) : p.source();
        String stack = blueprint.name();
        source = new PipelineSection.Source(
                or(source.repository(), stack == null || stack.isEmpty() ? null : stack + "/" + image.repository()),
                or(source.branch(), DEFAULT_BRANCH));
        PipelineSection.Build build = p.build() == null ? new PipelineSection.Build(null, null, null, null) : p.build();
        build = new PipelineSection.Build(or(build.image(), DEFAULT_BUILD_IMAGE), or(build.privileged(), Boolean.TRUE),
                or(build.computeType(), DEFAULT_COMPUTE_TYPE), or(build.timeoutMinutes(), DEFAULT_BUILD_TIMEOUT_MINUTES));
        PipelineSection.Service s = p.service() == null
                ? new PipelineSection.Service(null, null, null, null, null, null, null, null, null, null) : p.service();
        Capacity capacity = s.capacity() == null ? Capacity.EC2 : s.capacity();
        int desired = or(s.desiredCount(), DEFAULT_DESIRED_COUNT);
        boolean ec2 = capacity == Capacity.EC2;
        s = new PipelineSection.Service(or(s.cluster(), stack), or(s.name(), DEFAULT_NAME), or(s.container(), DEFAULT_NAME),
                or(s.port(), DEFAULT_PORT), desired, capacity,
                ec2 ? or(s.instanceType(), InstanceTypeName.freeTierDefault(blueprint.region())) : s.instanceType(),
                ec2 ? or(s.instances(), Math.max(1, 2 * desired)) : s.instances(),
                or(s.cpu(), DEFAULT_CPU), or(s.memory(), DEFAULT_MEMORY));
        WebSection web = blueprint.section(WebSection.KEY);
        PipelineSection.LoadBalancer lb = p.loadBalancer() == null ? new PipelineSection.LoadBalancer(null, null, null)
                : p.loadBalancer();
        boolean https = lb.https() != null ? lb.https() : web != null && web.on() && web.httpsOn();
        lb = new PipelineSection.LoadBalancer(https, or(lb.productionPort(), https ? HTTPS_PORT : HTTP_PORT),
                or(lb.testPort(), https ? TEST_HTTPS_PORT : TEST_HTTP_PORT));
        PipelineSection.Deploy d = p.deploy() == null ? new PipelineSection.Deploy(null, null, null) : p.deploy();
        d = new PipelineSection.Deploy(or(d.deploymentConfig(), DEFAULT_DEPLOYMENT_CONFIG),
                or(d.terminationWaitMinutes(), DEFAULT_TERMINATION_WAIT_MINUTES), or(d.autoRollback(), Boolean.TRUE));
        PipelineSection.Logs logs = p.logs() == null ? new PipelineSection.Logs(null) : p.logs();
        logs = new PipelineSection.Logs(or(logs.retentionDays(), DEFAULT_RETENTION_DAYS));
        return new PipelineSection(p.on(), source, image, build, s, lb, d, logs, or(p.artifactBucket(), PipelineSection.BUCKET_AUTO));
    }

    private static <T> T or(T value, T fallback) {
        return value == null || value instanceof String str && str.isEmpty() ? fallback : value;
    }

    @Override
    public List<FieldError> validate(PipelineSection pipeline, Blueprint blueprint) {
        return PipelineValidator.validate(pipeline, blueprint);
    }

    @Override
    public List<FieldError> warnings(PipelineSection pipeline, Blueprint blueprint) {
        return PipelineValidator.warnings(pipeline, blueprint);
    }

    @Override
    public List<ResourceSpec> resources(PipelineSection pipeline, Blueprint blueprint) {
        return PipelineResources.specs(blueprint);
    }
}
