package dev.cairn.aws.elbv2;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.tagging.TaggingApiScanner;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Elbv2Kinds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * A target group of instances, or of IP addresses for ECS tasks ({@code targetType} {@code ip};
 * provider {@code elbv2/target_group.go}), named by Cairn and found
 * by that name. Its health check is set on create and changed in place with ModifyTargetGroup; the
 * deregistration delay is an attribute (ModifyTargetGroupAttributes), checked again while waiting
 * for the group so that a run killed between the two calls still ends with the delay set.
 * Deleting it while a listener forwards to it answers {@code ResourceInUse}, retried within the
 * kind's window while the listeners go.
 */
public final class TargetGroupHandler extends Elbv2Handler {

    /** The attribute AWS sets to 300 s by default; the blueprint's default is 30 s. */
    static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";

    public TargetGroupHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Elbv2Kinds.TARGET_GROUP;
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        ElasticLoadBalancingV2Client elb = elb(spec.region());
        String name = required(spec, "name");
        // One listing of the region's groups answers every find of the run (names included, for taken).
        Optional<TargetGroup> existing = listed(ctx, "DescribeTargetGroups", spec.region(),
                () -> elb.describeTargetGroupsPaginator(r -> { }).targetGroups().stream().toList())
                .stream().filter(tg -> name.equals(tg.targetGroupName())).findFirst();
        if (existing.isEmpty()) {
            return Found.absent();
        }
        TargetGroup tg = existing.get();
        Map<String, String> tags = tagsOf(elb, tg.targetGroupArn());
        if (isOurs(tags, ctx, spec)) {
            return Found.ours(live(tg));
        }
        return Found.taken("target group " + name + " (" + tg.targetGroupArn() + ") already exists in " + spec.region()
                + ", " + owner(tags));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        ElasticLoadBalancingV2Client elb = elb(spec.region());
        // No client token: CreateTargetGroup with the same name and settings returns the existing group.
        TargetGroup tg = elb.createTargetGroup(r -> {
            r.name(required(spec, "name"))
                    .protocol(ProtocolEnum.fromValue(spec.property("protocol") == null ? "HTTP" : spec.property("protocol")))
                    .port(Integer.valueOf(required(spec, "port")))
                    .vpcId(spec.refId("vpc"))
                    .targetType(targetType(spec))
                    .tags(toTags(spec.tags()));
            if (spec.property("healthCheckPath") != null) {
                r.healthCheckPath(spec.property("healthCheckPath"));
            }
            r.healthCheckIntervalSeconds(optionalInt(spec, "healthCheckIntervalSeconds"));
            r.healthyThresholdCount(optionalInt(spec, "healthyThresholdCount"));
        }).targetGroups().get(0);
        setDelay(ctx, elb, tg.targetGroupArn(), spec);
        return created(live(tg));
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (CREATED.equals(resource.awsState())) {
            // Made and its attributes set by this run's create: nothing to wait for.
            return Poll.done(resource);
        }
        ElasticLoadBalancingV2Client elb = elb(spec.region());
        Optional<TargetGroup> tg = absentIfNotFound(() -> byArn(elb, resource.physicalId()));
        if (tg.isEmpty()) {
            return notVisibleYet(resource.physicalId());
        }
        // Re-entrant: a create interrupted before the attribute call is finished here.
        setDelayIfNeeded(ctx, elb, resource.physicalId(), spec);
        return Poll.done(live(tg.get()));
    }

    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        ElasticLoadBalancingV2Client elb = elb(spec.region());
        String arn = current.physicalId();
        Set<String> healthCheck = new TreeSet<>(changed);
        healthCheck.retainAll(Set.of("healthCheckPath", "healthCheckIntervalSeconds", "healthyThresholdCount"));
        if (!healthCheck.isEmpty()) {
            elb.modifyTargetGroup(r -> {
                r.targetGroupArn(arn);
                if (changed.contains("healthCheckPath")) {
                    r.healthCheckPath(spec.property("healthCheckPath"));
                }
                if (changed.contains("healthCheckIntervalSeconds")) {
                    r.healthCheckIntervalSeconds(optionalInt(spec, "healthCheckIntervalSeconds"));
                }
                if (changed.contains("healthyThresholdCount")) {
                    r.healthyThresholdCount(optionalInt(spec, "healthyThresholdCount"));
                }
            });
        }
        if (changed.contains("deregistrationDelaySeconds")) {
            setDelayIfNeeded(ctx, elb, arn, spec);
        }
        if (changed.contains(TAGS)) {
            retag(elb, arn, current.spec().tags(), spec.tags());
        }
        return absentIfNotFound(() -> byArn(elb, arn)).map(tg -> Poll.done(live(tg)))
                .orElseGet(() -> Poll.failed("target group " + arn + " disappeared while it was being changed"));
    }

    /**
     * {@code instance} unless the spec says {@code ip}: ECS tasks in {@code awsvpc} mode have
     * their own interfaces and register by address.
     */
    static TargetTypeEnum targetType(ResolvedSpec spec) {
        String type = spec.property("targetType");
        if (type == null || type.isBlank()) {
            return TargetTypeEnum.INSTANCE;
        }
        TargetTypeEnum parsed = TargetTypeEnum.fromValue(type.trim());
        if (parsed != TargetTypeEnum.INSTANCE && parsed != TargetTypeEnum.IP) {
            throw new IllegalArgumentException(spec.address() + ": unknown target type '" + type + "' (instance or ip)");
        }
        return parsed;
    }

    /** Sets the deregistration delay when the spec names one and the group has another. */
    /** For a group just made: sets the wanted delay without reading the default first (idempotent). */
    private static void setDelay(HandlerContext ctx, ElasticLoadBalancingV2Client elb, String arn, ResolvedSpec spec) {
        String wanted = spec.property("deregistrationDelaySeconds");
        if (wanted == null || wanted.isBlank()) {
            return;
        }
        ctx.mutating("ModifyTargetGroupAttributes", () -> elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn)
                .attributes(TargetGroupAttribute.builder().key(DEREGISTRATION_DELAY).value(wanted.trim()).build())));
    }

    private static void setDelayIfNeeded(HandlerContext ctx, ElasticLoadBalancingV2Client elb, String arn, ResolvedSpec spec) {
        String wanted = spec.property("deregistrationDelaySeconds");
        if (wanted == null || wanted.isBlank()) {
            return;
        }
        String now = elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes().stream()
                .filter(a -> DEREGISTRATION_DELAY.equals(a.key()))
                .map(TargetGroupAttribute::value)
                .findFirst().orElse(null);
        if (!Objects.equals(now, wanted.trim())) {
            ctx.mutating("ModifyTargetGroupAttributes", () -> elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn)
                    .attributes(TargetGroupAttribute.builder().key(DEREGISTRATION_DELAY).value(wanted.trim()).build())));
        }
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> byArn(elb(record), record.physicalId())).map(TargetGroupHandler::live);
    }

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        try {
            ignoreNotFound(() -> elb(record).deleteTargetGroup(r -> r.targetGroupArn(record.physicalId())));
        } catch (AwsServiceException e) {
            if ("ResourceInUse".equals(code(e))) {
                // A listener still forwards to it; the listener's own delete is on its way.
                throw new RetryableException("ResourceInUse",
                        Message.of("tg.inUse", record.attributes().getOrDefault("name", record.physicalId())), e);
            }
            throw e;
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        Optional<TargetGroup> tg = absentIfNotFound(() -> byArn(elb(record), record.physicalId()));
        return tg.isEmpty() ? Poll.done() : stillExists(tg.get().targetGroupName());
    }

    /** For the tagging API's scan: whether a listed target group still exists. */
    public static TaggingApiScanner.LiveCheck liveCheck(AwsClients clients) {
        return (region, arn) -> absentIfNotFound(() -> byArn(clients.elbv2(region), arn)).map(tg -> "");
    }

    private static Optional<TargetGroup> byName(ElasticLoadBalancingV2Client elb, String name) {
        return absentIfNotFound(() -> elb.describeTargetGroups(r -> r.names(name)).targetGroups().stream()
                .filter(tg -> name.equals(tg.targetGroupName()))
                .findFirst());
    }

    private static Optional<TargetGroup> byArn(ElasticLoadBalancingV2Client elb, String arn) {
        return elb.describeTargetGroups(r -> r.targetGroupArns(arn)).targetGroups().stream()
                .filter(tg -> arn.equals(tg.targetGroupArn()))
                .findFirst();
    }

    private static LiveResource live(TargetGroup tg) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("name", tg.targetGroupName());
        attributes.put("port", tg.port() == null ? null : tg.port().toString());
        attributes.put("healthCheckPath", tg.healthCheckPath());
        attributes.values().removeIf(v -> v == null);
        return new LiveResource(tg.targetGroupArn(), attributes, "");
    }
}
