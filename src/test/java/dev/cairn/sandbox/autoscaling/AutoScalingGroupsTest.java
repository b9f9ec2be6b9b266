package dev.cairn.sandbox.autoscaling;

import static dev.cairn.sandbox.autoscaling.AsgFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.sandbox.SandboxConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.autoscaling.model.MetricType;
import software.amazon.awssdk.services.autoscaling.model.PutScalingPolicyResponse;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

/** Auto Scaling's operations and errors through the SDK v2, with instances launched through EC2. */
class AutoScalingGroupsTest {
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private AsgFixture f;

    @BeforeEach
    void start() {
        f = new AsgFixture(SandboxConfig.instant());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String errorCode(Throwable t) {
        return ((AutoScalingException) t).awsErrorDetails().errorCode();
    }

    private AutoScalingException failure(Runnable call) {
        return catchThrowableOfType(call::run, AutoScalingException.class);
    }

    private boolean allInService(String name, int count) {
        List<Instance> instances = f.group(name).instances();
        return instances.size() == count
                && instances.stream().allMatch(i -> i.lifecycleState() == LifecycleState.IN_SERVICE);
    }

    @Test
    void createAutoScalingGroup_always_launchesDesiredThroughEc2BalancedOverZones() {
        f.createGroup("web", 1, 2, 3, "demo");

        assertThat(eventually(SETTLE, () -> allInService("web", 2))).isTrue();
        AutoScalingGroup g = f.group("web");
        assertThat(g.instances()).extracting(Instance::availabilityZone)
                .containsExactlyInAnyOrder(AsgFixture.ZONE_A, AsgFixture.ZONE_C);
        assertThat(g.instances()).allSatisfy(i -> {
            assertThat(i.healthStatus()).isEqualTo("Healthy");
            assertThat(i.launchTemplate().launchTemplateId()).isEqualTo(f.launchTemplateId);
        });
        assertThat(g.autoScalingGroupARN()).startsWith("arn:aws:autoscaling:ap-northeast-2:000000000000:autoScalingGroup:")
                .endsWith(":autoScalingGroupName/web");
        assertThat(g.availabilityZones()).containsExactly(AsgFixture.ZONE_A, AsgFixture.ZONE_C);
        // EC2 shows them, tagged with the group and the propagated stack tag.
        List<software.amazon.awssdk.services.ec2.model.Instance> ec2 = f.liveInstances("web");
        assertThat(ec2).hasSize(2).allSatisfy(i -> assertThat(i.tags()).anySatisfy(t -> {
            assertThat(t.key()).isEqualTo("cairn:stack");
            assertThat(t.value()).isEqualTo("demo");
        }));
        List<Activity> activities = f.asg.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities();
        assertThat(activities).hasSize(2).allSatisfy(a -> {
            assertThat(a.description()).startsWith("Launching a new EC2 instance: i-");
            assertThat(a.cause()).contains("a user request created an AutoScalingGroup changing the desired capacity "
                    + "from 0 to 2").contains("increasing the capacity from 0 to 2");
            assertThat(a.statusCodeAsString()).isEqualTo("Successful");
            assertThat(a.progress()).isEqualTo(100);
        });
        assertThat(f.asg.describeAutoScalingInstances(r -> r.instanceIds(g.instances().get(0).instanceId()))
                .autoScalingInstances()).singleElement().satisfies(i -> {
                    assertThat(i.autoScalingGroupName()).isEqualTo("web");
                    assertThat(i.healthStatus()).isEqualTo("HEALTHY");
                });
    }

    @Test
    void createAutoScalingGroup_whenNameTaken_failsAlreadyExists() {
        f.createGroup("web", 0, 0, 1, "demo");

        AutoScalingException e = failure(() -> f.createGroup("web", 0, 0, 1, "demo"));

        assertThat(errorCode(e)).isEqualTo("AlreadyExists");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("AutoScalingGroup by this name already exists - A group with the name web already exists");
    }

    @Test
    void createAutoScalingGroup_whenDesiredOutsideBounds_failsWithAwsMessage() {
        AutoScalingException e = failure(() -> f.createGroup("web", 1, 5, 3, "demo"));

        assertThat(errorCode(e)).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Desired capacity:5 must be between the specified min size:1 and max size:3");
        assertThat(f.asg.describeAutoScalingGroups().autoScalingGroups()).isEmpty();
    }

    @Test
    void createAutoScalingGroup_whenLaunchTemplateUnknown_failsValidation() {
        AutoScalingException byName = failure(() -> f.asg.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateName("nope")).minSize(0).maxSize(1)
                .vpcZoneIdentifier(f.subnetA)));
        AutoScalingException byId = failure(() -> f.asg.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId("lt-0123456789abcdef0")).minSize(0).maxSize(1)
                .vpcZoneIdentifier(f.subnetA)));

        assertThat(errorCode(byName)).isEqualTo("ValidationError");
        assertThat(byName.awsErrorDetails().errorMessage()).isEqualTo("You must use a valid fully-formed launch "
                + "template. The specified launch template, with template name nope, does not exist.");
        assertThat(byId.awsErrorDetails().errorMessage()).isEqualTo("You must use a valid fully-formed launch "
                + "template. The specified launch template, with template ID lt-0123456789abcdef0, does not exist.");
    }

    @Test
    void createAutoScalingGroup_whenSubnetUnknownOrMissing_failsValidation() {
        AutoScalingException unknown = failure(() -> f.asg.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId(f.launchTemplateId)).minSize(0).maxSize(1)
                .vpcZoneIdentifier("subnet-0000000000000000f")));
        AutoScalingException none = failure(() -> f.asg.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId(f.launchTemplateId)).minSize(0).maxSize(1)));

        assertThat(unknown.awsErrorDetails().errorMessage())
                .isEqualTo("The subnet ID 'subnet-0000000000000000f' does not exist");
        assertThat(none.awsErrorDetails().errorMessage())
                .isEqualTo("At least one Availability Zone or VPC Subnet is required.");
    }

    @Test
    void updateAutoScalingGroup_whenMaxRaised_keepsItsInstances() {
        f.createGroup("web", 1, 1, 1, "demo");
        assertThat(eventually(SETTLE, () -> allInService("web", 1))).isTrue();
        String before = f.group("web").instances().get(0).instanceId();

        f.asg.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").maxSize(3));

        AutoScalingGroup g = f.group("web");
        assertThat(g.maxSize()).isEqualTo(3);
        assertThat(g.desiredCapacity()).isEqualTo(1);
        assertThat(g.instances()).extracting(Instance::instanceId).containsExactly(before);
    }

    @Test
    void updateAutoScalingGroup_whenMinAboveDesired_raisesDesiredToMin() {
        f.createGroup("web", 0, 0, 3, "demo");

        f.asg.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").minSize(2));

        assertThat(f.group("web").desiredCapacity()).isEqualTo(2);
        assertThat(eventually(SETTLE, () -> f.liveInstances("web").size() == 2)).isTrue();
    }

    @Test
    void setDesiredCapacity_whenOutsideBounds_failsValidation() {
        f.createGroup("web", 1, 1, 3, "demo");

        AutoScalingException above = failure(() -> f.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web")
                .desiredCapacity(4)));
        AutoScalingException below = failure(() -> f.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web")
                .desiredCapacity(0)));

        assertThat(above.awsErrorDetails().errorMessage())
                .isEqualTo("New SetDesiredCapacity value 4 is above max value 3 for the AutoScalingGroup.");
        assertThat(below.awsErrorDetails().errorMessage())
                .isEqualTo("New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup.");
    }

    @Test
    void setDesiredCapacity_whenLowered_terminatesFromTheFullerZoneThroughEc2() {
        f.createGroup("web", 0, 3, 3, "demo");
        assertThat(eventually(SETTLE, () -> allInService("web", 3))).isTrue();
        // Three instances over two zones: the zone with two loses one.
        String fuller = f.group("web").instances().stream()
                .collect(java.util.stream.Collectors.groupingBy(Instance::availabilityZone,
                        java.util.stream.Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() == 2).findFirst().orElseThrow().getKey();

        f.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(2));

        assertThat(eventually(SETTLE, () -> f.group("web").instances().size() == 2)).isTrue();
        assertThat(f.group("web").instances()).extracting(Instance::availabilityZone)
                .containsExactlyInAnyOrder(AsgFixture.ZONE_A, AsgFixture.ZONE_C);
        assertThat(f.liveInstances("web")).hasSize(2);
        Activity termination = f.asg.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities().get(0);
        assertThat(termination.description()).startsWith("Terminating EC2 instance: i-");
        assertThat(termination.cause()).contains("a user request explicitly set group desired capacity changing the "
                + "desired capacity from 3 to 2").contains("was selected for termination");
        assertThat(termination.details()).contains(fuller);
    }

    @Test
    void scaleIn_inOneZone_picksTheOldestTemplateVersionBeforeTheOldestInstance() {
        f.ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(f.launchTemplateId).sourceVersion("1")
                .launchTemplateData(d -> d.instanceType("t3.small")));
        f.asg.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId(f.launchTemplateId).version("2"))
                .minSize(0).desiredCapacity(1).maxSize(3).vpcZoneIdentifier(f.subnetA));
        assertThat(eventually(SETTLE, () -> allInService("web", 1))).isTrue();
        String olderInstanceNewerVersion = f.group("web").instances().get(0).instanceId();
        f.asg.updateAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId(f.launchTemplateId).version("1")).desiredCapacity(2));
        assertThat(eventually(SETTLE, () -> allInService("web", 2))).isTrue();
        assertThat(f.group("web").instances()).extracting(i -> i.launchTemplate().version())
                .containsExactlyInAnyOrder("1", "2");

        f.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(1));

        assertThat(eventually(SETTLE, () -> f.group("web").instances().size() == 1)).isTrue();
        assertThat(f.group("web").instances()).extracting(Instance::instanceId)
                .containsExactly(olderInstanceNewerVersion);
    }

    @Test
    void describeAutoScalingGroups_byTagFiltersAndPages_answersAwsShapes() {
        f.createGroup("web-a", 0, 0, 1, "alpha");
        f.createGroup("web-b", 0, 0, 1, "beta");
        f.createGroup("web-c", 0, 0, 1, "beta");

        List<String> beta = f.asg.describeAutoScalingGroups(r -> r.filters(Filter.builder().name("tag:cairn:stack")
                .values("beta").build())).autoScalingGroups().stream().map(AutoScalingGroup::autoScalingGroupName)
                .toList();
        List<String> byKey = f.asg.describeAutoScalingGroups(r -> r.filters(Filter.builder().name("tag-key")
                .values("cairn:stack").build())).autoScalingGroups().stream()
                .map(AutoScalingGroup::autoScalingGroupName).toList();
        List<String> paged = f.asg.describeAutoScalingGroupsPaginator(r -> r.maxRecords(1)).autoScalingGroups()
                .stream().map(AutoScalingGroup::autoScalingGroupName).toList();
        AutoScalingException badFilter = failure(() -> f.asg.describeAutoScalingGroups(r -> r.filters(
                Filter.builder().name("instance-id").values("i-1").build())));

        assertThat(beta).containsExactly("web-b", "web-c");
        assertThat(byKey).containsExactly("web-a", "web-b", "web-c");
        assertThat(paged).containsExactly("web-a", "web-b", "web-c");
        assertThat(errorCode(badFilter)).isEqualTo("ValidationError");
    }

    @Test
    void terminateInstanceInAutoScalingGroup_withoutDecrement_launchesAReplacement() {
        f.createGroup("web", 1, 1, 2, "demo");
        assertThat(eventually(SETTLE, () -> allInService("web", 1))).isTrue();
        String first = f.group("web").instances().get(0).instanceId();

        Activity a = f.asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(first)
                .shouldDecrementDesiredCapacity(false)).activity();

        assertThat(a.description()).isEqualTo("Terminating EC2 instance: " + first);
        assertThat(a.cause()).contains("instance " + first + " was taken out of service in response to a user request");
        assertThat(eventually(SETTLE, () -> {
            List<Instance> now = f.group("web").instances();
            return now.size() == 1 && !now.get(0).instanceId().equals(first)
                    && now.get(0).lifecycleState() == LifecycleState.IN_SERVICE;
        })).isTrue();
        assertThat(f.group("web").desiredCapacity()).isEqualTo(1);
    }

    @Test
    void terminateInstanceInAutoScalingGroup_withDecrementAtMin_failsValidation() {
        f.createGroup("web", 1, 1, 2, "demo");
        assertThat(eventually(SETTLE, () -> allInService("web", 1))).isTrue();
        String id = f.group("web").instances().get(0).instanceId();

        AutoScalingException e = failure(() -> f.asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(id)
                .shouldDecrementDesiredCapacity(true)));
        AutoScalingException unknown = failure(() -> f.asg.terminateInstanceInAutoScalingGroup(r ->
                r.instanceId("i-0123456789abcdef0").shouldDecrementDesiredCapacity(false)));

        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Currently, desiredSize equals minSize (1).");
        assertThat(errorCode(unknown)).isEqualTo("ValidationError");
    }

    @Test
    void group_whenEc2TerminatesAnInstance_replacesIt() {
        f.createGroup("web", 1, 1, 1, "demo");
        assertThat(eventually(SETTLE, () -> allInService("web", 1))).isTrue();
        String first = f.group("web").instances().get(0).instanceId();

        f.ec2.terminateInstances(r -> r.instanceIds(first));

        assertThat(eventually(SETTLE, () -> f.liveInstances("web").stream()
                .anyMatch(i -> !i.instanceId().equals(first)))).isTrue();
        assertThat(f.asg.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities())
                .anySatisfy(a -> assertThat(a.cause()).contains("an instance was taken out of service in response to "
                        + "an EC2 health check indicating it has been terminated or stopped"));
    }

    @Test
    void deleteAutoScalingGroup_withInstances_isRefusedUntilForced_andForceTerminatesThem() {
        f.createGroup("web", 1, 2, 2, "demo");
        assertThat(eventually(SETTLE, () -> allInService("web", 2))).isTrue();

        AutoScalingException refused = failure(() -> f.asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName("web")));
        f.asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName("web").forceDelete(true));

        assertThat(errorCode(refused)).isEqualTo("ResourceInUse");
        assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo("You cannot delete an AutoScalingGroup while "
                + "there are instances or pending Spot instance request(s) still in the group.");
        assertThat(eventually(SETTLE, () -> f.asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web"))
                .autoScalingGroups().isEmpty())).isTrue();
        assertThat(f.liveInstances("web")).isEmpty();
    }

    @Test
    void deleteAutoScalingGroup_whileItLaunches_failsScalingActivityInProgress() {
        f.createGroup("web", 1, 1, 1, "demo");

        // The request's settling launches the instance: pending, its activity in progress.
        AutoScalingException e = failure(() -> f.asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName("web")));

        assertThat(errorCode(e)).isEqualTo("ScalingActivityInProgress");
    }

    @Test
    void launch_whenEc2Refuses_recordsOneFailedActivityWithEc2sReason() {
        f.createGroup("web", 0, 0, 2, "demo");
        f.ec2.deleteLaunchTemplate(r -> r.launchTemplateId(f.launchTemplateId));

        f.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(1));
        for (int i = 0; i < 5; i++) {
            f.asg.describeAutoScalingGroups();
        }

        List<Activity> activities = f.asg.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities();
        assertThat(activities).singleElement().satisfies(a -> {
            assertThat(a.statusCodeAsString()).isEqualTo("Failed");
            assertThat(a.description()).startsWith("Launching a new EC2 instance.  Status Reason: ")
                    .endsWith("Launching EC2 instance failed.");
            assertThat(a.statusMessage()).isNotBlank();
            assertThat(a.cause()).contains("a user request explicitly set group desired capacity");
        });
        assertThat(f.group("web").instances()).isEmpty();
        assertThat(f.liveInstances("web")).isEmpty();
    }

    @Test
    void group_whileEc2LookupsLagBehindALaunch_neitherReplacesNorLosesTheInstance() {
        f.close();
        f = new AsgFixture(SandboxConfig.instant().withConsistencyWindow(Duration.ofMillis(800)));
        f.createGroup("web", 1, 1, 1, "demo");

        assertThat(eventually(SETTLE, () -> allInService("web", 1))).isTrue();
        // One launch only: the instance EC2 could not see at first was not taken for a dead one.
        assertThat(f.asg.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities())
                .singleElement().satisfies(a -> assertThat(a.description()).startsWith("Launching"));
        assertThat(f.liveInstances("web")).hasSize(1);
    }

    @Test
    void deleteAutoScalingGroup_whenEmpty_deletesAtOnce() {
        f.createGroup("web", 0, 0, 1, "demo");

        f.asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName("web"));
        AutoScalingException again = failure(() -> f.asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName("web")));

        assertThat(f.asg.describeAutoScalingGroups().autoScalingGroups()).isEmpty();
        assertThat(again.awsErrorDetails().errorMessage())
                .isEqualTo("AutoScalingGroup name not found - AutoScalingGroup 'web' not found");
    }

    @Test
    void putScalingPolicy_targetTracking_answersArnAndItsTwoAlarms() {
        f.createGroup("web", 1, 1, 3, "demo");

        PutScalingPolicyResponse put = f.asg.putScalingPolicy(r -> r.autoScalingGroupName("web").policyName("cpu70")
                .policyType("TargetTrackingScaling").estimatedInstanceWarmup(10)
                .targetTrackingConfiguration(t -> t.targetValue(70.0).predefinedMetricSpecification(m ->
                        m.predefinedMetricType(MetricType.ASG_AVERAGE_CPU_UTILIZATION))));

        assertThat(put.policyARN()).startsWith("arn:aws:autoscaling:ap-northeast-2:000000000000:scalingPolicy:")
                .endsWith(":autoScalingGroupName/web:policyName/cpu70");
        assertThat(put.alarms()).hasSize(2);
        assertThat(put.alarms().get(0).alarmName()).matches("TargetTracking-web-AlarmHigh-[0-9a-f-]{36}");
        assertThat(put.alarms().get(1).alarmName()).matches("TargetTracking-web-AlarmLow-[0-9a-f-]{36}");
        assertThat(put.alarms().get(0).alarmARN()).startsWith("arn:aws:cloudwatch:ap-northeast-2:000000000000:alarm:");
        ScalingPolicy p = f.asg.describePolicies(r -> r.autoScalingGroupName("web")).scalingPolicies().get(0);
        assertThat(p.policyName()).isEqualTo("cpu70");
        assertThat(p.policyARN()).isEqualTo(put.policyARN());
        assertThat(p.targetTrackingConfiguration().targetValue()).isEqualTo(70.0);
        assertThat(p.targetTrackingConfiguration().predefinedMetricSpecification().predefinedMetricType())
                .isEqualTo(MetricType.ASG_AVERAGE_CPU_UTILIZATION);
        assertThat(p.estimatedInstanceWarmup()).isEqualTo(10);
        assertThat(p.alarms()).hasSize(2);
    }

    @Test
    void putScalingPolicy_simpleAndStep_areStored_andDeletePolicyRemovesThem() {
        f.createGroup("web", 1, 1, 3, "demo");
        f.asg.putScalingPolicy(r -> r.autoScalingGroupName("web").policyName("plus-one")
                .adjustmentType("ChangeInCapacity").scalingAdjustment(1).cooldown(60));
        f.asg.putScalingPolicy(r -> r.autoScalingGroupName("web").policyName("steps").policyType("StepScaling")
                .adjustmentType("ChangeInCapacity").stepAdjustments(s -> s.metricIntervalLowerBound(0.0)
                        .scalingAdjustment(2)));

        List<ScalingPolicy> policies = f.asg.describePolicies(r -> r.autoScalingGroupName("web")).scalingPolicies();
        f.asg.deletePolicy(r -> r.autoScalingGroupName("web").policyName("plus-one"));
        AutoScalingException missing = failure(() -> f.asg.deletePolicy(r -> r.autoScalingGroupName("web")
                .policyName("plus-one")));
        AutoScalingException noAdjustment = failure(() -> f.asg.putScalingPolicy(r -> r.autoScalingGroupName("web")
                .policyName("bad").scalingAdjustment(1)));

        assertThat(policies).extracting(ScalingPolicy::policyType).containsExactly("SimpleScaling", "StepScaling");
        assertThat(policies.get(0).scalingAdjustment()).isEqualTo(1);
        assertThat(policies.get(1).stepAdjustments()).singleElement()
                .satisfies(s -> assertThat(s.scalingAdjustment()).isEqualTo(2));
        assertThat(f.asg.describePolicies(r -> r.autoScalingGroupName("web")).scalingPolicies())
                .extracting(ScalingPolicy::policyName).containsExactly("steps");
        assertThat(errorCode(missing)).isEqualTo("ValidationError");
        assertThat(errorCode(noAdjustment)).isEqualTo("ValidationError");
    }

    @Test
    void tags_createDescribeDelete_andTheTaggingApiDoesNotListGroups() {
        f.createGroup("web", 0, 0, 1, "demo");

        f.asg.createOrUpdateTags(r -> r.tags(Tag.builder().resourceId("web").resourceType("auto-scaling-group")
                .key("team").value("blue").propagateAtLaunch(false).build()));
        List<TagDescription> team = f.asg.describeTags(r -> r.filters(Filter.builder().name("key").values("team")
                .build())).tags();
        f.asg.deleteTags(r -> r.tags(Tag.builder().resourceId("web").resourceType("auto-scaling-group")
                .key("team").build()));

        assertThat(team).singleElement().satisfies(t -> {
            assertThat(t.resourceId()).isEqualTo("web");
            assertThat(t.value()).isEqualTo("blue");
            assertThat(t.propagateAtLaunch()).isFalse();
        });
        assertThat(f.group("web").tags()).extracting(TagDescription::key).containsExactly("cairn:stack");
        // The control API lists the group; AWS's tagging API does not, and neither does the Sandbox's.
        assertThat(f.control("GET", "resources", null).json().findValuesAsText("type")).contains("autoScalingGroup");
        try (var tagging = software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient
                .builder().endpointOverride(f.server.endpoint()).region(dev.cairn.sandbox.SandboxClients.REGION)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("sandbox", "sandbox")))
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder()).build()) {
            assertThat(tagging.getResources(r -> r.tagFilters(t -> t.key("cairn:stack"))).resourceTagMappingList())
                    .noneSatisfy(m -> assertThat(m.resourceARN()).contains(":autoscaling:"));
        }
    }

    @Test
    void describeLifecycleHooksAndAccountLimits_answerWhatTheSandboxHas() {
        f.createGroup("web", 0, 0, 1, "demo");

        assertThat(f.asg.describeLifecycleHooks(r -> r.autoScalingGroupName("web")).lifecycleHooks()).isEmpty();
        assertThat(f.asg.describeAccountLimits().numberOfAutoScalingGroups()).isEqualTo(1);
        assertThat(f.asg.describeAccountLimits().maxNumberOfAutoScalingGroups()).isEqualTo(500);
    }
}
