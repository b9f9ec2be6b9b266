package dev.cairn.sandbox.protocol;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpRequest;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.Xml;

/**
 * EC2 query and awsQuery: a form body (or query string) with {@code Action} and {@code Version}.
 * The two dialects differ only in the answer: EC2 writes {@code <ActionResponse>} with a
 * lower-case {@code requestId} and its own {@code <Response><Errors>} envelope (and throttles
 * with HTTP 503); awsQuery wraps the result in {@code <ActionResult>} and
 * {@code <ResponseMetadata>}, and errors in {@code <ErrorResponse>}.
 */
final class QueryProtocol implements Protocol {
    static final QueryProtocol EC2 = new QueryProtocol(true);
    static final QueryProtocol AWS_QUERY = new QueryProtocol(false);

    private final boolean ec2;

    private QueryProtocol(boolean ec2) {
        this.ec2 = ec2;
    }

    @Override
    public Call.Input parse(HttpRequest http, ServiceDefinition service) {
        QueryParams params = QueryParams.ofForm(http);
        String action = params.get("Action");
        if (action == null || action.isEmpty()) {
            throw AwsException.missingParameter("Action");
        }
        return Call.Input.query(action, params);
    }

    @Override
    public HttpResponse invoke(Call call, ServiceDefinition.Operation operation) {
        ServiceDefinition.QueryHandler handler = (ServiceDefinition.QueryHandler) operation.handler();
        String action = call.operation();
        Xml x = new Xml().root(action + "Response", call.service().xmlNamespace());
        if (ec2) {
            x.el("requestId", call.requestId());
            handler.handle(call, x);
        } else {
            x.start(action + "Result");
            handler.handle(call, x);
            x.end().start("ResponseMetadata").el("RequestId", call.requestId()).end();
        }
        return HttpResponse.xml(200, x.end().toString());
    }

    @Override
    public HttpResponse error(ServiceDefinition service, AwsException error, String requestId) {
        if (ec2) {
            // EC2's own envelope: Response/Errors/Error and an upper-case "RequestID".
            return HttpResponse.xml(error.status(), new Xml().root("Response", null)
                    .start("Errors").start("Error").el("Code", error.code()).el("Message", error.getMessage()).end().end()
                    .el("RequestID", requestId).end().toString());
        }
        return HttpResponse.xml(error.status(), new Xml().root("ErrorResponse", service == null ? null : service.xmlNamespace())
                .start("Error").el("Type", error.status() >= 500 ? "Receiver" : "Sender")
                .el("Code", error.code()).el("Message", error.getMessage()).end()
                .el("RequestId", requestId).end().toString());
    }

    @Override
    public AwsException throttling(ServiceDefinition service) {
        return ec2 ? new AwsException("RequestLimitExceeded", "Request limit exceeded.", 503)
                : new AwsException("Throttling", "Rate exceeded", 400);
    }
}
