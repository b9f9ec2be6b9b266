package dev.cairn.app;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.codeconnections.ConnectionHandler;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import java.util.Comparator;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Where the pipeline's GitHub connection stands, read live: for {@code cairn status}
 * ({@code pipeline.connection}) and the GUI's handshake banner. The state says which connection
 * (its ARN); CodeConnections says its status now, because a person completes the handshake in the
 * console (or, in the Sandbox, with "Complete the handshake" / {@code cairn sandbox connect})
 * without Cairn.
 *
 * @param arn the connection's ARN
 * @param name its name ({@code <stack>-github})
 * @param status CodeConnections' {@code ConnectionStatus}: {@code PENDING}, {@code AVAILABLE},
 *     {@code ERROR}; {@code UNKNOWN} when it could not be read (then {@code problem} says why),
 *     {@code DELETED} when the connection is gone
 * @param consoleUrl where a person completes the handshake in the AWS console
 * @param problem why the status could not be read, or empty
 */
public record ConnectionStatus(String arn, String name, String status, String consoleUrl, Optional<String> problem) {

    public static final String PENDING = "PENDING";
    public static final String AVAILABLE = "AVAILABLE";
    public static final String UNKNOWN = "UNKNOWN";
    public static final String DELETED = "DELETED";

    /** Whether the pipeline can use it now. */
    public boolean available() {
        return AVAILABLE.equals(status);
    }

    /** Whether a person still has to complete the handshake (the banner shows while this holds). */
    public boolean awaitingHandshake() {
        return PENDING.equals(status);
    }

    /** The stack's connection as {@code state} records it (the first, should a stack ever hold two). */
    public static Optional<ResourceRecord> connection(StackState state) {
        return state.resources().values().stream()
                .filter(r -> ConnectionHandler.isConnection(r.spec()))
                .filter(r -> r.status() == ItemStatus.READY && r.physicalId() != null)
                .min(Comparator.comparing(r -> r.address().value()));
    }

    /** The status of the stack's connection through {@code target}; empty when the state holds none. */
    public static Optional<ConnectionStatus> read(Target target, StackState state) {
        return connection(state).map(r -> read(target.clients(), r));
    }

    /** The status of the connection {@code record} names, read now (one GetConnection). */
    public static ConnectionStatus read(AwsClients clients, ResourceRecord record) {
        String arn = record.physicalId();
        String name = record.attributes().getOrDefault("name", record.spec().property("name"));
        String url = record.attributes().getOrDefault("consoleUrl", ConnectionHandler.consoleUrl(arn));
        try {
            return ConnectionHandler.status(clients.codeConnections(record.spec().region()), arn)
                    .map(s -> new ConnectionStatus(arn, name, s, url, Optional.empty()))
                    .orElseGet(() -> new ConnectionStatus(arn, name, DELETED, url, Optional.empty()));
        } catch (SdkException e) {
            // Unreachable or refused: the status says so instead of failing the whole report.
            return new ConnectionStatus(arn, name, UNKNOWN, url, Optional.of(e.getMessage()));
        }
    }
}
