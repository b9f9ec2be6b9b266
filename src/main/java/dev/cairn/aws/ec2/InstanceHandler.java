package dev.cairn.aws.ec2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * An EC2 instance. The image is resolved at create time, never hard-coded: from a public SSM
 * parameter ({@code imageParameter}, e.g. Amazon Linux 2023), from the newest image matching
 * {@code imageQuery} ({@code owner:name pattern}, e.g. the OpenVPN Access Server in the
 * Marketplace), or given ({@code imageId}). Safe defaults: IMDSv2 required, root volume encrypted
 * (gp3, deleted with the instance), the engine's client token so a retried call never launches a
 * twin. Ready when {@code running}; deleted by terminating, gone when {@code terminated}.
 */
public final class InstanceHandler extends Ec2Handler {

    /** States an instance is on its way to or in service: adopt considers these only. */
    private static final Set<String> LIVE_STATES = Set.of("pending", "running", "stopping", "stopped");
    /** When an image does not say, the root device of Amazon Linux and most Linux AMIs. */
    private static final String DEFAULT_ROOT_DEVICE = "/dev/xvda";
    /** When an image does not say, the root volume size of Amazon Linux 2023 (GiB). */
    private static final int DEFAULT_ROOT_GIB = 8;

    public InstanceHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.INSTANCE;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return ours(ctx, ec2(spec.region()), spec.region()).stream()
                .flatMap(res -> res.instances().stream())
                .filter(i -> LIVE_STATES.contains(i.state().nameAsString()) && hasAddress(i.tags(), ctx, spec))
                .findFirst()
                .map(InstanceHandler::live);
    }

    /** This stack's Reservations in the region: one DescribeInstances shared by the run's finds ({@link #listed}). */
    static List<Reservation> ours(HandlerContext ctx, Ec2Client ec2, String region) {
        return listed(ctx, "DescribeInstances", region, () -> ec2.describeInstancesPaginator(r -> r.filters(ownedBy(ctx))).reservations().stream().toList());
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        Ec2Client ec2 = ec2(spec.region());
        String imageId = resolveImage(ec2, spec);
        ctx.say("instance.launching", required(spec, "instanceType"), imageId);
        Optional<Image> image = absentIfNotFound(() -> ec2.describeImages(r -> r.imageIds(imageId)).images().stream()
                .filter(img -> imageId.equals(img.imageId())).findFirst());
        String rootDevice = image.map(Image::rootDeviceName).orElse(DEFAULT_ROOT_DEVICE);
        // The root mapping repeats the image's size: a mapping without size or snapshot is
        // refused by some endpoints, and a smaller size than the snapshot by AWS.
        int rootGib = image.flatMap(img -> img.blockDeviceMappings().stream()
                        .filter(b -> rootDevice.equals(b.deviceName()) && b.ebs() != null && b.ebs().volumeSize() != null)
                        .map(b -> b.ebs().volumeSize()).findFirst())
                .orElse(DEFAULT_ROOT_GIB);
        String keyName = spec.refs().containsKey("keyPair") ? spec.refs().get("keyPair").attributes().get("keyName") : null;
        Instance i = ec2.runInstances(r -> {
            r.imageId(imageId).instanceType(required(spec, "instanceType")).minCount(1).maxCount(1)
                    .clientToken(clientToken)
                    .subnetId(spec.refId("subnet"))
                    .securityGroupIds(spec.refId("securityGroup"))
                    .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED).httpEndpoint("enabled"))
                    .blockDeviceMappings(b -> b.deviceName(rootDevice)
                            .ebs(e -> e.encrypted(true).volumeType(VolumeType.GP3).volumeSize(rootGib).deleteOnTermination(true)))
                    // Only the instance carries the stack's tags: its root volume goes with it
                    // (deleteOnTermination), and a tagged volume would be one more thing for the
                    // tag scan to find where an endpoint keeps it (moto does).
                    .tagSpecifications(tagSpec(ResourceType.INSTANCE, spec.tags()));
            if (keyName != null) {
                r.keyName(keyName);
            }
        }).instances().get(0);
        return live(i);
    }

    /** The AMI for the spec, resolved now. */
    String resolveImage(Ec2Client ec2, ResolvedSpec spec) {
        if (spec.property("imageId") != null) {
            return spec.property("imageId");
        }
        if (spec.property("imageParameter") != null) {
            String name = spec.property("imageParameter");
            return ssm(spec.region()).getParameter(r -> r.name(name)).parameter().value();
        }
        String query = required(spec, "imageQuery");
        int colon = query.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(spec.address() + " imageQuery '" + query + "' is not owner:name-pattern");
        }
        String owner = query.substring(0, colon);
        String pattern = query.substring(colon + 1);
        return ec2.describeImagesPaginator(r -> r.owners(owner).filters(filter("name", pattern), filter("state", "available")))
                .images().stream()
                .max(Comparator.comparing(img -> img.creationDate() == null ? "" : img.creationDate()))
                .map(Image::imageId)
                .orElseThrow(() -> new IllegalStateException("no image named '" + pattern + "' from " + owner + " in "
                        + spec.region() + "; subscribe to it in the AWS Marketplace, or give an AMI ID (access.vpn.amiId)"));
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Optional<Instance> found = absentIfNotFound(() -> find(ec2(spec.region()), resource.physicalId()));
        if (found.isEmpty()) {
            return notVisibleYet(resource.physicalId());
        }
        Instance i = found.get();
        return switch (i.state().name()) {
            case RUNNING -> Poll.done(live(i));
            case PENDING -> pendingState(i.instanceId(), "pending");
            default -> Poll.failed("instance " + i.instanceId() + " is " + i.state().nameAsString()
                    + (i.stateReason() == null ? "" : ": " + i.stateReason().message()));
        };
    }

    /**
     * Changes the instance type in place, as the console does: stop, modify, start — one step per
     * call, each reading the instance first, so a step repeated after a crash does no harm and a
     * resumed run carries on where the last one stopped. The user's tags change first, in the
     * same step as the first read. An instance stopped by someone else is started again: the
     * blueprint wants it running.
     */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Ec2Client ec2 = ec2(spec.region());
        String id = current.physicalId();
        Instance i = absentIfNotFound(() -> find(ec2, id)).filter(x -> !isGone(x))
                .orElseThrow(() -> new IllegalStateException("instance " + id + " is gone; plan again to replace it"));
        if (changed.contains(TAGS) && !fromTags(i.tags()).equals(spec.tags())) {
            retag(ec2, id, current.spec().tags(), spec.tags());
        }
        String wanted = required(spec, "instanceType");
        boolean typeRight = wanted.equals(i.instanceTypeAsString());
        return switch (i.state().name()) {
            case RUNNING -> {
                if (typeRight) {
                    yield Poll.done(live(i));
                }
                ec2.stopInstances(r -> r.instanceIds(id));
                yield Poll.pending(Message.of("instance.stoppingForType", id, i.instanceTypeAsString(), wanted));
            }
            case STOPPED -> {
                if (!typeRight) {
                    ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(t -> t.value(wanted)));
                }
                ec2.startInstances(r -> r.instanceIds(id));
                yield Poll.pending(Message.of("instance.startingAs", id, wanted));
            }
            case PENDING, STOPPING -> pendingState(id, i.state().nameAsString());
            default -> Poll.failed("instance " + id + " is " + i.state().nameAsString() + "; its type cannot change");
        };
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId()))
                .filter(i -> !isGone(i))
                .map(InstanceHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        ignoreNotFound(() -> ec2(record).terminateInstances(r -> r.instanceIds(record.physicalId())));
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> find(ec2(record), record.physicalId()))
                .filter(i -> !isGone(i))
                .map(i -> pendingState(i.instanceId(), i.state().nameAsString()))
                .orElseGet(Poll::done);
    }

    /** Terminated instances stay listed for about an hour; they count as gone. */
    static boolean isGone(Instance i) {
        return i.state() != null && i.state().name() == InstanceStateName.TERMINATED;
    }

    private software.amazon.awssdk.services.ssm.SsmClient ssm(String region) {
        return clients().ssm(region);
    }

    static Optional<Instance> find(Ec2Client ec2, String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().stream()
                .flatMap(res -> res.instances().stream()).filter(i -> id.equals(i.instanceId())).findFirst();
    }

    private static LiveResource live(Instance i) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("instanceId", i.instanceId());
        if (i.privateIpAddress() != null) {
            a.put("privateIp", i.privateIpAddress());
        }
        if (i.publicIpAddress() != null) {
            a.put("publicIp", i.publicIpAddress());
        }
        if (i.imageId() != null) {
            a.put("imageId", i.imageId());
        }
        if (i.instanceTypeAsString() != null) {
            a.put("instanceType", i.instanceTypeAsString());
        }
        if (i.placement() != null && i.placement().availabilityZone() != null) {
            a.put("zone", i.placement().availabilityZone());
        }
        return new LiveResource(i.instanceId(), a, i.state() == null ? "" : i.state().nameAsString());
    }
}
