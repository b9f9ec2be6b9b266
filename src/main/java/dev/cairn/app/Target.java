package dev.cairn.app;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.CallerIdentity;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where actions go: the embedded Sandbox, another AWS-compatible endpoint, or a real AWS account
 * through the default credential chain. Owns the SDK clients (and the embedded server, if any)
 * and closes them.
 */
public final class Target implements AutoCloseable {

    /** The kind of place a run talks to; recorded with a stack's state so runs cannot mix them. */
    public enum Kind { SANDBOX, ENDPOINT, AWS }

    private final Kind kind;
    private final AwsClients clients;
    private final SandboxServer embedded;
    private final Optional<String> profile;
    private final URI endpoint;
    private volatile CallerIdentity identity;

    private Target(Kind kind, AwsClients clients, SandboxServer embedded, Optional<String> profile, URI endpoint) {
        this.kind = kind;
        this.clients = clients;
        this.embedded = embedded;
        this.profile = profile;
        this.endpoint = endpoint;
    }

    /** Starts the Sandbox in this process, persisting to {@code dataDir}. */
    public static Target embeddedSandbox(Path dataDir, SandboxConfig config) {
        SandboxServer server = SandboxServer.start(config.withDataDir(dataDir));
        try {
            return new Target(Kind.SANDBOX, AwsClients.sandbox(server.endpoint()), server, Optional.empty(), server.endpoint());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * An AWS-compatible endpoint at a URL (a {@code cairn sandbox serve}, moto, …). Uses the
     * named profile's credentials when one is given, else always the Sandbox's public test keys,
     * never the default chain: a Sandbox derives the account from the access key, so a stack
     * built from a shell with {@code AWS_ACCESS_KEY_ID} set would otherwise belong to another
     * account than the same stack resumed or described from a shell without it.
     */
    public static Target endpoint(URI url, Optional<String> profile) {
        AwsClients clients = profile.isPresent()
                ? AwsClients.fromEnvironment(profile, Optional.of(url.toString()))
                : AwsClients.sandbox(url);
        return new Target(Kind.ENDPOINT, clients, null, profile, url);
    }

    /** A real AWS account, with credentials from the default chain or the named profile. */
    public static Target aws(Optional<String> profile) {
        return new Target(Kind.AWS, AwsClients.fromEnvironment(profile, Optional.empty()), null, profile, null);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * How this target plays AWS's latencies, for the engine's first poll after a kind's typical
     * latency ({@code EngineOptions.latencyScale}): 1 in AWS, the embedded Sandbox's time scale
     * when realistic, 0 when instant; 0 for another endpoint too (its pace is unknown, so polls
     * start at once, as they always did).
     */
    public double latencyScale() {
        return switch (kind) {
            case AWS -> 1.0;
            case ENDPOINT -> 0.0;
            case SANDBOX -> embedded.config().latency() == dev.cairn.sandbox.LatencyProfile.REALISTIC
                    ? embedded.config().timeScale()
                    : 0.0;
        };
    }

    public AwsClients clients() {
        return clients;
    }

    public Optional<String> profile() {
        return profile;
    }

    public Optional<URI> endpointUrl() {
        return Optional.ofNullable(endpoint);
    }

    /** Who the calls run as (one STS call, cached). */
    public CallerIdentity identity(String region) {
        CallerIdentity id = identity;
        if (id == null) {
            id = clients.whoAmI(region);
            identity = id;
        }
        return id;
    }

    /** A short label for people: {@code Sandbox}, {@code 123456789012 (profile dev)}. */
    public String describe(String region) {
        return switch (kind) {
            case SANDBOX -> "Sandbox";
            case ENDPOINT -> "endpoint " + endpoint + " (account " + identity(region).account() + ")";
            case AWS -> "AWS account " + identity(region).account()
                    + profile.map(p -> ", profile " + p).orElse("") + ", " + region;
        };
    }

    @Override
    public void close() {
        clients.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
