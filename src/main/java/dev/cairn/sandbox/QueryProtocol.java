package dev.cairn.sandbox;

import java.util.Locale;

/**
 * EC2 query and awsQuery: a form body with {@code Action} and {@code Version}. The service comes
 * from the SigV4 credential scope; without a signature, from the API version.
 */
final class QueryProtocol implements WireProtocol {
    /** Runs one EC2 action against the right account/region backend. */
    interface Ec2Runner {
        String run(AwsRequest request);

        boolean mutates(String action);
    }

    private final Ec2Runner ec2;
    private final StsService sts = new StsService();

    QueryProtocol(Ec2Runner ec2) {
        this.ec2 = ec2;
    }

    @Override
    public boolean accepts(HttpRequest http) {
        String type = http.header("content-type");
        boolean form = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        return http.method().equals("POST") && form
                || (http.rawQuery() != null && http.rawQuery().contains("Action="));
    }

    @Override
    public Target resolve(HttpRequest http, String requestId) {
        QueryParams params = QueryParams.parse(http.bodyText()).merge(QueryParams.parse(http.rawQuery()));
        AwsRequest.Scope scope = AwsRequest.Scope.of(http.header("authorization"));
        String service = scope.service();
        if (service == null) {
            String version = params.get("Version");
            service = Ec2Service.VERSION.equals(version) ? "ec2" : StsService.VERSION.equals(version) ? "sts" : "unknown";
        }
        String region = scope.region() == null ? AwsRequest.DEFAULT_REGION : scope.region();
        String accessKey = scope.accessKey() == null ? AwsRequest.DEFAULT_ACCESS_KEY : scope.accessKey();
        AwsRequest request = new AwsRequest(service, region, accessKey, AwsRequest.accountFor(accessKey), params, requestId);
        return new Target(service, params.get("Action"), request);
    }

    @Override
    public HttpResponse dispatch(Target target) {
        if (target.action() == null || target.action().isEmpty()) {
            throw AwsException.missingParameter("Action");
        }
        return switch (target.service()) {
            case "ec2" -> HttpResponse.xml(200, ec2.run(target.request()));
            case "sts" -> HttpResponse.xml(200, sts.handle(target.request()));
            default -> throw new AwsException("InvalidAction", "The action " + target.action()
                    + " is not valid for this web service (the Sandbox does not serve '" + target.service() + "').");
        };
    }

    @Override
    public boolean mutates(Target target) {
        return target.service().equals("ec2") && ec2.mutates(target.action());
    }

    @Override
    public HttpResponse error(Target target, AwsException error, String requestId) {
        if (target != null && target.service().equals("ec2")) {
            // EC2's own envelope: Response/Errors/Error and an upper-case "RequestID".
            return HttpResponse.xml(error.status(), new Xml().root("Response", null)
                    .start("Errors").start("Error").el("Code", error.code()).el("Message", error.getMessage()).end().end()
                    .el("RequestID", requestId).end().toString());
        }
        String namespace = target != null && target.service().equals("sts") ? StsService.NAMESPACE : null;
        return HttpResponse.xml(error.status(), new Xml().root("ErrorResponse", namespace)
                .start("Error").el("Type", error.status() >= 500 ? "Receiver" : "Sender")
                .el("Code", error.code()).el("Message", error.getMessage()).end()
                .el("RequestId", requestId).end().toString());
    }

    @Override
    public AwsException throttling(Target target) {
        if (target.service().equals("ec2")) {
            return new AwsException("RequestLimitExceeded", "Request limit exceeded.", 503);
        }
        return new AwsException("Throttling", "Rate exceeded", 400);
    }
}
