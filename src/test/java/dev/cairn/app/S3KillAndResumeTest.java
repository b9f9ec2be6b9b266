package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.state.S3StackStore;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.JournalHook;
import dev.cairn.engine.LockRequest;
import dev.cairn.engine.RunResult;
import dev.cairn.engine.StackLockedException;
import dev.cairn.model.Blueprint;
import dev.cairn.model.StateLocation;
import dev.cairn.model.Tags;
import dev.cairn.step.BlueprintExample;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Backends;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * A run whose journal is in S3 dies right after an intent object reached the bucket and before
 * the call it announces: the lock stays (nothing released it), the next run is refused until it
 * is removed, and the resumed apply heals the open intent with exactly one of each resource.
 */
class S3KillAndResumeTest {
    private static final String REGION = "ap-northeast-2";
    private static final String BUCKET = "team-state";
    private static final StateLocation LOCATION = StateLocation.parse("s3://" + BUCKET + "/crash");

    private AwsClients clients;

    @AfterEach
    void closeClients() {
        if (clients != null) {
            clients.close();
        }
    }

    /** Every backend, crashing at the first intent and at one in the middle of the demo's 21. */
    static Stream<Arguments> cases() {
        return Backends.all().flatMap(b -> Stream.of(Arguments.of(b, 1), Arguments.of(b, 10)));
    }

    private static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(JournalEntry at) {
            super("simulated crash after intent #" + at.seq() + " " + at.address());
        }
    }

    @ParameterizedTest(name = "{0}, intent #{1}")
    @MethodSource("cases")
    void apply_whenKilledAfterAnIntentObject_unlockAndResumeHealWithNoTwin(AwsBackend backend, int k) throws Exception {
        assumeTrue(backend.serves("s3"), backend.name() + " does not serve S3 yet");
        backend.reset();
        clients = AwsClients.sandbox(backend.endpoint());
        S3Client s3 = clients.s3(REGION);
        s3.createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint(
                BucketLocationConstraint.fromValue(REGION))));
        Blueprint bp = BlueprintExample.networkOnly();
        AtomicInteger intents = new AtomicInteger();
        JournalHook crash = intent -> {
            if (intents.incrementAndGet() == k) {
                throw new SimulatedCrash(intent);
            }
        };

        Target dying = Target.endpoint(backend.endpoint(), Optional.empty());
        // No heartbeat thread and never closed: what a process killed at that moment leaves.
        S3StackStore store = S3StackStore.open(s3, LOCATION, bp.name(), Clock.systemUTC(), LockRequest.of("apply"),
                S3StackStore.AppendHook.NONE, false);
        StackRunner crashed = new StackRunner(dying, store, EngineOptions.defaults().withAfterIntent(crash));
        assertThatThrownBy(() -> crashed.apply(bp, crashed.plan(bp), EngineListener.NONE, new CancellationToken()))
                .isInstanceOf(SimulatedCrash.class);
        dying.close();
        List<JournalEntry> left = S3StackStore.readJournal(s3, LOCATION, bp.name());
        assertThat(dev.cairn.engine.StackStore.rebuild(bp.name(), left).pending()).as("the open intent").isNotEmpty();

        StackStores stores = new StackStores(clients, REGION, Clock.systemUTC());
        assertThatThrownBy(() -> stores.open(LOCATION, bp.name(), LockRequest.of("apply")))
                .isInstanceOf(StackLockedException.class);
        assertThat(stores.unlock(LOCATION, bp.name(), Optional.empty())).isPresent();

        try (Target target = Target.endpoint(backend.endpoint(), Optional.empty());
                StackRunner runner = new StackRunner(target, stores.open(LOCATION, bp.name(), LockRequest.of("apply")),
                        EngineOptions.defaults())) {
            assertThat(runner.store().journalEntries()).isEqualTo(left);
            RunResult resumed = runner.apply(bp, runner.plan(bp), EngineListener.NONE, new CancellationToken());
            assertThat(resumed.succeeded()).as("resumed: %s", resumed.failed()).isTrue();
            assertThat(runner.state().pending()).isEmpty();
            assertExactlyOneOfEach(target, bp.name());
            RunResult destroyed = runner.destroy(bp, EngineListener.NONE, new CancellationToken());
            assertThat(destroyed.succeeded()).as("destroy: %s, remaining %s", destroyed.failed(), destroyed.remaining())
                    .isTrue();
        }
    }

    private static void assertExactlyOneOfEach(Target target, String stack) {
        Map<String, Set<String>> idsByAddress = new HashMap<>();
        Map<String, String> stackOf = new HashMap<>();
        List<TagDescription> tags = target.clients().ec2(REGION)
                .describeTagsPaginator(b -> b.filters(f -> f.name("key").values(Tags.STACK, Tags.ADDRESS))).tags().stream()
                .toList();
        tags.stream().filter(t -> t.key().equals(Tags.STACK)).forEach(t -> stackOf.put(t.resourceId(), t.value()));
        tags.stream().filter(t -> t.key().equals(Tags.ADDRESS) && stack.equals(stackOf.get(t.resourceId())))
                .forEach(t -> idsByAddress.computeIfAbsent(t.value(), a -> new HashSet<>()).add(t.resourceId()));
        assertThat(idsByAddress).as("tagged addresses").isNotEmpty();
        idsByAddress.forEach((address, ids) -> assertThat(ids).as("resources of %s", address).hasSize(1));
    }
}
