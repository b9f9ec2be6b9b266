package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.aws.ec2.Ec2TagScanner;
import dev.cairn.aws.ec2.KeyPairHandler;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.RunResult;
import dev.cairn.engine.StackStore;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.Tags;
import dev.cairn.plan.Plan;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.access.AccessResources;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Backends;
import dev.cairn.testing.SandboxBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The guide's whole stack — Network, then Access with the peered VPC in Tokyo — applied and
 * destroyed through {@link StackRunner} against each backend of {@code Backends.all()} (the
 * Sandbox, then moto), the way {@code cairn apply --endpoint} runs it: nothing carrying the
 * stack's tag is left in either region (in the Sandbox nothing live at all), the private key
 * exists only in its owner-only {@code .pem}, and a run killed inside the Access step resumes
 * without twins. Where the backend has no OpenVPN Marketplace image (moto), the VPN uses the
 * Amazon Linux image as its {@code amiId}.
 */
class AccessStackTest {

    private static final String MAIN = "ap-northeast-2";
    private static final String PEER = "ap-northeast-1";

    @TempDir
    Path tmp;

    private static final String BACKENDS = "dev.cairn.testing.Backends#all";
    /** The Marketplace image the VPN's default query looks for (see {@code AccessResources}). */
    private static final String OPENVPN_IMAGE = "OpenVPN Access Server*";

    private AwsBackend backend;

    /** The SSH folder surefire set (under target/): restored after each test, never cleared, so no later test writes to ~/.ssh. */
    private final String savedSshDir = System.getProperty(KeyPairHandler.SSH_DIR_PROPERTY);

    @AfterEach
    void restoreSshDir() {
        if (savedSshDir == null) {
            System.clearProperty(KeyPairHandler.SSH_DIR_PROPERTY);
        } else {
            System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, savedSshDir);
        }
    }

    private Blueprint blueprint(Target target, String stack, String keyName) {
        boolean hasOpenVpn = !target.clients().ec2(MAIN).describeImages(r -> r.owners("aws-marketplace")
                .filters(f -> f.name("name").values(OPENVPN_IMAGE))).images().isEmpty();
        String ami = hasOpenVpn ? null
                : target.clients().ssm(MAIN).getParameter(r -> r.name(AccessResources.AL2023_X86)).parameter().value();
        Blueprint demo = BlueprintExample.demo();
        AccessSection a = demo.section(AccessSection.KEY);
        AccessSection access = new AccessSection(a.myIp(), a.allowSshFromAnywhere(),
                new AccessSection.KeyPair(a.keyPair().mode(), keyName, null), a.bastion(),
                new AccessSection.Vpn(true, a.vpn().instanceType(), ami), a.privateInstance(), a.peering());
        Blueprint bp = BlueprintYaml.withDefaults(new Blueprint(stack, MAIN, demo.tags())
                .with(NetworkSection.KEY, demo.section(NetworkSection.KEY))
                .with(AccessSection.KEY, access));
        assertThat(BlueprintValidator.validate(bp)).isEmpty();
        return bp;
    }

    private Target target(AwsBackend backend) {
        this.backend = backend;
        backend.reset();
        System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, tmp.resolve("ssh").toString());
        return Target.endpoint(backend.endpoint(), Optional.empty());
    }

    private static RunResult apply(StackRunner runner, Blueprint bp) throws InterruptedException {
        Blueprint resolved = runner.resolve(bp);
        Plan plan = runner.plan(resolved);
        return runner.apply(resolved, plan, EngineListener.NONE, new CancellationToken());
    }

    /** In the Sandbox, nothing live at all once the stack is gone (moto keeps what AWS deletes on its own). */
    private void assertSandboxEmpty() {
        if (backend instanceof SandboxBackend sandbox) {
            assertThat(sandbox.server().resources()).as("Sandbox resources in any region").isEmpty();
        }
    }

    static Stream<Arguments> applyKillPoints() {
        return killPoints("access.key-pair", "access.sg-rule[private-ssh-bastion]", "access.instance[bastion]",
                "access.eip-association[vpn]", "access.peering", "peer.peering-acceptance", "access.route[private-peer]");
    }

    static Stream<Arguments> destroyKillPoints() {
        return killPoints("access.instance[bastion]", "access.sg-rule[private-ssh-vpn]", "access.peering", "access.key-pair");
    }

    private static Stream<Arguments> killPoints(String... addresses) {
        return Backends.all().flatMap(b -> Stream.of(addresses).map(a -> Arguments.of(b, a)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void applyThenDestroy_wholeGuideStack_leavesNothingInEitherRegionAndTheKeyOnlyInItsPem(AwsBackend backend) throws Exception {
        String stack = "s" + UUID.randomUUID().toString().substring(0, 8);
        Path state = tmp.resolve("state");
        try (Target target = target(backend);
                StackRunner runner = new StackRunner(target, stack, state, EngineOptions.defaults())) {
            Blueprint bp = blueprint(target, stack, stack + "-key");
            RunResult applied = apply(runner, bp);
            assertThat(applied.failed()).isEmpty();
            assertThat(applied.succeeded()).isTrue();
            assertThat(runner.state().resources().values()).allMatch(r -> r.status() == ItemStatus.READY);
            assertThat(runner.state().get(AccessResources.PEER_VPC).orElseThrow().spec().region()).isEqualTo(PEER);

            Path pem = tmp.resolve("ssh").resolve(stack + "-key.pem");
            assertThat(Files.readString(pem)).contains("PRIVATE KEY");
            assertThat(Files.getPosixFilePermissions(pem))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Files.readString(state.resolve(StackStore.JOURNAL_FILE))).doesNotContain("PRIVATE KEY");
            assertThat(Files.readString(state.resolve(StackStore.STATE_FILE))).doesNotContain("PRIVATE KEY");

            Ec2Client main = target.clients().ec2(MAIN);
            String ssh = "tcp:22:22:" + MyIpResolver.SANDBOX_ADDRESS;
            assertThat(runner.state().get(AccessResources.rule("bastion-ssh")).orElseThrow().physicalId()).endsWith(ssh);
            assertThat(main.describeVpcPeeringConnections().vpcPeeringConnections())
                    .singleElement().satisfies(p -> assertThat(p.status().codeAsString()).isEqualTo("active"));
            assertThat(new Ec2TagScanner(target.clients()).scan(stack, Set.of(PEER)))
                    .extracting(t -> t.resourceType()).contains("vpc", "subnet", "instance", "security-group");

            RunResult destroyed = runner.destroy(bp, EngineListener.NONE, new CancellationToken());
            assertThat(destroyed.failed()).isEmpty();
            assertThat(destroyed.remaining()).isEmpty();
            assertThat(new Ec2TagScanner(target.clients()).scan(stack, Set.of(MAIN, PEER))).isEmpty();
            assertSandboxEmpty();
            assertThat(pem).as("the local private key is kept").exists();
        }
    }

    /**
     * Killed right after the intent of an Access resource is on disk (before its call), then run
     * again in a fresh runner: the resume finishes with one of everything, and teardown leaves
     * nothing. The addresses cover the key pair, a rule referencing a group, an instance, an
     * address association, the peering request and its acceptance.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("applyKillPoints")
    void apply_whenKilledAtAnAccessIntent_resumesWithOneOfEverything(AwsBackend backend, String killAt) throws Exception {
        String stack = "k" + UUID.randomUUID().toString().substring(0, 8);
        Path state = tmp.resolve("state");
        try (Target target = target(backend)) {
            Blueprint bp = blueprint(target, stack, stack + "-key");
            EngineOptions killing = EngineOptions.defaults().withParallelism(4).withAfterIntent(intent -> {
                if (killAt.equals(intent.address())) {
                    throw new IllegalStateException("killed at " + killAt);
                }
            });
            try (StackRunner runner = new StackRunner(target, stack, state, killing)) {
                assertThatThrownBy(() -> apply(runner, bp)).hasMessageContaining("killed at " + killAt);
                assertThat(runner.state().pending()).isNotEmpty();
            }
            try (StackRunner runner = new StackRunner(target, stack, state, EngineOptions.defaults())) {
                RunResult resumed = apply(runner, bp);
                assertThat(resumed.failed()).isEmpty();
                assertThat(resumed.succeeded()).isTrue();
                assertThat(runner.state().pending()).isEmpty();
                Ec2Client main = target.clients().ec2(MAIN);
                List<String> instances = main.describeInstancesPaginator(r -> r.filters(f -> f.name("tag:" + Tags.STACK).values(stack),
                                f -> f.name("instance-state-name").values("pending", "running"))).reservations().stream()
                        .flatMap(res -> res.instances().stream())
                        .map(i -> i.tags().stream().filter(t -> t.key().equals(Tags.ADDRESS)).findFirst().orElseThrow().value())
                        .toList();
                assertThat(instances).containsExactlyInAnyOrder("access.instance[bastion]", "access.instance[vpn]",
                        "access.instance[private]");
                assertThat(main.describeKeyPairs(r -> r.filters(f -> f.name("tag:" + Tags.STACK).values(stack))).keyPairs()).hasSize(1);
                assertThat(main.describeVpcPeeringConnections().vpcPeeringConnections()).hasSize(1);

                RunResult destroyed = runner.destroy(bp, EngineListener.NONE, new CancellationToken());
                assertThat(destroyed.failed()).isEmpty();
                assertThat(new Ec2TagScanner(target.clients()).scan(stack, Set.of(MAIN, PEER))).isEmpty();
                assertSandboxEmpty();
            }
        }
    }

    /** Killed at a delete intent inside the Access step's teardown, then destroyed again: nothing is left. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("destroyKillPoints")
    void destroy_whenKilledAtAnAccessDeleteIntent_resumesAndLeavesNothing(AwsBackend backend, String killAt) throws Exception {
        String stack = "d" + UUID.randomUUID().toString().substring(0, 8);
        Path state = tmp.resolve("state");
        try (Target target = target(backend)) {
            Blueprint bp = blueprint(target, stack, stack + "-key");
            try (StackRunner runner = new StackRunner(target, stack, state, EngineOptions.defaults())) {
                assertThat(apply(runner, bp).succeeded()).isTrue();
            }
            EngineOptions killing = EngineOptions.defaults().withParallelism(4).withAfterIntent(intent -> {
                if (killAt.equals(intent.address()) && JournalEntry.DELETE.equals(intent.op())) {
                    throw new IllegalStateException("killed at " + killAt);
                }
            });
            try (StackRunner runner = new StackRunner(target, stack, state, killing)) {
                assertThatThrownBy(() -> runner.destroy(bp, EngineListener.NONE, new CancellationToken()))
                        .hasMessageContaining("killed at " + killAt);
            }
            try (StackRunner runner = new StackRunner(target, stack, state, EngineOptions.defaults())) {
                RunResult destroyed = runner.destroy(bp, EngineListener.NONE, new CancellationToken());
                assertThat(destroyed.failed()).isEmpty();
                assertThat(destroyed.remaining()).isEmpty();
                assertThat(runner.state().pending()).isEmpty();
            }
            assertThat(new Ec2TagScanner(target.clients()).scan(stack, Set.of(MAIN, PEER))).isEmpty();
            assertSandboxEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void destroy_whenStateLost_findsTheStackInBothRegionsByTag(AwsBackend backend) throws Exception {
        String stack = "l" + UUID.randomUUID().toString().substring(0, 8);
        try (Target target = target(backend)) {
            Blueprint bp = blueprint(target, stack, stack + "-key");
            try (StackRunner runner = new StackRunner(target, stack, tmp.resolve("first"), EngineOptions.defaults())) {
                assertThat(apply(runner, bp).succeeded()).isTrue();
            }
            try (StackRunner fresh = new StackRunner(target, stack, tmp.resolve("lost"), EngineOptions.defaults())) {
                RunResult destroyed = fresh.destroy(bp, EngineListener.NONE, new CancellationToken());
                assertThat(destroyed.deleted()).isNotEmpty();
                assertThat(new Ec2TagScanner(target.clients()).scan(stack, Set.of(MAIN, PEER))).isEmpty();
                assertSandboxEmpty();
            }
        }
    }
}
