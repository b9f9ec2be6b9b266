package dev.cairn.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.network.SubnetTier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlueprintValidatorTest {

    private static Blueprint demo() {
        return BlueprintExample.demo();
    }

    private static Blueprint withSubnet(int index, SubnetSpec replacement) {
        List<SubnetSpec> subnets = new ArrayList<>(demo().section(NetworkSection.KEY).subnets());
        subnets.set(index, replacement);
        return demo().with(NetworkSection.KEY, demo().section(NetworkSection.KEY).withSubnets(subnets));
    }

    private static Blueprint withSubnetCidr(int index, String cidr) {
        SubnetSpec s = demo().section(NetworkSection.KEY).subnets().get(index);
        return withSubnet(index, new SubnetSpec(s.name(), s.zone(), s.tier(), cidr));
    }

    private static Blueprint withNetwork(UnaryOperator<NetworkSection> change) {
        return demo().with(NetworkSection.KEY, change.apply(demo().section(NetworkSection.KEY)));
    }

    private static Blueprint named(String name) {
        Blueprint d = demo();
        return new Blueprint(name, d.region(), d.tags()).with(NetworkSection.KEY, d.section(NetworkSection.KEY));
    }

    private static Blueprint tagged(Map<String, String> tags) {
        Blueprint d = demo();
        return new Blueprint(d.name(), d.region(), tags).with(NetworkSection.KEY, d.section(NetworkSection.KEY));
    }

    private static List<FieldError> validate(Blueprint b) {
        return BlueprintValidator.validate(b);
    }

    @Test
    void validate_whenDemo_hasNoErrors() {
        assertThat(validate(demo())).isEmpty();
    }

    @Test
    void validate_whenComputedLayout_hasNoErrors() {
        Blueprint computed = BlueprintYaml.withDefaults(withNetwork(n -> new NetworkSection("10.1.0.0/16", null, NatMode.NONE, null)));
        assertThat(validate(computed)).isEmpty();
    }

    @Test
    void validate_whenSubnetCidrMalformed_failsWithFieldError() {
        assertThat(validate(withSubnetCidr(2, "10.1.1.128/33"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("network.subnets[2].cidr");
            assertThat(e.rule()).isEqualTo("cidr.malformed");
            assertThat(e.message()).startsWith("network.subnets[2].cidr 10.1.1.128/33");
        });
    }

    @Test
    void validate_whenVpcCidrHasHostBits_failsWithSuggestion() {
        List<FieldError> errors = validate(withNetwork(n -> new NetworkSection("10.1.0.5/16", n.zones(), n.nat(), n.subnets())));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("network.vpcCidr");
            assertThat(e.rule()).isEqualTo("cidr.hostBits");
            assertThat(e.message()).contains("did you mean 10.1.0.0/16?");
            assertThat(e.args()).containsExactly("10.1.0.5/16", "10.1.0.0/16");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/15", "10.1.1.0/29"})
    void validate_whenVpcPrefixOutOfRange_failsWithFieldError(String cidr) {
        List<FieldError> errors = validate(withNetwork(n -> new NetworkSection(cidr, n.zones(), n.nat(), n.subnets())));
        assertThat(errors).extracting(FieldError::rule).containsExactly("vpc.prefixRange");
        assertThat(errors.get(0).message()).contains("/16 and /28");
    }

    @Test
    void validate_whenSubnetOutsideVpc_failsWithFieldError() {
        assertThat(validate(withSubnetCidr(3, "10.2.0.0/24"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("network.subnets[3].cidr");
            assertThat(e.rule()).isEqualTo("subnet.outsideVpc");
            assertThat(e.message()).isEqualTo("network.subnets[3].cidr 10.2.0.0/24 is outside the VPC 10.1.0.0/16");
        });
    }

    @Test
    void validate_whenSubnetsOverlap_failsNamingBoth() {
        assertThat(validate(withSubnetCidr(3, "10.1.1.128/26"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("network.subnets[3].cidr");
            assertThat(e.rule()).isEqualTo("subnet.overlap");
            assertThat(e.message()).contains("app-c").contains("app-a").contains("network.subnets[2].cidr 10.1.1.128/27");
        });
    }

    @Test
    void validate_whenSubnetSmallerThanSlash28_failsWithFieldError() {
        assertThat(validate(withSubnetCidr(5, "10.1.1.224/29"))).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("subnet.tooSmall");
            assertThat(e.field()).isEqualTo("network.subnets[5].cidr");
        });
    }

    @Test
    void validate_whenZoneNotInRegion_failsListingRegionZones() {
        List<FieldError> errors = validate(BlueprintYaml.withDefaults(withNetwork(n ->
                new NetworkSection(n.vpcCidr(), List.of("ap-northeast-2a", "ap-northeast-2e"), n.nat(), null))));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("network.zones[1]");
            assertThat(e.rule()).isEqualTo("zone.notInRegion");
            assertThat(e.message()).contains("ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d");
        });
    }

    @Test
    void validate_whenSubnetNameDuplicate_failsWithFieldError() {
        SubnetSpec s = demo().section(NetworkSection.KEY).subnets().get(3);
        assertThat(validate(withSubnet(3, new SubnetSpec("app-a", s.zone(), s.tier(), s.cidr())))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("network.subnets[3].name");
            assertThat(e.rule()).isEqualTo("name.duplicate");
            assertThat(e.message()).contains("network.subnets[2]");
        });
    }

    @Test
    void validate_whenSubnetNameNotAddressSafe_failsWithFieldError() {
        SubnetSpec s = demo().section(NetworkSection.KEY).subnets().get(0);
        assertThat(validate(withSubnet(0, new SubnetSpec("Public A", s.zone(), s.tier(), s.cidr()))))
                .extracting(FieldError::rule).containsExactly("name.format");
    }

    @Test
    void validate_whenZoneListedTwice_failsWithFieldError() {
        List<FieldError> errors = validate(withNetwork(n -> new NetworkSection(n.vpcCidr(),
                List.of("ap-northeast-2a", "ap-northeast-2c", "ap-northeast-2a"), n.nat(), n.subnets())));
        assertThat(errors).extracting(FieldError::rule).containsExactly("zone.duplicate");
        assertThat(errors.get(0).field()).isEqualTo("network.zones[2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Demo", "1demo", "demo-", "de--mo", "awsdemo", "demo_1", "abcdefghijklmnopqrstuvwxy"})
    void validate_whenStackNameRefused_failsWithFieldError(String name) {
        assertThat(validate(named(name))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("name");
            assertThat(e.rule()).isEqualTo("stack.name");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"d", "demo-1", "abcdefghijklmnopqrstuvwx", "my-aws-stack"})
    void validate_whenStackNameAccepted_hasNoErrors(String name) {
        assertThat(validate(named(name))).isEmpty();
    }

    @Test
    void validate_whenRegionUnknown_failsWithFieldError() {
        Blueprint d = demo();
        List<FieldError> errors = validate(new Blueprint(d.name(), "ap-northeast-9", d.tags())
                .with(NetworkSection.KEY, d.section(NetworkSection.KEY)));
        assertThat(errors).extracting(FieldError::rule).containsExactly("region.unknown");
        assertThat(errors.get(0).message()).contains("ap-northeast-9");
    }

    @Test
    void validate_whenZoneLacksTier_failsWithFieldError() {
        List<SubnetSpec> subnets = new ArrayList<>(demo().section(NetworkSection.KEY).subnets());
        subnets.remove(5);
        assertThat(validate(withNetwork(n -> n.withSubnets(subnets)))).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("zone.missingTier");
            assertThat(e.args()).containsExactly("ap-northeast-2c", "db");
        });
    }

    @Test
    void validate_whenZoneHasTwoOfATier_failsWithFieldError() {
        List<SubnetSpec> subnets = new ArrayList<>(demo().section(NetworkSection.KEY).subnets());
        subnets.add(new SubnetSpec("db-a2", "ap-northeast-2a", SubnetTier.DB, "10.1.2.0/27"));
        assertThat(validate(withNetwork(n -> n.withSubnets(subnets)))).extracting(FieldError::rule)
                .containsExactly("zone.duplicateTier");
    }

    @Test
    void validate_whenOneZone_failsWithZoneCount() {
        List<SubnetSpec> subnets = demo().section(NetworkSection.KEY).subnets().stream().filter(s -> s.zone().endsWith("a")).toList();
        List<FieldError> errors = validate(withNetwork(n -> new NetworkSection(n.vpcCidr(), List.of("ap-northeast-2a"), n.nat(), subnets)));
        assertThat(errors).extracting(FieldError::rule).containsExactly("zone.count");
    }

    @Test
    void validate_whenSubnetZoneNotListed_failsWithFieldError() {
        SubnetSpec s = demo().section(NetworkSection.KEY).subnets().get(1);
        List<FieldError> errors = validate(withSubnet(1, new SubnetSpec(s.name(), "ap-northeast-2b", s.tier(), s.cidr())));
        assertThat(errors).extracting(FieldError::rule).contains("subnet.zoneNotListed", "zone.missingTier");
        assertThat(errors.get(0).field()).isEqualTo("network.subnets[1].zone");
    }

    @Test
    void validate_whenVpcTooSmallToCompute_asksForSubnetsByHand() {
        Blueprint b = BlueprintYaml.withDefaults(withNetwork(n -> new NetworkSection("10.1.1.0/26", null, n.nat(), null)));
        assertThat(validate(b)).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("vpc.tooSmallToCompute");
            assertThat(e.field()).isEqualTo("network.subnets");
            assertThat(e.message()).contains("set network.subnets by hand");
        });
    }

    @Test
    void validate_whenTagKeyReservedOrAwsPrefixed_failsWithTagKey() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("aws:team", "x");
        tags.put("cairn:stack", "x");
        tags.put("Name", "x");
        tags.put("k".repeat(129), "x");
        tags.put("", "x");
        List<FieldError> errors = validate(tagged(tags));
        assertThat(errors).hasSize(5).extracting(FieldError::rule).containsOnly("tag.key");
        assertThat(errors.get(0).field()).isEqualTo("tags[aws:team]");
    }

    @Test
    void validate_whenTagValueTooLong_failsWithTagValue() {
        assertThat(validate(tagged(Map.of("team", "v".repeat(257))))).extracting(FieldError::rule).containsExactly("tag.value");
        assertThat(validate(tagged(Map.of("team", "v".repeat(256), "k".repeat(128), "")))).isEmpty();
    }

    @Test
    void validate_whenTooManyTags_failsWithTagCount() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 41; i++) {
            tags.put("t" + i, "v");
        }
        assertThat(validate(tagged(tags))).extracting(FieldError::rule).containsExactly("tag.count");
        tags.remove("t40");
        assertThat(validate(tagged(tags))).isEmpty();
    }

    @Test
    void validate_whenFieldsMissing_reportsEachRequiredField() {
        List<FieldError> errors = validate(new Blueprint("demo", null, null));
        assertThat(errors).extracting(FieldError::field).containsExactly("region", "network");
        SubnetSpec s = demo().section(NetworkSection.KEY).subnets().get(0);
        assertThat(validate(withSubnet(0, new SubnetSpec(s.name(), s.zone(), s.tier(), null))))
                .extracting(FieldError::rule).containsExactly("field.required");
        assertThat(validate(withNetwork(n -> n.withNat(null)))).extracting(FieldError::field).containsExactly("network.nat");
    }

    @Test
    void validate_whenSeveralProblems_reportsAllOfThem() {
        Blueprint d = withSubnetCidr(3, "10.2.0.0/24");
        List<FieldError> errors = validate(new Blueprint("Bad", d.region(), Map.of("aws:x", "y"))
                .with(NetworkSection.KEY, d.section(NetworkSection.KEY)));
        assertThat(errors).extracting(FieldError::rule).containsExactly("stack.name", "tag.key", "subnet.outsideVpc");
    }
}
