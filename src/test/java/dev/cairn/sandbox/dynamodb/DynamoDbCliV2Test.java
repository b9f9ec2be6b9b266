package dev.cairn.sandbox.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI v2 against the Sandbox's DynamoDB, as a person types it: create-table and the CLI's
 * own waiter, put-item with a condition (a lock taken twice), get-item, query, tags, then
 * delete-table and its waiter; and DynamoDB's error envelope as the CLI prints it.
 */
class DynamoDbCliV2Test {
    private static final String REGION = "ap-northeast-2";

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

    private AwsCli.Result aws(String... args) {
        return AwsCli.run(server, home, REGION, args);
    }

    @Test
    void awsCli_tableItemsQueryAndDelete_workEndToEnd() {
        JsonNode created = aws("dynamodb", "create-table", "--table-name", "cli-events",
                "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N",
                "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
                "--billing-mode", "PAY_PER_REQUEST", "--tags", "Key=cairn:stack,Value=demo").json();
        AwsCli.Result waited = aws("dynamodb", "wait", "table-exists", "--table-name", "cli-events");
        JsonNode put = aws("dynamodb", "put-item", "--table-name", "cli-events",
                "--item", "{\"pk\":{\"S\":\"lock\"},\"sk\":{\"N\":\"1\"},\"who\":{\"S\":\"ana\"}}",
                "--condition-expression", "attribute_not_exists(pk)", "--return-consumed-capacity", "TOTAL").json();
        AwsCli.Result again = aws("dynamodb", "put-item", "--table-name", "cli-events",
                "--item", "{\"pk\":{\"S\":\"lock\"},\"sk\":{\"N\":\"1\"},\"who\":{\"S\":\"ben\"}}",
                "--condition-expression", "attribute_not_exists(pk)");
        aws("dynamodb", "put-item", "--table-name", "cli-events",
                "--item", "{\"pk\":{\"S\":\"lock\"},\"sk\":{\"N\":\"2\"},\"who\":{\"S\":\"cy\"}}").json();
        JsonNode got = aws("dynamodb", "get-item", "--table-name", "cli-events",
                "--key", "{\"pk\":{\"S\":\"lock\"},\"sk\":{\"N\":\"1\"}}").json();
        JsonNode queried = aws("dynamodb", "query", "--table-name", "cli-events",
                "--key-condition-expression", "pk = :p AND sk >= :s",
                "--expression-attribute-values", "{\":p\":{\"S\":\"lock\"},\":s\":{\"N\":\"1\"}}",
                "--no-scan-index-forward").json();
        JsonNode tags = aws("dynamodb", "list-tags-of-resource", "--resource-arn",
                created.at("/TableDescription/TableArn").asText()).json();
        JsonNode deleted = aws("dynamodb", "delete-table", "--table-name", "cli-events").json();
        AwsCli.Result gone = aws("dynamodb", "wait", "table-not-exists", "--table-name", "cli-events");
        AwsCli.Result missing = aws("dynamodb", "describe-table", "--table-name", "cli-events");

        assertThat(created.at("/TableDescription/TableStatus").asText()).isEqualTo("CREATING");
        assertThat(waited.exitCode()).as(waited.err()).isZero();
        assertThat(put.at("/ConsumedCapacity/CapacityUnits").asDouble()).isEqualTo(1.0);
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("ConditionalCheckFailedException").contains("The conditional request failed");
        assertThat(got.at("/Item/who/S").asText()).isEqualTo("ana");
        assertThat(queried.get("Count").asInt()).isEqualTo(2);
        assertThat(queried.at("/Items/0/sk/N").asText()).isEqualTo("2");
        assertThat(tags.at("/Tags/0/Key").asText()).isEqualTo("cairn:stack");
        assertThat(deleted.at("/TableDescription/TableStatus").asText()).isEqualTo("DELETING");
        assertThat(gone.exitCode()).as(gone.err()).isZero();
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("ResourceNotFoundException");
    }

    @Test
    void awsCli_invalidKeySchema_printsValidationException() {
        AwsCli.Result r = aws("dynamodb", "create-table", "--table-name", "bad-table",
                "--attribute-definitions", "AttributeName=id,AttributeType=S",
                "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("ValidationException")
                .contains("Some index key attributes are not defined in AttributeDefinitions");
    }
}
