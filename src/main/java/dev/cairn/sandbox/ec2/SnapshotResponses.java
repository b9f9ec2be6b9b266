package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.Snapshot;
import java.util.List;
import java.util.Map;

/**
 * EC2's DescribeSnapshots and DeleteSnapshot over the caller's own snapshots ({@code snapshotSet}):
 * parse the query parameters, call {@link Images}, render the XML the SDK and the CLI read.
 */
final class SnapshotResponses {
    private SnapshotResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.readOnly("DescribeSnapshots", SnapshotResponses::describeSnapshots);
        actions.mutating("DeleteSnapshot", (p, b, x) -> {
            b.images().deleteSnapshot(p.get("SnapshotId"));
            x.el("return", true);
        });
    }

    private static void describeSnapshots(QueryParams p, Ec2Backend b, Xml x) {
        long now = b.now();
        Filters<Snapshot> filters = new Filters<>(Map.ofEntries(
                Map.entry("snapshot-id", v -> Describe.one(v.id)),
                Map.entry("volume-id", v -> Describe.one(v.volumeId)),
                Map.entry("status", v -> Describe.one(Images.snapshotState(v, now))),
                Map.entry("progress", v -> Describe.one(Images.snapshotProgress(v, now))),
                Map.entry("owner-id", v -> Describe.one(b.account())),
                Map.entry("description", v -> Describe.one(v.description)),
                Map.entry("encrypted", v -> Describe.one(v.encrypted)),
                Map.entry("volume-size", v -> Describe.one(v.volumeSize)),
                Map.entry("start-time", v -> Describe.one(Describe.iso(v.createdAt)))), v -> v.tags);
        // The caller's snapshots are the only ones the Sandbox has: an owner other than the
        // caller (or "self") selects none, as asking for another account's private snapshots does.
        List<String> owners = p.list("Owner");
        boolean mine = owners.isEmpty() || owners.stream().anyMatch(o -> o.equals("self") || o.equals(b.account()));
        Describe.Page<Snapshot> page = Describe.select(p, b.state().snapshots.values(), p.list("SnapshotId"),
                b.images()::snapshot, filters, b, true);
        x.start("snapshotSet");
        for (Snapshot v : mine ? page.items() : List.<Snapshot>of()) {
            x.start("item").el("snapshotId", v.id).el("volumeId", v.volumeId).el("status", Images.snapshotState(v, now))
                    .el("startTime", Describe.iso(v.createdAt)).el("progress", Images.snapshotProgress(v, now))
                    .el("ownerId", b.account()).el("volumeSize", v.volumeSize).el("description", v.description)
                    .el("encrypted", v.encrypted).el("kmsKeyId", v.kmsKeyId).el("storageTier", "standard");
            Describe.tags(x, v.tags).end();
        }
        x.end().el("nextToken", mine ? page.nextToken() : null);
    }
}
