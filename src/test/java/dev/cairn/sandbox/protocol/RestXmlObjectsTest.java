package dev.cairn.sandbox.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * restXml with S3's addressing and uploads, through the real S3 client of SDK v2 and the AWS CLI
 * v2, on the Sandbox's S3 ({@code sandbox/s3}): path-style and virtual-hosted
 * requests, the SDK's default upload over http (aws-chunked, signed chunks, CRC32 trailer)
 * decoded and checked, bodies spooled and kept as blob files across a restart.
 */
class RestXmlObjectsTest {
    private static final String BUCKET = "practice";
    /** Past {@link dev.cairn.sandbox.core.RequestBody#IN_MEMORY_BYTES}: the body is spooled to a file. */
    private static final int LARGE = 3 * 1024 * 1024 + 17;

    @TempDir
    Path dir;
    private SandboxServer server;
    private final Map<String, String> sent = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Path dataDir) {
        server = SandboxServer.start(SandboxConfig.instant().withDataDir(dataDir));
    }

    /** The S3 client as an app builds it; {@code host} "localhost" makes it address buckets by host name. */
    private S3Client s3(String host, boolean pathStyle) {
        URI endpoint = URI.create("http://" + host + ":" + server.endpoint().getPort());
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(pathStyle)
                .region(Region.AP_NORTHEAST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                // bucket.localhost resolves to loopback here, whatever the machine's resolver does.
                .httpClientBuilder(ApacheHttpClient.builder().dnsResolver(h -> new InetAddress[] {InetAddress.getLoopbackAddress()}))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        context.httpRequest().headers().forEach((k, v) -> sent.put(k.toLowerCase(java.util.Locale.ROOT),
                                v.get(0)));
                    }
                }))
                .build();
    }

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static String crc32(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b);
        long v = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    @Test
    void sdkPutObject_overHttpPathStyle_isAwsChunkedWithTrailerAndReadsBackChecked() {
        start(null);
        byte[] body = bytes(200_000);
        try (S3Client s3 = s3("127.0.0.1", true)) {
            s3.createBucket(r -> r.bucket(BUCKET));
            var put = s3.putObject(r -> r.bucket(BUCKET).key("dir/a+b.bin"), RequestBody.fromBytes(body));

            // What SDK v2 sends by default over http: signed chunks and a CRC32 trailer.
            assertThat(sent.get("x-amz-content-sha256")).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
            assertThat(sent.get("content-encoding")).contains("aws-chunked");
            assertThat(sent.get("x-amz-trailer")).isEqualTo("x-amz-checksum-crc32");
            assertThat(put.checksumCRC32()).isEqualTo(crc32(body));

            var got = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("dir/a+b.bin").checksumMode("ENABLED"));
            assertThat(got.asByteArray()).isEqualTo(body);
            assertThat(got.response().checksumCRC32()).isEqualTo(crc32(body));
            assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly(BUCKET);
        }
    }

    @Test
    void sdkGetObject_whenKeyMissing_throwsNoSuchKeyFromTheS3ErrorEnvelope() {
        start(null);
        try (S3Client s3 = s3("127.0.0.1", true)) {
            s3.createBucket(r -> r.bucket(BUCKET));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("nope")))
                    .isInstanceOf(NoSuchKeyException.class)
                    .satisfies(e -> assertThat(((NoSuchKeyException) e).statusCode()).isEqualTo(404));
        }
    }

    @Test
    void sdkVirtualHosted_bucketInTheHostName_reachesTheSameBucket() {
        start(null);
        byte[] body = bytes(1000);
        try (S3Client pathStyle = s3("127.0.0.1", true); S3Client virtual = s3("localhost", false)) {
            pathStyle.createBucket(r -> r.bucket(BUCKET));
            virtual.putObject(r -> r.bucket(BUCKET).key("v.bin"), RequestBody.fromBytes(body));
            assertThat(sent.get("host")).startsWith(BUCKET + ".localhost:");

            assertThat(pathStyle.getObjectAsBytes(r -> r.bucket(BUCKET).key("v.bin")).asByteArray()).isEqualTo(body);
            assertThat(virtual.getObjectAsBytes(r -> r.bucket(BUCKET).key("v.bin")).asByteArray()).isEqualTo(body);
        }
    }

    @Test
    void largeObject_isSpooledKeptAsABlobFileAndSurvivesRestart() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        start(data);
        byte[] body = bytes(LARGE);
        try (S3Client s3 = s3("127.0.0.1", true)) {
            s3.createBucket(r -> r.bucket(BUCKET));
            s3.putObject(r -> r.bucket(BUCKET).key("big.bin"), RequestBody.fromBytes(body));
        }
        server.close();

        // The bytes are a file of their own; the JSON names it and stays small.
        assertThat(Files.size(data.resolve("s3.json"))).isLessThan(2_000);
        try (var blobs = Files.list(data.resolve("blobs").resolve("s3"))) {
            assertThat(blobs.toList()).singleElement().satisfies(p -> assertThat(Files.size(p)).isEqualTo(LARGE));
        }
        start(data);
        try (S3Client s3 = s3("127.0.0.1", true)) {
            assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("big.bin")).asByteArray()).isEqualTo(body);
        }
    }

    @Test
    void awsChunkedUpload_whenTrailerChecksumIsWrong_isRefusedWithBadDigestAndNothingStored() throws Exception {
        start(null);
        try (S3Client s3 = s3("127.0.0.1", true)) {
            s3.createBucket(r -> r.bucket(BUCKET));
        }
        byte[] data = "hello, sandbox".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        chunked.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunked.writeBytes(data);
        chunked.writeBytes(("\r\n0\r\nx-amz-checksum-crc32:" + crc32("other".getBytes(StandardCharsets.UTF_8))
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.endpoint().resolve("/" + BUCKET + "/bad.txt"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=sandbox/20261125/ap-northeast-2/s3/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .header("Content-Encoding", "aws-chunked")
                .header("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
                .header("x-amz-trailer", "x-amz-checksum-crc32")
                .header("x-amz-decoded-content-length", String.valueOf(data.length))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(chunked.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Error><Code>BadDigest</Code>").contains("CRC32");
        try (S3Client s3 = s3("127.0.0.1", true)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s3.getObjectAsBytes(g -> g.bucket(BUCKET).key("bad.txt")))
                    .isInstanceOf(NoSuchKeyException.class);
        }
    }

    @Test
    void awsCliV2_s3apiPutAndGetObject_roundTripsTheBytes() throws Exception {
        AwsCli.assumeV2();
        start(null);
        Path home = Files.createDirectories(dir.resolve("home"));
        Path in = dir.resolve("in.bin");
        Path out = dir.resolve("out.bin");
        byte[] body = bytes(LARGE);
        Files.write(in, body);

        AwsCli.run(server, home, "us-east-1", "s3api", "create-bucket", "--bucket", BUCKET).json();
        AwsCli.run(server, home, "us-east-1", "s3api", "put-object", "--bucket", BUCKET, "--key", "cli.bin",
                "--body", in.toString()).json();
        AwsCli.run(server, home, "us-east-1", "s3api", "get-object", "--bucket", BUCKET, "--key", "cli.bin",
                out.toString()).json();

        assertThat(Files.readAllBytes(out)).isEqualTo(body);
        assertThat(AwsCli.run(server, home, "us-east-1", "s3api", "list-buckets").json().get("Buckets").get(0)
                .get("Name").asText()).isEqualTo(BUCKET);
    }
}
