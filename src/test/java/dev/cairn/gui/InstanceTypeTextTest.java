package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.InstanceTypeName;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class InstanceTypeTextTest {

    private static InstanceTypeName type(String name) {
        return InstanceTypeName.parse(name).orElseThrow();
    }

    @Test
    void explain_inKorean_describesEveryPartInKorean() {
        String text = InstanceTypeText.explain(new Messages(Locale.KOREAN), type("t4g.xlarge"));
        assertThat(text).contains("버스터블 범용").contains("AWS Graviton 프로세서").contains("vCPU 4개")
                .doesNotContain("burstable").doesNotContain("processor");
    }

    @Test
    void explain_inEnglish_matchesTheModelsDescriptions() {
        Messages en = new Messages(Locale.ENGLISH);
        for (String name : new String[] {"t4g.xlarge", "m6gd.8xlarge", "c7i-flex.large", "inf2.metal-48xl", "u-6tb1.metal"}) {
            InstanceTypeName t = type(name);
            assertThat(InstanceTypeText.family(en, t)).as(name).isEqualTo(t.familyDescription());
            assertThat(InstanceTypeText.attributes(en, t)).as(name).isEqualTo(t.attributeDescriptions());
            assertThat(InstanceTypeText.size(en, t)).as(name).isEqualTo(t.sizeDescription());
        }
    }

    @Test
    void unknownParts_areNamedNotDropped() {
        Messages ko = new Messages(Locale.KOREAN);
        InstanceTypeName t = type("u-6tb1.metal");
        assertThat(InstanceTypeText.family(ko, t)).isEqualTo("패밀리 u-6tb");
    }
}
