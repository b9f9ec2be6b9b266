package dev.cairn.sandbox.protocol;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpRequest;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.ServiceDefinition;

/**
 * One AWS wire protocol: how a request names its operation and carries its input, how a success
 * is rendered, and the error envelope. Services do not parse or render the envelope themselves:
 * they read a parsed {@link Call} and return the protocol's kind of result.
 */
public interface Protocol {

    /**
     * Reads the operation and its input.
     *
     * @throws AwsException when the request is malformed for this protocol ({@code MissingParameter},
     *                      {@code SerializationException}, an unknown route, …)
     */
    Call.Input parse(HttpRequest http, ServiceDefinition service);

    /** Runs the operation's handler on a parsed call and renders its result as the protocol does. */
    HttpResponse invoke(Call call, ServiceDefinition.Operation operation);

    /**
     * The error envelope.
     *
     * @param service the service addressed, or null when the Sandbox does not model it
     */
    HttpResponse error(ServiceDefinition service, AwsException error, String requestId);

    /** The throttling answer the SDK retries. */
    AwsException throttling(ServiceDefinition service);

    /** The implementation of a protocol name. */
    static Protocol of(ServiceDefinition.Protocol name) {
        return switch (name) {
            case EC2 -> QueryProtocol.EC2;
            case QUERY -> QueryProtocol.AWS_QUERY;
            case JSON_1_0 -> JsonProtocol.V1_0;
            case JSON_1_1 -> JsonProtocol.V1_1;
            case REST_JSON -> RestProtocol.JSON;
            case REST_XML -> RestProtocol.XML;
        };
    }
}
