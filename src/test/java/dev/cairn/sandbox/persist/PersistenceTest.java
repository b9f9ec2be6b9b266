package dev.cairn.sandbox.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/**
 * What the Sandbox does with its files when things go wrong: a damaged or too-new state file, the
 * old single-file state, a save that fails (no twin after the SDK's retry), a leftover temporary
 * file, and a request body over the limit.
 */
class PersistenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EC2_FILE = "ec2.json";

    @TempDir
    Path dataDir;
    private SandboxServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private SandboxServer start() {
        server = SandboxServer.start(SandboxConfig.instant().withDataDir(dataDir));
        return server;
    }

    private String createVpc() {
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            return ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        }
    }

    private int vpcCount() {
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            return ec2.describeVpcs().vpcs().size();
        }
    }

    /** A folder where the save's temporary file must go: every save of EC2 then fails, as on a broken disk. */
    private Path blockSaves() throws Exception {
        Path blocker = Files.createDirectories(dataDir.resolve(EC2_FILE + StateFile.TMP_SUFFIX));
        Files.writeString(blocker.resolve("keep"), "not empty, so it cannot be replaced");
        return blocker;
    }

    private static void unblock(Path blocker) throws Exception {
        Files.delete(blocker.resolve("keep"));
        Files.delete(blocker);
    }

    @Test
    void start_whenStateFileDamaged_startsEmptyAndSaysWhichFileItSetAside() throws Exception {
        start();
        createVpc();
        server.close();
        // Cut off halfway (as a crash mid-write would): never valid JSON, whatever the file's layout,
        // where a byte overwritten in the middle may land inside a string and leave it readable.
        byte[] whole = Files.readAllBytes(dataDir.resolve(EC2_FILE));
        byte[] bytes = java.util.Arrays.copyOf(whole, whole.length / 2);
        Files.write(dataDir.resolve(EC2_FILE), bytes);

        start();

        assertThat(server.setAside()).singleElement().satisfies(s -> {
            assertThat(s.file()).isEqualTo(dataDir.resolve(EC2_FILE));
            assertThat(s.movedTo().getFileName().toString()).startsWith(EC2_FILE + ".unreadable-");
            assertThat(Files.readAllBytes(s.movedTo())).isEqualTo(bytes);
        });
        assertThat(vpcCount()).isZero();
        JsonNode health = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.endpoint().resolve("/_sandbox/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("setAside").get(0).get("file").asText()).endsWith(EC2_FILE);
    }

    @Test
    void start_whenFileIsOfANewerSchema_setsItAsideRatherThanOverwritingIt() throws Exception {
        Files.writeString(dataDir.resolve(EC2_FILE), "{\"schemaVersion\":99,\"state\":{}}");

        start();

        assertThat(server.setAside()).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("newer").contains("99"));
        createVpc();
        assertThat(vpcCount()).isEqualTo(1);
    }

    @Test
    void start_whenOnlyTheOldSingleStateFileExists_importsItOnceAndKeepsIt() throws Exception {
        start();
        String vpcId = createVpc();
        server.close();
        // The same records as the Sandbox before per-service files wrote them: sandbox-state.json.
        ObjectNode state = (ObjectNode) JSON.readTree(dataDir.resolve(EC2_FILE).toFile()).get("state");
        ObjectNode legacy = JSON.createObjectNode();
        ObjectNode accounts = legacy.putObject("accounts");
        ObjectNode peerings = legacy.putObject("peerings");
        state.get("accounts").fields().forEachRemaining(a -> {
            accounts.set(a.getKey(), a.getValue().get("regions"));
            peerings.set(a.getKey(), a.getValue().get("peerings"));
        });
        Files.delete(dataDir.resolve(EC2_FILE));
        Files.writeString(dataDir.resolve("sandbox-state.json"), legacy.toPrettyString());

        start();

        assertThat(server.setAside()).isEmpty();
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            assertThat(ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs()).hasSize(1);
        }
        assertThat(dataDir.resolve(EC2_FILE)).exists();
        assertThat(dataDir.resolve("sandbox-state.json")).doesNotExist();
        assertThat(dataDir.resolve("sandbox-state.json.imported")).exists();
    }

    @Test
    void save_whenItFails_answers500AndUndoesTheChange() throws Exception {
        start();
        Path blocker = blockSaves();
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            Ec2Exception e = catchThrowableOfType(Ec2Exception.class, () -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")));
            assertThat(e.statusCode()).isEqualTo(500);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
            // The failed change is gone from memory too: a read sees what is on disk.
            assertThat(ec2.describeVpcs().vpcs()).isEmpty();
            unblock(blocker);
            ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16"));
            assertThat(ec2.describeVpcs().vpcs()).hasSize(1);
        }
        server.close();
        start();
        assertThat(vpcCount()).isEqualTo(1);
    }

    @Test
    void save_whenItFailsAndTheSdkRetriesAfterTheDiskRecovers_makesNoTwin() throws Exception {
        start();
        Path blocker = blockSaves();
        AtomicInteger attempts = new AtomicInteger();
        ExecutionInterceptor diskRecoversOnRetry = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (attempts.incrementAndGet() == 2) {
                    try {
                        unblock(blocker);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        try (Ec2Client retrying = Ec2Client.builder()
                .endpointOverride(server.endpoint()).region(SandboxClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(diskRecoversOnRetry)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3)
                                .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5))).build()))
                .build()) {
            retrying.createVpc(r -> r.cidrBlock("10.0.0.0/16"));
        }

        assertThat(attempts.get()).as("the first attempt failed (500) and the SDK retried").isEqualTo(2);
        assertThat(vpcCount()).isEqualTo(1);
    }

    @Test
    void save_whenRunInstancesFails_theRetryWithTheSameClientTokenLaunchesOnce() throws Exception {
        start();
        String subnetId;
        String imageId;
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.1.0/24")).subnet().subnetId();
            imageId = ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                    .values("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64").build())).images().get(0).imageId();
            Path blocker = blockSaves();
            Ec2Exception e = catchThrowableOfType(Ec2Exception.class, () -> ec2.runInstances(r -> r.imageId(imageId)
                    .instanceType(InstanceType.T3_MICRO).subnetId(subnetId).minCount(1).maxCount(1).clientToken("t-1")));
            assertThat(e.statusCode()).isEqualTo(500);
            unblock(blocker);
            String first = ec2.runInstances(r -> r.imageId(imageId).instanceType(InstanceType.T3_MICRO)
                    .subnetId(subnetId).minCount(1).maxCount(1).clientToken("t-1")).instances().get(0).instanceId();
            String again = ec2.runInstances(r -> r.imageId(imageId).instanceType(InstanceType.T3_MICRO)
                    .subnetId(subnetId).minCount(1).maxCount(1).clientToken("t-1")).instances().get(0).instanceId();

            assertThat(again).isEqualTo(first);
            assertThat(ec2.describeInstances().reservations()).flatExtracting(r -> r.instances()).hasSize(1);
            assertThat(ec2.describeNetworkInterfaces().networkInterfaces()).hasSize(1);
        }
    }

    @Test
    void start_whenATemporaryFileOfAKilledSaveIsLeft_readsTheLastSavedFileAndRemovesIt() throws Exception {
        start();
        String vpcId = createVpc();
        server.close();
        // A save killed half way leaves its temporary file; the real file is the last whole one.
        Files.writeString(dataDir.resolve(EC2_FILE + StateFile.TMP_SUFFIX), "{\"schemaVersion\":1,\"sta");

        start();

        assertThat(server.setAside()).isEmpty();
        assertThat(dataDir.resolve(EC2_FILE + StateFile.TMP_SUFFIX)).doesNotExist();
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            assertThat(ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs()).hasSize(1);
        }
    }

    @Test
    void request_whenBodyIsOverTheLimit_answersRequestEntityTooLargeInsteadOfCuttingIt() throws Exception {
        start();
        byte[] padding = new byte[6 * 1024 * 1024];
        Arrays.fill(padding, (byte) 'a');
        // The Action at the end of a 6 MiB body: a cut body would lose it (MissingParameter).
        String body = "Version=2016-11-15&Padding=" + new String(padding, StandardCharsets.US_ASCII)
                + "&Action=DescribeVpcs";
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=sandbox/20261125/ap-northeast-2/ec2/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(raw.statusCode()).isEqualTo(413);
        assertThat(raw.body()).contains("<Code>RequestEntityTooLarge</Code>").contains("4194304");
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            Ec2Exception e = catchThrowableOfType(Ec2Exception.class, () -> ec2.importKeyPair(r -> r.keyName("big")
                    .publicKeyMaterial(SdkBytes.fromByteArray(padding))));
            assertThat(e.statusCode()).isEqualTo(413);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestEntityTooLarge");
            // The connection and the server are fine afterwards.
            assertThat(ec2.describeKeyPairs().keyPairs()).isEmpty();
        }
    }
}
