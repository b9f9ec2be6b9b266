package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.pipeline.Capacity;
import dev.cairn.step.pipeline.PipelineResources;
import dev.cairn.step.pipeline.PipelineSection;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.SandboxBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Pipeline step applied, read back by status and destroyed through {@link StackRunner} (the
 * path the CLI and GUI share) on every backend that serves all eight of its services: roles under
 * {@code /cairn/<stack>/}, the ECS service under CodeDeploy's control, the pipeline; status says
 * the connection is PENDING (only a person, or the Sandbox's control call, finishes it); the
 * teardown leaves nothing, IAM roles and log groups included. moto 5.2.1 lacks CodeConnections
 * (and pipeline executions and CodeDeploy deletes), so there this is skipped and the handlers'
 * own moto tests cover what it serves.
 */
class PipelineStackTest {

    private static final String MAIN = "ap-northeast-2";
    /** What the step calls: every one must be served for an apply to finish. */
    private static final List<String> SERVICES = List.of("iam", "logs", "ecr", "codebuild", "codeconnections", "ecs",
            "codedeploy", "codepipeline", "s3", "ec2", "elasticloadbalancing");

    @TempDir
    Path tmp;

    private static Target target(AwsBackend backend) {
        for (String service : SERVICES) {
            assumeTrue(backend.serves(service), backend.name() + " does not serve " + service);
        }
        backend.reset();
        return Target.endpoint(backend.endpoint(), Optional.empty());
    }

    /** The guide's network and its Pipeline step on Fargate (the ec2 capacity adds the Web tier's kinds, tested there). */
    private static Blueprint blueprint(String stack) {
        PipelineSection p = BlueprintExample.pipeline().withService(new PipelineSection.Service(null, null, null, null, null,
                Capacity.FARGATE, null, null, 256, 512)).withSource(new PipelineSection.Source(stack + "/frontend", "main"));
        Blueprint bp = BlueprintYaml.withDefaults(new Blueprint(stack, MAIN, Map.of("team", "pipeline"))
                .with(NetworkSection.KEY, BlueprintExample.demo().section(NetworkSection.KEY))
                .with(PipelineSection.KEY, p));
        assertThat(BlueprintValidator.validate(bp)).isEmpty();
        return bp;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void applyStatusDestroy_onFargate_leavesNothing(AwsBackend backend) throws Exception {
        String stack = "p" + UUID.randomUUID().toString().substring(0, 8);
        try (Target target = target(backend);
                StackRunner runner = new StackRunner(target, stack, tmp.resolve("state"), EngineOptions.defaults())) {
            Blueprint bp = runner.resolve(blueprint(stack));
            RunResult applied = runner.apply(bp, runner.plan(bp), EngineListener.NONE, new CancellationToken());
            assertThat(applied.failed()).isEmpty();
            assertThat(applied.succeeded()).isTrue();
            assertThat(runner.state().resources().values()).allMatch(r -> r.status() == ItemStatus.READY);

            var iam = target.clients().iam();
            assertThat(iam.listRoles(r -> r.pathPrefix("/cairn/" + stack + "/")).roles()).extracting(r -> r.roleName())
                    .containsExactlyInAnyOrder(stack + "-codebuild", stack + "-codepipeline", stack + "-codedeploy",
                            stack + "-task-execution");
            var service = target.clients().ecs(MAIN).describeServices(r -> r.cluster(stack).services("frontend"))
                    .services().get(0);
            assertThat(service.deploymentController().typeAsString()).isEqualTo("CODE_DEPLOY");
            assertThat(target.clients().codePipeline(MAIN).getPipeline(r -> r.name(stack + "-pipeline")).pipeline()
                    .pipelineTypeAsString()).isEqualTo("V2");

            PipelineStatus status = PipelineStatus.read(target, bp, runner.state());
            assertThat(status.connection()).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo("PENDING"));
            if (backend instanceof SandboxBackend) {
                assertThat(status.repository()).hasValueSatisfying(u -> assertThat(u).startsWith("file:"));
                assertThat(status.productionUrl()).isPresent();
                assertThat(status.testUrl()).isPresent();
            }
            assertThat(runner.state().get(PipelineResources.PIPELINE)).isPresent();

            RunResult destroyed = runner.destroy(bp, EngineListener.NONE, new CancellationToken());
            assertThat(destroyed.failed()).isEmpty();
            assertThat(destroyed.succeeded()).isTrue();
            assertThat(AwsHandlers.scanner(target.clients()).scan(stack, Set.of(MAIN))).as("scan of every service").isEmpty();
            assertThat(iam.listRoles(r -> r.pathPrefix("/cairn/" + stack + "/")).roles()).isEmpty();
            assertThat(target.clients().logs(MAIN).describeLogGroups(r -> r.logGroupNamePrefix("/cairn/" + stack + "/"))
                    .logGroups()).isEmpty();
            if (backend instanceof SandboxBackend sandbox) {
                assertThat(sandbox.server().resources()).as("Sandbox resources in any region").isEmpty();
            }
        }
    }
}
