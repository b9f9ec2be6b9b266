package dev.cairn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void parse_whenCanonical_roundTripsToString() {
        assertThat(Cidr.parse("10.1.0.0/16").toString()).isEqualTo("10.1.0.0/16");
        assertThat(Cidr.parse("10.1.1.64/26").prefix()).isEqualTo(26);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.0/16", "10.1.0.0", "10.1.0.0/33", "256.1.0.0/16", "10.1.0.0/-1", " 10.1.0.0/16",
            "10.1.0.0/16 ", "a.b.c.d/8", "10.1.0.0/", "", "1000.1.1.1/8", "+1.1.1.1/8"})
    void parse_whenMalformed_failsWithMalformedRule(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOfSatisfying(Cidr.CidrFormatException.class, e -> assertThat(e.rule()).isEqualTo("cidr.malformed"));
    }

    @Test
    void parse_whenHostBitsSet_suggestsNetworkAddress() {
        assertThatThrownBy(() -> Cidr.parse("10.1.1.5/24"))
                .isInstanceOfSatisfying(Cidr.CidrFormatException.class, e -> {
                    assertThat(e.rule()).isEqualTo("cidr.hostBits");
                    assertThat(e.suggestion()).isEqualTo(Cidr.parse("10.1.1.0/24"));
                    assertThat(e.getMessage()).isEqualTo("10.1.1.5/24 has host bits set; did you mean 10.1.1.0/24?");
                });
    }

    @Test
    void parse_whenSlashZero_coversEverything() {
        Cidr all = Cidr.parse("0.0.0.0/0");
        assertThat(all.size()).isEqualTo(4_294_967_296L);
        assertThat(all.lastAddressText()).isEqualTo("255.255.255.255");
        assertThat(all.contains(Cidr.parse("255.255.255.255/32"))).isTrue();
        assertThat(all.contains(Cidr.parse("10.0.0.0/8"))).isTrue();
        assertThatThrownBy(() -> Cidr.parse("1.0.0.0/0")).isInstanceOf(Cidr.CidrFormatException.class);
    }

    @Test
    void parse_whenSlash32_isOneAddress() {
        Cidr one = Cidr.parse("255.255.255.255/32");
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.firstAddressText()).isEqualTo("255.255.255.255");
        assertThat(one.lastAddressText()).isEqualTo("255.255.255.255");
        assertThat(one.containsAddress(0xFFFF_FFFFL)).isTrue();
        assertThat(one.toString()).isEqualTo("255.255.255.255/32");
    }

    @Test
    void firstAndLast_whenSlash26_spanSixtyFourAddresses() {
        Cidr c = Cidr.parse("10.1.1.64/26");
        assertThat(c.size()).isEqualTo(64);
        assertThat(c.firstAddressText()).isEqualTo("10.1.1.64");
        assertThat(c.lastAddressText()).isEqualTo("10.1.1.127");
    }

    @Test
    void contains_whenInsideOrOutside_answersCorrectly() {
        Cidr vpc = Cidr.parse("10.1.0.0/16");
        assertThat(vpc.contains(Cidr.parse("10.1.255.240/28"))).isTrue();
        assertThat(vpc.contains(vpc)).isTrue();
        assertThat(vpc.contains(Cidr.parse("10.2.0.0/24"))).isFalse();
        assertThat(vpc.contains(Cidr.parse("10.0.0.0/8"))).isFalse();
    }

    @Test
    void overlaps_whenNestedOrAdjacent_answersCorrectly() {
        Cidr a = Cidr.parse("10.1.1.0/26");
        assertThat(a.overlaps(Cidr.parse("10.1.1.0/24"))).isTrue();
        assertThat(Cidr.parse("10.1.1.0/24").overlaps(a)).isTrue();
        assertThat(a.overlaps(Cidr.parse("10.1.1.64/26"))).isFalse();
        assertThat(a.overlaps(Cidr.parse("10.1.1.63/32"))).isTrue();
    }

    @Test
    void subdivide_whenThreeBitsMore_givesEightBlocksInOrder() {
        List<Cidr> blocks = Cidr.parse("10.1.0.0/16").subdivide(19);
        assertThat(blocks).extracting(Cidr::toString).containsExactly("10.1.0.0/19", "10.1.32.0/19", "10.1.64.0/19",
                "10.1.96.0/19", "10.1.128.0/19", "10.1.160.0/19", "10.1.192.0/19", "10.1.224.0/19");
    }

    @Test
    void subdivide_whenTopOfAddressSpace_doesNotOverflow() {
        assertThat(Cidr.parse("255.255.255.252/30").subdivide(32)).extracting(Cidr::toString)
                .containsExactly("255.255.255.252/32", "255.255.255.253/32", "255.255.255.254/32", "255.255.255.255/32");
        assertThat(Cidr.parse("10.0.0.0/24").subdivide(24)).containsExactly(Cidr.parse("10.0.0.0/24"));
    }

    @Test
    void subdivide_whenPrefixShorterOrTooLong_fails() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/24").subdivide(23)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/24").subdivide(33)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compareTo_ordersByAddressThenPrefix() {
        assertThat(List.of(Cidr.parse("10.1.1.0/26"), Cidr.parse("10.1.0.0/16"), Cidr.parse("10.1.0.0/24")).stream().sorted())
                .extracting(Cidr::toString).containsExactly("10.1.0.0/16", "10.1.0.0/24", "10.1.1.0/26");
    }
}
