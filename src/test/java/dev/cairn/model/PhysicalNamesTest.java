package dev.cairn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhysicalNamesTest {

    /** An Application Load Balancer's name: 32 characters, letters, digits and hyphens. */
    private static final ResourceKind.Naming ALB = new ResourceKind.Naming(32, "a-zA-Z0-9-", ResourceKind.Naming.Scope.REGION);
    /** An S3 bucket's: 3 to 63, lower case letters, digits, dots and hyphens, unique in the world. */
    private static final ResourceKind.Naming BUCKET = new ResourceKind.Naming(63, "a-z0-9.-", ResourceKind.Naming.Scope.GLOBAL);

    @Test
    void of_whenShort_isStackAndAddress() {
        assertThat(PhysicalNames.of("demo", Address.parse("web.alb"), ALB)).isEqualTo("demo-alb");
        assertThat(PhysicalNames.of("demo", Address.parse("web.target-group[blue]"), ALB)).isEqualTo("demo-target-group-blue");
    }

    @Test
    void of_isDeterministic() {
        Address a = Address.parse("pipeline.target-group[green]");
        assertThat(PhysicalNames.of("my-team-stack", a, ALB)).isEqualTo(PhysicalNames.of("my-team-stack", a, ALB));
    }

    @Test
    void of_whenTooLong_keepsTheStartAndEndsInAHashThatTellsNamesApart() {
        String blue = PhysicalNames.of("a-rather-long-stack-name", Address.parse("pipeline.target-group[blue]"), ALB);
        String green = PhysicalNames.of("a-rather-long-stack-name", Address.parse("pipeline.target-group[green]"), ALB);

        assertThat(blue).hasSizeLessThanOrEqualTo(32).startsWith("a-rather-long-stack-name").matches("[a-z0-9-]+");
        assertThat(green).hasSizeLessThanOrEqualTo(32);
        assertThat(blue).isNotEqualTo(green);
        assertThat(blue).doesNotStartWith("-").doesNotEndWith("-");
    }

    @Test
    void of_withQualifiers_andDisallowedCharacters_cleansThem() {
        String bucket = PhysicalNames.of("Demo", Address.parse("storage.bucket"), BUCKET, "123456789012", "ap-northeast-2");

        assertThat(bucket).isEqualTo("demo-bucket-123456789012-ap-northeast-2");
    }

    @Test
    void of_whenRulesLeaveNoRoom_fails() {
        ResourceKind.Naming tiny = new ResourceKind.Naming(6, "a-z", ResourceKind.Naming.Scope.REGION);
        assertThatThrownBy(() -> PhysicalNames.of("demo", Address.parse("web.alb"), tiny)).hasMessageContaining("no room");
    }
}
