package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsHandlers;
import dev.cairn.aws.ec2.KeyPairHandler;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.pipeline.PipelineResources;
import dev.cairn.step.pipeline.PipelineSection;
import dev.cairn.step.storage.StorageSection;
import dev.cairn.testing.SandboxBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's CI/CD lesson end to end in the Sandbox, as a person does it: the whole guide (five
 * steps) applied; the GitHub handshake completed (the console's part, here the control call); a
 * commit pushed to the stack's local GitHub repository starts the pipeline as a push does; the
 * build pushes an image made of that commit to ECR; CodeDeploy shifts the ECS service blue → green
 * — the test listener shows the new version first — and the production listener serves it. Then
 * the teardown leaves nothing in any service, IAM roles and log groups included.
 */
class PipelineReleaseTest {

    private static final String MAIN = "ap-northeast-2";
    private static final String PEER = "ap-northeast-1";
    /** The instant profile runs a release in seconds; the bound only stops a broken one hanging the build. */
    private static final Duration RELEASE_WAIT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(200);

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String savedSshDir = System.getProperty(KeyPairHandler.SSH_DIR_PROPERTY);

    @AfterEach
    void restoreSshDir() {
        if (savedSshDir == null) {
            System.clearProperty(KeyPairHandler.SSH_DIR_PROPERTY);
        } else {
            System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, savedSshDir);
        }
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Test
    void wholeGuide_commitReleasesBlueToGreen_thenTeardownLeavesNothing() throws Exception {
        SandboxBackend backend = SandboxBackend.instance();
        backend.reset();
        System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, tmp.resolve("ssh").toString());
        String stack = "r" + UUID.randomUUID().toString().substring(0, 8);
        String repository = stack + "/frontend";
        try (Target target = Target.endpoint(backend.endpoint(), Optional.empty());
                StackRunner runner = new StackRunner(target, stack, tmp.resolve("state"), EngineOptions.defaults())) {
            StorageSection storage = BlueprintExample.storage();
            PipelineSection pipeline = BlueprintExample.pipeline()
                    .withSource(new PipelineSection.Source(repository, "main"));
            Blueprint bp = runner.resolve(WebTierStackTest.guide(target, stack, BlueprintExample.web())
                    .with(StorageSection.KEY, storage).with(PipelineSection.KEY, pipeline));
            RunResult applied = runner.apply(bp, runner.plan(bp), EngineListener.NONE, new CancellationToken());
            assertThat(applied.failed()).isEmpty();
            assertThat(applied.succeeded()).isTrue();
            assertThat(runner.state().resources().values()).allMatch(r -> r.status() == ItemStatus.READY);

            PipelineStatus before = PipelineStatus.read(target, bp, runner.state());
            assertThat(before.connection()).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo("PENDING"));
            String production = before.productionUrl().orElseThrow();
            String test = before.testUrl().orElseThrow();

            SandboxControl control = new SandboxControl(backend.endpoint());
            PipelineSandbox.connect(control, stack, null);
            assertThat(PipelineStatus.read(target, bp, runner.state()).connection())
                    .hasValueSatisfying(c -> assertThat(c.status()).isEqualTo("AVAILABLE"));

            // A push of the sample page's next version: the pipeline starts on its own.
            String commit = PipelineSandbox.commitNextVersion(control, repository, "main", stack, null)
                    .path("head").path("id").asText();
            assertThat(commit).isNotBlank();
            PipelineRuns runs = new PipelineRuns(target.clients(), MAIN);
            String pipelineName = PipelineResources.pipelineName(stack);
            PipelineRuns.Summary started = awaitExecutionOf(runs, pipelineName, commit);

            List<String> testPages = new ArrayList<>();
            PipelineRuns.Execution ended = runs.follow(pipelineName, started.id(), e -> {
                try {
                    testPages.add(get(test));
                } catch (Exception ignored) {
                    // The test listener may not answer between task sets; the production check below is the proof.
                }
            }, new CancellationToken());
            assertThat(ended.status()).as("release %s: %s", ended.id(), ended.statusSummary()).isEqualTo("Succeeded");
            assertThat(ended.stages()).extracting(PipelineRuns.StageRun::name).containsExactly("Source", "Build", "Deploy");

            String image = target.clients().ecr(MAIN).describeImages(r -> r.repositoryName(pipeline.image().repository()))
                    .imageDetails().stream().flatMap(d -> d.imageTags().stream()).filter(commit::startsWith).findFirst()
                    .orElseThrow(() -> new AssertionError("no image tagged with the commit " + commit));
            assertThat(image).hasSize(7);

            assertThat(get(production)).startsWith("200").contains("Version 2");
            assertThat(PipelineStatus.read(target, bp, runner.state()).lastExecution())
                    .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo("Succeeded"));

            RunResult destroyed = runner.destroy(bp, EngineListener.NONE, new CancellationToken());
            assertThat(destroyed.failed()).isEmpty();
            assertThat(destroyed.remaining()).isEmpty();
            assertThat(AwsHandlers.scanner(target.clients()).scan(stack, Set.of(MAIN, PEER))).as("scan of every service").isEmpty();
            assertThat(target.clients().iam().listRoles(r -> r.pathPrefix(PipelineResources.rolePath(stack))).roles()).isEmpty();
            assertThat(target.clients().logs(MAIN).describeLogGroups(r -> r.logGroupNamePrefix("/cairn/" + stack + "/"))
                    .logGroups()).isEmpty();
            assertThat(backend.server().resources()).as("Sandbox resources in any region").isEmpty();
        }
    }

    /** The newest execution once it is the one the commit started (the first, on create, waited for the handshake). */
    private static PipelineRuns.Summary awaitExecutionOf(PipelineRuns runs, String pipeline, String commit)
            throws InterruptedException {
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<PipelineRuns.Summary> latest = runs.latest(pipeline);
            if (latest.isPresent() && latest.get().revision().map(r -> r.id().equals(commit)).orElse(false)) {
                return latest.get();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("no execution of " + pipeline + " for commit " + commit + " within " + RELEASE_WAIT
                + "; latest: " + runs.latest(pipeline));
    }
}
