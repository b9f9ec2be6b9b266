package dev.cairn.aws.codedeploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.ecs.PipelineFixture;
import dev.cairn.engine.Found;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.CodeDeployKinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupInfo;

/**
 * The CodeDeploy application and blue/green deployment group handlers through the real SDK.
 * moto keeps applications and groups but has no UpdateDeploymentGroup and no deletes of either:
 * there the tests stop at what moto has, and say so.
 */
class CodeDeployHandlersTest {

    private static final String REGION = "us-east-1";
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";

    private interface Body {
        void run(PipelineFixture f) throws Exception;
    }

    private static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("codedeploy"), backend + " does not serve CodeDeploy (yet)");
        try (PipelineFixture f = PipelineFixture.on(backend, REGION)) {
            body.run(f);
        }
    }

    /** moto has no DeleteApplication, DeleteDeploymentGroup or UpdateDeploymentGroup. */
    private static boolean hasDeletes(AwsBackend backend) {
        return backend.followsAwsDependencyRules();
    }

    private static ResolvedSpec applicationSpec(PipelineFixture f) {
        return f.web.spec(CodeDeployKinds.APPLICATION, "pipeline.application",
                Map.of("name", f.stack + "-app", "computePlatform", "ECS"), Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void application_roundTrip_ecsPlatformTaggedByArn_retaggedInPlace_thenGone(AwsBackend backend) throws Exception {
        with(backend, f -> {
            CodeDeployClient cd = f.clients().codeDeploy(REGION);
            ResolvedSpec spec = applicationSpec(f);
            ResourceHandler h = f.web.handler(CodeDeployKinds.APPLICATION);

            ResourceRecord app = f.web.apply(spec);

            assertThat(app.physicalId()).isEqualTo(f.stack + "-app");
            String arn = "arn:aws:codedeploy:" + REGION + ":" + f.web.ctx.account() + ":application:" + f.stack + "-app";
            assertThat(app.attributes()).containsEntry("arn", arn).containsKey("id");
            if (backend.followsAwsDependencyRules()) {
                // moto writes GetApplication's createTime in a form the SDK cannot read.
                assertThat(cd.getApplication(r -> r.applicationName(f.stack + "-app")).application().computePlatformAsString())
                        .isEqualTo("ECS");
            }
            assertThat(tags(cd, arn)).containsEntry("cairn:stack", f.stack).containsEntry("cairn:address", "pipeline.application");
            assertThat(Specs.ours(h.find(f.web.ctx, spec))).map(LiveResource::physicalId).contains(f.stack + "-app");

            Map<String, String> newTags = new LinkedHashMap<>(spec.tags());
            newTags.remove("team");
            newTags.put("owner", "pipeline");
            ResourceRecord before = new ResourceRecord(spec.spec().withTags(Map.of("team", "cairn-tests")), app.physicalId(),
                    app.attributes(), app.status(), app.updated());
            f.web.update(new ResolvedSpec(spec.spec(), spec.refs(), newTags), before, Set.of(ResourceHandler.TAGS));
            assertThat(tags(cd, arn)).containsEntry("owner", "pipeline").doesNotContainKey("team").containsEntry("cairn:stack", f.stack);

            if (!hasDeletes(backend)) {
                return; // moto: no DeleteApplication.
            }
            f.web.destroy(app);
            assertThat(h.read(f.web.ctx, app)).isEmpty();
            assertThat(Specs.ours(h.find(f.web.ctx, spec))).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void application_whenNameHeldWithoutOurTags_isTaken(AwsBackend backend) throws Exception {
        with(backend, f -> {
            f.clients().codeDeploy(REGION).createApplication(r -> r.applicationName(f.stack + "-app").computePlatform("ECS"));

            Found found = f.web.handler(CodeDeployKinds.APPLICATION).find(f.web.ctx, applicationSpec(f));

            assertThat(found).isInstanceOf(Found.Taken.class);
            assertThat(((Found.Taken) found).what()).contains(f.stack + "-app").contains("without Cairn's tags");
        });
    }

    /**
     * The blue/green group over a real (handler-made) service, listeners and target groups:
     * everything an ECS blue/green group must say, as CodeDeploy describes it back.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void deploymentGroup_roundTrip_blueGreenWithTrafficControl_settingsInPlace_thenGone(AwsBackend backend) throws Exception {
        with(backend, f -> {
            assumeTrue(backend.serves("ecs"), backend + " does not serve ECS (yet)");
            CodeDeployClient cd = f.clients().codeDeploy(REGION);
            PipelineFixture.Stage st = f.stage();
            ResolvedSpec serviceSpec = st.serviceSpec(Map.of("desiredCount", "0"));
            ResourceRecord service = Specs.record(serviceSpec, f.web.handler(dev.cairn.model.kinds.EcsKinds.SERVICE)
                    .create(f.web.ctx, serviceSpec, java.util.UUID.randomUUID().toString()));
            ResourceRecord app = f.web.apply(applicationSpec(f));
            ResourceRecord role = f.role("codedeploy", "codedeploy.amazonaws.com");
            ResolvedSpec spec = groupSpec(f, st, app, role, service, Map.of());
            ResourceHandler h = f.web.handler(CodeDeployKinds.DEPLOYMENT_GROUP);

            ResourceRecord group = f.web.apply(spec);

            assertThat(group.physicalId()).isEqualTo(f.stack + "-app/" + f.stack + "-bluegreen");
            assertThat(group.attributes()).containsKey("id").containsEntry("lastDeployment", "")
                    .containsEntry("arn", "arn:aws:codedeploy:" + REGION + ":" + f.web.ctx.account() + ":deploymentgroup:"
                            + f.stack + "-app/" + f.stack + "-bluegreen");
            DeploymentGroupInfo g = cd.getDeploymentGroup(r -> r.applicationName(f.stack + "-app")
                    .deploymentGroupName(f.stack + "-bluegreen")).deploymentGroupInfo();
            assertThat(g.deploymentStyle().deploymentTypeAsString()).isEqualTo("BLUE_GREEN");
            assertThat(g.deploymentStyle().deploymentOptionAsString()).isEqualTo("WITH_TRAFFIC_CONTROL");
            assertThat(g.deploymentConfigName()).isEqualTo("CodeDeployDefault.ECSAllAtOnce");
            assertThat(g.serviceRoleArn()).isEqualTo(role.attributes().get("arn"));
            assertThat(g.ecsServices()).singleElement().satisfies(s -> {
                assertThat(s.clusterName()).isEqualTo(f.stack);
                assertThat(s.serviceName()).isEqualTo("frontend");
            });
            var pair = g.loadBalancerInfo().targetGroupPairInfoList().get(0);
            assertThat(pair.targetGroups()).extracting(t -> t.name()).containsExactly(f.stack + "-blue", f.stack + "-green");
            assertThat(pair.prodTrafficRoute().listenerArns()).containsExactly(st.production.physicalId());
            assertThat(pair.testTrafficRoute().listenerArns()).containsExactly(st.test.physicalId());
            var blueGreen = g.blueGreenDeploymentConfiguration();
            assertThat(blueGreen.terminateBlueInstancesOnDeploymentSuccess().actionAsString()).isEqualTo("TERMINATE");
            assertThat(blueGreen.terminateBlueInstancesOnDeploymentSuccess().terminationWaitTimeInMinutes()).isEqualTo(5);
            assertThat(blueGreen.deploymentReadyOption().actionOnTimeoutAsString()).isEqualTo("CONTINUE_DEPLOYMENT");
            assertThat(g.autoRollbackConfiguration().enabled()).isTrue();
            assertThat(g.autoRollbackConfiguration().eventsAsStrings()).containsExactly("DEPLOYMENT_FAILURE");
            assertThat(Specs.ours(h.find(f.web.ctx, spec))).map(LiveResource::physicalId).contains(group.physicalId());

            if (!hasDeletes(backend)) {
                return; // moto: no UpdateDeploymentGroup, DeleteDeploymentGroup or DeleteApplication.
            }
            ResolvedSpec changed = groupSpec(f, st, app, role, service, Map.of("terminationWaitMinutes", "1",
                    "deploymentConfig", "CodeDeployDefault.ECSCanary10Percent5Minutes", "autoRollback", "false"));
            f.web.update(changed, group, Set.of("terminationWaitMinutes", "deploymentConfig", "autoRollback"));
            g = cd.getDeploymentGroup(r -> r.applicationName(f.stack + "-app").deploymentGroupName(f.stack + "-bluegreen"))
                    .deploymentGroupInfo();
            assertThat(g.deploymentConfigName()).isEqualTo("CodeDeployDefault.ECSCanary10Percent5Minutes");
            assertThat(g.blueGreenDeploymentConfiguration().terminateBlueInstancesOnDeploymentSuccess().terminationWaitTimeInMinutes())
                    .isEqualTo(1);
            assertThat(g.autoRollbackConfiguration().enabled()).isFalse();

            f.web.destroy(group);
            assertThat(h.read(f.web.ctx, group)).isEmpty();
            f.web.destroy(app);
        });
    }

    /**
     * After a blue/green deployment of a new revision (the pipeline's Deploy action, here made
     * with CreateDeployment as it does): the service reports the revision running now, an update
     * of the service leaves it running, the production listener reports green, and the group's
     * lastDeployment names the deployment. Sandbox only: moto's deployments never leave Created.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void afterADeployment_serviceReportsTheNewRevisionAsIsAndAnUpdateKeepsIt(AwsBackend backend) throws Exception {
        with(backend, f -> {
            assumeTrue(backend.serves("ecs") && backend.followsAwsDependencyRules(), backend + ": no deployments that finish");
            CodeDeployClient cd = f.clients().codeDeploy(REGION);
            var ecs = f.clients().ecs(REGION);
            PipelineFixture.Stage st = f.stage();
            ResolvedSpec serviceSpec = st.serviceSpec(Map.of());
            ResourceRecord service = f.web.apply(serviceSpec);
            ResourceRecord app = f.web.apply(applicationSpec(f));
            ResourceRecord role = f.role("codedeploy", "codedeploy.amazonaws.com");
            ResourceRecord group = f.web.apply(groupSpec(f, st, app, role, service, Map.of("terminationWaitMinutes", "0")));
            String family = f.stack + "-frontend";
            String second = ecs.registerTaskDefinition(r -> r.family(family).networkMode("awsvpc")
                    .requiresCompatibilitiesWithStrings("FARGATE").cpu("256").memory("512")
                    .executionRoleArn(st.executionRole.attributes().get("arn"))
                    .containerDefinitions(c -> c.name("frontend").image(PipelineFixture.FIRST_IMAGE).essential(true)
                            .portMappings(p -> p.containerPort(80).protocol("tcp")))).taskDefinition().taskDefinitionArn();
            String appspec = """
                    version: 0.0
                    Resources:
                      - TargetService:
                          Type: AWS::ECS::Service
                          Properties:
                            TaskDefinition: %s
                            LoadBalancerInfo:
                              ContainerName: frontend
                              ContainerPort: 80
                    """.formatted(second);

            String deployment = cd.createDeployment(r -> r.applicationName(f.stack + "-app")
                    .deploymentGroupName(f.stack + "-bluegreen")
                    .revision(rev -> rev.revisionType("AppSpecContent").appSpecContent(a -> a.content(appspec)))).deploymentId();
            var done = Specs.poll(() -> {
                var info = cd.getDeployment(r -> r.deploymentId(deployment)).deploymentInfo();
                String status = info.statusAsString();
                return switch (status) {
                    case "Succeeded" -> dev.cairn.engine.Poll.done();
                    case "Failed", "Stopped" -> dev.cairn.engine.Poll.failed(status + ": " + info.errorInformation());
                    default -> dev.cairn.engine.Poll.pending(status);
                };
            }, f.timeout());
            assertThat(done.outcome()).as("%s", done.message()).isEqualTo(dev.cairn.engine.Poll.Outcome.DONE);

            ResourceHandler services = f.web.handler(dev.cairn.model.kinds.EcsKinds.SERVICE);
            assertThat(services.read(f.web.ctx, service)).hasValueSatisfying(l ->
                    assertThat(l.attributes()).containsEntry("taskDefinition", second));
            ResourceRecord updated = f.web.update(st.serviceSpec(Map.of("healthCheckGraceSeconds", "45")), service,
                    Set.of("healthCheckGraceSeconds"));
            assertThat(updated.attributes()).containsEntry("taskDefinition", second);
            assertThat(f.web.handler(dev.cairn.model.kinds.Elbv2Kinds.LISTENER).read(f.web.ctx, st.production))
                    .hasValueSatisfying(l -> assertThat(l.attributes()).containsEntry("targetGroupArn", st.green.physicalId()));
            assertThat(f.web.handler(CodeDeployKinds.DEPLOYMENT_GROUP).read(f.web.ctx, group))
                    .hasValueSatisfying(l -> assertThat(l.attributes()).containsEntry("lastDeployment", deployment + ":Succeeded"));
        });
    }

    static ResolvedSpec groupSpec(PipelineFixture f, PipelineFixture.Stage st, ResourceRecord app, ResourceRecord role,
            ResourceRecord service, Map<String, String> extra) {
        Map<String, String> props = new LinkedHashMap<>(Map.of("name", f.stack + "-bluegreen",
                "deploymentConfig", "CodeDeployDefault.ECSAllAtOnce", "terminationWaitMinutes", "5", "autoRollback", "true"));
        props.putAll(extra);
        Map<String, ResourceRecord> refs = new LinkedHashMap<>();
        refs.put("application", app);
        refs.put("serviceRole", role);
        refs.put("cluster", st.cluster);
        refs.put("service", service);
        refs.put("productionListener", st.production);
        refs.put("testListener", st.test);
        refs.put("blueTargetGroup", st.blue);
        refs.put("greenTargetGroup", st.green);
        return f.web.spec(CodeDeployKinds.DEPLOYMENT_GROUP, "pipeline.deployment-group", props, refs);
    }

    private static Map<String, String> tags(CodeDeployClient cd, String arn) {
        Map<String, String> map = new LinkedHashMap<>();
        cd.listTagsForResource(r -> r.resourceArn(arn)).tags().forEach(t -> map.put(t.key(), t.value()));
        return map;
    }
}
