package dev.cairn.sandbox.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpRequest;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.ServiceDefinition;

/**
 * awsJson 1.0 and 1.1: {@code X-Amz-Target: Prefix.Operation} and a JSON body; the answer is the
 * operation's output object, errors are {@code {"__type": "Code", "message": "…"}} with HTTP 400.
 * The versions differ in their content type only.
 */
final class JsonProtocol implements Protocol {
    static final JsonProtocol V1_0 = new JsonProtocol("application/x-amz-json-1.0");
    static final JsonProtocol V1_1 = new JsonProtocol("application/x-amz-json-1.1");
    static final ObjectMapper JSON = new ObjectMapper();

    private final String contentType;

    private JsonProtocol(String contentType) {
        this.contentType = contentType;
    }

    @Override
    public Call.Input parse(HttpRequest http, ServiceDefinition service) {
        String target = http.header("x-amz-target");
        int dot = target == null ? -1 : target.lastIndexOf('.');
        if (dot < 0 || !target.substring(0, dot).equals(service.targetPrefix())) {
            throw new AwsException("UnknownOperationException",
                    "Operation " + target + " is not supported by the Sandbox.");
        }
        return Call.Input.json(target.substring(dot + 1), body(http));
    }

    /** The body as a JSON object; an empty body is an empty object. */
    static JsonNode body(HttpRequest http) {
        String text = http.bodyText();
        try {
            return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AwsException("SerializationException", "The request body is not valid JSON.");
        }
    }

    @Override
    public HttpResponse invoke(Call call, ServiceDefinition.Operation operation) {
        ObjectNode out = ((ServiceDefinition.JsonHandler) operation.handler()).handle(call);
        return HttpResponse.text(200, contentType, out.toString()).withHeader("x-amzn-RequestId", call.requestId());
    }

    @Override
    public HttpResponse error(ServiceDefinition service, AwsException error, String requestId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", error.code());
        body.put("message", error.getMessage());
        error.members().forEach(body::set);
        return HttpResponse.text(error.status(), contentType, body.toString()).withHeader("x-amzn-RequestId", requestId);
    }

    @Override
    public AwsException throttling(ServiceDefinition service) {
        return new AwsException("ThrottlingException", "Rate exceeded", 400);
    }
}
