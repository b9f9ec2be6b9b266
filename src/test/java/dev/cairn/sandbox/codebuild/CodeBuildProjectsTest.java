package dev.cairn.sandbox.codebuild;

import dev.cairn.sandbox.DemoRoles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.CodeBuildException;
import software.amazon.awssdk.services.codebuild.model.ComputeType;
import software.amazon.awssdk.services.codebuild.model.CreateProjectRequest;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.InvalidInputException;
import software.amazon.awssdk.services.codebuild.model.LogsConfigStatusType;
import software.amazon.awssdk.services.codebuild.model.Project;
import software.amazon.awssdk.services.codebuild.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.codebuild.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codebuild.model.SourceType;

/** Build projects through the SDK: create, read, list, update, delete, tags and CodeBuild's errors. */
class CodeBuildProjectsTest {
    static final String ROLE = "arn:aws:iam::000000000000:role/cairn/demo/demo-codebuild";
    private SandboxServer server;
    private CodeBuildClient cb;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        DemoRoles.create(server);
        cb = CodeBuildFixture.codeBuild(server);
    }

    @AfterEach
    void stop() {
        cb.close();
        server.close();
    }

    /** A pipeline project as the step creates it. */
    static CreateProjectRequest pipelineProject(String name) {
        return CreateProjectRequest.builder().name(name)
                .source(s -> s.type(SourceType.CODEPIPELINE))
                .artifacts(a -> a.type(ArtifactsType.CODEPIPELINE))
                .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER)
                        .image("aws/codebuild/amazonlinux2-x86_64-standard:5.0")
                        .computeType(ComputeType.BUILD_GENERAL1_SMALL).privilegedMode(true)
                        .environmentVariables(v -> v.name("STAGE").value("demo")))
                .serviceRole(ROLE)
                .logsConfig(l -> l.cloudWatchLogs(c -> c.status(LogsConfigStatusType.ENABLED)
                        .groupName("/cairn/demo/build")))
                .tags(t -> t.key("cairn:stack").value("demo"))
                .build();
    }

    @Test
    void createProject_thenBatchGetAndList_showWhatWasCreated() {
        Project created = cb.createProject(pipelineProject("demo-build")).project();
        assertThat(created.arn()).isEqualTo("arn:aws:codebuild:ap-northeast-2:000000000000:project/demo-build");
        assertThat(created.environment().privilegedMode()).isTrue();
        assertThat(created.timeoutInMinutes()).isEqualTo(60);

        var got = cb.batchGetProjects(b -> b.names("demo-build", "nope"));
        assertThat(got.projects()).singleElement().satisfies(p -> {
            assertThat(p.logsConfig().cloudWatchLogs().groupName()).isEqualTo("/cairn/demo/build");
            assertThat(p.tags()).singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("demo"));
            assertThat(p.serviceRole()).isEqualTo(ROLE);
            assertThat(p.environment().environmentVariables()).singleElement()
                    .satisfies(v -> assertThat(v.value()).isEqualTo("demo"));
        });
        assertThat(got.projectsNotFound()).containsExactly("nope");
        cb.createProject(pipelineProject("another-build"));
        assertThat(cb.listProjects(b -> { }).projects()).containsExactly("another-build", "demo-build");
        assertThat(server.resources()).anySatisfy(r -> {
            assertThat(r).containsEntry("type", "project").containsEntry("id", "demo-build");
            assertThat(r.get("tags")).isEqualTo(java.util.Map.of("cairn:stack", "demo"));
        });
    }

    @Test
    void createProject_twice_failsWithResourceAlreadyExists() {
        cb.createProject(pipelineProject("demo-build"));
        var e = catchThrowableOfType(() -> cb.createProject(pipelineProject("demo-build")),
                ResourceAlreadyExistsException.class);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Project already exists: demo-build");
    }

    @Test
    void createProject_withInvalidNameOrEnvironment_failsWithInvalidInput() {
        var name = catchThrowableOfType(() -> cb.createProject(pipelineProject("-bad")), InvalidInputException.class);
        assertThat(name.awsErrorDetails().errorMessage()).contains("regular expression pattern");
        var mixed = catchThrowableOfType(() -> cb.createProject(pipelineProject("mixed").toBuilder()
                .artifacts(a -> a.type(ArtifactsType.NO_ARTIFACTS)).build()), InvalidInputException.class);
        assertThat(mixed.awsErrorDetails().errorMessage()).isEqualTo("Both source and artifacts must be set to CodePipeline");
        var compute = catchThrowableOfType(() -> cb.createProject(pipelineProject("lambda").toBuilder()
                .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER).image("aws/codebuild/standard:7.0")
                        .computeType(ComputeType.BUILD_LAMBDA_1_GB)).build()), InvalidInputException.class);
        assertThat(compute.awsErrorDetails().errorMessage()).contains("BUILD_LAMBDA_1GB");
        var noSource = catchThrowableOfType(() -> cb.createProject(pipelineProject("nosrc").toBuilder()
                .source(s -> s.type(SourceType.NO_SOURCE)).artifacts(a -> a.type(ArtifactsType.NO_ARTIFACTS)).build()),
                InvalidInputException.class);
        assertThat(noSource.awsErrorDetails().errorMessage()).contains("buildspec");
        assertThat(cb.listProjects(b -> { }).projects()).isEmpty();
    }

    @Test
    void updateProject_changesWhatItNames_andUnknownIsNotFound() {
        cb.createProject(pipelineProject("demo-build"));
        Project updated = cb.updateProject(u -> u.name("demo-build").timeoutInMinutes(30)
                .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER)
                        .image("aws/codebuild/amazonlinux2-x86_64-standard:5.0")
                        .computeType(ComputeType.BUILD_GENERAL1_MEDIUM).privilegedMode(true))).project();
        assertThat(updated.timeoutInMinutes()).isEqualTo(30);
        assertThat(updated.environment().computeTypeAsString()).isEqualTo("BUILD_GENERAL1_MEDIUM");
        assertThat(updated.logsConfig().cloudWatchLogs().groupName()).isEqualTo("/cairn/demo/build");
        var refused = catchThrowableOfType(() -> cb.updateProject(u -> u.name("demo-build").timeoutInMinutes(3)),
                InvalidInputException.class);
        assertThat(refused).isNotNull();
        assertThat(cb.batchGetProjects(b -> b.names("demo-build")).projects().get(0).timeoutInMinutes()).isEqualTo(30);
        var missing = catchThrowableOfType(() -> cb.updateProject(u -> u.name("nope").timeoutInMinutes(30)),
                ResourceNotFoundException.class);
        assertThat(missing.awsErrorDetails().errorMessage()).contains("project/nope");
    }

    @Test
    void deleteProject_removesIt_andAgainIsNoError() {
        cb.createProject(pipelineProject("demo-build"));
        cb.deleteProject(d -> d.name("demo-build"));
        assertThat(cb.listProjects(b -> { }).projects()).isEmpty();
        cb.deleteProject(d -> d.name("demo-build"));
        assertThat(server.resources()).noneSatisfy(r -> assertThat(r).containsEntry("type", "project"));
        var e = catchThrowableOfType(() -> cb.startBuild(b -> b.projectName("demo-build")), CodeBuildException.class);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
    }
}
