package dev.cairn.sandbox.elbv2;

import dev.cairn.sandbox.acm.AcmCertificates;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.elbv2.ElbModel.Listener;
import dev.cairn.sandbox.elbv2.ElbModel.LoadBalancer;
import dev.cairn.sandbox.elbv2.ElbModel.RegionState;
import dev.cairn.sandbox.elbv2.ElbModel.Target;
import dev.cairn.sandbox.elbv2.ElbModel.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Elastic Load Balancing (v2) over awsQuery ({@code Version=2015-12-01}, signing name
 * {@code elasticloadbalancing}): Application Load Balancers, target groups and their targets'
 * health, listeners and their default rules, tags. It reaches EC2 through {@link Ec2Fleet}
 * (subnets, security groups, network interfaces, instances) and ACM through
 * {@link AcmCertificates} when ACM is served; it exports {@link ElbTargets} (Auto Scaling) and
 * {@link ElbCertificateUsers} (ACM); its companion serves the listeners on the loopback
 * ({@link LoopbackListeners}).
 */
public final class Elbv2Service {
    static final String SIGNING_NAME = "elasticloadbalancing";
    static final String VERSION = "2015-12-01";
    static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/" + VERSION + "/";

    private Elbv2Service() {
    }

    /** The service's definition; each Sandbox gets its own loopback listeners. */
    public static ServiceDefinition definition() {
        LoopbackListeners loopback = new LoopbackListeners();
        ServiceDefinition.Builder b = ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.QUERY)
                .apiVersion(VERSION)
                .xmlNamespace(NAMESPACE)
                .store(ElbStore.SPEC)
                .precheck(call -> Regions.require(call.region()))
                .inventory(Elbv2Service::live)
                .export(ElbTargets.class, call -> targets(backend(call)))
                .export(ElbListenerControl.class, call -> listenerControl(backend(call)))
                .export(ElbCertificateUsers.class, call -> arn -> backend(call).listeners().certificateInUse(arn))
                .control(LoopbackListeners.CONTROL_NAME, loopback::control)
                .companion(loopback);
        for (ElbResponses.Entry e : ElbResponses.all()) {
            b.query(e.name(), e.mutates() ? ServiceDefinition.Effect.WRITES : ServiceDefinition.Effect.READS,
                    (call, x) -> e.op().handle(call.params(), backend(call), x));
        }
        return b.build();
    }

    /** The caller's load balancing in its region, advanced to the call's clock. */
    static ElbBackend backend(Call call) {
        ElbStore store = call.state(ElbStore.class);
        ElbBackend b = new ElbBackend(store.region(call.accountId(), call.region()), call.accountId(),
                Regions.require(call.region()), call.world().timing(), call.world().random(), call.now(),
                () -> call.peer(Ec2Fleet.class), () -> call.optionalPeer(AcmCertificates.class),
                () -> call.optionalPeer(IpTargetHosts.class));
        b.advance();
        return b;
    }

    /** What Auto Scaling asks of the caller's target groups. */
    private static ElbTargets targets(ElbBackend b) {
        return new ElbTargets() {
            @Override
            public boolean targetGroupExists(String targetGroupArn) {
                return b.state().targetGroups.containsKey(targetGroupArn);
            }

            @Override
            public void register(String targetGroupArn, String instanceId) {
                b.targetGroups().register(b.targetGroup(targetGroupArn),
                        List.of(new TargetGroups.TargetRef(instanceId, null)));
            }

            @Override
            public void deregister(String targetGroupArn, String instanceId) {
                TargetGroup tg = b.targetGroup(targetGroupArn);
                if (TargetGroups.find(tg, instanceId, tg.port) != null) {
                    b.targetGroups().deregister(tg, List.of(new TargetGroups.TargetRef(instanceId, null)));
                }
            }

            @Override
            public Optional<String> health(String targetGroupArn, String instanceId) {
                TargetGroup tg = b.state().targetGroups.get(targetGroupArn);
                Target t = tg == null ? null : TargetGroups.find(tg, instanceId, tg.port);
                return t == null ? Optional.empty() : Optional.of(b.health().of(tg, t).state());
            }

            @Override
            public boolean drained(String targetGroupArn, String instanceId) {
                TargetGroup tg = b.state().targetGroups.get(targetGroupArn);
                return tg == null || targetDrained(targetGroupArn, instanceId, tg.port);
            }

            @Override
            public Optional<TargetGroupView> targetGroup(String targetGroupArn) {
                TargetGroup tg = targetGroupArn == null ? null : b.state().targetGroups.get(targetGroupArn);
                return tg == null ? Optional.empty() : Optional.of(new TargetGroupView(tg.id, tg.targetType, tg.port,
                        tg.vpcId, b.targetGroups().loadBalancersOf(tg)));
            }

            @Override
            public void registerTarget(String targetGroupArn, String targetId, int port) {
                b.targetGroups().register(b.targetGroup(targetGroupArn),
                        List.of(new TargetGroups.TargetRef(targetId, port)));
            }

            @Override
            public void deregisterTarget(String targetGroupArn, String targetId, int port) {
                TargetGroup tg = b.state().targetGroups.get(targetGroupArn);
                if (tg != null && TargetGroups.find(tg, targetId, port) != null) {
                    b.targetGroups().deregister(tg, List.of(new TargetGroups.TargetRef(targetId, port)));
                }
            }

            @Override
            public Optional<String> targetHealth(String targetGroupArn, String targetId, int port) {
                TargetGroup tg = b.state().targetGroups.get(targetGroupArn);
                Target t = tg == null ? null : TargetGroups.find(tg, targetId, port);
                return t == null ? Optional.empty() : Optional.of(b.health().of(tg, t).state());
            }

            @Override
            public boolean targetDrained(String targetGroupArn, String targetId, int port) {
                TargetGroup tg = b.state().targetGroups.get(targetGroupArn);
                Target t = tg == null ? null : TargetGroups.find(tg, targetId, port);
                return t == null || (t.drainedAt != 0 && b.now() >= t.drainedAt);
            }
        };
    }

    /** What CodeDeploy asks of the caller's listeners: where one forwards, and moving it (as ModifyListener). */
    private static ElbListenerControl listenerControl(ElbBackend b) {
        return new ElbListenerControl() {
            @Override
            public Optional<String> forwardTarget(String listenerArn) {
                ElbModel.Listener l = listenerArn == null ? null : b.state().listeners.get(listenerArn);
                if (l == null || l.defaultActions.isEmpty() || !l.defaultActions.get(0).type.equals("forward")) {
                    return Optional.empty();
                }
                ElbModel.Action a = l.defaultActions.get(0);
                if (a.targetGroupArn != null) {
                    return Optional.of(a.targetGroupArn);
                }
                return a.targetGroups.stream().filter(w -> w.weight > 0).map(w -> w.targetGroupArn).findFirst();
            }

            @Override
            public Optional<String> targetGroupArn(String name) {
                return b.state().targetGroups.entrySet().stream().filter(e -> e.getValue().name.equals(name))
                        .map(Map.Entry::getKey).findFirst();
            }

            @Override
            public void forwardTo(String listenerArn, String targetGroupArn) {
                ElbModel.Listener l = b.listener(listenerArn);
                b.targetGroup(targetGroupArn);
                ElbModel.Action a = new ElbModel.Action();
                a.type = "forward";
                a.order = 1;
                a.targetGroupArn = targetGroupArn;
                b.listeners().modify(l, new Listeners.Request(null, null, null, null, List.of(a)));
            }
        };
    }

    /** Load balancers, target groups and listeners with their tags, for the control and tagging APIs. */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        ElbStore store = world.store(ElbStore.class);
        List<LiveResource> out = new ArrayList<>();
        for (Map.Entry<String, java.util.LinkedHashMap<String, RegionState>> a : store.accounts.entrySet()) {
            if (account != null && !account.equals(a.getKey())) {
                continue;
            }
            for (Map.Entry<String, RegionState> r : a.getValue().entrySet()) {
                if (region != null && !region.equals(r.getKey())) {
                    continue;
                }
                RegionState s = r.getValue();
                for (LoadBalancer lb : s.loadBalancers.values()) {
                    out.add(new LiveResource(a.getKey(), r.getKey(), "loadbalancer", lb.id, Arn.parse(lb.id),
                            LoadBalancers.state(lb, now), lb.tags));
                }
                for (TargetGroup tg : s.targetGroups.values()) {
                    out.add(new LiveResource(a.getKey(), r.getKey(), "targetgroup", tg.id, Arn.parse(tg.id),
                            "available", tg.tags));
                }
                for (Listener l : s.listeners.values()) {
                    out.add(new LiveResource(a.getKey(), r.getKey(), "listener", l.id, Arn.parse(l.id), "available",
                            l.tags));
                }
            }
        }
        return out;
    }
}
