package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.aws.ec2.KeyPairHandler;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.JournalHook;
import dev.cairn.engine.RunResult;
import dev.cairn.engine.StackStore;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.model.Blueprint;
import dev.cairn.model.StackState;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.web.WebResources;
import dev.cairn.step.web.WebSection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.testing.DemoStack;
import dev.cairn.testing.SandboxBackend;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run that dies anywhere leaves a journal the next run heals: the resumed apply ends with
 * exactly one of each resource (no twin, no orphan) and destroy leaves nothing. First with the
 * engine's after-intent seam in this JVM, then with a real child JVM killed by SIGKILL and SIGTERM.
 */
class KillAndResumeTest {

    /** The demo's apply journals one create intent per resource. */
    private static final int CREATE_INTENTS = 21;
    private static final String NAT = "network.nat[a]";
    /** The child JVM's start plus a realistic run at 2 % takes well under this. */
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration JOURNAL_POLL = Duration.ofMillis(10);
    private static final double REALISTIC_SCALE = 0.02;

    @TempDir
    Path dir;

    /** Thrown by the seam: stands for the process dying right after the intent hit the disk. */
    private static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(JournalEntry at) {
            super("simulated crash after intent #" + at.seq() + " " + at.op() + " " + at.address());
        }
    }

    private static JournalHook crashWhen(Predicate<JournalEntry> when) {
        return intent -> {
            if (when.test(intent)) {
                throw new SimulatedCrash(intent);
            }
        };
    }

    /** Crashes at the k-th intent of the run (1-based). */
    private static JournalHook crashAtIntent(int k) {
        AtomicInteger seen = new AtomicInteger();
        return crashWhen(intent -> seen.incrementAndGet() == k);
    }

    private void applyCrashesThenResumes(JournalHook crash) throws Exception {
        SandboxServer server = SandboxBackend.instance().server();
        server.reset();
        Path state = dir.resolve("state");

        assertThatThrownBy(() -> DemoStack.apply(server.endpoint(), state, EngineOptions.defaults().withAfterIntent(crash)))
                .isInstanceOf(SimulatedCrash.class);

        resumeAndTearDown(server, state);
    }

    private static void resumeAndTearDown(SandboxServer server, Path state) throws Exception {
        RunResult resumed = DemoStack.apply(server.endpoint(), state, EngineOptions.defaults());
        assertThat(resumed.succeeded()).as("resumed apply: %s", resumed.failed()).isTrue();
        assertThat(resumed.created().size() + resumed.adopted().size() + resumed.kept().size()).isEqualTo(CREATE_INTENTS);
        DemoStack.assertExactlyOneOfEach(server);
        assertThat(pendingIntents(state)).isEmpty();

        RunResult destroyed = DemoStack.destroy(server.endpoint(), state, EngineOptions.defaults());
        assertThat(destroyed.succeeded()).as("destroy: %s, remaining %s", destroyed.failed(), destroyed.remaining()).isTrue();
        DemoStack.assertNothingLeft(server, server.endpoint());
    }

    private static StackState stateOf(Path state) throws IOException {
        return StackStore.rebuild(DemoStack.blueprint().name(), journal(state));
    }

    private static List<JournalEntry> journal(Path state) throws IOException {
        return dev.cairn.engine.Journal.read(state.resolve(StackStore.JOURNAL_FILE), StackStore.mapper());
    }

    private static List<String> pendingIntents(Path state) throws IOException {
        List<String> out = new ArrayList<>();
        stateOf(state).pending().forEach((a, p) -> out.add(p.operation() + " " + a));
        return out;
    }

    @ParameterizedTest(name = "intent #{0}")
    @ValueSource(ints = {1, 10, CREATE_INTENTS})
    void apply_whenKilledAfterKthIntent_resumesWithExactlyOneOfEach(int k) throws Exception {
        applyCrashesThenResumes(crashAtIntent(k));
    }

    @Test
    void apply_whenKilledAfterNatIntent_resumesWithExactlyOneOfEach() throws Exception {
        applyCrashesThenResumes(crashWhen(i -> i.address().equals(NAT) && i.op().equals(JournalEntry.CREATE)));
    }

    @ParameterizedTest(name = "delete intent #{0}")
    @ValueSource(ints = {1, 8})
    void destroy_whenKilledAfterKthIntent_nextDestroyLeavesNothing(int k) throws Exception {
        destroyCrashesThenFinishes(crashAtIntent(k));
    }

    @Test
    void destroy_whenKilledAfterNatDeleteIntent_nextDestroyLeavesNothing() throws Exception {
        destroyCrashesThenFinishes(crashWhen(i -> i.address().equals(NAT) && i.op().equals(JournalEntry.DELETE)));
    }

    private void destroyCrashesThenFinishes(JournalHook crash) throws Exception {
        SandboxServer server = SandboxBackend.instance().server();
        server.reset();
        Path state = dir.resolve("state");
        assertThat(DemoStack.apply(server.endpoint(), state, EngineOptions.defaults()).succeeded()).isTrue();

        assertThatThrownBy(() -> DemoStack.destroy(server.endpoint(), state, EngineOptions.defaults().withAfterIntent(crash)))
                .isInstanceOf(SimulatedCrash.class);
        assertThat(pendingIntents(state)).as("the crashed delete's intent").isNotEmpty();

        RunResult destroyed = DemoStack.destroy(server.endpoint(), state, EngineOptions.defaults());
        assertThat(destroyed.succeeded()).as("destroy: %s, remaining %s", destroyed.failed(), destroyed.remaining()).isTrue();
        DemoStack.assertNothingLeft(server, server.endpoint());
        assertThat(stateOf(state).resources()).isEmpty();
        assertThat(pendingIntents(state)).isEmpty();
    }

    // -------------------------------------------------------------------------------------
    // A real process: `cairn apply` in a child JVM against a Sandbox in this JVM.

    /**
     * Realistic at 2 %: the child's run takes a few seconds and the NAT stays pending ≈ 2 s, so a
     * kill can land while it is pending; the resumed run and the teardown really wait for it.
     */
    private static SandboxServer realisticSandbox() {
        return SandboxServer.start(SandboxConfig.realistic(REALISTIC_SCALE));
    }

    private Process startApply(SandboxServer server, Path state, Path log) throws IOException {
        return startApply(server, state, log, DemoStack.blueprint());
    }

    private Process startApply(SandboxServer server, Path state, Path log, Blueprint bp) throws IOException {
        Path blueprint = dir.resolve("demo.yaml");
        Files.writeString(blueprint, BlueprintYaml.writeCommented(bp));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // A child JVM inherits no system property: hand it the test home and SSH folder (surefire
        // points them under target/) so it never writes to the user's ~/.cairn or ~/.ssh.
        String home = System.getProperty(StackStore.HOME_PROPERTY, dir.resolve("home").toString());
        String sshDir = System.getProperty(KeyPairHandler.SSH_DIR_PROPERTY, dir.resolve("ssh").toString());
        List<String> command = List.of(java, "-cp", classpath, "-D" + StackStore.HOME_PROPERTY + "=" + home,
                "-D" + KeyPairHandler.SSH_DIR_PROPERTY + "=" + sshDir,
                "dev.cairn.Main", "apply", "--endpoint", server.endpoint().toString(), "--blueprint", blueprint.toString(),
                "--state-dir", state.toString(), "--yes");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // The Sandbox's test keys, whatever this machine's environment holds.
        pb.environment().put("AWS_ACCESS_KEY_ID", "sandbox");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "sandbox");
        pb.environment().remove("AWS_PROFILE");
        pb.environment().remove("AWS_SESSION_TOKEN");
        return pb.start();
    }

    /** Waits until the journal holds an intent matching {@code when}; fails if the child ends first. */
    private static void awaitIntent(Process child, Path state, Path log, Predicate<List<JournalEntry>> when) throws Exception {
        Instant deadline = Instant.now().plus(CHILD_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(state.resolve(StackStore.JOURNAL_FILE)) && when.test(intents(state))) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError("child apply ended (exit " + child.exitValue() + ") before the awaited intent:\n"
                        + Files.readString(log));
            }
            Thread.sleep(JOURNAL_POLL.toMillis());
        }
        child.destroyForcibly();
        throw new AssertionError("no awaited intent within " + CHILD_TIMEOUT + ":\n" + Files.readString(log));
    }

    /** Waits until the Sandbox holds the stack's NAT gateway (the child's create call landed). */
    private static void awaitNatInSandbox(SandboxServer server, Process child, Path log) throws Exception {
        Instant deadline = Instant.now().plus(CHILD_TIMEOUT);
        while (!DemoStack.liveByAddress(server, DemoStack.blueprint().name()).containsKey(NAT)) {
            if (!child.isAlive() || Instant.now().isAfter(deadline)) {
                child.destroyForcibly();
                throw new AssertionError("the child's NAT gateway never appeared in the Sandbox:\n" + Files.readString(log));
            }
            Thread.sleep(JOURNAL_POLL.toMillis());
        }
    }

    /** The intents of the resources' own operations (a further call inside one is not counted). */
    private static List<JournalEntry> intents(Path state) throws IOException {
        return journal(state).stream().filter(e -> JournalEntry.INTENT.equals(e.type()) && !e.isCall()).toList();
    }

    private static boolean hasNatIntent(List<JournalEntry> intents) {
        return intents.stream().anyMatch(e -> e.address().equals(NAT));
    }

    @Test
    void apply_whenProcessKilledAfterThirdIntent_resumesWithExactlyOneOfEach() throws Exception {
        try (SandboxServer server = realisticSandbox()) {
            Path state = dir.resolve("state");
            Path log = dir.resolve("child.log");
            Process child = startApply(server, state, log);
            awaitIntent(child, state, log, intents -> intents.size() >= 3);

            child.destroyForcibly();
            assertThat(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            resumeAndTearDown(server, state);
        }
    }

    @Test
    void apply_whenProcessKilledWhileNatPending_resumesWithExactlyOneOfEach() throws Exception {
        try (SandboxServer server = realisticSandbox()) {
            Path state = dir.resolve("state");
            Path log = dir.resolve("child.log");
            Process child = startApply(server, state, log);
            awaitIntent(child, state, log, KillAndResumeTest::hasNatIntent);
            // Kill once the create call has landed, so the NAT exists (pending) with no outcome
            // journaled, or with "created" and no "ready": both must resume without a second NAT.
            awaitNatInSandbox(server, child, log);

            child.destroyForcibly();
            assertThat(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(DemoStack.liveByAddress(server, "demo")).containsEntry(NAT, 1L);

            resumeAndTearDown(server, state);
        }
    }

    @Test
    void apply_whenProcessGetsSigtermWhileNatPending_finishesInFlightCallsAndResumes() throws Exception {
        try (SandboxServer server = realisticSandbox()) {
            Path state = dir.resolve("state");
            Path log = dir.resolve("child.log");
            Process child = startApply(server, state, log);
            awaitIntent(child, state, log, KillAndResumeTest::hasNatIntent);
            awaitNatInSandbox(server, child, log);

            child.destroy(); // SIGTERM: the shutdown hook cancels, as Ctrl-C does.
            assertThat(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("child exited").isTrue();

            String output = Files.readString(log);
            assertThat(output).contains("Cancelling");
            // Calls in flight finished and were journaled: no intent is left without its outcome.
            assertThat(pendingIntents(state)).as("intents without outcome after SIGTERM\n%s", output).isEmpty();
            assertThat(intents(state)).hasSizeLessThan(CREATE_INTENTS);

            resumeAndTearDown(server, state);
        }
    }

    /**
     * SIGKILL inside the Web tier step: the child has journaled the load balancer's intent and
     * its create call has landed in the Sandbox (provisioning, ≈ 3 s at 2 %), so the dead run
     * left a load balancer with no outcome. The resumed run adopts it — one load balancer, one
     * target group, one launch template, one group of one instance — and the teardown leaves
     * nothing in any service.
     */
    @Test
    void apply_whenProcessKilledWhileLoadBalancerProvisions_resumesWithOneOfEverything() throws Exception {
        Blueprint bp = BlueprintExample.networkOnly().with(WebSection.KEY, BlueprintExample.web());
        String lb = WebResources.LOAD_BALANCER.value();
        try (SandboxServer server = realisticSandbox()) {
            Path state = dir.resolve("state");
            Path log = dir.resolve("child.log");
            Process child = startApply(server, state, log, bp);
            awaitIntent(child, state, log, intents -> intents.stream().anyMatch(e -> e.address().equals(lb)));
            Instant deadline = Instant.now().plus(CHILD_TIMEOUT);
            while (!DemoStack.liveByAddress(server, bp.name()).containsKey(lb)) {
                if (!child.isAlive() || Instant.now().isAfter(deadline)) {
                    child.destroyForcibly();
                    throw new AssertionError("the child's load balancer never appeared:\n" + Files.readString(log));
                }
                Thread.sleep(JOURNAL_POLL.toMillis());
            }

            child.destroyForcibly();
            assertThat(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            try (Target target = Target.endpoint(server.endpoint(), Optional.empty());
                    StackRunner runner = new StackRunner(target, bp.name(), state, EngineOptions.defaults())) {
                Blueprint resolved = runner.resolve(bp);
                RunResult resumed = runner.apply(resolved, runner.plan(resolved), EngineListener.NONE, new CancellationToken());
                assertThat(resumed.succeeded()).as("resumed apply: %s", resumed.failed()).isTrue();
                assertThat(pendingIntents(state)).isEmpty();
                Map<String, Long> live = DemoStack.liveByAddress(server, bp.name());
                for (String one : Set.of(lb, WebResources.TARGET_GROUP.value(), WebResources.LAUNCH_TEMPLATE.value())) {
                    assertThat(live).as("live resources by address").containsEntry(one, 1L);
                }
                // The group and its one instance, which carries the group's tags (PropagateAtLaunch).
                assertThat(live).as("live resources by address").containsEntry(WebResources.GROUP.value(), 2L);
                RunResult destroyed = runner.destroy(resolved, EngineListener.NONE, new CancellationToken());
                assertThat(destroyed.succeeded()).as("destroy: %s, remaining %s", destroyed.failed(), destroyed.remaining())
                        .isTrue();
            }
            assertThat(server.resources()).as("left in the Sandbox").isEmpty();
        }
    }
}
