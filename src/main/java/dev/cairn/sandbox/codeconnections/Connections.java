package dev.cairn.sandbox.codeconnections;

import java.util.Optional;

/**
 * What CodeConnections tells CodePipeline in the caller's account and region: a connection's
 * status ({@code PENDING}, {@code AVAILABLE}, {@code ERROR}), empty when there is no such
 * connection. A source action through a connection that is not {@code AVAILABLE} fails as AWS's
 * does. Exported by the {@code codeconnections} service.
 */
public interface Connections {

    Optional<String> status(String connectionArn);
}
