package dev.cairn.step.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.network.NetworkSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per Access rule, each on the guide's example with one field changed. */
class AccessValidatorTest {

    @TempDir
    Path tmp;

    private static Blueprint with(UnaryOperator<AccessSection> change) {
        Blueprint demo = BlueprintExample.demo();
        return BlueprintYaml.withDefaults(demo.with(AccessSection.KEY, change.apply(demo.section(AccessSection.KEY))));
    }

    private static AccessSection myIp(AccessSection a, String ip, Boolean anywhere) {
        return new AccessSection(ip, anywhere, a.keyPair(), a.bastion(), a.vpn(), a.privateInstance(), a.peering());
    }

    private static AccessSection key(AccessSection a, KeyPairMode mode, String name, String file) {
        return new AccessSection(a.myIp(), a.allowSshFromAnywhere(), new AccessSection.KeyPair(mode, name, file),
                a.bastion(), a.vpn(), a.privateInstance(), a.peering());
    }

    private static AccessSection peering(AccessSection a, String region, String cidr, List<String> zones) {
        return new AccessSection(a.myIp(), a.allowSshFromAnywhere(), a.keyPair(), a.bastion(), a.vpn(), a.privateInstance(),
                new AccessSection.Peering(true, region, cidr, zones, "t2.micro"));
    }

    private static List<String> rules(Blueprint b) {
        return BlueprintValidator.validate(b).stream().map(FieldError::rule).toList();
    }

    private static FieldError only(Blueprint b) {
        List<FieldError> errors = BlueprintValidator.validate(b);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void validate_whenGuideExample_isValidWithoutWarnings() {
        Blueprint demo = BlueprintYaml.withDefaults(BlueprintExample.demo());
        assertThat(BlueprintValidator.validate(demo)).isEmpty();
        assertThat(BlueprintValidator.warnings(demo)).isEmpty();
    }

    @Test
    void validate_whenMyIpNotAnAddress_failsWithMyIpFormat() {
        FieldError e = only(with(a -> myIp(a, "my laptop", null)));
        assertThat(e.rule()).isEqualTo("myIp.format");
        assertThat(e.field()).isEqualTo("access.myIp");
        assertThat(only(with(a -> myIp(a, "300.1.2.3", null))).rule()).isEqualTo("myIp.format");
    }

    @Test
    void validate_whenMyIpIsARange_failsWithMyIpNotHost() {
        FieldError e = only(with(a -> myIp(a, "203.0.113.0/24", null)));
        assertThat(e.rule()).isEqualTo("myIp.notHost");
        assertThat(e.message()).contains("/32");
        assertThat(rules(with(a -> myIp(a, "203.0.113.10", null)))).isEmpty();
        assertThat(rules(with(a -> myIp(a, "203.0.113.10/32", null)))).isEmpty();
    }

    @Test
    void validate_whenAnywhereWithoutFlag_failsAndWithFlagWarns() {
        FieldError e = only(with(a -> myIp(a, "0.0.0.0/0", null)));
        assertThat(e.rule()).isEqualTo("myIp.anywhere");
        assertThat(e.message()).contains("allowSshFromAnywhere");

        Blueprint allowed = with(a -> myIp(a, "0.0.0.0/0", true));
        assertThat(BlueprintValidator.validate(allowed)).isEmpty();
        assertThat(BlueprintValidator.warnings(allowed)).singleElement().satisfies(w -> {
            assertThat(w.rule()).isEqualTo("myIp.anywhere");
            assertThat(w.message()).contains("whole internet");
        });
    }

    @Test
    void validate_whenKeyNameBlankTooLongNonAsciiOrPadded_failsWithKeyPairName() {
        for (String bad : List.of("", "x".repeat(256), "clé", " key", "key ")) {
            assertThat(only(with(a -> key(a, KeyPairMode.CREATE, bad, null))).rule()).as(bad).isEqualTo("keyPair.name");
        }
        assertThat(only(with(a -> key(a, KeyPairMode.CREATE, "../evil", null))).message()).contains("plain file name");
        assertThat(rules(with(a -> key(a, KeyPairMode.EXISTING, "my key (2024)", null)))).isEmpty();
    }

    @Test
    void validate_whenImportKeyFileMissingOrNotAPublicKey_failsWithKeyPairPublicKey() throws Exception {
        assertThat(only(with(a -> key(a, KeyPairMode.IMPORT, "k", null))).rule()).isEqualTo("field.required");
        assertThat(only(with(a -> key(a, KeyPairMode.IMPORT, "k", tmp.resolve("none.pub").toString()))).rule())
                .isEqualTo("keyPair.publicKey");
        Path priv = Files.writeString(tmp.resolve("id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n");
        FieldError e = only(with(a -> key(a, KeyPairMode.IMPORT, "k", priv.toString())));
        assertThat(e.rule()).isEqualTo("keyPair.publicKey");
        assertThat(e.message()).contains("ssh-rsa or ssh-ed25519");
        Path pub = Files.writeString(tmp.resolve("id_ed25519.pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKcYb me@host\n");
        assertThat(rules(with(a -> key(a, KeyPairMode.IMPORT, "k", pub.toString())))).isEmpty();
    }

    @Test
    void validate_whenKeyPairMissingWhileInstancesEnabled_failsWithFieldRequired() {
        FieldError e = only(with(a -> new AccessSection(a.myIp(), null, null, a.bastion(), a.vpn(), a.privateInstance(), a.peering())));
        assertThat(e.field()).isEqualTo("access.keyPair");
        assertThat(e.rule()).isEqualTo("field.required");
    }

    @Test
    void validate_whenInstanceTypeMalformed_failsWithInstanceTypeFormat() {
        FieldError e = only(with(a -> new AccessSection(a.myIp(), null, a.keyPair(), new AccessSection.Host(true, "t3micro"),
                a.vpn(), a.privateInstance(), a.peering())));
        assertThat(e.rule()).isEqualTo("instanceType.format");
        assertThat(e.field()).isEqualTo("access.bastion.instanceType");
    }

    @Test
    void validate_whenVpnAmiIdMalformed_failsWithAmiFormat() {
        FieldError e = only(with(a -> new AccessSection(a.myIp(), null, a.keyPair(), a.bastion(),
                new AccessSection.Vpn(true, "t2.micro", "ami-xyz"), a.privateInstance(), a.peering())));
        assertThat(e.rule()).isEqualTo("ami.format");
    }

    @Test
    void validate_whenPeerCidrOverlapsMainVpc_failsWithPeeringOverlap() {
        FieldError e = only(with(a -> peering(a, "ap-northeast-1", "10.1.128.0/24", null)));
        assertThat(e.rule()).isEqualTo("peering.overlap");
        assertThat(e.field()).isEqualTo("access.peering.vpcCidr");
        assertThat(e.message()).contains("10.1.0.0/16");
    }

    @Test
    void validate_whenPeerRegionSameOrUnknown_failsWithRegionRules() {
        assertThat(rules(with(a -> peering(a, "ap-northeast-2", "192.168.10.0/24", List.of("ap-northeast-2a")))))
                .containsExactly("peering.sameRegion");
        assertThat(rules(with(a -> peering(a, "mars-north-1", "192.168.10.0/24", List.of("mars-north-1a")))))
                .containsExactly("region.unknown");
    }

    @Test
    void validate_whenPeerZoneNotInRegion_failsWithZoneNotInRegion() {
        assertThat(rules(with(a -> peering(a, "ap-northeast-1", "192.168.10.0/24", List.of("ap-northeast-1b")))))
                .containsExactly("zone.notInRegion");
    }

    @Test
    void validate_whenPeerCidrOutOfRangeOrTooSmall_failsWithPrefixRangeOrTooSmall() {
        assertThat(rules(with(a -> peering(a, "ap-northeast-1", "192.168.0.0/8", null)))).contains("cidr.hostBits");
        assertThat(rules(with(a -> peering(a, "ap-northeast-1", "10.0.0.0/8", null)))).contains("vpc.prefixRange");
        assertThat(rules(with(a -> peering(a, "ap-northeast-1", "192.168.10.0/27", null)))).containsExactly("peering.tooSmall");
    }

    @Test
    void withDefaults_whenHostsAndPeerZonesOmitted_fillsFreeTierTypeAndRegionZones() {
        Blueprint b = BlueprintYaml.withDefaults(BlueprintExample.demo().with(AccessSection.KEY, new AccessSection(null, null,
                new AccessSection.KeyPair(KeyPairMode.CREATE, "k", null), new AccessSection.Host(null, null), null, null,
                new AccessSection.Peering(null, "ap-northeast-1", "192.168.10.0/24", null, null))));
        assertThat(b.section(AccessSection.KEY).myIp()).isEqualTo("auto");
        assertThat(b.section(AccessSection.KEY).bastion()).isEqualTo(new AccessSection.Host(true, "t2.micro"));
        assertThat(b.section(AccessSection.KEY).peering().zones()).containsExactly("ap-northeast-1a", "ap-northeast-1c");
        assertThat(BlueprintValidator.validate(b)).isEmpty();
        assertThat(b.regions()).containsExactly("ap-northeast-1", "ap-northeast-2");
    }

    @Test
    void yaml_whenExampleWrittenAndRead_roundTripsWithAccessComments() {
        String yaml = BlueprintExample.demoYaml();
        assertThat(yaml).contains("access:", "# Step 2, Access", "  # Your address as the internet sees it", "peering:",
                "region: ap-northeast-1", "vpcCidr: 192.168.10.0/24", "mode: create");
        BlueprintYaml.Result read = BlueprintYaml.read(yaml);
        assertThat(read.errors()).isEmpty();
        assertThat(read.blueprint()).isEqualTo(BlueprintYaml.withDefaults(BlueprintExample.guide()));
    }

    @Test
    void yaml_whenKeyPairModeUnknown_namesTheAllowedModes() {
        String yaml = BlueprintExample.demoYaml().replace("mode: create", "mode: generate");
        assertThat(BlueprintYaml.read(yaml).errors()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("enum.value");
            assertThat(e.message()).contains("create, import, existing");
        });
    }

    @Test
    void blueprint_withOnlyTheNetworkSection_hasNoAccessStep() {
        Blueprint b = new Blueprint("demo", "ap-northeast-2", java.util.Map.of())
                .with(NetworkSection.KEY, BlueprintExample.demo().section(NetworkSection.KEY));
        assertThat(b.section(AccessSection.KEY)).isNull();
        assertThat(b.regions()).containsExactly("ap-northeast-2");
    }
}
