package dev.cairn.sandbox.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.ServiceDefinition.Route;
import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.Xml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small services that exist only in the tests, registered from the test, to drive the protocols
 * no modelled service speaks yet (rest-json) through real clients: it uses the signing name and
 * routes of Lambda so the AWS CLI and the SDK reach it, and answers a couple of operations. It is
 * not that service. (json 1.0 is tested on the Sandbox's own DynamoDB, rest-xml on its own S3.)
 */
final class PracticeServices {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FUNCTION = "practice";

    private PracticeServices() {
    }

    /** restJson1 as Lambda speaks it: ListFunctions and GetFunction of one known function. */
    static ServiceDefinition functions() {
        return ServiceDefinition.builder("lambda", ServiceDefinition.Protocol.REST_JSON)
                .unknownOperation(op -> new AwsException("UnknownOperationException", "Unknown operation " + op, 404))
                .rest("ListFunctions", Effect.READS, Route.of("GET", "/2015-03-31/functions/"), call -> {
                    ObjectNode out = JSON.createObjectNode();
                    out.putArray("Functions").addObject().put("FunctionName", FUNCTION);
                    return HttpResponse.text(200, "application/json", out.toString());
                })
                .rest("GetFunction", Effect.READS, Route.of("GET", "/2015-03-31/functions/{FunctionName}"), call -> {
                    String name = call.pathParam("FunctionName");
                    if (!name.equals(FUNCTION)) {
                        throw new AwsException("ResourceNotFoundException", "Function not found: " + name, 404);
                    }
                    ObjectNode out = JSON.createObjectNode();
                    out.putObject("Configuration").put("FunctionName", FUNCTION);
                    return HttpResponse.text(200, "application/json", out.toString());
                })
                .build();
    }
}
