package dev.cairn.sandbox.s3;

import static dev.cairn.sandbox.s3.S3Fixture.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Conditional writes and reads: {@code If-None-Match: *} and {@code If-Match} on puts (how the team
 * state's journal and lock are written), on CompleteMultipartUpload, and on GET/HEAD.
 */
class S3ConditionalWritesTest {
    private static final String BUCKET = "conditional";
    private SandboxServer server;
    private S3Client s3;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        s3 = S3Fixture.s3(server);
        s3.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("ap-northeast-2")));
    }

    @AfterEach
    void stop() {
        s3.close();
        server.close();
    }

    @Test
    void putIfNoneMatchStar_whenKeyExists_failsWithPreconditionFailedAndKeepsTheFirst() {
        s3.putObject(r -> r.bucket(BUCKET).key("lock").ifNoneMatch("*"), RequestBody.fromString("first"));
        assertS3Error(() -> s3.putObject(r -> r.bucket(BUCKET).key("lock").ifNoneMatch("*"),
                RequestBody.fromString("second")), 412, "PreconditionFailed");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("lock")).asUtf8String()).isEqualTo("first");
    }

    @Test
    void putIfNoneMatchStar_afterTheKeyIsDeletedToAMarker_succeeds() {
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        s3.putObject(r -> r.bucket(BUCKET).key("lock").ifNoneMatch("*"), RequestBody.fromString("held"));
        s3.deleteObject(r -> r.bucket(BUCKET).key("lock"));
        s3.putObject(r -> r.bucket(BUCKET).key("lock").ifNoneMatch("*"), RequestBody.fromString("again"));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("lock")).asUtf8String()).isEqualTo("again");
    }

    @Test
    void putIfMatch_needsTheCurrentEtag_andTheKey() {
        String etag = s3.putObject(r -> r.bucket(BUCKET).key("state.json"), RequestBody.fromString("v1")).eTag();
        String next = s3.putObject(r -> r.bucket(BUCKET).key("state.json").ifMatch(etag), RequestBody.fromString("v2"))
                .eTag();
        assertS3Error(() -> s3.putObject(r -> r.bucket(BUCKET).key("state.json").ifMatch(etag),
                RequestBody.fromString("v3")), 412, "PreconditionFailed");
        assertS3Error(() -> s3.putObject(r -> r.bucket(BUCKET).key("absent").ifMatch(next),
                RequestBody.fromString("x")), 404, "NoSuchKey");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("state.json")).asUtf8String()).isEqualTo("v2");
    }

    @Test
    void concurrentIfNoneMatchPuts_ofOneKey_exactlyOneWins() throws Exception {
        int writers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String body = "writer-" + i;
                Callable<String> put = () -> {
                    go.await();
                    try (S3Client own = S3Fixture.s3(server)) {
                        own.putObject(r -> r.bucket(BUCKET).key("journal/000001.json").ifNoneMatch("*"),
                                RequestBody.fromString(body));
                        return body;
                    } catch (S3Exception e) {
                        return e.statusCode() + " " + e.awsErrorDetails().errorCode();
                    }
                };
                outcomes.add(pool.submit(put));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            List<String> winners = results.stream().filter(r -> r.startsWith("writer-")).toList();
            assertThat(winners).hasSize(1);
            assertThat(results).filteredOn(r -> !r.startsWith("writer-")).hasSize(writers - 1)
                    .containsOnly("412 PreconditionFailed");
            assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("journal/000001.json")).asUtf8String())
                    .isEqualTo(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void completeMultipartUpload_withIfNoneMatch_whenKeyAppearedMeanwhile_fails() {
        String id = s3.createMultipartUpload(r -> r.bucket(BUCKET).key("obj")).uploadId();
        String etag = s3.uploadPart(r -> r.bucket(BUCKET).key("obj").uploadId(id).partNumber(1),
                RequestBody.fromString("part")).eTag();
        s3.putObject(r -> r.bucket(BUCKET).key("obj"), RequestBody.fromString("someone else"));

        assertS3Error(() -> s3.completeMultipartUpload(r -> r.bucket(BUCKET).key("obj").uploadId(id).ifNoneMatch("*")
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build()))), 412,
                "PreconditionFailed");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("obj")).asUtf8String()).isEqualTo("someone else");
    }

    @Test
    void getAndHead_withConditions_answer304Or412() {
        String etag = s3.putObject(r -> r.bucket(BUCKET).key("page"), RequestBody.fromString("hello")).eTag();

        assertS3Error(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("page").ifNoneMatch(etag)), 304, null);
        assertS3Error(() -> s3.headObject(r -> r.bucket(BUCKET).key("page").ifNoneMatch(etag)), 304, null);
        assertS3Error(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("page").ifMatch("\"other\"")), 412,
                "PreconditionFailed");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("page").ifMatch(etag)).asUtf8String()).isEqualTo("hello");
        assertS3Error(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("page")
                .ifModifiedSince(Instant.now().plusSeconds(60))), 304, null);
        assertS3Error(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("page")
                .ifUnmodifiedSince(Instant.now().minusSeconds(3600))), 412, "PreconditionFailed");
    }
}
