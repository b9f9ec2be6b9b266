package dev.cairn.sandbox;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** Fault injection: throttling that the SDK's retries absorb, and eventual consistency after a create. */
class SandboxFaultsTest {
    private static final Duration WINDOW = Duration.ofSeconds(3);
    private static final int CALLS = 60;

    private SandboxServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void throttleRate_whenSdkRetries_everyCallSucceedsAndServerCountsThrottles() {
        server = SandboxServer.start(SandboxConfig.instant().withThrottleRate(0.3));
        try (Ec2Client ec2 = SandboxClients.retryingEc2(server, 20)) {
            for (int i = 0; i < CALLS; i++) {
                assertThat(ec2.describeAvailabilityZones().availabilityZones()).hasSize(4);
            }
            ec2.createInternetGateway();
            assertThat(ec2.describeInternetGateways().internetGateways()).hasSize(1);
        }
        // With a fixed seed about 30 % of the answers were throttles, and each was retried.
        assertThat(server.throttledCount()).isGreaterThan(CALLS / 10);
        assertThat(server.requestCount()).isEqualTo(CALLS + 2 + server.throttledCount());
    }

    @Test
    void throttleRate_whenClientDoesNotRetry_seesRequestLimitExceededWith503() {
        server = SandboxServer.start(SandboxConfig.instant().withThrottleRate(1.0));
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            Ec2Exception e = catchThrowableOfType(Ec2Exception.class, ec2::describeVpcs);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.isThrottlingException()).isTrue();
        }
    }

    @Test
    void consistencyWindow_whenDescribedRightAfterCreate_isNotFoundThenVisible() throws InterruptedException {
        server = SandboxServer.start(SandboxConfig.instant().withConsistencyWindow(WINDOW));
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            // Warm the client up first, so its one-time start-up cost does not eat the window.
            ec2.describeVpcs();
            String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();

            assertEc2Error(() -> ec2.describeVpcs(r -> r.vpcIds(vpcId)), "InvalidVpcID.NotFound");
            assertEc2Error(() -> ec2.modifyVpcAttribute(r -> r.vpcId(vpcId)
                    .enableDnsHostnames(b -> b.value(true))), "InvalidVpcID.NotFound");
            assertThat(ec2.describeVpcs().vpcs()).isEmpty();

            Thread.sleep(WINDOW.toMillis() + 100);

            assertThat(ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs()).hasSize(1);
        }
    }

    @Test
    void consistencyWindow_whenZero_createdResourceIsVisibleAtOnce() {
        server = SandboxServer.start(SandboxConfig.instant());
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            assertThat(ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs()).hasSize(1);
        }
    }
}
