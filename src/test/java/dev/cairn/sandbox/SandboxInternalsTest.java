package dev.cairn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.ec2.Ec2Durations;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure pieces under the server: request parsing, identities, config rules, regions. */
class SandboxInternalsTest {

    @Test
    void queryParamsParse_whenFlattenedListsAndFilters_readsThemInOrder() {
        QueryParams p = QueryParams.parse("Action=DescribeVpcs&VpcId.1=vpc-a&VpcId.2=vpc-b"
                + "&Filter.1.Name=tag%3AName&Filter.1.Value.1=web&Filter.1.Value.2=db"
                + "&TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=k&TagSpecification.1.Tag.1.Value=v");
        assertThat(p.list("VpcId")).containsExactly("vpc-a", "vpc-b");
        assertThat(p.filters()).containsExactly(new QueryParams.Filter("tag:Name", List.of("web", "db")));
        assertThat(p.tagSpecs()).singleElement().satisfies(t -> {
            assertThat(t.resourceType()).isEqualTo("vpc");
            assertThat(t.tags()).containsEntry("k", "v");
        });
    }

    @Test
    void scopeOf_whenSigV4Header_readsKeyRegionAndService() {
        Call.Scope scope = Call.Scope.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/"
                + "ap-northeast-2/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc");
        assertThat(scope).isEqualTo(new Call.Scope("AKIDEXAMPLE", "ap-northeast-2", "ec2"));
        assertThat(Call.Scope.of(null).service()).isNull();
    }

    @Test
    void accountFor_whenSameKey_isStableTwelveDigitsAndDefaultKeyIsZero() {
        assertThat(Call.accountFor("sandbox")).isEqualTo("000000000000");
        assertThat(Call.accountFor("AKIA1")).matches("[1-9]\\d{11}").isEqualTo(Call.accountFor("AKIA1"));
        assertThat(Call.accountFor("AKIA1")).isNotEqualTo(Call.accountFor("AKIA2"));
    }

    @Test
    void scaled_whenInstant_isZeroAndWhenRealisticIsMultiplied() {
        assertThat(SandboxConfig.instant().scaled(Ec2Durations.NAT_CREATE)).isZero();
        assertThat(SandboxConfig.realistic(0.5).scaled(Ec2Durations.NAT_CREATE)).isEqualTo(Duration.ofSeconds(50));
        assertThat(SandboxConfig.realistic(0.5).effectiveEniLinger()).isEqualTo(Duration.ofSeconds(5));
        assertThat(SandboxConfig.instant().withEniLinger(Duration.ofSeconds(2)).effectiveEniLinger())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void sandboxConfig_whenThrottleRateOutOfRange_isRejected() {
        assertThatThrownBy(() -> SandboxConfig.instant().withThrottleRate(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxConfig.instant().withPort(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void regions_whenSeoul_haveFourZonesWithIds() {
        Regions.Region seoul = Regions.require("ap-northeast-2");
        assertThat(seoul.zoneNames()).containsExactly("ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d");
        assertThat(seoul.zoneId("ap-northeast-2d")).isEqualTo("apne2-az4");
        assertThat(Regions.require("us-east-1").zoneNames()).hasSize(6);
        assertThatThrownBy(() -> Regions.require("moon-1")).isInstanceOf(AwsException.class);
    }
}
