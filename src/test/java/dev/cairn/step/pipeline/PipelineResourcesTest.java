package dev.cairn.step.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
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
import dev.cairn.plan.Planner;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.storage.BucketNames;
import dev.cairn.step.web.WebResources;
import dev.cairn.step.web.WebSection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Pipeline step's resources: the props and refs each kind's javadoc names, for the example, Fargate and HTTPS. */
class PipelineResourcesTest {

    private static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<ResourceSpec> specs(Blueprint blueprint) {
        return PipelineStep.MODULE.resources(BucketNames.resolve(BlueprintYaml.withDefaults(blueprint), ACCOUNT));
    }

    private static List<ResourceSpec> specs(PipelineSection p) {
        return specs(BlueprintExample.guide().with(PipelineSection.KEY, p));
    }

    private static ResourceSpec at(List<ResourceSpec> specs, Address address) {
        return specs.stream().filter(s -> s.address().equals(address)).findFirst().orElseThrow(() -> new AssertionError(address));
    }

    private static PipelineSection fargate() {
        return BlueprintExample.pipeline().withService(new PipelineSection.Service("demo", "frontend", "frontend", 80, 1,
                Capacity.FARGATE, null, null, 256, 512));
    }

    @Test
    void specs_ofEveryVariant_useOnlyTheirKindsPropsAndRefs() {
        for (List<ResourceSpec> specs : List.of(specs(BlueprintExample.pipeline()), specs(fargate()))) {
            for (ResourceSpec s : specs) {
                assertThat(s.address().step()).isEqualTo("pipeline");
                assertThat(s.region()).isEqualTo("ap-northeast-2");
                s.properties().keySet().forEach(p -> assertThat(s.kind().properties()).as(s.address() + " prop " + p)
                        .containsKey(p));
                s.refs().forEach((name, target) -> assertThat(s.kind().refKind(name)).as(s.address() + " ref " + name).isPresent());
            }
        }
    }

    @Test
    void specs_whenGuide_planTheFilesMdNames() {
        List<ResourceSpec> specs = specs(BlueprintExample.pipeline());
        assertThat(at(specs, PipelineResources.REPOSITORY).properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "name", "frontend", "scanOnPush", "true", "tagMutability", "MUTABLE", "keepImages", "10"));
        assertThat(at(specs, PipelineResources.BUILD_PROJECT).property("name")).isEqualTo("demo-build");
        assertThat(at(specs, PipelineResources.BUILD_LOGS).properties()).isEqualTo(Map.of("name", "/cairn/demo/build",
                "retentionDays", "7"));
        assertThat(at(specs, PipelineResources.SERVICE_LOGS).property("name")).isEqualTo("/cairn/demo/frontend");
        assertThat(at(specs, PipelineResources.CLUSTER).property("name")).isEqualTo("demo");
        assertThat(at(specs, PipelineResources.SERVICE).property("name")).isEqualTo("frontend");
        assertThat(at(specs, PipelineResources.TASK_DEFINITION).property("family")).isEqualTo("demo-frontend");
        assertThat(at(specs, PipelineResources.APPLICATION).property("name")).isEqualTo("demo-app");
        assertThat(at(specs, PipelineResources.DEPLOYMENT_GROUP).property("name")).isEqualTo("demo-bluegreen");
        assertThat(at(specs, PipelineResources.PIPELINE).property("name")).isEqualTo("demo-pipeline");
        assertThat(at(specs, PipelineResources.CONNECTION).properties()).isEqualTo(Map.of("name", "demo-github",
                "providerType", "GitHub"));
        assertThat(at(specs, PipelineResources.LOAD_BALANCER).property("name")).isEqualTo("demo-pipe");
        assertThat(at(specs, PipelineResources.BLUE).property("name")).isEqualTo("demo-blue");
        assertThat(at(specs, PipelineResources.GREEN).property("name")).isEqualTo("demo-green");
        assertThat(at(specs, PipelineResources.ARTIFACT_BUCKET).properties()).containsEntry("name",
                "demo-123456789012-ap-northeast-2-artifacts").containsEntry("role", "artifacts");
        for (String role : List.of("codebuild", "codepipeline", "codedeploy", "task-execution", "ecs-instance")) {
            ResourceSpec r = at(specs, PipelineResources.role(role));
            assertThat(r.kind()).isEqualTo(IamKinds.ROLE);
            assertThat(r.property("name")).isEqualTo("demo-" + role);
            assertThat(r.property("path")).isEqualTo("/cairn/demo/");
        }
        assertThat(at(specs, PipelineResources.INSTANCE_PROFILE).properties()).isEqualTo(Map.of("name", "demo-ecs-instance",
                "path", "/cairn/demo/"));
    }

    @Test
    void specs_whenGuide_rolesTrustTheirServiceAndAttachTheManagedPolicies() throws Exception {
        List<ResourceSpec> specs = specs(BlueprintExample.pipeline());
        assertThat(at(specs, PipelineResources.CODEDEPLOY_ROLE).properties()).containsEntry("trustService",
                "codedeploy.amazonaws.com").containsEntry("managedPolicies", "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS")
                .containsEntry("inlinePolicy", "");
        assertThat(at(specs, PipelineResources.TASK_EXECUTION_ROLE).properties()).containsEntry("trustService",
                "ecs-tasks.amazonaws.com").containsEntry("managedPolicies",
                "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
        assertThat(at(specs, PipelineResources.INSTANCE_ROLE).properties()).containsEntry("trustService", "ec2.amazonaws.com")
                .containsEntry("managedPolicies", "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role");

        JsonNode build = JSON.readTree(at(specs, PipelineResources.CODEBUILD_ROLE).property("inlinePolicy"));
        assertThat(at(specs, PipelineResources.CODEBUILD_ROLE).property("trustService")).isEqualTo("codebuild.amazonaws.com");
        String buildText = build.toString();
        assertThat(buildText).contains("ecr:PutImage", "ecr:GetAuthorizationToken",
                "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/frontend",
                "log-group:/cairn/demo/build:*", "arn:${AWS::Partition}:s3:::demo-123456789012-ap-northeast-2-artifacts/*")
                // Least privilege: no wildcard action, and no resource wildcard but the two services that have none.
                .doesNotContain("\"ecr:*\"", "\"s3:*\"");
        for (JsonNode st : build.get("Statement")) {
            if (!st.get("Sid").asText().equals("EcrLogin")) {
                assertThat(st.get("Resource").toString()).as(st.get("Sid").asText()).isNotEqualTo("\"*\"");
            }
        }
        JsonNode pipe = JSON.readTree(at(specs, PipelineResources.CODEPIPELINE_ROLE).property("inlinePolicy"));
        assertThat(pipe.toString()).contains("codeconnections:UseConnection", "codebuild:StartBuild",
                "project/demo-build", "deploymentgroup:demo-app/demo-bluegreen", "iam:PassRole",
                "role/cairn/demo/demo-task-execution", "ecs-tasks.amazonaws.com");
    }

    @Test
    void specs_whenGuide_buildTheLoadBalancerWithBlueGreenIpGroupsAndTwoListenersCodeDeployMoves() {
        List<ResourceSpec> specs = specs(BlueprintExample.pipeline());
        ResourceSpec lb = at(specs, PipelineResources.LOAD_BALANCER);
        assertThat(lb.refs()).containsEntry("subnet.a", NetworkResources.subnet("public-a"))
                .containsEntry("subnet.c", NetworkResources.subnet("public-c"))
                .containsEntry("securityGroup", PipelineResources.ALB_GROUP);
        for (Address tg : List.of(PipelineResources.BLUE, PipelineResources.GREEN)) {
            assertThat(at(specs, tg).properties()).containsEntry("targetType", "ip").containsEntry("port", "80");
        }
        ResourceSpec prod = at(specs, PipelineResources.PRODUCTION_LISTENER);
        ResourceSpec test = at(specs, PipelineResources.TEST_LISTENER);
        assertThat(prod.properties()).containsEntry("port", "80").containsEntry("protocol", "HTTP")
                .containsEntry("trafficManagedBy", "codedeploy");
        assertThat(test.properties()).containsEntry("port", "8080").containsEntry("trafficManagedBy", "codedeploy");
        assertThat(test.refs()).containsEntry("targetGroup", PipelineResources.BLUE).doesNotContainKey("certificate");
        // The load balancer admits both ports from anywhere; the tasks admit the container port from the load balancer only.
        assertThat(specs).filteredOn(s -> s.kind() == Ec2Kinds.SECURITY_GROUP_RULE && "0.0.0.0/0".equals(s.property("cidr")))
                .extracting(s -> s.property("fromPort")).containsExactlyInAnyOrder("80", "8080");
        ResourceSpec tasksRule = at(specs, PipelineResources.TASKS_FROM_ALB);
        assertThat(tasksRule.refs()).isEqualTo(Map.of("group", PipelineResources.TASK_GROUP, "sourceGroup",
                PipelineResources.ALB_GROUP));
        assertThat(tasksRule.property("fromPort")).isEqualTo("80");

        ResourceSpec dg = at(specs, PipelineResources.DEPLOYMENT_GROUP);
        assertThat(dg.refs()).containsEntry("productionListener", PipelineResources.PRODUCTION_LISTENER)
                .containsEntry("testListener", PipelineResources.TEST_LISTENER)
                .containsEntry("blueTargetGroup", PipelineResources.BLUE).containsEntry("greenTargetGroup", PipelineResources.GREEN)
                .containsEntry("serviceRole", PipelineResources.CODEDEPLOY_ROLE);
        assertThat(dg.properties()).containsEntry("terminationWaitMinutes", "5")
                .containsEntry("deploymentConfig", "CodeDeployDefault.ECSAllAtOnce").containsEntry("autoRollback", "true");
    }

    @Test
    void specs_whenEc2_planTemplateGroupAndCapacityProviderInTheAppSubnets() {
        List<ResourceSpec> specs = specs(BlueprintExample.pipeline());
        ResourceSpec lt = at(specs, PipelineResources.LAUNCH_TEMPLATE);
        assertThat(lt.property("imageParameter")).isEqualTo("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
        assertThat(lt.property("userData")).contains("echo ECS_CLUSTER=demo >> /etc/ecs/ecs.config");
        assertThat(lt.refs()).containsEntry("instanceProfile", PipelineResources.INSTANCE_PROFILE)
                .containsEntry("securityGroup", PipelineResources.INSTANCE_GROUP);
        ResourceSpec group = at(specs, PipelineResources.GROUP);
        assertThat(group.kind()).isEqualTo(AutoScalingKinds.AUTO_SCALING_GROUP);
        assertThat(group.refs()).doesNotContainKey("targetGroup").containsEntry("subnet.a", NetworkResources.subnet("app-a"))
                .containsEntry("subnet.c", NetworkResources.subnet("app-c"));
        assertThat(group.properties()).containsEntry("desired", "2").containsEntry("min", "2").containsEntry("max", "2");
        assertThat(group.extraDependencies()).contains(PipelineResources.CLUSTER);
        ResourceSpec cp = at(specs, PipelineResources.CAPACITY_PROVIDER);
        assertThat(cp.refs()).isEqualTo(Map.of("group", PipelineResources.GROUP, "cluster", PipelineResources.CLUSTER));
        ResourceSpec svc = at(specs, PipelineResources.SERVICE);
        assertThat(svc.properties()).containsEntry("launchType", "EC2").containsEntry("desiredCount", "1");
        assertThat(svc.refs()).containsEntry("capacityProvider", PipelineResources.CAPACITY_PROVIDER)
                .containsEntry("targetGroup", PipelineResources.BLUE).containsEntry("listener", PipelineResources.PRODUCTION_LISTENER)
                .containsEntry("subnet.a", NetworkResources.subnet("app-a"));
        assertThat(at(specs, PipelineResources.TASK_DEFINITION).properties()).containsEntry("compatibilities", "EC2")
                .containsEntry("networkMode", "awsvpc").containsEntry("image", PipelineResources.FIRST_IMAGE);
    }

    @Test
    void specs_whenFargate_planNoInstancesNorTheirRole() {
        List<ResourceSpec> specs = specs(fargate());
        Set<Address> addresses = specs.stream().map(ResourceSpec::address).collect(Collectors.toSet());
        assertThat(addresses).doesNotContain(PipelineResources.LAUNCH_TEMPLATE, PipelineResources.GROUP,
                PipelineResources.CAPACITY_PROVIDER, PipelineResources.INSTANCE_ROLE, PipelineResources.INSTANCE_PROFILE,
                PipelineResources.INSTANCE_GROUP);
        ResourceSpec svc = at(specs, PipelineResources.SERVICE);
        assertThat(svc.property("launchType")).isEqualTo("FARGATE");
        assertThat(svc.refs()).doesNotContainKey("capacityProvider");
        assertThat(at(specs, PipelineResources.TASK_DEFINITION).property("compatibilities")).isEqualTo("FARGATE");
    }

    @Test
    void specs_whenHttps_listenersUseTheWebTiersCertificateAfterItsValidation() {
        Blueprint guide = BlueprintExample.guide();
        WebSection web = guide.section(WebSection.KEY);
        Blueprint bp = guide.with(WebSection.KEY, new WebSection(true, web.image(), web.instanceType(), null, web.loadBalancer(),
                new WebSection.Https("example.com", "autoscaling"), web.autoScaling()))
                .with(PipelineSection.KEY, BlueprintExample.pipeline().withLoadBalancer(null));
        List<ResourceSpec> specs = specs(bp);
        for (Address l : List.of(PipelineResources.PRODUCTION_LISTENER, PipelineResources.TEST_LISTENER)) {
            ResourceSpec listener = at(specs, l);
            assertThat(listener.property("protocol")).isEqualTo("HTTPS");
            assertThat(listener.refs()).containsEntry("certificate", WebResources.CERTIFICATE);
            assertThat(listener.extraDependencies()).contains(WebResources.CERTIFICATE_VALIDATION);
        }
        assertThat(at(specs, PipelineResources.PRODUCTION_LISTENER).property("port")).isEqualTo("443");
        assertThat(at(specs, PipelineResources.TEST_LISTENER).property("port")).isEqualTo("8443");
    }

    @Test
    void specs_whenGuide_thePipelineRefsWhatItDrives() {
        ResourceSpec p = at(specs(BlueprintExample.pipeline()), PipelineResources.PIPELINE);
        assertThat(p.kind()).isEqualTo(CodePipelineKinds.PIPELINE);
        assertThat(p.properties()).isEqualTo(Map.of("name", "demo-pipeline", "repository", "demo/frontend", "branch", "main",
                "executionMode", "QUEUED"));
        assertThat(p.refs()).isEqualTo(Map.of("role", PipelineResources.CODEPIPELINE_ROLE, "connection",
                PipelineResources.CONNECTION, "buildProject", PipelineResources.BUILD_PROJECT, "application",
                PipelineResources.APPLICATION, "deploymentGroup", PipelineResources.DEPLOYMENT_GROUP, "artifactBucket",
                PipelineResources.ARTIFACT_BUCKET));
        ResourceSpec build = at(specs(BlueprintExample.pipeline()), PipelineResources.BUILD_PROJECT);
        assertThat(build.kind()).isEqualTo(CodeBuildKinds.PROJECT);
        assertThat(build.properties()).containsEntry("privileged", "true").containsEntry("computeType", "BUILD_GENERAL1_SMALL")
                .containsEntry("image", "aws/codebuild/amazonlinux2-x86_64-standard:5.0");
        assertThat(build.refs()).isEqualTo(Map.of("serviceRole", PipelineResources.CODEBUILD_ROLE, "logGroup",
                PipelineResources.BUILD_LOGS, "repository", PipelineResources.REPOSITORY));
    }

    @Test
    void specs_whenGuide_everyKindOfTheStepIsPlannedAndTheWholeGuidePlans() {
        List<ResourceSpec> specs = specs(BlueprintExample.pipeline());
        assertThat(specs).extracting(ResourceSpec::kind).contains(IamKinds.ROLE, IamKinds.INSTANCE_PROFILE, LogsKinds.LOG_GROUP,
                EcrKinds.REPOSITORY, CodeBuildKinds.PROJECT, CodeConnectionsKinds.CONNECTION, EcsKinds.CLUSTER,
                EcsKinds.CAPACITY_PROVIDER, EcsKinds.TASK_DEFINITION, EcsKinds.SERVICE, CodeDeployKinds.APPLICATION,
                CodeDeployKinds.DEPLOYMENT_GROUP, CodePipelineKinds.PIPELINE, Elbv2Kinds.LOAD_BALANCER, S3Kinds.BUCKET,
                S3Kinds.BUCKET_POLICY);
        // The whole guide plans: every ref and extra dependency points at a planned address, with no cycle.
        Blueprint guide = BucketNames.resolve(BlueprintYaml.withDefaults(BlueprintExample.guide()), ACCOUNT);
        guide = guide.with(dev.cairn.step.access.AccessSection.KEY,
                guide.section(dev.cairn.step.access.AccessSection.KEY).withMyIp("203.0.113.10/32"));
        assertThat(Planner.plan(guide, dev.cairn.model.StackState.empty("demo")).actions()).isNotEmpty();
    }

    @Test
    void specs_whenArtifactBucketStillAuto_refuseToPlan() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.guide());
        assertThatThrownBy(() -> PipelineStep.MODULE.resources(bp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pipeline.artifactBucket");
    }
}
