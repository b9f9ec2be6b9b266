package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.codepipeline.PipelineHandlerTest;
import dev.cairn.aws.ecs.PipelineFixture;
import dev.cairn.engine.CancellationToken;
import dev.cairn.model.ResourceRecord;
import dev.cairn.testing.SandboxBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Following a pipeline's execution on the Sandbox (moto has no executions). The pipeline's
 * repository does not exist in the Sandbox's local GitHub, so each execution fails at Source —
 * which is what a person sees when the repository name is wrong: the strip says where and why.
 */
class PipelineRunsTest {

    private static final String REGION = "us-east-1";
    private static final Duration FAST = Duration.ofMillis(100);

    private static PipelineFixture sandbox() {
        SandboxBackend backend = SandboxBackend.instance();
        assumeTrue(backend.serves("codepipeline"), "the Sandbox does not serve CodePipeline (yet)");
        return PipelineFixture.on(backend, REGION);
    }

    private static String pipeline(PipelineFixture f) {
        ResourceRecord p = f.web.apply(PipelineHandlerTest.spec(f, PipelineHandlerTest.refs(f, SandboxBackend.instance()), Map.of()));
        return p.physicalId();
    }

    @Test
    void release_whenTheRepositoryIsMissing_followsToFailedAtSource_andListsEveryStageInOrder() {
        try (PipelineFixture f = sandbox()) {
            String name = pipeline(f);
            PipelineRuns runs = new PipelineRuns(f.clients(), REGION, d -> Thread.sleep(d.toMillis()), FAST);
            List<PipelineRuns.Execution> seen = new CopyOnWriteArrayList<>();

            String id = runs.start(name);
            PipelineRuns.Execution end = runs.follow(name, id, seen::add, new CancellationToken());

            assertThat(end.id()).isEqualTo(id);
            assertThat(end.finished()).isTrue();
            assertThat(end.succeeded()).isFalse();
            assertThat(end.status()).isEqualTo("Failed");
            assertThat(end.stages()).extracting(PipelineRuns.StageRun::name).containsExactly("Source", "Build", "Deploy");
            PipelineRuns.StageRun source = end.stage("Source").orElseThrow();
            assertThat(source.status()).isEqualTo("Failed");
            assertThat(source.actions()).singleElement().satisfies(a -> {
                assertThat(a.provider()).isEqualTo("CodeStarSourceConnection");
                assertThat(a.status()).isEqualTo("Failed");
                assertThat(a.error()).isNotBlank();
            });
            assertThat(end.stage("Build").orElseThrow().status()).isEqualTo(PipelineRuns.NOT_STARTED);
            assertThat(end.stage("Deploy").orElseThrow().actions()).singleElement()
                    .satisfies(a -> assertThat(a.status()).isEqualTo(PipelineRuns.NOT_STARTED));
            assertThat(seen).isNotEmpty().last().isEqualTo(end);
            assertThat(runs.latest(name)).hasValueSatisfying(s -> {
                assertThat(s.id()).isEqualTo(id);
                assertThat(s.attribute()).isEqualTo(id + ":Failed");
            });
        }
    }

    @Test
    void follow_whenCancelled_stopsWithCancellation() {
        try (PipelineFixture f = sandbox()) {
            String name = pipeline(f);
            PipelineRuns runs = new PipelineRuns(f.clients(), REGION, d -> Thread.sleep(d.toMillis()), FAST);
            CancellationToken cancel = new CancellationToken();
            cancel.cancel();
            String id = runs.start(name);

            assertThatThrownBy(() -> runs.follow(name, id, PipelineRuns.Listener.NONE, cancel))
                    .isInstanceOf(CancellationException.class).hasMessageContaining(id);
        }
    }
}
