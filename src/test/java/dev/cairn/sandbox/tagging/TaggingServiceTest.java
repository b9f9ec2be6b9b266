package dev.cairn.sandbox.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SignedHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The Resource Groups Tagging API over every modelled service (EC2 today), through the SDK's
 * signer and the AWS CLI v2: tag filters, type filters, pages, the caller's region only.
 */
class TaggingServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEOUL = "ap-northeast-2";

    @TempDir
    Path home;
    private SandboxServer server;
    private String demoVpc;
    private String demoSubnet;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        try (Ec2Client seoul = SandboxClients.ec2(server);
             Ec2Client tokyo = SandboxClients.ec2(server, Region.AP_NORTHEAST_1, "sandbox")) {
            demoVpc = seoul.createVpc(r -> r.cidrBlock("10.0.0.0/16").tagSpecifications(tags(ResourceType.VPC, "demo")))
                    .vpc().vpcId();
            demoSubnet = seoul.createSubnet(r -> r.vpcId(demoVpc).cidrBlock("10.0.1.0/24")
                    .tagSpecifications(tags(ResourceType.SUBNET, "demo"))).subnet().subnetId();
            seoul.createInternetGateway();
            seoul.createVpc(r -> r.cidrBlock("10.1.0.0/16").tagSpecifications(tags(ResourceType.VPC, "other")));
            tokyo.createVpc(r -> r.cidrBlock("10.2.0.0/16").tagSpecifications(tags(ResourceType.VPC, "demo")));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static TagSpecification tags(ResourceType type, String stack) {
        return TagSpecification.builder().resourceType(type)
                .tags(Tag.builder().key("cairn:stack").value(stack).build()).build();
    }

    private HttpResponse<String> getResources(String body) {
        return SignedHttp.send(server.endpoint(), "tagging", SEOUL, "POST", "/",
                Map.of("Content-Type", "application/x-amz-json-1.1",
                        "X-Amz-Target", "ResourceGroupsTaggingAPI_20170126.GetResources"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> arns(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.get("ResourceTagMappingList").forEach(m -> out.add(m.get("ResourceARN").asText()));
        return out;
    }

    private String arn(String type, String id) {
        return "arn:aws:ec2:" + SEOUL + ":000000000000:" + type + "/" + id;
    }

    @Test
    void getResources_whenFilteredByTag_findsTheStacksResourcesOfTheRegionOnly() throws Exception {
        HttpResponse<String> r = getResources("{\"TagFilters\":[{\"Key\":\"cairn:stack\",\"Values\":[\"demo\"]}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(arns(answer)).containsExactly(arn("vpc", demoVpc), arn("subnet", demoSubnet));
        assertThat(answer.get("ResourceTagMappingList").get(0).get("Tags").get(0).get("Value").asText()).isEqualTo("demo");
        assertThat(answer.get("PaginationToken").asText()).isEmpty();
    }

    @Test
    void getResources_whenFilteredByType_andUntagged_leavesOutOtherTypesAndUntaggedResources() throws Exception {
        JsonNode subnets = JSON.readTree(getResources("{\"ResourceTypeFilters\":[\"ec2:subnet\"]}").body());
        JsonNode everything = JSON.readTree(getResources("{\"ResourceTypeFilters\":[\"ec2\"]}").body());

        assertThat(arns(subnets)).containsExactly(arn("subnet", demoSubnet));
        // Two tagged VPCs and the subnet; the internet gateway, route tables and groups carry no tags.
        assertThat(arns(everything)).hasSize(3).allMatch(a -> a.contains(":vpc/") || a.contains(":subnet/"));
    }

    @Test
    void getResources_withOneResourcePerPage_pagesThroughAll() throws Exception {
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = JSON.readTree(getResources("{\"ResourcesPerPage\":1,\"PaginationToken\":\"" + token + "\"}")
                    .body());
            assertThat(page.get("ResourceTagMappingList")).hasSizeLessThanOrEqualTo(1);
            seen.addAll(arns(page));
            token = page.get("PaginationToken").asText();
        } while (!token.isEmpty());
        assertThat(seen).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void getResources_whenArnListAndTagFiltersTogether_answersInvalidParameterException() throws Exception {
        HttpResponse<String> r = getResources("{\"ResourceARNList\":[\"" + arn("vpc", demoVpc)
                + "\"],\"TagFilters\":[{\"Key\":\"cairn:stack\"}]}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("__type").asText()).isEqualTo("InvalidParameterException");
    }

    @Test
    void awsCliV2_getResources_findsTheStacksResources() {
        AwsCli.assumeV2();
        JsonNode answer = AwsCli.run(server, home, SEOUL, "resourcegroupstaggingapi", "get-resources",
                "--tag-filters", "Key=cairn:stack,Values=demo").json();

        assertThat(arns(answer)).containsExactly(arn("vpc", demoVpc), arn("subnet", demoSubnet));
    }
}
