package dev.cairn.sandbox.s3;

import static dev.cairn.sandbox.s3.S3Fixture.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/** Versioning: versions and delete markers, suspended buckets, ListObjectVersions, and emptying a large bucket. */
class S3VersionsTest {
    private static final String BUCKET = "versioned";
    private SandboxServer server;
    private S3Client s3;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        s3 = S3Fixture.s3(server);
        s3.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("ap-northeast-2")));
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
    }

    @AfterEach
    void stop() {
        s3.close();
        server.close();
    }

    private String put(String key, String body) {
        return s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(body)).versionId();
    }

    @Test
    void versionedPuts_keepEveryVersion_readableByVersionId() {
        String v1 = put("state.json", "one");
        String v2 = put("state.json", "two");

        assertThat(v1).hasSize(32).isNotEqualTo(v2);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("state.json")).asUtf8String()).isEqualTo("two");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("state.json").versionId(v1)).asUtf8String())
                .isEqualTo("one");
        var versions = s3.listObjectVersions(r -> r.bucket(BUCKET)).versions();
        assertThat(versions).extracting(ObjectVersion::versionId).containsExactly(v2, v1);
        assertThat(versions).extracting(ObjectVersion::isLatest).containsExactly(true, false);
        assertS3Error(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("state.json")
                .versionId("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")), 404, "NoSuchVersion");
    }

    @Test
    void deleteWithoutVersion_addsADeleteMarker_thatHidesTheKeyUntilItIsRemoved() {
        String v1 = put("k", "data");
        var deleted = s3.deleteObject(r -> r.bucket(BUCKET).key("k"));
        assertThat(deleted.deleteMarker()).isTrue();

        assertS3Error(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("k")), 404, "NoSuchKey");
        var hidden = (software.amazon.awssdk.services.s3.model.S3Exception) org.assertj.core.api.Assertions
                .catchThrowable(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("k")));
        assertThat(hidden.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker")).hasValue("true");
        assertS3Error(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("k").versionId(deleted.versionId())), 405,
                "MethodNotAllowed");
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET)).contents()).isEmpty();
        var listed = s3.listObjectVersions(r -> r.bucket(BUCKET));
        assertThat(listed.deleteMarkers()).singleElement().satisfies(m -> {
            assertThat(m.versionId()).isEqualTo(deleted.versionId());
            assertThat(m.isLatest()).isTrue();
        });

        var undone = s3.deleteObject(r -> r.bucket(BUCKET).key("k").versionId(deleted.versionId()));
        assertThat(undone.deleteMarker()).isTrue();
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("k")).response().versionId()).isEqualTo(v1);
    }

    @Test
    void suspendedVersioning_writesTheNullVersion_replacingTheEarlierNull() {
        String kept = put("k", "versioned");
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Suspended")));
        assertThat(put("k", "first null")).isEqualTo("null");
        assertThat(put("k", "second null")).isEqualTo("null");

        assertThat(s3.listObjectVersions(r -> r.bucket(BUCKET)).versions()).extracting(ObjectVersion::versionId)
                .containsExactly("null", kept);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("k").versionId("null")).asUtf8String())
                .isEqualTo("second null");
    }

    @Test
    void deleteObjects_reportsEachKey_andQuietReportsOnlyErrors() {
        String v = put("a", "1");
        put("b", "2");
        var result = s3.deleteObjects(r -> r.bucket(BUCKET).delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").versionId(v).build(),
                ObjectIdentifier.builder().key("b").build(),
                ObjectIdentifier.builder().key("c").versionId("").build())));
        assertThat(result.deleted()).extracting(x -> x.key()).containsExactly("a", "b");
        assertThat(result.deleted().get(1).deleteMarker()).isTrue();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("c");
            assertThat(e.code()).isEqualTo("InvalidArgument");
        });

        var quiet = s3.deleteObjects(r -> r.bucket(BUCKET).delete(d -> d.quiet(true)
                .objects(ObjectIdentifier.builder().key("a").build())));
        assertThat(quiet.deleted()).isEmpty();
        assertThat(quiet.errors()).isEmpty();
    }

    @Test
    void bucketWith2500ObjectsAndVersions_isEmptiedByListObjectVersionsAndDeleteObjects() {
        int keys = 1250;
        for (int i = 0; i < keys; i++) {
            String key = "data/" + i;
            put(key, "v1");
            put(key, "v2");
        }
        for (int i = 0; i < keys; i += 5) {
            int n = i;
            s3.deleteObject(r -> r.bucket(BUCKET).key("data/" + n));
        }
        int expected = keys * 2 + keys / 5;
        List<ObjectIdentifier> all = new ArrayList<>();
        s3.listObjectVersionsPaginator(r -> r.bucket(BUCKET)).forEach(page -> {
            page.versions().forEach(v -> all.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
            page.deleteMarkers().forEach(m -> all.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
        });
        assertThat(all).hasSize(expected).doesNotHaveDuplicates();

        for (int from = 0; from < all.size(); from += 1000) {
            List<ObjectIdentifier> batch = all.subList(from, Math.min(all.size(), from + 1000));
            var result = s3.deleteObjects(r -> r.bucket(BUCKET).delete(d -> d.objects(batch).quiet(true)));
            assertThat(result.errors()).isEmpty();
        }
        assertThat(s3.listObjectVersions(r -> r.bucket(BUCKET)).versions()).isEmpty();
        s3.deleteBucket(r -> r.bucket(BUCKET));
        assertThat(server.resources()).isEmpty();
    }

    @Test
    void deleteObjects_withMoreThan1000Keys_failsWithMalformedXml() {
        List<ObjectIdentifier> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(ObjectIdentifier.builder().key("k" + i).build());
        }
        assertS3Error(() -> s3.deleteObjects(r -> r.bucket(BUCKET).delete(d -> d.objects(many))), 400, "MalformedXML");
    }

    @Test
    void listObjectVersions_withSmallPages_resumesAtKeyAndVersionMarkers() {
        List<String> expected = new ArrayList<>();
        for (String key : List.of("a", "b", "c")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(0, put(key, key + i));
            }
            ids.forEach(id -> expected.add(key + "@" + id));
        }
        List<String> walked = new ArrayList<>();
        s3.listObjectVersionsPaginator(r -> r.bucket(BUCKET).maxKeys(2))
                .forEach(page -> page.versions().forEach(v -> walked.add(v.key() + "@" + v.versionId())));
        assertThat(walked).containsExactlyElementsOf(expected);
    }
}
