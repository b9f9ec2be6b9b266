package dev.cairn.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.model.BlueprintExample;
import dev.cairn.model.BlueprintYaml;
import dev.cairn.model.ResourceSpec;
import dev.cairn.plan.AccessResources;
import dev.cairn.plan.Planner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout takes the Access step's kinds (and the peer region) without crashing, by its generic fallback. */
class AccessTopologyTest {

    @Test
    void layout_whenGuideStackWithAccessAndPeering_placesEveryResource() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.demo());
        bp = bp.withAccess(bp.access().withMyIp("203.0.113.10/32"));
        List<ResourceSpec> specs = Planner.specs(bp);

        Diagram d = TopologyLayout.layout(TopologyInput.planned("demo", "ap-northeast-2", specs));

        // Resources with a box of their own are drawn as nodes; rules, associations and the
        // acceptance are relations, drawn as edges or not at all by the generic fallback.
        for (ResourceSpec s : specs) {
            if (s.kind().taggable()) {
                assertThat(d.node(s.address()).isPresent() || d.containers().stream().anyMatch(c -> c.toString().contains(s.address().value())))
                        .as(s.address().value()).isTrue();
            }
        }
        assertThat(d.node(AccessResources.instance("bastion"))).isPresent();
        assertThat(d.node(AccessResources.peerInstance())).isPresent();
    }
}
