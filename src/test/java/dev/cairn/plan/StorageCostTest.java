package dev.cairn.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.storage.BucketNames;
import dev.cairn.step.storage.StorageSection;
import dev.cairn.step.storage.StorageStep;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the Storage step costs: nothing by the hour, and usage rates — S3 storage per GB-month and
 * requests per 1,000, DynamoDB on-demand writes and reads per million units and storage — shown
 * as rates, never added to the hourly total.
 */
class StorageCostTest {

    private static CostEstimate cost(String region) {
        // Only the step's own resources are priced, so the network's Seoul zones do not matter here.
        Blueprint bp = BucketNames.resolve(BlueprintYaml.withDefaults(BlueprintExample.networkOnly().withRegion(region)
                .with(StorageSection.KEY, BlueprintExample.storage())), "123456789012");
        return CostEstimate.of(StorageStep.MODULE.resources(bp));
    }

    private static Optional<CostEstimate.Line> line(CostEstimate c, String item) {
        return c.lines().stream().filter(l -> l.item().equals(item)).findFirst();
    }

    @Test
    void estimate_inUsEast1_listsStorageAndRequestRatesAndCostsNothingByTheHour() {
        CostEstimate c = cost("us-east-1");
        assertThat(c.hourly()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(c.isFree()).isTrue();
        assertThat(line(c, "S3 bucket storage (not estimated)")).hasValueSatisfying(l -> {
            assertThat(l.unitPrice()).contains(new BigDecimal("0.023"));
            assertThat(l.unit()).isEqualTo("GB-month");
            assertThat(l.hourly()).isEmpty();
        });
        assertThat(line(c, "S3 bucket PUT, COPY, POST and LIST requests (not estimated)")).hasValueSatisfying(l -> {
            assertThat(l.unitPrice()).contains(new BigDecimal("0.005"));
            assertThat(l.unit()).isEqualTo("1,000 requests");
        });
        assertThat(line(c, "S3 bucket GET and other requests (not estimated)")).map(CostEstimate.Line::unitPrice)
                .contains(Optional.of(new BigDecimal("0.0004")));
        assertThat(line(c, "DynamoDB table on-demand writes (not estimated)")).map(CostEstimate.Line::unitPrice)
                .contains(Optional.of(new BigDecimal("0.625")));
        assertThat(line(c, "DynamoDB table on-demand reads (not estimated)")).map(CostEstimate.Line::unitPrice)
                .contains(Optional.of(new BigDecimal("0.125")));
        assertThat(line(c, "DynamoDB table storage (not estimated)")).map(CostEstimate.Line::unitPrice)
                .contains(Optional.of(new BigDecimal("0.25")));
    }

    @Test
    void estimate_inSeoul_pricesS3AndSaysNothingWrongForDynamoDb() {
        CostEstimate c = cost("ap-northeast-2");
        assertThat(line(c, "S3 bucket storage (not estimated)")).map(CostEstimate.Line::unitPrice)
                .contains(Optional.of(new BigDecimal("0.025")));
        // Unchecked prices are left out rather than guessed: the line stays, without a rate.
        assertThat(line(c, "DynamoDB table on-demand writes (not estimated)")).map(CostEstimate.Line::unitPrice)
                .contains(Optional.empty());
        assertThat(c.lines()).extracting(CostEstimate.Line::hourly).allMatch(Optional::isEmpty);
        assertThat(List.of(c.hourly())).containsExactly(BigDecimal.ZERO);
    }
}
