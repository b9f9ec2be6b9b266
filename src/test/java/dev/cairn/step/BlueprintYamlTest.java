package dev.cairn.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.network.SubnetTier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlueprintYamlTest {

    @Test
    void write_whenDemo_roundTrips() {
        Blueprint demo = BlueprintExample.demo();
        BlueprintYaml.Result result = BlueprintYaml.read(BlueprintYaml.write(demo));
        assertThat(result.errors()).isEmpty();
        assertThat(result.blueprint()).isEqualTo(demo);
    }

    @Test
    void demoYaml_whenRead_equalsDemoAndCarriesComments() {
        String yaml = BlueprintExample.demoYaml();
        assertThat(yaml).contains("# Step 1, Network").contains("  # How private subnets reach the internet")
                .contains("nat: single").contains("vpcCidr: 10.1.0.0/16");
        BlueprintYaml.Result result = BlueprintYaml.read(yaml);
        assertThat(result.ok()).isTrue();
        assertThat(result.blueprint()).isEqualTo(BlueprintExample.guide());
    }

    @Test
    void writeCommented_whenUserTagLooksLikeNetworkKey_doesNotCommentIt() {
        Blueprint b = new Blueprint("demo", "ap-northeast-2", java.util.Map.of("nat", "x"))
                .with(NetworkSection.KEY, BlueprintExample.demo().section(NetworkSection.KEY));
        String yaml = BlueprintYaml.writeCommented(b);
        assertThat(yaml.split("# How private subnets reach the internet", -1)).hasSize(2);
        assertThat(BlueprintYaml.read(yaml).blueprint()).isEqualTo(b);
    }

    @Test
    void read_whenZonesAndSubnetsAbsent_fillsDefaults() {
        BlueprintYaml.Result result = BlueprintYaml.read("""
                name: demo
                region: ap-northeast-2
                network:
                  vpcCidr: 10.1.0.0/16
                  nat: per-zone
                """);
        assertThat(result.errors()).isEmpty();
        NetworkSection network = result.blueprint().section(NetworkSection.KEY);
        assertThat(network.zones()).containsExactly("ap-northeast-2a", "ap-northeast-2c");
        assertThat(network.nat()).isEqualTo(NatMode.PER_ZONE);
        assertThat(network.subnets()).hasSize(6);
        assertThat(network.subnets().get(0)).isEqualTo(new SubnetSpec("public-a", "ap-northeast-2a", SubnetTier.PUBLIC, "10.1.0.0/19"));
        assertThat(result.blueprint().tags()).isEmpty();
    }

    @Test
    void read_whenFileGiven_readsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, BlueprintExample.demoYaml());
        assertThat(BlueprintYaml.read(file).blueprint()).isEqualTo(BlueprintExample.guide());
        assertThat(BlueprintYaml.read(dir.resolve("missing.yaml")).errors()).extracting(FieldError::rule)
                .containsExactly("file.unreadable");
    }

    @Test
    void read_whenSyntaxError_reportsLineAndColumn() {
        BlueprintYaml.Result result = BlueprintYaml.read("name: demo\nregion: ap-northeast-2\nnetwork:\n  vpcCidr: 10.1.0.0/16\n   nat: single\n");
        assertThat(result.blueprint()).isNull();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("yaml.syntax");
            assertThat(e.message()).startsWith("YAML syntax error at line ");
            assertThat(e.args()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(e.args().get(0)).isEqualTo("5");
        });
    }

    @Test
    void read_whenUnknownField_namesIt() {
        BlueprintYaml.Result result = BlueprintYaml.read("""
                name: demo
                region: ap-northeast-2
                network:
                  vpcCIDR: 10.1.0.0/16
                  nat: single
                """);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("field.unknown");
            assertThat(e.field()).isEqualTo("network.vpcCIDR");
            assertThat(e.message()).contains("unknown field network.vpcCIDR").contains("vpcCidr");
        });
    }

    @Test
    void read_whenEnumValueWrong_listsAllowedValues() {
        BlueprintYaml.Result result = BlueprintYaml.read("""
                name: demo
                region: ap-northeast-2
                network:
                  vpcCidr: 10.1.0.0/16
                  nat: double
                """);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("enum.value");
            assertThat(e.field()).isEqualTo("network.nat");
            assertThat(e.message()).contains("\"double\"").contains("none, single, per-zone");
        });
    }

    @Test
    void read_whenSubnetTierWrong_namesIndexedPath() {
        BlueprintYaml.Result result = BlueprintYaml.read("""
                name: demo
                region: ap-northeast-2
                network:
                  vpcCidr: 10.1.0.0/16
                  nat: single
                  subnets:
                    - {name: public-a, zone: ap-northeast-2a, tier: public, cidr: 10.1.1.0/26}
                    - {name: web-a, zone: ap-northeast-2a, tier: web, cidr: 10.1.2.0/26}
                """);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("network.subnets[1].tier");
            assertThat(e.message()).contains("public, app, db");
        });
    }

    @Test
    void read_whenWrongShape_reportsTypeError() {
        BlueprintYaml.Result result = BlueprintYaml.read("name: demo\nregion: ap-northeast-2\nnetwork:\n  zones: ap-northeast-2a\n");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("field.type");
            assertThat(e.field()).isEqualTo("network.zones");
        });
    }

    @Test
    void read_whenEmpty_reportsEmptyDocument() {
        assertThat(BlueprintYaml.read("").errors()).extracting(FieldError::rule).containsExactly("yaml.empty");
        assertThat(BlueprintYaml.read("# only a comment\n").errors()).extracting(FieldError::rule).containsExactly("yaml.empty");
    }

    @Test
    void read_whenValidYamlButInvalidBlueprint_returnsBlueprintAndValidationErrors() {
        BlueprintYaml.Result result = BlueprintYaml.read("""
                name: Demo
                region: ap-northeast-2
                network:
                  vpcCidr: 10.1.0.0/16
                  nat: single
                """);
        assertThat(result.blueprint()).isNotNull();
        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).extracting(FieldError::rule).containsExactly("stack.name");
    }

    @Test
    void write_whenTagsGiven_keepsThemAndQuotesOnlyWhatNeedsIt() {
        Blueprint b = new Blueprint("demo", "ap-northeast-2", java.util.Map.of("team", "yes", "cost-center", "0042"))
                .with(NetworkSection.KEY, BlueprintExample.demo().section(NetworkSection.KEY));
        BlueprintYaml.Result result = BlueprintYaml.read(BlueprintYaml.write(b));
        assertThat(result.blueprint().tags()).containsEntry("team", "yes").containsEntry("cost-center", "0042");
    }

    @Test
    void read_whenTopLevelKeyGivenTwice_refusesItNamingBothLines() {
        BlueprintYaml.Result result = BlueprintYaml.read("""
                name: demo
                region: ap-northeast-2
                network:
                  vpcCidr: 10.1.0.0/16
                region: us-east-1
                """);
        assertThat(result.blueprint()).isNull();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo(BlueprintYaml.DUPLICATE_KEY);
            assertThat(e.field()).isEqualTo("region");
            assertThat(e.message()).isEqualTo("region is given twice: lines 2 and 5");
            assertThat(e.args()).containsExactly("region", "2", "5");
        });
    }

    @Test
    void read_whenNestedKeysGivenTwice_namesEachPathAndBothLines() {
        BlueprintYaml.Result result = BlueprintYaml.read("""
                name: demo
                region: ap-northeast-2
                network:
                  vpcCidr: 10.1.0.0/16
                  nat: single
                  subnets:
                    - {name: public-a, zone: ap-northeast-2a, tier: public, cidr: 10.1.1.0/26}
                    - name: public-c
                      cidr: 10.1.1.64/26
                      cidr: 10.1.1.128/26
                  nat: none
                """);
        assertThat(result.blueprint()).isNull();
        assertThat(result.errors()).extracting(FieldError::message).containsExactly(
                "network.subnets[1].cidr is given twice: lines 9 and 10",
                "network.nat is given twice: lines 5 and 11");
    }

    @Test
    void read_whenSameKeyInTwoMappings_isNoDuplicate() {
        String yaml = BlueprintExample.demoYaml();
        assertThat(yaml.split("\n    - name: ", -1)).hasSize(7);
        assertThat(BlueprintYaml.read(yaml).errors()).isEmpty();
    }

    @Test
    void read_whenTextValuesLookLikeNumbersOrBooleans_keepsTheirText() {
        BlueprintYaml.Result result = BlueprintYaml.read("""
                name: demo
                region: ap-northeast-2
                tags:
                  version: 1.10
                  cost-center: 0042
                  billed: yes
                network:
                  vpcCidr: 10.1.0.0/16
                  nat: single
                """);
        assertThat(result.errors()).isEmpty();
        assertThat(result.blueprint().tags()).containsExactly(
                java.util.Map.entry("version", "1.10"), java.util.Map.entry("cost-center", "0042"),
                java.util.Map.entry("billed", "yes"));
    }

    @Test
    void read_whenTopLevelKeyUnknown_listsTheBlueprintsKeysAndEveryStep() {
        BlueprintYaml.Result result = BlueprintYaml.read("name: demo\nregion: ap-northeast-2\nmonitoring: {}\n");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("field.unknown");
            assertThat(e.field()).isEqualTo("monitoring");
            assertThat(e.message()).isEqualTo("unknown field monitoring (allowed here: access, name, network, pipeline, region, state,"
                    + " storage, tags, web)");
        });
    }

    @Test
    void read_whenStepKeyIsNull_leavesTheStepOut() {
        BlueprintYaml.Result result = BlueprintYaml.read(BlueprintYaml.write(BlueprintExample.networkOnly()) + "access: ~\n");
        assertThat(result.errors()).isEmpty();
        assertThat(result.blueprint()).isEqualTo(BlueprintExample.networkOnly());
    }

    @Test
    void write_whenSectionsAddedInAnyOrder_writesThemInTheStepsOrder() {
        Blueprint demo = BlueprintExample.demo();
        Blueprint accessFirst = new Blueprint(demo.name(), demo.region(), demo.tags())
                .with(AccessSection.KEY, demo.section(AccessSection.KEY))
                .with(NetworkSection.KEY, demo.section(NetworkSection.KEY));
        String yaml = BlueprintYaml.write(accessFirst);
        assertThat(yaml).isEqualTo(BlueprintYaml.write(demo));
        assertThat(yaml.indexOf("\nnetwork:")).isLessThan(yaml.indexOf("\naccess:"));
        assertThat(yaml).startsWith("name: demo\nregion: ap-northeast-2\ntags: {}\n");
    }
}
