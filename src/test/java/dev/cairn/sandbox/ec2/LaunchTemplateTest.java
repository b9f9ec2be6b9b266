package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateVersionsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Volume;

/** Launch templates through the SDK: versions, defaults, lookups, AWS's errors, and RunInstances from one. */
class LaunchTemplateTest {
    private static final String SCRIPT = "#!/bin/bash\ndnf install -y nginx\n";

    private SandboxServer server;
    private Ec2Client ec2;
    private String vpcId;
    private String subnetId;
    private String sgId;
    private String otherSg;
    private String imageId;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        ec2 = SandboxClients.ec2(server);
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.5.0.0/16")).vpc().vpcId();
        subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.5.1.0/24")).subnet().subnetId();
        sgId = ec2.createSecurityGroup(r -> r.groupName("web").description("web").vpcId(vpcId)).groupId();
        otherSg = ec2.createSecurityGroup(r -> r.groupName("ops").description("ops").vpcId(vpcId)).groupId();
        imageId = ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                .values("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64").build())).images().get(0).imageId();
    }

    @AfterEach
    void stop() {
        ec2.close();
        server.close();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private RequestLaunchTemplateData.Builder webData() {
        return RequestLaunchTemplateData.builder().imageId(imageId).instanceType("t3.micro").securityGroupIds(sgId)
                .userData(b64(SCRIPT)).metadataOptions(m -> m.httpTokens("required").httpEndpoint("enabled"))
                .blockDeviceMappings(d -> d.deviceName("/dev/xvda").ebs(e -> e.encrypted(true).volumeSize(12)
                        .volumeType("gp3")))
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(x -> x.key("Name").value("web")),
                        t -> t.resourceType(ResourceType.VOLUME).tags(x -> x.key("Name").value("web-root")));
    }

    private LaunchTemplate createWeb() {
        return ec2.createLaunchTemplate(r -> r.launchTemplateName("web-lt").versionDescription("first")
                .launchTemplateData(webData().build())
                .tagSpecifications(t -> t.resourceType(ResourceType.LAUNCH_TEMPLATE)
                        .tags(x -> x.key("cairn:stack").value("demo")))).launchTemplate();
    }

    private LaunchTemplateVersion version(String templateId, String version) {
        return ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(templateId).versions(version))
                .launchTemplateVersions().get(0);
    }

    @Test
    void createLaunchTemplate_always_storesVersionOneAsDefaultWithItsDataAndTags() {
        LaunchTemplate t = createWeb();

        assertThat(t.launchTemplateId()).matches("lt-[0-9a-f]{17}");
        assertThat(t.defaultVersionNumber()).isEqualTo(1L);
        assertThat(t.latestVersionNumber()).isEqualTo(1L);
        assertThat(t.createdBy()).isEqualTo("arn:aws:iam::" + "000000000000" + ":root");
        assertThat(t.tags()).singleElement().satisfies(tag -> assertThat(tag.value()).isEqualTo("demo"));
        LaunchTemplateVersion v = version(t.launchTemplateId(), "$Default");
        assertThat(v.versionNumber()).isEqualTo(1L);
        assertThat(v.versionDescription()).isEqualTo("first");
        assertThat(v.defaultVersion()).isTrue();
        ResponseLaunchTemplateData d = v.launchTemplateData();
        assertThat(d.imageId()).isEqualTo(imageId);
        assertThat(d.instanceTypeAsString()).isEqualTo("t3.micro");
        assertThat(d.securityGroupIds()).containsExactly(sgId);
        assertThat(new String(Base64.getDecoder().decode(d.userData()), StandardCharsets.UTF_8)).isEqualTo(SCRIPT);
        assertThat(d.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(d.blockDeviceMappings()).singleElement().satisfies(bd -> {
            assertThat(bd.ebs().encrypted()).isTrue();
            assertThat(bd.ebs().volumeSize()).isEqualTo(12);
            assertThat(bd.ebs().volumeTypeAsString()).isEqualTo("gp3");
        });
        assertThat(d.tagSpecifications()).extracting(ts -> ts.resourceTypeAsString()).containsExactly("instance", "volume");
    }

    @Test
    void createLaunchTemplate_whenNameTaken_failsWithAlreadyExists() {
        createWeb();

        assertEc2Error(this::createWeb, "InvalidLaunchTemplateName.AlreadyExistsException");
    }

    @Test
    void createLaunchTemplate_whenNameMalformedOrDataMissing_fails() {
        assertEc2Error(() -> ec2.createLaunchTemplate(r -> r.launchTemplateName("x!").launchTemplateData(webData().build())),
                "InvalidLaunchTemplateName.MalformedException");
        assertEc2Error(() -> ec2.createLaunchTemplate(r -> r.launchTemplateName("no-data")), "MissingParameter");
    }

    @Test
    void createLaunchTemplateVersion_fromSourceVersion_keepsWhatItDoesNotOverride_andModifySetsDefault() {
        String id = createWeb().launchTemplateId();

        LaunchTemplateVersion v2 = ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).sourceVersion("1")
                .versionDescription("bigger").launchTemplateData(d -> d.instanceType("t3.small")))
                .launchTemplateVersion();

        assertThat(v2.versionNumber()).isEqualTo(2L);
        assertThat(v2.defaultVersion()).isFalse();
        assertThat(v2.launchTemplateData().instanceTypeAsString()).isEqualTo("t3.small");
        assertThat(v2.launchTemplateData().imageId()).isEqualTo(imageId);
        assertThat(v2.launchTemplateData().securityGroupIds()).containsExactly(sgId);
        assertThat(version(id, "$Latest").versionNumber()).isEqualTo(2L);
        assertThat(version(id, "$Default").versionNumber()).isEqualTo(1L);

        LaunchTemplate modified = ec2.modifyLaunchTemplate(r -> r.launchTemplateName("web-lt").defaultVersion("2"))
                .launchTemplate();

        assertThat(modified.defaultVersionNumber()).isEqualTo(2L);
        assertThat(version(id, "$Default").versionNumber()).isEqualTo(2L);
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id)).launchTemplateVersions())
                .extracting(LaunchTemplateVersion::versionNumber).containsExactly(2L, 1L);
        assertEc2Error(() -> ec2.modifyLaunchTemplate(r -> r.launchTemplateId(id).defaultVersion("7")),
                "InvalidLaunchTemplateId.VersionNotFound");
    }

    @Test
    void describeLaunchTemplates_byIdsNamesAndFilters_withAwsErrorsForUnknownAndMalformed() {
        String id = createWeb().launchTemplateId();
        ec2.createLaunchTemplate(r -> r.launchTemplateName("ops-lt").launchTemplateData(d -> d.imageId(imageId)));

        assertThat(ec2.describeLaunchTemplates(r -> r.launchTemplateIds(id)).launchTemplates())
                .extracting(LaunchTemplate::launchTemplateName).containsExactly("web-lt");
        assertThat(ec2.describeLaunchTemplates(r -> r.launchTemplateNames("ops-lt")).launchTemplates()).hasSize(1);
        assertThat(ec2.describeLaunchTemplates(r -> r.filters(Filter.builder().name("tag:cairn:stack").values("demo")
                .build())).launchTemplates()).extracting(LaunchTemplate::launchTemplateId).containsExactly(id);
        assertThat(ec2.describeLaunchTemplates(r -> r.filters(Filter.builder().name("launch-template-name")
                .values("*-lt").build())).launchTemplates()).hasSize(2);
        assertEc2Error(() -> ec2.describeLaunchTemplates(r -> r.launchTemplateIds("lt-0123456789abcdef0")),
                "InvalidLaunchTemplateId.NotFound");
        assertEc2Error(() -> ec2.describeLaunchTemplates(r -> r.launchTemplateIds("lt-nothex")),
                "InvalidLaunchTemplateId.Malformed");
        assertEc2Error(() -> ec2.describeLaunchTemplates(r -> r.launchTemplateNames("missing")),
                "InvalidLaunchTemplateName.NotFoundException");
        assertEc2Error(() -> version(id, "9"), "InvalidLaunchTemplateId.VersionNotFound");
    }

    @Test
    void deleteLaunchTemplateVersions_deletesOthers_refusesTheDefault_andDeleteLaunchTemplateRemovesAll() {
        String id = createWeb().launchTemplateId();
        ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).launchTemplateData(d -> d.imageId(imageId)));

        DeleteLaunchTemplateVersionsResponse r = ec2.deleteLaunchTemplateVersions(x -> x.launchTemplateId(id)
                .versions("1", "2", "5"));

        assertThat(r.successfullyDeletedLaunchTemplateVersions()).extracting(s -> s.versionNumber()).containsExactly(2L);
        assertThat(r.unsuccessfullyDeletedLaunchTemplateVersions()).extracting(u -> u.versionNumber() + ":"
                + u.responseError().codeAsString()).containsExactly("1:unexpectedError", "5:launchTemplateVersionDoesNotExist");
        ec2.createLaunchTemplateVersion(x -> x.launchTemplateId(id).launchTemplateData(d -> d.imageId(imageId)));
        assertThat(version(id, "$Latest").versionNumber()).as("numbers are not reused").isEqualTo(3L);

        ec2.deleteLaunchTemplate(x -> x.launchTemplateName("web-lt"));

        assertThat(ec2.describeLaunchTemplates().launchTemplates()).isEmpty();
        assertEc2Error(() -> ec2.deleteLaunchTemplate(x -> x.launchTemplateId(id)), "InvalidLaunchTemplateId.NotFound");
    }

    @Test
    void runInstances_withLaunchTemplate_takesItsDataAndTags_requestParametersWin() {
        String id = createWeb().launchTemplateId();

        Instance i = ec2.runInstances(r -> r.launchTemplate(t -> t.launchTemplateName("web-lt").version("$Latest"))
                .subnetId(subnetId).minCount(1).maxCount(1).securityGroupIds(otherSg)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(x -> x.key("Name").value("web-1"),
                        x -> x.key("role").value("web")))).instances().get(0);

        assertThat(i.imageId()).isEqualTo(imageId);
        assertThat(i.instanceTypeAsString()).isEqualTo("t3.micro");
        assertThat(i.securityGroups()).extracting(g -> g.groupId()).containsExactly(otherSg);
        assertThat(i.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(i.tags()).extracting(t -> t.key() + "=" + t.value()).containsExactlyInAnyOrder("Name=web-1",
                "role=web", "aws:ec2launchtemplate:id=" + id, "aws:ec2launchtemplate:version=1");
        Volume root = ec2.describeVolumes(r -> r.volumeIds(i.blockDeviceMappings().get(0).ebs().volumeId())).volumes()
                .get(0);
        assertThat(root.encrypted()).isTrue();
        assertThat(root.size()).isEqualTo(12);
        assertThat(root.tags()).extracting(t -> t.value()).containsExactly("web-root");
        String userData = ec2.describeInstanceAttribute(r -> r.instanceId(i.instanceId()).attribute("userData"))
                .userData().value();
        assertThat(new String(Base64.getDecoder().decode(userData), StandardCharsets.UTF_8)).isEqualTo(SCRIPT);
    }

    @Test
    void runInstances_withUnknownTemplateOrVersion_failsWithTemplateErrors() {
        String id = createWeb().launchTemplateId();

        assertEc2Error(() -> ec2.runInstances(r -> r.launchTemplate(t -> t.launchTemplateId(id).version("4"))
                .subnetId(subnetId).minCount(1).maxCount(1)), "InvalidLaunchTemplateId.VersionNotFound");
        assertEc2Error(() -> ec2.runInstances(r -> r.launchTemplate(t -> t.launchTemplateName("nope"))
                .subnetId(subnetId).minCount(1).maxCount(1)), "InvalidLaunchTemplateName.NotFoundException");
        assertThat(ec2.describeInstances().reservations()).isEmpty();
    }

    @Test
    void describeInstanceAttribute_userData_isAbsentForAnInstanceLaunchedWithout() {
        String id = ec2.runInstances(r -> r.imageId(imageId).instanceType("t3.micro").subnetId(subnetId).minCount(1)
                .maxCount(1)).instances().get(0).instanceId();

        assertThat(ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute("userData")).userData().value()).isNull();
        assertThat(ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute("instanceType")).instanceType().value())
                .isEqualTo("t3.micro");
        assertEc2Error(() -> ec2.describeInstanceAttribute(r -> r.instanceId("i-0123456789abcdef0").attribute("userData")),
                "InvalidInstanceID.NotFound");
    }
}
