package dev.cairn.sandbox.s3;

import static dev.cairn.sandbox.s3.S3Fixture.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bucket policies (PutBucketPolicy's checks, public policies against Block Public Access, the
 * policy status) and the guide's public-read exercise: an unsigned GET, as curl sends it.
 */
class S3PolicyAndPublicAccessTest {
    private static final String BUCKET = "guide-site";
    private static final String TLS_ONLY = """
            {"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*",
             "Resource":["arn:aws:s3:::guide-site","arn:aws:s3:::guide-site/*"],
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}}""";
    private static final String PUBLIC_READ = """
            {"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject",
             "Resource":"arn:aws:s3:::guide-site/*"}""";
    private SandboxServer server;
    private S3Client s3;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        s3 = S3Fixture.s3(server);
        s3.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("ap-northeast-2")));
        s3.putObject(r -> r.bucket(BUCKET).key("index.html").contentType("text/html"),
                RequestBody.fromString("<h1>hello</h1>"));
    }

    @AfterEach
    void stop() {
        s3.close();
        server.close();
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private void putPolicy(String policy) {
        s3.putBucketPolicy(r -> r.bucket(BUCKET).policy(policy));
    }

    private HttpResponse<String> curl(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void putBucketPolicy_tlsOnlyDeny_isAcceptedWithBlockPublicAccessOn_andIsNotPublic() {
        putPolicy(policy(TLS_ONLY));
        assertThat(s3.getBucketPolicy(r -> r.bucket(BUCKET)).policy()).contains("TlsOnly");
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(BUCKET)).policyStatus().isPublic()).isFalse();
    }

    @Test
    void putBucketPolicy_public_whileBlockPublicPolicyIsOn_isAccessDenied() {
        String message = assertS3Error(() -> putPolicy(policy(TLS_ONLY, PUBLIC_READ)), 403, "AccessDenied");
        assertThat(message).contains("BlockPublicPolicy");
        assertS3Error(() -> s3.getBucketPolicy(r -> r.bucket(BUCKET)), 404, "NoSuchBucketPolicy");
    }

    @Test
    void putBucketPolicy_whenMalformed_failsWithMalformedPolicy() {
        for (String bad : new String[] {
            "not json",
            "{\"Version\":\"2012-10-17\"}",
            policy("{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::guide-site/*\"}"),
            policy("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::guide-site/*\"}"),
            policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:FlyAway\",\"Resource\":\"arn:aws:s3:::guide-site/*\"}"),
            policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ec2:RunInstances\",\"Resource\":\"arn:aws:s3:::guide-site/*\"}"),
            policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::other-bucket/*\"}"),
            policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::guide-site\"}"),
            policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"nobody\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::guide-site/*\"}"),
        }) {
            assertS3Error(() -> putPolicy(bad), 400, "MalformedPolicy");
        }
    }

    @Test
    void anonymousGet_withPublicReadPolicyAndPolicyBlocksOff_answersTheObject() throws Exception {
        s3.putPublicAccessBlock(r -> r.bucket(BUCKET).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                .ignorePublicAcls(true).blockPublicPolicy(false).restrictPublicBuckets(false)));
        putPolicy(policy(TLS_ONLY, PUBLIC_READ));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(BUCKET)).policyStatus().isPublic()).isTrue();

        HttpResponse<String> page = curl("/" + BUCKET + "/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("<h1>hello</h1>");
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html");
        // The policy grants GetObject only: listing and writing stay closed to anonymous callers.
        assertThat(curl("/" + BUCKET).statusCode()).isEqualTo(403);
        assertThat(curl("/" + BUCKET + "/missing.html").statusCode()).isEqualTo(404);
    }

    @Test
    void anonymousGet_whenRestrictPublicBucketsIsOnAgain_isAccessDenied() throws Exception {
        s3.putPublicAccessBlock(r -> r.bucket(BUCKET).publicAccessBlockConfiguration(c -> c.blockPublicPolicy(false)
                .restrictPublicBuckets(false)));
        putPolicy(policy(PUBLIC_READ));
        assertThat(curl("/" + BUCKET + "/index.html").statusCode()).isEqualTo(200);

        s3.putPublicAccessBlock(r -> r.bucket(BUCKET).publicAccessBlockConfiguration(c -> c.blockPublicPolicy(false)
                .restrictPublicBuckets(true)));
        HttpResponse<String> denied = curl("/" + BUCKET + "/index.html");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("<Code>AccessDenied</Code>");
    }

    @Test
    void anonymousGet_withoutAPolicy_isAccessDenied() throws Exception {
        HttpResponse<String> denied = curl("/" + BUCKET + "/index.html");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("<Code>AccessDenied</Code>");
        assertThat(curl("/no-such-bucket/index.html").body()).contains("<Code>NoSuchBucket</Code>");
    }
}
