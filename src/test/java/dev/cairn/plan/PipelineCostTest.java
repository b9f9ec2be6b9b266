package dev.cairn.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.pipeline.Capacity;
import dev.cairn.step.pipeline.PipelineSection;
import dev.cairn.step.pipeline.PipelineStep;
import dev.cairn.step.storage.BucketNames;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the Pipeline step costs: by the hour its load balancer and (capacity ec2) the group's
 * instances; as rates the pipeline's action minutes, build minutes, Fargate vCPU and memory, log
 * ingestion and storage, and ECR storage; a rate Cairn has not checked is said to be unknown.
 */
class PipelineCostTest {

    private static CostEstimate cost(String region, PipelineSection p) {
        Blueprint bp = BucketNames.resolve(BlueprintYaml.withDefaults(BlueprintExample.networkOnly().withRegion(region)
                .with(PipelineSection.KEY, p)), "123456789012");
        return CostEstimate.of(PipelineStep.MODULE.resources(bp));
    }

    private static Optional<CostEstimate.Line> line(CostEstimate c, String prefix) {
        return c.lines().stream().filter(l -> l.item().startsWith(prefix)).findFirst();
    }

    private static PipelineSection fargate() {
        return BlueprintExample.pipeline().withService(new PipelineSection.Service(null, null, null, null, null, Capacity.FARGATE,
                null, null, 256, 512));
    }

    @Test
    void estimate_inUsEast1_pricesTheLoadBalancerInstancesAndEveryUsageRate() {
        CostEstimate ec2 = cost("us-east-1", BlueprintExample.pipeline());
        CostEstimate far = cost("us-east-1", fargate());
        // The instances of capacity ec2 are billed by the hour; Fargate has none.
        assertThat(ec2.hourly()).isGreaterThan(far.hourly());
        assertThat(far.hourly()).isGreaterThan(BigDecimal.ZERO); // the load balancer
        assertThat(line(ec2, "Pipeline action execution minutes")).hasValueSatisfying(
                l -> assertThat(l.unitPrice()).contains(new BigDecimal("0.002")));
        assertThat(line(ec2, "Build project build minutes")).hasValueSatisfying(
                l -> assertThat(l.unitPrice()).contains(new BigDecimal("0.005")));
        assertThat(line(ec2, "ECR repository storage")).hasValueSatisfying(
                l -> assertThat(l.unitPrice()).contains(new BigDecimal("0.10")));
        assertThat(line(ec2, "Log group ingestion")).hasValueSatisfying(
                l -> assertThat(l.unitPrice()).contains(new BigDecimal("0.50")));
        assertThat(line(ec2, "Log group storage")).hasValueSatisfying(
                l -> assertThat(l.unitPrice()).contains(new BigDecimal("0.03")));
        assertThat(line(far, "ECS service Fargate vCPU")).hasValueSatisfying(
                l -> assertThat(l.unitPrice()).contains(new BigDecimal("0.04048")));
        assertThat(line(far, "ECS service Fargate memory")).hasValueSatisfying(
                l -> assertThat(l.unitPrice()).contains(new BigDecimal("0.004445")));
    }

    @Test
    void estimate_inSeoul_leavesTheUncheckedBuildRateUnpriced() {
        CostEstimate c = cost("ap-northeast-2", BlueprintExample.pipeline());
        assertThat(line(c, "Pipeline action execution minutes")).hasValueSatisfying(
                l -> assertThat(l.unitPrice()).contains(new BigDecimal("0.002")));
        assertThat(line(c, "Build project build minutes")).hasValueSatisfying(l -> assertThat(l.unitPrice()).isEmpty());
    }
}
