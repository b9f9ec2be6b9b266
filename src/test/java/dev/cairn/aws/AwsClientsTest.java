package dev.cairn.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.testing.AwsBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AwsClientsTest {

    private static final String REGION = "us-east-1";
    private static final List<String> PROFILE_PROPERTIES =
            List.of("aws.sharedCredentialsFile", "aws.configFile", "aws.disableEc2Metadata");
    private final Map<String, String> savedProperties = new HashMap<>();

    @AfterEach
    void restoreProperties() {
        savedProperties.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private void setProperty(String key, String value) {
        savedProperties.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void apiCalls_countsOneCallPerOperation(AwsBackend backend) {
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            clients.ec2(REGION).describeVpcs();
            clients.ec2(REGION).describeSubnets();
            clients.ec2(REGION).describeVpcs();

            assertThat(clients.apiCalls()).isEqualTo(3);
            assertThat(clients.attempts()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void whoAmI_returnsTheAccount(AwsBackend backend) {
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            CallerIdentity me = clients.whoAmI(REGION);
            assertThat(me.account()).matches("\\d{12}");
            assertThat(me.arn()).startsWith("arn:aws:");
        }
    }

    @Test
    void sandbox_whenThrottledOnce_retriesWithSandboxCredentialsAndCountsTheAttempt() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            boolean throttle = requests.getAndIncrement() == 0;
            String body = throttle
                    ? "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message>"
                            + "</Error></Errors><RequestID>r1</RequestID></Response>"
                    : "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r2</requestId>"
                            + "<vpcSet/></DescribeVpcsResponse>";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(throttle ? 503 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try (AwsClients clients = AwsClients.sandbox(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {
            assertThat(clients.ec2(REGION).describeVpcs().vpcs()).isEmpty();

            assertThat(clients.apiCalls()).isEqualTo(1);
            assertThat(clients.attempts()).isEqualTo(2);
            assertThat(requests).hasValue(2);
            assertThat(authorizations).allSatisfy(a -> assertThat(a).contains("Credential=sandbox/"));
            assertThat(clients.endpoint()).contains(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void ec2_sameRegion_returnsOneSharedClientPerRegion() {
        try (AwsClients clients = AwsClients.sandbox(URI.create("http://127.0.0.1:1"))) {
            assertThat(clients.ec2(REGION)).isSameAs(clients.ec2(REGION));
            assertThat(clients.ec2("eu-west-1")).isNotSameAs(clients.ec2(REGION));
            assertThat(clients.ec2(REGION).serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:1"));
            assertThat(clients.sts(REGION).serviceClientConfiguration().region().id()).isEqualTo(REGION);
        }
    }

    @Test
    void ec2_afterClose_isRefused() {
        AwsClients clients = AwsClients.sandbox(URI.create("http://127.0.0.1:1"));
        clients.ec2(REGION);
        clients.close();
        assertThatThrownBy(() -> clients.ec2(REGION)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void credentialsAvailable_whenNoEnvironmentAndEmptyProfileFiles_isFalse(@TempDir Path dir) throws IOException {
        assumeNoCredentialEnvironment();
        pointProfileFilesAt(dir, "", "");

        assertThat(AwsClients.credentialsAvailable(Optional.empty())).isFalse();
        assertThat(AwsClients.credentialsAvailable(Optional.of("missing"))).isFalse();
    }

    @Test
    void credentialsAvailable_forProfileWithKeys_isTrueAndRegionComesFromConfig(@TempDir Path dir) throws IOException {
        assumeNoCredentialEnvironment();
        assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null
                && System.getProperty("aws.region") == null, "a region is set in the environment");
        pointProfileFilesAt(dir,
                "[learner]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = notARealSecret\n",
                "[profile learner]\nregion = eu-central-1\n");

        assertThat(AwsClients.credentialsAvailable(Optional.of("learner"))).isTrue();
        assertThat(AwsClients.defaultRegion(Optional.of("learner"))).contains("eu-central-1");
        assertThat(AwsClients.defaultRegion(Optional.of("missing"))).isEmpty();
    }

    private void pointProfileFilesAt(Path dir, String credentials, String config) throws IOException {
        Path credentialsFile = Files.writeString(dir.resolve("credentials"), credentials);
        Path configFile = Files.writeString(dir.resolve("config"), config);
        setProperty("aws.sharedCredentialsFile", credentialsFile.toString());
        setProperty("aws.configFile", configFile.toString());
        // Without this the chain would probe the instance metadata service over the network.
        setProperty("aws.disableEc2Metadata", "true");
        assertThat(PROFILE_PROPERTIES).allMatch(p -> System.getProperty(p) != null);
    }

    private static void assumeNoCredentialEnvironment() {
        boolean none = Stream.of("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
                        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI")
                .allMatch(k -> System.getenv(k) == null)
                && System.getProperty("aws.accessKeyId") == null;
        assumeTrue(none, "AWS credentials are set in this environment");
    }
}
