package dev.cairn.aws.ec2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.Address;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.Ec2Kinds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The golden image, made as the guide makes it: a sample instance boots the base image (the
 * {@code baseImageParameter} SSM parameter, resolved now) with the app's user data; once it runs
 * and passes both status checks, {@code CreateImage} with {@code NoReboot}; once the image is
 * {@code available}, the sample is terminated.
 *
 * <p>Every step is found again from AWS, never remembered: the sample by its tags (this stack,
 * the address {@link #sampleAddress} of the image's), the image by its name ({@code Owners=self}:
 * names are unique per account and region). So a run killed at any point resumes without a twin:
 * {@link #create} reuses a live sample, and {@link #awaitReady} makes the image only when none of
 * that name exists. The calls beyond the engine's own (RunInstances, CreateImage, the snapshots'
 * tags, TerminateInstances) are journaled through {@link HandlerContext#mutating}.
 *
 * <p>Until the image exists the resource's physical ID is the sample's instance ID (the engine
 * keeps what {@code create} returned); {@code awaitReady} answers with the image's {@code ami-…}.
 * A delete copes with either. The image's snapshots are tagged like the image, so a delete
 * interrupted after {@code DeregisterImage} still finds them, and so does the teardown scan
 * (which hands a snapshot it finds to this handler: {@link #delete} accepts a {@code snap-…}).
 */
public final class ImageHandler extends Ec2Handler {

    /** States the sample is on its way to or in service: a sample in one of these is reused. */
    private static final Set<String> SAMPLE_LIVE = Set.of("pending", "running", "stopping", "stopped");
    /** Image states that count as gone: a deregistered image lingers in describes for a while. */
    private static final Set<String> IMAGE_GONE = Set.of("deregistered", "disabled");
    /** EC2's status check word for a passed check. */
    private static final String CHECK_OK = "ok";
    /** EC2's code when a snapshot still backs a registered image (briefly so after deregistering it). */
    static final String SNAPSHOT_IN_USE = "InvalidSnapshot.InUse";
    /** CreateImage's answer when the name is taken: the image exists but a describe missed it. */
    private static final String DUPLICATE_NAME = "InvalidAMIName.Duplicate";
    /** DeregisterImage of an image already deregistered answers this rather than …NotFound. */
    private static final String AMI_UNAVAILABLE = "InvalidAMIID.Unavailable";
    /** The root device and size when the base image does not say (Amazon Linux 2023's). */
    private static final String DEFAULT_ROOT_DEVICE = "/dev/xvda";
    private static final int DEFAULT_ROOT_GIB = 8;

    public ImageHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.IMAGE;
    }

    /** The kind that deletes what the tag scan finds of a golden image: its snapshots too. */
    public static ResourceKind snapshotOwnerKind() {
        return Ec2Kinds.IMAGE;
    }

    /**
     * The address the sample instance is tagged with: {@code web.image-sample[golden]} for
     * {@code web.image[golden]}. An address of its own, so no spec's find ever adopts the sample,
     * and a teardown that lost state deletes it as an instance.
     */
    static Address sampleAddress(Address image) {
        String name = image.name();
        return name.isEmpty() ? Address.of(image.step(), image.type() + "-sample")
                : Address.of(image.step(), image.type() + "-sample", name);
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return find(ctx, spec) instanceof Found.Ours ours ? Optional.of(ours.resource()) : Optional.empty();
    }

    /**
     * The image of the spec's name: ours when it carries this stack's tags for this address,
     * taken otherwise (AMI names are unique per account and region, so CreateImage would fail).
     * A sample alone is not the image: the create goes on and reuses it.
     */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        Ec2Client ec2 = ec2(spec.region());
        String name = required(spec, "name");
        Optional<Image> image = byName(ec2, name);
        if (image.isEmpty()) {
            return Found.absent();
        }
        if (!hasAddress(image.get().tags(), ctx, spec)) {
            return Found.taken("image " + name + " (" + image.get().imageId() + ") already exists in " + spec.region()
                    + " without this stack's tags");
        }
        return Found.ours(live(image.get(), liveSample(ec2, ctx.stack(), spec.address())));
    }

    /**
     * Launches the sample, or reuses the live one a killed run left. The image comes later, in
     * {@link #awaitReady}, once the sample passes its status checks.
     */
    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        Ec2Client ec2 = ec2(spec.region());
        Optional<Instance> left = liveSample(ec2, ctx.stack(), spec.address());
        if (left.isPresent()) {
            ctx.say("image.sampleReused", left.get().instanceId());
            return sampleResource(left.get());
        }
        String parameter = required(spec, "baseImageParameter");
        String base = clients().ssm(spec.region()).getParameter(r -> r.name(parameter)).parameter().value();
        String type = required(spec, "instanceType");
        ctx.say("image.sampleLaunching", type, base);
        Optional<Image> baseImage = absentIfNotFound(() -> ec2.describeImages(r -> r.imageIds(base)).images().stream()
                .filter(i -> base.equals(i.imageId())).findFirst());
        String rootDevice = baseImage.map(Image::rootDeviceName).orElse(DEFAULT_ROOT_DEVICE);
        int rootGib = baseImage.flatMap(i -> rootSize(i, rootDevice)).orElse(DEFAULT_ROOT_GIB);
        Map<String, String> tags = sampleTags(ctx.stack(), spec);
        String userData = spec.property("userData");
        // The engine's token belongs to the image's create; the sample's is derived from it, so a
        // healed intent that launches again gets the same sample back (EC2 keeps tokens for hours).
        String token = "sample-" + clientToken;
        Instance sample = ctx.mutating("RunInstances", () -> ec2.runInstances(r -> {
            r.imageId(base).instanceType(type).minCount(1).maxCount(1).clientToken(token)
                    .subnetId(spec.refId("subnet"))
                    .securityGroupIds(spec.refId("securityGroup"))
                    .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED).httpEndpoint("enabled"))
                    .blockDeviceMappings(b -> b.deviceName(rootDevice)
                            .ebs(e -> e.encrypted(true).volumeType(VolumeType.GP3).volumeSize(rootGib).deleteOnTermination(true)))
                    .tagSpecifications(tagSpec(ResourceType.INSTANCE, tags));
            if (userData != null && !userData.isEmpty()) {
                r.userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)));
            }
        }).instances().get(0));
        return sampleResource(sample);
    }

    /**
     * One step towards an available image: wait for the sample to run and pass its checks, make
     * the image, wait for it, then tag its snapshots and terminate the sample. Each step starts
     * from what AWS shows, so it is the same whichever run (or crash) took the previous one.
     */
    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Ec2Client ec2 = ec2(spec.region());
        String name = required(spec, "name");
        Optional<Instance> sample = liveSample(ec2, ctx.stack(), spec.address());
        Optional<Image> image = byName(ec2, name).filter(i -> hasAddress(i.tags(), ctx, spec));
        if (image.isPresent()) {
            return imageStep(ctx, ec2, spec, image.get(), sample);
        }
        if (sample.isEmpty()) {
            if (resource.physicalId().startsWith("i-")) {
                // Just launched: EC2's describes may not show it for a moment.
                Optional<Instance> launched = absentIfNotFound(() -> InstanceHandler.find(ec2, resource.physicalId()));
                if (launched.isEmpty()) {
                    return notVisibleYet(resource.physicalId());
                }
                if (!InstanceHandler.isGone(launched.get())) {
                    return Poll.pending(Message.of("image.sampleState", launched.get().instanceId(),
                            launched.get().state().nameAsString()), sampleResource(launched.get()));
                }
            }
            return Poll.failed(Message.of("image.sampleLost", name));
        }
        Instance i = sample.get();
        String id = i.instanceId();
        return switch (i.state().nameAsString()) {
            case "pending" -> Poll.pending(Message.of("image.sampleState", id, "pending"), sampleResource(i));
            case "running" -> {
                Optional<InstanceStatus> status = ec2.describeInstanceStatus(r -> r.instanceIds(id)).instanceStatuses()
                        .stream().filter(s -> id.equals(s.instanceId())).findFirst();
                String instanceCheck = status.map(s -> s.instanceStatus() == null ? "" : s.instanceStatus().statusAsString())
                        .orElse("initializing");
                String systemCheck = status.map(s -> s.systemStatus() == null ? "" : s.systemStatus().statusAsString())
                        .orElse("initializing");
                if (!CHECK_OK.equals(instanceCheck) || !CHECK_OK.equals(systemCheck)) {
                    yield Poll.pending(Message.of("image.sampleChecks", id, instanceCheck, systemCheck), sampleResource(i));
                }
                yield createImage(ctx, ec2, spec, i);
            }
            default -> Poll.failed(Message.of("image.sampleState", id, i.state().nameAsString()));
        };
    }

    private Poll createImage(HandlerContext ctx, Ec2Client ec2, ResolvedSpec spec, Instance sample) {
        String name = required(spec, "name");
        ctx.say("image.creating", name, sample.instanceId());
        try {
            // NoReboot, as the guide: the sample keeps serving; the app's files are on disk by
            // now (the status checks pass after user data ran).
            String imageId = ctx.mutating("CreateImage", () -> ec2.createImage(r -> r.instanceId(sample.instanceId())
                    .name(name).description("Cairn golden image of " + spec.address() + " (stack " + ctx.stack() + ")")
                    .noReboot(true)
                    .tagSpecifications(tagSpec(ResourceType.IMAGE, spec.tags()))).imageId());
            Map<String, String> a = new LinkedHashMap<>();
            a.put("sampleInstanceId", sample.instanceId());
            return Poll.pending(Message.of("image.state", imageId, "pending"), new LiveResource(imageId, a, "pending"));
        } catch (Ec2Exception e) {
            if (Ec2Errors.is(e, DUPLICATE_NAME)) {
                // Made by a call whose answer was lost; the next poll finds it by name.
                return Poll.pending(Message.of("aws.notVisible", kind(), name));
            }
            throw e;
        }
    }

    private Poll imageStep(HandlerContext ctx, Ec2Client ec2, ResolvedSpec spec, Image image, Optional<Instance> sample) {
        String state = image.stateAsString();
        switch (state) {
            case "available" -> {
                List<String> snapshots = snapshotIds(image);
                if (!snapshots.isEmpty() && !snapshotsTagged(ec2, snapshots, ctx.stack())) {
                    // CreateImage cannot tag snapshots everywhere (moto refuses the type), so they
                    // are tagged here, before the sample goes: a delete and the scan find them by tag.
                    ctx.mutating("CreateTags", () -> ec2.createTags(r -> r.resources(snapshots).tags(toTags(spec.tags()))));
                }
                if (sample.isPresent()) {
                    String id = sample.get().instanceId();
                    ctx.say("image.sampleTerminating", image.imageId(), id);
                    ctx.mutating("TerminateInstances", () -> ignoreNotFound(() -> ec2.terminateInstances(r -> r.instanceIds(id))));
                }
                return Poll.done(live(image, Optional.empty()));
            }
            case "pending" -> {
                return Poll.pending(Message.of("image.state", image.imageId(), state), live(image, sample));
            }
            default -> {
                String reason = image.stateReason() == null ? "" : ": " + image.stateReason().message();
                return Poll.failed(Message.of("image.failed", image.imageId(), state + reason));
            }
        }
    }

    /** The user's tags change in place on the image and its snapshots. */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> others = new TreeSet<>(changed);
        others.remove(TAGS);
        if (!others.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", others) + " in place");
        }
        Ec2Client ec2 = ec2(spec.region());
        retag(ec2, current.physicalId(), current.spec().tags(), spec.tags());
        Optional<Image> image = byId(ec2, current.physicalId());
        for (String snapshot : image.map(ImageHandler::snapshotIds).orElse(List.of())) {
            retag(ec2, snapshot, current.spec().tags(), spec.tags());
        }
        return Poll.done(image.map(i -> live(i, Optional.empty())).orElse(null));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        Ec2Client ec2 = ec2(record);
        return image(ctx, ec2, record).map(i -> live(i, liveSample(ec2, ctx.stack(), record.address())));
    }

    /**
     * One step of the delete: terminate a sample left behind, deregister the image, then delete
     * each of its snapshots. A snapshot still in use just after the deregistration
     * ({@code InvalidSnapshot.InUse}) makes the step PENDING: the engine calls again, and the
     * snapshots are found again by their tags, the image being gone by then.
     */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        Ec2Client ec2 = ec2(record);
        if (record.physicalId().startsWith("snap-")) {
            return deleteSnapshots(ec2, List.of(record.physicalId()));
        }
        Optional<Image> image = image(ctx, ec2, record);
        Set<String> snapshots = new LinkedHashSet<>(snapshotIdsOf(record));
        image.ifPresent(i -> snapshots.addAll(snapshotIds(i)));
        snapshots.addAll(taggedSnapshots(ec2, ctx.stack(), record.address()));
        liveSample(ec2, ctx.stack(), record.address()).ifPresent(s -> {
            ctx.say("image.sampleTerminating", image.map(Image::imageId).orElse(record.physicalId()), s.instanceId());
            ignoreNotFound(() -> ec2.terminateInstances(r -> r.instanceIds(s.instanceId())));
        });
        if (image.isPresent()) {
            String id = image.get().imageId();
            try {
                ec2.deregisterImage(r -> r.imageId(id));
            } catch (Ec2Exception e) {
                if (!Ec2Errors.isNotFound(e) && !Ec2Errors.is(e, AMI_UNAVAILABLE)) {
                    throw e;
                }
            }
        }
        return deleteSnapshots(ec2, new ArrayList<>(snapshots));
    }

    private Poll deleteSnapshots(Ec2Client ec2, List<String> snapshots) {
        for (String snapshot : snapshots) {
            try {
                ec2.deleteSnapshot(r -> r.snapshotId(snapshot));
            } catch (Ec2Exception e) {
                if (Ec2Errors.is(e, SNAPSHOT_IN_USE)) {
                    return Poll.pending(Message.of("image.snapshotInUse", snapshot, Ec2Errors.message(e)));
                }
                if (!Ec2Errors.isNotFound(e)) {
                    throw e;
                }
            }
        }
        return Poll.done();
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        throw new UnsupportedOperationException("the image's delete is a series of steps: see delete");
    }

    /** Gone when the image is deregistered, none of its snapshots remains and no sample lives. */
    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        Ec2Client ec2 = ec2(record);
        if (record.physicalId().startsWith("snap-")) {
            return existingSnapshots(ec2, List.of(record.physicalId())).isEmpty() ? Poll.done() : stillExists(record.physicalId());
        }
        Optional<Image> image = image(ctx, ec2, record);
        if (image.isPresent()) {
            return stillExists(image.get().imageId());
        }
        Set<String> snapshots = new LinkedHashSet<>(snapshotIdsOf(record));
        snapshots.addAll(taggedSnapshots(ec2, ctx.stack(), record.address()));
        List<String> left = existingSnapshots(ec2, new ArrayList<>(snapshots));
        if (!left.isEmpty()) {
            return Poll.pending(Message.of("aws.stillExists", "snapshot", left.get(0)));
        }
        Optional<Instance> sample = liveSample(ec2, ctx.stack(), record.address());
        return sample.map(s -> Poll.pending(Message.of("image.sampleState", s.instanceId(), s.state().nameAsString())))
                .orElseGet(Poll::done);
    }

    /** The record's image: by its ID, or (while the ID is still the sample's) by the spec's name and this stack's tags. */
    private static Optional<Image> image(HandlerContext ctx, Ec2Client ec2, ResourceRecord record) {
        if (record.physicalId().startsWith("ami-")) {
            return byId(ec2, record.physicalId());
        }
        String name = record.spec().property("name");
        if (name == null) {
            return Optional.empty();
        }
        return byName(ec2, name).filter(i -> {
            Map<String, String> tags = fromTags(i.tags());
            return ctx.stack().equals(tags.get(Tags.STACK)) && record.address().value().equals(tags.get(Tags.ADDRESS));
        });
    }

    static Optional<Image> byId(Ec2Client ec2, String id) {
        return absentIfNotFound(() -> ec2.describeImages(r -> r.imageIds(id)).images().stream()
                .filter(i -> id.equals(i.imageId()) && !IMAGE_GONE.contains(i.stateAsString())).findFirst());
    }

    /** This account's image of that name in the region (AMI names are unique per account and region). */
    static Optional<Image> byName(Ec2Client ec2, String name) {
        return ec2.describeImagesPaginator(r -> r.owners("self").filters(filter("name", name))).images().stream()
                .filter(i -> name.equals(i.name()) && !IMAGE_GONE.contains(i.stateAsString()))
                .findFirst();
    }

    /** The live sample of this stack's image at that address, found by its tags. */
    static Optional<Instance> liveSample(Ec2Client ec2, String stack, Address image) {
        String address = sampleAddress(image).value();
        return ec2.describeInstancesPaginator(r -> r.filters(filter("tag:" + Tags.STACK, stack))).reservations().stream()
                .flatMap(res -> res.instances().stream())
                .filter(i -> SAMPLE_LIVE.contains(i.state().nameAsString())
                        && address.equals(fromTags(i.tags()).get(Tags.ADDRESS)))
                .findFirst();
    }

    /** The sample's tags: the stack, its own address, and the image's Name with {@code -sample}. */
    static Map<String, String> sampleTags(String stack, ResolvedSpec spec) {
        Map<String, String> tags = new LinkedHashMap<>(spec.tags());
        tags.put(Tags.NAME, spec.tags().getOrDefault(Tags.NAME, stack + "-" + spec.address().shortName()) + "-sample");
        tags.put(Tags.STACK, stack);
        tags.put(Tags.ADDRESS, sampleAddress(spec.address()).value());
        return tags;
    }

    static List<String> snapshotIds(Image image) {
        return image.blockDeviceMappings().stream()
                .map(BlockDeviceMapping::ebs)
                .filter(e -> e != null && e.snapshotId() != null)
                .map(e -> e.snapshotId())
                .distinct()
                .toList();
    }

    private static List<String> snapshotIdsOf(ResourceRecord record) {
        String ids = record.attributes().get("snapshotIds");
        if (ids == null || ids.isBlank()) {
            return List.of();
        }
        return List.of(ids.split(","));
    }

    /** This account's snapshots tagged for the image's address in this stack. */
    private static List<String> taggedSnapshots(Ec2Client ec2, String stack, Address image) {
        return ec2.describeSnapshotsPaginator(r -> r.ownerIds("self").filters(filter("tag:" + Tags.STACK, stack))).snapshots()
                .stream()
                .filter(s -> image.value().equals(fromTags(s.tags()).get(Tags.ADDRESS)))
                .map(Snapshot::snapshotId)
                .toList();
    }

    private static boolean snapshotsTagged(Ec2Client ec2, List<String> ids, String stack) {
        return ec2.describeSnapshots(r -> r.snapshotIds(ids)).snapshots().stream()
                .allMatch(s -> stack.equals(fromTags(s.tags()).get(Tags.STACK)));
    }

    private static List<String> existingSnapshots(Ec2Client ec2, List<String> ids) {
        List<String> left = new ArrayList<>();
        for (String id : ids) {
            // One at a time: a describe of several IDs fails whole when one of them is gone.
            absentIfNotFound(() -> ec2.describeSnapshots(r -> r.snapshotIds(id)).snapshots().stream()
                    .filter(s -> id.equals(s.snapshotId())).findFirst())
                    .ifPresent(s -> left.add(s.snapshotId()));
        }
        return left;
    }

    private static Optional<Integer> rootSize(Image image, String rootDevice) {
        return image.blockDeviceMappings().stream()
                .filter(b -> rootDevice.equals(b.deviceName()) && b.ebs() != null && b.ebs().volumeSize() != null)
                .map(b -> b.ebs().volumeSize())
                .findFirst();
    }

    private static LiveResource sampleResource(Instance sample) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("sampleInstanceId", sample.instanceId());
        return new LiveResource(sample.instanceId(), a, "sample " + sample.state().nameAsString());
    }

    private static LiveResource live(Image image, Optional<Instance> sample) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("imageId", image.imageId());
        a.put("name", image.name());
        a.put("snapshotIds", String.join(",", snapshotIds(image)));
        sample.ifPresent(s -> a.put("sampleInstanceId", s.instanceId()));
        return new LiveResource(image.imageId(), a, image.stateAsString());
    }
}
