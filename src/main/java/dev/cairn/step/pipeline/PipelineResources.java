package dev.cairn.step.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.model.PhysicalNames;
import dev.cairn.model.Regions;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.AutoScalingKinds;
import dev.cairn.model.kinds.CodeBuildKinds;
import dev.cairn.model.kinds.CodeConnectionsKinds;
import dev.cairn.model.kinds.CodeDeployKinds;
import dev.cairn.model.kinds.CodePipelineKinds;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.model.kinds.EcrKinds;
import dev.cairn.model.kinds.EcsKinds;
import dev.cairn.model.kinds.Elbv2Kinds;
import dev.cairn.model.kinds.IamKinds;
import dev.cairn.model.kinds.LogsKinds;
import dev.cairn.model.kinds.S3Kinds;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.network.SubnetTier;
import dev.cairn.step.storage.BucketNames;
import dev.cairn.step.storage.StorageResources;
import dev.cairn.step.web.WebResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resources of the Pipeline step, derived from a validated blueprint with defaults filled and
 * the artifact bucket's name resolved ({@link BucketNames#resolve}). Addresses live under the step
 * {@code pipeline}; property and ref names follow the kinds' javadoc ({@link IamKinds},
 * {@link LogsKinds}, {@link EcrKinds}, {@link CodeBuildKinds}, {@link CodeConnectionsKinds},
 * {@link EcsKinds}, {@link CodeDeployKinds}, {@link CodePipelineKinds}, {@link Elbv2Kinds}).
 *
 * <p>Choices, and why:
 * <ul>
 *   <li>Every role lives under {@code /cairn/<stack>/} and is allowed only what its service does
 *       here: CodeBuild pushes to the one repository and writes the one log group and the artifact
 *       bucket; CodePipeline uses the connection, starts the one project, deploys through the one
 *       group and passes only the task execution role to ECS. ARNs carry
 *       {@code ${AWS::Partition}}, {@code ${AWS::Region}} and {@code ${AWS::AccountId}}, which the
 *       role's handler resolves, so a plan needs no account.
 *   <li>The load balancer is the step's own (the Web tier's serves its instances): the production
 *       and the test listener both forward to the blue target group at first, and CodeDeploy moves
 *       them ({@code trafficManagedBy=codedeploy}, so Cairn never moves them back).
 *   <li>The tasks run in the app subnets ({@code awsvpc}: each task its own interface and address,
 *       hence {@code ip} target groups), admitted only from the load balancer's group, and reach
 *       ECR through the NAT gateways, which the service waits for.
 *   <li>Capacity {@code ec2}: ECS-optimized Amazon Linux 2023 instances join the cluster by their
 *       user data; the group has no target group (the tasks are the targets, not the instances)
 *       and a fixed size ({@code managedScaling} off, so Cairn's size is never drift).
 * </ul>
 */
public final class PipelineResources {

    public static final String STEP = PipelineSection.KEY.name();
    public static final Address CONNECTION = Address.of(STEP, "connection");
    public static final Address REPOSITORY = Address.of(STEP, "repository");
    public static final Address ARTIFACT_BUCKET = Address.of(STEP, "artifact-bucket");
    public static final Address ARTIFACT_BUCKET_POLICY = Address.of(STEP, "artifact-bucket-policy");
    public static final Address BUILD_LOGS = logGroup("build");
    public static final Address SERVICE_LOGS = logGroup("service");
    public static final Address BUILD_PROJECT = Address.of(STEP, "build-project");
    public static final Address CODEBUILD_ROLE = role("codebuild");
    public static final Address CODEPIPELINE_ROLE = role("codepipeline");
    public static final Address CODEDEPLOY_ROLE = role("codedeploy");
    public static final Address TASK_EXECUTION_ROLE = role("task-execution");
    public static final Address INSTANCE_ROLE = role("ecs-instance");
    public static final Address INSTANCE_PROFILE = Address.of(STEP, "instance-profile");
    public static final Address CLUSTER = Address.of(STEP, "cluster");
    public static final Address TASK_DEFINITION = Address.of(STEP, "task-definition");
    public static final Address SERVICE = Address.of(STEP, "service");
    public static final Address ALB_GROUP = securityGroup("alb");
    public static final Address TASK_GROUP = securityGroup("tasks");
    public static final Address INSTANCE_GROUP = securityGroup("instances");
    /** The tasks' rule admitting the load balancer's group on the container port. */
    public static final Address TASKS_FROM_ALB = rule("tasks-alb");
    public static final Address LOAD_BALANCER = Address.of(STEP, "load-balancer");
    public static final Address BLUE = targetGroup("blue");
    public static final Address GREEN = targetGroup("green");
    public static final Address PRODUCTION_LISTENER = listener("production");
    public static final Address TEST_LISTENER = listener("test");
    public static final Address LAUNCH_TEMPLATE = Address.of(STEP, "launch-template");
    public static final Address GROUP = Address.of(STEP, "auto-scaling-group");
    public static final Address CAPACITY_PROVIDER = Address.of(STEP, "capacity-provider");
    public static final Address APPLICATION = Address.of(STEP, "application");
    public static final Address DEPLOYMENT_GROUP = Address.of(STEP, "deployment-group");
    public static final Address PIPELINE = Address.of(STEP, "pipeline");

    /** The image the task definition's first revision runs, before any build: nginx's welcome page. */
    public static final String FIRST_IMAGE = "public.ecr.aws/nginx/nginx:stable-alpine";
    /** The ECS-optimized Amazon Linux 2023 AMI for x86_64, from AWS's public SSM parameter. */
    public static final String ECS_AMI_X86 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
    /** The same for Graviton (arm64) types. */
    public static final String ECS_AMI_ARM = "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id";
    public static final String ROLE_ARTIFACTS = "artifacts";
    public static final String ANYWHERE = "0.0.0.0/0";
    /** The suffix of the artifact bucket's derived name. */
    public static final String ARTIFACTS_SUFFIX = "-artifacts";
    /** AWS's managed policies the roles attach (ARNs in the {@code aws} partition: Cairn builds only there). */
    public static final String CODEDEPLOY_FOR_ECS = "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS";
    public static final String TASK_EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
    public static final String ECS_INSTANCE_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role";
    /**
     * Seconds a task's failed health checks are ignored after it starts: nginx serves within a
     * second or two, but an image is pulled first.
     */
    public static final int HEALTH_CHECK_GRACE_SECONDS = 60;
    /** A leaving task keeps its connections this long; a page's requests finish well within it. */
    public static final int DEREGISTRATION_DELAY_SECONDS = 30;

    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineResources() {}

    public static Address role(String name) {
        return Address.of(STEP, "role", name);
    }

    public static Address logGroup(String name) {
        return Address.of(STEP, "log-group", name);
    }

    public static Address securityGroup(String role) {
        return Address.of(STEP, "sg", role);
    }

    public static Address rule(String name) {
        return Address.of(STEP, "sg-rule", name);
    }

    public static Address targetGroup(String color) {
        return Address.of(STEP, "target-group", color);
    }

    public static Address listener(String name) {
        return Address.of(STEP, "listener", name);
    }

    // ---- Names: <stack>-<suffix>, within each kind's rules. ----

    /** {@code <stack>-<suffix>} within {@code rules} (shortened with a hash when too long). */
    static String named(String stack, String suffix, ResourceKind.Naming rules) {
        return PhysicalNames.of(stack, Address.of(STEP, suffix), rules);
    }

    public static String projectName(String stack) {
        return named(stack, "build", CodeBuildKinds.PROJECT_NAME);
    }

    public static String pipelineName(String stack) {
        return named(stack, "pipeline", CodePipelineKinds.NAME);
    }

    public static String applicationName(String stack) {
        return named(stack, "app", CodeDeployKinds.NAME);
    }

    public static String deploymentGroupName(String stack) {
        return named(stack, "bluegreen", CodeDeployKinds.NAME);
    }

    public static String connectionName(String stack) {
        return named(stack, "github", CodeConnectionsKinds.CONNECTION_NAME);
    }

    public static String roleName(String stack, String role) {
        return named(stack, role, IamKinds.ROLE_NAME);
    }

    /** {@code /cairn/<stack>/}: every role and profile of the stack, what the IAM scan lists by. */
    public static String rolePath(String stack) {
        return "/cairn/" + stack + "/";
    }

    public static String loadBalancerName(String stack) {
        return named(stack, "pipe", Elbv2Kinds.ELB_NAME);
    }

    public static String targetGroupName(String stack, String color) {
        return named(stack, color, Elbv2Kinds.ELB_NAME);
    }

    public static String capacityProviderName(String stack) {
        return named(stack, "capacity", EcsKinds.NAME);
    }

    public static String groupName(String stack) {
        return named(stack, "ecs-instances", AutoScalingKinds.GROUP_NAME);
    }

    /** The task definition's family: {@code <stack>-<service>}. */
    public static String family(String stack, PipelineSection p) {
        return stack + "-" + p.service().name();
    }

    public static String buildLogGroup(String stack) {
        return "/cairn/" + stack + "/build";
    }

    public static String serviceLogGroup(String stack, PipelineSection p) {
        return "/cairn/" + stack + "/" + p.service().container();
    }

    /** The artifact bucket's name {@code auto} derives: {@code <stack>-<account>-<region>-artifacts}. */
    public static String derivedBucket(String stack, String account, String region) {
        return BucketNames.derive(stack, account, region, ARTIFACTS_SUFFIX);
    }

    /** The task execution role's ARN, as {@code taskdef.json} names it. */
    public static String executionRoleArn(String stack, String account) {
        return "arn:aws:iam::" + account + ":role" + rolePath(stack) + roleName(stack, "task-execution");
    }

    /**
     * @param blueprint validated, defaults filled, the artifact bucket's name resolved
     * @return empty when the blueprint has no pipeline section or it is disabled
     * @throws IllegalArgumentException when the artifact bucket's name is still {@code auto}
     */
    public static List<ResourceSpec> specs(Blueprint blueprint) {
        PipelineSection p = blueprint.section(PipelineSection.KEY);
        if (p == null || !p.on()) {
            return List.of();
        }
        if (BucketNames.isAuto(p.artifactBucket())) {
            throw new IllegalArgumentException("pipeline.artifactBucket is \"" + p.artifactBucket()
                    + "\"; resolve it with the account before planning");
        }
        NetworkSection network = blueprint.section(NetworkSection.KEY);
        String region = blueprint.region();
        String stack = blueprint.name();
        String bucket = p.artifactBucket();
        PipelineSection.Service svc = p.service();
        List<ResourceSpec> specs = new ArrayList<>();

        // The connection first: it waits for a person, so the sooner it exists the better.
        specs.add(spec(CONNECTION, CodeConnectionsKinds.CONNECTION, region,
                props("name", connectionName(stack), "providerType", "GitHub"), Map.of(), Set.of()));

        // Logs, the image repository and the artifact bucket: what the roles' policies name.
        String retention = String.valueOf(p.logs().retentionDays());
        specs.add(spec(BUILD_LOGS, LogsKinds.LOG_GROUP, region, props("name", buildLogGroup(stack), "retentionDays", retention),
                Map.of(), Set.of()));
        specs.add(spec(SERVICE_LOGS, LogsKinds.LOG_GROUP, region,
                props("name", serviceLogGroup(stack, p), "retentionDays", retention), Map.of(), Set.of()));
        specs.add(spec(REPOSITORY, EcrKinds.REPOSITORY, region, props("name", p.image().repository(),
                "scanOnPush", String.valueOf(Boolean.TRUE.equals(p.image().scanOnPush())), "tagMutability", "MUTABLE",
                "keepImages", p.image().keepImages() == null ? "" : String.valueOf(p.image().keepImages())), Map.of(), Set.of()));
        specs.add(spec(ARTIFACT_BUCKET, S3Kinds.BUCKET, region, artifactBucketProps(bucket), Map.of(), Set.of()));
        specs.add(spec(ARTIFACT_BUCKET_POLICY, S3Kinds.BUCKET_POLICY, region,
                Map.of("policy", StorageResources.policy(bucket, false)), Map.of("bucket", ARTIFACT_BUCKET), Set.of()));

        // Roles.
        String path = rolePath(stack);
        specs.add(roleSpec(stack, region, "codebuild", "codebuild.amazonaws.com", "",
                PipelinePolicies.codeBuild(stack, p, bucket), "CodeBuild: push the image to ECR, write the build's logs,"
                        + " read and write the pipeline's artifacts"));
        specs.add(roleSpec(stack, region, "codepipeline", "codepipeline.amazonaws.com", "",
                PipelinePolicies.codePipeline(stack, p, bucket), "CodePipeline: use the GitHub connection, start the build,"
                        + " deploy through CodeDeploy, read and write the pipeline's artifacts"));
        specs.add(roleSpec(stack, region, "codedeploy", "codedeploy.amazonaws.com", CODEDEPLOY_FOR_ECS, "",
                "CodeDeploy: create and remove the ECS service's task sets and move the listeners between target groups"));
        specs.add(roleSpec(stack, region, "task-execution", "ecs-tasks.amazonaws.com", TASK_EXECUTION_POLICY, "",
                "ECS tasks: pull the image from ECR and send the container's logs to CloudWatch Logs"));
        if (p.ec2()) {
            specs.add(roleSpec(stack, region, "ecs-instance", "ec2.amazonaws.com", ECS_INSTANCE_POLICY, "",
                    "ECS container instances: register with the cluster and run its tasks"));
            specs.add(spec(INSTANCE_PROFILE, IamKinds.INSTANCE_PROFILE, region,
                    props("name", roleName(stack, "ecs-instance"), "path", path), Map.of("role", INSTANCE_ROLE), Set.of()));
        }

        // The build project.
        Map<String, Address> buildRefs = new LinkedHashMap<>();
        buildRefs.put("serviceRole", CODEBUILD_ROLE);
        buildRefs.put("logGroup", BUILD_LOGS);
        buildRefs.put("repository", REPOSITORY);
        specs.add(spec(BUILD_PROJECT, CodeBuildKinds.PROJECT, region, props("name", projectName(stack),
                "image", p.build().image(), "computeType", p.build().computeType(),
                "privileged", String.valueOf(Boolean.TRUE.equals(p.build().privileged())),
                // The buildspec sets what it needs (IMAGE_REPO_NAME); nothing secret ever goes here.
                "environment", "", "timeoutMinutes", String.valueOf(p.build().timeoutMinutes())), buildRefs, Set.of()));

        // Security groups: the load balancer's (both listeners from anywhere), the tasks' (the
        // container port from the load balancer only), the instances' (no ingress: tasks have their own interfaces).
        specs.add(group(stack, region, "alb", "The pipeline's listeners from anywhere"));
        specs.add(cidrRule(region, "alb-production", ALB_GROUP, p.loadBalancer().productionPort()));
        specs.add(cidrRule(region, "alb-test", ALB_GROUP, p.loadBalancer().testPort()));
        specs.add(group(stack, region, "tasks", "The container port from the pipeline's load balancer only"));
        Map<String, Address> tasksRuleRefs = new LinkedHashMap<>();
        tasksRuleRefs.put("group", TASK_GROUP);
        tasksRuleRefs.put("sourceGroup", ALB_GROUP);
        String port = String.valueOf(svc.port());
        specs.add(spec(TASKS_FROM_ALB, Ec2Kinds.SECURITY_GROUP_RULE, region,
                props("protocol", "tcp", "fromPort", port, "toPort", port), tasksRuleRefs, Set.of()));

        // The load balancer, its blue and green target groups, and the two listeners.
        Map<String, String> lb = new LinkedHashMap<>();
        lb.put("name", loadBalancerName(stack));
        lb.put("scheme", "internet-facing");
        Map<String, Address> lbRefs = new LinkedHashMap<>();
        for (SubnetSpec s : onePerZone(publicSubnets(network))) {
            lbRefs.put("subnet." + Regions.zoneLetter(s.zone()), NetworkResources.subnet(s.name()));
        }
        lbRefs.put("securityGroup", ALB_GROUP);
        specs.add(spec(LOAD_BALANCER, Elbv2Kinds.LOAD_BALANCER, region, lb, lbRefs, Set.of(NetworkResources.IGW_ATTACHMENT)));
        for (String color : List.of("blue", "green")) {
            specs.add(spec(targetGroup(color), Elbv2Kinds.TARGET_GROUP, region, props("name", targetGroupName(stack, color),
                    "protocol", "HTTP", "port", port, "targetType", "ip", "healthCheckPath", "/",
                    "deregistrationDelaySeconds", String.valueOf(DEREGISTRATION_DELAY_SECONDS)),
                    Map.of("vpc", NetworkResources.VPC), Set.of()));
        }
        specs.add(listenerSpec(region, PRODUCTION_LISTENER, p, p.loadBalancer().productionPort()));
        specs.add(listenerSpec(region, TEST_LISTENER, p, p.loadBalancer().testPort()));

        // The cluster, and for ec2 its capacity: template, group, capacity provider.
        specs.add(spec(CLUSTER, EcsKinds.CLUSTER, region, props("name", svc.cluster(), "containerInsights", "disabled"),
                Map.of(), Set.of()));
        List<Address> natRoutes = natRoutes(blueprint);
        if (p.ec2()) {
            specs.add(group(stack, region, "instances", "ECS container instances: no ingress, tasks have their own interfaces"));
            Map<String, String> lt = new LinkedHashMap<>();
            // "ecs" keeps it apart from the Web tier's template, whose address has the same short name.
            lt.put("name", PhysicalNames.of(stack, LAUNCH_TEMPLATE, Ec2Kinds.LAUNCH_TEMPLATE.naming().orElseThrow(), "ecs"));
            lt.put("instanceType", svc.instanceType());
            lt.put("imageParameter", ecsAmi(svc.instanceType()));
            lt.put("userData", userData(svc.cluster()));
            Map<String, Address> ltRefs = new LinkedHashMap<>();
            ltRefs.put("securityGroup", INSTANCE_GROUP);
            ltRefs.put("instanceProfile", INSTANCE_PROFILE);
            specs.add(spec(LAUNCH_TEMPLATE, Ec2Kinds.LAUNCH_TEMPLATE, region, lt, ltRefs, Set.of()));
            String n = String.valueOf(svc.instances());
            Map<String, String> g = new LinkedHashMap<>();
            g.put("name", groupName(stack));
            g.put("min", n);
            g.put("max", n);
            g.put("desired", n);
            g.put("healthCheckType", "EC2");
            g.put("healthCheckGraceSeconds", "0");
            g.put("instanceType", svc.instanceType());
            Map<String, Address> gRefs = new LinkedHashMap<>();
            gRefs.put("launchTemplate", LAUNCH_TEMPLATE);
            for (SubnetSpec s : appSubnets(network)) {
                gRefs.put("subnet." + subnetKey(network, s), NetworkResources.subnet(s.name()));
            }
            // The instances join the cluster at boot (it must exist) and reach ECS through the NAT gateways.
            Set<Address> gExtra = new LinkedHashSet<>();
            gExtra.add(CLUSTER);
            gExtra.addAll(natRoutes);
            specs.add(spec(GROUP, AutoScalingKinds.AUTO_SCALING_GROUP, region, g, gRefs, gExtra));
            Map<String, Address> cpRefs = new LinkedHashMap<>();
            cpRefs.put("group", GROUP);
            cpRefs.put("cluster", CLUSTER);
            specs.add(spec(CAPACITY_PROVIDER, EcsKinds.CAPACITY_PROVIDER, region, props("name", capacityProviderName(stack),
                    "managedScaling", "DISABLED", "targetCapacity", "100"), cpRefs, Set.of()));
        }

        // The task definition's first revision (nginx's page) and the service.
        Map<String, String> td = new LinkedHashMap<>();
        td.put("family", family(stack, p));
        td.put("networkMode", "awsvpc");
        td.put("compatibilities", svc.capacity().launchType());
        td.put("cpu", String.valueOf(svc.cpu()));
        td.put("memory", String.valueOf(svc.memory()));
        td.put("containerName", svc.container());
        td.put("containerPort", port);
        td.put("image", FIRST_IMAGE);
        Map<String, Address> tdRefs = new LinkedHashMap<>();
        tdRefs.put("executionRole", TASK_EXECUTION_ROLE);
        tdRefs.put("logGroup", SERVICE_LOGS);
        specs.add(spec(TASK_DEFINITION, EcsKinds.TASK_DEFINITION, region, td, tdRefs, Set.of()));

        Map<String, String> sp = new LinkedHashMap<>();
        sp.put("name", svc.name());
        sp.put("launchType", svc.capacity().launchType());
        sp.put("containerName", svc.container());
        sp.put("containerPort", port);
        sp.put("desiredCount", String.valueOf(svc.desiredCount()));
        sp.put("healthCheckGraceSeconds", String.valueOf(HEALTH_CHECK_GRACE_SECONDS));
        Map<String, Address> sRefs = new LinkedHashMap<>();
        sRefs.put("cluster", CLUSTER);
        sRefs.put("taskDefinition", TASK_DEFINITION);
        sRefs.put("targetGroup", BLUE);
        sRefs.put("listener", PRODUCTION_LISTENER);
        for (SubnetSpec s : appSubnets(network)) {
            sRefs.put("subnet." + subnetKey(network, s), NetworkResources.subnet(s.name()));
        }
        sRefs.put("securityGroup", TASK_GROUP);
        if (p.ec2()) {
            sRefs.put("capacityProvider", CAPACITY_PROVIDER);
        }
        // Healthy targets need the rule admitting the load balancer; the image is pulled through NAT.
        Set<Address> sExtra = new LinkedHashSet<>();
        sExtra.add(TASKS_FROM_ALB);
        sExtra.addAll(natRoutes);
        specs.add(spec(SERVICE, EcsKinds.SERVICE, region, sp, sRefs, sExtra));

        // CodeDeploy: the application and the blue/green group.
        specs.add(spec(APPLICATION, CodeDeployKinds.APPLICATION, region,
                props("name", applicationName(stack), "computePlatform", "ECS"), Map.of(), Set.of()));
        Map<String, Address> dgRefs = new LinkedHashMap<>();
        dgRefs.put("application", APPLICATION);
        dgRefs.put("serviceRole", CODEDEPLOY_ROLE);
        dgRefs.put("cluster", CLUSTER);
        dgRefs.put("service", SERVICE);
        dgRefs.put("productionListener", PRODUCTION_LISTENER);
        dgRefs.put("testListener", TEST_LISTENER);
        dgRefs.put("blueTargetGroup", BLUE);
        dgRefs.put("greenTargetGroup", GREEN);
        specs.add(spec(DEPLOYMENT_GROUP, CodeDeployKinds.DEPLOYMENT_GROUP, region, props("name", deploymentGroupName(stack),
                "deploymentConfig", p.deploy().deploymentConfig(),
                "terminationWaitMinutes", String.valueOf(p.deploy().terminationWaitMinutes()),
                "autoRollback", String.valueOf(!Boolean.FALSE.equals(p.deploy().autoRollback()))), dgRefs, Set.of()));

        // The pipeline last: it refs everything it drives.
        Map<String, Address> pRefs = new LinkedHashMap<>();
        pRefs.put("role", CODEPIPELINE_ROLE);
        pRefs.put("connection", CONNECTION);
        pRefs.put("buildProject", BUILD_PROJECT);
        pRefs.put("application", APPLICATION);
        pRefs.put("deploymentGroup", DEPLOYMENT_GROUP);
        pRefs.put("artifactBucket", ARTIFACT_BUCKET);
        specs.add(spec(PIPELINE, CodePipelineKinds.PIPELINE, region, props("name", pipelineName(stack),
                "repository", p.source().repository(), "branch", p.source().branch(), "executionMode", "QUEUED"),
                pRefs, Set.of(ARTIFACT_BUCKET_POLICY)));
        return List.copyOf(specs);
    }

    /** The container instances' user data: join the cluster (the ECS agent reads this file at start). */
    public static String userData(String cluster) {
        return "#!/bin/bash\necho ECS_CLUSTER=" + cluster + " >> /etc/ecs/ecs.config\n";
    }

    /** The ECS-optimized AMI's parameter for an instance type: Graviton ({@code g}) types need arm64. */
    static String ecsAmi(String instanceType) {
        return InstanceTypeName.parse(instanceType).filter(t -> t.attributes().contains("g")).isPresent()
                ? ECS_AMI_ARM : ECS_AMI_X86;
    }

    private static Map<String, String> artifactBucketProps(String name) {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("name", name);
        // CodePipeline keeps each run's artifacts as versions of the same keys.
        b.put("versioning", StorageResources.VERSIONING_ON);
        b.put("encryption", StorageResources.SSE_S3);
        b.put("objectOwnership", StorageResources.OWNERSHIP);
        b.put("blockPublicAcls", "true");
        b.put("ignorePublicAcls", "true");
        b.put("blockPublicPolicy", "true");
        b.put("restrictPublicBuckets", "true");
        // Old runs' artifacts are of no use once replaced: a month, then they stop costing.
        b.put("noncurrentExpirationDays", "30");
        b.put("role", ROLE_ARTIFACTS);
        return b;
    }

    private static ResourceSpec roleSpec(String stack, String region, String role, String trust, String managed, String inline,
            String description) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("name", roleName(stack, role));
        r.put("path", rolePath(stack));
        r.put("trustService", trust);
        r.put("managedPolicies", managed);
        r.put("inlinePolicy", inline);
        r.put("description", description);
        return spec(role(role), IamKinds.ROLE, region, r, Map.of(), Set.of());
    }

    private static ResourceSpec listenerSpec(String region, Address address, PipelineSection p, int port) {
        Map<String, Address> refs = new LinkedHashMap<>();
        refs.put("loadBalancer", LOAD_BALANCER);
        refs.put("targetGroup", BLUE);
        Set<Address> extra = new LinkedHashSet<>();
        if (p.httpsOn()) {
            refs.put("certificate", WebResources.CERTIFICATE);
            // ELB refuses a certificate that is not issued yet.
            extra.add(WebResources.CERTIFICATE_VALIDATION);
        }
        return spec(address, Elbv2Kinds.LISTENER, region, props("port", String.valueOf(port),
                "protocol", p.httpsOn() ? "HTTPS" : "HTTP", "action", "forward", "trafficManagedBy", "codedeploy"), refs, extra);
    }

    private static ResourceSpec group(String stack, String region, String role, String description) {
        // "cairn-" keeps the name clear of the "sg-" prefix AWS reserves.
        return spec(securityGroup(role), Ec2Kinds.SECURITY_GROUP, region,
                props("groupName", "cairn-" + stack + "-pipeline-" + role, "description", description),
                Map.of("vpc", NetworkResources.VPC), Set.of());
    }

    private static ResourceSpec cidrRule(String region, String name, Address group, int port) {
        return spec(rule(name), Ec2Kinds.SECURITY_GROUP_RULE, region,
                props("protocol", "tcp", "fromPort", String.valueOf(port), "toPort", String.valueOf(port), "cidr", ANYWHERE),
                Map.of("group", group), Set.of());
    }

    /** The network's public subnets, in the order written. */
    static List<SubnetSpec> publicSubnets(NetworkSection network) {
        return network == null || network.subnets() == null ? List.of()
                : network.subnets().stream().filter(s -> s.tier() == SubnetTier.PUBLIC).toList();
    }

    /** The network's app subnets, in the order written. */
    static List<SubnetSpec> appSubnets(NetworkSection network) {
        return network == null || network.subnets() == null ? List.of()
                : network.subnets().stream().filter(s -> s.tier() == SubnetTier.APP).toList();
    }

    /** The first of {@code subnets} in each zone: a load balancer takes at most one subnet per zone. */
    static List<SubnetSpec> onePerZone(List<SubnetSpec> subnets) {
        Map<String, SubnetSpec> byZone = new LinkedHashMap<>();
        for (SubnetSpec s : subnets) {
            byZone.putIfAbsent(s.zone(), s);
        }
        return List.copyOf(byZone.values());
    }

    /** The member name in the {@code subnet} ref family: the zone letter, with the subnet's name when a zone has several. */
    private static String subnetKey(NetworkSection network, SubnetSpec s) {
        long inZone = appSubnets(network).stream().filter(o -> o.zone().equals(s.zone())).count();
        return inZone == 1 ? Regions.zoneLetter(s.zone()) : s.name();
    }

    /** The Network step's default routes through NAT gateways: how the app subnets reach ECR and ECS. */
    private static List<Address> natRoutes(Blueprint blueprint) {
        return NetworkResources.specs(blueprint).stream()
                .filter(s -> s.kind() == Ec2Kinds.ROUTE && s.refs().containsKey("natGateway"))
                .map(ResourceSpec::address).toList();
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static ResourceSpec spec(Address address, ResourceKind kind, String region, Map<String, String> props,
            Map<String, Address> refs, Set<Address> extra) {
        return new ResourceSpec(address, kind, region, props, refs, extra);
    }

    /** {@code node} as compact JSON (a tree of strings always serializes). */
    static String json(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }
}
