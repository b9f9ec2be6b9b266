package dev.cairn.aws.elbv2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Elbv2Kinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * A listener of a load balancer (provider {@code elbv2/listener.go}), found through its load
 * balancer by port (a load balancer has at most one listener per port). Its default action
 * forwards to the target group, or redirects to HTTPS (301, keeping host, path and query, as
 * the guide's listener 80 does once there is a certificate); an HTTPS listener carries the
 * certificate ref. The action changes in place with ModifyListener.
 */
public final class ListenerHandler extends Elbv2Handler {

    /** Where a redirect goes when the spec names no port: HTTPS's. */
    static final String HTTPS_PORT = "443";
    /** The one value of {@code trafficManagedBy}: a blue/green deployment group moves the forward. */
    static final String CODEDEPLOY = "codedeploy";

    public ListenerHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Elbv2Kinds.LISTENER;
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        int port = Integer.parseInt(required(spec, "port"));
        String lbArn = spec.refId("loadBalancer");
        if (LoadBalancerHandler.ours(ctx, elb(spec.region()), spec.region()).stream()
                .noneMatch(lb -> lbArn.equals(lb.loadBalancerArn()))) {
            // Not in the run's listing: made by this run, so no earlier run gave it a listener.
            return Found.absent();
        }
        return Found.ofOptional(absentIfNotFound(() -> listeners(elb(spec.region()), spec.refId("loadBalancer")).stream()
                .filter(l -> l.port() != null && l.port() == port)
                .findFirst())
                .map(ListenerHandler::live));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        ProtocolEnum protocol = protocol(spec);
        Listener listener = elb(spec.region()).createListener(r -> {
            r.loadBalancerArn(spec.refId("loadBalancer"))
                    .protocol(protocol)
                    .port(Integer.valueOf(required(spec, "port")))
                    .defaultActions(action(spec));
            if (protocol == ProtocolEnum.HTTPS) {
                r.certificates(certificate(spec));
            }
        }).listeners().get(0);
        return created(live(listener));
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (CREATED.equals(resource.awsState())) {
            // CreateListener's answer is final.
            return Poll.done(resource);
        }
        return absentIfNotFound(() -> byArn(elb(spec.region()), resource.physicalId()))
                .map(l -> Poll.done(live(l)))
                .orElseGet(() -> notVisibleYet(resource.physicalId()));
    }

    /**
     * The action (forward or redirect, and the redirect's port) changes in place; so does an HTTPS
     * listener's certificate. A listener whose traffic CodeDeploy manages keeps its forward: a
     * blue/green deployment has moved it to one of the deployment group's pair, and putting it back
     * on the declared target group would send production to the task set CodeDeploy terminates.
     * Only its certificate is written then; {@code trafficManagedBy} itself calls nothing.
     */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> others = new TreeSet<>(changed);
        others.removeAll(Set.of("action", "redirectPort", "trafficManagedBy"));
        if (!others.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", others) + " in place");
        }
        ElasticLoadBalancingV2Client elb = elb(spec.region());
        boolean managed = managedByCodeDeploy(spec) && "forward".equals(actionWord(spec));
        if (managed) {
            if (protocol(spec) == ProtocolEnum.HTTPS) {
                elb.modifyListener(r -> r.listenerArn(current.physicalId()).certificates(certificate(spec)));
            }
            return absentIfNotFound(() -> byArn(elb, current.physicalId()))
                    .map(l -> Poll.done(live(l)))
                    .orElseGet(() -> Poll.failed("listener " + current.physicalId() + " disappeared while it was being changed"));
        }
        Listener l = elb.modifyListener(r -> {
            r.listenerArn(current.physicalId()).defaultActions(action(spec));
            if (protocol(spec) == ProtocolEnum.HTTPS) {
                r.certificates(certificate(spec));
            }
        }).listeners().get(0);
        return Poll.done(live(l));
    }

    /** Whether CodeDeploy moves this listener's forward ({@code trafficManagedBy} {@code codedeploy}). */
    static boolean managedByCodeDeploy(ResolvedSpec spec) {
        return CODEDEPLOY.equals(spec.property("trafficManagedBy"));
    }

    private static String actionWord(ResolvedSpec spec) {
        return spec.property("action") == null ? "forward" : spec.property("action");
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> byArn(elb(record), record.physicalId())).map(ListenerHandler::live);
    }

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        ignoreNotFound(() -> elb(record).deleteListener(r -> r.listenerArn(record.physicalId())));
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> byArn(elb(record), record.physicalId())).isEmpty()
                ? Poll.done() : stillExists(record.physicalId());
    }

    private static ProtocolEnum protocol(ResolvedSpec spec) {
        return ProtocolEnum.fromValue(spec.property("protocol") == null ? "HTTP" : spec.property("protocol"));
    }

    /** The default action: {@code forward} to the target group, or {@code redirect} to HTTPS. */
    static Action action(ResolvedSpec spec) {
        String action = spec.property("action") == null ? "forward" : spec.property("action");
        return switch (action) {
            case "forward" -> Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(spec.refId("targetGroup")).build();
            case "redirect" -> Action.builder().type(ActionTypeEnum.REDIRECT)
                    .redirectConfig(c -> c.protocol("HTTPS")
                            .port(spec.property("redirectPort") == null ? HTTPS_PORT : spec.property("redirectPort"))
                            .host("#{host}").path("/#{path}").query("#{query}")
                            .statusCode(RedirectActionStatusCodeEnum.HTTP_301))
                    .build();
            default -> throw new IllegalArgumentException(spec.address() + ": unknown listener action '" + action
                    + "' (forward or redirect)");
        };
    }

    private static Certificate certificate(ResolvedSpec spec) {
        if (!spec.hasRef("certificate")) {
            throw new IllegalArgumentException(spec.address() + " is HTTPS but has no certificate ref");
        }
        return Certificate.builder().certificateArn(spec.refId("certificate")).build();
    }

    private static List<Listener> listeners(ElasticLoadBalancingV2Client elb, String loadBalancerArn) {
        return elb.describeListenersPaginator(r -> r.loadBalancerArn(loadBalancerArn)).listeners().stream().toList();
    }

    private static Optional<Listener> byArn(ElasticLoadBalancingV2Client elb, String arn) {
        return elb.describeListeners(r -> r.listenerArns(arn)).listeners().stream()
                .filter(l -> arn.equals(l.listenerArn()))
                .findFirst();
    }

    /**
     * Where a forward sends traffic now: its one target group, or, for a weighted forward (a
     * deployment shifting traffic), the group with the larger weight (the first on a tie, the
     * original). Null for a redirect.
     */
    static String forwardsTo(Action action) {
        if (action.targetGroupArn() != null) {
            return action.targetGroupArn();
        }
        if (action.forwardConfig() == null || action.forwardConfig().targetGroups().isEmpty()) {
            return null;
        }
        TargetGroupTuple best = action.forwardConfig().targetGroups().get(0);
        for (TargetGroupTuple t : action.forwardConfig().targetGroups()) {
            if (weight(t) > weight(best)) {
                best = t;
            }
        }
        return best.targetGroupArn();
    }

    private static int weight(TargetGroupTuple t) {
        return t.weight() == null ? 1 : t.weight();
    }

    private static LiveResource live(Listener l) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("port", l.port() == null ? null : l.port().toString());
        attributes.put("protocol", l.protocolAsString());
        attributes.put("loadBalancerArn", l.loadBalancerArn());
        if (!l.defaultActions().isEmpty()) {
            attributes.put("action", l.defaultActions().get(0).typeAsString());
            attributes.put("targetGroupArn", forwardsTo(l.defaultActions().get(0)));
        }
        attributes.values().removeIf(v -> v == null);
        return new LiveResource(l.listenerArn(), attributes, "");
    }
}
