package dev.cairn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Vpc;

class SandboxSmokeTest {
    private SandboxServer server;
    private Ec2Client ec2;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        ec2 = SandboxClients.ec2(server);
    }

    @AfterEach
    void stop() {
        ec2.close();
        server.close();
    }

    @Test
    void createVpc_whenDescribed_returnsIt() {
        Vpc vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc();
        assertThat(vpc.vpcId()).matches("vpc-[0-9a-f]{17}");
        assertThat(ec2.describeVpcs(r -> r.vpcIds(vpc.vpcId())).vpcs()).extracting(Vpc::cidrBlock).containsExactly("10.0.0.0/16");
    }
}
