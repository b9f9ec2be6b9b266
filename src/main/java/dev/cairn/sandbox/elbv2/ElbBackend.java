package dev.cairn.sandbox.elbv2;

import dev.cairn.sandbox.acm.AcmCertificates;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.elbv2.ElbModel.Listener;
import dev.cairn.sandbox.elbv2.ElbModel.LoadBalancer;
import dev.cairn.sandbox.elbv2.ElbModel.RegionState;
import dev.cairn.sandbox.elbv2.ElbModel.TargetGroup;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Elastic Load Balancing of one account in one region, for one request (or one look of a
 * loopback listener): the state, the clock, lookups by ARN with AWS's NotFound errors, ARN
 * generation, EC2 (through {@link Ec2Fleet}, asked only when needed) and the rule families
 * {@link LoadBalancers}, {@link TargetGroups}, {@link Listeners}, {@link TargetHealth}.
 *
 * <p>Not thread-safe: the world lock serialises every use.
 */
final class ElbBackend {
    static final String ARN_SERVICE = "elasticloadbalancing";

    private final RegionState s;
    private final String account;
    private final Regions.Region region;
    private final Timing timing;
    private final Random random;
    private final long now;
    private final Supplier<Ec2Fleet> fleetSource;
    private final Supplier<Optional<AcmCertificates>> acm;
    private final Supplier<Optional<IpTargetHosts>> ipHostsSource;
    private Ec2Fleet fleet;
    private Optional<IpTargetHosts> ipHosts;

    ElbBackend(RegionState state, String account, Regions.Region region, Timing timing, Random random, long now,
               Supplier<Ec2Fleet> fleet, Supplier<Optional<AcmCertificates>> acm,
               Supplier<Optional<IpTargetHosts>> ipHosts) {
        this.acm = acm;
        this.ipHostsSource = ipHosts;
        this.s = state;
        this.account = account;
        this.region = region;
        this.timing = timing;
        this.random = random;
        this.now = now;
        this.fleetSource = fleet;
    }

    RegionState state() {
        return s;
    }

    String account() {
        return account;
    }

    Regions.Region region() {
        return region;
    }

    long now() {
        return now;
    }

    Random random() {
        return random;
    }

    /** A real-AWS duration as this Sandbox plays it (zero when instant), in milliseconds. */
    long scaledMillis(Duration real) {
        return timing.scaledMillis(real);
    }

    /** EC2, bound to the caller. */
    Ec2Fleet fleet() {
        if (fleet == null) {
            fleet = fleetSource.get();
        }
        return fleet;
    }

    /** What answers at the IP targets (ECS's tasks), when ECS is served. */
    Optional<IpTargetHosts> ipHosts() {
        if (ipHosts == null) {
            ipHosts = ipHostsSource.get();
        }
        return ipHosts;
    }

    LoadBalancers loadBalancers() {
        return new LoadBalancers(this);
    }

    TargetGroups targetGroups() {
        return new TargetGroups(this);
    }

    Listeners listeners() {
        return new Listeners(this, acm.get());
    }

    TargetHealth health() {
        return new TargetHealth(this);
    }

    /**
     * Deregisters targets whose instance is terminated (AWS does so itself: they drain, then go)
     * and forgets targets that have finished draining; everything else is computed from timestamps.
     */
    void advance() {
        TargetGroups groups = null;
        for (TargetGroup tg : s.targetGroups.values()) {
            for (ElbModel.Target t : tg.targets) {
                if (t.deregisteredAt == 0 && tg.targetType.equals("instance") && terminated(t.instanceId)) {
                    groups = groups == null ? targetGroups() : groups;
                    t.deregisteredAt = now;
                    t.drainedAt = now + groups.drainMillis(tg);
                }
            }
            tg.targets.removeIf(t -> t.drainedAt != 0 && now >= t.drainedAt);
        }
    }

    /**
     * Whether EC2 shows the instance terminated. An instance EC2 does not show is left alone: it
     * may be one just launched that lookups do not see yet (eventual consistency).
     */
    private boolean terminated(String instanceId) {
        return fleet().instance(instanceId).map(v -> v.state().equals("terminated")).orElse(false);
    }

    /** 16 lower-case hex digits, as AWS's load balancer, target group and listener IDs are. */
    String hex16() {
        StringBuilder id = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            id.append(Character.forDigit(random.nextInt(16), 16));
        }
        return id.toString();
    }

    /** An ARN of this account and region: {@code arn:aws:elasticloadbalancing:<region>:<account>:<resource>}. */
    String arn(String resource) {
        return Arn.of(ARN_SERVICE, region.name(), account, resource).toString();
    }

    LoadBalancer loadBalancer(String arn) {
        LoadBalancer lb = arn == null ? null : s.loadBalancers.get(arn);
        if (lb == null) {
            throw loadBalancerNotFound();
        }
        return lb;
    }

    TargetGroup targetGroup(String arn) {
        TargetGroup tg = arn == null ? null : s.targetGroups.get(arn);
        if (tg == null) {
            throw new AwsException("TargetGroupNotFound", "One or more target groups not found");
        }
        return tg;
    }

    Listener listener(String arn) {
        Listener l = arn == null ? null : s.listeners.get(arn);
        if (l == null) {
            throw new AwsException("ListenerNotFound", "One or more listeners not found");
        }
        return l;
    }

    static AwsException loadBalancerNotFound() {
        return new AwsException("LoadBalancerNotFound", "One or more load balancers not found");
    }

    static AwsException validation(String message) {
        return new AwsException("ValidationError", message);
    }
}
