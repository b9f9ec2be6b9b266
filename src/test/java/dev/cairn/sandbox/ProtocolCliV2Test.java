package dev.cairn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The AWS CLI v2 against each protocol of the services the Sandbox models: EC2 (ec2 query), STS
 * (awsQuery), SSM (awsJson 1.1) — answers and errors as botocore reads them. The SDK side of the
 * same calls is in the services' own tests.
 */
class ProtocolCliV2Test {
    private static final String SEOUL = "ap-northeast-2";

    @TempDir
    Path home;
    private SandboxServer server;

    @BeforeEach
    void start() {
        AwsCli.assumeV2();
        server = SandboxServer.start(SandboxConfig.instant());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ec2Protocol_describeVpcs_readsWhatTheSdkCreated() {
        String vpcId;
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        }
        JsonNode vpcs = AwsCli.run(server, home, SEOUL, "ec2", "describe-vpcs").json().get("Vpcs");

        assertThat(vpcs).hasSize(1);
        assertThat(vpcs.get(0).get("VpcId").asText()).isEqualTo(vpcId);
        assertThat(vpcs.get(0).get("State").asText()).isEqualTo("available");
    }

    @Test
    void ec2Protocol_whenIdUnknown_cliReportsTheAwsErrorCode() {
        AwsCli.Result r = AwsCli.run(server, home, SEOUL, "ec2", "describe-vpcs", "--vpc-ids", "vpc-0123456789abcdef0");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("InvalidVpcID.NotFound").contains("vpc-0123456789abcdef0");
    }

    @Test
    void queryProtocol_stsGetCallerIdentity_namesTheSandboxAccount() {
        JsonNode me = AwsCli.run(server, home, SEOUL, "sts", "get-caller-identity").json();

        assertThat(me.get("Account").asText()).isEqualTo("000000000000");
        assertThat(me.get("Arn").asText()).isEqualTo("arn:aws:iam::000000000000:user/sandbox");
    }

    @Test
    void json11Protocol_ssmGetParameter_andItsError() {
        JsonNode p = AwsCli.run(server, home, SEOUL, "ssm", "get-parameter", "--name",
                "/aws/service/global-infrastructure/regions/ap-northeast-2/longName").json().get("Parameter");
        AwsCli.Result missing = AwsCli.run(server, home, SEOUL, "ssm", "get-parameter", "--name", "/no/such");

        assertThat(p.get("Value").asText()).isEqualTo("Asia Pacific (Seoul)");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("ParameterNotFound");
    }
}
