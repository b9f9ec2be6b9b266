package dev.cairn.sandbox.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * A Sandbox process killed (SIGKILL) while clients keep changing its state and a NAT gateway is
 * pending: the next start reads its files without setting any aside, keeps every change the
 * clients were told succeeded, and the NAT gateway goes on to {@code available} from its timestamps.
 */
class KillDuringSaveTest {
    /** NAT gateway ≈ 100 s × 0.05 = 5 s: still pending at the kill, soon available after. */
    private static final double TIME_SCALE = 0.05;
    private static final long WRITE_MILLIS = 1_500;
    private static final int WRITERS = 3;
    private static final long START_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dataDir;

    private static Ec2Client client(URI endpoint) {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.AP_NORTHEAST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void kill_whileSaving_restartKeepsEveryAcknowledgedChangeAndResumesTransitions() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SandboxProcess.class.getName(), dataDir.toString(), String.valueOf(TIME_SCALE))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        String natId;
        try {
            URI endpoint = awaitEndpoint(child);
            try (Ec2Client ec2 = client(endpoint)) {
                String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
                String subnet = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.1.0/24")).subnet().subnetId();
                String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
                ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
                acknowledged.add(igw);
                String eip = ec2.allocateAddress().allocationId();
                natId = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(eip)).natGateway().natGatewayId();

                ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_MILLIS);
                List<Future<?>> loops = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    loops.add(writers.submit(() -> {
                        while (System.nanoTime() < deadline) {
                            acknowledged.add(ec2.createInternetGateway().internetGateway().internetGatewayId());
                        }
                        return null;
                    }));
                }
                // Kill while the writers are still going: saves are in flight.
                Thread.sleep(WRITE_MILLIS / 2);
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                for (Future<?> loop : loops) {
                    try {
                        loop.get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException expected) {
                        // The connection died with the process: that call was never acknowledged.
                    }
                }
                writers.shutdownNow();
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(acknowledged).as("changes acknowledged before the kill").hasSizeGreaterThan(3);

        try (SandboxServer server = SandboxServer.start(SandboxConfig.realistic(TIME_SCALE).withDataDir(dataDir));
             Ec2Client ec2 = client(server.endpoint());
             Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration.builder()
                     .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100))).maxAttempts(200).build())
                     .build()) {
            assertThat(server.setAside()).isEmpty();
            List<String> igws = ec2.describeInternetGatewaysPaginator(r -> r.maxResults(100)).internetGateways().stream()
                    .map(InternetGateway::internetGatewayId).toList();
            assertThat(igws).containsAll(acknowledged);
            waiter.waitUntilNatGatewayAvailable(r -> r.natGatewayIds(natId));
        }
    }

    private static URI awaitEndpoint(Process child) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<String> line = reader.submit(() -> {
                BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.startsWith(SandboxProcess.READY)) {
                        return l.substring(SandboxProcess.READY.length()).trim();
                    }
                }
                throw new IllegalStateException("the Sandbox process ended before it listened");
            });
            return URI.create(line.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } finally {
            reader.shutdownNow();
        }
    }
}
