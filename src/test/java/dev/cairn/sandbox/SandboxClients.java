package dev.cairn.sandbox;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Real SDK v2 clients pointed at a Sandbox, the way the app builds them. */
public final class SandboxClients {
    public static final Region REGION = Region.AP_NORTHEAST_2;
    public static final String ACCESS_KEY = "sandbox";

    private SandboxClients() {
    }

    public static Ec2Client ec2(SandboxServer server) {
        return ec2(server, REGION, ACCESS_KEY);
    }

    public static Ec2Client ec2(SandboxServer server, Region region, String accessKey) {
        return noRetry(Ec2Client.builder(), server, region, accessKey);
    }

    /**
     * Any service's client builder pointed at the Sandbox with that region and access key, built
     * without retries: errors are the point of most tests, so none is retried unless a test asks.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C noRetry(B builder,
            SandboxServer server, Region region, String accessKey) {
        return builder.endpointOverride(server.endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "sandbox")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A client that retries like the app: many attempts, short backoff, no circuit breaker. */
    public static Ec2Client retryingEc2(SandboxServer server, int maxAttempts) {
        return Ec2Client.builder()
                .endpointOverride(server.endpoint())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "sandbox")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(maxAttempts)
                        .circuitBreakerEnabled(false)
                        .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(2)))
                        .throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(2)))
                        .build()))
                .build();
    }

    public static SsmClient ssm(SandboxServer server, Region region) {
        return noRetry(SsmClient.builder(), server, region, ACCESS_KEY);
    }

    public static StsClient sts(SandboxServer server, String accessKey) {
        return StsClient.builder()
                .endpointOverride(server.endpoint())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "sandbox")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    /** Asserts the call fails with this EC2 error code; returns the error message for more checks. */
    public static String assertEc2Error(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        org.assertj.core.api.Assertions.assertThat(thrown).isInstanceOf(Ec2Exception.class);
        Ec2Exception e = (Ec2Exception) thrown;
        org.assertj.core.api.Assertions.assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        return e.awsErrorDetails().errorMessage();
    }
}
