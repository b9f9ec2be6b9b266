package dev.cairn.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import dev.cairn.step.pipeline.PipelineResources;
import dev.cairn.step.pipeline.PipelineSection;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The Pipeline step as it stands, for {@code cairn status} (text and {@code pipeline.*} in JSON)
 * and the desktop app: the connection's status (read live: a person completes the handshake
 * without Cairn), the repository's clone URL (GitHub's, or the Sandbox's {@code file://} one),
 * the newest execution, and the production and test URLs (the load balancer's DNS name in AWS,
 * its listeners' loopback URLs in the Sandbox, as {@link WebStatus} finds the Web tier's).
 *
 * @param connection empty before the connection exists
 * @param repository the clone URL, empty when it cannot be known
 * @param lastExecution the newest execution, empty before the first (or before the pipeline exists)
 * @param productionUrl where users reach the service
 * @param testUrl where the replacement (green) tasks answer before the reroute
 */
public record PipelineStatus(Optional<ConnectionStatus> connection, Optional<String> repository,
        Optional<PipelineRuns.Summary> lastExecution, Optional<String> productionUrl, Optional<String> testUrl) {

    public static final PipelineStatus NONE = new PipelineStatus(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /** Whether the state holds any of the step's resources (otherwise there is nothing to ask the target). */
    public static boolean built(StackState state) {
        return state.resources().keySet().stream().anyMatch(a -> a.step().equals(PipelineResources.STEP));
    }

    /** Reads what the state holds of the step through {@code target}; a part that cannot be read is left empty. */
    public static PipelineStatus read(Target target, Blueprint bp, StackState state) {
        PipelineSection p = bp.section(PipelineSection.KEY);
        if (p == null || !p.on()) {
            return NONE;
        }
        Optional<ConnectionStatus> connection = ConnectionStatus.read(target, state);
        Optional<String> repository = repository(target, p);
        Optional<PipelineRuns.Summary> last = ready(state, PipelineResources.PIPELINE).flatMap(r -> {
            try {
                return new PipelineRuns(target.clients(), bp.region()).latest(r.physicalId());
            } catch (SdkException e) {
                return Optional.empty(); // a stand-in without executions (moto) or no answer: nothing to show
            }
        });
        Optional<ResourceRecord> lb = ready(state, PipelineResources.LOAD_BALANCER);
        Optional<String> production = lb.flatMap(r -> url(target, p, r, p.loadBalancer().productionPort()));
        Optional<String> test = lb.flatMap(r -> url(target, p, r, p.loadBalancer().testPort()));
        return new PipelineStatus(connection, repository, last, production, test);
    }

    /** GitHub's clone URL in AWS; in the Sandbox the local repository's {@code file://} URL, once it exists. */
    private static Optional<String> repository(Target target, PipelineSection p) {
        String name = p.source().repository();
        if (target.kind() == Target.Kind.AWS) {
            return Optional.of("https://github.com/" + name + ".git");
        }
        try {
            JsonNode all = new SandboxControl(target.endpointUrl().orElseThrow()).get(SandboxControl.REPOSITORIES);
            for (JsonNode r : all.path("repositories")) {
                if (name.equals(r.path("repository").asText())) {
                    return Optional.of(r.path("cloneUrl").asText());
                }
            }
        } catch (SandboxControl.ControlException e) {
            // Not a Cairn Sandbox (moto): it has no local GitHub.
        }
        return Optional.empty();
    }

    private static Optional<String> url(Target target, PipelineSection p, ResourceRecord lb, int port) {
        String scheme = p.httpsOn() ? "https" : "http";
        if (target.kind() == Target.Kind.AWS) {
            return Optional.ofNullable(lb.attributes().get("dnsName")).map(d -> scheme + "://" + d + ":" + port);
        }
        try {
            JsonNode all = new SandboxControl(target.endpointUrl().orElseThrow()).get(SandboxControl.LOAD_BALANCERS);
            for (JsonNode balancer : all) {
                if (balancer.path("arn").asText().equals(lb.physicalId())) {
                    for (JsonNode listener : balancer.path("listeners")) {
                        if (listener.path("port").asInt() == port && listener.hasNonNull("url")) {
                            return Optional.of(listener.get("url").asText());
                        }
                    }
                }
            }
        } catch (SandboxControl.ControlException e) {
            // Not a Cairn Sandbox: its load balancers have no loopback listeners.
        }
        return Optional.empty();
    }

    private static Optional<ResourceRecord> ready(StackState state, dev.cairn.model.Address address) {
        return state.get(address).filter(r -> r.status() == ItemStatus.READY && r.physicalId() != null);
    }
}
