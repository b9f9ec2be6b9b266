package dev.cairn.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The AWS CLI v2 (botocore's EC2 parser) on launch templates, CreateImage and snapshots: what the
 * Sandbox answers reads as AWS's, and a snapshot in use is refused with AWS's code and words.
 */
class ImageCliV2Test {
    private static final String SEOUL = "ap-northeast-2";

    @TempDir
    Path home;
    private SandboxServer server;
    private String subnetId;
    private String baseImage;

    @BeforeEach
    void start() {
        AwsCli.assumeV2();
        server = SandboxServer.start(SandboxConfig.instant());
        try (Ec2Client ec2 = SandboxClients.ec2(server)) {
            String vpcId = ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
            subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.9.1.0/24")).subnet().subnetId();
            baseImage = ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                    .values("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64").build())).images().get(0).imageId();
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private AwsCli.Result aws(String... args) {
        return AwsCli.run(server, home, SEOUL, args);
    }

    @Test
    void cli_createLaunchTemplate_createImage_describeSnapshots_andDeleteSnapshotRefusedWhileInUse() {
        JsonNode lt = aws("ec2", "create-launch-template", "--launch-template-name", "web-lt",
                "--version-description", "first", "--launch-template-data",
                "{\"ImageId\":\"" + baseImage + "\",\"InstanceType\":\"t3.micro\",\"UserData\":\"IyEvYmluL2Jhc2gK\","
                        + "\"MetadataOptions\":{\"HttpTokens\":\"required\"},"
                        + "\"BlockDeviceMappings\":[{\"DeviceName\":\"/dev/xvda\",\"Ebs\":{\"Encrypted\":true,\"VolumeSize\":9}}]}",
                "--tag-specifications", "ResourceType=launch-template,Tags=[{Key=cairn:stack,Value=demo}]")
                .json().get("LaunchTemplate");
        assertThat(lt.get("LaunchTemplateId").asText()).startsWith("lt-");
        assertThat(lt.get("LatestVersionNumber").asInt()).isEqualTo(1);
        JsonNode data = aws("ec2", "describe-launch-template-versions", "--launch-template-name", "web-lt",
                "--versions", "$Latest").json().get("LaunchTemplateVersions").get(0).get("LaunchTemplateData");
        assertThat(data.get("UserData").asText()).isEqualTo("IyEvYmluL2Jhc2gK");
        assertThat(data.get("BlockDeviceMappings").get(0).get("Ebs").get("VolumeSize").asInt()).isEqualTo(9);

        String instanceId = aws("ec2", "run-instances", "--launch-template", "LaunchTemplateName=web-lt,Version=1",
                "--subnet-id", subnetId, "--count", "1").json().get("Instances").get(0).get("InstanceId").asText();
        String imageId = aws("ec2", "create-image", "--instance-id", instanceId, "--name", "web-golden", "--no-reboot",
                "--tag-specifications", "ResourceType=image,Tags=[{Key=cairn:stack,Value=demo}]",
                "ResourceType=snapshot,Tags=[{Key=cairn:stack,Value=demo}]").json().get("ImageId").asText();
        assertThat(imageId).startsWith("ami-");

        JsonNode snapshots = aws("ec2", "describe-snapshots", "--owner-ids", "self").json().get("Snapshots");
        assertThat(snapshots).hasSize(1);
        String snapshotId = snapshots.get(0).get("SnapshotId").asText();
        assertThat(snapshots.get(0).get("State").asText()).isEqualTo("completed");
        assertThat(snapshots.get(0).get("VolumeSize").asInt()).isEqualTo(9);
        assertThat(snapshots.get(0).get("Encrypted").asBoolean()).isTrue();

        AwsCli.Result refused = aws("ec2", "delete-snapshot", "--snapshot-id", snapshotId);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("InvalidSnapshot.InUse")
                .contains("The snapshot " + snapshotId + " is currently in use by " + imageId);

        assertThat(aws("ec2", "describe-images", "--owners", "self").json().get("Images").get(0).get("State").asText())
                .isEqualTo("available");
        aws("ec2", "deregister-image", "--image-id", imageId).json();
        aws("ec2", "delete-snapshot", "--snapshot-id", snapshotId).json();
        assertThat(aws("ec2", "describe-snapshots", "--owner-ids", "self").json().get("Snapshots")).isEmpty();
    }
}
