package dev.cairn.step.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkStepTest {

    @Test
    void section_whenWrittenAndRead_roundTripsThroughItsModule() {
        NetworkSection section = new NetworkSection("10.20.0.0/16", List.of("us-east-1a", "us-east-1b"), NatMode.PER_ZONE,
                List.of(new SubnetSpec("public-a", "us-east-1a", SubnetTier.PUBLIC, "10.20.0.0/24"),
                        new SubnetSpec("public-b", "us-east-1b", SubnetTier.PUBLIC, "10.20.1.0/24"),
                        new SubnetSpec("app-a", "us-east-1a", SubnetTier.APP, "10.20.2.0/24"),
                        new SubnetSpec("app-b", "us-east-1b", SubnetTier.APP, "10.20.3.0/24"),
                        new SubnetSpec("db-a", "us-east-1a", SubnetTier.DB, "10.20.4.0/24"),
                        new SubnetSpec("db-b", "us-east-1b", SubnetTier.DB, "10.20.5.0/24")));
        Blueprint bp = new Blueprint("shop", "us-east-1", Map.of("team", "web")).with(NetworkSection.KEY, section);

        String yaml = BlueprintYaml.writeCommented(bp);
        BlueprintYaml.Result read = BlueprintYaml.read(yaml);

        assertThat(read.errors()).isEmpty();
        assertThat(read.blueprint().section(NetworkSection.KEY)).isEqualTo(section);
        assertThat(yaml).contains("nat: per-zone", "  # " + NetworkStep.MODULE.fieldComments().get("nat"));
    }

    @Test
    void withDefaults_whenZonesAndSubnetsLeftOut_takesThemFromTheRegion() {
        NetworkSection bare = new NetworkSection("10.1.0.0/16", null, NatMode.SINGLE, null);
        NetworkSection filled = NetworkStep.MODULE.withDefaults(bare, new Blueprint("demo", "us-west-2", Map.of()));
        assertThat(filled.zones()).containsExactly("us-west-2a", "us-west-2c");
        assertThat(filled.subnets()).isEqualTo(SubnetLayout.compute("10.1.0.0/16", filled.zones()).orElseThrow());
    }

    @Test
    void resources_areTheNetworkResourcesOfTheBlueprint() {
        Blueprint demo = BlueprintExample.networkOnly();
        assertThat(NetworkStep.MODULE.resources(demo)).isEqualTo(NetworkResources.specs(demo));
        assertThat(NetworkStep.MODULE.resources(demo.without(NetworkSection.KEY))).isEmpty();
    }
}
