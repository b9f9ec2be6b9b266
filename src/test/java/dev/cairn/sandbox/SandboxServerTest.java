package dev.cairn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.core.Call;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The server as a whole: identity, isolation, persistence, control API, protocol errors, the AWS CLI. */
class SandboxServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The AWS CLI v1 needs a couple of seconds to start Python and load botocore. */
    private static final long CLI_TIMEOUT_SECONDS = 60;

    private final HttpClient http = HttpClient.newHttpClient();
    private SandboxServer server;

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Vpc createTaggedVpc(Ec2Client ec2) {
        return ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16").tagSpecifications(TagSpecification.builder().resourceType("vpc")
                .tags(Tag.builder().key("cairn:stack").value("demo").build()).build())).vpc();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String authorization, String body, String target)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.endpoint().resolve(path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        return send(b.build());
    }

    private static String scope(String service) {
        return "AWS4-HMAC-SHA256 Credential=sandbox/20261125/ap-northeast-2/" + service
                + "/aws4_request, SignedHeaders=host, Signature=0";
    }

    @Test
    void getCallerIdentity_whenDefaultKey_returnsZeroAccountAndSandboxUser() {
        server = SandboxServer.start(SandboxConfig.instant());
        try (StsClient sts = SandboxClients.sts(server, "sandbox")) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            assertThat(me.account()).isEqualTo("000000000000");
            assertThat(me.arn()).isEqualTo("arn:aws:iam::000000000000:user/sandbox");
            assertThat(me.userId()).startsWith("AIDA");
        }
    }

    @Test
    void getCallerIdentity_whenOtherKey_returnsStableTwelveDigitAccountMatchingOwnerIds() {
        server = SandboxServer.start(SandboxConfig.instant());
        try (StsClient sts = SandboxClients.sts(server, "AKIAEXAMPLEOTHER");
             Ec2Client ec2 = SandboxClients.ec2(server, SandboxClients.REGION, "AKIAEXAMPLEOTHER")) {
            String account = sts.getCallerIdentity().account();
            assertThat(account).matches("[1-9][0-9]{11}").isEqualTo(Call.accountFor("AKIAEXAMPLEOTHER"));
            assertThat(sts.getCallerIdentity().account()).isEqualTo(account);
            assertThat(createTaggedVpc(ec2).ownerId()).isEqualTo(account);
        }
    }

    @Test
    void requests_whenSentInParallel_areAllAppliedOnce() throws Exception {
        server = SandboxServer.start(SandboxConfig.instant());
        int calls = 40;
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<String>> ids = new java.util.ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    ids.add(pool.submit(() -> ec2.createInternetGateway().internetGateway().internetGatewayId()));
                }
                java.util.Set<String> distinct = new java.util.HashSet<>();
                for (var id : ids) {
                    distinct.add(id.get(30, TimeUnit.SECONDS));
                }
                assertThat(distinct).hasSize(calls);
            } finally {
                pool.shutdown();
            }
            assertThat(ec2.describeInternetGatewaysPaginator(r -> r.maxResults(7)).internetGateways()).hasSize(calls);
        }
    }

    @Test
    void state_whenOtherRegion_isIsolated() {
        server = SandboxServer.start(SandboxConfig.instant());
        try (Ec2Client seoul = SandboxClients.ec2(server);
             Ec2Client tokyo = SandboxClients.ec2(server, Region.AP_NORTHEAST_1, "sandbox")) {
            String vpcId = createTaggedVpc(seoul).vpcId();
            assertThat(tokyo.describeVpcs().vpcs()).isEmpty();
            SandboxClients.assertEc2Error(() -> tokyo.describeVpcs(r -> r.vpcIds(vpcId)), "InvalidVpcID.NotFound");
            assertThat(seoul.describeVpcs().vpcs()).hasSize(1);
        }
    }

    @Test
    void state_whenOtherAccount_isIsolated() {
        server = SandboxServer.start(SandboxConfig.instant());
        try (Ec2Client mine = SandboxClients.ec2(server);
             Ec2Client theirs = SandboxClients.ec2(server, SandboxClients.REGION, "AKIAEXAMPLEOTHER")) {
            createTaggedVpc(mine);
            assertThat(theirs.describeVpcs().vpcs()).isEmpty();
            assertThat(server.resources()).extracting(m -> m.get("account")).containsOnly("000000000000");
        }
    }

    @Test
    void close_whenDataDirSet_stateSurvivesRestart() {
        SandboxConfig config = SandboxConfig.instant().withDataDir(dataDir);
        server = SandboxServer.start(config);
        String vpcId;
        String natId;
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            vpcId = createTaggedVpc(ec2).vpcId();
            String subnet = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.1.0/24")).subnet().subnetId();
            String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
            ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
            String eip = ec2.allocateAddress().allocationId();
            natId = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(eip)).natGateway().natGatewayId();
        }
        // Saved after each mutating request, before close: a crash would not lose it either.
        assertThat(dataDir.resolve("ec2.json")).exists();
        server.close();

        server = SandboxServer.start(config);
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            Vpc vpc = ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs().get(0);
            assertThat(vpc.tags()).extracting(Tag::key).containsExactly("cairn:stack");
            assertThat(ec2.describeNatGateways(r -> r.natGatewayIds(natId)).natGateways().get(0).state())
                    .isEqualTo(NatGatewayState.AVAILABLE);
            assertThat(ec2.describeRouteTables().routeTables()).hasSize(1);
            SandboxClients.assertEc2Error(() -> ec2.deleteVpc(r -> r.vpcId(vpcId)), "DependencyViolation");
        }
    }

    @Test
    void close_whenNatPendingAtRestart_resumesFromTimestampsAndBecomesAvailable() {
        // 100 s × 0.03 = 3 s: the gateway is still pending when the server comes back.
        SandboxConfig config = SandboxConfig.realistic(0.03).withDataDir(dataDir);
        server = SandboxServer.start(config);
        String natId;
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            String subnet = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.1.0/24")).subnet().subnetId();
            String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
            ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
            String eip = ec2.allocateAddress().allocationId();
            natId = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(eip)).natGateway().natGatewayId();
        }
        server.close();

        server = SandboxServer.start(config);
        try (Ec2Client ec2 = SandboxClients.ec2(server);
             Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(o -> o
                     .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100))).maxAttempts(100)).build()) {
            var response = waiter.waitUntilNatGatewayAvailable(r -> r.natGatewayIds(natId));
            assertThat(response.matched().response()).isPresent();
            assertThat(response.attemptsExecuted()).isGreaterThan(1);
        }
    }

    @Test
    void controlApi_whenResourcesExist_listsThemAndResetWipes() throws Exception {
        server = SandboxServer.start(SandboxConfig.instant());
        String vpcId;
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            vpcId = createTaggedVpc(ec2).vpcId();
        }
        HttpResponse<String> health = send(HttpRequest.newBuilder(server.endpoint().resolve("/_sandbox/health")).build());
        assertThat(health.statusCode()).isEqualTo(200);

        JsonNode resources = JSON.readTree(send(HttpRequest.newBuilder(
                server.endpoint().resolve("/_sandbox/resources")).build()).body());
        // The VPC, its main route table and its default security group (both go with the VPC).
        assertThat(resources).hasSize(3);
        JsonNode vpc = resources.get(0);
        assertThat(vpc.get("id").asText()).isEqualTo(vpcId);
        assertThat(vpc.get("type").asText()).isEqualTo("vpc");
        assertThat(vpc.get("account").asText()).isEqualTo("000000000000");
        assertThat(vpc.get("region").asText()).isEqualTo("ap-northeast-2");
        assertThat(vpc.get("state").asText()).isEqualTo("available");
        assertThat(vpc.get("tags").get("cairn:stack").asText()).isEqualTo("demo");
        assertThat(resources.get(1).get("type").asText()).isEqualTo("route-table");
        assertThat(resources.get(2).get("type").asText()).isEqualTo("security-group");

        assertThat(send(HttpRequest.newBuilder(server.endpoint().resolve("/_sandbox/reset")).GET().build())
                .statusCode()).isEqualTo(405);
        assertThat(post("/_sandbox/reset", "application/json", null, "", null).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(send(HttpRequest.newBuilder(server.endpoint().resolve("/_sandbox/resources"))
                .build()).body())).isEmpty();
    }

    @Test
    void ec2_whenActionUnknown_answersInvalidActionInEc2Envelope() throws Exception {
        server = SandboxServer.start(SandboxConfig.instant());
        HttpResponse<String> r = post("/", "application/x-www-form-urlencoded; charset=utf-8", scope("ec2"),
                "Action=RunSpaceship&Version=2016-11-15", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Response><Errors><Error><Code>InvalidAction</Code>")
                .contains("<RequestID>");
    }

    @Test
    void query_whenServiceUnknown_answersInvalidActionInQueryEnvelope() throws Exception {
        server = SandboxServer.start(SandboxConfig.instant());
        HttpResponse<String> r = post("/", "application/x-www-form-urlencoded", scope("cloudformation"),
                "Action=DescribeStacks&Version=2010-05-15", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<ErrorResponse>").contains("<Type>Sender</Type>")
                .contains("<Code>InvalidAction</Code>").contains("<RequestId>");
    }

    @Test
    void json_whenTargetUnknown_answersUnknownOperationException() throws Exception {
        server = SandboxServer.start(SandboxConfig.instant());
        HttpResponse<String> r = post("/", "application/x-amz-json-1.0", scope("dynamodb"), "{}",
                "DynamoDB_20120810.DropEverything");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("__type").asText()).isEqualTo("UnknownOperationException");
    }

    @Test
    void ec2_whenRegionUnknown_answersInvalidParameterValue() throws Exception {
        server = SandboxServer.start(SandboxConfig.instant());
        HttpResponse<String> r = post("/", "application/x-www-form-urlencoded",
                "AWS4-HMAC-SHA256 Credential=sandbox/20261125/moon-base-1/ec2/aws4_request, Signature=0",
                "Action=DescribeVpcs&Version=2016-11-15", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Code>InvalidParameterValue</Code>");
    }

    @Test
    void awsCli_whenDescribingVpcs_readsTheSandbox() throws Exception {
        Assumptions.assumeTrue(onPath("aws"), "AWS CLI ('aws') is not on PATH: the CLI compatibility test is skipped");
        server = SandboxServer.start(SandboxConfig.instant());
        String vpcId;
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            vpcId = createTaggedVpc(ec2).vpcId();
        }
        ProcessBuilder pb = new ProcessBuilder(List.of("aws", "--endpoint-url", server.endpoint().toString(),
                "--region", "ap-northeast-2", "--output", "json", "ec2", "describe-vpcs"))
                .redirectErrorStream(true);
        pb.environment().remove("AWS_PROFILE");
        pb.environment().put("AWS_ACCESS_KEY_ID", "sandbox");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "sandbox");
        pb.environment().put("AWS_CONFIG_FILE", dataDir.resolve("no-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dataDir.resolve("no-credentials").toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = pb.start();
        boolean finished = process.waitFor(CLI_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(finished).as("aws finished within %d s", CLI_TIMEOUT_SECONDS).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        JsonNode vpcs = JSON.readTree(output).get("Vpcs");
        assertThat(vpcs).hasSize(1);
        assertThat(vpcs.get(0).get("VpcId").asText()).isEqualTo(vpcId);
        assertThat(vpcs.get(0).get("OwnerId").asText()).isEqualTo("000000000000");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
