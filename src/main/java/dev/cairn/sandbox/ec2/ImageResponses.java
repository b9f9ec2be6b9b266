package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EC2's DescribeImages (the seeded {@link Catalog} and the caller's own {@link Images}),
 * CreateImage, DeregisterImage, DescribeInstanceTypes ({@code imagesSet}, {@code instanceTypeSet}): parse the query parameters, call the model, render the XML the SDK and
 * the CLI read (shapes after the EC2 API reference and moto's {@code ec2/responses}).
 */
final class ImageResponses {
    /** AWS's MaxResults range on DescribeInstanceTypes. */
    static final int INSTANCE_TYPES_MAX_RESULTS = 100;

    private ImageResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.readOnly("DescribeImages", ImageResponses::describeImages);
        actions.mutating("CreateImage", (p, b, x) -> x.el("imageId", b.images().createImage(p.get("InstanceId"),
                p.get("Name"), p.get("Description"), p.tagSpecs()).id));
        actions.mutating("DeregisterImage", (p, b, x) -> {
            b.images().deregister(p.get("ImageId"));
            x.el("return", true);
        });
        actions.readOnly("DescribeInstanceTypes", ImageResponses::describeInstanceTypes);
    }

    /** One block device as DescribeImages shows it. */
    private record Device(String name, String snapshotId, int size, String volumeType, boolean encrypted,
                          boolean deleteOnTermination) {
    }

    /** An image as DescribeImages shows it: a seeded public one or one of the caller's own. */
    private record Shown(String id, String name, String description, String architecture, String ownerId,
                         String ownerAlias, String creationDate, String productCode, String state, boolean isPublic,
                         List<Device> devices, Map<String, String> tags) {
        static Shown of(Catalog.Image i) {
            return new Shown(i.id(), i.name(), i.description(), i.architecture(), i.ownerId(), i.ownerAlias(),
                    i.creationDate(), i.productCode(), "available", true,
                    List.of(new Device("/dev/xvda", i.snapshotId(), i.volumeSize(), "gp3", false, true)), Map.of());
        }

        static Shown of(Ec2Model.Image i, Ec2Backend b) {
            List<Device> devices = i.blockDevices.stream().map(d -> new Device(d.deviceName, d.snapshotId,
                    d.volumeSize, d.volumeType, d.encrypted, d.deleteOnTermination)).toList();
            return new Shown(i.id, i.name, i.description, i.architecture, b.account(), null,
                    Describe.iso(i.createdAt), null, Images.imageState(i, b.now()), false, devices, i.tags);
        }
    }

    private static final Filters<Shown> IMAGE_FILTERS = new Filters<>(Map.ofEntries(
            Map.entry("image-id", i -> Describe.one(i.id())),
            Map.entry("name", i -> Describe.one(i.name())),
            Map.entry("description", i -> Describe.one(i.description())),
            Map.entry("owner-alias", i -> Describe.one(i.ownerAlias())),
            Map.entry("owner-id", i -> Describe.one(i.ownerId())),
            Map.entry("architecture", i -> Describe.one(i.architecture())),
            Map.entry("state", i -> Describe.one(i.state())),
            Map.entry("image-type", i -> Describe.one("machine")),
            Map.entry("is-public", i -> Describe.one(i.isPublic())),
            Map.entry("root-device-type", i -> Describe.one("ebs")),
            Map.entry("root-device-name", i -> Describe.one("/dev/xvda")),
            Map.entry("virtualization-type", i -> Describe.one("hvm")),
            Map.entry("hypervisor", i -> Describe.one("xen")),
            Map.entry("ena-support", i -> Describe.one(true)),
            Map.entry("block-device-mapping.snapshot-id", i -> i.devices().stream().map(Device::snapshotId).toList()),
            Map.entry("product-code", i -> Describe.one(i.productCode())),
            Map.entry("product-code.type", i -> i.productCode() == null ? List.of() : List.of("marketplace"))),
            Shown::tags);

    private static void describeImages(QueryParams p, Ec2Backend b, Xml x) {
        List<QueryParams.Filter> fs = p.filters();
        IMAGE_FILTERS.validate(fs);
        String region = b.region().name();
        List<Shown> all = new ArrayList<>();
        Catalog.images(region).forEach(i -> all.add(Shown.of(i)));
        b.images().all().stream().filter(b::visible).forEach(i -> all.add(Shown.of(i, b)));
        List<String> ids = p.list("ImageId");
        for (String id : ids) {
            if (all.stream().noneMatch(i -> i.id().equals(id))) {
                throw new AwsException("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
            }
        }
        List<String> owners = p.list("Owner");
        List<Shown> images = new ArrayList<>();
        for (Shown i : all) {
            boolean byId = ids.isEmpty() || ids.contains(i.id());
            boolean byOwner = owners.isEmpty() || owners.stream().anyMatch(o -> o.equals(i.ownerAlias())
                    || o.equals(i.ownerId()) || (o.equals("self") && i.ownerId().equals(b.account())));
            if (byId && byOwner && IMAGE_FILTERS.matches(i, fs)) {
                images.add(i);
            }
        }
        Describe.Page<Shown> page = Describe.page(p, images);
        x.start("imagesSet");
        for (Shown i : page.items()) {
            x.start("item").el("imageId", i.id())
                    .el("imageLocation", (i.ownerAlias() == null ? i.ownerId() : i.ownerAlias()) + "/" + i.name())
                    .el("imageState", i.state()).el("imageOwnerId", i.ownerId()).el("creationDate", i.creationDate())
                    .el("isPublic", i.isPublic()).start("productCodes");
            if (i.productCode() != null) {
                x.start("item").el("productCode", i.productCode()).el("type", "marketplace").end();
            }
            x.end().el("architecture", i.architecture()).el("imageType", "machine").el("imageOwnerAlias", i.ownerAlias())
                    .el("name", i.name()).el("description", i.description()).el("rootDeviceType", "ebs")
                    .el("rootDeviceName", "/dev/xvda").start("blockDeviceMapping");
            for (Device d : i.devices()) {
                x.start("item").el("deviceName", d.name()).start("ebs").el("snapshotId", d.snapshotId())
                        .el("volumeSize", d.size()).el("deleteOnTermination", d.deleteOnTermination())
                        .el("volumeType", d.volumeType());
                if (d.volumeType().equals("gp3")) {
                    x.el("iops", Volumes.GP3_BASELINE_IOPS).el("throughput", Volumes.GP3_BASELINE_THROUGHPUT);
                }
                x.el("encrypted", d.encrypted()).end().end();
            }
            x.end().el("virtualizationType", "hvm").el("hypervisor", "xen").el("enaSupport", true)
                    .el("sriovNetSupport", "simple").el("platformDetails", "Linux/UNIX").el("usageOperation", "RunInstances")
                    .el("bootMode", i.architecture().equals("arm64") ? "uefi" : "uefi-preferred")
                    .el("imdsSupport", "amazon".equals(i.ownerAlias()) ? "v2.0" : null);
            Describe.tags(x, i.tags()).end();
        }
        x.end().el("nextToken", page.nextToken());
    }

    private static void describeInstanceTypes(QueryParams p, Ec2Backend b, Xml x) {
        String region = b.region().name();
        Filters<Catalog.InstanceType> filters = new Filters<>(Map.of(
                "instance-type", t -> Describe.one(t.name()),
                "free-tier-eligible", t -> Describe.one(Catalog.freeTierEligible(region, t.name())),
                "processor-info.supported-architecture", t -> Describe.one(t.architecture()),
                "current-generation", t -> Describe.one(!t.name().startsWith("t2.")),
                "burstable-performance-supported", t -> Describe.one(t.burstable()),
                "vcpu-info.default-vcpus", t -> Describe.one(t.vcpus()),
                "memory-info.size-in-mib", t -> Describe.one(t.memoryMib())), null);
        List<QueryParams.Filter> fs = p.filters();
        filters.validate(fs);
        List<String> names = p.list("InstanceType");
        for (String n : names) {
            if (Catalog.instanceType(region, n) == null) {
                throw new AwsException("InvalidInstanceType", "The following supplied instance types do not exist: ["
                        + n + "]");
            }
        }
        Integer max = p.integer("MaxResults");
        if (max != null && max > INSTANCE_TYPES_MAX_RESULTS) {
            throw AwsException.invalidParameterValue("Value ( " + max + " ) for parameter maxResults is invalid. "
                    + "Expecting a value between 5 and " + INSTANCE_TYPES_MAX_RESULTS + ".");
        }
        List<Catalog.InstanceType> types = Catalog.instanceTypes(region).stream()
                .filter(t -> (names.isEmpty() || names.contains(t.name())) && filters.matches(t, fs)).toList();
        Describe.Page<Catalog.InstanceType> page = Describe.page(p, types);
        x.start("instanceTypeSet");
        for (Catalog.InstanceType t : page.items()) {
            x.start("item").el("instanceType", t.name()).el("currentGeneration", !t.name().startsWith("t2."))
                    .el("freeTierEligible", Catalog.freeTierEligible(region, t.name()))
                    .start("supportedUsageClasses").el("item", "on-demand").el("item", "spot").end()
                    .start("supportedRootDeviceTypes").el("item", "ebs").end()
                    .start("supportedVirtualizationTypes").el("item", "hvm").end()
                    .el("bareMetal", false).el("hypervisor", "nitro")
                    .start("processorInfo").start("supportedArchitectures").el("item", t.architecture()).end()
                    .el("sustainedClockSpeedInGhz", t.clockGhz()).end()
                    .start("vCpuInfo").el("defaultVCpus", t.vcpus()).el("defaultCores", t.cores())
                    .el("defaultThreadsPerCore", t.vcpus() / t.cores()).end()
                    .start("memoryInfo").el("sizeInMiB", t.memoryMib()).end()
                    .el("instanceStorageSupported", false)
                    .start("ebsInfo").el("ebsOptimizedSupport", "default").el("encryptionSupport", "supported")
                    .el("nvmeSupport", "required").end()
                    .start("networkInfo").el("networkPerformance", t.network()).el("maximumNetworkInterfaces", 3)
                    .el("ipv4AddressesPerInterface", 6).el("ipv6Supported", true).el("enaSupport", "required").end()
                    .el("burstablePerformanceSupported", t.burstable()).end();
        }
        x.end().el("nextToken", page.nextToken());
    }

}
