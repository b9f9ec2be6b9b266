package dev.cairn.step.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.Steps;
import dev.cairn.step.storage.StorageStep;
import dev.cairn.step.web.WebSection;
import org.junit.jupiter.api.Test;

/** The pipeline section's YAML shape, its defaults and the example that `cairn blueprint example` prints. */
class PipelineStepTest {

    @Test
    void steps_registerPipelineAfterStorage() {
        assertThat(Steps.ALL.get(Steps.ALL.size() - 1)).isSameAs(PipelineStep.MODULE);
        assertThat(Steps.ALL.get(Steps.ALL.size() - 2)).isSameAs(StorageStep.MODULE);
        assertThat(Steps.find("pipeline")).containsSame(PipelineStep.MODULE);
    }

    @Test
    void write_whenGuide_roundTripsThePipelineSection() {
        BlueprintYaml.Result result = BlueprintYaml.read(BlueprintYaml.write(BlueprintExample.guide()));
        assertThat(result.errors()).isEmpty();
        assertThat(result.blueprint().section(PipelineSection.KEY)).isEqualTo(BlueprintExample.pipeline());
    }

    @Test
    void write_whenEveryOptionChanged_roundTripsThem() {
        PipelineSection p = new PipelineSection(true, new PipelineSection.Source("octo-org/web.site", "release/1"),
                new PipelineSection.Image("team/web", false, 3), new PipelineSection.Build("aws/codebuild/standard:7.0", false,
                        "BUILD_GENERAL1_MEDIUM", 30),
                new PipelineSection.Service("c1", "svc", "web", 8080, 2, Capacity.FARGATE, null, null, 512, 2048),
                new PipelineSection.LoadBalancer(false, 81, 9090),
                new PipelineSection.Deploy("CodeDeployDefault.ECSCanary10Percent5Minutes", 60, false),
                new PipelineSection.Logs(30), "my-artifacts-bucket");
        Blueprint bp = BlueprintExample.guide().with(PipelineSection.KEY, p);
        BlueprintYaml.Result result = BlueprintYaml.read(BlueprintYaml.write(bp));
        assertThat(result.errors()).isEmpty();
        assertThat(result.blueprint().section(PipelineSection.KEY)).isEqualTo(p);
    }

    @Test
    void read_whenOnlyTheKeyIsWritten_fillsEveryDefault() {
        String yaml = BlueprintYaml.write(BlueprintExample.networkOnly()) + "\npipeline: {}\n";
        BlueprintYaml.Result result = BlueprintYaml.read(yaml);
        assertThat(result.errors()).isEmpty();
        PipelineSection p = result.blueprint().section(PipelineSection.KEY);
        assertThat(p).isEqualTo(BlueprintExample.pipeline());
    }

    @Test
    void withDefaults_whenFargate_leavesNoInstances() {
        String yaml = BlueprintYaml.write(BlueprintExample.networkOnly()) + "\npipeline:\n  service:\n    capacity: fargate\n";
        PipelineSection p = BlueprintYaml.read(yaml).blueprint().section(PipelineSection.KEY);
        assertThat(p.service().capacity()).isEqualTo(Capacity.FARGATE);
        assertThat(p.service().instanceType()).isNull();
        assertThat(p.service().instances()).isNull();
        assertThat(p.ec2()).isFalse();
    }

    @Test
    void withDefaults_whenWebTierHasHttps_listensOn443And8443() {
        Blueprint guide = BlueprintExample.guide();
        WebSection web = guide.section(WebSection.KEY);
        Blueprint bp = guide.with(WebSection.KEY, new WebSection(true, web.image(), web.instanceType(), null,
                web.loadBalancer(), new WebSection.Https("example.com", "autoscaling"), web.autoScaling()))
                .with(PipelineSection.KEY, new PipelineSection(null, null, null, null, null, null, null, null, null));
        PipelineSection p = BlueprintYaml.withDefaults(bp).section(PipelineSection.KEY);
        assertThat(p.loadBalancer()).isEqualTo(new PipelineSection.LoadBalancer(true, 443, 8443));
        assertThat(p.httpsOn()).isTrue();
    }

    @Test
    void read_whenCapacityUnknown_listsBoth() {
        String yaml = BlueprintYaml.write(BlueprintExample.networkOnly()) + "\npipeline:\n  service:\n    capacity: lambda\n";
        assertThat(BlueprintYaml.read(yaml).errors()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("enum.value");
            assertThat(e.field()).isEqualTo("pipeline.service.capacity");
            assertThat(e.message()).contains("ec2", "fargate");
        });
    }

    @Test
    void demoYaml_enablesThePipelineAndCommentsEveryKey() {
        String yaml = BlueprintExample.demoYaml();
        String pipeline = yaml.substring(yaml.indexOf("\npipeline:"));
        assertThat(pipeline).contains("  enabled: true", "    repository: demo/frontend", "    branch: main",
                "    capacity: ec2", "    terminationWaitMinutes: 5", "    productionPort: 80", "    testPort: 8080",
                "  artifactBucket: auto");
        String[] lines = pipeline.substring(1).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (!line.strip().startsWith("#") && line.contains(":")) {
                assertThat(lines[i - 1].strip()).as("the comment above " + line).startsWith("#");
            }
        }
        assertThat(pipeline).contains("console proposes 60");
        BlueprintYaml.Result read = BlueprintYaml.read(yaml);
        assertThat(read.errors()).isEmpty();
        assertThat(read.blueprint().section(PipelineSection.KEY)).isEqualTo(BlueprintExample.pipeline());
    }
}
