package dev.cairn.step.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cairn.model.Section;
import dev.cairn.model.SectionKey;

/**
 * The Pipeline step: a push to a GitHub repository starts a CodePipeline V2; CodeBuild builds the
 * image and pushes it to ECR; CodeDeploy shifts an ECS service from blue to green behind its own
 * load balancer with a production and a test listener. Null fields mean "not given" and are
 * filled by {@link PipelineStep#withDefaults}.
 *
 * @param enabled null means true (a section that is written is wanted)
 * @param source the GitHub repository and branch the pipeline watches
 * @param image the ECR repository the build pushes to
 * @param build the CodeBuild project's environment
 * @param service the ECS cluster, service, container and capacity
 * @param loadBalancer the pipeline's own ALB: production and test listeners
 * @param deploy the CodeDeploy blue/green deployment group's settings
 * @param logs the retention of the build's and the tasks' log groups
 * @param artifactBucket {@code auto} (derived from the stack, the account and the region, like
 *     the Storage step's buckets) or an S3 bucket name: where the pipeline passes artifacts
 */
@JsonPropertyOrder({"enabled", "source", "image", "build", "service", "loadBalancer", "deploy", "logs", "artifactBucket"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineSection(Boolean enabled, Source source, Image image, Build build, Service service,
        LoadBalancer loadBalancer, Deploy deploy, Logs logs, String artifactBucket) implements Section {

    /** The section's key in a blueprint: {@code pipeline}, also its addresses' step. */
    public static final SectionKey<PipelineSection> KEY = SectionKey.of("pipeline", PipelineSection.class);

    /** The {@code artifactBucket} word that derives the bucket's name from the stack, the account and the region. */
    public static final String BUCKET_AUTO = "auto";

    /** Whether the step builds anything: written and not {@code enabled: false}. */
    public boolean on() {
        return !Boolean.FALSE.equals(enabled);
    }

    /** Whether the tasks run on the step's own EC2 instances (capacity {@code ec2}). */
    public boolean ec2() {
        return service != null && service.capacity() == Capacity.EC2;
    }

    /** Whether the production listener is HTTPS (443 with the Web tier's certificate). */
    public boolean httpsOn() {
        return loadBalancer != null && Boolean.TRUE.equals(loadBalancer.https());
    }

    public PipelineSection withArtifactBucket(String name) {
        return new PipelineSection(enabled, source, image, build, service, loadBalancer, deploy, logs, name);
    }

    public PipelineSection withSource(Source newSource) {
        return new PipelineSection(enabled, newSource, image, build, service, loadBalancer, deploy, logs, artifactBucket);
    }

    public PipelineSection withImage(Image newImage) {
        return new PipelineSection(enabled, source, newImage, build, service, loadBalancer, deploy, logs, artifactBucket);
    }

    public PipelineSection withBuild(Build newBuild) {
        return new PipelineSection(enabled, source, image, newBuild, service, loadBalancer, deploy, logs, artifactBucket);
    }

    public PipelineSection withService(Service newService) {
        return new PipelineSection(enabled, source, image, build, newService, loadBalancer, deploy, logs, artifactBucket);
    }

    public PipelineSection withLoadBalancer(LoadBalancer newLoadBalancer) {
        return new PipelineSection(enabled, source, image, build, service, newLoadBalancer, deploy, logs, artifactBucket);
    }

    public PipelineSection withDeploy(Deploy newDeploy) {
        return new PipelineSection(enabled, source, image, build, service, loadBalancer, newDeploy, logs, artifactBucket);
    }

    public PipelineSection withLogs(Logs newLogs) {
        return new PipelineSection(enabled, source, image, build, service, loadBalancer, deploy, newLogs, artifactBucket);
    }

    /**
     * The repository the pipeline watches; a push to {@code branch} starts it.
     *
     * @param repository GitHub's {@code owner/name}; in the Sandbox a local bare repository of that name
     * @param branch the branch whose pushes start the pipeline
     */
    @JsonPropertyOrder({"repository", "branch"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String repository, String branch) {

        /** The owner part of {@code owner/name}, or empty. */
        public String owner() {
            int slash = repository == null ? -1 : repository.indexOf('/');
            return slash < 0 ? "" : repository.substring(0, slash);
        }

        /** The name part of {@code owner/name}, or empty. */
        public String name() {
            int slash = repository == null ? -1 : repository.indexOf('/');
            return slash < 0 ? "" : repository.substring(slash + 1);
        }
    }

    /**
     * The ECR repository.
     *
     * @param repository its name (the guide's {@code frontend})
     * @param scanOnPush scan every pushed image for known vulnerabilities
     * @param keepImages a lifecycle rule expires all but the newest N images
     */
    @JsonPropertyOrder({"repository", "scanOnPush", "keepImages"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String repository, Boolean scanOnPush, Integer keepImages) {}

    /**
     * The CodeBuild project's environment; the buildspec comes from the repository.
     *
     * @param image the build image ({@code aws/codebuild/amazonlinux2-x86_64-standard:5.0})
     * @param privileged true: the build may run Docker (it builds an image)
     * @param computeType {@code BUILD_GENERAL1_SMALL}, {@code _MEDIUM}, {@code _LARGE}, …
     * @param timeoutMinutes how long a build may run before CodeBuild stops it (5–2160)
     */
    @JsonPropertyOrder({"image", "privileged", "computeType", "timeoutMinutes"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Build(String image, Boolean privileged, String computeType, Integer timeoutMinutes) {}

    /**
     * The ECS side.
     *
     * @param cluster the cluster's name
     * @param name the service's name
     * @param container the container's name in the task definition (the appspec names it too)
     * @param port the port the container listens on
     * @param desiredCount how many tasks run
     * @param capacity {@code ec2} or {@code fargate}
     * @param instanceType capacity {@code ec2}: the container instances' type
     * @param instances capacity {@code ec2}: how many container instances the group keeps
     * @param cpu task-level CPU units (256 = a quarter vCPU)
     * @param memory task-level memory in MiB
     */
    @JsonPropertyOrder({"cluster", "name", "container", "port", "desiredCount", "capacity", "instanceType", "instances", "cpu",
        "memory"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Service(String cluster, String name, String container, Integer port, Integer desiredCount, Capacity capacity,
            String instanceType, Integer instances, Integer cpu, Integer memory) {}

    /**
     * The pipeline's own internet-facing load balancer in the public subnets.
     *
     * @param https true: the production listener is HTTPS with the Web tier's certificate (the test
     *     listener too); needs {@code web.https}
     * @param productionPort the listener users reach (443 with HTTPS, else 80)
     * @param testPort the listener that reaches the replacement task set before the reroute (8443, else 8080)
     */
    @JsonPropertyOrder({"https", "productionPort", "testPort"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LoadBalancer(Boolean https, Integer productionPort, Integer testPort) {}

    /**
     * The blue/green deployment group.
     *
     * @param deploymentConfig how traffic moves: {@code CodeDeployDefault.ECSAllAtOnce}, or a
     *     canary/linear configuration such as {@code CodeDeployDefault.ECSCanary10Percent5Minutes}
     * @param terminationWaitMinutes how long the original (blue) task set stays after the reroute (0–2880)
     * @param autoRollback roll back a failed deployment to the original task set
     */
    @JsonPropertyOrder({"deploymentConfig", "terminationWaitMinutes", "autoRollback"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deploy(String deploymentConfig, Integer terminationWaitMinutes, Boolean autoRollback) {}

    /**
     * The log groups {@code /cairn/<stack>/build} and {@code /cairn/<stack>/<container>}.
     *
     * @param retentionDays one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, …)
     */
    @JsonPropertyOrder({"retentionDays"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Logs(Integer retentionDays) {}
}
