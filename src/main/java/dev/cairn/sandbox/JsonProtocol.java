package dev.cairn.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * awsJson 1.0/1.1: requests carry {@code X-Amz-Target: Prefix.Operation} and a JSON body.
 * Services plug in by target prefix (SSM: {@code AmazonSSM}); an unknown prefix or operation
 * answers {@code UnknownOperationException} the way AWS does for an operation it does not know.
 */
final class JsonProtocol implements WireProtocol {
    /** The one parameter a JSON request carries in its {@link QueryParams}: the raw body text. */
    static final String BODY = "__json_body";

    /** One awsJson service: its operations take and return JSON objects. */
    interface JsonService {
        /** Answers one operation; throws {@link AwsException} with the service's error codes. */
        ObjectNode handle(String operation, JsonNode body, AwsRequest request);
    }

    private final Map<String, JsonService> services;

    JsonProtocol(Map<String, JsonService> services) {
        this.services = services;
    }

    JsonProtocol() {
        this(Map.of());
    }

    @Override
    public boolean accepts(HttpRequest http) {
        return http.header("x-amz-target") != null;
    }

    @Override
    public Target resolve(HttpRequest http, String requestId) {
        AwsRequest.Scope scope = AwsRequest.Scope.of(http.header("authorization"));
        String accessKey = scope.accessKey() == null ? AwsRequest.DEFAULT_ACCESS_KEY : scope.accessKey();
        String region = scope.region() == null ? AwsRequest.DEFAULT_REGION : scope.region();
        String service = scope.service() == null ? "unknown" : scope.service();
        AwsRequest request = new AwsRequest(service, region, accessKey, AwsRequest.accountFor(accessKey),
                new QueryParams(Map.of(BODY, http.bodyText())), requestId);
        return new Target(service, http.header("x-amz-target"), request);
    }

    @Override
    public HttpResponse dispatch(Target target) {
        String fullTarget = target.action();
        int dot = fullTarget.lastIndexOf('.');
        JsonService service = dot < 0 ? null : services.get(fullTarget.substring(0, dot));
        if (service == null) {
            throw new AwsException("UnknownOperationException",
                    "Operation " + fullTarget + " is not supported by the Sandbox.");
        }
        String text = target.request().params().get(BODY);
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? StateStore.MAPPER.createObjectNode() : StateStore.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AwsException("SerializationException", "The request body is not valid JSON.");
        }
        ObjectNode answer = service.handle(fullTarget.substring(dot + 1), body, target.request());
        return new HttpResponse(200, "application/x-amz-json-1.1", answer.toString());
    }

    @Override
    public boolean mutates(Target target) {
        // The JSON services modelled so far (SSM's public parameters) only read.
        return false;
    }

    @Override
    public HttpResponse error(Target target, AwsException error, String requestId) {
        ObjectNode body = StateStore.MAPPER.createObjectNode();
        body.put("__type", error.code());
        body.put("message", error.getMessage());
        return new HttpResponse(error.status(), "application/x-amz-json-1.1", body.toString());
    }

    @Override
    public AwsException throttling(Target target) {
        return new AwsException("ThrottlingException", "Rate exceeded", 400);
    }
}
