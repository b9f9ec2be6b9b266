package dev.cairn.sandbox.ecs;

import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.ec2.Ec2Network;
import dev.cairn.sandbox.ecr.EcrImages;
import dev.cairn.sandbox.ecs.EcsStore.Cluster;
import dev.cairn.sandbox.ecs.EcsStore.RegionState;
import dev.cairn.sandbox.ecs.EcsStore.Service;
import dev.cairn.sandbox.ecs.EcsStore.TaskDefinition;
import dev.cairn.sandbox.elbv2.ElbTargets;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * ECS of one account in one region, for one request (or one settling pass): the state, the clock,
 * lookups by name or ARN with ECS's errors, ARNs and IDs, the peers (EC2, ELB, ECR, each only when
 * served) and the rule families {@link TaskDefinitions}, {@link Clusters}, {@link Services} and
 * {@link Tasks}. Not thread-safe: the world lock serialises every use.
 */
final class EcsBackend {
    static final String ARN_SERVICE = "ecs";
    static final String DEFAULT_CLUSTER = "default";

    private final Call call;
    private final RegionState s;
    private final Timing timing;
    private final Random random;
    private final long now;

    EcsBackend(Call call, RegionState state) {
        this.call = call;
        this.s = state;
        this.timing = call.world().timing();
        this.random = call.world().random();
        this.now = call.now();
    }

    RegionState state() {
        return s;
    }

    String account() {
        return call.accountId();
    }

    String region() {
        return call.region();
    }

    long now() {
        return now;
    }

    Random random() {
        return random;
    }

    Timing timing() {
        return timing;
    }

    /** A real-AWS duration as this Sandbox plays it (zero when instant), in milliseconds. */
    long scaled(Duration real) {
        return timing.scaledMillis(real);
    }

    /** The caller's identity, as {@code registeredBy} and {@code createdBy} show it. */
    String caller() {
        return "arn:aws:iam::" + account() + ":user/sandbox";
    }

    Optional<Ec2Fleet> fleet() {
        return call.optionalPeer(Ec2Fleet.class);
    }

    Optional<Ec2Network> network() {
        return call.optionalPeer(Ec2Network.class);
    }

    Optional<ElbTargets> elb() {
        return call.optionalPeer(ElbTargets.class);
    }

    Optional<EcrImages> ecr() {
        return call.optionalPeer(EcrImages.class);
    }

    Optional<dev.cairn.sandbox.autoscaling.AutoScalingGroups> autoScaling() {
        return call.optionalPeer(dev.cairn.sandbox.autoscaling.AutoScalingGroups.class);
    }

    TaskDefinitions taskDefinitions() {
        return new TaskDefinitions(this);
    }

    Clusters clusters() {
        return new Clusters(this);
    }

    Services services() {
        return new Services(this);
    }

    Tasks tasks() {
        return new Tasks(this);
    }

    /** {@code arn:aws:ecs:<region>:<account>:<resource>}. */
    String arn(String resource) {
        return Arn.of(ARN_SERVICE, region(), account(), resource).toString();
    }

    /** 32 lower-case hex digits: task, container instance and attachment IDs. */
    String hex32() {
        StringBuilder id = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            id.append(Character.forDigit(random.nextInt(16), 16));
        }
        return id.toString();
    }

    /** A UUID from the seeded random source. */
    String uuid() {
        String h = hex32();
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    /** {@code ecs-svc/} and 19 digits: the IDs of deployments and task sets. */
    String serviceDeploymentId() {
        long n = 1_000_000_000_000_000_000L + Math.floorMod(random.nextLong(), 8_000_000_000_000_000_000L);
        return "ecs-svc/" + n + (s.sequence++ % 10);
    }

    /** The last path segment of an ARN, or the text itself when it is a name. */
    static String nameOf(String nameOrArn) {
        if (nameOrArn == null) {
            return null;
        }
        if (!nameOrArn.startsWith("arn:")) {
            return nameOrArn;
        }
        return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
    }

    /** The cluster a name or ARN names ({@code default} when null), ACTIVE; else {@code ClusterNotFoundException}. */
    Cluster cluster(String nameOrArn) {
        Cluster c = findCluster(nameOrArn);
        if (c == null || !c.status.equals("ACTIVE")) {
            throw new AwsException("ClusterNotFoundException", "Cluster not found.");
        }
        return c;
    }

    /** The cluster of that name or ARN in any status, or null. */
    Cluster findCluster(String nameOrArn) {
        String name = nameOrArn == null || nameOrArn.isEmpty() ? DEFAULT_CLUSTER : nameOrArn;
        if (name.startsWith("arn:")) {
            Arn arn = Arn.parse(name);
            if (arn == null || !arn.account().equals(account()) || !arn.region().equals(region())) {
                return null;
            }
            return s.clusters.get(name);
        }
        return s.clusters.get(arn("cluster/" + name));
    }

    /** A service of a cluster, by name or ARN, in any status; {@code ServiceNotFoundException} when unknown. */
    Service service(Cluster c, String nameOrArn) {
        Service svc = findService(c, nameOrArn);
        if (svc == null) {
            throw new AwsException("ServiceNotFoundException", "Service not found.");
        }
        return svc;
    }

    Service findService(Cluster c, String nameOrArn) {
        if (nameOrArn == null) {
            return null;
        }
        String name = nameOf(nameOrArn);
        Service svc = s.services.get(arn("service/" + c.name + "/" + name));
        if (svc == null && nameOrArn.startsWith("arn:")) {
            svc = s.services.get(nameOrArn);
        }
        return svc != null && svc.clusterArn.equals(c.id) ? svc : null;
    }

    /** An ACTIVE service; {@code ServiceNotActiveException} for a draining or inactive one. */
    Service activeService(Cluster c, String nameOrArn) {
        Service svc = service(c, nameOrArn);
        if (!svc.status.equals("ACTIVE")) {
            throw new AwsException("ServiceNotActiveException", "Service was not ACTIVE.");
        }
        return svc;
    }

    TaskDefinition taskDefinition(String ref) {
        return taskDefinitions().resolve(ref);
    }

    /** The live tag map of the resource an ARN names (TagResource and its kin). */
    java.util.Map<String, String> tagsOf(String arn) {
        if (arn == null || arn.isEmpty()) {
            throw invalidParameter("resourceArn must not be null or empty.");
        }
        Cluster c = s.clusters.get(arn);
        if (c != null && c.status.equals("ACTIVE")) {
            return c.tags;
        }
        if (arn.contains(":cluster/")) {
            throw new AwsException("ClusterNotFoundException", "Cluster not found.");
        }
        for (java.util.Map<String, ? extends dev.cairn.sandbox.core.TaggedResource> m : java.util.List.of(s.services,
                s.taskDefinitions, s.capacityProviders, s.tasks, s.containerInstances)) {
            dev.cairn.sandbox.core.TaggedResource r = m.get(arn);
            if (r != null) {
                return r.tags;
            }
        }
        throw new AwsException("ResourceNotFoundException", "The specified resource could not be found.");
    }

    static AwsException invalidParameter(String message) {
        return new AwsException("InvalidParameterException", message);
    }

    static AwsException client(String message) {
        return new AwsException("ClientException", message);
    }
}
