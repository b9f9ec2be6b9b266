package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.core.Regions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The seeded public catalog: images, instance types, and SSM's public parameters pointing at them. */
class ImagesAndSsmTest {
    private static final String AL2023_X86 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

    private SandboxServer server;
    private Ec2Client ec2;
    private SsmClient ssm;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        ec2 = SandboxClients.ec2(server);
        ssm = SandboxClients.ssm(server, SandboxClients.REGION);
    }

    @AfterEach
    void stop() {
        ec2.close();
        ssm.close();
        server.close();
    }

    private List<Image> images(Filter... filters) {
        return ec2.describeImages(r -> r.filters(filters)).images();
    }

    @Test
    void describeImages_byNameWildcardAndArchitecture_findsAmazonLinux() {
        List<Image> found = ec2.describeImages(r -> r.owners("amazon").filters(
                Filter.builder().name("name").values("al2023-ami-2023.*-kernel-6.1-x86_64").build(),
                Filter.builder().name("architecture").values("x86_64").build())).images();

        assertThat(found).hasSize(2).allSatisfy(i -> {
            assertThat(i.imageOwnerAlias()).isEqualTo("amazon");
            assertThat(i.architecture()).isEqualTo(ArchitectureValues.X86_64);
            assertThat(i.rootDeviceName()).isEqualTo("/dev/xvda");
            assertThat(i.rootDeviceTypeAsString()).isEqualTo("ebs");
            assertThat(i.virtualizationTypeAsString()).isEqualTo("hvm");
            assertThat(i.stateAsString()).isEqualTo("available");
            assertThat(i.imageId()).matches("ami-[0-9a-f]{17}");
        });
        assertThat(found).extracting(Image::name).contains("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64");
    }

    @Test
    void describeImages_marketplace_hasProductCodeAndOwnerAlias() {
        List<Image> vpn = ec2.describeImages(r -> r.owners("aws-marketplace").filters(
                Filter.builder().name("name").values("OpenVPN Access Server Community Image-*").build())).images();

        assertThat(vpn).singleElement().satisfies(i -> {
            assertThat(i.imageOwnerAlias()).isEqualTo("aws-marketplace");
            assertThat(i.productCodes()).singleElement().satisfies(p ->
                    assertThat(p.productCodeTypeAsString()).isEqualTo("marketplace"));
        });
        String code = vpn.get(0).productCodes().get(0).productCodeId();
        assertThat(images(Filter.builder().name("product-code").values(code).build())).hasSize(1);
        assertThat(images(Filter.builder().name("owner-alias").values("amazon").build())).hasSize(8);
        assertThat(ec2.describeImages(r -> r.owners("self")).images()).isEmpty();
        assertThat(images(Filter.builder().name("state").values("available").build())).hasSize(9);
    }

    @Test
    void describeImages_perRegion_givesDifferentStableIds() {
        String here = images(Filter.builder().name("name").values("al2023-ami-2023.6.20251110.0-kernel-6.1-arm64")
                .build()).get(0).imageId();
        try (Ec2Client tokyo = SandboxClients.ec2(server, Region.AP_NORTHEAST_1, "sandbox")) {
            String there = tokyo.describeImages(r -> r.filters(Filter.builder().name("name")
                    .values("al2023-ami-2023.6.20251110.0-kernel-6.1-arm64").build())).images().get(0).imageId();
            assertThat(there).isNotEqualTo(here);
            assertEc2Error(() -> tokyo.describeImages(r -> r.imageIds(here)), "InvalidAMIID.NotFound");
        }
        assertThat(ec2.describeImages(r -> r.imageIds(here)).images()).hasSize(1);
    }

    @Test
    void describeInstanceTypes_freeTier_isT2MicroWhereT2ExistsElseT3Micro() {
        List<InstanceTypeInfo> seoul = ec2.describeInstanceTypes(r -> r.filters(
                Filter.builder().name("free-tier-eligible").values("true").build())).instanceTypes();
        assertThat(seoul).extracting(InstanceTypeInfo::instanceTypeAsString).containsExactly("t2.micro");

        try (Ec2Client stockholm = SandboxClients.ec2(server, Region.EU_NORTH_1, "sandbox")) {
            List<InstanceTypeInfo> there = stockholm.describeInstanceTypes(r -> r.filters(
                    Filter.builder().name("free-tier-eligible").values("true").build())).instanceTypes();
            assertThat(there).extracting(InstanceTypeInfo::instanceTypeAsString).containsExactly("t3.micro");
            assertEc2Error(() -> stockholm.describeInstanceTypes(r -> r.instanceTypesWithStrings("t2.micro")),
                    "InvalidInstanceType");
        }
    }

    @Test
    void describeInstanceTypes_byArchitectureAndWildcard_reportsCpuAndMemory() {
        List<InstanceTypeInfo> graviton = ec2.describeInstanceTypesPaginator(r -> r.maxResults(5).filters(
                Filter.builder().name("processor-info.supported-architecture").values("arm64").build(),
                Filter.builder().name("instance-type").values("t4g.*").build())).instanceTypes().stream().toList();

        assertThat(graviton).extracting(InstanceTypeInfo::instanceTypeAsString)
                .containsExactly("t4g.micro", "t4g.small", "t4g.medium", "t4g.xlarge");
        InstanceTypeInfo xl = graviton.get(3);
        assertThat(xl.vCpuInfo().defaultVCpus()).isEqualTo(4);
        assertThat(xl.memoryInfo().sizeInMiB()).isEqualTo(16384L);
        assertThat(xl.processorInfo().supportedArchitecturesAsStrings()).containsExactly("arm64");
        assertThat(ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings("c7i.large")).instanceTypes().get(0)
                .processorInfo().supportedArchitecturesAsStrings()).containsExactly("x86_64");
    }

    @Test
    void getParameter_amiAlias_resolvesToAnImageDescribeImagesReturns() {
        Parameter p = ssm.getParameter(r -> r.name(AL2023_X86)).parameter();

        assertThat(p.type()).isEqualTo(ParameterType.STRING);
        assertThat(p.dataType()).isEqualTo("aws:ec2:image");
        assertThat(p.version()).isEqualTo(1L);
        assertThat(p.lastModifiedDate()).isNotNull();
        assertThat(p.arn()).isEqualTo("arn:aws:ssm:ap-northeast-2::parameter" + AL2023_X86);
        Image image = ec2.describeImages(r -> r.imageIds(p.value())).images().get(0);
        assertThat(image.name()).isEqualTo("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64");

        String arm = ssm.getParameter(r -> r.name(
                "/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-arm64")).parameter().value();
        assertThat(ec2.describeImages(r -> r.imageIds(arm)).images().get(0).name())
                .isEqualTo("al2023-ami-minimal-2023.6.20251110.0-kernel-6.1-arm64");
    }

    @Test
    void getParameter_whenMissing_isParameterNotFound() {
        Throwable thrown = catchThrowable(() -> ssm.getParameter(r -> r.name("/aws/service/nothing")));

        assertThat(thrown).isInstanceOf(ParameterNotFoundException.class);
        assertThat(((ParameterNotFoundException) thrown).awsErrorDetails().errorCode()).isEqualTo("ParameterNotFound");
    }

    @Test
    void getParameters_withUnknownNames_listsThemAsInvalid() {
        GetParametersResponse r = ssm.getParameters(q -> q.names(AL2023_X86,
                "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64", "/nope"));

        assertThat(r.parameters()).hasSize(2);
        assertThat(r.invalidParameters()).containsExactly("/nope");
    }

    @Test
    void getParametersByPath_recursiveAndPaged_walksTheRegionTree() {
        List<Parameter> seoul = ssm.getParametersByPathPaginator(r -> r.path(
                "/aws/service/global-infrastructure/regions/ap-northeast-2").recursive(true).maxResults(2))
                .stream().flatMap(page -> page.parameters().stream()).toList();

        assertThat(seoul).extracting(Parameter::name).contains(
                "/aws/service/global-infrastructure/regions/ap-northeast-2/longName",
                "/aws/service/global-infrastructure/regions/ap-northeast-2/availability-zones/apne2-az1");
        assertThat(seoul).filteredOn(p -> p.name().endsWith("/longName")).singleElement()
                .satisfies(p -> assertThat(p.value()).isEqualTo("Asia Pacific (Seoul)"));
        List<Parameter> amis = ssm.getParametersByPathPaginator(r -> r.path("/aws/service/ami-amazon-linux-latest"))
                .stream().flatMap(page -> page.parameters().stream()).toList();
        assertThat(amis).hasSize(8);
        List<Parameter> regions = ssm.getParametersByPathPaginator(r -> r.path(
                "/aws/service/global-infrastructure/regions")).stream().flatMap(page -> page.parameters().stream()).toList();
        assertThat(regions).extracting(Parameter::value).contains("ap-northeast-1", "us-east-1")
                .hasSize(Regions.ALL.size());
    }
}
