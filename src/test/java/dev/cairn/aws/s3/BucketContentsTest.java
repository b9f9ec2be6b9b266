package dev.cairn.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.testing.AwsBackend;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Counting a bucket's versions and delete markers through the real SDK, on each backend that serves S3. */
class BucketContentsTest {

    private static final String REGION = "ap-northeast-2";

    private static String bucket() {
        return "cairn-count-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void count_ofVersionedBucket_tellsCurrentObjectsEveryVersionAndMarkers(AwsBackend backend) {
        assumeTrue(backend.serves("s3"), backend.name() + " does not serve S3");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            S3Client s3 = clients.s3(REGION);
            String bucket = bucket();
            s3.createBucket(r -> r.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(REGION)));
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            for (int i = 0; i < 5; i++) {
                String key = "k" + i;
                s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("abc"));
            }
            // Two overwritten (2 noncurrent versions), one deleted (1 marker over its version).
            s3.putObject(r -> r.bucket(bucket).key("k0"), RequestBody.fromString("abcd"));
            s3.putObject(r -> r.bucket(bucket).key("k1"), RequestBody.fromString("abcd"));
            s3.deleteObject(r -> r.bucket(bucket).key("k4"));

            BucketContents.Counts counts = BucketContents.count(s3, bucket);

            assertThat(counts).isEqualTo(new BucketContents.Counts(4, 7, 1, 5 * 3 + 2 * 4));
            assertThat(counts.isEmpty()).isFalse();
            assertThat(BucketContents.countIfExists(s3, bucket)).contains(counts);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void countIfExists_ofMissingBucket_isEmpty(AwsBackend backend) {
        assumeTrue(backend.serves("s3"), backend.name() + " does not serve S3");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            assertThat(BucketContents.countIfExists(clients.s3(REGION), bucket())).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void deleteOnePage_repeated_emptiesEveryVersionAndMarker(AwsBackend backend) {
        assumeTrue(backend.serves("s3"), backend.name() + " does not serve S3");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            S3Client s3 = clients.s3(REGION);
            String bucket = bucket();
            s3.createBucket(r -> r.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(REGION)));
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            for (int i = 0; i < 3; i++) {
                String key = "k" + i;
                s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("x"));
                s3.deleteObject(r -> r.bucket(bucket).key(key));
            }
            s3.createMultipartUpload(r -> r.bucket(bucket).key("big"));

            BucketContents.PageDeleted page = BucketContents.deleteOnePage(s3, bucket);

            assertThat(page).isEqualTo(new BucketContents.PageDeleted(3, 3, false));
            assertThat(BucketContents.abortMultipartUploads(s3, bucket)).isEqualTo(1);
            assertThat(BucketContents.count(s3, bucket)).isEqualTo(BucketContents.Counts.NONE);
            s3.deleteBucket(r -> r.bucket(bucket));
        }
    }
}
