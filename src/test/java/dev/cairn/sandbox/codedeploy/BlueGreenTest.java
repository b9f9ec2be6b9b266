package dev.cairn.sandbox.codedeploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.codedeploy.CodeDeployStore.Deployment;
import dev.cairn.sandbox.codedeploy.CodeDeployStore.DeploymentGroup;
import dev.cairn.sandbox.codedeploy.CodeDeployStore.LifecycleEvent;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.ecs.EcsDeployments;
import dev.cairn.sandbox.elbv2.ElbListenerControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The ECS blue/green lifecycle against in-test ECS and ELB: the replacement on the target group
 * production does not use, test traffic first, the reroute, the termination wait on the clock,
 * and a replacement that never becomes stable failing and rolling back.
 */
class BlueGreenTest {
    static final String BLUE = "arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:targetgroup/demo-blue/aaaa";
    static final String GREEN = "arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:targetgroup/demo-green/bbbb";
    static final String PROD = CodeDeployServiceTest.PROD;
    static final String TEST = CodeDeployServiceTest.TEST;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_800_000_000_000L;

    /** ELB's listeners: which target group each forwards to. */
    static final class FakeElb implements ElbListenerControl {
        final Map<String, String> forwards = new LinkedHashMap<>();

        @Override
        public Optional<String> forwardTarget(String listenerArn) {
            return Optional.ofNullable(forwards.get(listenerArn));
        }

        /** Target groups by name: {@code arn:…:targetgroup/NAME/hex}. */
        final Map<String, String> groups = new LinkedHashMap<>();

        @Override
        public Optional<String> targetGroupArn(String name) {
            return Optional.ofNullable(groups.get(name));
        }

        @Override
        public void forwardTo(String listenerArn, String targetGroupArn) {
            if (!forwards.containsKey(listenerArn)) {
                throw new AwsException("ListenerNotFound", "One or more listeners not found");
            }
            forwards.put(listenerArn, targetGroupArn);
        }
    }

    /** ECS's task sets: stable at once unless told otherwise. */
    static final class FakeEcs implements EcsDeployments {
        final Map<String, TaskSetView> sets = new LinkedHashMap<>();
        String primary = "ecs-svc/original";
        boolean stable = true;
        final List<String> deleted = new ArrayList<>();

        FakeEcs() {
            sets.put(primary, new TaskSetView(primary, "arn:ts/" + primary, "arn:td/demo-frontend:1", BLUE, 1, 1,
                    "STEADY_STATE", "PRIMARY"));
        }

        @Override
        public String registerTaskDefinition(String requestJson) {
            return "arn:td/demo-frontend:2";
        }

        @Override
        public Optional<ServiceView> service(String cluster, String service) {
            return Optional.of(new ServiceView("arn:svc", "CODE_DEPLOY", sets.get(primary).taskDefinitionArn(), 1,
                    primary));
        }

        @Override
        public TaskSetView createTaskSet(String cluster, String service, String taskDefinitionArn, String targetGroupArn,
                String containerName, int containerPort) {
            String id = "ecs-svc/replacement";
            TaskSetView v = new TaskSetView(id, "arn:ts/" + id, taskDefinitionArn, targetGroupArn,
                    stable ? 1 : 0, 1, stable ? "STEADY_STATE" : "STABILIZING", "ACTIVE");
            sets.put(id, v);
            return v;
        }

        @Override
        public Optional<TaskSetView> taskSet(String cluster, String service, String taskSetId) {
            return Optional.ofNullable(sets.get(taskSetId));
        }

        @Override
        public void makePrimary(String cluster, String service, String taskSetId) {
            primary = taskSetId;
        }

        @Override
        public void deleteTaskSet(String cluster, String service, String taskSetId) {
            sets.remove(taskSetId);
            deleted.add(taskSetId);
        }
    }

    static DeploymentGroup group() {
        DeploymentGroup g = new DeploymentGroup();
        g.id = "demo-bluegreen";
        g.applicationName = "demo-app";
        ObjectNode s = JSON.createObjectNode();
        s.putArray("ecsServices").addObject().put("clusterName", "demo").put("serviceName", "frontend");
        ObjectNode pair = s.putObject("loadBalancerInfo").putArray("targetGroupPairInfoList").addObject();
        pair.putArray("targetGroups").add(JSON.createObjectNode().put("name", "demo-blue"))
                .add(JSON.createObjectNode().put("name", "demo-green"));
        pair.putObject("prodTrafficRoute").putArray("listenerArns").add(PROD);
        pair.putObject("testTrafficRoute").putArray("listenerArns").add(TEST);
        g.settings = s;
        return g;
    }

    static Deployment deployment(int waitMinutes, boolean rollback) {
        Deployment d = new Deployment();
        d.id = "d-ABCDEFGHI";
        d.applicationName = "demo-app";
        d.deploymentGroupName = "demo-bluegreen";
        d.deploymentConfigName = "CodeDeployDefault.ECSAllAtOnce";
        d.createTime = T0;
        d.taskDefinitionArn = "arn:td/demo-frontend:2";
        d.containerName = "frontend";
        d.containerPort = 80;
        d.cluster = "demo";
        d.service = "frontend";
        d.prodListenerArns.add(PROD);
        d.testListenerArns.add(TEST);
        d.terminationWaitMinutes = waitMinutes;
        d.autoRollback = rollback;
        for (String name : BlueGreen.EVENTS) {
            LifecycleEvent e = new LifecycleEvent();
            e.name = name;
            d.events.add(e);
        }
        return d;
    }

    private static FakeElb elb() {
        FakeElb elb = new FakeElb();
        elb.forwards.put(PROD, BLUE);
        elb.forwards.put(TEST, GREEN);
        return elb;
    }

    @Test
    void advance_whenInstant_runsEveryEventAndEndsWithProductionOnGreenAndBlueDeleted() {
        FakeEcs ecs = new FakeEcs();
        FakeElb elb = elb();
        DeploymentGroup g = group();
        Deployment d = deployment(5, true);

        new BlueGreen(new Timing(false, 1, Duration.ZERO), T0, Optional.of(ecs), Optional.of(elb)).advance(d, g);

        assertThat(d.status).isEqualTo("Succeeded");
        assertThat(d.events).extracting(e -> e.status).containsOnly("Succeeded");
        assertThat(elb.forwards).containsEntry(PROD, GREEN).containsEntry(TEST, GREEN);
        assertThat(ecs.primary).isEqualTo("ecs-svc/replacement");
        assertThat(ecs.deleted).containsExactly("ecs-svc/original");
        assertThat(d.replacementTargetGroupArn).isEqualTo(GREEN);
        assertThat(g.targetGroupArns).containsEntry("demo-blue", BLUE).containsEntry("demo-green", GREEN);
    }

    @Test
    void advance_onTheClock_movesTestTrafficFirst_thenProduction_thenWaitsBeforeTerminating() {
        FakeEcs ecs = new FakeEcs();
        FakeElb elb = elb();
        elb.forwards.put(TEST, BLUE);
        DeploymentGroup g = group();
        BlueGreen.learn(g, GREEN);
        Deployment d = deployment(5, true);
        Timing real = new Timing(true, 1, Duration.ZERO);

        new BlueGreen(real, T0 + 1_000, Optional.of(ecs), Optional.of(elb)).advance(d, g);
        assertThat(d.status).isEqualTo("Created");

        // Start 3 s, BeforeInstall 2 s, Install 10 s, AfterInstall 2 s: test traffic begins at 17 s.
        new BlueGreen(real, T0 + 18_000, Optional.of(ecs), Optional.of(elb)).advance(d, g);
        assertThat(d.status).isEqualTo("InProgress");
        assertThat(elb.forwards).containsEntry(TEST, GREEN).containsEntry(PROD, BLUE);

        // … AllowTestTraffic 5 s, two hooks 4 s, AllowTraffic 5 s: production moves at 31 s.
        new BlueGreen(real, T0 + 32_000, Optional.of(ecs), Optional.of(elb)).advance(d, g);
        assertThat(elb.forwards).containsEntry(PROD, GREEN);
        assertThat(d.status).isEqualTo("InProgress");

        new BlueGreen(real, T0 + 40_000, Optional.of(ecs), Optional.of(elb)).advance(d, g);
        assertThat(d.terminationWaitStartedAt).isEqualTo(T0 + 33_000);
        assertThat(ecs.deleted).isEmpty();

        new BlueGreen(real, T0 + 33_000 + Duration.ofMinutes(5).toMillis(), Optional.of(ecs), Optional.of(elb))
                .advance(d, g);
        assertThat(d.status).isEqualTo("Succeeded");
        assertThat(d.completeTime).isEqualTo(T0 + 33_000 + Duration.ofMinutes(5).toMillis());
        assertThat(ecs.deleted).containsExactly("ecs-svc/original");
    }

    @Test
    void advance_whenTheReplacementNeverStabilises_failsAndRollsTrafficBack() {
        FakeEcs ecs = new FakeEcs();
        ecs.stable = false;
        FakeElb elb = elb();
        DeploymentGroup g = group();
        Deployment d = deployment(5, true);
        Timing instant = new Timing(false, 1, Duration.ZERO);

        new BlueGreen(instant, T0, Optional.of(ecs), Optional.of(elb)).advance(d, g);
        assertThat(d.status).isEqualTo("InProgress");
        assertThat(d.events.get(1).status).isEqualTo("InProgress");

        new BlueGreen(instant, T0 + BlueGreen.INSTALL_TIMEOUT_FLOOR.toMillis() + 1, Optional.of(ecs), Optional.of(elb))
                .advance(d, g);

        assertThat(d.status).isEqualTo("Failed");
        assertThat(d.errorCode).isEqualTo("ECS_UPDATE_ERROR");
        assertThat(d.events.get(1).status).isEqualTo("Failed");
        assertThat(d.events.get(7).status).isEqualTo("Skipped");
        assertThat(elb.forwards).containsEntry(PROD, BLUE);
        assertThat(ecs.deleted).containsExactly("ecs-svc/replacement");
        assertThat(ecs.primary).isEqualTo("ecs-svc/original");
    }

    @Test
    void advance_whenTheProductionListenerForwardsElsewhere_failsWithElbInvalid() {
        FakeEcs ecs = new FakeEcs();
        FakeElb elb = elb();
        elb.forwards.put(PROD, "arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:targetgroup/other/cccc");
        Deployment d = deployment(0, false);

        new BlueGreen(new Timing(false, 1, Duration.ZERO), T0, Optional.of(ecs), Optional.of(elb)).advance(d, group());

        assertThat(d.status).isEqualTo("Failed");
        assertThat(d.errorCode).isEqualTo("ELASTIC_LOAD_BALANCING_INVALID");
        assertThat(ecs.sets).containsOnlyKeys("ecs-svc/original");
    }
}
