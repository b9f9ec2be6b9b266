package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.ec2.Ec2Model.Image;
import dev.cairn.sandbox.ec2.Ec2Model.ImageBlockDevice;
import dev.cairn.sandbox.ec2.Ec2Model.Instance;
import dev.cairn.sandbox.ec2.Ec2Model.Snapshot;
import dev.cairn.sandbox.ec2.Ec2Model.Volume;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The account's own images and snapshots: CreateImage from a running or stopped instance (one
 * snapshot per EBS volume, {@code pending → completed}; the image {@code pending → available}
 * once they are), names unique per account and region, DeregisterImage (the snapshots stay, as in
 * AWS), and DeleteSnapshot refused while a registered image uses the snapshot. An image keeps
 * its source instance's user data, which instances launched from it without their own inherit.
 */
final class Images extends Ec2Family {
    /**
     * AWS documents that recently deregistered images "appear in the returned results for a short
     * interval"; the Sandbox shows them ({@code deregistered}) for a few minutes, then forgets them.
     */
    static final long DEREGISTERED_VISIBLE_MILLIS = 5L * 60 * 1000;

    Images(Ec2Backend backend) {
        super(backend);
    }

    /** Forgets images deregistered longer ago than AWS shows them. */
    void advance() {
        for (Iterator<Image> it = s.images.values().iterator(); it.hasNext(); ) {
            Image i = it.next();
            if (i.deregisteredAt > 0 && now >= i.deregisteredAt + DEREGISTERED_VISIBLE_MILLIS) {
                it.remove();
            }
        }
    }

    static String imageState(Image i, long now) {
        if (i.deregisteredAt > 0) {
            return "deregistered";
        }
        return now >= i.availableAt ? "available" : "pending";
    }

    static String snapshotState(Snapshot snap, long now) {
        return now >= snap.completedAt ? "completed" : "pending";
    }

    /** Progress as AWS shows it: a percentage, linear over the copy for a pending snapshot. */
    static String snapshotProgress(Snapshot snap, long now) {
        if (now >= snap.completedAt) {
            return "100%";
        }
        long total = Math.max(1, snap.completedAt - snap.createdAt);
        return Math.min(99, (now - snap.createdAt) * 100 / total) + "%";
    }

    /** An own image by ID, whatever its state; {@code InvalidAMIID.NotFound} otherwise. */
    Image image(String id) {
        return b.find(s.images, id, "InvalidAMIID.NotFound", "The image id '[%s]' does not exist");
    }

    Snapshot snapshot(String id) {
        return b.find(s.snapshots, id, "InvalidSnapshot.NotFound", "The snapshot '%s' does not exist.");
    }

    /** What a launch needs of an image, seeded or own. */
    record Source(String id, String architecture, String snapshotId, int volumeSize, String volumeType,
                  boolean encrypted, String userData) {
    }

    /**
     * The image a launch names: a seeded public one or an own one that is {@code available};
     * {@code InvalidAMIID.Malformed}, {@code .NotFound} or {@code .Unavailable} otherwise.
     */
    Source launchable(String imageId) {
        if (!imageId.startsWith("ami-")) {
            throw new AwsException("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\" (expecting \"ami-...\")");
        }
        Catalog.Image seeded = Catalog.image(b.region().name(), imageId);
        if (seeded != null) {
            return new Source(seeded.id(), seeded.architecture(), seeded.snapshotId(), seeded.volumeSize(),
                    Volumes.DEFAULT_VOLUME_TYPE, false, null);
        }
        Image own = s.images.get(imageId);
        if (own == null || !b.visible(own)) {
            throw new AwsException("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist");
        }
        String state = imageState(own, now);
        if (!state.equals("available")) {
            throw new AwsException("InvalidAMIID.Unavailable", state.equals("deregistered")
                    ? "The image id '[" + imageId + "]' is no longer available"
                    : "The image id '[" + imageId + "]' is not available yet (" + state + ")");
        }
        ImageBlockDevice root = own.blockDevices.get(0);
        return new Source(own.id, own.architecture, root.snapshotId, root.volumeSize, root.volumeType, root.encrypted,
                own.userData);
    }

    /**
     * CreateImage: the instance must be running or stopped; each of its volumes is snapshotted
     * (taking {@link Ec2Durations#SNAPSHOT_COMPLETE}), and the image is available when its
     * snapshots are completed.
     */
    Image createImage(String instanceId, String name, String description, List<QueryParams.TagSpec> tagSpecs) {
        Ec2Backend.required(instanceId, "InstanceId");
        Ec2Backend.required(name, "Name");
        Instance instance = b.instances().instance(instanceId);
        if (name.length() < 3 || name.length() > 128 || !name.matches("[a-zA-Z0-9().\\-/_ \\[\\]@']+")) {
            throw AwsException.invalidParameterValue("AMI names must be between 3 and 128 characters long, and may "
                    + "contain letters, numbers, '(', ')', '.', '-', '/' and '_'");
        }
        String state = Instances.instanceState(instance, now);
        if (!state.equals("running") && !state.equals("stopped")) {
            throw new AwsException("IncorrectInstanceState", "The instance '" + instanceId
                    + "' is not in the 'running' or 'stopped' state.");
        }
        // A deregistered image's name is free again, as in AWS.
        s.images.values().stream().filter(i -> i.name.equals(name) && i.deregisteredAt == 0).findFirst()
                .ifPresent(taken -> {
                    throw new AwsException("InvalidAMIName.Duplicate", "AMI name " + name + " is already in use by AMI "
                            + taken.id);
                });
        for (QueryParams.TagSpec spec : tagSpecs) {
            if (!Set.of("image", "snapshot").contains(spec.resourceType())) {
                throw AwsException.invalidParameterValue("'" + spec.resourceType()
                        + "' is not a valid taggable resource type for this operation.");
            }
        }
        Image image = new Image();
        image.id = b.newId("ami");
        image.createdAt = now;
        image.name = name;
        image.description = description;
        image.architecture = instance.architecture;
        image.sourceInstanceId = instance.id;
        // An image of an image keeps the user data it was made with when the instance had none.
        image.userData = instance.userData != null ? instance.userData : inheritedUserData(instance);
        long completed = now + b.scaledMillis(Ec2Durations.SNAPSHOT_COMPLETE);
        List<Volume> volumes = s.volumes.values().stream().filter(v -> instance.id.equals(v.instanceId)).toList();
        for (Volume v : volumes) {
            Snapshot snap = new Snapshot();
            snap.id = b.newId("snap");
            snap.createdAt = now;
            snap.volumeId = v.id;
            snap.volumeSize = v.size;
            snap.encrypted = v.encrypted;
            snap.kmsKeyId = v.kmsKeyId;
            snap.description = "Created by CreateImage(" + instance.id + ") for " + image.id;
            snap.completedAt = completed;
            for (QueryParams.TagSpec spec : tagSpecs) {
                if (spec.resourceType().equals("snapshot")) {
                    b.tags().putTags(snap, spec.tags());
                }
            }
            s.snapshots.put(snap.id, snap);
            ImageBlockDevice d = new ImageBlockDevice();
            d.deviceName = v.device;
            d.snapshotId = snap.id;
            d.volumeSize = v.size;
            d.volumeType = v.volumeType;
            d.encrypted = v.encrypted;
            d.deleteOnTermination = v.deleteOnTermination;
            image.blockDevices.add(d);
        }
        image.availableAt = Math.max(completed, now + b.scaledMillis(Ec2Durations.IMAGE_AVAILABLE));
        for (QueryParams.TagSpec spec : tagSpecs) {
            if (spec.resourceType().equals("image")) {
                b.tags().putTags(image, spec.tags());
            }
        }
        s.images.put(image.id, image);
        return image;
    }

    /** The user data of the own image an instance was launched from, or null. */
    String inheritedUserData(Instance instance) {
        Image source = s.images.get(instance.imageId);
        return source == null ? null : source.userData;
    }

    /** DeregisterImage: the image cannot launch any more; its snapshots stay. */
    void deregister(String imageId) {
        Ec2Backend.required(imageId, "ImageId");
        if (Catalog.image(b.region().name(), imageId) != null) {
            throw new AwsException("AuthFailure", "Not authorized for image:" + imageId);
        }
        Image image = image(imageId);
        if (image.deregisteredAt > 0) {
            throw new AwsException("InvalidAMIID.Unavailable", "The image id '[" + imageId + "]' is no longer available");
        }
        image.deregisteredAt = now;
    }

    void deleteSnapshot(String snapshotId) {
        Ec2Backend.required(snapshotId, "SnapshotId");
        Snapshot snap = snapshot(snapshotId);
        for (Image i : s.images.values()) {
            if (i.deregisteredAt == 0 && i.blockDevices.stream().anyMatch(d -> snap.id.equals(d.snapshotId))) {
                throw new AwsException("InvalidSnapshot.InUse", "The snapshot " + snap.id + " is currently in use by "
                        + i.id);
            }
        }
        s.snapshots.remove(snap.id);
    }

    /** Own images not yet forgotten (deregistered ones included while AWS still shows them by ID). */
    List<Image> all() {
        return new ArrayList<>(s.images.values());
    }
}
