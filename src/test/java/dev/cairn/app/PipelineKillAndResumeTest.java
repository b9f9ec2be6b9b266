package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.aws.AwsHandlers;
import dev.cairn.aws.ec2.KeyPairHandler;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.Journal;
import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.JournalHook;
import dev.cairn.engine.RunResult;
import dev.cairn.engine.StackStore;
import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.pipeline.Capacity;
import dev.cairn.step.pipeline.PipelineResources;
import dev.cairn.step.pipeline.PipelineSection;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.testing.DemoStack;
import dev.cairn.testing.SandboxBackend;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run that dies inside the Pipeline step is healed by the next: after a crash right after the
 * intent of a role, the build project, the ECS service or the pipeline reached the journal — and
 * after a child JVM killed with SIGKILL while its ECS service was being created — the resumed apply
 * ends with exactly one of each of the step's resources (no twin role, service or pipeline, no
 * orphan), and the teardown leaves nothing in any service.
 */
class PipelineKillAndResumeTest {

    private static final String MAIN = "ap-northeast-2";
    private static final String STACK = "kp";
    /** A child JVM's start plus a realistic run at 2 % takes well under this. */
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(10);
    private static final double REALISTIC_SCALE = 0.02;

    @TempDir
    Path dir;

    private static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(JournalEntry at) {
            super("simulated crash after intent #" + at.seq() + " " + at.op() + " " + at.address());
        }
    }

    /** The guide's network and its Pipeline step on Fargate, the repository named for the stack. */
    private static Blueprint blueprint() {
        PipelineSection p = BlueprintExample.pipeline()
                .withService(new PipelineSection.Service(null, null, null, null, null, Capacity.FARGATE, null, null, 256, 512))
                .withSource(new PipelineSection.Source(STACK + "/frontend", "main"));
        Blueprint bp = BlueprintYaml.withDefaults(new Blueprint(STACK, MAIN, Map.of())
                .with(NetworkSection.KEY, BlueprintExample.demo().section(NetworkSection.KEY))
                .with(PipelineSection.KEY, p));
        assertThat(BlueprintValidator.validate(bp)).isEmpty();
        return bp;
    }

    private static RunResult apply(URI endpoint, Path state, EngineOptions options) throws Exception {
        try (Target target = Target.endpoint(endpoint, Optional.empty());
                StackRunner runner = new StackRunner(target, STACK, state, options)) {
            Blueprint bp = runner.resolve(blueprint());
            return runner.apply(bp, runner.plan(bp), EngineListener.NONE, new CancellationToken());
        }
    }

    /** The resumed apply succeeds with one of each of the step's resources, and the teardown leaves nothing. */
    private static void resumeAndTearDown(SandboxServer server, Path state) throws Exception {
        RunResult resumed = apply(server.endpoint(), state, EngineOptions.defaults());
        assertThat(resumed.succeeded()).as("resumed apply: %s", resumed.failed()).isTrue();
        Map<String, Long> live = DemoStack.liveByAddress(server, STACK);
        assertThat(live).as("live resources by address").allSatisfy((address, count) ->
                assertThat(count).as(address).isEqualTo(1L));
        for (Address a : List.of(PipelineResources.CODEBUILD_ROLE, PipelineResources.BUILD_PROJECT, PipelineResources.CLUSTER,
                PipelineResources.SERVICE, PipelineResources.PIPELINE, PipelineResources.CONNECTION)) {
            assertThat(live).as("live resources by address").containsEntry(a.value(), 1L);
        }
        try (Target target = Target.endpoint(server.endpoint(), Optional.empty());
                StackRunner runner = new StackRunner(target, STACK, state, EngineOptions.defaults())) {
            assertThat(runner.state().pending()).as("intents without outcome").isEmpty();
            RunResult destroyed = runner.destroy(runner.resolve(blueprint()), EngineListener.NONE, new CancellationToken());
            assertThat(destroyed.succeeded()).as("destroy: %s, remaining %s", destroyed.failed(), destroyed.remaining()).isTrue();
            assertThat(AwsHandlers.scanner(target.clients()).scan(STACK, Set.of(MAIN))).as("scan of every service").isEmpty();
        }
        assertThat(server.resources()).as("Sandbox resources in any region").isEmpty();
    }

    @ParameterizedTest(name = "after the intent of {0}")
    @ValueSource(strings = {"pipeline.role[codebuild]", "pipeline.build-project", "pipeline.service", "pipeline.pipeline"})
    void apply_whenCrashingAfterIntent_resumesWithExactlyOneOfEach(String address) throws Exception {
        SandboxServer server = SandboxBackend.instance().server();
        server.reset();
        Path state = dir.resolve("state");
        JournalHook crash = intent -> {
            if (intent.address().equals(address) && intent.op().equals(JournalEntry.CREATE)) {
                throw new SimulatedCrash(intent);
            }
        };
        assertThatThrownBy(() -> apply(server.endpoint(), state, EngineOptions.defaults().withAfterIntent(crash)))
                .isInstanceOf(SimulatedCrash.class);
        resumeAndTearDown(server, state);
    }

    // -------------------------------------------------------------------------------------
    // A real process: `cairn apply` in a child JVM against a Sandbox in this JVM.

    @Test
    void apply_whenProcessKilledWhileServiceStarts_resumesWithExactlyOneOfEach() throws Exception {
        String service = PipelineResources.SERVICE.value();
        try (SandboxServer server = SandboxServer.start(SandboxConfig.realistic(REALISTIC_SCALE))) {
            Path state = dir.resolve("state");
            Path log = dir.resolve("child.log");
            Process child = startApply(server, state, log);
            Instant deadline = Instant.now().plus(CHILD_TIMEOUT);
            // Kill once the create call has landed: the service exists (tasks starting) with no outcome journaled.
            while (!DemoStack.liveByAddress(server, STACK).containsKey(service)) {
                if (!child.isAlive() || Instant.now().isAfter(deadline)) {
                    child.destroyForcibly();
                    throw new AssertionError("the child's ECS service never appeared in the Sandbox:\n" + Files.readString(log));
                }
                Thread.sleep(POLL.toMillis());
            }
            child.destroyForcibly();
            assertThat(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(intents(state)).as("the service's create intent").anyMatch(e -> e.address().equals(service));

            resumeAndTearDown(server, state);
        }
    }

    private Process startApply(SandboxServer server, Path state, Path log) throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, BlueprintYaml.writeCommented(blueprint()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // A child JVM inherits no system property: hand it the test home and SSH folder (surefire
        // points them under target/) so it never writes to the user's ~/.cairn or ~/.ssh.
        String home = System.getProperty(StackStore.HOME_PROPERTY, dir.resolve("home").toString());
        String sshDir = System.getProperty(KeyPairHandler.SSH_DIR_PROPERTY, dir.resolve("ssh").toString());
        List<String> command = List.of(java, "-cp", classpath, "-D" + StackStore.HOME_PROPERTY + "=" + home,
                "-D" + KeyPairHandler.SSH_DIR_PROPERTY + "=" + sshDir,
                "dev.cairn.Main", "apply", "--endpoint", server.endpoint().toString(), "--blueprint", file.toString(),
                "--state-dir", state.toString(), "--yes");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("AWS_ACCESS_KEY_ID", "sandbox");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "sandbox");
        pb.environment().remove("AWS_PROFILE");
        pb.environment().remove("AWS_SESSION_TOKEN");
        return pb.start();
    }

    private static List<JournalEntry> intents(Path state) throws IOException {
        return Journal.read(state.resolve(StackStore.JOURNAL_FILE), StackStore.mapper()).stream()
                .filter(e -> JournalEntry.INTENT.equals(e.type()) && !e.isCall()).toList();
    }
}
