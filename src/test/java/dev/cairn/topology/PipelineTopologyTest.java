package dev.cairn.topology;

import static dev.cairn.topology.PipelineFixtures.ALB;
import static dev.cairn.topology.PipelineFixtures.APPLICATION;
import static dev.cairn.topology.PipelineFixtures.ARTIFACTS;
import static dev.cairn.topology.PipelineFixtures.BLUE;
import static dev.cairn.topology.PipelineFixtures.CLUSTER;
import static dev.cairn.topology.PipelineFixtures.CONNECTION;
import static dev.cairn.topology.PipelineFixtures.GREEN;
import static dev.cairn.topology.PipelineFixtures.PIPELINE;
import static dev.cairn.topology.PipelineFixtures.PROJECT;
import static dev.cairn.topology.PipelineFixtures.REGION;
import static dev.cairn.topology.PipelineFixtures.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceSpec;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.ContainerKind;
import dev.cairn.topology.Diagram.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Pipeline step in the picture, on the guide's network and Web tier: the pipeline in a lane of
 * its own outside the VPC with what serves it (connection, build project, deploy application,
 * artifact bucket) in its stages' order; roles, log groups and the repository in the services
 * lane; the ECS service across the app subnets with its cluster beside it; the pipeline's load
 * balancer across the public subnets naming its production and test listeners, the blue and
 * green target groups together under it; and during a deployment the blue and green task sets
 * with their traffic weights on the service's box.
 */
class PipelineTopologyTest {

    static Diagram layout(List<ResourceSpec> specs, Map<Address, List<TaskSetLive>> taskSets) {
        return TopologyLayout.layout(new TopologyInput("demo", REGION, specs, NetworkFixtures.created("demo", specs),
                Map.of(), Map.of(), taskSets));
    }

    static Node node(Diagram d, Address a) {
        return d.node(a).orElseThrow(() -> new AssertionError("no node " + a));
    }

    static Container container(Diagram d, String id) {
        return d.container(id).orElseThrow(() -> new AssertionError("no container " + id));
    }

    @Test
    void layout_pipeline_standsInItsOwnLaneOutsideTheVpcWithWhatServesItInStageOrder() {
        Diagram d = layout(PipelineFixtures.guide(), Map.of());

        Container lane = container(d, "lane:" + PIPELINE.value());
        Container vpc = container(d, NetworkResources.VPC.value());
        Container services = container(d, "services:" + REGION);
        assertThat(lane.kind()).isEqualTo(ContainerKind.LANE);
        assertThat(lane.parentId()).isEqualTo("region:" + REGION);
        assertThat(lane.y()).as("under the VPC").isGreaterThan(vpc.y() + vpc.h());
        assertThat(services.y()).as("the services lane under it").isGreaterThan(lane.y() + lane.h());
        List<Node> inLane = d.nodes().stream().filter(n -> n.parentId().equals(lane.id()))
                .sorted(java.util.Comparator.comparingDouble(Node::x)).toList();
        assertThat(inLane).extracting(Node::address).containsExactly(PIPELINE, CONNECTION, PROJECT, APPLICATION, ARTIFACTS);
        assertThat(inLane).extracting(Node::y).containsOnly(inLane.get(0).y());
    }

    @Test
    void layout_rolesLogGroupsAndRepository_stayInTheServicesLane() {
        Diagram d = layout(PipelineFixtures.guide(), Map.of());
        String services = "services:" + REGION;
        for (String role : PipelineFixtures.ROLES) {
            assertThat(node(d, PipelineFixtures.role(role)).parentId()).as(role).isEqualTo(services);
        }
        assertThat(node(d, PipelineFixtures.BUILD_LOGS).parentId()).isEqualTo(services);
        assertThat(node(d, PipelineFixtures.TASK_LOGS).parentId()).isEqualTo(services);
        assertThat(node(d, PipelineFixtures.REPOSITORY).parentId()).isEqualTo(services);
        assertThat(d.node(PipelineFixtures.DEPLOYMENT_GROUP)).as("folded into its application").isEmpty();
        assertThat(d.node(PipelineFixtures.TASK_DEFINITION)).as("folded into its execution role").isEmpty();
    }

    @Test
    void layout_service_spansTheAppSubnetsWithItsClusterBesideIt() {
        Diagram d = layout(PipelineFixtures.guide(), Map.of());
        Node service = node(d, SERVICE);
        Container appA = container(d, NetworkResources.subnet("app-a").value());
        Container appC = container(d, NetworkResources.subnet("app-c").value());
        assertThat(service.parentId()).isEqualTo(NetworkResources.VPC.value());
        assertThat(service.x()).isBetween(appA.x(), appA.x() + appA.w());
        assertThat(service.x() + service.w()).isBetween(appC.x(), appC.x() + appC.w());
        assertThat(service.y()).isBetween(appA.y(), appA.y() + appA.h());
        assertThat(node(d, CLUSTER).parentId()).as("in the band under the app tier").startsWith("zone:");
        assertThat(service.sublabel()).startsWith("frontend");
    }

    @Test
    void layout_listenersAndTargetGroups_readProductionTestBlueAndGreen() {
        Diagram d = layout(PipelineFixtures.guide(), Map.of());
        Node alb = node(d, ALB);
        Container publicA = container(d, NetworkResources.subnet("public-a").value());
        assertThat(alb.y()).isBetween(publicA.y(), publicA.y() + publicA.h());
        assertThat(alb.sublabel()).contains(":80 HTTP production").contains(":8080 HTTP test");

        Node blue = node(d, BLUE);
        Node green = node(d, GREEN);
        assertThat(blue.label()).isEqualTo("Blue target group");
        assertThat(green.label()).isEqualTo("Green target group");
        assertThat(blue.badge().key()).isEqualTo(DiagramStyle.BLUE_ROLE);
        assertThat(green.badge().key()).isEqualTo(DiagramStyle.GREEN_ROLE);
        assertThat(blue.parentId()).as("beside the load balancer, under its tier").startsWith("zone:");
        assertThat(green.parentId()).as("the pair stands together").startsWith("zone:");
        assertThat(green.y()).isEqualTo(blue.y());
        // The Web tier's own target group keeps its plain name.
        assertThat(node(d, WebFixtures.TARGET_GROUP).label()).doesNotContain("Blue").doesNotContain("Green");
    }

    @Test
    void layout_duringADeployment_theServiceShowsBlueAndGreenWithTheirWeights() {
        Diagram before = layout(PipelineFixtures.guide(), Map.of());
        Diagram during = layout(PipelineFixtures.guide(), Map.of(SERVICE, List.of(
                new TaskSetLive("Blue", "demo-frontend:3", 2, 2, 0),
                new TaskSetLive("Green", "demo-frontend:4", 2, 2, 100))));

        assertThat(node(during, SERVICE).sublabel())
                .isEqualTo("frontend · blue 0 % · rev 3 · 2/2 running  →  green 100 % · rev 4 · 2/2 running");
        // Live data changes words, never geometry.
        WebTopologyTest.assertSameBoxes(before, during);
    }

    @Test
    void layout_withThePipeline_keepsSiblingsApartAndChildrenInside() throws Exception {
        Diagram d = layout(PipelineFixtures.guide(), Map.of(SERVICE, List.of(
                new TaskSetLive("Blue", "demo-frontend:3", 2, 2, 10), new TaskSetLive("Green", "demo-frontend:4", 1, 2, 90))));
        TopologyLayoutTest.assertNoSiblingOverlap(d);
        TopologyLayoutTest.assertChildrenInsideParents(d);
        // For a reviewer: the picture the SVG/PNG export gives.
        Files.createDirectories(Path.of("target/screenshots"));
        PngWriter.write(d, Path.of("target/screenshots/topology-pipeline.png"), 1.0);
    }
}
