package dev.cairn.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.DynamoDbKinds;
import dev.cairn.model.kinds.S3Kinds;
import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.ContainerKind;
import dev.cairn.topology.Diagram.Node;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Storage step in the picture: the bucket and the table are regional services outside every
 * VPC, so they stand in the region's services lane with their icons, statuses and IDs; the
 * bucket's policy is folded into it; the bucket that holds the team's state ({@code role=state})
 * reads apart from the data bucket, in every renderer.
 */
class StorageTopologyTest {

    static final String REGION = AccessTopologyTest.REGION;
    // The Storage step's addresses carry no names: one bucket, one state bucket, one table.
    static final Address BUCKET = Address.of("storage", "bucket");
    static final Address POLICY = Address.of("storage", "bucket-policy");
    static final Address TABLE = Address.of("storage", "table");
    static final Address STATE_BUCKET = Address.of("storage", "state-bucket");
    static final Address STATE_POLICY = Address.of("storage", "state-bucket-policy");

    /** The Storage step's resources as the kinds' javadoc describes them. */
    static List<ResourceSpec> storage() {
        return List.of(bucket(BUCKET, "demo-data-123456789012", "data"), policy(POLICY, BUCKET),
                table(), bucket(STATE_BUCKET, "demo-state-123456789012", "state"), policy(STATE_POLICY, STATE_BUCKET));
    }

    private static ResourceSpec bucket(Address a, String name, String role) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("versioning", "Enabled");
        p.put("encryption", "AES256");
        p.put("objectOwnership", "BucketOwnerEnforced");
        p.put("blockPublicAcls", "true");
        p.put("ignorePublicAcls", "true");
        p.put("blockPublicPolicy", "true");
        p.put("restrictPublicBuckets", "true");
        p.put("role", role);
        return new ResourceSpec(a, S3Kinds.BUCKET, REGION, p, Map.of(), Set.of());
    }

    private static ResourceSpec policy(Address a, Address bucket) {
        return new ResourceSpec(a, S3Kinds.BUCKET_POLICY, REGION, Map.of("policy", "{}"), Map.of("bucket", bucket), Set.of());
    }

    private static ResourceSpec table() {
        return new ResourceSpec(TABLE, DynamoDbKinds.TABLE, REGION, Map.of("name", "demo-main",
                "partitionKeyName", "pk", "partitionKeyType", "S", "billingMode", "PAY_PER_REQUEST",
                "pointInTimeRecovery", "true", "deletionProtection", "false"), Map.of(), Set.of());
    }

    /** The whole guide (Network, Access, Web tier) with the Storage step. */
    static List<ResourceSpec> guideWithStorage() {
        List<ResourceSpec> all = new ArrayList<>(WebFixtures.guide());
        all.addAll(storage());
        return all;
    }

    private static Node node(Diagram d, Address a) {
        return d.node(a).orElseThrow(() -> new AssertionError("no node " + a));
    }

    private static Container lane(Diagram d) {
        return d.container("services:" + REGION).orElseThrow(() -> new AssertionError("no services lane"));
    }

    @Test
    void layout_whenStoragePlanned_putsBucketsAndTableInTheServicesLaneOutsideTheVpc() {
        Diagram d = TopologyLayout.layout(TopologyInput.planned("demo", REGION, guideWithStorage()));

        Container lane = lane(d);
        assertThat(lane.kind()).isEqualTo(ContainerKind.SERVICES);
        for (Address a : List.of(BUCKET, TABLE, STATE_BUCKET)) {
            Node n = node(d, a);
            assertThat(n.parentId()).as("%s stands in the lane", a).isEqualTo(lane.id());
            assertThat(lane.contains(n)).as("%s inside the lane", a).isTrue();
            assertThat(n.status()).isEqualTo(NodeStatus.PLANNED);
            for (Container c : d.containers()) {
                if (c.kind() == ContainerKind.VPC) {
                    assertThat(n.intersects(c)).as("%s outside %s", a, c.id()).isFalse();
                }
            }
        }
        // The policy lives in its bucket: no box of its own.
        assertThat(d.node(POLICY)).isEmpty();
        assertThat(d.node(STATE_POLICY)).isEmpty();
        TopologyLayoutTest.assertNoSiblingOverlap(d);
        TopologyLayoutTest.assertChildrenInsideParents(d);
    }

    @Test
    void layout_whenBucketHoldsTheTeamState_marksItApartFromTheDataBucket() {
        Diagram d = TopologyLayout.layout(TopologyInput.planned("demo", REGION, storage()));

        Node data = node(d, BUCKET);
        Node state = node(d, STATE_BUCKET);
        Node table = node(d, TABLE);
        assertThat(data.badge().text()).as("a data bucket is an S3 bucket").isEqualTo("S3");
        assertThat(data.iconKey()).isEqualTo("s3_bucket");
        assertThat(data.label()).isEqualTo("S3 bucket");
        assertThat(state.iconKey()).isEqualTo(DiagramStyle.STATE_ROLE);
        assertThat(state.badge().text()).isEqualTo("STA");
        assertThat(state.badge().colour()).isNotEqualTo(data.badge().colour());
        assertThat(state.label()).as("named by its role").isEqualTo("State bucket");
        assertThat(table.badge().text()).isEqualTo("DDB");
        assertThat(table.label()).isEqualTo("DynamoDB table");
    }

    @Test
    void layout_whenStorageAlone_drawsTheLaneInTheRegionWithoutAVpc() {
        Diagram d = TopologyLayout.layout(TopologyInput.planned("demo", REGION, storage()));

        Container lane = lane(d);
        Container region = d.containers().stream().filter(c -> c.kind() == ContainerKind.REGION).findFirst().orElseThrow();
        assertThat(lane.parentId()).isEqualTo(region.id());
        assertThat(d.containers()).noneMatch(c -> c.kind() == ContainerKind.VPC);
        assertThat(d.nodes()).extracting(Node::address).containsExactlyInAnyOrder(BUCKET, TABLE, STATE_BUCKET);
        TopologyLayoutTest.assertNoSiblingOverlap(d);
        TopologyLayoutTest.assertChildrenInsideParents(d);
    }

    @Test
    void layout_whenCreated_showsEachNameAndStatusWithoutMovingABox() {
        List<ResourceSpec> specs = guideWithStorage();
        Diagram planned = TopologyLayout.layout(TopologyInput.planned("demo", REGION, specs));
        StackState state = NetworkFixtures.created("demo", specs);

        Diagram created = TopologyLayout.layout(new TopologyInput("demo", REGION, specs, state, Map.of()));

        for (Address a : List.of(BUCKET, TABLE, STATE_BUCKET)) {
            Node n = node(created, a);
            assertThat(n.status()).isEqualTo(NodeStatus.READY);
            assertThat(n.sublabel()).as("its physical ID").isEqualTo(state.resources().get(a).physicalId());
            Node before = node(planned, a);
            assertThat(List.of(n.x(), n.y(), n.w(), n.h())).isEqualTo(List.of(before.x(), before.y(), before.w(), before.h()));
        }
    }

    @Test
    void writers_whenStateBucketDrawn_markItInSvgAndPng() {
        List<ResourceSpec> specs = storage();
        // Created, so the badges are drawn opaque (a planned box is faded).
        Diagram d = TopologyLayout.layout(new TopologyInput("demo", REGION, specs,
                NetworkFixtures.created("demo", specs), Map.of()));
        Node state = node(d, STATE_BUCKET);
        Node data = node(d, BUCKET);

        String svg = SvgWriter.toSvg(d);
        assertThat(svg).contains("data-id=\"" + STATE_BUCKET.value() + "\" data-kind=\"state\"")
                .contains("data-id=\"" + BUCKET.value() + "\" data-kind=\"s3_bucket\"")
                .contains(">State bucket</text>").contains(">STA</text>");

        BufferedImage img = PngWriter.render(d, 1.0);
        assertThat(img.getRGB((int) badgeX(state), (int) badgeY(state)) & 0xffffff)
                .isEqualTo(PngWriter.color(state.badge().colour()).getRGB() & 0xffffff);
        assertThat(img.getRGB((int) badgeX(data), (int) badgeY(data)) & 0xffffff)
                .isEqualTo(PngWriter.color(data.badge().colour()).getRGB() & 0xffffff);
    }

    /** A point inside a node's badge, above its letters: its middle column, 3 px under its top. */
    private static double badgeX(Node n) {
        return n.x() + 6 + DiagramStyle.ICON_SIZE / 2;
    }

    private static double badgeY(Node n) {
        return n.y() + (n.h() - DiagramStyle.ICON_SIZE) / 2 + 3;
    }
}
