package dev.cairn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressTest {

    @Test
    void of_withName_rendersBracketForm() {
        Address a = Address.of("network", "subnet", "app-a");
        assertThat(a.value()).isEqualTo("network.subnet[app-a]");
        assertThat(a.step()).isEqualTo("network");
        assertThat(a.type()).isEqualTo("subnet");
        assertThat(a.name()).isEqualTo("app-a");
        assertThat(a.shortName()).isEqualTo("subnet-app-a");
    }

    @Test
    void parse_withoutName_hasEmptyName() {
        Address a = Address.parse("network.vpc");
        assertThat(a.name()).isEmpty();
        assertThat(a.shortName()).isEqualTo("vpc");
    }

    @Test
    void parse_whenMalformed_fails() {
        assertThatThrownBy(() -> Address.parse("Network vpc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.parse("network.subnet[]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tags_forResource_cannotBeOverriddenByUserTags() {
        var tags = Tags.forResource("demo", Address.parse("network.vpc"), java.util.Map.of("Name", "x", "team", "a"));
        assertThat(tags).containsEntry("Name", "demo-vpc").containsEntry("cairn:stack", "demo")
                .containsEntry("cairn:address", "network.vpc").containsEntry("team", "a");
    }
}
