package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.ec2.Ec2Model.Instance;
import dev.cairn.sandbox.ec2.Ec2Model.Volume;

/**
 * EBS volumes: the root volume RunInstances makes from the first BlockDeviceMapping (AWS's
 * defaults otherwise), {@code in-use} until its instance is terminated, then gone.
 */
final class Volumes extends Ec2Family {
    /** What AWS gives a volume whose mapping names no type. */
    static final String DEFAULT_VOLUME_TYPE = "gp3";
    static final String ROOT_DEVICE = "/dev/xvda";
    /** The AWS-managed key that encrypts EBS volumes when no KmsKeyId is given. */
    static final String DEFAULT_EBS_KEY_ALIAS = "alias/aws/ebs";
    static final int GP3_BASELINE_IOPS = 3000;
    static final int GP3_BASELINE_THROUGHPUT = 125;

    Volumes(Ec2Backend backend) {
        super(backend);
    }

    /** A DeleteOnTermination volume goes when its instance is terminated (or forgotten). */
    void advance() {
        s.volumes.values().removeIf(v -> v.deleteOnTermination && v.instanceId != null
                && (!s.instances.containsKey(v.instanceId) || Instances.instanceState(s.instances.get(v.instanceId), now).equals("terminated")));
    }

    /** The root volume an instance launches with, as its BlockDeviceMapping asks (AWS defaults otherwise). */
    Volume rootVolume(Instances.RunRequest r, Images.Source image, Instance i, String zone) {
        Volume v = new Volume();
        v.id = b.newId("vol");
        v.createdAt = now;
        v.size = r.volumeSize() == null ? image.volumeSize() : r.volumeSize();
        v.volumeType = r.volumeType() == null ? image.volumeType() : r.volumeType();
        // A volume from an encrypted snapshot is encrypted whatever the mapping says, as in AWS.
        v.encrypted = image.encrypted() || Boolean.TRUE.equals(r.encrypted()) || r.kmsKeyId() != null;
        v.kmsKeyId = !v.encrypted ? null : r.kmsKeyId() != null ? r.kmsKeyId()
                : "arn:aws:kms:" + b.region().name() + ":" + b.account() + ":" + DEFAULT_EBS_KEY_ALIAS;
        if (v.volumeType.equals("gp3")) {
            // gp3's baseline, which AWS reports whatever the size.
            v.iops = GP3_BASELINE_IOPS;
            v.throughput = GP3_BASELINE_THROUGHPUT;
        }
        v.snapshotId = image.snapshotId();
        v.availabilityZone = zone;
        v.instanceId = i.id;
        v.device = ROOT_DEVICE;
        v.deleteOnTermination = true;
        s.volumes.put(v.id, v);
        return v;
    }

    Volume volume(String id) {
        return b.find(s.volumes, id, "InvalidVolume.NotFound", "The volume '%s' does not exist.");
    }

    /** {@code in-use}: every Sandbox volume is an instance's root volume, attached until it goes. */
    static String volumeState(Volume v) {
        return v.instanceId == null ? "available" : "in-use";
    }
}
