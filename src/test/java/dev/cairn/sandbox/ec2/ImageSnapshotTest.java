package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Volume;

/** Own images and their snapshots through the SDK: CreateImage, states, lookups, deregistering, deleting, launching. */
class ImageSnapshotTest {
    /** Plays AWS's minutes as well under a second: image ≈ 480 ms, snapshot ≈ 360 ms, instance ≈ 40 ms. */
    private static final double TIME_SCALE = 0.002;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SCRIPT = "#!/bin/bash\necho golden > /usr/share/nginx/html/index.html\n";

    private SandboxServer server;
    private Ec2Client ec2;
    private String subnetId;
    private String baseImage;

    private void start(SandboxConfig config) {
        server = SandboxServer.start(config);
        ec2 = SandboxClients.ec2(server);
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.6.0.0/16")).vpc().vpcId();
        subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.6.1.0/24")).subnet().subnetId();
        baseImage = ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                .values("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64").build())).images().get(0).imageId();
    }

    @AfterEach
    void stop() {
        if (ec2 != null) {
            ec2.close();
            server.close();
        }
    }

    private String sample(boolean encrypted) {
        String id = ec2.runInstances(r -> r.imageId(baseImage).instanceType("t3.micro").subnetId(subnetId).minCount(1)
                .maxCount(1).userData(Base64.getEncoder().encodeToString(SCRIPT.getBytes(StandardCharsets.UTF_8)))
                .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.encrypted(encrypted).volumeSize(10))))
                .instances().get(0).instanceId();
        awaitTrue(() -> describeInstance(id).state().nameAsString().equals("running"));
        return id;
    }

    private String createImage(String instanceId, String name) {
        return ec2.createImage(r -> r.instanceId(instanceId).name(name).description("golden").noReboot(true)
                .tagSpecifications(t -> t.resourceType(ResourceType.IMAGE).tags(x -> x.key("cairn:stack").value("demo")),
                        t -> t.resourceType(ResourceType.SNAPSHOT).tags(x -> x.key("cairn:stack").value("demo-snap"))))
                .imageId();
    }

    private Image image(String id) {
        return ec2.describeImages(r -> r.imageIds(id)).images().get(0);
    }

    private Instance describeInstance(String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private static void awaitTrue(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("condition within %s", WAIT).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void createImage_fromRunningInstance_isPendingThenAvailable_withOneCompletedSnapshotPerVolume() {
        start(SandboxConfig.realistic(TIME_SCALE));
        String instanceId = sample(true);

        String imageId = createImage(instanceId, "web-golden-1");

        Image pending = image(imageId);
        assertThat(pending.state()).isEqualTo(ImageState.PENDING);
        assertThat(pending.ownerId()).isEqualTo("000000000000");
        assertThat(pending.publicLaunchPermissions()).isFalse();
        assertThat(pending.name()).isEqualTo("web-golden-1");
        assertThat(pending.architectureAsString()).isEqualTo("x86_64");
        assertThat(pending.tags()).extracting(t -> t.value()).containsExactly("demo");
        String snapshotId = pending.blockDeviceMappings().get(0).ebs().snapshotId();
        Snapshot snap = ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
        assertThat(snap.state()).isEqualTo(SnapshotState.PENDING);
        assertThat(snap.volumeSize()).isEqualTo(10);
        assertThat(snap.encrypted()).isTrue();
        assertThat(snap.description()).contains(instanceId).contains(imageId);
        assertThat(snap.tags()).extracting(t -> t.value()).containsExactly("demo-snap");
        assertThat(snap.volumeId()).isEqualTo(describeInstance(instanceId).blockDeviceMappings().get(0).ebs().volumeId());
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(imageId).instanceType("t3.micro").subnetId(subnetId)
                .minCount(1).maxCount(1)), "InvalidAMIID.Unavailable");

        awaitTrue(() -> image(imageId).state() == ImageState.AVAILABLE);

        Snapshot done = ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
        assertThat(done.state()).isEqualTo(SnapshotState.COMPLETED);
        assertThat(done.progress()).isEqualTo("100%");
    }

    @Test
    void createImage_whenNameTakenOrInstanceNotRunningOrStopped_fails() {
        start(SandboxConfig.instant());
        String instanceId = sample(false);
        createImage(instanceId, "web-golden");

        assertEc2Error(() -> createImage(instanceId, "web-golden"), "InvalidAMIName.Duplicate");
        assertEc2Error(() -> createImage("i-0123456789abcdef0", "other"), "InvalidInstanceID.NotFound");
        ec2.terminateInstances(r -> r.instanceIds(instanceId));
        assertEc2Error(() -> createImage(instanceId, "after-terminate"), "IncorrectInstanceState");
    }

    @Test
    void createImage_fromStoppedInstance_works() {
        start(SandboxConfig.instant());
        String instanceId = sample(false);
        ec2.stopInstances(r -> r.instanceIds(instanceId));

        String imageId = createImage(instanceId, "from-stopped");

        assertThat(image(imageId).state()).isEqualTo(ImageState.AVAILABLE);
    }

    @Test
    void describeImages_ownersSelfAndFilters_showOwnImagesOnly_alongsideThePublicCatalog() {
        start(SandboxConfig.instant());
        String instanceId = sample(false);
        String a = createImage(instanceId, "web-golden-a");
        String b = ec2.createImage(r -> r.instanceId(instanceId).name("ops-golden")).imageId();

        assertThat(ec2.describeImages(r -> r.owners("self")).images()).extracting(Image::imageId).containsExactly(a, b);
        assertThat(ec2.describeImages(r -> r.owners("self").filters(Filter.builder().name("name").values("web-*").build()))
                .images()).extracting(Image::imageId).containsExactly(a);
        assertThat(ec2.describeImages(r -> r.filters(Filter.builder().name("tag:cairn:stack").values("demo").build()))
                .images()).extracting(Image::imageId).containsExactly(a);
        assertThat(ec2.describeImages(r -> r.owners("self").filters(Filter.builder().name("state").values("available")
                .build())).images()).hasSize(2);
        assertThat(ec2.describeImages(r -> r.owners("amazon")).images()).extracting(Image::imageId)
                .doesNotContain(a, b).contains(baseImage);
        assertEc2Error(() -> ec2.describeImages(r -> r.imageIds("ami-0123456789abcdef0")), "InvalidAMIID.NotFound");
    }

    @Test
    void deregisterImage_thenItShowsDeregistered_cannotLaunch_andItsSnapshotCanBeDeleted() {
        start(SandboxConfig.instant());
        String instanceId = sample(false);
        String imageId = createImage(instanceId, "web-golden");
        String snapshotId = image(imageId).blockDeviceMappings().get(0).ebs().snapshotId();

        String inUse = assertEc2Error(() -> ec2.deleteSnapshot(r -> r.snapshotId(snapshotId)), "InvalidSnapshot.InUse");
        assertThat(inUse).contains("The snapshot " + snapshotId + " is currently in use by " + imageId);

        ec2.deregisterImage(r -> r.imageId(imageId));

        assertThat(image(imageId).state()).isEqualTo(ImageState.DEREGISTERED);
        assertThat(ec2.describeImages(r -> r.owners("self").filters(Filter.builder().name("state").values("available")
                .build())).images()).isEmpty();
        assertEc2Error(() -> ec2.deregisterImage(r -> r.imageId(imageId)), "InvalidAMIID.Unavailable");
        assertEc2Error(() -> ec2.deregisterImage(r -> r.imageId("ami-0123456789abcdef0")), "InvalidAMIID.NotFound");
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(imageId).instanceType("t3.micro").subnetId(subnetId)
                .minCount(1).maxCount(1)), "InvalidAMIID.Unavailable");
        assertThat(ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots()).extracting(Snapshot::snapshotId)
                .containsExactly(snapshotId);
        assertThat(createImage(instanceId, "web-golden")).as("a deregistered image's name is free again")
                .isNotEqualTo(imageId);

        ec2.deleteSnapshot(r -> r.snapshotId(snapshotId));

        assertEc2Error(() -> ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)), "InvalidSnapshot.NotFound");
        assertEc2Error(() -> ec2.deleteSnapshot(r -> r.snapshotId(snapshotId)), "InvalidSnapshot.NotFound");
    }

    @Test
    void describeSnapshots_byOwnerAndFilters() {
        start(SandboxConfig.instant());
        String imageId = createImage(sample(false), "web-golden");
        String snapshotId = image(imageId).blockDeviceMappings().get(0).ebs().snapshotId();

        assertThat(ec2.describeSnapshots(r -> r.ownerIds("000000000000")).snapshots()).hasSize(1);
        assertThat(ec2.describeSnapshots(r -> r.ownerIds("amazon")).snapshots()).isEmpty();
        assertThat(ec2.describeSnapshots(r -> r.filters(Filter.builder().name("tag:cairn:stack").values("demo-snap")
                .build())).snapshots()).extracting(Snapshot::snapshotId).containsExactly(snapshotId);
        assertThat(ec2.describeSnapshots(r -> r.filters(Filter.builder().name("status").values("pending").build()))
                .snapshots()).isEmpty();
    }

    @Test
    void runInstances_fromOwnImage_bootsItsSnapshot_andKeepsTheImagesUserDataAsTheImageKnows() {
        start(SandboxConfig.instant());
        String imageId = createImage(sample(true), "web-golden");
        String snapshotId = image(imageId).blockDeviceMappings().get(0).ebs().snapshotId();

        Instance i = ec2.runInstances(r -> r.imageId(imageId).instanceType("t3.micro").subnetId(subnetId).minCount(1)
                .maxCount(1)).instances().get(0);

        assertThat(i.imageId()).isEqualTo(imageId);
        Volume root = ec2.describeVolumes(r -> r.volumeIds(i.blockDeviceMappings().get(0).ebs().volumeId())).volumes().get(0);
        assertThat(root.snapshotId()).isEqualTo(snapshotId);
        assertThat(root.encrypted()).as("a volume of an encrypted snapshot is encrypted").isTrue();
        assertThat(root.size()).isEqualTo(10);
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(imageId).instanceType("t4g.micro").subnetId(subnetId)
                .minCount(1).maxCount(1)), "InvalidParameterValue");
    }
}
