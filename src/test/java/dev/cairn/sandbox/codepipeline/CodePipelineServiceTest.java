package dev.cairn.sandbox.codepipeline;

import dev.cairn.sandbox.DemoRoles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionOwner;
import software.amazon.awssdk.services.codepipeline.model.ExecutionMode;
import software.amazon.awssdk.services.codepipeline.model.GetPipelineStateResponse;
import software.amazon.awssdk.services.codepipeline.model.InvalidStructureException;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineNameInUseException;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineType;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;

/**
 * CodePipeline's pipelines through the SDK v2 client: the Pipeline step's V2 declaration kept and
 * answered, the structure rules, and the first execution that starts on create.
 */
class CodePipelineServiceTest {
    static final String ROLE = "arn:aws:iam::000000000000:role/cairn/demo/demo-codepipeline";
    static final String CONNECTION = "arn:aws:codeconnections:ap-northeast-2:000000000000:connection/"
            + "11111111-2222-3333-4444-555555555555";

    private SandboxServer server;
    private CodePipelineClient pipeline;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        DemoRoles.create(server);
        pipeline = SandboxClients.noRetry(CodePipelineClient.builder(), server, Region.AP_NORTHEAST_2, "sandbox");
    }

    @AfterEach
    void stop() {
        pipeline.close();
        server.close();
    }

    static ActionDeclaration action(String name, ActionCategory category, String provider, Map<String, String> config,
            List<String> in, List<String> out) {
        return ActionDeclaration.builder().name(name)
                .actionTypeId(t -> t.category(category).owner(ActionOwner.AWS).provider(provider).version("1"))
                .configuration(config)
                .inputArtifacts(in.stream().map(n -> software.amazon.awssdk.services.codepipeline.model.InputArtifact
                        .builder().name(n).build()).toList())
                .outputArtifacts(out.stream().map(n -> software.amazon.awssdk.services.codepipeline.model.OutputArtifact
                        .builder().name(n).build()).toList())
                .build();
    }

    /** The Pipeline step's pipeline: GitHub through a connection, CodeBuild, CodeDeploy to ECS. */
    static PipelineDeclaration declaration(String name, String bucket) {
        return declaration(name, bucket, ROLE, CONNECTION);
    }

    static PipelineDeclaration declaration(String name, String bucket, String role, String connection) {
        return PipelineDeclaration.builder().name(name).roleArn(role).pipelineType(PipelineType.V2)
                .executionMode(ExecutionMode.QUEUED)
                .artifactStore(s -> s.type("S3").location(bucket))
                .stages(StageDeclaration.builder().name("Source").actions(action("Source", ActionCategory.SOURCE,
                                "CodeStarSourceConnection", Map.of("ConnectionArn", connection,
                                        "FullRepositoryId", "octocat/frontend", "BranchName", "main",
                                        "OutputArtifactFormat", "CODE_ZIP"), List.of(), List.of("SourceArtifact"))).build(),
                        StageDeclaration.builder().name("Build").actions(action("Build", ActionCategory.BUILD,
                                "CodeBuild", Map.of("ProjectName", "demo-build"), List.of("SourceArtifact"),
                                List.of("BuildArtifact"))).build(),
                        StageDeclaration.builder().name("Deploy").actions(action("Deploy", ActionCategory.DEPLOY,
                                "CodeDeployToECS", Map.of("ApplicationName", "demo-app",
                                        "DeploymentGroupName", "demo-bluegreen",
                                        "TaskDefinitionTemplateArtifact", "SourceArtifact",
                                        "TaskDefinitionTemplatePath", "taskdef.json",
                                        "AppSpecTemplateArtifact", "SourceArtifact",
                                        "AppSpecTemplatePath", "appspec.yaml",
                                        "Image1ArtifactName", "BuildArtifact",
                                        "Image1ContainerName", "IMAGE1_NAME"),
                                List.of("SourceArtifact", "BuildArtifact"), List.of())).build())
                .triggers(t -> t.providerType("CodeStarSourceConnection").gitConfiguration(g -> g
                        .sourceActionName("Source").push(p -> p.branches(b -> b.includes("main")))))
                .build();
    }

    @Test
    void createPipeline_keepsTheDeclaration_andGetAnswersItWithVersionAndArn() {
        var created = pipeline.createPipeline(b -> b.pipeline(declaration("demo-pipeline", "demo-artifacts"))
                .tags(t -> t.key("cairn:stack").value("demo")));

        assertThat(created.pipeline().version()).isEqualTo(1);
        var got = pipeline.getPipeline(b -> b.name("demo-pipeline"));
        assertThat(got.pipeline().pipelineType()).isEqualTo(PipelineType.V2);
        assertThat(got.pipeline().executionMode()).isEqualTo(ExecutionMode.QUEUED);
        assertThat(got.pipeline().stages()).extracting(StageDeclaration::name).containsExactly("Source", "Build", "Deploy");
        assertThat(got.pipeline().triggers().get(0).gitConfiguration().sourceActionName()).isEqualTo("Source");
        assertThat(got.metadata().pipelineArn()).isEqualTo("arn:aws:codepipeline:ap-northeast-2:000000000000:demo-pipeline");
        assertThat(pipeline.listPipelines(b -> { }).pipelines()).extracting(p -> p.name()).containsExactly("demo-pipeline");
        assertThat(pipeline.listTagsForResource(b -> b.resourceArn(got.metadata().pipelineArn())).tags())
                .extracting(t -> t.key()).containsExactly("cairn:stack");

        var updated = pipeline.updatePipeline(b -> b.pipeline(declaration("demo-pipeline", "other-artifacts")));
        assertThat(updated.pipeline().version()).isEqualTo(2);

        pipeline.deletePipeline(b -> b.name("demo-pipeline"));
        assertThat(catchThrowableOfType(PipelineNotFoundException.class,
                () -> pipeline.getPipeline(b -> b.name("demo-pipeline")))).isNotNull();
    }

    @Test
    void createPipeline_refusesABadStructure_andATakenName() {
        pipeline.createPipeline(b -> b.pipeline(declaration("demo-pipeline", "demo-artifacts")));

        assertThat(catchThrowableOfType(PipelineNameInUseException.class,
                () -> pipeline.createPipeline(b -> b.pipeline(declaration("demo-pipeline", "demo-artifacts")))))
                .isNotNull();
        PipelineDeclaration oneStage = declaration("short", "b").toBuilder()
                .stages(declaration("x", "b").stages().get(0)).triggers(List.of()).build();
        assertThat(catchThrowableOfType(InvalidStructureException.class,
                () -> pipeline.createPipeline(b -> b.pipeline(oneStage))).getMessage()).contains("at least 2 stages");
        PipelineDeclaration buildFirst = declaration("wrong", "b").toBuilder()
                .stages(declaration("x", "b").stages().get(1), declaration("x", "b").stages().get(0))
                .triggers(List.of()).build();
        assertThat(catchThrowableOfType(InvalidStructureException.class,
                () -> pipeline.createPipeline(b -> b.pipeline(buildFirst)))).isNotNull();
    }

    @Test
    void createPipeline_startsTheFirstExecution_whichFailsAtSourceWithoutAnAvailableConnection() {
        pipeline.createPipeline(b -> b.pipeline(declaration("demo-pipeline", "demo-artifacts")));

        GetPipelineStateResponse state = pipeline.getPipelineState(b -> b.name("demo-pipeline"));

        assertThat(state.stageStates()).extracting(s -> s.stageName()).containsExactly("Source", "Build", "Deploy");
        var source = state.stageStates().get(0);
        assertThat(source.latestExecution().statusAsString()).isEqualTo("Failed");
        assertThat(source.actionStates().get(0).latestExecution().statusAsString()).isEqualTo("Failed");
        assertThat(source.actionStates().get(0).latestExecution().errorDetails().message()).isNotEmpty();
        assertThat(state.stageStates().get(1).latestExecution()).isNull();
        var executions = pipeline.listPipelineExecutions(b -> b.pipelineName("demo-pipeline"))
                .pipelineExecutionSummaries();
        assertThat(executions).hasSize(1);
        assertThat(executions.get(0).trigger().triggerTypeAsString()).isEqualTo("CreatePipeline");
        assertThat(executions.get(0).statusAsString()).isEqualTo("Failed");
    }

    @Test
    void pipelinesAndExecutions_surviveARestart_andTheTaggingApiFindsThem(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path data) {
        pipeline.close();
        server.close();
        try (SandboxServer first = SandboxServer.start(SandboxConfig.instant().withDataDir(data));
             CodePipelineClient client = SandboxClients.noRetry(CodePipelineClient.builder(), first,
                     Region.AP_NORTHEAST_2, "sandbox")) {
            DemoRoles.create(first);
            client.createPipeline(b -> b.pipeline(declaration("demo-pipeline", "demo-artifacts"))
                    .tags(t -> t.key("cairn:stack").value("demo")));
        }
        server = SandboxServer.start(SandboxConfig.instant().withDataDir(data));
        pipeline = SandboxClients.noRetry(CodePipelineClient.builder(), server, Region.AP_NORTHEAST_2, "sandbox");

        assertThat(pipeline.getPipeline(b -> b.name("demo-pipeline")).pipeline().stages()).hasSize(3);
        assertThat(pipeline.listPipelineExecutions(b -> b.pipelineName("demo-pipeline")).pipelineExecutionSummaries())
                .hasSize(1);
        try (var tagging = SandboxClients.noRetry(
                software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient.builder(),
                server, Region.AP_NORTHEAST_2, "sandbox")) {
            assertThat(tagging.getResources(b -> b.resourceTypeFilters("codepipeline:pipeline"))
                    .resourceTagMappingList()).extracting(m -> m.resourceARN())
                    .containsExactly("arn:aws:codepipeline:ap-northeast-2:000000000000:demo-pipeline");
        }
    }
}
