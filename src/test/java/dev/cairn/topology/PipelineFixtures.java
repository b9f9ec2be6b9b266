package dev.cairn.topology;

import dev.cairn.model.Address;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pipeline step's resources as the kinds' javadoc describes them, on the guide's network and
 * Web tier ({@link WebFixtures#guide()}): five roles and the instances' profile, two log groups,
 * the ECR repository, the build project, the GitHub connection, the artifact bucket, the cluster
 * with its EC2 capacity (a group in the app subnets), the task definition, the pipeline's own
 * load balancer in the public subnets with a production and a test listener, the blue and green
 * target groups, the service across the app subnets, the CodeDeploy application with its
 * blue/green group, and the pipeline.
 */
final class PipelineFixtures {

    static final String STEP = "pipeline";
    static final String REGION = AccessTopologyTest.REGION;
    static final Address PIPELINE = Address.of(STEP, "pipeline");
    static final Address CONNECTION = Address.of(STEP, "connection");
    static final Address PROJECT = Address.of(STEP, "build-project");
    static final Address REPOSITORY = Address.of(STEP, "repository");
    static final Address APPLICATION = Address.of(STEP, "deploy-application");
    static final Address DEPLOYMENT_GROUP = Address.of(STEP, "deployment-group");
    static final Address ARTIFACTS = Address.of(STEP, "artifact-bucket");
    static final Address CLUSTER = Address.of(STEP, "cluster");
    static final Address CAPACITY = Address.of(STEP, "capacity-provider");
    static final Address INSTANCES = Address.of(STEP, "auto-scaling-group");
    static final Address LAUNCH_TEMPLATE = Address.of(STEP, "launch-template");
    static final Address TASK_DEFINITION = Address.of(STEP, "task-definition");
    static final Address SERVICE = Address.of(STEP, "service");
    static final Address ALB = Address.of(STEP, "load-balancer");
    static final Address PRODUCTION = Address.of(STEP, "listener", "production");
    static final Address TEST = Address.of(STEP, "listener", "test");
    static final Address BLUE = Address.of(STEP, "target-group", "blue");
    static final Address GREEN = Address.of(STEP, "target-group", "green");
    static final Address ALB_SG = Address.of(STEP, "security-group", "alb");
    static final Address TASK_SG = Address.of(STEP, "security-group", "tasks");
    static final Address BUILD_LOGS = Address.of(STEP, "log-group", "build");
    static final Address TASK_LOGS = Address.of(STEP, "log-group", "frontend");
    static final List<String> ROLES = List.of("codebuild", "codepipeline", "codedeploy", "task-execution", "ecs-instance");

    private PipelineFixtures() {}

    static Address role(String name) {
        return Address.of(STEP, "role", name);
    }

    static ResourceSpec spec(Address a, ResourceKind kind, Map<String, String> props, Map<String, Address> refs) {
        return new ResourceSpec(a, kind, REGION, props, refs, Set.of());
    }

    private static Map<String, Address> refs(Object... pairs) {
        Map<String, Address> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Address) pairs[i + 1]);
        }
        return m;
    }

    /** The guide (Network, Access, Web tier) with the Pipeline step on it. */
    static List<ResourceSpec> guide() {
        List<ResourceSpec> specs = new ArrayList<>(WebFixtures.guide());
        specs.addAll(pipeline());
        return specs;
    }

    /** Only the Pipeline step's resources (their network refs point at the guide's). */
    static List<ResourceSpec> pipeline() {
        Address vpc = NetworkResources.VPC;
        Address publicA = NetworkResources.subnet("public-a");
        Address publicC = NetworkResources.subnet("public-c");
        Address appA = NetworkResources.subnet("app-a");
        Address appC = NetworkResources.subnet("app-c");
        List<ResourceSpec> s = new ArrayList<>();
        for (String r : ROLES) {
            s.add(spec(role(r), IamKinds.ROLE, Map.of("name", "demo-" + r, "path", "/cairn/demo/",
                    "trustService", r + ".amazonaws.com", "inlinePolicy", "{}"), Map.of()));
        }
        s.add(spec(Address.of(STEP, "instance-profile"), IamKinds.INSTANCE_PROFILE,
                Map.of("name", "demo-ecs-instance", "path", "/cairn/demo/"), refs("role", role("ecs-instance"))));
        s.add(spec(BUILD_LOGS, LogsKinds.LOG_GROUP, Map.of("name", "/cairn/demo/build", "retentionDays", "7"), Map.of()));
        s.add(spec(TASK_LOGS, LogsKinds.LOG_GROUP, Map.of("name", "/cairn/demo/frontend", "retentionDays", "7"), Map.of()));
        s.add(spec(REPOSITORY, EcrKinds.REPOSITORY, Map.of("name", "frontend", "scanOnPush", "true"), Map.of()));
        s.add(spec(PROJECT, CodeBuildKinds.PROJECT, Map.of("name", "demo-build", "privileged", "true"),
                refs("serviceRole", role("codebuild"), "logGroup", BUILD_LOGS, "repository", REPOSITORY)));
        s.add(spec(CONNECTION, CodeConnectionsKinds.CONNECTION, Map.of("name", "demo-github", "providerType", "GitHub"),
                Map.of()));
        s.add(spec(ARTIFACTS, S3Kinds.BUCKET, Map.of("name", "demo-123456789012-" + REGION + "-artifacts",
                "role", "artifacts"), Map.of()));
        s.add(spec(CLUSTER, EcsKinds.CLUSTER, Map.of("name", "demo"), Map.of()));
        s.add(spec(LAUNCH_TEMPLATE, Ec2Kinds.LAUNCH_TEMPLATE, Map.of("name", "demo-ecs", "instanceType", "t3.micro"),
                refs("securityGroup", TASK_SG, "instanceProfile", Address.of(STEP, "instance-profile"))));
        s.add(spec(INSTANCES, AutoScalingKinds.AUTO_SCALING_GROUP, Map.of("name", "demo-ecs", "min", "1", "max", "2",
                "desired", "1"), refs("launchTemplate", LAUNCH_TEMPLATE, "subnet.a", appA, "subnet.c", appC)));
        s.add(spec(CAPACITY, EcsKinds.CAPACITY_PROVIDER, Map.of("name", "demo-ec2"),
                refs("group", INSTANCES, "cluster", CLUSTER)));
        s.add(spec(TASK_DEFINITION, EcsKinds.TASK_DEFINITION, Map.of("family", "demo-frontend", "networkMode", "awsvpc"),
                refs("executionRole", role("task-execution"), "logGroup", TASK_LOGS)));
        s.add(spec(ALB_SG, Ec2Kinds.SECURITY_GROUP, Map.of("name", "demo-pipe-alb", "description", "pipeline ALB"),
                refs("vpc", vpc)));
        s.add(spec(TASK_SG, Ec2Kinds.SECURITY_GROUP, Map.of("name", "demo-pipe-tasks", "description", "tasks"),
                refs("vpc", vpc)));
        s.add(spec(ALB, Elbv2Kinds.LOAD_BALANCER, Map.of("name", "demo-pipe", "scheme", "internet-facing"),
                refs("securityGroup", ALB_SG, "subnet.a", publicA, "subnet.c", publicC)));
        s.add(spec(BLUE, Elbv2Kinds.TARGET_GROUP, Map.of("name", "demo-blue", "protocol", "HTTP", "port", "80",
                "targetType", "ip"), refs("vpc", vpc)));
        s.add(spec(GREEN, Elbv2Kinds.TARGET_GROUP, Map.of("name", "demo-green", "protocol", "HTTP", "port", "80",
                "targetType", "ip"), refs("vpc", vpc)));
        s.add(spec(PRODUCTION, Elbv2Kinds.LISTENER, Map.of("port", "80", "protocol", "HTTP", "action", "forward",
                "trafficManagedBy", "codedeploy"), refs("loadBalancer", ALB, "targetGroup", BLUE)));
        s.add(spec(TEST, Elbv2Kinds.LISTENER, Map.of("port", "8080", "protocol", "HTTP", "action", "forward",
                "trafficManagedBy", "codedeploy"), refs("loadBalancer", ALB, "targetGroup", BLUE)));
        s.add(spec(SERVICE, EcsKinds.SERVICE, Map.of("name", "frontend", "launchType", "EC2", "desiredCount", "2"),
                refs("cluster", CLUSTER, "taskDefinition", TASK_DEFINITION, "targetGroup", BLUE, "listener", PRODUCTION,
                        "subnet.a", appA, "subnet.c", appC, "securityGroup", TASK_SG, "capacityProvider", CAPACITY)));
        s.add(spec(APPLICATION, CodeDeployKinds.APPLICATION, Map.of("name", "demo-app", "computePlatform", "ECS"),
                Map.of()));
        s.add(spec(DEPLOYMENT_GROUP, CodeDeployKinds.DEPLOYMENT_GROUP, Map.of("name", "demo-bluegreen",
                "deploymentConfig", "CodeDeployDefault.ECSAllAtOnce", "terminationWaitMinutes", "5"),
                refs("application", APPLICATION, "serviceRole", role("codedeploy"), "cluster", CLUSTER, "service", SERVICE,
                        "productionListener", PRODUCTION, "testListener", TEST, "blueTargetGroup", BLUE,
                        "greenTargetGroup", GREEN)));
        s.add(spec(PIPELINE, CodePipelineKinds.PIPELINE, Map.of("name", "demo-pipeline", "repository", "octo/frontend",
                "branch", "main"), refs("role", role("codepipeline"), "connection", CONNECTION, "buildProject", PROJECT,
                        "application", APPLICATION, "deploymentGroup", DEPLOYMENT_GROUP, "artifactBucket", ARTIFACTS)));
        return s;
    }
}
