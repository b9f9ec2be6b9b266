package dev.cairn.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CIDR arithmetic under the VPC, subnet and route rules. */
class CidrTest {

    @Test
    void cidrParse_whenHostBitsSet_returnsNull() {
        assertThat(Cidr.parse("10.0.0.1/16")).isNull();
        assertThat(Cidr.parse("10.0.0.0/33")).isNull();
        assertThat(Cidr.parse("10.0.256.0/24")).isNull();
        assertThat(Cidr.parse("10.0.0.0")).isNull();
    }

    @Test
    void cidr_whenNested_containsAndOverlaps() {
        Cidr vpc = Cidr.parse("10.0.0.0/16");
        Cidr subnet = Cidr.parse("10.0.3.0/24");
        assertThat(vpc.contains(subnet)).isTrue();
        assertThat(subnet.contains(vpc)).isFalse();
        assertThat(subnet.overlaps(Cidr.parse("10.0.3.128/25"))).isTrue();
        assertThat(subnet.overlaps(Cidr.parse("10.0.4.0/24"))).isFalse();
        assertThat(Cidr.dotted(subnet.last())).isEqualTo("10.0.3.255");
    }
}
