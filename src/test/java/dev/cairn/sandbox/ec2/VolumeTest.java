package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.core.Call;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.model.VolumeState;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/** EBS root volumes: what RunInstances makes from its BlockDeviceMapping, DescribeVolumes, and termination. */
class VolumeTest {

    @TempDir
    Path dataDir;

    private SandboxServer server;
    private Ec2Client ec2;
    private String subnetId;
    private String image;

    private void start(SandboxConfig config) {
        server = SandboxServer.start(config);
        ec2 = SandboxClients.ec2(server);
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16")).vpc().vpcId();
        subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.1.1.0/24").availabilityZone("ap-northeast-2a"))
                .subnet().subnetId();
        image = ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                .values("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64").build())).images().get(0).imageId();
    }

    @AfterEach
    void stop() {
        if (ec2 != null) {
            ec2.close();
            server.close();
        }
    }

    private Instance run(boolean encrypted, Integer size, VolumeType type, String volumeName) {
        return ec2.runInstances(r -> r.imageId(image).instanceType(InstanceType.T3_MICRO).subnetId(subnetId)
                .minCount(1).maxCount(1)
                .blockDeviceMappings(b -> b.deviceName("/dev/xvda")
                        .ebs(e -> e.encrypted(encrypted).volumeSize(size).volumeType(type).deleteOnTermination(true)))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME)
                        .tags(Tag.builder().key("Name").value(volumeName).build()).build()))
                .instances().get(0);
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    @Test
    void runInstances_withBlockDeviceMapping_makesTheRootVolumeAttachedAndInUse() {
        start(SandboxConfig.instant());

        Instance i = run(true, 12, null, "web-root");

        Volume v = ec2.describeVolumes(r -> r.filters(filter("attachment.instance-id", i.instanceId()))).volumes().get(0);
        assertThat(v.volumeId()).matches("vol-[0-9a-f]{17}");
        assertThat(i.blockDeviceMappings()).singleElement().satisfies(m -> assertThat(m.ebs().volumeId()).isEqualTo(v.volumeId()));
        assertThat(v.size()).isEqualTo(12);
        assertThat(v.volumeType()).as("AWS's default type").isEqualTo(VolumeType.GP3);
        assertThat(v.iops()).isEqualTo(3000);
        assertThat(v.throughput()).isEqualTo(125);
        assertThat(v.encrypted()).isTrue();
        assertThat(v.kmsKeyId()).isEqualTo("arn:aws:kms:ap-northeast-2:" + Call.accountFor("sandbox") + ":alias/aws/ebs");
        assertThat(v.availabilityZone()).isEqualTo("ap-northeast-2a");
        assertThat(v.snapshotId()).startsWith("snap-");
        assertThat(v.state()).isEqualTo(VolumeState.IN_USE);
        assertThat(v.tags()).containsExactly(Tag.builder().key("Name").value("web-root").build());
        assertThat(v.attachments()).singleElement().satisfies(a -> {
            assertThat(a.instanceId()).isEqualTo(i.instanceId());
            assertThat(a.device()).isEqualTo("/dev/xvda");
            assertThat(a.state()).isEqualTo(VolumeAttachmentState.ATTACHED);
            assertThat(a.deleteOnTermination()).isTrue();
        });
        assertThat(server.resources()).anySatisfy(r -> {
            assertThat(r.get("type")).isEqualTo("volume");
            assertThat(r.get("state")).isEqualTo("in-use");
        });
    }

    @Test
    void describeVolumes_byIdAndFilters_selectsAndFailsLikeAws() {
        start(SandboxConfig.instant());
        Instance a = run(false, 8, VolumeType.GP2, "a-root");
        Instance b = run(true, 10, VolumeType.GP3, "b-root");
        String volA = a.blockDeviceMappings().get(0).ebs().volumeId();
        String volB = b.blockDeviceMappings().get(0).ebs().volumeId();

        Volume plain = ec2.describeVolumes(r -> r.volumeIds(volA)).volumes().get(0);
        assertThat(plain.encrypted()).isFalse();
        assertThat(plain.kmsKeyId()).isNull();
        assertThat(plain.volumeType()).isEqualTo(VolumeType.GP2);
        assertThat(ec2.describeVolumes(r -> r.filters(filter("volume-id", volB))).volumes())
                .extracting(Volume::volumeId).containsExactly(volB);
        assertThat(ec2.describeVolumes(r -> r.filters(filter("tag:Name", "a-root"))).volumes())
                .extracting(Volume::volumeId).containsExactly(volA);
        assertThat(ec2.describeVolumes(r -> r.filters(filter("tag-key", "Name"))).volumes()).hasSize(2);
        assertThat(ec2.describeVolumes(r -> r.filters(filter("attachment.instance-id", "i-0123456789abcdef0"))).volumes()).isEmpty();
        assertThat(ec2.describeVolumesPaginator(r -> r.maxResults(5)).volumes().stream().map(Volume::volumeId).toList())
                .containsExactlyInAnyOrder(volA, volB);
        String message = assertEc2Error(() -> ec2.describeVolumes(r -> r.volumeIds("vol-0123456789abcdef0")), "InvalidVolume.NotFound");
        assertThat(message).contains("vol-0123456789abcdef0");
        assertEc2Error(() -> ec2.describeVolumes(r -> r.filters(filter("bogus", "x"))), "InvalidParameterValue");
    }

    @Test
    void terminateInstances_deleteOnTermination_deletesTheRootVolume() {
        start(SandboxConfig.instant());
        Instance i = run(true, 8, null, "gone-root");
        String vol = i.blockDeviceMappings().get(0).ebs().volumeId();
        ec2.createTags(r -> r.resources(vol).tags(Tag.builder().key("cairn:stack").value("demo").build()));
        assertThat(ec2.describeTags(r -> r.filters(filter("resource-id", vol))).tags())
                .anySatisfy(t -> assertThat(t.resourceTypeAsString()).isEqualTo("volume"));

        ec2.terminateInstances(r -> r.instanceIds(i.instanceId()));

        assertThat(ec2.describeVolumes(r -> r.filters(filter("attachment.instance-id", i.instanceId()))).volumes()).isEmpty();
        assertEc2Error(() -> ec2.describeVolumes(r -> r.volumeIds(vol)), "InvalidVolume.NotFound");
        assertThat(ec2.describeTags(r -> r.filters(filter("resource-id", vol))).tags()).isEmpty();
        assertThat(server.resources()).noneSatisfy(r -> assertThat(r.get("type")).isEqualTo("volume"));
    }

    @Test
    void volumes_whenServerRestarts_arePersisted() {
        start(SandboxConfig.instant().withDataDir(dataDir));
        Instance i = run(true, 9, null, "kept-root");
        String vol = i.blockDeviceMappings().get(0).ebs().volumeId();
        stop();

        start(SandboxConfig.instant().withDataDir(dataDir));

        List<Volume> volumes = ec2.describeVolumes(r -> r.volumeIds(vol)).volumes();
        assertThat(volumes).singleElement().satisfies(v -> {
            assertThat(v.size()).isEqualTo(9);
            assertThat(v.encrypted()).isTrue();
            assertThat(v.attachments().get(0).instanceId()).isEqualTo(i.instanceId());
        });
    }
}
