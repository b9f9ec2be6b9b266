package dev.cairn.model.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The registry's completeness: every kind states every fact the engine and the faces read, so a
 * new kind cannot be half-registered. Facts that a kind may lack (an icon for a kind drawn as an
 * edge, a scan word for an untaggable kind) are checked against the reason they may be missing.
 */
class ResourceKindsTest {

    /** Shapes drawn as boxes with a badge; the others are containers, edges or folded into another box. */
    private static final Set<Shape> BOXES = EnumSet.of(Shape.VPC_EDGE, Shape.VPC_BAND, Shape.IN_SUBNET,
            Shape.BESIDE_HOLDER, Shape.SERVICE, Shape.LANE, Shape.ACROSS_SUBNETS, Shape.GROUP);
    /** A console page of one resource: regional, global or S3's own host, and the resource's ID (or part of it) in it. */
    private static final Pattern CONSOLE = Pattern.compile(
            "https://(\\{region}\\.|s3\\.)?console\\.aws\\.amazon\\.com/\\S*\\{id(Head|Tail)?}\\S*");
    private static final Pattern CLOUD_FORMATION = Pattern.compile("AWS::[A-Za-z0-9]+::[A-Za-z0-9]+");

    @Test
    void everyKind_statesEveryFact() {
        Properties english = bundle("/dev/cairn/gui/messages.properties");
        Properties korean = bundle("/dev/cairn/gui/messages_ko.properties");
        assertThat(ResourceKinds.all()).isNotEmpty();
        for (ResourceKind k : ResourceKinds.all()) {
            String as = k.wireName();
            assertThat(k.label()).as(as + " label").isNotBlank();
            assertThat(k.service()).as(as + " service").isNotNull();
            assertThat(k.cloudFormationType()).as(as + " CloudFormation type")
                    .satisfiesAnyOf(t -> assertThat(t).matches(CLOUD_FORMATION),
                            t -> assertThat(t).as(as + ": empty only where CloudFormation has no resource for it").isEmpty());
            assertThat(k.timeouts().create()).as(as + " create timeout").isPositive();
            assertThat(k.timeouts().update()).as(as + " update timeout").isPositive();
            assertThat(k.timeouts().delete()).as(as + " delete timeout").isPositive();
            assertThat(k.cost()).as(as + " cost").isNotNull();
            assertThat(k.shape()).as(as + " shape").isNotNull();
            assertThat(k.scanType().isPresent())
                    .as(as + ": a kind the scan can find (tagged, or owned by a record) has its word; others do not")
                    .isEqualTo(k.scannable());
            assertThat(k.icon().isPresent()).as(as + ": boxes have an icon, edges and folded kinds do not")
                    .isEqualTo(BOXES.contains(k.shape()) || k.shape() == Shape.VPC || k.shape() == Shape.SUBNET);
            k.consoleUrl().ifPresent(url -> assertThat(url).as(as + " console URL").matches(CONSOLE));
            if (BOXES.contains(k.shape()) || k.shape() == Shape.VPC || k.shape() == Shape.SUBNET) {
                assertThat(k.consoleUrl()).as(as + ": what the diagram draws as a box links to its console page").isPresent();
            }
            assertThat(english.getProperty(k.displayKey())).as(as + " English name").isNotBlank();
            assertThat(korean.getProperty(k.displayKey())).as(as + " Korean name").isNotBlank();
            k.foldedInto().ifPresent(ref -> assertThat(k.refs()).as(as + " folds into one of its refs").containsKey(ref));
            if (k.shape() == Shape.ACROSS_SUBNETS || k.shape() == Shape.GROUP) {
                assertThat(k.refs().values()).as(as + " spans subnets, so it refs them").anyMatch(r -> r.shape() == Shape.SUBNET);
            }
            if (!k.cost().quantityProperty().isEmpty()) {
                assertThat(k.properties()).as(as + " counts its units by a property it has")
                        .containsKey(k.cost().quantityProperty());
            }
            if (!k.cost().property().isEmpty()) {
                assertThat(k.properties()).as(as + " prices by a property it has").containsKey(k.cost().property());
            }
        }
    }

    @Test
    void wireNames_areUniqueAndResolve() {
        for (ResourceKind k : ResourceKinds.all()) {
            assertThat(ResourceKinds.require(k.wireName())).isSameAs(k);
            assertThat(ResourceKind.ofWireName(k.wireName())).isSameAs(k);
        }
        assertThatThrownBy(() -> ResourceKinds.require("NO_SUCH_KIND")).hasMessageContaining("NO_SUCH_KIND");
    }

    @Test
    void wireNames_ofTheFirstStepsNeverChange() {
        // Journals written since the first release hold these: renaming one makes old stacks unreadable.
        assertThat(ResourceKinds.all()).extracting(ResourceKind::wireName).contains("VPC", "SUBNET", "INTERNET_GATEWAY",
                "IGW_ATTACHMENT", "ROUTE_TABLE", "ROUTE", "ROUTE_TABLE_ASSOCIATION", "ELASTIC_IP", "NAT_GATEWAY", "KEY_PAIR",
                "SECURITY_GROUP", "SECURITY_GROUP_RULE", "INSTANCE", "EIP_ASSOCIATION", "VPC_PEERING",
                "VPC_PEERING_ACCEPTANCE");
    }

    @Test
    void dependsOn_followsRefsAndAfterTransitively() {
        assertThat(ResourceKinds.dependsOn(Ec2Kinds.SUBNET, Ec2Kinds.VPC)).isTrue();
        assertThat(ResourceKinds.dependsOn(Ec2Kinds.INSTANCE, Ec2Kinds.VPC)).isTrue();
        assertThat(ResourceKinds.dependsOn(Ec2Kinds.NAT_GATEWAY, Ec2Kinds.IGW_ATTACHMENT)).isTrue();
        assertThat(ResourceKinds.dependsOn(Ec2Kinds.EIP_ASSOCIATION, Ec2Kinds.INTERNET_GATEWAY)).isTrue();
        assertThat(ResourceKinds.dependsOn(Ec2Kinds.VPC, Ec2Kinds.SUBNET)).isFalse();
        assertThat(ResourceKinds.dependsOn(Ec2Kinds.ELASTIC_IP, Ec2Kinds.IGW_ATTACHMENT)).isFalse();
    }

    @Test
    void property_whenNotDeclared_forcesReplacement() {
        assertThat(Ec2Kinds.INSTANCE.property("instanceType")).isEqualTo(ResourceKind.Change.UPDATE);
        assertThat(Ec2Kinds.INSTANCE.property("imageId")).isEqualTo(ResourceKind.Change.REPLACE);
        assertThat(Ec2Kinds.VPC.property("somethingNew")).isEqualTo(ResourceKind.Change.REPLACE);
    }

    @Test
    void define_whenFactsContradict_failsAtOnce() {
        assertThatThrownBy(() -> ResourceKind.define("lower").build()).hasMessageContaining("UPPER_SNAKE_CASE");
        assertThatThrownBy(() -> ResourceKind.define("HALF").service(dev.cairn.model.AwsService.EC2).label("Half").build())
                .hasMessageContaining("cloudFormationType of HALF");
    }

    private static Properties bundle(String path) {
        Properties p = new Properties();
        try (InputStream in = ResourceKindsTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }
}
