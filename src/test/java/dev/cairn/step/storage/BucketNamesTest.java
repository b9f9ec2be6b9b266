package dev.cairn.step.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.pipeline.PipelineSection;
import org.junit.jupiter.api.Test;

/** Derived bucket names: deterministic, global (stack, account, region), valid, at most 63 characters. */
class BucketNamesTest {

    @Test
    void derive_whenShort_isStackAccountRegion() {
        assertThat(BucketNames.derive("demo", "123456789012", "ap-northeast-2", ""))
                .isEqualTo("demo-123456789012-ap-northeast-2");
        assertThat(BucketNames.derive("demo", "123456789012", "ap-northeast-2", BucketNames.STATE_SUFFIX))
                .isEqualTo("demo-123456789012-ap-northeast-2-state");
    }

    @Test
    void derive_whenLong_keepsTheSuffixAndEndsInAHashWithin63() {
        String stack = "a-very-long-stack-name-xy";
        String data = BucketNames.derive(stack + "zzzzzzzzzzzzzzzzzzzz", "123456789012", "ap-southeast-2", "");
        String state = BucketNames.derive(stack + "zzzzzzzzzzzzzzzzzzzz", "123456789012", "ap-southeast-2", BucketNames.STATE_SUFFIX);
        assertThat(data).hasSizeLessThanOrEqualTo(63);
        assertThat(state).hasSizeLessThanOrEqualTo(63).endsWith("-state");
        assertThat(StorageValidator.bucketNameError("f", "f", data)).isEmpty();
        assertThat(StorageValidator.bucketNameError("f", "f", state)).isEmpty();
        // Deterministic, and two long names differing only at the end do not collide.
        assertThat(BucketNames.derive(stack + "zzzzzzzzzzzzzzzzzzzz", "123456789012", "ap-southeast-2", "")).isEqualTo(data);
        assertThat(BucketNames.derive(stack + "zzzzzzzzzzzzzzzzzzzy", "123456789012", "ap-southeast-2", "")).isNotEqualTo(data);
    }

    @Test
    void resolve_whenAuto_derivesBothNamesForTheAccount() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.guide().with(StorageSection.KEY,
                BlueprintExample.storage().withStateBucket(new StorageSection.StateBucket(true, "auto"))));
        assertThat(BucketNames.needsAccount(bp)).isTrue();
        Blueprint resolved = BucketNames.resolve(bp, "123456789012");
        StorageSection s = resolved.section(StorageSection.KEY);
        assertThat(s.bucket().name()).isEqualTo("demo-123456789012-ap-northeast-2");
        assertThat(s.stateBucket().name()).isEqualTo("demo-123456789012-ap-northeast-2-state");
        assertThat(BucketNames.needsAccount(resolved)).isFalse();
        assertThat(BucketNames.resolve(resolved, "999999999999")).isEqualTo(resolved);
    }

    @Test
    void resolve_whenPipelineArtifactBucketAuto_derivesItWithTheArtifactsSuffix() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.guide().without(StorageSection.KEY));
        assertThat(BucketNames.needsAccount(bp)).isTrue();
        Blueprint resolved = BucketNames.resolve(bp, "123456789012");
        assertThat(resolved.section(PipelineSection.KEY).artifactBucket()).isEqualTo("demo-123456789012-ap-northeast-2-artifacts");
        assertThat(BucketNames.needsAccount(resolved)).isFalse();
        Blueprint longStack = BucketNames.resolve(bp.withName("a-rather-long-stack-name1"), "123456789012");
        assertThat(longStack.section(PipelineSection.KEY).artifactBucket()).hasSizeLessThanOrEqualTo(63).endsWith("-artifacts");
    }

    @Test
    void resolve_whenNamed_leavesTheBlueprintAlone() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.guide().with(StorageSection.KEY,
                BlueprintExample.storage().withBucket(BlueprintExample.storage().bucket().withName("my-own-bucket")))
                .with(PipelineSection.KEY, BlueprintExample.pipeline().withArtifactBucket("my-own-artifacts")));
        assertThat(BucketNames.needsAccount(bp)).isFalse();
        assertThat(BucketNames.resolve(bp, "123456789012")).isEqualTo(bp);
    }
}
