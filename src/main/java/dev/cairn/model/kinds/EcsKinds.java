package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.time.Duration;
import java.util.List;

/**
 * Amazon ECS: the Pipeline step's cluster, its EC2 capacity, the task definition and the service
 * CodeDeploy deploys blue/green. Scan words for the Resource Groups Tagging API:
 * {@code ecs:cluster}, {@code ecs:capacity-provider}, {@code ecs:task-definition}, {@code ecs:service}.
 */
public final class EcsKinds {

    /** Cluster, service, capacity provider names and task definition families: 255 letters, digits, {@code _} and {@code -}. */
    public static final Naming NAME = new Naming(255, "a-zA-Z0-9_-", Naming.Scope.REGION);
    /** A service is steady once its tasks run and their targets are healthy: minutes. */
    public static final Duration SERVICE_CREATE = Duration.ofMinutes(15);
    /** Scaled to zero, its tasks drained and stopped, deleted, then {@code INACTIVE}. */
    public static final Duration SERVICE_DELETE = Duration.ofMinutes(20);
    /** A cluster refuses deletion while services, tasks or instances remain; they take a while to go. */
    public static final Duration CLUSTER_IN_USE_WINDOW = Duration.ofMinutes(10);

    private static final String CONSOLE = "https://{region}.console.aws.amazon.com/ecs/v2/";

    private EcsKinds() {}

    /**
     * A cluster. props: {@code name} (replace); in place: {@code containerInsights}
     * ({@code enabled}/{@code disabled}). Physical ID its name; attributes {@code arn},
     * {@code status}, {@code containerInsights}. The delete waits for {@code ClusterContainsServicesException},
     * {@code ClusterContainsTasksException} and {@code ClusterContainsContainerInstancesException}
     * to clear (what still holds it goes first), then the cluster is {@code INACTIVE}.
     */
    public static final ResourceKind CLUSTER = ResourceKind.define("ECS_CLUSTER").service(AwsService.ECS)
            .label("ECS cluster").cloudFormation("AWS::ECS::Cluster")
            .named(NAME, "ecs:cluster")
            .replaceOn("name")
            .updateOn("containerInsights")
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            .retry("ClusterContainsServicesException", CLUSTER_IN_USE_WINDOW)
            .retry("ClusterContainsTasksException", CLUSTER_IN_USE_WINDOW)
            .retry("ClusterContainsContainerInstancesException", CLUSTER_IN_USE_WINDOW)
            .cost(Cost.FREE)
            .shape(Shape.SERVICE)
            .icon("ECS", "#ea580c")
            .console(CONSOLE + "clusters/{id}?region={region}")
            .build();

    /**
     * A capacity provider over an Auto Scaling group of ECS-optimized instances (capacity
     * {@code ec2}), attached to its cluster as the default strategy. props: {@code name}
     * (replace); in place: {@code managedScaling} ({@code ENABLED}/{@code DISABLED}),
     * {@code targetCapacity} (percent); refs: {@code group} (the
     * {@link AutoScalingKinds#AUTO_SCALING_GROUP}), {@code cluster}. The create is
     * CreateCapacityProvider then PutClusterCapacityProviders adding it (and making it the
     * cluster's default strategy); the delete takes it off the cluster first. Physical ID its
     * name; attributes {@code arn}, {@code status}, {@code cluster} (the cluster it was attached
     * to: the delete has no refs), {@code managedScaling}, {@code targetCapacity}.
     */
    public static final ResourceKind CAPACITY_PROVIDER = ResourceKind.define("ECS_CAPACITY_PROVIDER").service(AwsService.ECS)
            .label("Capacity provider").cloudFormation("AWS::ECS::CapacityProvider")
            .named(NAME, "ecs:capacity-provider")
            .replaceOn("name")
            .updateOn("managedScaling", "targetCapacity")
            .ref("group", AutoScalingKinds.AUTO_SCALING_GROUP)
            .ref("cluster", CLUSTER)
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            .retry("ResourceInUseException", Duration.ofMinutes(10))
            .cost(Cost.FREE)
            .foldedInto("cluster")
            .build();

    /**
     * A task definition family. props: {@code family} (replace); in place — each change registers
     * a new revision and deregisters the ones before: {@code networkMode} ({@code awsvpc}),
     * {@code compatibilities} ({@code EC2} or {@code FARGATE}), {@code cpu}, {@code memory}
     * (task-level units, as strings), {@code containerName}, {@code containerPort},
     * {@code image} (the first revision's image; the pipeline's {@code taskdef.json} registers the
     * later ones); refs: {@code executionRole} (an {@link IamKinds#ROLE}), {@code logGroup} (the
     * tasks' {@code awslogs} group). Physical ID the family; attributes {@code arn} (of the newest
     * revision Cairn registered) and {@code revision}. The delete deregisters every {@code ACTIVE}
     * revision of the family — the pipeline's too — and deletes them (DeleteTaskDefinitions).
     */
    public static final ResourceKind TASK_DEFINITION = ResourceKind.define("ECS_TASK_DEFINITION").service(AwsService.ECS)
            .label("Task definition").cloudFormation("AWS::ECS::TaskDefinition")
            .named(NAME, "ecs:task-definition")
            .replaceOn("family")
            .updateOn("networkMode", "compatibilities", "cpu", "memory", "containerName", "containerPort", "image")
            .ref("executionRole", IamKinds.ROLE)
            .ref("logGroup", LogsKinds.LOG_GROUP)
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            .cost(Cost.FREE)
            .foldedInto("executionRole")
            .build();

    /**
     * A new service's typical wait for its first task to run in AWS: attaching the task's network
     * interface (about 10 s) and pulling and starting a small image (10–30 s). The first ready
     * poll waits the low end (scaled by the target); its delete drains for a varying while, so
     * the gone poll starts at once.
     */
    public static final Duration SERVICE_TYPICAL_READY = Duration.ofSeconds(20);

    /**
     * A service whose deployments CodeDeploy controls ({@code deploymentController}
     * {@code CODE_DEPLOY}), found through its cluster by name. props: {@code name},
     * {@code launchType} ({@code EC2} through the cluster's capacity provider, or
     * {@code FARGATE}), {@code containerName}, {@code containerPort} — replace; in place:
     * {@code desiredCount}, {@code healthCheckGraceSeconds}. refs: {@code cluster},
     * {@code taskDefinition} (the first revision only: afterwards CodeDeploy owns which revision
     * runs, so a read never reports the running revision as drift), {@code targetGroup} (the blue
     * one, {@code ip} targets), {@code listener} (the production listener: ECS refuses a target
     * group no load balancer uses), the family {@code subnet} ({@code subnet.a}, {@code subnet.c}:
     * the app subnets), {@code securityGroup}, and {@code capacityProvider} (capacity {@code ec2}).
     * Physical ID its ARN; attributes {@code name}, {@code cluster} (its name), {@code status},
     * {@code runningCount}, {@code desiredCount}, {@code taskDefinition} (running now: the
     * PRIMARY task set's), {@code taskSets} (how many). Ready when
     * {@code runningCount} reaches {@code desiredCount}. The delete scales it to 0, deletes it
     * ({@code force}) and waits until it is {@code INACTIVE}.
     */
    public static final ResourceKind SERVICE = ResourceKind.define("ECS_SERVICE").service(AwsService.ECS)
            .label("ECS service").cloudFormation("AWS::ECS::Service")
            .named(NAME, "ecs:service")
            .replaceOn("name", "launchType", "containerName", "containerPort")
            .updateOn("desiredCount", "healthCheckGraceSeconds")
            .ref("cluster", CLUSTER)
            .ref("taskDefinition", TASK_DEFINITION)
            .ref("targetGroup", Elbv2Kinds.TARGET_GROUP)
            .ref("listener", Elbv2Kinds.LISTENER)
            .ref("subnet", Ec2Kinds.SUBNET)
            .ref("securityGroup", Ec2Kinds.SECURITY_GROUP)
            .ref("capacityProvider", CAPACITY_PROVIDER)
            .timeouts(SERVICE_CREATE, SERVICE_CREATE, SERVICE_DELETE)
            .typical(SERVICE_TYPICAL_READY, Duration.ZERO)
            // A new execution role may not be assumable yet; a target group just attached may not be seen yet.
            .retry("InvalidParameterException", IamKinds.PROPAGATION_WINDOW)
            // On EC2 capacity the group's instances are what is billed; on Fargate the tasks' vCPU and memory.
            .cost(Cost.FREE.withUsage("Fargate vCPU", "vCPU-hour").withUsage("Fargate memory", "GB-hour"))
            .shape(Shape.ACROSS_SUBNETS)
            .icon("SVC", "#f97316")
            .console(CONSOLE + "services?region={region}&search={idTail}")
            .build();

    public static final List<ResourceKind> ALL = List.of(CLUSTER, CAPACITY_PROVIDER, TASK_DEFINITION, SERVICE);
}
