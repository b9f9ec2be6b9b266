package dev.cairn.aws;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codeconnections.CodeConnectionsClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The one place that builds AWS SDK clients. Each client is built once per (service, region) and
 * shared, since SDK clients are thread-safe; all share one Apache HTTP client, one credentials
 * provider, one retry strategy and one {@link ApiCallCounter}. Closing the factory closes every
 * client and the HTTP client.
 *
 * <p>Credentials are never logged: this class passes providers to the SDK and never resolves
 * them itself except in {@link #credentialsAvailable(Optional)}, which only reports a boolean.
 */
public final class AwsClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);

    /**
     * Attempts per API call, the first included. Throttling ({@code RequestLimitExceeded}) is
     * retried by the SDK's standard strategy with its throttling backoff; 10 attempts carry a run
     * through a 30 % throttle rate (the chance that one call fails 10 times is 0.3^10 ≈ 6e-6).
     */
    public static final int MAX_ATTEMPTS = 10;
    /** Route 53's global endpoint is signed for this region (the SDK's {@code aws-global} maps to it). */
    public static final String ROUTE53_SIGNING_REGION = "us-east-1";
    /** IAM's global endpoint ({@code iam.amazonaws.com}) is signed for this region too. */
    public static final String IAM_SIGNING_REGION = "us-east-1";
    /** Bound on one HTTP attempt; EC2 answers in well under a second when healthy. */
    public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    /** Bound on one API call including all retries and their backoff. */
    public static final Duration API_CALL_TIMEOUT = Duration.ofMinutes(3);
    /** Connections in the shared pool; the engine walks up to ~10 resources at once, each may poll. */
    public static final int MAX_CONNECTIONS = 64;
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    /** Credentials for the Sandbox, which accepts any signature; not a secret. */
    static final String SANDBOX_ACCESS_KEY = "sandbox";
    static final String SANDBOX_SECRET_KEY = "sandbox";

    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpoint;
    private final SdkHttpClient http;
    private final ApiCallCounter counter = new ApiCallCounter();
    private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private AwsClients(AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.http = ApacheHttpClient.builder()
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(CONNECTION_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
    }

    /** Clients for the Sandbox (or another AWS-compatible endpoint) at {@code endpoint}. */
    public static AwsClients sandbox(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        return new AwsClients(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY)),
                Optional.of(endpoint));
    }

    /**
     * Clients for a real account, finding credentials the way every AWS tool does: the default
     * chain (environment, profiles, SSO, container, instance) or, given a profile name, that
     * profile. Without an explicit endpoint the SDK itself honours {@code AWS_ENDPOINT_URL},
     * {@code AWS_ENDPOINT_URL_<SERVICE>} and {@code endpoint_url} in the config file.
     */
    public static AwsClients fromEnvironment(Optional<String> profile, Optional<String> endpoint) {
        return new AwsClients(credentialsProvider(profile), endpoint.map(URI::create));
    }

    /** The region the SDK's chain finds ({@code AWS_REGION}, the profile's {@code region}, …). */
    public static Optional<String> defaultRegion(Optional<String> profile) {
        DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
        profile.ifPresent(chain::profileName);
        try {
            return Optional.of(chain.build().getRegion().id());
        } catch (SdkException e) {
            LOG.debug("no default region: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether credentials resolve for the profile (or the default chain); never throws. */
    public static boolean credentialsAvailable(Optional<String> profile) {
        AwsCredentialsProvider provider = credentialsProvider(profile);
        try {
            return provider.resolveCredentials() != null;
        } catch (RuntimeException e) {
            // The message names the providers tried; it never contains a secret.
            LOG.debug("no AWS credentials: {}", e.getMessage());
            return false;
        } finally {
            closeQuietly(provider);
        }
    }

    /**
     * Whether a profile of this name is in the AWS config or credentials file (where
     * {@code AWS_CONFIG_FILE} and {@code AWS_SHARED_CREDENTIALS_FILE} say, else {@code ~/.aws}).
     * Reads only the files; resolves no credentials.
     */
    public static boolean profileExists(String name) {
        return ProfileFile.defaultProfileFile().profile(name).isPresent();
    }

    /** The AWS config and credentials files the SDK reads, for messages that name them. */
    public static List<Path> profileFiles() {
        return List.of(ProfileFileLocation.configurationFilePath(), ProfileFileLocation.credentialsFilePath());
    }

    private static AwsCredentialsProvider credentialsProvider(Optional<String> profile) {
        return profile.<AwsCredentialsProvider>map(ProfileCredentialsProvider::create)
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    public Ec2Client ec2(String region) {
        return client("ec2", region, Ec2Client.class, () -> configure(Ec2Client.builder(), region).httpClient(http).build());
    }

    public StsClient sts(String region) {
        return client("sts", region, StsClient.class, () -> configure(StsClient.builder(), region).httpClient(http).build());
    }

    public SsmClient ssm(String region) {
        return client("ssm", region, SsmClient.class, () -> configure(SsmClient.builder(), region).httpClient(http).build());
    }

    public ElasticLoadBalancingV2Client elbv2(String region) {
        return client("elbv2", region, ElasticLoadBalancingV2Client.class,
                () -> configure(ElasticLoadBalancingV2Client.builder(), region).httpClient(http).build());
    }

    public AutoScalingClient autoScaling(String region) {
        return client("autoscaling", region, AutoScalingClient.class,
                () -> configure(AutoScalingClient.builder(), region).httpClient(http).build());
    }

    public AcmClient acm(String region) {
        return client("acm", region, AcmClient.class, () -> configure(AcmClient.builder(), region).httpClient(http).build());
    }

    /** The Resource Groups Tagging API of a region: what a stack left, across services, in one paginated call. */
    public ResourceGroupsTaggingApiClient tagging(String region) {
        return client("tagging", region, ResourceGroupsTaggingApiClient.class,
                () -> configure(ResourceGroupsTaggingApiClient.builder(), region).httpClient(http).build());
    }

    /**
     * Route 53 is global: one client whatever the stack's region, signed for
     * {@link #ROUTE53_SIGNING_REGION} as AWS's global endpoint requires.
     */
    public Route53Client route53() {
        return client("route53", ROUTE53_SIGNING_REGION, Route53Client.class,
                () -> configure(Route53Client.builder(), ROUTE53_SIGNING_REGION).httpClient(http).build());
    }

    /**
     * S3 of a region. Against a local endpoint (the Sandbox, moto) requests are path-style: a
     * virtual-hosted {@code bucket.127.0.0.1} host does not resolve.
     */
    public S3Client s3(String region) {
        return client("s3", region, S3Client.class, () -> configure(S3Client.builder(), region)
                .forcePathStyle(endpoint.isPresent())
                .httpClient(http).build());
    }

    public DynamoDbClient dynamoDb(String region) {
        return client("dynamodb", region, DynamoDbClient.class,
                () -> configure(DynamoDbClient.builder(), region).httpClient(http).build());
    }

    public EcrClient ecr(String region) {
        return client("ecr", region, EcrClient.class, () -> configure(EcrClient.builder(), region).httpClient(http).build());
    }

    public EcsClient ecs(String region) {
        return client("ecs", region, EcsClient.class, () -> configure(EcsClient.builder(), region).httpClient(http).build());
    }

    public CodeBuildClient codeBuild(String region) {
        return client("codebuild", region, CodeBuildClient.class,
                () -> configure(CodeBuildClient.builder(), region).httpClient(http).build());
    }

    public CodeDeployClient codeDeploy(String region) {
        return client("codedeploy", region, CodeDeployClient.class,
                () -> configure(CodeDeployClient.builder(), region).httpClient(http).build());
    }

    public CodePipelineClient codePipeline(String region) {
        return client("codepipeline", region, CodePipelineClient.class,
                () -> configure(CodePipelineClient.builder(), region).httpClient(http).build());
    }

    public CodeConnectionsClient codeConnections(String region) {
        return client("codeconnections", region, CodeConnectionsClient.class,
                () -> configure(CodeConnectionsClient.builder(), region).httpClient(http).build());
    }

    public CloudWatchLogsClient logs(String region) {
        return client("logs", region, CloudWatchLogsClient.class,
                () -> configure(CloudWatchLogsClient.builder(), region).httpClient(http).build());
    }

    /**
     * IAM is global: one client whatever the stack's region, signed for
     * {@link #IAM_SIGNING_REGION} as AWS's global endpoint requires.
     */
    public IamClient iam() {
        return client("iam", IAM_SIGNING_REGION, IamClient.class,
                () -> configure(IamClient.builder(), IAM_SIGNING_REGION).httpClient(http).build());
    }

    /** The account and identity the credentials belong to. */
    public CallerIdentity whoAmI(String region) {
        GetCallerIdentityResponse r = sts(region).getCallerIdentity();
        return new CallerIdentity(r.account(), r.arn(), r.userId());
    }

    /** API operations executed through these clients so far (retries not counted). */
    public long apiCalls() {
        return counter.calls();
    }

    /**
     * {@link #apiCalls()} by the kind and phase of the engine's node that made each call
     * ({@code "NAT_GATEWAY ready"}; {@code "other"} outside any handler call).
     */
    public java.util.Map<String, Long> apiCallsByKind() {
        return counter.callsByKind();
    }

    /** HTTP attempts made so far, retries included. */
    public long attempts() {
        return counter.attempts();
    }

    /** The endpoint override every client uses, if any. */
    public Optional<URI> endpoint() {
        return endpoint;
    }

    private <T extends SdkClient> T client(String service, String region, Class<T> type, Supplier<T> factory) {
        Objects.requireNonNull(region, "region");
        if (closed) {
            throw new IllegalStateException("AwsClients is closed");
        }
        return type.cast(clients.computeIfAbsent(service + "/" + region, key -> factory.get()));
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region) {
        builder.region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS)
                                // The engine bounds retries per resource itself; a client-side
                                // circuit breaker would fail healthy calls during a throttling burst.
                                .circuitBreakerEnabled(false)
                                .build())
                        .apiCallTimeout(API_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                        .addExecutionInterceptor(counter)
                        .build());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public void close() {
        closed = true;
        List<SdkClient> open = new ArrayList<>(clients.values());
        clients.clear();
        open.forEach(AwsClients::closeQuietly);
        http.close();
        closeQuietly(credentials);
    }

    private static void closeQuietly(Object resource) {
        if (resource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
