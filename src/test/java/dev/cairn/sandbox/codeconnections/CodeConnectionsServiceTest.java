package dev.cairn.sandbox.codeconnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.PeerProbe;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codeconnections.CodeConnectionsClient;
import software.amazon.awssdk.services.codeconnections.model.Connection;
import software.amazon.awssdk.services.codeconnections.model.ConnectionStatus;
import software.amazon.awssdk.services.codeconnections.model.CreateConnectionResponse;
import software.amazon.awssdk.services.codeconnections.model.ListConnectionsResponse;
import software.amazon.awssdk.services.codeconnections.model.ProviderType;
import software.amazon.awssdk.services.codeconnections.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codeconnections.model.Tag;
import software.amazon.awssdk.services.codeconnections.model.CodeConnectionsException;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;

/**
 * CodeConnections through the SDK v2 client (create PENDING, get, list with filter and pages,
 * delete, tags, the errors), the handshake control path, the {@link Connections} peer as
 * CodePipeline sees it, the tagging API's view, and boto3 as a second client.
 */
class CodeConnectionsServiceTest {
    private static final Region SEOUL = Region.AP_NORTHEAST_2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BOTO3_TIMEOUT_SECONDS = 120;

    private SandboxServer server;
    private CodeConnectionsClient cc;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant(), List.of(PeerProbe.service(
                Map.of("Status", call -> JSON.createObjectNode().put("value", call.peer(Connections.class)
                        .status(call.json().path("arn").asText()).orElse("none"))),
                Map.of())));
        cc = SandboxClients.noRetry(CodeConnectionsClient.builder(), server, SEOUL, SandboxClients.ACCESS_KEY);
    }

    @AfterEach
    void stop() {
        cc.close();
        server.close();
    }

    private String create(String name, String stack) {
        CreateConnectionResponse r = cc.createConnection(b -> b.connectionName(name).providerType(ProviderType.GIT_HUB)
                .tags(Tag.builder().key("cairn:stack").value(stack).build()));
        return r.connectionArn();
    }

    private HttpResponse<String> complete(String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/_sandbox/connections/complete"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createConnection_isPendingWithAnArnOfTheRegionAndAccount() {
        String arn = create("demo-github", "demo");

        assertThat(arn).matches("arn:aws:codeconnections:ap-northeast-2:\\d{12}:connection/"
                + "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        Connection c = cc.getConnection(b -> b.connectionArn(arn)).connection();
        assertThat(c.connectionName()).isEqualTo("demo-github");
        assertThat(c.providerType()).isEqualTo(ProviderType.GIT_HUB);
        assertThat(c.connectionStatus()).isEqualTo(ConnectionStatus.PENDING);
        assertThat(c.ownerAccountId()).isEqualTo(arn.split(":")[4]);
    }

    @Test
    void createConnection_whenNameTooLongOrProviderUnknown_failsWithValidationException() {
        CodeConnectionsException tooLong = catchThrowableOfType(() -> cc.createConnection(b -> b
                .connectionName("x".repeat(33)).providerType(ProviderType.GIT_HUB)), CodeConnectionsException.class);
        assertThat(tooLong.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        CodeConnectionsException unknown = catchThrowableOfType(() -> cc.createConnection(b -> b
                .connectionName("ok").providerType("SourceForge")), CodeConnectionsException.class);
        assertThat(unknown.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(cc.listConnections(b -> { }).connections()).isEmpty();
    }

    @Test
    void getAndDeleteConnection_whenUnknown_failResourceNotFound() {
        String arn = create("demo-github", "demo");
        cc.deleteConnection(b -> b.connectionArn(arn));

        assertThat(catchThrowableOfType(() -> cc.getConnection(b -> b.connectionArn(arn)),
                ResourceNotFoundException.class).awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(catchThrowableOfType(() -> cc.deleteConnection(b -> b.connectionArn(arn)),
                ResourceNotFoundException.class)).isNotNull();
    }

    @Test
    void listConnections_filtersByProviderAndPages() {
        create("a", "s");
        create("b", "s");
        create("c", "s");
        cc.createConnection(b -> b.connectionName("bb").providerType(ProviderType.BITBUCKET));

        ListConnectionsResponse first = cc.listConnections(b -> b.providerTypeFilter(ProviderType.GIT_HUB).maxResults(2));
        assertThat(first.connections()).extracting(Connection::connectionName).containsExactly("a", "b");
        ListConnectionsResponse second = cc.listConnections(b -> b.providerTypeFilter(ProviderType.GIT_HUB)
                .maxResults(2).nextToken(first.nextToken()));
        assertThat(second.connections()).extracting(Connection::connectionName).containsExactly("c");
        assertThat(second.nextToken()).isNull();
        assertThat(cc.listConnections(b -> b.providerTypeFilter(ProviderType.BITBUCKET)).connections())
                .extracting(Connection::connectionName).containsExactly("bb");
    }

    @Test
    void tags_addReplaceRemoveAndShowInTheTaggingApi() {
        String arn = create("demo-github", "demo");
        cc.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("team").value("web").build()));
        cc.untagResource(b -> b.resourceArn(arn).tagKeys("team"));
        cc.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("env").value("dev").build()));

        assertThat(cc.listTagsForResource(b -> b.resourceArn(arn)).tags()).extracting(Tag::key)
                .containsExactly("cairn:stack", "env");
        try (ResourceGroupsTaggingApiClient tagging = SandboxClients.noRetry(ResourceGroupsTaggingApiClient.builder(),
                server, SEOUL, SandboxClients.ACCESS_KEY)) {
            assertThat(tagging.getResources(b -> b.resourceTypeFilters("codeconnections:connection"))
                    .resourceTagMappingList()).extracting(m -> m.resourceARN()).containsExactly(arn);
        }
        assertThat(catchThrowableOfType(() -> cc.listTagsForResource(b -> b.resourceArn(arn.replace("connection/",
                "connection/0"))), ResourceNotFoundException.class)).isNotNull();
    }

    @Test
    void completeControl_byStack_makesTheStacksConnectionsAvailableAndThePeerSeesIt() throws Exception {
        String arn = create("demo-github", "demo");
        String other = create("other-github", "other");
        assertThat(PeerProbe.ask(server, "ap-northeast-2", "Status", Map.of("arn", arn)).path("value").asText())
                .isEqualTo("PENDING");

        HttpResponse<String> r = complete("{\"stack\":\"demo\",\"name\":\"demo-github\",\"region\":\"ap-northeast-2\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode done = JSON.readTree(r.body()).path("connections");
        assertThat(done).hasSize(1);
        assertThat(done.get(0).path("arn").asText()).isEqualTo(arn);
        assertThat(done.get(0).path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(done.get(0).path("region").asText()).isEqualTo("ap-northeast-2");
        assertThat(cc.getConnection(b -> b.connectionArn(arn)).connection().connectionStatus())
                .isEqualTo(ConnectionStatus.AVAILABLE);
        assertThat(cc.getConnection(b -> b.connectionArn(other)).connection().connectionStatus())
                .isEqualTo(ConnectionStatus.PENDING);
        assertThat(PeerProbe.ask(server, "ap-northeast-2", "Status", Map.of("arn", arn)).path("value").asText())
                .isEqualTo("AVAILABLE");
        assertThat(PeerProbe.ask(server, "us-east-1", "Status", Map.of("arn", arn)).path("value").asText())
                .isEqualTo("none");
    }

    @Test
    void completeControl_byArn_andWhenNothingMatches_answers404() throws Exception {
        String arn = create("demo-github", "demo");

        assertThat(complete("{\"arn\":\"" + arn + "\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> none = complete("{\"stack\":\"nope\"}");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(none.body()).path("error").asText()).isEqualTo("no connection of stack nope");
        assertThat(complete("{\"stack\":\"demo\",\"region\":\"us-east-1\"}").statusCode()).isEqualTo(404);
        assertThat(complete("{}").statusCode()).isEqualTo(400);
    }

    @Test
    void createConnection_beyondTheAccountQuota_failsLimitExceeded() {
        for (int i = 0; i < CodeConnectionsService.MAX_CONNECTIONS; i++) {
            String name = "c" + i;
            cc.createConnection(b -> b.connectionName(name).providerType(ProviderType.GIT_HUB));
        }

        CodeConnectionsException e = catchThrowableOfType(() -> cc.createConnection(b -> b.connectionName("one-more")
                .providerType(ProviderType.GIT_HUB)), CodeConnectionsException.class);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceededException");
    }

    @Test
    void completedHandshake_survivesARestart(@TempDir Path data) throws Exception {
        cc.close();
        server.close();
        server = SandboxServer.start(SandboxConfig.instant().withDataDir(data));
        cc = SandboxClients.noRetry(CodeConnectionsClient.builder(), server, SEOUL, SandboxClients.ACCESS_KEY);
        String arn = create("demo-github", "demo");
        assertThat(complete("{\"stack\":\"demo\"}").statusCode()).isEqualTo(200);
        cc.close();
        server.close();

        server = SandboxServer.start(SandboxConfig.instant().withDataDir(data));
        cc = SandboxClients.noRetry(CodeConnectionsClient.builder(), server, SEOUL, SandboxClients.ACCESS_KEY);
        assertThat(cc.getConnection(b -> b.connectionArn(arn)).connection().connectionStatus())
                .isEqualTo(ConnectionStatus.AVAILABLE);
    }

    @Test
    void awsCliV2_speaksCodestarConnections_sharingTheConnections(@TempDir Path home) throws Exception {
        dev.cairn.sandbox.AwsCli.assumeV2();
        String arn = dev.cairn.sandbox.AwsCli.run(server, home, "ap-northeast-2", "codestar-connections",
                "create-connection", "--connection-name", "cli-conn", "--provider-type", "GitHub",
                "--tags", "Key=cairn:stack,Value=cli").json().path("ConnectionArn").asText();

        assertThat(arn).startsWith("arn:aws:codestar-connections:ap-northeast-2:");
        assertThat(complete("{\"stack\":\"cli\"}").statusCode()).isEqualTo(200);
        JsonNode got = dev.cairn.sandbox.AwsCli.run(server, home, "ap-northeast-2", "codestar-connections",
                "get-connection", "--connection-arn", arn).json().path("Connection");
        assertThat(got.path("ConnectionStatus").asText()).isEqualTo("AVAILABLE");
        assertThat(cc.listConnections(b -> { }).connections()).extracting(Connection::connectionArn).containsExactly(arn);
        dev.cairn.sandbox.AwsCli.Result missing = dev.cairn.sandbox.AwsCli.run(server, home, "ap-northeast-2",
                "codestar-connections", "get-connection", "--connection-arn", arn + "0");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("ResourceNotFoundException");
    }

    private static boolean boto3Available() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(BOTO3_TIMEOUT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void boto3_createsListsAndGetsAConnection(@TempDir Path dir) throws Exception {
        assumeTrue(boto3Available(), "python3 with boto3 is not installed here");
        String script = String.join("\n",
                "import boto3, json, sys",
                "c = boto3.client('codeconnections', endpoint_url=sys.argv[1], region_name='ap-northeast-2',",
                "    aws_access_key_id='sandbox', aws_secret_access_key='sandbox')",
                "arn = c.create_connection(ConnectionName='py-conn', ProviderType='GitHub',",
                "    Tags=[{'Key': 'cairn:stack', 'Value': 'py'}])['ConnectionArn']",
                "got = c.get_connection(ConnectionArn=arn)['Connection']",
                "names = [x['ConnectionName'] for x in c.list_connections(ProviderTypeFilter='GitHub')['Connections']]",
                "try:",
                "    c.get_connection(ConnectionArn=arn + '0')",
                "    missing = 'none'",
                "except c.exceptions.ResourceNotFoundException as e:",
                "    missing = e.response['Error']['Code']",
                "print(json.dumps({'arn': arn, 'status': got['ConnectionStatus'], 'names': names, 'missing': missing}))");
        ProcessBuilder pb = new ProcessBuilder(List.of("python3", "-c", script, server.endpoint().toString()));
        Map<String, String> env = pb.environment();
        // Hermetic: no profile, config or credentials of this machine's user reach boto3.
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("HOME", dir.toString());
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(BOTO3_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("boto3; stderr: %s", java.nio.file.Files.readString(dir.resolve("stderr.txt")))
                .isZero();

        JsonNode r = JSON.readTree(out);
        assertThat(r.path("status").asText()).isEqualTo("PENDING");
        assertThat(r.path("names").toString()).isEqualTo("[\"py-conn\"]");
        assertThat(r.path("missing").asText()).isEqualTo("ResourceNotFoundException");
        assertThat(cc.getConnection(b -> b.connectionArn(r.path("arn").asText())).connection().connectionName())
                .isEqualTo("py-conn");
    }
}
