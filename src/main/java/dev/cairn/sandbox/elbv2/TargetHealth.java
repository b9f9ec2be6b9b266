package dev.cairn.sandbox.elbv2;

import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.elbv2.ElbModel.Listener;
import dev.cairn.sandbox.elbv2.ElbModel.LoadBalancer;
import dev.cairn.sandbox.elbv2.ElbModel.Placement;
import dev.cairn.sandbox.elbv2.ElbModel.Target;
import dev.cairn.sandbox.elbv2.ElbModel.TargetGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A target's health, computed on every read from real conditions rather than stored, so it
 * follows the instance and its security groups as they change:
 *
 * <ul>
 *   <li>{@code draining} ({@code Target.DeregistrationInProgress}) for the deregistration delay;</li>
 *   <li>{@code unused}: {@code Target.InvalidState} when the instance is not running (stopped,
 *       terminated), {@code Target.NotInUse} when no listener of an active load balancer
 *       forwards to the group;</li>
 *   <li>{@code initial} ({@code Elb.RegistrationInProgress}) until the instance is running and
 *       has passed {@code healthyThresholdCount} checks, {@code interval} apart, since it was
 *       registered (or since the load balancer became active, when later);</li>
 *   <li>then {@code healthy} when a security group of the instance admits one of the load
 *       balancer's on the target's port and the instance serves the health check path with a
 *       code the matcher accepts; otherwise {@code unhealthy}: {@code Target.Timeout} when no
 *       group admits the load balancer (the packets are dropped), else
 *       {@code Target.ResponseCodeMismatch} with the code the page answered.</li>
 * </ul>
 *
 * After the initial checks the state follows conditions at once; AWS would wait for
 * {@code unhealthyThresholdCount} (or {@code healthyThresholdCount}) checks before changing it.
 */
final class TargetHealth {
    /** One target's health as DescribeTargetHealth reports it (reason and description null when healthy). */
    record Health(String state, String reason, String description) {
        boolean healthy() {
            return "healthy".equals(state);
        }
    }

    private final ElbBackend b;
    private final long now;

    TargetHealth(ElbBackend b) {
        this.b = b;
        this.now = b.now();
    }

    Health of(TargetGroup tg, Target t) {
        if (t.deregisteredAt != 0) {
            return new Health("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress");
        }
        if (tg.targetType.equals("ip")) {
            return ipHealth(tg, t);
        }
        Optional<Ec2Fleet.InstanceView> view = b.fleet().instance(t.instanceId);
        if (view.isEmpty() || !view.get().alive()) {
            String state = view.map(Ec2Fleet.InstanceView::state).orElse("terminated");
            return new Health("unused", "Target.InvalidState", "Target is in the " + state + " state");
        }
        List<LoadBalancer> using = activeLoadBalancersOf(tg);
        if (using.isEmpty()) {
            return new Health("unused", "Target.NotInUse", "Target group is not configured to receive traffic from "
                    + "the load balancer");
        }
        Ec2Fleet.InstanceView instance = view.get();
        long checksFrom = Math.max(t.registeredAt, using.stream().mapToLong(lb -> lb.activeAt).min().orElse(now));
        long checksTake = b.scaledMillis(Duration.ofSeconds((long) tg.healthCheckIntervalSeconds
                * tg.healthyThresholdCount));
        if (!instance.running() || now < checksFrom + checksTake) {
            return new Health("initial", "Elb.RegistrationInProgress", "Target registration is in progress");
        }
        int port = tg.healthCheckPort.equals("traffic-port") ? t.port : Integer.parseInt(tg.healthCheckPort);
        if (!admitted(instance, using, port)) {
            return new Health("unhealthy", "Target.Timeout", "Request timed out");
        }
        int code = InstancePages.of(instance, b.region().name()).status(tg.healthCheckPath);
        if (!tg.healthCheckEnabled || TargetGroups.matches(tg.matcher, code)) {
            return new Health("healthy", null, null);
        }
        return new Health("unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: ["
                + code + "]");
    }

    /**
     * An IP target: {@code initial} for the first checks; then {@code healthy} when a running host
     * (an ECS task) has the address, its interface's groups admit the load balancer and it serves
     * the path; else {@code unhealthy} ({@code Target.Timeout} when nothing answers or the packets
     * are dropped, {@code Target.ResponseCodeMismatch} with the code it answered).
     */
    private Health ipHealth(TargetGroup tg, Target t) {
        List<LoadBalancer> using = activeLoadBalancersOf(tg);
        if (using.isEmpty()) {
            return new Health("unused", "Target.NotInUse", "Target group is not configured to receive traffic from "
                    + "the load balancer");
        }
        long checksFrom = Math.max(t.registeredAt, using.stream().mapToLong(lb -> lb.activeAt).min().orElse(now));
        long checksTake = b.scaledMillis(Duration.ofSeconds((long) tg.healthCheckIntervalSeconds
                * tg.healthyThresholdCount));
        if (now < checksFrom + checksTake) {
            return new Health("initial", "Elb.RegistrationInProgress", "Target registration is in progress");
        }
        Optional<IpTargetHosts.Host> host = b.ipHosts().flatMap(h -> h.host(tg.vpcId, t.instanceId));
        int port = tg.healthCheckPort.equals("traffic-port") ? t.port : Integer.parseInt(tg.healthCheckPort);
        if (host.isEmpty() || !host.get().running() || !admittedGroups(host.get().securityGroupIds(), using, port)) {
            return new Health("unhealthy", "Target.Timeout", "Request timed out");
        }
        int code = host.get().page(tg.healthCheckPath) == null ? 404 : 200;
        if (!tg.healthCheckEnabled || TargetGroups.matches(tg.matcher, code)) {
            return new Health("healthy", null, null);
        }
        return new Health("unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: ["
                + code + "]");
    }

    /** Whether a network interface with these groups admits any of the load balancers on the port. */
    private boolean admittedGroups(List<String> groupIds, List<LoadBalancer> using, int port) {
        for (LoadBalancer lb : using) {
            for (Placement p : lb.placements) {
                if (lb.securityGroups.isEmpty() && b.fleet().groupsAdmit(groupIds, null, p.privateIp, port)) {
                    return true;
                }
                for (String group : lb.securityGroups) {
                    if (b.fleet().groupsAdmit(groupIds, group, p.privateIp, port)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether any of the load balancers reaches the instance on the port through its security groups. */
    private boolean admitted(Ec2Fleet.InstanceView instance, List<LoadBalancer> using, int port) {
        for (LoadBalancer lb : using) {
            for (Placement p : lb.placements) {
                for (String group : lb.securityGroups) {
                    if (b.fleet().admits(instance.instanceId(), group, p.privateIp, port)) {
                        return true;
                    }
                }
                if (lb.securityGroups.isEmpty() && b.fleet().admits(instance.instanceId(), null, p.privateIp, port)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The active load balancers with a listener forwarding to the group. */
    List<LoadBalancer> activeLoadBalancersOf(TargetGroup tg) {
        List<LoadBalancer> out = new ArrayList<>();
        for (Listener l : b.state().listeners.values()) {
            LoadBalancer lb = b.state().loadBalancers.get(l.loadBalancerArn);
            if (lb != null && LoadBalancers.active(lb, now) && TargetGroups.forwardsTo(l, tg.id) && !out.contains(lb)) {
                out.add(lb);
            }
        }
        return out;
    }

    /** The healthy targets of a group, in registration order. */
    List<Target> healthyTargets(TargetGroup tg) {
        List<Target> out = new ArrayList<>();
        for (Target t : tg.targets) {
            if (of(tg, t).healthy()) {
                out.add(t);
            }
        }
        return out;
    }
}
