package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.Volume;
import java.util.Map;

/**
 * EC2's DescribeVolumes: parse the query parameters, call the model, render the XML the SDK and
 * the CLI read (shapes after the EC2 API reference and moto's {@code ec2/responses}).
 */
final class VolumeResponses {
    private VolumeResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.readOnly("DescribeVolumes", VolumeResponses::describeVolumes);
    }

    private static final Filters<Volume> VOLUME_FILTERS = new Filters<>(Map.of(
            "volume-id", v -> Describe.one(v.id),
            "attachment.instance-id", v -> Describe.one(v.instanceId),
            "attachment.device", v -> Describe.one(v.device),
            "attachment.delete-on-termination", v -> Describe.one(v.instanceId == null ? null : String.valueOf(v.deleteOnTermination)),
            "availability-zone", v -> Describe.one(v.availabilityZone),
            "encrypted", v -> Describe.one(String.valueOf(v.encrypted)),
            "status", v -> Describe.one(Volumes.volumeState(v)),
            "volume-type", v -> Describe.one(v.volumeType),
            "size", v -> Describe.one(String.valueOf(v.size))), v -> v.tags);

    private static void describeVolumes(QueryParams p, Ec2Backend b, Xml x) {
        Describe.Page<Volume> volumes = Describe.select(p, b.state().volumes.values(), p.list("VolumeId"),
                b.volumes()::volume, VOLUME_FILTERS, b, true);
        x.start("volumeSet");
        for (Volume v : volumes.items()) {
            x.start("item").el("volumeId", v.id).el("size", v.size).el("snapshotId", v.snapshotId)
                    .el("availabilityZone", v.availabilityZone).el("status", Volumes.volumeState(v))
                    .el("createTime", Describe.iso(v.createdAt)).start("attachmentSet");
            if (v.instanceId != null) {
                x.start("item").el("volumeId", v.id).el("instanceId", v.instanceId).el("device", v.device)
                        .el("status", "attached").el("attachTime", Describe.iso(v.createdAt))
                        .el("deleteOnTermination", v.deleteOnTermination).end();
            }
            x.end().el("volumeType", v.volumeType).el("iops", v.iops).el("throughput", v.throughput)
                    .el("encrypted", v.encrypted).el("kmsKeyId", v.kmsKeyId).el("multiAttachEnabled", false);
            Describe.tags(x, v.tags).end();
        }
        x.end().el("nextToken", volumes.nextToken());
    }

}
