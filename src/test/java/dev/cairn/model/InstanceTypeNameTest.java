package dev.cairn.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceTypeNameTest {

    @Test
    void parse_whenT4gXlarge_explainsFamilyGenerationGravitonAndSize() {
        InstanceTypeName t = InstanceTypeName.parse("t4g.xlarge").orElseThrow();
        assertThat(t.family()).isEqualTo("t");
        assertThat(t.generation()).isEqualTo(4);
        assertThat(t.attributes()).isEqualTo("g");
        assertThat(t.size()).isEqualTo("xlarge");
        assertThat(t.familyDescription()).isEqualTo("burstable general purpose");
        assertThat(t.attributeDescriptions()).containsExactly("AWS Graviton processor");
        assertThat(t.explain()).isEqualTo("t4g.xlarge: family t (burstable general purpose), generation 4, attributes g"
                + " (AWS Graviton processor), size xlarge (4 vCPUs in most families, twice large)");
    }

    @Test
    void parse_whenSeveralAttributesAndMultipliedSize_explainsEachLetter() {
        InstanceTypeName t = InstanceTypeName.parse("m7gd.8xlarge").orElseThrow();
        assertThat(t.attributeDescriptions()).containsExactly("AWS Graviton processor", "local NVMe instance storage");
        assertThat(t.sizeDescription()).isEqualTo("8 × xlarge");
        assertThat(InstanceTypeName.parse("t3.micro").orElseThrow().attributes()).isEmpty();
        assertThat(InstanceTypeName.parse("inf2.xlarge").orElseThrow().familyDescription()).contains("Inferentia");
        assertThat(InstanceTypeName.parse("c7i-flex.large").orElseThrow().attributeDescriptions())
                .containsExactly("Intel processor", "flexible (Flex) variant");
    }

    @ParameterizedTest
    @ValueSource(strings = {"t3", "t3.", ".micro", "T3.micro", "t.micro", "t3.huge", "t3 micro", "t3.micro.x", ""})
    void isValid_whenNotFamilyGenerationDotSize_isFalse(String name) {
        assertThat(InstanceTypeName.isValid(name)).isFalse();
    }

    @Test
    void freeTierDefault_whenRegionHasNoT2_isT3Micro() {
        assertThat(InstanceTypeName.freeTierDefault("ap-northeast-2")).isEqualTo("t2.micro");
        assertThat(InstanceTypeName.freeTierDefault("eu-north-1")).isEqualTo("t3.micro");
    }
}
