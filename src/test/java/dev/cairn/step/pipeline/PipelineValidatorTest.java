package dev.cairn.step.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.Messages;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.web.WebSection;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per Pipeline rule, each on the guide's example with one field changed; each names its
 * field and its rule, and every rule reads in English and Korean with the offending value in it.
 */
class PipelineValidatorTest {

    private static Blueprint with(UnaryOperator<PipelineSection> change) {
        Blueprint guide = BlueprintExample.guide();
        return BlueprintYaml.withDefaults(guide.with(PipelineSection.KEY, change.apply(guide.section(PipelineSection.KEY))));
    }

    private static PipelineSection service(PipelineSection p, UnaryOperator<PipelineSection.Service> change) {
        return p.withService(change.apply(p.service()));
    }

    private static PipelineSection.Service svc(PipelineSection.Service s, String cluster, String name, String container,
            Integer port, Integer desired, Capacity capacity, String type, Integer instances, Integer cpu, Integer memory) {
        return new PipelineSection.Service(cluster, name, container, port, desired, capacity, type, instances, cpu, memory);
    }

    /** The one error of {@code bp}: at {@code field}, by {@code rule}, worded in both languages with {@code value}. */
    private static void onlyError(Blueprint bp, String field, String rule, String value) {
        List<FieldError> errors = BlueprintValidator.validate(bp);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.rule()).isEqualTo(rule);
            String en = new Messages(Locale.ENGLISH).error(e);
            String ko = new Messages(Locale.KOREAN).error(e);
            assertThat(en).doesNotContain("{0}", "{1}").isNotEqualTo(ko);
            assertThat(ko).doesNotContain("{0}", "{1}");
            if (value != null) {
                assertThat(e.message()).contains(value);
                assertThat(en).contains(value);
                assertThat(ko).contains(value);
            }
        });
    }

    @Test
    void validate_whenGuide_findsNothing() {
        assertThat(BlueprintValidator.validate(BlueprintYaml.withDefaults(BlueprintExample.guide()))).isEmpty();
        assertThat(BlueprintValidator.validate(with(p -> p.withService(new PipelineSection.Service(null, null, null, null, null,
                Capacity.FARGATE, null, null, 1024, 3072))))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"frontend", "a/b/c", "-owner/app", "owner-/app", "own--er/app", "owner/", "/app", "owner/a b",
        "owner/app.git", "owner/..", "a234567890123456789012345678901234567890/app"})
    void validate_whenRepositoryIsNotGithubOwnerName_failsAtTheRepository(String repo) {
        onlyError(with(p -> p.withSource(new PipelineSection.Source(repo, "main"))), "pipeline.source.repository",
                "pipeline.repository", repo);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-org/my.site", "a/b", "Octo-Cat/Hello_World-2", "a23456789012345678901234567890123456789/x"})
    void validate_whenRepositoryFollowsGithubRules_passes(String repo) {
        assertThat(BlueprintValidator.validate(with(p -> p.withSource(new PipelineSection.Source(repo, "main"))))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"feature..x", "a b", "x.lock", "/main", "main/", "what?", "-dash", "a~1"})
    void validate_whenBranchIsNotAGitName_failsAtTheBranch(String branch) {
        onlyError(with(p -> p.withSource(new PipelineSection.Source("demo/frontend", branch))), "pipeline.source.branch",
                "pipeline.branch", branch);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Frontend", "f", "front__end", "front end", "team//web", "-web"})
    void validate_whenEcrNameRefused_failsAtTheImageRepository(String name) {
        onlyError(with(p -> p.withImage(new PipelineSection.Image(name, true, 10))), "pipeline.image.repository",
                "pipeline.ecrName", name);
    }

    @Test
    void validate_whenKeepImagesZero_fails() {
        onlyError(with(p -> p.withImage(new PipelineSection.Image("frontend", true, 0))), "pipeline.image.keepImages",
                "pipeline.keepImages", "0");
    }

    @Test
    void validate_whenComputeTypeUnknown_listsTheTypes() {
        onlyError(with(p -> p.withBuild(new PipelineSection.Build("img", true, "BUILD_GENERAL1_HUGE", 20))),
                "pipeline.build.computeType", "pipeline.computeType", "BUILD_GENERAL1_HUGE");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 2161})
    void validate_whenBuildTimeoutOutOfRange_fails(int minutes) {
        onlyError(with(p -> p.withBuild(new PipelineSection.Build("img", true, "BUILD_GENERAL1_SMALL", minutes))),
                "pipeline.build.timeoutMinutes", "pipeline.buildTimeout", String.valueOf(minutes));
    }

    @ParameterizedTest
    @CsvSource({"cluster, my.cluster", "name, my service", "container, web/app"})
    void validate_whenEcsNameRefused_failsAtThatName(String key, String name) {
        onlyError(with(p -> service(p, s -> svc(s, key.equals("cluster") ? name : s.cluster(), key.equals("name") ? name : s.name(),
                key.equals("container") ? name : s.container(), s.port(), s.desiredCount(), s.capacity(), s.instanceType(),
                s.instances(), s.cpu(), s.memory()))), "pipeline.service." + key, "pipeline.ecsName", name);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65536})
    void validate_whenContainerPortOutOfRange_fails(int port) {
        onlyError(with(p -> service(p, s -> svc(s, s.cluster(), s.name(), s.container(), port, s.desiredCount(), s.capacity(),
                s.instanceType(), s.instances(), s.cpu(), s.memory()))), "pipeline.service.port", "pipeline.port",
                String.valueOf(port));
    }

    @Test
    void validate_whenDesiredCountZero_failsNamingBlueGreen() {
        onlyError(with(p -> service(p, s -> svc(s, s.cluster(), s.name(), s.container(), s.port(), 0, s.capacity(),
                s.instanceType(), s.instances(), s.cpu(), s.memory()))), "pipeline.service.desiredCount",
                "pipeline.desiredCount", "0");
    }

    @Test
    void validate_whenEc2InstanceTypeMalformed_failsWithTheSharedRule() {
        onlyError(with(p -> service(p, s -> svc(s, s.cluster(), s.name(), s.container(), s.port(), s.desiredCount(), s.capacity(),
                "t3micro", s.instances(), s.cpu(), s.memory()))), "pipeline.service.instanceType", "instanceType.format",
                "t3micro");
    }

    @Test
    void validate_whenEc2WithNoInstances_fails() {
        onlyError(with(p -> service(p, s -> svc(s, s.cluster(), s.name(), s.container(), s.port(), s.desiredCount(), s.capacity(),
                s.instanceType(), 0, s.cpu(), s.memory()))), "pipeline.service.instances", "pipeline.instances", "0");
    }

    @ParameterizedTest
    @CsvSource({"256, 4096", "512, 512", "1024, 2500", "300, 1024", "16384, 40000"})
    void validate_whenFargateSizeDoesNotExist_failsAtMemory(int cpu, int memory) {
        onlyError(with(p -> service(p, s -> svc(s, s.cluster(), s.name(), s.container(), s.port(), s.desiredCount(),
                Capacity.FARGATE, null, null, cpu, memory))), "pipeline.service.memory", "pipeline.fargateSize",
                String.valueOf(memory));
    }

    @ParameterizedTest
    @CsvSource({"256, 512", "256, 2048", "512, 4096", "1024, 8192", "4096, 30720", "8192, 20480", "16384, 40960"})
    void fargateAllows_whenAwsListsTheSize_isTrue(int cpu, int memory) {
        assertThat(PipelineValidator.fargateAllows(cpu, memory)).isTrue();
    }

    @Test
    void validate_whenEc2TaskTooSmall_fails() {
        onlyError(with(p -> service(p, s -> svc(s, s.cluster(), s.name(), s.container(), s.port(), s.desiredCount(), s.capacity(),
                s.instanceType(), s.instances(), 64, 512))), "pipeline.service.cpu", "pipeline.taskSize", "64");
    }

    @Test
    void validate_whenTestPortIsTheProductionPort_failsAtTheTestPort() {
        onlyError(with(p -> p.withLoadBalancer(new PipelineSection.LoadBalancer(false, 80, 80))), "pipeline.loadBalancer.testPort",
                "pipeline.samePorts", "80");
    }

    @Test
    void validate_whenListenerPortOutOfRange_fails() {
        onlyError(with(p -> p.withLoadBalancer(new PipelineSection.LoadBalancer(false, 70000, 8080))),
                "pipeline.loadBalancer.productionPort", "pipeline.port", "70000");
    }

    @Test
    void validate_whenHttpsWithoutTheWebTiersCertificate_failsAtHttps() {
        onlyError(with(p -> p.withLoadBalancer(new PipelineSection.LoadBalancer(true, 443, 8443))), "pipeline.loadBalancer.https",
                "pipeline.httpsNoCertificate", null);
        Blueprint guide = BlueprintExample.guide();
        WebSection web = guide.section(WebSection.KEY);
        Blueprint withHttps = guide.with(WebSection.KEY, new WebSection(true, web.image(), web.instanceType(), null,
                web.loadBalancer(), new WebSection.Https("example.com", null), web.autoScaling()));
        Blueprint ok = BlueprintYaml.withDefaults(withHttps.with(PipelineSection.KEY, guide.section(PipelineSection.KEY)
                .withLoadBalancer(new PipelineSection.LoadBalancer(true, 443, 8443))));
        assertThat(BlueprintValidator.validate(ok)).isEmpty();
    }

    @Test
    void validate_whenDefaultConfigIsNotAnEcsOne_fails() {
        onlyError(with(p -> p.withDeploy(new PipelineSection.Deploy("CodeDeployDefault.OneAtATime", 5, true))),
                "pipeline.deploy.deploymentConfig", "pipeline.deploymentConfig", "CodeDeployDefault.OneAtATime");
        assertThat(BlueprintValidator.validate(with(p -> p.withDeploy(new PipelineSection.Deploy("MyOwnConfig", 5, true)))))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 2881})
    void validate_whenTerminationWaitOutOfRange_fails(int minutes) {
        onlyError(with(p -> p.withDeploy(new PipelineSection.Deploy("CodeDeployDefault.ECSAllAtOnce", minutes, true))),
                "pipeline.deploy.terminationWaitMinutes", "pipeline.terminationWait", String.valueOf(minutes));
    }

    @Test
    void validate_whenRetentionNotALogsValue_fails() {
        onlyError(with(p -> p.withLogs(new PipelineSection.Logs(10))), "pipeline.logs.retentionDays", "pipeline.retention", "10");
    }

    @Test
    void validate_whenArtifactBucketNameRefused_usesTheBucketRules() {
        onlyError(with(p -> p.withArtifactBucket("My_Bucket")), "pipeline.artifactBucket", "bucket.nameChars", "My_Bucket");
    }

    @Test
    void validate_whenStackNamesAnInternalLoadBalancer_failsAtThePipeline() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.guide().withName("internal")
                .without(WebSection.KEY));
        assertThat(BlueprintValidator.validate(bp)).filteredOn(e -> e.field().startsWith("pipeline")).singleElement()
                .satisfies(e -> {
                    assertThat(e.rule()).isEqualTo("pipeline.derivedName");
                    assertThat(e.args()).containsExactly("internal-pipe");
                    assertThat(new Messages(Locale.KOREAN).error(e)).contains("internal-pipe");
                });
    }

    @Test
    void validate_whenStackStartsWithEcs_refusesTheCapacityProviderName() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.guide().withName("ecs-demo"));
        assertThat(BlueprintValidator.validate(bp)).filteredOn(e -> e.field().startsWith("pipeline"))
                .extracting(FieldError::rule).containsExactly("pipeline.derivedName");
        Blueprint fargate = BlueprintYaml.withDefaults(BlueprintExample.guide().withName("ecs-demo").with(PipelineSection.KEY,
                BlueprintExample.pipeline().withService(new PipelineSection.Service("ecs-demo", "frontend", "frontend", 80, 1,
                        Capacity.FARGATE, null, null, 256, 512))));
        assertThat(BlueprintValidator.validate(fargate)).filteredOn(e -> e.field().startsWith("pipeline")).isEmpty();
    }

    @Test
    void warnings_whenNoNat_saysTheTasksCannotPullImages() {
        Blueprint guide = BlueprintExample.guide();
        NetworkSection n = guide.section(NetworkSection.KEY);
        Blueprint bp = BlueprintYaml.withDefaults(guide.with(NetworkSection.KEY,
                new NetworkSection(n.vpcCidr(), n.zones(), NatMode.NONE, n.subnets())));
        assertThat(BlueprintValidator.warnings(bp)).filteredOn(e -> e.field().startsWith("pipeline")).singleElement()
                .satisfies(e -> {
                    assertThat(e.rule()).isEqualTo("pipeline.noNat");
                    assertThat(new Messages(Locale.KOREAN).error(e)).contains("NAT");
                });
    }

    @Test
    void validate_whenDisabled_checksNothing() {
        assertThat(BlueprintValidator.validate(with(p -> new PipelineSection(false, new PipelineSection.Source("bad", "main"),
                p.image(), p.build(), p.service(), p.loadBalancer(), p.deploy(), p.logs(), p.artifactBucket())))).isEmpty();
    }
}
