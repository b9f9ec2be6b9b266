package dev.cairn.sandbox.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SignedHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * awsJson 1.0 and restJson1 through the AWS CLI v2 and SDK-signed requests: json 1.0 on the
 * Sandbox's DynamoDB, restJson1 on the tests' own {@link PracticeServices} (no modelled service
 * speaks it yet): routing by target and by method and path, answers, and each protocol's error
 * envelope as botocore reads it.
 */
class JsonAndRestJsonProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "ap-northeast-2";
    private static final String TABLE = "practice";

    @TempDir
    Path home;
    private SandboxServer server;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant(),
                List.of(PracticeServices.functions()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> json10(String operation, String body) {
        return SignedHttp.send(server.endpoint(), "dynamodb", REGION, "POST", "/",
                Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "DynamoDB_20120810." + operation),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private void createPracticeTable() {
        HttpResponse<String> created = json10("CreateTable", "{\"TableName\":\"" + TABLE + "\",\"BillingMode\":"
                + "\"PAY_PER_REQUEST\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    @Test
    void json10_signedBySdk_answersWithItsContentTypeAndErrorEnvelope() throws Exception {
        createPracticeTable();
        HttpResponse<String> tables = json10("ListTables", "{}");
        HttpResponse<String> missing = json10("DescribeTable", "{\"TableName\":\"nope\"}");
        HttpResponse<String> unknown = json10("DropEverything", "{}");

        assertThat(tables.statusCode()).isEqualTo(200);
        assertThat(tables.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(JSON.readTree(tables.body()).get("TableNames").get(0).asText()).isEqualTo(TABLE);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).get("__type").asText()).isEqualTo("ResourceNotFoundException");
        assertThat(JSON.readTree(unknown.body()).get("__type").asText()).isEqualTo("UnknownOperationException");
    }

    @Test
    void restJson_signedBySdk_routesByMethodAndPathAndSendsErrorTypeHeader() throws Exception {
        HttpResponse<String> list = SignedHttp.send(server.endpoint(), "lambda", REGION, "GET",
                "/2015-03-31/functions/", Map.of(), new byte[0]);
        HttpResponse<String> one = SignedHttp.send(server.endpoint(), "lambda", REGION, "GET",
                "/2015-03-31/functions/practice", Map.of(), new byte[0]);
        HttpResponse<String> missing = SignedHttp.send(server.endpoint(), "lambda", REGION, "GET",
                "/2015-03-31/functions/nope", Map.of(), new byte[0]);

        assertThat(JSON.readTree(list.body()).get("Functions").get(0).get("FunctionName").asText()).isEqualTo("practice");
        assertThat(JSON.readTree(one.body()).get("Configuration").get("FunctionName").asText()).isEqualTo("practice");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(missing.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void awsCliV2_json10_listTablesAndItsError() {
        AwsCli.assumeV2();
        createPracticeTable();
        JsonNode tables = AwsCli.run(server, home, REGION, "dynamodb", "list-tables").json();
        AwsCli.Result missing = AwsCli.run(server, home, REGION, "dynamodb", "describe-table", "--table-name", "nope");

        assertThat(tables.get("TableNames").get(0).asText()).isEqualTo(TABLE);
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("ResourceNotFoundException");
    }

    @Test
    void awsCliV2_restJson_listAndGetFunctionAndItsError() {
        AwsCli.assumeV2();
        JsonNode functions = AwsCli.run(server, home, REGION, "lambda", "list-functions").json();
        JsonNode one = AwsCli.run(server, home, REGION, "lambda", "get-function", "--function-name", "practice").json();
        AwsCli.Result missing = AwsCli.run(server, home, REGION, "lambda", "get-function", "--function-name", "nope");

        assertThat(functions.get("Functions").get(0).get("FunctionName").asText()).isEqualTo("practice");
        assertThat(one.get("Configuration").get("FunctionName").asText()).isEqualTo("practice");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("ResourceNotFoundException");
    }
}
