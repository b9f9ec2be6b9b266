package dev.cairn.sandbox.s3;

import static dev.cairn.sandbox.s3.S3Fixture.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Objects through SDK v2: bodies, ETags, metadata, ranges, copies, listings, multipart uploads, persistence. */
class S3ObjectsTest {
    private static final String BUCKET = "objects";
    @TempDir
    Path dir;
    private SandboxServer server;
    private S3Client s3;

    private void start(Path dataDir) {
        server = SandboxServer.start(SandboxConfig.instant().withDataDir(dataDir));
        s3 = S3Fixture.s3(server);
    }

    private void startWithBucket() {
        start(null);
        s3.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("ap-northeast-2")));
    }

    @AfterEach
    void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void putObject_thenGetAndHead_giveBytesMd5EtagTypeAndMetadata() throws Exception {
        startWithBucket();
        byte[] body = bytes(70_000);
        var put = s3.putObject(r -> r.bucket(BUCKET).key("docs/report 1.pdf").contentType("application/pdf")
                .metadata(Map.of("owner", "ops")).cacheControl("max-age=60"), RequestBody.fromBytes(body));
        assertThat(put.eTag()).isEqualTo("\"" + md5(body) + "\"");
        assertThat(put.versionId()).isNull();

        var got = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("docs/report 1.pdf"));
        assertThat(got.asByteArray()).isEqualTo(body);
        assertThat(got.response().contentType()).isEqualTo("application/pdf");
        assertThat(got.response().metadata()).containsExactly(Map.entry("owner", "ops"));
        assertThat(got.response().cacheControl()).isEqualTo("max-age=60");
        // The body travelled aws-chunked; the object is not stored as encoded.
        assertThat(got.response().contentEncoding()).isNull();

        var head = s3.headObject(r -> r.bucket(BUCKET).key("docs/report 1.pdf"));
        assertThat(head.contentLength()).isEqualTo(body.length);
        assertThat(head.eTag()).isEqualTo(put.eTag());
        assertThat(head.serverSideEncryptionAsString()).isEqualTo("AES256");
    }

    @Test
    void getObject_whenMissingOrBucketMissing_failsWithNoSuchKeyOrNoSuchBucket() {
        startWithBucket();
        assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("nope"))).isInstanceOf(NoSuchKeyException.class);
        assertS3Error(() -> s3.headObject(r -> r.bucket(BUCKET).key("nope")), 404, null);
        assertS3Error(() -> s3.getObjectAsBytes(r -> r.bucket("no-such-bucket").key("k")), 404, "NoSuchBucket");
    }

    @Test
    void getObject_withRange_answersPartialContent() {
        startWithBucket();
        s3.putObject(r -> r.bucket(BUCKET).key("abc"), RequestBody.fromString("0123456789"));

        var part = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("abc").range("bytes=2-5"));
        assertThat(part.asUtf8String()).isEqualTo("2345");
        assertThat(part.response().contentRange()).isEqualTo("bytes 2-5/10");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("abc").range("bytes=-3")).asUtf8String()).isEqualTo("789");
        assertS3Error(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("abc").range("bytes=20-")), 416,
                "InvalidRange");
    }

    @Test
    void deleteObject_inUnversionedBucket_removesTheKeyAndIsIdempotent() {
        startWithBucket();
        s3.putObject(r -> r.bucket(BUCKET).key("gone"), RequestBody.fromString("x"));
        s3.deleteObject(r -> r.bucket(BUCKET).key("gone"));
        s3.deleteObject(r -> r.bucket(BUCKET).key("gone"));
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET)).contents()).isEmpty();
        s3.deleteBucket(r -> r.bucket(BUCKET));
    }

    @Test
    void copyObject_copiesBytesAndMetadata_andRefusesCopyOntoItselfUnchanged() {
        startWithBucket();
        s3.putObject(r -> r.bucket(BUCKET).key("src").contentType("text/plain").metadata(Map.of("a", "1")),
                RequestBody.fromString("hello"));
        var copy = s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("src").destinationBucket(BUCKET)
                .destinationKey("dir/dst"));
        var got = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("dir/dst"));
        assertThat(got.asUtf8String()).isEqualTo("hello");
        assertThat(got.response().metadata()).containsEntry("a", "1");
        assertThat(copy.copyObjectResult().eTag()).isEqualTo(got.response().eTag());
        assertS3Error(() -> s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("src").destinationBucket(BUCKET)
                .destinationKey("src")), 400, "InvalidRequest");
    }

    @Test
    void listObjectsV2_withPrefixDelimiterAndSmallPages_walksEveryKeyOnce() {
        startWithBucket();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            keys.add("logs/2026/" + i + ".log");
        }
        keys.addAll(List.of("logs/a.txt", "logs/b.txt", "readme", "state/x.json", "state/y.json", "z"));
        keys.forEach(k -> s3.putObject(r -> r.bucket(BUCKET).key(k), RequestBody.fromString(k)));

        var top = s3.listObjectsV2(r -> r.bucket(BUCKET).delimiter("/"));
        assertThat(top.contents()).extracting(S3Object::key).containsExactly("readme", "z");
        assertThat(top.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("logs/", "state/");

        var logs = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("logs/").delimiter("/"));
        assertThat(logs.contents()).extracting(S3Object::key).containsExactly("logs/a.txt", "logs/b.txt");
        assertThat(logs.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("logs/2026/");

        List<String> walked = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).maxKeys(2)).contents().forEach(o -> walked.add(o.key()));
        assertThat(walked).containsExactlyElementsOf(keys.stream().sorted().toList());

        List<String> prefixes = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).maxKeys(1).delimiter("/"))
                .forEach(page -> page.commonPrefixes().forEach(p -> prefixes.add(p.prefix())));
        assertThat(prefixes).containsExactly("logs/", "state/");

        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).startAfter("state/x.json")).contents())
                .extracting(S3Object::key).containsExactly("state/y.json", "z");
        assertThat(s3.listObjects(r -> r.bucket(BUCKET).prefix("state/")).contents()).hasSize(2);
    }

    @Test
    void multipartUpload_joinsPartsWithMd5OfMd5sEtag() throws Exception {
        startWithBucket();
        byte[] first = bytes(5 * 1024 * 1024);
        byte[] second = bytes(1234);
        String id = s3.createMultipartUpload(r -> r.bucket(BUCKET).key("big").contentType("video/mp4")).uploadId();
        assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).extracting(u -> u.uploadId())
                .containsExactly(id);
        String e1 = s3.uploadPart(r -> r.bucket(BUCKET).key("big").uploadId(id).partNumber(1), RequestBody.fromBytes(first)).eTag();
        String e2 = s3.uploadPart(r -> r.bucket(BUCKET).key("big").uploadId(id).partNumber(2), RequestBody.fromBytes(second)).eTag();
        assertThat(s3.listParts(r -> r.bucket(BUCKET).key("big").uploadId(id)).parts()).hasSize(2);

        var done = s3.completeMultipartUpload(r -> r.bucket(BUCKET).key("big").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build())));
        MessageDigest md5s = MessageDigest.getInstance("MD5");
        md5s.update(MessageDigest.getInstance("MD5").digest(first));
        md5s.update(MessageDigest.getInstance("MD5").digest(second));
        assertThat(done.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(md5s.digest()) + "-2\"");

        byte[] all = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("big")).asByteArray();
        assertThat(all).hasSize(first.length + second.length);
        assertThat(md5(all)).isEqualTo(md5(concat(first, second)));
        assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).isEmpty();
        assertS3Error(() -> s3.abortMultipartUpload(r -> r.bucket(BUCKET).key("big").uploadId(id)), 404, "NoSuchUpload");
    }

    @Test
    void completeMultipartUpload_withSmallFirstPartOrWrongEtag_fails() {
        startWithBucket();
        String id = s3.createMultipartUpload(r -> r.bucket(BUCKET).key("small")).uploadId();
        String e1 = s3.uploadPart(r -> r.bucket(BUCKET).key("small").uploadId(id).partNumber(1), RequestBody.fromString("a")).eTag();
        String e2 = s3.uploadPart(r -> r.bucket(BUCKET).key("small").uploadId(id).partNumber(2), RequestBody.fromString("b")).eTag();
        assertS3Error(() -> s3.completeMultipartUpload(r -> r.bucket(BUCKET).key("small").uploadId(id).multipartUpload(m -> m
                .parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build()))), 400, "EntityTooSmall");
        assertS3Error(() -> s3.completeMultipartUpload(r -> r.bucket(BUCKET).key("small").uploadId(id).multipartUpload(m -> m
                .parts(CompletedPart.builder().partNumber(1).eTag("\"0000\"").build()))), 400, "InvalidPart");
        s3.abortMultipartUpload(r -> r.bucket(BUCKET).key("small").uploadId(id));
        assertS3Error(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("small")), 404, "NoSuchKey");
    }

    @Test
    void objects_areBlobFilesThatSurviveRestart_andDeletedOnesAreSweptAtStart() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        start(data);
        s3.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("ap-northeast-2")));
        byte[] kept = bytes(2 * 1024 * 1024 + 5);
        s3.putObject(r -> r.bucket(BUCKET).key("kept"), RequestBody.fromBytes(kept));
        s3.putObject(r -> r.bucket(BUCKET).key("dropped"), RequestBody.fromString("bye"));
        s3.deleteObject(r -> r.bucket(BUCKET).key("dropped"));
        s3.close();
        server.close();

        start(data);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("kept")).asByteArray()).isEqualTo(kept);
        try (var blobs = Files.list(data.resolve("blobs").resolve("s3"))) {
            assertThat(blobs.toList()).singleElement().satisfies(p -> assertThat(Files.size(p)).isEqualTo(kept.length));
        }
        assertThat(Files.readString(data.resolve("s3.json"), StandardCharsets.UTF_8)).contains("\"kept\"")
                .doesNotContain("\"dropped\"");
    }

    @Test
    void virtualHostedRequests_reachTheSameBucket() {
        startWithBucket();
        try (S3Client virtual = S3Fixture.virtualHosted(server)) {
            virtual.putObject(r -> r.bucket(BUCKET).key("v/key"), RequestBody.fromString("hosted"));
            assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("v/key")).asUtf8String()).isEqualTo("hosted");
            assertThat(virtual.listObjectsV2(r -> r.bucket(BUCKET)).contents()).extracting(S3Object::key)
                    .containsExactly("v/key");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
