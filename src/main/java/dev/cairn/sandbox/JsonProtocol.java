package dev.cairn.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * awsJson 1.0/1.1: requests carry {@code X-Amz-Target: Prefix.Operation}. No JSON service is
 * modelled yet, so every operation answers {@code UnknownOperationException} the way AWS does
 * for an operation it does not know; services plug in here.
 */
final class JsonProtocol implements WireProtocol {

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
                QueryParams.parse(""), requestId);
        return new Target(service, http.header("x-amz-target"), request);
    }

    @Override
    public HttpResponse dispatch(Target target) {
        throw new AwsException("UnknownOperationException",
                "Operation " + target.action() + " is not supported by the Sandbox.");
    }

    @Override
    public boolean mutates(Target target) {
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
