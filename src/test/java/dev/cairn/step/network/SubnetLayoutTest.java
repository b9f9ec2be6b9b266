package dev.cairn.step.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetLayoutTest {

    @Test
    void compute_whenTwoZones_takesSixOfEightBlocksInTierOrder() {
        List<SubnetSpec> subnets = SubnetLayout.compute("10.1.0.0/16", List.of("ap-northeast-2a", "ap-northeast-2c")).orElseThrow();
        assertThat(subnets).containsExactly(
                new SubnetSpec("public-a", "ap-northeast-2a", SubnetTier.PUBLIC, "10.1.0.0/19"),
                new SubnetSpec("public-c", "ap-northeast-2c", SubnetTier.PUBLIC, "10.1.32.0/19"),
                new SubnetSpec("app-a", "ap-northeast-2a", SubnetTier.APP, "10.1.64.0/19"),
                new SubnetSpec("app-c", "ap-northeast-2c", SubnetTier.APP, "10.1.96.0/19"),
                new SubnetSpec("db-a", "ap-northeast-2a", SubnetTier.DB, "10.1.128.0/19"),
                new SubnetSpec("db-c", "ap-northeast-2c", SubnetTier.DB, "10.1.160.0/19"));
    }

    @Test
    void compute_whenThreeZones_splitsIntoSixteen() {
        List<SubnetSpec> subnets = SubnetLayout.compute("10.0.0.0/16", List.of("us-east-1a", "us-east-1b", "us-east-1c")).orElseThrow();
        assertThat(subnets).hasSize(9);
        assertThat(subnets).extracting(SubnetSpec::cidr).allMatch(c -> c.endsWith("/20"));
        assertThat(subnets.get(8)).isEqualTo(new SubnetSpec("db-c", "us-east-1c", SubnetTier.DB, "10.0.128.0/20"));
    }

    @Test
    void compute_whenBlocksWouldBeSmallerThanSlash28_isEmpty() {
        assertThat(SubnetLayout.compute("10.1.1.0/25", List.of("x-1a", "x-1c"))).isPresent();
        assertThat(SubnetLayout.compute("10.1.1.0/26", List.of("x-1a", "x-1c"))).isEmpty();
    }

    @Test
    void compute_whenCidrMalformedOrNoZones_isEmpty() {
        assertThat(SubnetLayout.compute("10.1.0.1/16", List.of("x-1a"))).isEmpty();
        assertThat(SubnetLayout.compute("10.1.0.0/16", List.of())).isEmpty();
    }
}
