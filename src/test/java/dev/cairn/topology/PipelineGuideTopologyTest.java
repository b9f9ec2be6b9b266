package dev.cairn.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceSpec;
import dev.cairn.plan.Planner;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.pipeline.PipelineResources;
import dev.cairn.step.storage.BucketNames;
import dev.cairn.topology.Diagram.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Pipeline step as the planner plans it for the guide's example ({@code cairn blueprint
 * example}): the same places as {@link PipelineTopologyTest}'s hand-made specs, from the step's own
 * resources, so the picture follows the step.
 */
class PipelineGuideTopologyTest {

    static List<ResourceSpec> guide() {
        dev.cairn.model.Blueprint bp = BlueprintExample.guide();
        bp = bp.with(dev.cairn.step.access.AccessSection.KEY,
                bp.section(dev.cairn.step.access.AccessSection.KEY).withMyIp(AccessTopologyTest.MY_IP));
        return Planner.specs(BucketNames.resolve(BlueprintYaml.withDefaults(bp), "123456789012"));
    }

    static Node node(Diagram d, Address a) {
        return d.node(a).orElseThrow(() -> new AssertionError("no node " + a));
    }

    @Test
    void layout_guideExample_placesThePipelinesBoxesByTheirShapes() throws Exception {
        List<ResourceSpec> specs = guide();
        Diagram d = TopologyLayout.layout(new TopologyInput("demo", specs.get(0).region(), specs,
                NetworkFixtures.created("demo", specs), Map.of(), Map.of(), Map.of()));
        String region = specs.get(0).region();
        String lane = "lane:" + PipelineResources.PIPELINE.value();
        assertThat(node(d, PipelineResources.PIPELINE).parentId()).isEqualTo(lane);
        assertThat(node(d, PipelineResources.CONNECTION).parentId()).isEqualTo(lane);
        assertThat(node(d, PipelineResources.BUILD_PROJECT).parentId()).isEqualTo(lane);
        assertThat(node(d, PipelineResources.APPLICATION).parentId()).isEqualTo(lane);
        assertThat(node(d, PipelineResources.CODEBUILD_ROLE).parentId()).isEqualTo("services:" + region);
        assertThat(node(d, PipelineResources.BUILD_LOGS).parentId()).isEqualTo("services:" + region);
        assertThat(node(d, PipelineResources.REPOSITORY).parentId()).isEqualTo("services:" + region);
        assertThat(node(d, PipelineResources.SERVICE).parentId()).isEqualTo("network.vpc");
        assertThat(node(d, PipelineResources.BLUE).label()).isEqualTo("Blue target group");
        assertThat(node(d, PipelineResources.GREEN).label()).isEqualTo("Green target group");
        assertThat(node(d, PipelineResources.LOAD_BALANCER).sublabel()).contains("production").contains("test");
        TopologyLayoutTest.assertNoSiblingOverlap(d);
        TopologyLayoutTest.assertChildrenInsideParents(d);
        Files.createDirectories(Path.of("target/screenshots"));
        PngWriter.write(d, Path.of("target/screenshots/topology-pipeline-guide.png"), 1.0);
        d.nodes().stream().filter(n -> n.address() != null && n.address().step().equals("pipeline"))
                .forEach(n -> System.out.println(n.id() + " parent=" + n.parentId() + " label=" + n.label()));
    }
}
