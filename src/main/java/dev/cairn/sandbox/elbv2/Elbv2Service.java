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
                () -> call.peer(Ec2Fleet.class), () -> call.optionalPeer(AcmCertificates.class));
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
                Target t = tg == null ? null : TargetGroups.find(tg, instanceId, tg.port);
                return t == null || (t.drainedAt != 0 && b.now() >= t.drainedAt);
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
