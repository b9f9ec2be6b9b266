package dev.cairn.aws.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.engine.Found;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.EcsKinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * The ECS cluster and task definition handlers through the real SDK against each backend that
 * serves ECS (moto: clusters and task definitions as AWS has them, though it puts a deleted
 * cluster in INACTIVE at once and lets one with services go).
 */
class EcsHandlersTest {

    private static final String REGION = "us-east-1";
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";

    private interface Body {
        void run(PipelineFixture f) throws Exception;
    }

    private static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("ecs"), backend + " does not serve ECS (yet)");
        try (PipelineFixture f = PipelineFixture.on(backend, REGION)) {
            body.run(f);
        }
    }

    private static Map<String, String> tags(List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void cluster_roundTrip_isActiveTaggedWithInsights_changesThemInPlace_thenInactive(AwsBackend backend) throws Exception {
        with(backend, f -> {
            EcsClient ecs = f.clients().ecs(REGION);
            ResolvedSpec spec = f.clusterSpec("enabled");
            ResourceHandler h = f.web.handler(EcsKinds.CLUSTER);

            ResourceRecord cluster = f.web.apply(spec);

            assertThat(cluster.physicalId()).isEqualTo(f.stack);
            assertThat(cluster.attributes()).containsEntry("status", "ACTIVE").containsEntry("containerInsights", "enabled")
                    .hasEntrySatisfying("arn", arn -> assertThat(arn).endsWith(":cluster/" + f.stack));
            var described = ecs.describeClusters(r -> r.clusters(f.stack).include(ClusterField.TAGS)).clusters().get(0);
            assertThat(tags(described.tags())).containsEntry("cairn:stack", f.stack).containsEntry("cairn:address", "pipeline.cluster")
                    .containsEntry("team", "cairn-tests");
            assertThat(Specs.ours(h.find(f.web.ctx, spec))).map(LiveResource::physicalId).contains(f.stack);
            assertThat(h.read(f.web.ctx, cluster)).map(LiveResource::attributes)
                    .hasValueSatisfying(a -> assertThat(a).containsEntry("containerInsights", "enabled"));

            // moto has no UpdateClusterSettings (only UpdateCluster): there only the tags change.
            boolean settings = backend.followsAwsDependencyRules();
            ResolvedSpec off = f.clusterSpec(settings ? "disabled" : "enabled");
            Map<String, String> newTags = new LinkedHashMap<>(off.tags());
            newTags.remove("team");
            newTags.put("owner", "pipeline");
            ResolvedSpec changed = new ResolvedSpec(off.spec(), off.refs(), newTags);
            ResourceRecord before = new ResourceRecord(spec.spec().withTags(Map.of("team", "cairn-tests")), cluster.physicalId(),
                    cluster.attributes(), cluster.status(), cluster.updated());
            ResourceRecord updated = f.web.update(changed, before, settings ? Set.of("containerInsights", ResourceHandler.TAGS)
                    : Set.of(ResourceHandler.TAGS));

            assertThat(updated.attributes()).containsEntry("containerInsights", settings ? "disabled" : "enabled");
            described = ecs.describeClusters(r -> r.clusters(f.stack).include(ClusterField.TAGS)).clusters().get(0);
            assertThat(tags(described.tags())).containsEntry("owner", "pipeline").doesNotContainKey("team")
                    .containsEntry("cairn:stack", f.stack);

            f.web.destroy(cluster);

            assertThat(h.read(f.web.ctx, cluster)).isEmpty();
            assertThat(Specs.ours(h.find(f.web.ctx, spec))).isEmpty();
            assertThat(ecs.describeClusters(r -> r.clusters(f.stack)).clusters())
                    .allSatisfy(c -> assertThat(c.status()).isEqualTo("INACTIVE"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void cluster_whenNameHeldWithoutOurTags_isTakenAndNotAdopted(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String arn = f.clients().ecs(REGION).createCluster(r -> r.clusterName(f.stack)).cluster().clusterArn();

            Found found = f.web.handler(EcsKinds.CLUSTER).find(f.web.ctx, f.clusterSpec(null));

            assertThat(found).isInstanceOf(Found.Taken.class);
            assertThat(((Found.Taken) found).what()).contains(f.stack).contains(arn).contains("without Cairn's tags");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void taskDefinition_roundTrip_registersTheTaskdefShape_newRevisionOnUpdate_deregistersEveryRevisionOnDelete(AwsBackend backend)
            throws Exception {
        with(backend, f -> {
            EcsClient ecs = f.clients().ecs(REGION);
            ResourceRecord role = f.role("task-execution", "ecs-tasks.amazonaws.com");
            ResourceRecord logs = f.logGroup();
            ResolvedSpec spec = f.taskDefinitionSpec(Map.of(), role, logs);
            ResourceHandler h = f.web.handler(EcsKinds.TASK_DEFINITION);
            String family = f.stack + "-frontend";

            ResourceRecord td = f.web.apply(spec);

            assertThat(td.physicalId()).isEqualTo(family);
            assertThat(td.attributes()).containsEntry("revision", "1")
                    .hasEntrySatisfying("arn", arn -> assertThat(arn).endsWith(":task-definition/" + family + ":1"));
            var described = ecs.describeTaskDefinition(r -> r.taskDefinition(family + ":1").include(TaskDefinitionField.TAGS));
            TaskDefinition d = described.taskDefinition();
            assertThat(d.networkModeAsString()).isEqualTo("awsvpc");
            assertThat(d.requiresCompatibilitiesAsStrings()).containsExactly("FARGATE");
            assertThat(d.cpu()).isEqualTo("256");
            assertThat(d.memory()).isEqualTo("512");
            assertThat(d.executionRoleArn()).isEqualTo(role.attributes().get("arn"));
            ContainerDefinition c = d.containerDefinitions().get(0);
            assertThat(c.name()).isEqualTo("frontend");
            assertThat(c.image()).isEqualTo(PipelineFixture.FIRST_IMAGE);
            assertThat(c.essential()).isTrue();
            assertThat(c.portMappings().get(0).containerPort()).isEqualTo(80);
            assertThat(c.portMappings().get(0).protocolAsString()).isEqualTo("tcp");
            assertThat(c.logConfiguration().logDriverAsString()).isEqualTo("awslogs");
            assertThat(c.logConfiguration().options()).containsEntry("awslogs-group", "/cairn/" + f.stack + "/frontend")
                    .containsEntry("awslogs-region", REGION).containsEntry("awslogs-stream-prefix", "frontend");
            assertThat(tags(described.tags())).containsEntry("cairn:stack", f.stack)
                    .containsEntry("cairn:address", "pipeline.task-definition");
            assertThat(Specs.ours(h.find(f.web.ctx, spec))).map(l -> l.attributes().get("revision")).contains("1");

            // The pipeline registers a revision of its own from taskdef.json (untagged): Cairn's stays the one it finds.
            ecs.registerTaskDefinition(r -> r.family(family).networkMode("awsvpc").requiresCompatibilitiesWithStrings("FARGATE")
                    .cpu("256").memory("512").executionRoleArn(role.attributes().get("arn"))
                    .containerDefinitions(cd -> cd.name("frontend").image("123456789012.dkr.ecr.us-east-1.amazonaws.com/frontend:abc1234")
                            .essential(true).portMappings(p -> p.containerPort(80).protocol("tcp"))));
            assertThat(Specs.ours(h.find(f.web.ctx, spec))).map(l -> l.attributes().get("revision")).contains("1");

            ResolvedSpec bigger = f.taskDefinitionSpec(Map.of("cpu", "512", "memory", "1024"), role, logs);
            ResourceRecord updated = f.web.update(bigger, td, Set.of("cpu", "memory"));

            assertThat(updated.physicalId()).isEqualTo(family);
            assertThat(updated.attributes()).containsEntry("revision", "3");
            assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition(family + ":3")).taskDefinition().cpu()).isEqualTo("512");
            assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition(family + ":1")).taskDefinition().status())
                    .as("Cairn's older revision").isEqualTo(TaskDefinitionStatus.INACTIVE);
            assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition(family + ":2")).taskDefinition().status())
                    .as("the pipeline's revision").isEqualTo(TaskDefinitionStatus.ACTIVE);
            // Repeated after a crash, the update registers nothing more.
            f.web.update(bigger, updated, Set.of("cpu", "memory"));
            assertThat(TaskDefinitionHandler.revisions(ecs, family, TaskDefinitionStatus.ACTIVE)).hasSize(2);

            f.web.destroy(updated);

            assertThat(TaskDefinitionHandler.revisions(ecs, family, TaskDefinitionStatus.ACTIVE)).isEmpty();
            assertThat(TaskDefinitionHandler.revisions(ecs, family, TaskDefinitionStatus.INACTIVE)).isEmpty();
            assertThat(h.read(f.web.ctx, updated)).isEmpty();
            assertThat(Specs.ours(h.find(f.web.ctx, spec))).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void taskDefinition_whenFamilyHeldByAnotherStack_isTaken(AwsBackend backend) throws Exception {
        with(backend, f -> {
            f.clients().ecs(REGION).registerTaskDefinition(r -> r.family(f.stack + "-frontend").networkMode("awsvpc")
                    .requiresCompatibilitiesWithStrings("FARGATE").cpu("256").memory("512")
                    .containerDefinitions(cd -> cd.name("frontend").image(PipelineFixture.FIRST_IMAGE).essential(true))
                    .tags(t -> t.key("cairn:stack").value("other"), t -> t.key("cairn:address").value("pipeline.task-definition")));
            ResourceRecord role = f.role("task-execution", "ecs-tasks.amazonaws.com");

            Found found = f.web.handler(EcsKinds.TASK_DEFINITION).find(f.web.ctx, f.taskDefinitionSpec(Map.of(), role, f.logGroup()));

            assertThat(found).isInstanceOf(Found.Taken.class);
            assertThat(((Found.Taken) found).what()).contains(f.stack + "-frontend").contains("tagged for stack other");
        });
    }

    /**
     * The service on Fargate behind the blue target group with CodeDeploy's controller. moto runs
     * no tasks (its runningCount stays 0 unless MOTO_ECS_SERVICE_RUNNING says otherwise), so there
     * the wait is only seen saying why it waits; the Sandbox runs the tasks and the wait ends.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void service_roundTrip_codeDeployControlled_scalesInPlace_thenInactive(AwsBackend backend) throws Exception {
        with(backend, f -> {
            EcsClient ecs = f.clients().ecs(REGION);
            PipelineFixture.Stage st = f.stage();
            ResolvedSpec spec = st.serviceSpec(Map.of());
            ResourceHandler h = f.web.handler(EcsKinds.SERVICE);

            LiveResource created = h.create(f.web.ctx, spec, java.util.UUID.randomUUID().toString());

            assertThat(created.physicalId()).endsWith(":service/" + f.stack + "/frontend");
            var s = ecs.describeServices(r -> r.cluster(f.stack).services("frontend").include(
                    software.amazon.awssdk.services.ecs.model.ServiceField.TAGS)).services().get(0);
            assertThat(s.deploymentController().typeAsString()).isEqualTo("CODE_DEPLOY");
            assertThat(s.loadBalancers()).singleElement().satisfies(lb -> {
                assertThat(lb.targetGroupArn()).isEqualTo(st.blue.physicalId());
                assertThat(lb.containerName()).isEqualTo("frontend");
                assertThat(lb.containerPort()).isEqualTo(80);
            });
            assertThat(s.networkConfiguration().awsvpcConfiguration().subnets())
                    .containsExactly(f.web.subnets.get("app-a"), f.web.subnets.get("app-b"));
            assertThat(s.networkConfiguration().awsvpcConfiguration().securityGroups()).containsExactly(f.web.appGroupId);
            assertThat(s.launchTypeAsString()).isEqualTo("FARGATE");
            assertThat(s.desiredCount()).isEqualTo(1);
            assertThat(tags(s.tags())).containsEntry("cairn:stack", f.stack).containsEntry("cairn:address", "pipeline.service");
            assertThat(Specs.ours(h.find(f.web.ctx, spec))).map(LiveResource::physicalId).contains(created.physicalId());

            ResourceRecord service;
            if (backend.followsAwsDependencyRules()) {
                var ready = Specs.poll(() -> h.awaitReady(f.web.ctx, spec, created), f.timeout());
                assertThat(ready.outcome()).as("%s", ready.message()).isEqualTo(dev.cairn.engine.Poll.Outcome.DONE);
                service = Specs.record(spec, ready.resource());
                assertThat(service.attributes()).containsEntry("runningCount", "1").containsEntry("cluster", f.stack)
                        .containsEntry("taskDefinition", st.taskDefinition.attributes().get("arn"));
            } else {
                var waiting = h.awaitReady(f.web.ctx, spec, created);
                assertThat(waiting.outcome()).isEqualTo(dev.cairn.engine.Poll.Outcome.PENDING);
                assertThat(waiting.message().english()).contains("frontend").contains("0 of 1 tasks running");
                service = Specs.record(spec, created);
            }

            ResolvedSpec two = st.serviceSpec(Map.of("desiredCount", "2", "healthCheckGraceSeconds", "60"));
            h.update(f.web.ctx, two, service, Set.of("desiredCount", "healthCheckGraceSeconds"));
            s = ecs.describeServices(r -> r.cluster(f.stack).services("frontend")).services().get(0);
            assertThat(s.desiredCount()).isEqualTo(2);
            assertThat(s.healthCheckGracePeriodSeconds()).isEqualTo(60);
            // moto sets runningCount to the new desired count on UpdateService; the Sandbox starts a second task.
            service = f.web.update(two, service, Set.of("desiredCount", "healthCheckGraceSeconds"));
            assertThat(service.attributes()).containsEntry("runningCount", "2").containsEntry("desiredCount", "2");

            f.web.destroy(service);

            assertThat(h.read(f.web.ctx, service)).isEmpty();
            assertThat(Specs.ours(h.find(f.web.ctx, spec))).isEmpty();
        });
    }

    /** A create interrupted after CreateService: the next run finds the service by its tags and adopts it, no twin. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void service_afterALostCreate_isFoundAndAdopted(AwsBackend backend) throws Exception {
        with(backend, f -> {
            PipelineFixture.Stage st = f.stage();
            ResolvedSpec spec = st.serviceSpec(Map.of("desiredCount", "0"));
            ResourceHandler h = f.web.handler(EcsKinds.SERVICE);
            String arn = h.create(f.web.ctx, spec, java.util.UUID.randomUUID().toString()).physicalId();

            Found again = h.find(f.web.ctx.withCreatePending(), spec);

            assertThat(Specs.ours(again)).map(LiveResource::physicalId).contains(arn);
            assertThat(f.clients().ecs(REGION).listServices(r -> r.cluster(f.stack)).serviceArns()).containsExactly(arn);
        });
    }

    /**
     * The capacity provider over an empty Auto Scaling group: created, attached to the cluster as
     * its default strategy, managed scaling changed in place, taken off the cluster and deleted.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void capacityProvider_roundTrip_attachedAsDefaultStrategy_scalingInPlace_thenDetachedAndGone(AwsBackend backend)
            throws Exception {
        with(backend, f -> {
            assumeTrue(backend.serves("autoscaling"), backend + " does not serve Auto Scaling");
            EcsClient ecs = f.clients().ecs(REGION);
            ResourceRecord cluster = f.web.apply(f.clusterSpec(null));
            String template = f.web.launchTemplate();
            String groupName = f.stack + "-ecs";
            f.clients().autoScaling(REGION).createAutoScalingGroup(r -> r.autoScalingGroupName(groupName)
                    .launchTemplate(lt -> lt.launchTemplateId(template)).minSize(0).maxSize(2).desiredCapacity(0)
                    .vpcZoneIdentifier(f.web.subnets.get("app-a") + "," + f.web.subnets.get("app-b")));
            String groupArn = f.clients().autoScaling(REGION).describeAutoScalingGroups(r -> r.autoScalingGroupNames(groupName))
                    .autoScalingGroups().get(0).autoScalingGroupARN();
            ResourceRecord group = f.existing(dev.cairn.model.kinds.AutoScalingKinds.AUTO_SCALING_GROUP,
                    "pipeline.auto-scaling-group", groupName, Map.of("arn", groupArn));
            ResolvedSpec spec = f.web.spec(EcsKinds.CAPACITY_PROVIDER, "pipeline.capacity-provider",
                    Map.of("name", f.stack + "-ec2", "managedScaling", "ENABLED", "targetCapacity", "100"),
                    Map.of("group", group, "cluster", cluster));
            ResourceHandler h = f.web.handler(EcsKinds.CAPACITY_PROVIDER);

            ResourceRecord provider = f.web.apply(spec);

            assertThat(provider.physicalId()).isEqualTo(f.stack + "-ec2");
            assertThat(provider.attributes()).containsEntry("cluster", f.stack).containsEntry("managedScaling", "ENABLED");
            var c = ecs.describeClusters(r -> r.clusters(f.stack)).clusters().get(0);
            assertThat(c.capacityProviders()).contains(f.stack + "-ec2");
            assertThat(c.defaultCapacityProviderStrategy()).singleElement()
                    .satisfies(item -> assertThat(item.capacityProvider()).isEqualTo(f.stack + "-ec2"));
            var described = ecs.describeCapacityProviders(r -> r.capacityProviders(f.stack + "-ec2")).capacityProviders().get(0);
            assertThat(described.autoScalingGroupProvider().autoScalingGroupArn()).isEqualTo(groupArn);
            assertThat(described.autoScalingGroupProvider().managedTerminationProtectionAsString()).isEqualTo("DISABLED");
            assertThat(Specs.ours(h.find(f.web.ctx, spec))).map(LiveResource::physicalId).contains(f.stack + "-ec2");

            ResolvedSpec lower = f.web.spec(EcsKinds.CAPACITY_PROVIDER, "pipeline.capacity-provider",
                    Map.of("name", f.stack + "-ec2", "managedScaling", "ENABLED", "targetCapacity", "80"),
                    Map.of("group", group, "cluster", cluster));
            ResourceRecord updated = f.web.update(lower, provider, Set.of("targetCapacity"));
            assertThat(updated.attributes()).containsEntry("targetCapacity", "80");

            f.web.destroy(updated);

            assertThat(ecs.describeClusters(r -> r.clusters(f.stack)).clusters().get(0).capacityProviders())
                    .doesNotContain(f.stack + "-ec2");
            assertThat(h.read(f.web.ctx, updated)).isEmpty();
        });
    }
}
