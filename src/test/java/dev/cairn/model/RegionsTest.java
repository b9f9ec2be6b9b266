package dev.cairn.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegionsTest {

    @Test
    void find_whenSeoul_hasFourZonesAndDisplayName() {
        Regions.Region seoul = Regions.find("ap-northeast-2").orElseThrow();
        assertThat(seoul.displayName()).contains("Seoul");
        assertThat(seoul.zones()).containsExactly("ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d");
    }

    @Test
    void find_whenUnknownOrNull_isEmpty() {
        assertThat(Regions.find("mars-1")).isEmpty();
        assertThat(Regions.find(null)).isEmpty();
    }

    @Test
    void all_coversTheListedCommercialRegions() {
        assertThat(Regions.codes()).contains("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
                "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-northeast-2",
                "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-south-1");
        assertThat(Regions.find("us-east-1").orElseThrow().zoneLetters()).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(Regions.find("ap-northeast-1").orElseThrow().zoneLetters()).containsExactly("a", "c", "d");
        assertThat(Regions.find("ca-central-1").orElseThrow().zoneLetters()).containsExactly("a", "b", "d");
        assertThat(Regions.find("us-east-1").orElseThrow().displayName()).contains("N. Virginia");
        assertThat(Regions.find("ap-northeast-1").orElseThrow().displayName()).contains("Tokyo");
    }

    @Test
    void defaultZones_whenRegionHasAAndC_picksThem() {
        assertThat(Regions.defaultZones("ap-northeast-2")).containsExactly("ap-northeast-2a", "ap-northeast-2c");
        assertThat(Regions.defaultZones("us-west-1")).containsExactly("us-west-1a", "us-west-1c");
    }

    @Test
    void defaultZones_whenRegionLacksC_fallsBackToFirstTwo() {
        // ca-central-1 has zones a, b and d: no "c".
        assertThat(Regions.defaultZones("ca-central-1")).containsExactly("ca-central-1a", "ca-central-1b");
        assertThat(Regions.defaultZones("nowhere-1")).isEmpty();
    }

    @Test
    void zoneLetter_returnsLastCharacter() {
        assertThat(Regions.zoneLetter("us-east-1f")).isEqualTo("f");
    }
}
