package dev.cairn.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SignedHttp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Launch templates, own images and snapshots in EC2's inventory (the control API's resource list
 * and the tagging API's GetResources by type) and in its saved state (across a restart, and from
 * a schema-1 file of a Sandbox that had none of them).
 */
class Ec2InventoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private SandboxServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static TagSpecification demo(ResourceType type) {
        return TagSpecification.builder().resourceType(type).tags(t -> t.key("cairn:stack").value("demo")).build();
    }

    /** A launch template, an instance and an image of it (with its snapshot), all tagged with the stack. */
    private List<String> seed(Ec2Client ec2) {
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.7.0.0/16")).vpc().vpcId();
        String subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.7.1.0/24")).subnet().subnetId();
        String base = ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                .values("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64").build())).images().get(0).imageId();
        String lt = ec2.createLaunchTemplate(r -> r.launchTemplateName("web-lt").launchTemplateData(d -> d.imageId(base))
                .tagSpecifications(demo(ResourceType.LAUNCH_TEMPLATE))).launchTemplate().launchTemplateId();
        String instance = ec2.runInstances(r -> r.launchTemplate(t -> t.launchTemplateId(lt)).subnetId(subnetId)
                .instanceType("t3.micro").minCount(1).maxCount(1)).instances().get(0).instanceId();
        String image = ec2.createImage(r -> r.instanceId(instance).name("golden")
                .tagSpecifications(demo(ResourceType.IMAGE), demo(ResourceType.SNAPSHOT))).imageId();
        String snapshot = ec2.describeImages(r -> r.imageIds(image)).images().get(0).blockDeviceMappings().get(0).ebs()
                .snapshotId();
        return List.of(lt, image, snapshot);
    }

    @Test
    void inventory_listsTemplatesImagesAndSnapshots_andTaggingFindsThemByType() throws Exception {
        server = SandboxServer.start(SandboxConfig.instant());
        List<String> ids;
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            ids = seed(ec2);
        }

        JsonNode resources = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.endpoint().resolve("/_sandbox/resources")).build(), HttpResponse.BodyHandlers.ofString()).body());
        List<String> listed = new ArrayList<>();
        resources.forEach(r -> listed.add(r.get("type").asText() + ":" + r.get("id").asText() + ":" + r.get("state").asText()));
        assertThat(listed).contains("launch-template:" + ids.get(0) + ":available", "image:" + ids.get(1) + ":available",
                "snapshot:" + ids.get(2) + ":completed");

        String prefix = "arn:aws:ec2:ap-northeast-2:000000000000:";
        assertThat(taggedArns("ec2:image")).containsExactly(prefix + "image/" + ids.get(1));
        assertThat(taggedArns("ec2:snapshot")).containsExactly(prefix + "snapshot/" + ids.get(2));
        assertThat(taggedArns("ec2:launch-template")).containsExactly(prefix + "launch-template/" + ids.get(0));
    }

    private List<String> taggedArns(String type) throws Exception {
        HttpResponse<String> r = SignedHttp.send(server.endpoint(), "tagging", "ap-northeast-2", "POST", "/",
                Map.of("Content-Type", "application/x-amz-json-1.1",
                        "X-Amz-Target", "ResourceGroupsTaggingAPI_20170126.GetResources"),
                ("{\"ResourceTypeFilters\":[\"" + type + "\"],\"TagFilters\":[{\"Key\":\"cairn:stack\",\"Values\":[\"demo\"]}]}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        JSON.readTree(r.body()).get("ResourceTagMappingList").forEach(m -> out.add(m.get("ResourceARN").asText()));
        return out;
    }

    @Test
    void restart_keepsTemplatesImagesSnapshotsAndTheUserDataTheImageCarries() {
        SandboxConfig config = SandboxConfig.instant().withDataDir(dataDir);
        server = SandboxServer.start(config);
        List<String> ids;
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            ids = seed(ec2);
        }
        server.close();

        server = SandboxServer.start(config);
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            assertThat(ec2.describeLaunchTemplates(r -> r.launchTemplateIds(ids.get(0))).launchTemplates()).hasSize(1);
            assertThat(ec2.describeImages(r -> r.owners("self")).images()).extracting(i -> i.imageId())
                    .containsExactly(ids.get(1));
            assertThat(ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots()).extracting(s -> s.snapshotId())
                    .containsExactly(ids.get(2));
        }
    }

    @Test
    void schemaOneFile_withoutTemplatesOrImages_isReadAndSavedAsSchemaTwo() throws Exception {
        SandboxConfig config = SandboxConfig.instant().withDataDir(dataDir);
        server = SandboxServer.start(config);
        String vpcId;
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            vpcId = ec2.createVpc(r -> r.cidrBlock("10.8.0.0/16")).vpc().vpcId();
            String subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.8.1.0/24")).subnet().subnetId();
            String base = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
            ec2.runInstances(r -> r.imageId(base).instanceType("t3.micro").subnetId(subnetId).minCount(1).maxCount(1));
        }
        server.close();
        // Make the file what a schema-1 Sandbox wrote: no such maps, no such instance fields.
        Path file = dataDir.resolve(Ec2Store.FILE_NAME);
        ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(file));
        doc.put("schemaVersion", 1);
        for (JsonNode account : doc.get("state").get("accounts")) {
            for (JsonNode region : account.get("regions")) {
                ((ObjectNode) region).remove(List.of("launchTemplates", "images", "snapshots"));
                for (Iterator<JsonNode> it = region.get("instances").elements(); it.hasNext(); ) {
                    ((ObjectNode) it.next()).remove(List.of("userData", "httpEndpoint", "launchTemplateId",
                            "launchTemplateVersion"));
                }
            }
        }
        Files.writeString(file, JSON.writeValueAsString(doc));

        server = SandboxServer.start(config);
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            assertThat(ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs()).hasSize(1);
            assertThat(ec2.describeInstances().reservations().get(0).instances().get(0).metadataOptions()
                    .httpEndpointAsString()).isEqualTo("enabled");
            assertThat(ec2.describeImages(r -> r.owners("self")).images()).isEmpty();
            ec2.createLaunchTemplate(r -> r.launchTemplateName("after-upgrade").launchTemplateData(d -> d.instanceType("t3.micro")));
        }
        server.close();
        server = null;
        assertThat(JSON.readTree(Files.readString(file)).get("schemaVersion").asInt()).isEqualTo(Ec2Store.SCHEMA_VERSION)
                .isEqualTo(2);
    }
}
