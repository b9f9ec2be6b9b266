package dev.cairn.sandbox.autoscaling;

import static dev.cairn.sandbox.autoscaling.AsgFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.SandboxConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.MetricType;

/**
 * The guide's experiment on a fast clock: load 99 % → the AlarmHigh periods pass → the group
 * scales out to max (seen through EC2 alone); load 0 → the AlarmLow periods pass → back to min.
 */
class TargetTrackingTest {
    /**
     * Realistic durations × 0.005: instance launch 0.1 s, warm-up 0.05 s, one metric period 0.3 s,
     * AlarmHigh 0.9 s, AlarmLow 4.5 s.
     */
    private static final double SCALE = 0.005;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private AsgFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private void groupWithPolicy() {
        f = new AsgFixture(SandboxConfig.realistic(SCALE));
        f.createGroup("web", 1, 1, 3, "demo");
        f.asg.putScalingPolicy(r -> r.autoScalingGroupName("web").policyName("cpu70")
                .policyType("TargetTrackingScaling").estimatedInstanceWarmup(10)
                .targetTrackingConfiguration(t -> t.targetValue(70.0).predefinedMetricSpecification(m ->
                        m.predefinedMetricType(MetricType.ASG_AVERAGE_CPU_UTILIZATION))));
    }

    private static boolean running(List<software.amazon.awssdk.services.ec2.model.Instance> instances, int count) {
        return instances.size() == count && instances.stream().allMatch(i -> i.state().nameAsString().equals("running"));
    }

    @Test
    void load_whenHighThenGone_scalesOutToMaxAndBackToMin() {
        groupWithPolicy();
        assertThat(eventually(DEADLINE, () -> running(f.liveInstances("web"), 1))).isTrue();

        AsgFixture.Answer set = f.control("POST", "load", "{\"stack\":\"demo\",\"cpu\":99}");

        assertThat(set.status()).isEqualTo(200);
        JsonNode changed = set.json().get("groups").get(0);
        assertThat(changed.get("name").asText()).isEqualTo("web");
        assertThat(changed.get("region").asText()).isEqualTo("ap-northeast-2");
        assertThat(changed.get("account").asText()).isEqualTo("000000000000");
        assertThat(changed.get("cpu").asDouble()).isEqualTo(99.0);
        long loaded = System.nanoTime();
        // Only EC2 is asked: the settler scales the group before EC2 answers.
        assertThat(eventually(DEADLINE, () -> running(f.liveInstances("web"), 3))).isTrue();
        // Not before AlarmHigh's three periods (0.9 s here).
        assertThat(Duration.ofNanos(System.nanoTime() - loaded)).isGreaterThan(Duration.ofMillis(800));
        assertThat(f.group("web").desiredCapacity()).isEqualTo(3);
        List<Activity> activities = f.asg.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities();
        assertThat(activities).anySatisfy(a -> assertThat(a.cause())
                .containsPattern("a monitor alarm TargetTracking-web-AlarmHigh-[0-9a-f-]+ in state ALARM triggered "
                        + "policy cpu70 changing the desired capacity from 1 to 2"));

        f.control("POST", "load", "{\"stack\":\"demo\",\"cpu\":0}");

        assertThat(eventually(DEADLINE, () -> f.group("web").desiredCapacity() == 1
                && f.liveInstances("web").size() == 1)).isTrue();
        assertThat(f.asg.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities())
                .anySatisfy(a -> assertThat(a.cause()).containsPattern(
                        "a monitor alarm TargetTracking-web-AlarmLow-[0-9a-f-]+ in state ALARM triggered policy cpu70 "
                                + "changing the desired capacity from 3 to 2"))
                .anySatisfy(a -> assertThat(a.cause()).contains("changing the desired capacity from 2 to 1"));
    }

    @Test
    void load_atIdle_keepsTheGroupAtItsSize() throws InterruptedException {
        groupWithPolicy();
        assertThat(eventually(DEADLINE, () -> running(f.liveInstances("web"), 1))).isTrue();

        // Past AlarmHigh's periods at the idle baseline: nothing scales.
        Thread.sleep(1500);

        assertThat(f.group("web").desiredCapacity()).isEqualTo(1);
        assertThat(f.control("GET", "load", null).json().get("groups").get(0).get("cpu").asDouble())
                .isEqualTo(Scaler.IDLE_CPU_PERCENT);
    }

    @Test
    void load_whenNoGroupHasTheStack_answers404NamingIt() {
        f = new AsgFixture(SandboxConfig.instant());

        AsgFixture.Answer none = f.control("POST", "load", "{\"stack\":\"ghost\",\"cpu\":99}");
        AsgFixture.Answer bad = f.control("POST", "load", "{\"stack\":\"ghost\",\"cpu\":120}");

        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("error").asText()).contains("cairn:stack=ghost");
        assertThat(bad.status()).isEqualTo(400);
    }
}
