package dev.cairn.aws.ecs;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.elbv2.WebFixture;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.EcsKinds;
import dev.cairn.model.kinds.Elbv2Kinds;
import dev.cairn.model.kinds.IamKinds;
import dev.cairn.model.kinds.LogsKinds;
import dev.cairn.testing.AwsBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the Pipeline step's ECS, CodeDeploy and CodePipeline handler tests stand on, on top of the
 * Web tier's {@link WebFixture} (VPC, subnets, security groups, and the engine's way of driving a
 * handler): IAM roles and a log group made with plain calls (their handlers are another
 * engineer's), and the load balancer, blue and green {@code ip} target groups and the production
 * and test listeners made through Cairn's own handlers.
 */
public final class PipelineFixture implements AutoCloseable {

    /** The nginx image the task definition's first revision runs (before any build), as the step plans it. */
    public static final String FIRST_IMAGE = "public.ecr.aws/nginx/nginx:stable-alpine";

    public final WebFixture web;
    public final String stack;
    public final String region;
    private final AwsBackend backend;

    public PipelineFixture(WebFixture web, AwsBackend backend) {
        this.web = web;
        this.backend = backend;
        this.stack = web.stack;
        this.region = web.region;
    }

    /** A fixture on a freshly reset local backend, its network made. */
    public static PipelineFixture on(AwsBackend backend, String region) {
        backend.reset();
        AwsClients clients = AwsClients.sandbox(backend.endpoint());
        String account = clients.whoAmI(region).account();
        PipelineFixture f = new PipelineFixture(new WebFixture(clients, region, WebFixture.LOCAL_TIMEOUT, account), backend);
        f.web.network();
        return f;
    }

    public AwsClients clients() {
        return web.clients;
    }

    /** A record with attributes, for a ref to something made outside the handlers. */
    public ResourceRecord existing(ResourceKind kind, String address, String physicalId, Map<String, String> attributes) {
        ResourceSpec spec = new ResourceSpec(Address.parse(address), kind, region, Map.of(), Map.of(), Set.of());
        return new ResourceRecord(spec, physicalId, attributes, ItemStatus.READY, Instant.now());
    }

    /** A service role under {@code /cairn/<stack>/} that {@code service} may assume; its record (with {@code arn}). */
    public ResourceRecord role(String suffix, String service) {
        String name = stack + "-" + suffix;
        String trust = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"%s"},"Action":"sts:AssumeRole"}]}"""
                .formatted(service);
        String arn;
        if (backend.serves("iam")) {
            arn = clients().iam().createRole(r -> r.roleName(name).path("/cairn/" + stack + "/")
                    .assumeRolePolicyDocument(trust)).role().arn();
        } else {
            // A backend without IAM (the Sandbox before its IAM service lands): the ARN the role would have.
            arn = "arn:aws:iam::" + web.ctx.account() + ":role/cairn/" + stack + "/" + name;
        }
        return existing(IamKinds.ROLE, "pipeline.role[" + suffix + "]", name, Map.of("arn", arn, "path", "/cairn/" + stack + "/"));
    }

    /** A log group {@code /cairn/<stack>/frontend}; its record. */
    public ResourceRecord logGroup() {
        String name = "/cairn/" + stack + "/frontend";
        if (backend.serves("logs")) {
            clients().logs(region).createLogGroup(r -> r.logGroupName(name));
        }
        return existing(LogsKinds.LOG_GROUP, "pipeline.log-group[frontend]", name, Map.of());
    }

    public ResolvedSpec clusterSpec(String containerInsights) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("name", stack);
        if (containerInsights != null) {
            props.put("containerInsights", containerInsights);
        }
        return web.spec(EcsKinds.CLUSTER, "pipeline.cluster", props, Map.of());
    }

    public ResolvedSpec taskDefinitionSpec(Map<String, String> extra, ResourceRecord executionRole, ResourceRecord logGroup) {
        Map<String, String> props = new LinkedHashMap<>(Map.of("family", stack + "-frontend", "networkMode", "awsvpc",
                "compatibilities", "FARGATE", "cpu", "256", "memory", "512", "containerName", "frontend",
                "containerPort", "80", "image", FIRST_IMAGE));
        props.putAll(extra);
        return web.spec(EcsKinds.TASK_DEFINITION, "pipeline.task-definition", props,
                Map.of("executionRole", executionRole, "logGroup", logGroup));
    }

    /** An {@code ip} target group of the pipeline's ALB (blue or green), through Cairn's handler. */
    public ResourceRecord targetGroup(String color) {
        return web.apply(web.spec(Elbv2Kinds.TARGET_GROUP, "pipeline.target-group[" + color + "]",
                Map.of("name", stack + "-" + color, "protocol", "HTTP", "port", "80", "targetType", "ip",
                        "healthCheckPath", "/", "healthCheckIntervalSeconds", "10", "healthyThresholdCount", "2",
                        "deregistrationDelaySeconds", "5"),
                Map.of("vpc", web.vpc())));
    }

    /** The pipeline's internet-facing ALB in the public subnets, through Cairn's handler. */
    public ResourceRecord loadBalancer() {
        return web.apply(web.spec(Elbv2Kinds.LOAD_BALANCER, "pipeline.load-balancer",
                Map.of("name", stack + "-pipe", "scheme", "internet-facing"),
                Map.of("subnet.a", web.subnet("public-a"), "subnet.b", web.subnet("public-b"),
                        "securityGroup", web.existing(dev.cairn.model.kinds.Ec2Kinds.SECURITY_GROUP, "pipeline.security-group[alb]",
                                web.lbGroupId))));
    }

    /** A listener forwarding to the target group, its traffic managed by CodeDeploy. */
    public ResourceRecord listener(ResourceRecord lb, ResourceRecord tg, int port, String name) {
        return web.apply(web.spec(Elbv2Kinds.LISTENER, "pipeline.listener[" + name + "]",
                Map.of("port", String.valueOf(port), "protocol", "HTTP", "action", "forward", "trafficManagedBy", "codedeploy"),
                Map.of("loadBalancer", lb, "targetGroup", tg)));
    }

    /** The service's spec: Fargate (or EC2 through a capacity provider) in the app subnets, behind the blue target group. */
    public ResolvedSpec serviceSpec(Map<String, String> extra, ResourceRecord cluster, ResourceRecord taskDefinition,
            ResourceRecord blue, ResourceRecord production, ResourceRecord capacityProvider) {
        Map<String, String> props = new LinkedHashMap<>(Map.of("name", "frontend", "launchType", "FARGATE",
                "containerName", "frontend", "containerPort", "80", "desiredCount", "1", "healthCheckGraceSeconds", "30"));
        props.putAll(extra);
        Map<String, ResourceRecord> refs = new LinkedHashMap<>();
        refs.put("cluster", cluster);
        refs.put("taskDefinition", taskDefinition);
        refs.put("targetGroup", blue);
        refs.put("listener", production);
        refs.put("subnet.a", web.subnet("app-a"));
        refs.put("subnet.b", web.subnet("app-b"));
        refs.put("securityGroup", web.existing(dev.cairn.model.kinds.Ec2Kinds.SECURITY_GROUP, "pipeline.security-group[tasks]",
                web.appGroupId));
        if (capacityProvider != null) {
            refs.put("capacityProvider", capacityProvider);
        }
        return web.spec(EcsKinds.SERVICE, "pipeline.service", props, refs);
    }

    /** Everything a service stands on, made through the handlers (cluster, task definition, ALB, blue/green groups, listeners). */
    public final class Stage {
        public final ResourceRecord executionRole = role("task-execution", "ecs-tasks.amazonaws.com");
        public final ResourceRecord logGroup = logGroup();
        public final ResourceRecord cluster = web.apply(clusterSpec("disabled"));
        public final ResourceRecord taskDefinition = web.apply(taskDefinitionSpec(Map.of(), executionRole, logGroup));
        public final ResourceRecord loadBalancer = loadBalancer();
        public final ResourceRecord blue = targetGroup("blue");
        public final ResourceRecord green = targetGroup("green");
        public final ResourceRecord production = listener(loadBalancer, blue, 80, "production");
        // The test listener forwards to green from the start (the Sandbox learns the green group's ARN from it).
        public final ResourceRecord test = listener(loadBalancer, green, 8080, "test");

        public ResolvedSpec serviceSpec(Map<String, String> extra) {
            return PipelineFixture.this.serviceSpec(extra, cluster, taskDefinition, blue, production, null);
        }
    }

    /** Builds the {@link Stage}: the load balancer's group admits port 80 and 8080, the tasks' group the load balancer's. */
    public Stage stage() {
        web.ec2().authorizeSecurityGroupIngress(r -> r.groupId(web.lbGroupId).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(8080).toPort(8080).ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
        web.admitLoadBalancer();
        return new Stage();
    }

    public Duration timeout() {
        return WebFixture.LOCAL_TIMEOUT;
    }

    @Override
    public void close() {
        web.close();
    }
}
