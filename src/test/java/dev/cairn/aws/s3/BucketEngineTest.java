package dev.cairn.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.Engine;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.JournalEntry;
import dev.cairn.engine.LocalStackStore;
import dev.cairn.engine.RunResult;
import dev.cairn.engine.StackStore;
import dev.cairn.engine.Step;
import dev.cairn.model.Address;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.S3Kinds;
import dev.cairn.testing.AwsBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * The bucket through the engine on each backend that serves S3: a run that dies between
 * CreateBucket and PutBucketTagging resumes with the same bucket (not "taken", not a twin), and a
 * destroy of a versioned bucket holding 2,500 objects with noncurrent versions and delete markers
 * empties it, deletes it and leaves nothing the tag scan can find.
 */
class BucketEngineTest {

    private static final String REGION = BucketHandlersTest.REGION;
    private static final Address BUCKET = Address.parse("storage.bucket");
    /** Enough parallel writers to fill a bucket quickly without crowding a two-core machine. */
    private static final int WRITERS = 6;

    @TempDir
    Path dir;

    private static EngineOptions options() {
        return EngineOptions.defaults().withPollBackoff(Duration.ofMillis(10), 1.5, Duration.ofMillis(100));
    }

    private static List<Step> steps(String name) {
        return List.of(Step.create(new ResourceSpec(BUCKET, S3Kinds.BUCKET, REGION, BucketHandlersTest.defaults(name), java.util.Map.of(),
                Set.of())));
    }

    /**
     * A store whose process "dies" when the journal is about to record one call's intent: that
     * append and every one after it fail, as nothing more reaches the disk of a killed process.
     */
    private static final class DyingStore implements StackStore {
        private final StackStore delegate;
        private final String dieBefore;
        private volatile boolean dead;

        DyingStore(StackStore delegate, String dieBefore) {
            this.delegate = delegate;
            this.dieBefore = dieBefore;
        }

        @Override
        public String stack() {
            return delegate.stack();
        }

        @Override
        public String location() {
            return delegate.location();
        }

        @Override
        public StackState state() {
            return delegate.state();
        }

        @Override
        public List<JournalEntry> journalEntries() {
            return delegate.journalEntries();
        }

        @Override
        public JournalEntry append(JournalEntry entry) throws IOException {
            if (entry.isCall() && JournalEntry.INTENT.equals(entry.type()) && dieBefore.equals(entry.action())) {
                dead = true;
            }
            if (dead) {
                throw new IOException("killed before " + dieBefore);
            }
            return delegate.append(entry);
        }

        @Override
        public List<String> sideFiles() throws IOException {
            return delegate.sideFiles();
        }

        @Override
        public void deleteFile(String name) throws IOException {
            delegate.deleteFile(name);
        }

        @Override
        public void importJournal(List<JournalEntry> entries) throws IOException {
            delegate.importJournal(entries);
        }

        @Override
        public Optional<byte[]> readFile(String name) throws IOException {
            return delegate.readFile(name);
        }

        @Override
        public void writeFile(String name, byte[] content) throws IOException {
            delegate.writeFile(name, content);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BucketHandlersTest.BACKENDS)
    void apply_killedBetweenCreateBucketAndItsTags_resumesWithTheSameBucket(AwsBackend backend) throws Exception {
        assumeTrue(backend.serves("s3"), backend.name() + " does not serve S3");
        backend.reset();
        String stack = "k" + UUID.randomUUID().toString().substring(0, 8);
        String name = BucketHandlersTest.bucketName();
        Path state = dir.resolve("state");
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            var handlers = AwsHandlers.forClients(clients);
            S3Client s3 = clients.s3(REGION);
            try (StackStore store = new DyingStore(LocalStackStore.open(state, stack, Clock.systemUTC()), "PutBucketTagging")) {
                Engine first = new Engine(handlers, store, options(), EngineListener.NONE);
                catchThrowable(() -> first.apply(steps(name), new CancellationToken()));
            }
            assertThat(s3.headBucket(r -> r.bucket(name)).sdkHttpResponse().isSuccessful()).as("CreateBucket happened").isTrue();
            assertThat(BucketHandler.tags(s3, name)).as("the tags did not").isEmpty();

            try (StackStore store = LocalStackStore.open(state, stack, Clock.systemUTC())) {
                assertThat(store.state().pending()).containsKey(BUCKET);
                RunResult resumed = new Engine(handlers, store, options(), EngineListener.NONE).apply(steps(name),
                        new CancellationToken());
                assertThat(resumed.failed()).isEmpty();
                assertThat(resumed.adopted()).containsExactly(BUCKET);
                assertThat(store.state().get(BUCKET)).get().satisfies(r -> assertThat(r.physicalId()).isEqualTo(name));
            }
            assertThat(BucketHandler.tags(s3, name)).containsEntry(Tags.STACK, stack).containsEntry(Tags.ADDRESS, BUCKET.value());
            assertThat(s3.getBucketVersioning(r -> r.bucket(name)).statusAsString()).isEqualTo("Enabled");
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).containsOnlyOnce(name);

            try (StackStore store = LocalStackStore.open(state, stack, Clock.systemUTC())) {
                RunResult destroyed = new Engine(handlers, store, options(), EngineListener.NONE)
                        .destroy(List.of(), AwsHandlers.scanner(clients), Set.of(REGION), new CancellationToken());
                assertThat(destroyed.failed()).isEmpty();
                assertThat(destroyed.remaining()).isEmpty();
            }
            assertThat(BucketHandler.head(s3, name)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BucketHandlersTest.BACKENDS)
    void destroy_ofBucketHolding2500ObjectsWithVersions_leavesNothing(AwsBackend backend) throws Exception {
        assumeTrue(backend.serves("s3"), backend.name() + " does not serve S3");
        backend.reset();
        String stack = "d" + UUID.randomUUID().toString().substring(0, 8);
        String name = BucketHandlersTest.bucketName();
        Path state = dir.resolve("state");
        List<String> said = new CopyOnWriteArrayList<>();
        EngineListener listener = e -> said.add(e.message().english());
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            var handlers = AwsHandlers.forClients(clients);
            S3Client s3 = clients.s3(REGION);
            try (StackStore store = LocalStackStore.open(state, stack, Clock.systemUTC())) {
                RunResult applied = new Engine(handlers, store, options(), listener).apply(steps(name), new CancellationToken());
                assertThat(applied.failed()).isEmpty();
            }
            // 2,500 objects; 300 of them overwritten (noncurrent versions), 200 deleted (markers).
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try {
                List<Future<?>> writes = IntStream.range(0, 2500).<Future<?>>mapToObj(i -> pool.submit(() ->
                        s3.putObject(r -> r.bucket(name).key("data/" + i), RequestBody.fromString("v1-" + i)))).toList();
                for (Future<?> w : writes) {
                    w.get();
                }
                List<Future<?>> changes = IntStream.range(0, 500).<Future<?>>mapToObj(i -> pool.submit(() -> i < 300
                        ? s3.putObject(r -> r.bucket(name).key("data/" + i), RequestBody.fromString("v2-" + i))
                        : s3.deleteObject(r -> r.bucket(name).key("data/" + i)))).toList();
                for (Future<?> c : changes) {
                    c.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(BucketContents.count(s3, name)).satisfies(c -> {
                assertThat(c.objects()).isEqualTo(2300);
                assertThat(c.versions()).isEqualTo(2800);
                assertThat(c.deleteMarkers()).isEqualTo(200);
            });

            try (StackStore store = LocalStackStore.open(state, stack, Clock.systemUTC())) {
                RunResult destroyed = new Engine(handlers, store, options(), listener)
                        .destroy(List.of(), AwsHandlers.scanner(clients), Set.of(REGION), new CancellationToken());
                assertThat(destroyed.failed()).isEmpty();
                assertThat(destroyed.deleted()).containsExactly(BUCKET);
                assertThat(destroyed.remaining()).isEmpty();
            }
            assertThat(BucketHandler.head(s3, name)).isEmpty();
            assertThat(BucketContents.countIfExists(s3, name)).isEmpty();
            assertThat(said).contains("bucket " + name + " is empty (2800 object versions and 200 delete markers deleted); "
                    + "deleting it");
        }
    }
}
