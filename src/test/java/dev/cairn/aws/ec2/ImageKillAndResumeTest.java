package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.engine.LocalStackStore;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.Engine;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.JournalHook;
import dev.cairn.engine.RunResult;
import dev.cairn.engine.StackStore;
import dev.cairn.engine.Step;
import dev.cairn.model.Address;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.step.access.AccessResources;
import dev.cairn.testing.SandboxBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The golden image through the engine, on the Sandbox, with the process "dying" right after the
 * journal's intent of each of the image's own calls: the resumed apply ends with one sample ever
 * launched and one image of the name, and the teardown leaves nothing the scan can find.
 */
class ImageKillAndResumeTest {

    private static final String REGION = "us-east-1";

    @TempDir
    Path dir;


    private static EngineOptions options(JournalHook hook) {
        return EngineOptions.defaults().withPollBackoff(Duration.ofMillis(10), 1.5, Duration.ofMillis(100)).withAfterIntent(hook);
    }

    private static ResourceSpec spec(String address, dev.cairn.model.ResourceKind kind, Map<String, String> props,
            Map<String, Address> refs) {
        return new ResourceSpec(Address.parse(address), kind, REGION, props, refs, Set.of());
    }

    /**
     * The engine's after-intent seam covers the resources' own intents, not the calls inside one;
     * the run is stopped instead once CreateImage was made and the image is pending (the one point
     * of the golden image's flow an instant Sandbox waits at; a stop right after RunInstances is
     * {@code WebImageHandlersTest}'s). Then either the apply resumes, or a teardown runs from the
     * half-made record (its ID still the sample's).
     */
    @ParameterizedTest(name = "then {0}")
    @ValueSource(strings = {"resume", "destroy"})
    void apply_stoppedWhileTheImageIsPending_resumesOrTearsDownWithoutTwinsOrLeftovers(String then) throws Exception {
        String key = "image.state";
        SandboxServer server = SandboxBackend.instance().server();
        server.reset();
        String stack = "k" + UUID.randomUUID().toString().substring(0, 8);
        List<Step> steps = List.of(
                Step.create(spec("network.vpc", Ec2Kinds.VPC, Map.of("cidr", "10.0.0.0/16"), Map.of())),
                Step.create(spec("network.subnet[public-a]", Ec2Kinds.SUBNET, Map.of("cidr", "10.0.1.0/24", "zone", REGION + "a",
                        "tier", "public", "mapPublicIp", "true"), Map.of("vpc", Address.parse("network.vpc")))),
                Step.create(spec("web.sg[instances]", Ec2Kinds.SECURITY_GROUP, Map.of("groupName", stack + "-web",
                        "description", "web"), Map.of("vpc", Address.parse("network.vpc")))),
                Step.create(spec("web.image", Ec2Kinds.IMAGE, Map.of("name", stack + "-golden", "baseImageParameter",
                        AccessResources.AL2023_X86, "instanceType", "t3.micro", "userData", "#!/bin/bash\ntrue\n"),
                        Map.of("subnet", Address.parse("network.subnet[public-a]"), "securityGroup", Address.parse("web.sg[instances]")))));
        // The engine swallows a listener's errors, so the listener only notes what the image
        // said last, and the engine's next sleep (its wait before the next poll) is where the run
        // is stopped: interrupted, as a killed process stops, the record left as it was.
        java.util.concurrent.atomic.AtomicReference<String> said = new java.util.concurrent.atomic.AtomicReference<>("");
        EngineListener crash = event -> {
            if (event.address() != null && event.address().value().equals("web.image")) {
                said.set(event.message().key());
            }
        };
        dev.cairn.engine.Sleeper stopper = d -> {
            if (said.get().equals(key)) {
                throw new InterruptedException("simulated kill when the image said " + key);
            }
            Thread.sleep(d.toMillis());
        };
        try (AwsClients clients = AwsClients.sandbox(server.endpoint())) {
            var handlers = AwsHandlers.forClients(clients);
            Path state = dir.resolve("state");
            try (StackStore store = LocalStackStore.open(state, stack, Clock.systemUTC())) {
                Engine first = new Engine(handlers, store, options(JournalHook.NONE).withTime(Clock.systemUTC(), stopper), crash);
                catchThrowable(() -> first.apply(steps, new CancellationToken()));
                assertThat(store.state().get(Address.parse("web.image")).map(r -> r.status().name()).orElse("none"))
                        .isNotEqualTo("READY");
            }
            Ec2Client ec2 = clients.ec2(REGION);
            if (then.equals("resume")) {
                try (StackStore store = LocalStackStore.open(state, stack, Clock.systemUTC())) {
                    RunResult resumed = new Engine(handlers, store, options(JournalHook.NONE), EngineListener.NONE)
                            .apply(steps, new CancellationToken());
                    assertThat(resumed.failed()).isEmpty();
                    assertThat(store.state().get(Address.parse("web.image"))).get()
                            .satisfies(r -> assertThat(r.physicalId()).startsWith("ami-"));
                }
                assertThat(ec2.describeImages(r -> r.owners("self").filters(Ec2Handler.filter("name", stack + "-golden")))
                        .images()).hasSize(1);
                assertThat(ec2.describeInstancesPaginator(r -> r.filters(Ec2Handler.filter("tag:" + Tags.STACK, stack)))
                        .reservations().stream().flatMap(r -> r.instances().stream())
                        .filter(i -> "web.image-sample".equals(Ec2Handler.fromTags(i.tags()).get(Tags.ADDRESS))))
                        .as("one sample ever launched, terminated once the image was made")
                        .singleElement().satisfies(i -> assertThat(i.state().nameAsString()).isIn("shutting-down", "terminated"));
            }
            try (StackStore store = LocalStackStore.open(state, stack, Clock.systemUTC())) {
                RunResult destroyed = new Engine(handlers, store, options(JournalHook.NONE), EngineListener.NONE)
                        .destroy(List.of(), AwsHandlers.scanner(clients), Set.of(REGION), new CancellationToken());
                assertThat(destroyed.failed()).isEmpty();
                assertThat(destroyed.remaining()).isEmpty();
                assertThat(ec2.describeImages(r -> r.owners("self").filters(Ec2Handler.filter("name", stack + "-golden")))
                        .images()).noneMatch(i -> i.stateAsString().equals("available") || i.stateAsString().equals("pending"));
            }
        }
    }
}
