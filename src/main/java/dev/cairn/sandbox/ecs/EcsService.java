package dev.cairn.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.ecs.EcsStore.CapacityProvider;
import dev.cairn.sandbox.ecs.EcsStore.Cluster;
import dev.cairn.sandbox.ecs.EcsStore.ContainerInstance;
import dev.cairn.sandbox.ecs.EcsStore.LoadBalancerRef;
import dev.cairn.sandbox.ecs.EcsStore.RegionState;
import dev.cairn.sandbox.ecs.EcsStore.Service;
import dev.cairn.sandbox.ecs.EcsStore.Task;
import dev.cairn.sandbox.ecs.EcsStore.TaskDefinition;
import dev.cairn.sandbox.ecs.EcsStore.TaskSet;
import dev.cairn.sandbox.elbv2.IpTargetHosts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Amazon ECS over awsJson 1.1 ({@code X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>},
 * signing name {@code ecs}): clusters, capacity providers, container instances (EC2 instances
 * whose agent registers), task definitions, services with the ECS or CODE_DEPLOY controller and
 * their task sets, tasks, tags. Its settler ({@link Tasks#settle}) moves tasks and services on
 * the clock before every request. It reaches EC2 ({@code Ec2Fleet}, {@code Ec2Network}), ELB
 * ({@code ElbTargets}), ECR ({@code EcrImages}) and Auto Scaling when they are served, and exports
 * {@link EcsDeployments} (CodeDeploy's task sets) and {@link IpTargetHosts} (what ELB's ip targets
 * are).
 */
public final class EcsService {
    static final String SIGNING_NAME = "ecs";
    static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(EcsService.class.getName());

    private EcsService() {
    }

    public static ServiceDefinition definition() {
        ServiceDefinition.Builder b = ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix(TARGET_PREFIX)
                .store(EcsStore.SPEC)
                .precheck(call -> Regions.require(call.region()))
                .settler(EcsService::settle)
                .inventory(EcsService::live)
                .export(EcsDeployments.class, call -> deployments(backend(call)))
                .export(IpTargetHosts.class, call -> hosts(backend(call)));
        EcsResponses.writes().forEach((name, op) -> b.json(name, Effect.WRITES, op::apply));
        EcsResponses.reads().forEach((name, op) -> b.json(name, Effect.READS, op::apply));
        return b.build();
    }

    /** The caller's ECS in its region. */
    static EcsBackend backend(Call call) {
        return new EcsBackend(call, call.state(EcsStore.class).region(call.accountId(), call.region()));
    }

    /** Before every request: the caller's tasks and services up to its clock (nothing when it has no ECS). */
    private static void settle(Call call) {
        RegionState peek = call.world().store(EcsStore.class).existing(call.accountId(), call.region());
        if (peek == null || peek.isEmpty() && peek.tasks.isEmpty() && peek.services.isEmpty()) {
            return;
        }
        try {
            backend(call).tasks().settle();
        } catch (AwsException e) {
            // A peer's refusal must not fail another service's request: ECS tries again at the next one.
            LOG.log(System.Logger.Level.WARNING, "ECS could not settle: " + e.code() + " " + e.getMessage());
        }
    }

    /** What CodeDeploy and CodePipeline ask of ECS. */
    private static EcsDeployments deployments(EcsBackend b) {
        return new EcsDeployments() {
            @Override
            public String registerTaskDefinition(String requestJson) {
                JsonNode request;
                try {
                    request = JSON.readTree(requestJson);
                } catch (IOException e) {
                    throw EcsBackend.client("The task definition is not valid JSON: " + e.getMessage());
                }
                if (request == null || !request.isObject()) {
                    throw EcsBackend.client("The task definition must be a JSON object.");
                }
                return b.taskDefinitions().register(request).id;
            }

            @Override
            public Optional<ServiceView> service(String cluster, String service) {
                Cluster c = b.findCluster(cluster);
                Service s = c == null ? null : b.findService(c, service);
                if (s == null) {
                    return Optional.empty();
                }
                String primary = s.taskSets.stream().filter(ts -> ts.status.equals("PRIMARY")).map(ts -> ts.id)
                        .findFirst().orElse(null);
                return Optional.of(new ServiceView(s.id, s.deploymentController, s.taskDefinition, s.desiredCount,
                        primary));
            }

            @Override
            public TaskSetView createTaskSet(String cluster, String service, String taskDefinitionArn,
                                             String targetGroupArn, String containerName, int containerPort) {
                LoadBalancerRef lb = new LoadBalancerRef();
                lb.targetGroupArn = targetGroupArn;
                lb.containerName = containerName;
                lb.containerPort = containerPort;
                TaskSet ts = b.services().createTaskSet(new Services.TaskSetRequest(cluster, service, taskDefinitionArn,
                        null, List.of(lb), null, null, List.of(), 100.0));
                ts.startedBy = "CodeDeploy";
                b.tasks().settle();
                return view(b, serviceOf(b, ts), ts);
            }

            @Override
            public Optional<TaskSetView> taskSet(String cluster, String service, String taskSetId) {
                Cluster c = b.findCluster(cluster);
                Service s = c == null ? null : b.findService(c, service);
                if (s == null) {
                    return Optional.empty();
                }
                return s.taskSets.stream().filter(ts -> ts.id.equals(taskSetId) || ts.arn.equals(taskSetId))
                        .findFirst().map(ts -> view(b, s, ts));
            }

            @Override
            public void makePrimary(String cluster, String service, String taskSetId) {
                b.services().makePrimary(cluster, service, taskSetId);
            }

            @Override
            public void deleteTaskSet(String cluster, String service, String taskSetId) {
                b.services().deleteTaskSet(cluster, service, taskSetId, true);
                b.tasks().settle();
            }
        };
    }

    private static Service serviceOf(EcsBackend b, TaskSet ts) {
        for (Service s : b.state().services.values()) {
            if (s.taskSets.contains(ts)) {
                return s;
            }
        }
        throw new IllegalStateException("task set " + ts.id + " has no service");
    }

    private static EcsDeployments.TaskSetView view(EcsBackend b, Service s, TaskSet ts) {
        String tg = ts.loadBalancers.isEmpty() ? null : ts.loadBalancers.get(0).targetGroupArn;
        return new EcsDeployments.TaskSetView(ts.id, ts.arn, ts.taskDefinition, tg, b.tasks().runningCount(s, ts.id),
                Services.computedDesiredCount(s, ts), ts.stabilityStatus, ts.status);
    }

    /** The task that has an address in a VPC, as ELB's ip targets need to know it. */
    private static IpTargetHosts hosts(EcsBackend b) {
        return (vpcId, ip) -> {
            for (Task t : b.state().tasks.values()) {
                if (ip.equals(t.privateIp) && t.networkInterfaceId != null && !t.lastStatus.equals("STOPPED")
                        && b.fleet().flatMap(f -> f.subnetVpc(t.subnetId)).map(vpcId::equals).orElse(false)) {
                    String image = t.containers.stream().filter(c -> c.containerPort != null).map(c -> c.image)
                            .findFirst().orElse(t.containers.isEmpty() ? "" : t.containers.get(0).image);
                    Images.Served served = t.lastStatus.equals("RUNNING") ? Images.served(image, b)
                            : new Images.Served(Map.of(), "nginx/1.28.0");
                    return Optional.of(new IpTargetHosts.Host(t.id, t.lastStatus.equals("RUNNING"),
                            List.copyOf(t.securityGroups), Map.copyOf(served.pages()), served.server()));
                }
            }
            return Optional.empty();
        };
    }

    /** Clusters, services, ACTIVE task definitions, capacity providers, unstopped tasks and container instances. */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        EcsStore store = world.store(EcsStore.class);
        List<LiveResource> out = new ArrayList<>();
        for (Map.Entry<String, LinkedHashMap<String, RegionState>> a : store.accounts.entrySet()) {
            if (account != null && !account.equals(a.getKey())) {
                continue;
            }
            for (Map.Entry<String, RegionState> r : a.getValue().entrySet()) {
                if (region != null && !region.equals(r.getKey())) {
                    continue;
                }
                RegionState s = r.getValue();
                String acct = a.getKey();
                String reg = r.getKey();
                for (Cluster c : s.clusters.values()) {
                    if (c.status.equals("ACTIVE")) {
                        out.add(new LiveResource(acct, reg, "cluster", c.name, Arn.parse(c.id), c.status, c.tags));
                    }
                }
                for (CapacityProvider cp : s.capacityProviders.values()) {
                    if (cp.status.equals("ACTIVE")) {
                        out.add(new LiveResource(acct, reg, "capacity-provider", cp.name, Arn.parse(cp.id), cp.status,
                                cp.tags));
                    }
                }
                for (ContainerInstance ci : s.containerInstances.values()) {
                    out.add(new LiveResource(acct, reg, "container-instance", EcsBackend.nameOf(ci.id),
                            Arn.parse(ci.id), ci.status, ci.tags));
                }
                for (TaskDefinition td : s.taskDefinitions.values()) {
                    if (td.status.equals("ACTIVE")) {
                        out.add(new LiveResource(acct, reg, "task-definition", td.family + ":" + td.revision,
                                Arn.parse(td.id), td.status, td.tags));
                    }
                }
                for (Service svc : s.services.values()) {
                    if (!svc.status.equals("INACTIVE")) {
                        out.add(new LiveResource(acct, reg, "service", svc.name, Arn.parse(svc.id), svc.status,
                                svc.tags));
                    }
                }
                for (Task t : s.tasks.values()) {
                    if (!t.lastStatus.equals("STOPPED")) {
                        out.add(new LiveResource(acct, reg, "task", t.taskId, Arn.parse(t.id), t.lastStatus, t.tags));
                    }
                }
            }
        }
        return out;
    }
}
