package dev.cairn.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxServer;
import java.net.InetAddress;
import java.net.URI;
import org.assertj.core.api.ThrowableAssert;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3 clients against a Sandbox, and error assertions, for the S3 tests. */
final class S3Fixture {
    static final Region REGION = SandboxClients.REGION;
    /** A second account: any access key other than {@code sandbox} lands in another account. */
    static final String OTHER_KEY = "other-team";

    private S3Fixture() {
    }

    /** A path-style, no-retry client of the default account in ap-northeast-2, as the app builds it. */
    static S3Client s3(SandboxServer server) {
        return s3(server, REGION, SandboxClients.ACCESS_KEY);
    }

    static S3Client s3(SandboxServer server, Region region, String accessKey) {
        return SandboxClients.noRetry(S3Client.builder().forcePathStyle(true), server, region, accessKey);
    }

    /** A client addressing buckets by host name ({@code bucket.localhost}), resolved to loopback here. */
    static S3Client virtualHosted(SandboxServer server) {
        return S3Client.builder()
                .endpointOverride(URI.create("http://localhost:" + server.endpoint().getPort()))
                .forcePathStyle(false)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .dnsResolver(h -> new InetAddress[] {InetAddress.getLoopbackAddress()}))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Asserts the call fails with this S3 status and error code; returns the message. */
    static String assertS3Error(ThrowableAssert.ThrowingCallable call, int status, String code) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(S3Exception.class);
        S3Exception e = (S3Exception) thrown;
        assertThat(e.statusCode()).as("status of %s", e.getMessage()).isEqualTo(status);
        if (code != null) {
            assertThat(e.awsErrorDetails().errorCode()).as("code of %s", e.getMessage()).isEqualTo(code);
        }
        return e.awsErrorDetails().errorMessage();
    }
}
