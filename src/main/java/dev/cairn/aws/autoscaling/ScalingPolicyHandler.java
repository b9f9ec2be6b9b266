package dev.cairn.aws.autoscaling;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.AutoScalingKinds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.MetricType;
import software.amazon.awssdk.services.autoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;

/**
 * A target-tracking policy holding the group's average CPU at {@code targetCpu} percent
 * (provider {@code autoscaling/policy.go}). Policies cannot be tagged: it is found through its
 * group by name. PutScalingPolicy creates it and, called again with new values, changes it in
 * place; the ARN stays the same.
 */
public final class ScalingPolicyHandler implements ResourceHandler {

    static final String TARGET_TRACKING = "TargetTrackingScaling";

    private final AwsClients clients;

    public ScalingPolicyHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return AutoScalingKinds.SCALING_POLICY;
    }

    private AutoScalingClient asg(String region) {
        return clients.autoScaling(region);
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        return Found.ofOptional(describe(asg(spec.region()), spec.refId("group"), required(spec, "name"))
                .map(ScalingPolicyHandler::live));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        // PutScalingPolicy is idempotent by group and name: a second call returns the same ARN.
        String arn = asg(spec.region()).putScalingPolicy(request(spec)).policyARN();
        return describe(asg(spec.region()), spec.refId("group"), required(spec, "name"))
                .map(ScalingPolicyHandler::live)
                .orElseGet(() -> new LiveResource(arn, Map.of("name", required(spec, "name"), "groupName", spec.refId("group")), ""));
    }

    private static PutScalingPolicyRequest request(ResolvedSpec spec) {
        String type = spec.property("policyType") == null ? TARGET_TRACKING : spec.property("policyType");
        if (!TARGET_TRACKING.equals(type)) {
            throw new IllegalArgumentException(spec.address() + ": policy type " + type + " is not supported (" + TARGET_TRACKING + ")");
        }
        return PutScalingPolicyRequest.builder()
                .autoScalingGroupName(spec.refId("group"))
                .policyName(required(spec, "name"))
                .policyType(TARGET_TRACKING)
                .targetTrackingConfiguration(t -> t
                        .predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.ASG_AVERAGE_CPU_UTILIZATION))
                        .targetValue(Double.valueOf(required(spec, "targetCpu"))))
                .estimatedInstanceWarmup(spec.property("warmupSeconds") == null ? null : Integer.valueOf(spec.property("warmupSeconds")))
                .build();
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        return describe(asg(spec.region()), spec.refId("group"), required(spec, "name"))
                .map(p -> Poll.done(live(p)))
                .orElseGet(() -> Poll.pending(Message.of("aws.notVisible", kind(), required(spec, "name"))));
    }

    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> others = new TreeSet<>(changed);
        others.removeAll(Set.of("targetCpu", "warmupSeconds"));
        if (!others.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", others) + " in place");
        }
        asg(spec.region()).putScalingPolicy(request(spec));
        return awaitReady(ctx, spec, LiveResource.of(current.physicalId()));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return describe(asg(record.spec().region()), groupName(record), policyName(record)).map(ScalingPolicyHandler::live);
    }

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        try {
            asg(record.spec().region()).deletePolicy(r -> r.autoScalingGroupName(groupName(record)).policyName(policyName(record)));
        } catch (AwsServiceException e) {
            // The group (and with it the policy) is already gone.
            if (!AutoScalingGroupHandler.isMissing(e)) {
                throw e;
            }
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return describe(asg(record.spec().region()), groupName(record), policyName(record)).isEmpty()
                ? Poll.done() : Poll.pending(Message.of("aws.stillExists", kind(), policyName(record)));
    }

    /** The policy of that name in that group; empty when either is missing. */
    private static Optional<ScalingPolicy> describe(AutoScalingClient asg, String group, String name) {
        try {
            return asg.describePolicies(r -> r.autoScalingGroupName(group).policyNames(name)).scalingPolicies().stream()
                    .filter(p -> name.equals(p.policyName()) && group.equals(p.autoScalingGroupName()))
                    .findFirst();
        } catch (AwsServiceException e) {
            if (AutoScalingGroupHandler.isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The group's name: an attribute, else from the ARN
     * ({@code …:scalingPolicy:<uuid>:autoScalingGroupName/<group>:policyName/<name>}).
     */
    static String groupName(ResourceRecord record) {
        String attribute = record.attributes().get("groupName");
        return attribute != null ? attribute : arnPart(record.physicalId(), "autoScalingGroupName/");
    }

    static String policyName(ResourceRecord record) {
        String attribute = record.attributes().get("name");
        return attribute != null ? attribute : arnPart(record.physicalId(), "policyName/");
    }

    private static String arnPart(String arn, String prefix) {
        for (String part : arn.split(":")) {
            if (part.startsWith(prefix)) {
                return part.substring(prefix.length());
            }
        }
        throw new IllegalArgumentException("not a scaling policy ARN: " + arn);
    }

    private static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }

    private static LiveResource live(ScalingPolicy p) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("name", p.policyName());
        attributes.put("groupName", p.autoScalingGroupName());
        attributes.put("policyType", p.policyType());
        if (p.targetTrackingConfiguration() != null && p.targetTrackingConfiguration().targetValue() != null) {
            attributes.put("targetCpu", String.valueOf(p.targetTrackingConfiguration().targetValue()));
        }
        if (p.estimatedInstanceWarmup() != null) {
            attributes.put("warmupSeconds", String.valueOf(p.estimatedInstanceWarmup()));
        }
        attributes.values().removeIf(v -> v == null);
        return new LiveResource(p.policyARN(), attributes, "");
    }
}
