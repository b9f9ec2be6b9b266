package dev.cairn.gui;

import dev.cairn.app.StackStores;
import dev.cairn.app.Target;
import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.LockHolder;
import dev.cairn.engine.LockRequest;
import dev.cairn.engine.StackStore;
import dev.cairn.model.StateLocation;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.testing.AwsBackend;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * A team's state bucket on a test backend (the Sandbox's S3, or moto's) and stacks in it, made
 * through the same store the app uses. Each fixture has a bucket of its own, so tests need no
 * reset of the backend.
 */
final class TeamBucketFixture implements AutoCloseable {

    /** The region the tests' account page has chosen ({@link GuiFixtures#sandboxAccount}). */
    static final String REGION = "ap-northeast-2";
    static final String PREFIX = "team";

    final Target target;
    final Targets targets;
    final String bucket;
    final S3Client s3;

    TeamBucketFixture(AwsBackend backend) {
        target = Target.endpoint(backend.endpoint(), Optional.empty());
        targets = choice -> target;
        s3 = target.clients().s3(REGION);
        bucket = "cairn-team-" + UUID.randomUUID().toString().substring(0, 12);
        s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(
                BucketLocationConstraint.fromValue(REGION))));
    }

    /** {@code s3://BUCKET/team}. */
    String location() {
        return StateLocation.s3(bucket, PREFIX).toString();
    }

    StackStores stores() {
        return new StackStores(target.clients(), REGION, Clock.systemUTC());
    }

    /**
     * A stack in the bucket with one created VPC in its journal and its blueprint shared beside
     * it, as the app leaves one; returned open, so holding its lock ({@code apply}) until closed.
     */
    StackStore stack(String name) throws Exception {
        StackStore store = stores().open(StateLocation.parse(location()), name, LockRequest.of("apply"));
        var bp = StackCatalog.defaultBlueprint(name, REGION);
        var vpc = NetworkResources.specs(bp).get(0);
        store.append(JournalEntry.intent(JournalEntry.CREATE, vpc, "token-" + name, null));
        store.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, vpc, "vpc-0" + name.length(),
                java.util.Map.of(), null));
        store.writeFile(WorkspaceViewModel.SHARED_BLUEPRINT, BlueprintYaml.writeCommented(bp).getBytes(StandardCharsets.UTF_8));
        return store;
    }

    /** Leaves a lock behind whose holder stopped its heartbeat {@code ago}: a crashed run on another host. */
    LockHolder staleLock(String stack, Duration ago) {
        Instant then = Instant.now().minus(ago);
        LockHolder gone = new LockHolder(UUID.randomUUID().toString(), "alice", "build-7", 4242, "apply", then, then);
        String key = StateLocation.parse(location()).stackPrefix(stack) + "lock.json";
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(gone.toJson()));
        return gone;
    }

    @Override
    public void close() {
        target.close();
    }
}
