package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.Xml;
import java.util.List;
import java.util.Map;

/**
 * EC2's DescribeAvailabilityZones, DescribeRegions: parse the query parameters, call the model,
 * render the XML the SDK and the CLI read (shapes after the EC2 API reference and moto's {@code
 * ec2/responses}).
 */
final class GeographyResponses {
    private GeographyResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.readOnly("DescribeAvailabilityZones", GeographyResponses::describeAvailabilityZones);
        actions.readOnly("DescribeRegions", GeographyResponses::describeRegions);
    }

    /** One zone as DescribeAvailabilityZones reports it. */
    private record Zone(Regions.Region region, String name) {
    }

    private static final Filters<Zone> ZONE_FILTERS = new Filters<>(Map.of(
            "region-name", z -> Describe.one(z.region().name()),
            "zone-name", z -> Describe.one(z.name()),
            "zone-id", z -> Describe.one(z.region().zoneId(z.name())),
            "state", z -> Describe.one("available"),
            "zone-type", z -> Describe.one("availability-zone"),
            "group-name", z -> Describe.one(z.region().name()),
            "opt-in-status", z -> Describe.one("opt-in-not-required")), null);

    private static void describeAvailabilityZones(QueryParams p, Ec2Backend b, Xml x) {
        List<QueryParams.Filter> fs = p.filters();
        ZONE_FILTERS.validate(fs);
        Regions.Region region = b.region();
        List<String> names = p.list("ZoneName");
        List<String> zoneIds = p.list("ZoneId");
        for (String n : names) {
            if (!region.zoneNames().contains(n)) {
                throw AwsException.invalidParameterValue("The zone '" + n + "' does not exist.");
            }
        }
        x.start("availabilityZoneInfo");
        for (String zone : region.zoneNames()) {
            Zone z = new Zone(region, zone);
            boolean byName = names.isEmpty() || names.contains(zone);
            boolean byId = zoneIds.isEmpty() || zoneIds.contains(region.zoneId(zone));
            if (byName && byId && ZONE_FILTERS.matches(z, fs)) {
                x.start("item").el("zoneName", zone).el("zoneState", "available").el("regionName", region.name())
                        .el("zoneId", region.zoneId(zone)).el("zoneType", "availability-zone")
                        .el("groupName", region.name()).el("networkBorderGroup", region.name())
                        .el("optInStatus", "opt-in-not-required").start("messageSet").end().end();
            }
        }
        x.end();
    }

    private static final Filters<Regions.Region> REGION_FILTERS = new Filters<>(Map.of(
            "region-name", r -> Describe.one(r.name()),
            "endpoint", r -> Describe.one("ec2." + r.name() + ".amazonaws.com"),
            "opt-in-status", r -> Describe.one(r.optInStatus())), null);

    private static void describeRegions(QueryParams p, Ec2Backend b, Xml x) {
        List<QueryParams.Filter> fs = p.filters();
        REGION_FILTERS.validate(fs);
        List<String> names = p.list("RegionName");
        for (String n : names) {
            if (!Regions.ALL.containsKey(n)) {
                throw AwsException.invalidParameterValue("Invalid region name: " + n);
            }
        }
        x.start("regionInfo");
        for (Regions.Region r : Regions.ALL.values()) {
            if ((names.isEmpty() || names.contains(r.name())) && REGION_FILTERS.matches(r, fs)) {
                x.start("item").el("regionName", r.name()).el("regionEndpoint", "ec2." + r.name() + ".amazonaws.com")
                        .el("optInStatus", r.optInStatus()).end();
            }
        }
        x.end();
    }
}
