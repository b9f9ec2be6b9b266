package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SandboxConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** The Access resources under the Sandbox's faults and across a restart. */
class AccessResilienceTest {
    private static final Duration WINDOW = Duration.ofMillis(1000);
    private static final Duration WAITER_DELAY = Duration.ofMillis(20);

    @TempDir
    Path dataDir;
    private SandboxServer server;
    private Ec2Client ec2;

    @AfterEach
    void stop() {
        if (ec2 != null) {
            ec2.close();
            server.close();
        }
    }

    private String image() {
        return ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                .values("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64").build())).images().get(0).imageId();
    }

    @Test
    void consistencyWindow_whenDescribedRightAfterCreate_newAccessResourcesAreNotFoundThenVisible() throws Exception {
        server = SandboxServer.start(SandboxConfig.instant().withConsistencyWindow(WINDOW));
        ec2 = SandboxClients.ec2(server);
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        Thread.sleep(WINDOW.toMillis() + 50);
        String sg = ec2.createSecurityGroup(r -> r.groupName("web").description("web").vpcId(vpcId)).groupId();
        String keyId = ec2.createKeyPair(r -> r.keyName("ops").keyType("ed25519")).keyPairId();

        assertEc2Error(() -> ec2.describeSecurityGroups(r -> r.groupIds(sg)), "InvalidGroup.NotFound");
        assertEc2Error(() -> ec2.describeKeyPairs(r -> r.keyPairIds(keyId)), "InvalidKeyPair.NotFound");
        assertThat(ec2.describeKeyPairs().keyPairs()).isEmpty();
        Thread.sleep(WINDOW.toMillis() + 50);
        assertThat(ec2.describeSecurityGroups(r -> r.groupIds(sg)).securityGroups()).hasSize(1);
        assertThat(ec2.describeKeyPairs(r -> r.keyPairIds(keyId)).keyPairs()).hasSize(1);
    }

    @Test
    void restart_whileInstancePending_resumesAndReachesRunning() {
        server = SandboxServer.start(SandboxConfig.realistic(0.1).withDataDir(dataDir));
        ec2 = SandboxClients.ec2(server);
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.1.0/24")).subnet().subnetId();
        String imageId = image();
        String id = ec2.runInstances(r -> r.imageId(imageId).instanceType(InstanceType.T3_MICRO).subnetId(subnetId)
                .minCount(1).maxCount(1)).instances().get(0).instanceId();
        ec2.close();
        server.close();

        server = SandboxServer.start(SandboxConfig.realistic(0.1).withDataDir(dataDir));
        ec2 = SandboxClients.ec2(server);
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration
                .builder().backoffStrategyV2(BackoffStrategy.fixedDelay(WAITER_DELAY)).maxAttempts(300).build()).build()) {
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(id));
        }
        assertThat(ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).state().name())
                .isEqualTo(InstanceStateName.RUNNING);
        assertEc2Error(() -> ec2.deleteSubnet(r -> r.subnetId(subnetId)), "DependencyViolation");
    }
}
