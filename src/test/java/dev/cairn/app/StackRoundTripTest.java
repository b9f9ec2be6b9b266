package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.testing.DemoStack;
import dev.cairn.testing.MotoBackend;
import dev.cairn.testing.SandboxBackend;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo blueprint through the whole stack (StackRunner → Engine → handlers → real SDK clients
 * → endpoint): apply, check with the SDK what AWS would show, destroy, prove nothing is left. On
 * the Sandbox with and without faults, and on moto.
 */
class StackRoundTripTest {

    /** Long enough that the public subnet's delete surely meets the lingering NAT interface. */
    private static final Duration ENI_LINGER = Duration.ofSeconds(2);

    @TempDir
    Path stateDir;

    /** apply → describe → second apply keeps everything → destroy → nothing left. */
    private static void roundTrip(SandboxServer server, Path stateDir) throws Exception {
        URI endpoint = server.endpoint();
        RunResult applied = DemoStack.apply(endpoint, stateDir, EngineOptions.defaults());
        assertThat(applied.succeeded()).as("apply: %s", applied.failed()).isTrue();
        assertThat(applied.created()).hasSize(21);
        assertThat(applied.apiCalls()).isPositive();
        assertThat(applied.criticalPathSeconds()).isPositive().isLessThanOrEqualTo(applied.wallSeconds() + 0.5);
        try (AwsClients clients = AwsClients.sandbox(endpoint)) {
            DemoStack.assertBuilt(clients.ec2(DemoStack.blueprint().region()));
        }
        DemoStack.assertExactlyOneOfEach(server);

        RunResult again = DemoStack.apply(endpoint, stateDir, EngineOptions.defaults());
        assertThat(again.succeeded()).isTrue();
        assertThat(again.created()).isEmpty();
        assertThat(again.kept()).hasSize(21);

        RunResult destroyed = DemoStack.destroy(endpoint, stateDir, EngineOptions.defaults());
        assertThat(destroyed.succeeded()).as("destroy: %s, remaining %s", destroyed.failed(), destroyed.remaining()).isTrue();
        assertThat(destroyed.deleted()).hasSize(21);
        DemoStack.assertNothingLeft(server, endpoint);
    }

    @Test
    void applyAndDestroy_onInstantSandbox_buildsTheGuideNetworkAndLeavesNothing() throws Exception {
        SandboxBackend.instance().reset();
        roundTrip(SandboxBackend.instance().server(), stateDir);
    }

    @Test
    void applyAndDestroy_whenOneCallInFiveIsThrottled_stillBuildsAndLeavesNothing() throws Exception {
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withThrottleRate(0.2))) {
            roundTrip(server, stateDir);
            assertThat(server.throttledCount()).as("throttled requests").isPositive();
        }
    }

    @Test
    void applyAndDestroy_whenNewIdsAreInvisibleFor300ms_retriesNotFoundAndLeavesNothing() throws Exception {
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withConsistencyWindow(Duration.ofMillis(300)))) {
            roundTrip(server, stateDir);
        }
    }

    /**
     * Realistic durations at 2 %: the NAT is really pending then deleting, and its ENI lingers
     * after deletion so deleting the public subnet meets DependencyViolation until it drains. The
     * linger is set to 2 s: the profile's 10 s × 0.02 would drain between two polls of the NAT's
     * delete and the subnet would never see it.
     */
    @Test
    void applyAndDestroy_onRealisticProfile_waitsForNatAndRetriesWhileItsInterfaceDrains() throws Exception {
        try (SandboxServer server = SandboxServer.start(SandboxConfig.realistic(0.02).withEniLinger(ENI_LINGER))) {
            URI endpoint = server.endpoint();
            RunResult applied = DemoStack.apply(endpoint, stateDir, EngineOptions.defaults());
            assertThat(applied.succeeded()).as("apply: %s", applied.failed()).isTrue();
            // NAT create ≈ 100 s × 0.02: the critical path runs through the NAT's wait.
            assertThat(applied.durations().get("create network.nat[a]")).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            try (AwsClients clients = AwsClients.sandbox(endpoint)) {
                DemoStack.assertBuilt(clients.ec2(DemoStack.blueprint().region()));
            }
            DemoStack.assertExactlyOneOfEach(server);

            java.util.List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
            RunResult destroyed;
            try (StackRunner runner = DemoStack.runner(endpoint, stateDir, EngineOptions.defaults())) {
                destroyed = runner.destroy(DemoStack.blueprint().region(),
                        e -> said.add(e.address() + " " + e.message()), new dev.cairn.engine.CancellationToken());
                runner.target().close();
            }
            assertThat(destroyed.succeeded()).as("destroy: %s, remaining %s", destroyed.failed(), destroyed.remaining()).isTrue();
            assertThat(destroyed.durations().get("delete network.nat[a]")).isGreaterThanOrEqualTo(Duration.ofMillis(800));
            // The public subnet's delete met the lingering NAT interface and waited it out.
            assertThat(said).anyMatch(m -> m.startsWith("network.subnet[public-a]") && m.contains("network interface"));
            DemoStack.assertNothingLeft(server, endpoint);
        }
    }

    /**
     * The same round trip on moto, an emulator nobody here wrote. moto differs: NAT gateways are
     * available at once, subnets holding a NAT's ENI delete at once, so no wait is exercised.
     */
    @Test
    void applyAndDestroy_onMoto_buildsTheGuideNetworkAndLeavesNothing() throws Exception {
        MotoBackend moto = MotoBackend.instance();
        moto.reset();
        URI endpoint = moto.endpoint();
        RunResult applied = DemoStack.apply(endpoint, stateDir, EngineOptions.defaults());
        assertThat(applied.succeeded()).as("apply: %s", applied.failed()).isTrue();
        assertThat(applied.created()).hasSize(21);
        try (AwsClients clients = AwsClients.sandbox(endpoint)) {
            DemoStack.assertBuilt(clients.ec2(DemoStack.blueprint().region()));
        }
        RunResult destroyed = DemoStack.destroy(endpoint, stateDir, EngineOptions.defaults());
        assertThat(destroyed.succeeded()).as("destroy: %s, remaining %s", destroyed.failed(), destroyed.remaining()).isTrue();
        DemoStack.assertNothingLeft(null, endpoint);
    }
}
